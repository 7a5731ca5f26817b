import ArgumentParser
import DomainAdaptation
import DomainData
import Foundation

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict labels with a trained checkpoint: one line per input image (or CSV row), 'input<TAB>label'.")

    @Option(help: "A checkpoint.safetensors written by dann train.") var checkpoint: String
    @Argument(help: "PNG files, folders of PNG files, an IDX images file (.gz allowed), a CSV file for vector models, or an svmlight file for sparse models (read with the training files' index base and dimension).") var inputs: [String]
    @Flag(help: "Print JSON lines with the class probabilities.") var json = false
    @Flag(help: "Print CSV: input, label and one probability column per class.") var csv = false
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input file") }
        if json && csv { throw ValidationError("give --json or --csv, not both") }
    }

    func run() throws {
        compute.apply()
        let loaded = try ModelCheckpoint.read(from: checkpoint)
        let (names, samples) = try readInputs(card: loaded.card)
        let probabilities = loaded.network.predictedProbabilities(samples)
        if csv { print((["input", "label"] + (0..<loaded.card.network.classCount).map { "p\($0)" }).joined(separator: ",")) }
        for (name, row) in zip(names, probabilities) {
            let label = row.indices.max { row[$0] < row[$1] } ?? 0
            if json {
                struct Line: Encodable { var input: String; var label: Int; var probabilities: [Float] }
                print(try jsonString(Line(input: name, label: label, probabilities: row)))
            } else if csv {
                let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                print(([quoted, "\(label)"] + row.map { String(format: "%.6g", $0) }).joined(separator: ","))
            } else {
                // Always 'input<TAB>label', one line per input, whatever the number of inputs.
                print("\(name)\t\(label)")
            }
        }
    }

    /// The inputs with each folder replaced by its PNG files, in name order.
    func expandedInputs() throws -> [String] {
        try inputs.flatMap { input -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue else { return [input] }
            let files = try FileManager.default.contentsOfDirectory(atPath: input).filter { $0.lowercased().hasSuffix(".png") }.sorted()
            guard !files.isEmpty else { throw CommandFailure("\(input): a folder without PNG files") }
            return files.map { (input as NSString).appendingPathComponent($0) }
        }
    }

    /// Names and model inputs for every image (PNG files, or every image of an IDX file) or CSV row.
    func readInputs(card: ModelCard) throws -> ([String], any SampleSource) {
        switch card.preprocessing {
        case .sparse(let sparse):
            guard inputs.count == 1 else { throw CommandFailure("a sparse model predicts from one svmlight file") }
            // Labels are read (svmlight lines always start with one) and ignored.
            let data = try loadSVMLight(paths: [inputs[0]], options: sparse.readingOptions)[0]
            return ((0..<data.count).map { "\(inputs[0]):\($0 + 1)" }, SparseSamples(data, exposesLabels: false))
        case .vector(let standardization):
            guard inputs.count == 1 else {
                throw CommandFailure("a vector model predicts from one CSV file, got \(inputs.count) inputs (\(inputs.prefix(3).joined(separator: ", "))\(inputs.count > 3 ? ", …" : ""))")
            }
            guard inputs[0].lowercased().hasSuffix(".csv") || inputs[0].lowercased().hasSuffix(".csv.gz") else {
                throw CommandFailure("the checkpoint is a vector model (\(standardization.mean.count) CSV features); \(inputs[0]) is not a CSV file")
            }
            // Predicting needs no labels: a file may have none (then every column is a feature,
            // header or not) or one (a 'label' column, or the last one of a headerless file).
            var vectors = try loadCSV(path: inputs[0], labelColumn: .none)
            let hasLabelColumn = vectors.featureNames?.contains { $0.lowercased() == "label" } ?? false
            if hasLabelColumn || vectors.featureCount == standardization.mean.count + 1 {
                vectors = try loadCSV(path: inputs[0], labelsOptional: true)
            }
            guard vectors.featureCount == standardization.mean.count else {
                throw CommandFailure("\(inputs[0]) has \(vectors.featureCount) features but the model expects \(standardization.mean.count)")
            }
            return ((0..<vectors.count).map { "\(inputs[0]):\($0 + 1)" }, TensorSamples(standardization.apply(vectors.features), labels: nil))
        case .image(let preprocessing):
            var names: [String] = [], pixels: [UInt8] = []
            var size: (height: Int, width: Int, channels: Int)?
            func add(_ image: DecodedImage, name: String) throws {
                let shape = (image.height, image.width, image.channels)
                if let size, size != shape {
                    throw CommandFailure("\(name): image is \(image.width)×\(image.height)×\(image.channels), earlier inputs are \(size.width)×\(size.height)×\(size.channels)")
                }
                size = shape
                names.append(name)
                pixels += image.pixels
            }
            for input in try expandedInputs() {
                if input.lowercased().hasSuffix(".png") {
                    try add(readPNG(input), name: input)
                } else {
                    let array = try IDXArray.read(from: input)
                    let images = try ImageDataset(images: array, labels: IDXArray(dimensions: [array.dimensions[0]], bytes: [UInt8](repeating: 0, count: array.dimensions[0])),
                                                  name: input, imagesFile: input, labelsFile: input)
                    for index in 0..<images.count {
                        try add(DecodedImage(width: images.width, height: images.height, channels: images.channels,
                                             pixels: Array(images.image(at: index))), name: "\(input)[\(index)]")
                    }
                }
            }
            guard let size else { throw CommandFailure("no images in \(inputs.prefix(3).joined(separator: ", "))\(inputs.count > 3 ? ", …" : "")") }
            let dataset = try ImageDataset(name: "inputs", height: size.height, width: size.width, channels: size.channels,
                                           pixels: pixels, labels: [Int](repeating: 0, count: names.count))
            return (names, ImageSamples(dataset, preprocessing: preprocessing, exposesLabels: false))
        }
    }
}
