import ArgumentParser
import DomainAdaptation
import DomainData
import Foundation

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict labels with a trained checkpoint: one line per input image (or CSV row).")

    @Option(help: "A checkpoint.safetensors written by dann train.") var checkpoint: String
    @Argument(help: "PNG files, an IDX images file (.gz allowed), or a CSV file for vector models.") var inputs: [String]
    @Flag(help: "Print JSON lines with the class probabilities.") var json = false
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input file") }
    }

    func run() throws {
        compute.apply()
        let loaded = try ModelCheckpoint.read(from: checkpoint)
        let (names, samples) = try readInputs(card: loaded.card)
        let probabilities = loaded.network.predictedProbabilities(samples)
        for (name, row) in zip(names, probabilities) {
            let label = row.indices.max { row[$0] < row[$1] } ?? 0
            if json {
                struct Line: Encodable { var input: String; var label: Int; var probabilities: [Float] }
                print(try jsonString(Line(input: name, label: label, probabilities: row)))
            } else {
                print(inputs.count == 1 && names.count == 1 ? "\(label)" : "\(name)\t\(label)")
            }
        }
    }

    /// Names and model inputs for every image (PNG files, or every image of an IDX file) or CSV row.
    func readInputs(card: ModelCard) throws -> ([String], any SampleSource) {
        switch card.preprocessing {
        case .vector(let standardization):
            guard inputs.count == 1 else { throw CommandFailure("a vector model predicts from one CSV file") }
            let vectors = try loadCSV(path: inputs[0], labelsOptional: true)
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
            for input in inputs {
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
            guard let size else { throw CommandFailure("no images in the inputs") }
            let dataset = try ImageDataset(name: "inputs", height: size.height, width: size.width, channels: size.channels,
                                           pixels: pixels, labels: [Int](repeating: 0, count: names.count))
            return (names, ImageSamples(dataset, preprocessing: preprocessing, exposesLabels: false))
        }
    }
}
