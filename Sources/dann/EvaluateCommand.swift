import ArgumentParser
import DomainAdaptation
import DomainData
import Foundation

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Accuracy of a trained checkpoint on a labeled dataset.")

    @Option(help: "A checkpoint.safetensors written by dann train.") var checkpoint: String
    @Option(help: "A dataset name, IDX / MNIST-M / image folder (DIR/test/CLASS/*.jpg; classes matched by name to the model's), CSV file, or svmlight file / folder / NAME_train–NAME_test prefix.") var dataset: String
    @Option(help: "test or train.") var split = "test"
    @Option(help: "Data folder to search for named datasets.") var dataDir: String?
    @Flag(help: "Print a JSON object with accuracy, count, per-class accuracy and the confusion matrix.") var json = false
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard DatasetSplit(rawValue: split) != nil else { throw ValidationError("--split must be test or train, got \(split)") }
    }

    func run() throws {
        compute.apply()
        let loaded = try ModelCheckpoint.read(from: checkpoint)
        let samples = try labeledSamples(dataset, split: DatasetSplit(rawValue: split)!, card: loaded.card,
                                         locator: DatasetLocator(dataDirectory: dataDir))
        let result = loaded.network.evaluate(on: samples)
        let classNames = loaded.card.classNames
        if json {
            // The result's keys, plus class_names when the model has them.
            guard let classNames else { print(try jsonString(result)); return }
            var object = try JSONSerialization.jsonObject(with: Data(try jsonString(result).utf8)) as? [String: Any] ?? [:]
            object["class_names"] = classNames
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
        } else {
            guard let accuracy = result.accuracy else { throw CommandFailure("\(dataset) has no \(split) samples to evaluate on") }
            print(String(format: "accuracy %.4f on %d samples of %@ (%@)", accuracy, result.count, dataset, split))
            // Per class by name, for models trained on class folders.
            for (index, name) in (classNames ?? []).enumerated() where index < result.perClassAccuracy.count {
                let count = index < result.confusionMatrix.count ? result.confusionMatrix[index].reduce(0, +) : 0
                print("  \(name)\t" + (result.perClassAccuracy[index].map { String(format: "%.4f", $0) } ?? "-") + "\t(\(count) samples)")
            }
        }
    }
}

/// Labeled samples of `argument` prepared exactly as the checkpoint's training data was.
func labeledSamples(_ argument: String, split: DatasetSplit, card: ModelCard, locator: DatasetLocator) throws -> any SampleSource {
    switch card.preprocessing {
    case .image(let preprocessing):
        guard !argument.lowercased().hasSuffix(".csv"), !isSVMLightPath(argument) else {
            throw CommandFailure("the checkpoint is an image model; \(argument) is a CSV or svmlight file")
        }
        // The checkpoint's input size, and its class names for class folders.
        let images = try locator.load(argument, split: split, options: ImageLoadingOptions(inputSize: preprocessing.inputSize, classNames: card.classNames))
        guard images.isLabeled else { throw CommandFailure("\(argument) (\(split)) has no labels to evaluate against") }
        try ClassLabels.check([LabeledFile(file: images.labelsFile ?? argument, labels: images.labels)],
                              below: card.network.classCount, source: "the model's \(card.network.classCount) classes")
        return ImageSamples(images, preprocessing: preprocessing)
    case .sparse(let sparse):
        guard let files = SVMLightLayout.locate(argument, locator: locator) else {
            throw CommandFailure("the checkpoint is a sparse (svmlight) model; \(argument) is no svmlight file, folder or NAME_train/NAME_test pair")
        }
        guard let path = split == .train ? files.train : files.test else { throw CommandFailure("\(argument) has no test split (NAME_test.svmlight or test.svmlight)") }
        let data = try loadSVMLight(paths: [path], options: sparse.readingOptions)[0]
        guard let labels = data.labels, (labels.max() ?? 0) < card.network.classCount else {
            throw CommandFailure("\(path) has labels up to \(data.labels?.max() ?? 0) but the model knows \(card.network.classCount) classes")
        }
        return SparseSamples(data)
    case .vector(let standardization):
        let path = argument.lowercased().hasSuffix(".csv") ? argument : argument + "/\(split.rawValue).csv"
        guard argument.lowercased().hasSuffix(".csv") || FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("the checkpoint is a vector model (\(standardization.mean.count) CSV features); \(argument) is neither a CSV file nor a folder with \(split.rawValue).csv")
        }
        let vectors = try loadCSV(path: path)
        guard vectors.featureCount == standardization.mean.count else {
            throw CommandFailure("\(path) has \(vectors.featureCount) features but the model expects \(standardization.mean.count)")
        }
        guard let labels = vectors.labels else { throw CommandFailure("\(path) has no label column") }
        try ClassLabels.check([LabeledFile(file: path, labels: labels)], below: card.network.classCount,
                              source: "the model's \(card.network.classCount) classes")
        return TensorSamples(standardization.apply(vectors.features), labels: labels)
    }
}
