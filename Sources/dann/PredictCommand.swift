import ArgumentParser
import DomainAdaptation
import DomainData
import Foundation
import Nabla

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict labels with a trained checkpoint: one line per input image (or CSV row), 'input<TAB>label'.",
        discussion: """
            The label is the class name when the model was trained on class folders, else the class index. \
            Images are prepared exactly as the checkpoint's training data: a model trained with --input-size N \
            resizes each image (shorter side) to N and centre-crops it to N×N; otherwise an image of another \
            size than the model's input is padded or centre-cropped (--resize pad) or resampled (--resize \
            bilinear) as in training, with a note on standard error.
            """)

    @Option(help: "A checkpoint.safetensors written by dann train.") var checkpoint: String
    @Argument(help: "PNG or JPEG files, folders of them, an IDX images file (.gz allowed), a CSV file for vector models, or an svmlight file for sparse models (read with the training files' index base and dimension).") var inputs: [String]
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
        let classNames = loaded.card.classNames
        for (name, row) in zip(names, probabilities) {
            let label = row.indices.max { row[$0] < row[$1] } ?? 0
            let shown = classNames.map { $0[label] } ?? "\(label)"
            if json {
                struct Line: Encodable { var input: String; var label: Int; var `class`: String?; var probabilities: [Float] }
                print(try jsonString(Line(input: name, label: label, class: classNames.map { $0[label] }, probabilities: row)))
            } else if csv {
                func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                print(([quoted(name), classNames == nil ? shown : quoted(shown)] + row.map { String(format: "%.6g", $0) }).joined(separator: ","))
            } else {
                // Always 'input<TAB>label', one line per input, whatever the number of inputs.
                print("\(name)\t\(shown)")
            }
        }
    }

    /// The inputs with each folder replaced by its PNG and JPEG files, in name order.
    func expandedInputs() throws -> [String] {
        try inputs.flatMap { input -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue else { return [input] }
            let files = try FileManager.default.contentsOfDirectory(atPath: input).filter { hasImageExtension($0) && !$0.hasPrefix(".") }.sorted()
            guard !files.isEmpty else { throw CommandFailure("\(input): a folder without PNG or JPEG files") }
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
            var names: [String] = [], images: [DecodedImage] = []
            for input in try expandedInputs() {
                if hasImageExtension(input) {
                    names.append(input)
                    images.append(preprocessing.prepared(try readImage(input)))
                } else {
                    let array = try IDXArray.read(from: input)
                    let dataset = try ImageDataset(images: array, labels: IDXArray(dimensions: [array.dimensions[0]], bytes: [UInt8](repeating: 0, count: array.dimensions[0])),
                                                   name: input, imagesFile: input, labelsFile: input)
                    for index in 0..<dataset.count {
                        names.append("\(input)[\(index)]")
                        images.append(preprocessing.prepared(try DecodedImage(width: dataset.width, height: dataset.height, channels: dataset.channels,
                                                                              pixels: Array(dataset.image(at: index)))))
                    }
                }
            }
            guard !images.isEmpty else { throw CommandFailure("no images in the inputs") }
            noteSizeChanges(names: names, images: images, preprocessing: preprocessing)
            return (names, try ImageList(images, preprocessing: preprocessing))
        }
    }

    /// Says on standard error, once per size, when images are not the model's input size and
    /// the card has no input size: they are then padded, cropped or resampled as in training.
    func noteSizeChanges(names: [String], images: [DecodedImage], preprocessing: ImagePreprocessing) {
        var noted = Set<[Int]>()
        for (name, image) in zip(names, images) where image.height != preprocessing.height || image.width != preprocessing.width {
            guard noted.insert([image.height, image.width]).inserted else { continue }
            let how = preprocessing.resize == .pad
                ? (image.height > preprocessing.height || image.width > preprocessing.width ? "centre-cropped" : "zero-padded around the centre")
                : "resampled bilinearly"
            FileHandle.standardError.write(Data("note: \(name) is \(image.width)×\(image.height) but the model takes \(preprocessing.width)×\(preprocessing.height): it is \(how), as in training (--resize \(preprocessing.resize.rawValue)); train with --input-size to resize and centre-crop instead\n".utf8))
        }
    }
}

/// Images of any sizes as model inputs: runs of equally sized images are converted together
/// with the checkpoint's preprocessing, one batch at a time (nothing is held as floats).
struct ImageList: SampleSource {
    let runs: [(start: Int, dataset: ImageDataset)]
    let preprocessing: ImagePreprocessing
    let count: Int

    init(_ images: [DecodedImage], preprocessing: ImagePreprocessing) throws {
        var runs: [(start: Int, dataset: ImageDataset)] = []
        var start = 0
        while start < images.count {
            let first = images[start]
            var end = start + 1
            while end < images.count, images[end].width == first.width, images[end].height == first.height, images[end].channels == first.channels { end += 1 }
            let dataset = try ImageDataset(name: "inputs", height: first.height, width: first.width, channels: first.channels,
                                           pixels: images[start..<end].flatMap(\.pixels), labels: [Int](repeating: 0, count: end - start))
            runs.append((start, dataset))
            start = end
        }
        self.runs = runs
        self.preprocessing = preprocessing
        count = images.count
    }

    var sampleShape: [Int] { preprocessing.inputShape }
    var labels: [Int]? { nil }

    func inputs(at indices: [Int]) -> Tensor {
        let parts = indices.map { index -> Tensor in
            let run = runs.last { $0.start <= index }!
            return preprocessing.convert(run.dataset, indices: [index - run.start])
        }
        return Tensor.concatenate(parts)
    }
}
