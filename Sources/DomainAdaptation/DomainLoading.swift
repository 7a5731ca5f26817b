import DomainData
import Foundation
import Nabla

/// One domain as found on disk: images (a named dataset or an IDX / MNIST-M folder), vectors
/// (a CSV file, or a folder with `train.csv` and `test.csv`) or sparse vectors (svmlight files,
/// see ``SVMLightLayout``).
public enum DomainFiles: Sendable {
    /// An image dataset with its training split and, when there is one, its test split.
    case images(name: String, train: ImageDataset, test: ImageDataset?)
    /// Vectors from CSV: a training file and, for a folder with `test.csv`, a test file.
    case vectors(name: String, train: VectorDataset, test: VectorDataset?)
    /// Sparse vectors from svmlight/libsvm files: a training file and, when there is one, a test file.
    case sparse(name: String, train: SparseDataset, test: SparseDataset?)

    /// The domain's name for messages and checkpoints (dataset name, or the file or folder name).
    public var name: String {
        switch self { case .images(let name, _, _), .vectors(let name, _, _), .sparse(let name, _, _): name }
    }

    /// The class names of an image folder's classes (by label), nil for other layouts.
    public var classNames: [String]? {
        if case .images(_, let train, let test) = self { return train.classNames ?? test?.classNames }
        return nil
    }

    /// The labels of both splits with the files they came from (none for unlabelled sets).
    public var labeledFiles: [LabeledFile] {
        switch self {
        case .images(_, let train, let test):
            [train, test].compactMap { $0 }.filter(\.isLabeled).map { LabeledFile(file: $0.labelsFile ?? $0.name, labels: $0.labels) }
        case .vectors(_, let train, let test):
            [train, test].compactMap { $0 }.compactMap { data in data.labels.map { LabeledFile(file: data.file ?? data.name, labels: $0) } }
        case .sparse(_, let train, let test):
            [train, test].compactMap { $0 }.compactMap { data in data.labels.map { LabeledFile(file: data.name, labels: $0) } }
        }
    }

    /// The number of classes: `declared` (every label must be below it), or else the `K` of
    /// labels that cover `0..<K` with no class missing (over the training and test splits), so a
    /// stray label is refused instead of widening the network. Call it before `prefix`: a
    /// limited training split may lack classes that the data has.
    public func classCount(declared: Int? = nil) throws -> Int {
        if let declared {
            try ClassLabels.check(labeledFiles, below: declared, source: "the declared \(declared) classes")
            return declared
        }
        return try ClassLabels.denseCount(of: labeledFiles, declaring: "declare the class count (dann train --classes K)")
    }

    /// The first `n` training samples (the test split is kept whole).
    public func prefix(_ n: Int) -> DomainFiles {
        switch self {
        case .images(let name, let train, let test): .images(name: name, train: train.prefix(n), test: test)
        case .vectors(let name, let train, let test):
            .vectors(name: name, train: (try? VectorDataset(name: train.name, featureCount: train.featureCount,
                                                            features: Array(train.features.prefix(n * train.featureCount)),
                                                            labels: train.labels.map { Array($0.prefix(n)) }, featureNames: train.featureNames, file: train.file)) ?? train,
                     test: test)
        case .sparse(let name, let train, let test): .sparse(name: name, train: train.rows(0 ..< min(n, train.count)), test: test)
        }
    }

    /// `test` with its feature columns in `train`'s order, matched by header name when both files
    /// have one (pandas writes columns in any order), by position otherwise; a column count or a
    /// set of names that differ is an error naming both.
    static func columns(of test: VectorDataset, matching train: VectorDataset, file: String) throws -> VectorDataset {
        if let trainNames = train.featureNames, let testNames = test.featureNames, trainNames != testNames {
            guard Set(trainNames) == Set(testNames), Set(trainNames).count == trainNames.count else {
                let missing = trainNames.filter { !testNames.contains($0) }, extra = testNames.filter { !trainNames.contains($0) }
                throw DataError.invalidDataset(file: file, reason: "its columns differ from train.csv's (missing: \(missing.joined(separator: ", ")); extra: \(extra.joined(separator: ", ")))")
            }
            let position = Dictionary(uniqueKeysWithValues: testNames.enumerated().map { ($1, $0) })
            let order = trainNames.map { position[$0]! }
            var features: [Float] = []
            features.reserveCapacity(test.features.count)
            for row in 0..<test.count { for column in order { features.append(test.features[row * test.featureCount + column]) } }
            return try VectorDataset(name: test.name, featureCount: test.featureCount, features: features, labels: test.labels, featureNames: trainNames, file: test.file)
        }
        guard test.featureCount == train.featureCount else {
            throw DataError.invalidDataset(file: file, reason: "\(test.featureCount) feature columns, but train.csv has \(train.featureCount)")
        }
        return test
    }

    /// Loads `argument` (dataset name, folder or CSV file) with `locator`.
    /// - Parameters:
    ///   - argument: A dataset name, folder or CSV file, as given on the command line.
    ///   - locator: Where named datasets are looked for.
    ///   - needsLabels: whether training needs this domain's labels (CSV labels may be absent otherwise).
    ///   - svmlight: How svmlight files are read (index base, dimension).
    ///   - images: How images are read: their common size (`inputSize`), the class names labels
    ///     index into (the source's, for a target folder), progress. `labelsOptional` is set here
    ///     from `needsLabels` for the training split.
    public static func load(_ argument: String, locator: DatasetLocator, needsLabels: Bool,
                            svmlight: SVMLightOptions = .init(), images: ImageLoadingOptions = .init()) throws -> DomainFiles {
        if let files = SVMLightLayout.locate(argument, locator: locator) {
            let sets = try loadSVMLight(paths: [files.train] + (files.test.map { [$0] } ?? []), options: svmlight)
            return .sparse(name: files.name, train: sets[0], test: sets.count > 1 ? sets[1] : nil)
        }
        let path = locator.absolute(argument)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if argument.lowercased().hasSuffix(".csv") {
            let train = try loadCSV(path: path, labelsOptional: !needsLabels)
            return .vectors(name: (argument as NSString).lastPathComponent, train: train, test: nil)
        }
        if exists && isDirectory.boolValue && FileManager.default.fileExists(atPath: path + "/train.csv") {
            let train = try loadCSV(path: path + "/train.csv", labelsOptional: !needsLabels)
            let testPath = path + "/test.csv"
            let test = FileManager.default.fileExists(atPath: testPath) ? try loadCSV(path: testPath, labelsOptional: true) : nil
            return .vectors(name: (argument as NSString).lastPathComponent, train: train,
                            test: try test.map { try Self.columns(of: $0, matching: train, file: testPath) })
        }
        let resolved = try locator.resolve(argument)
        var trainOptions = images
        trainOptions.labelsOptional = !needsLabels
        let train = try locator.load(argument, split: .train, options: trainOptions)
        // Test labels index into the training split's classes (or the given ones), never their own.
        var testOptions = images
        testOptions.labelsOptional = false
        testOptions.classNames = images.classNames ?? (train.isLabeled ? train.classNames : nil)
        // A domain without a (labelled) test split trains fine; its test accuracy is then reported as absent.
        let test = hasTestSplit(resolved) ? try locator.load(argument, split: .test, options: testOptions) : nil
        return .images(name: resolved.name, train: train, test: test)
    }

    /// Where `argument` was found: the absolute path of a CSV file or folder, or the folder a
    /// named dataset resolved to (recorded in run summaries).
    public static func location(of argument: String, locator: DatasetLocator) -> String {
        if let files = SVMLightLayout.locate(argument, locator: locator) { return files.train }
        let path = locator.absolute(argument)
        if argument.lowercased().hasSuffix(".csv") || FileManager.default.fileExists(atPath: path + "/train.csv") { return path }
        return (try? locator.resolve(argument).directory) ?? path
    }

    static func hasTestSplit(_ resolved: ResolvedDataset) -> Bool {
        DatasetLocator.hasLabeledSplit(resolved, split: .test)
    }
}

/// Source and target domains made ready for one model: common input shape, normalisation fitted
/// on the training data of both, and the four sample sets.
public struct PreparedDomains: Sendable {
    /// The preprocessing shared by all four sets (saved in checkpoints for prediction).
    public var preprocessing: InputPreprocessing
    /// The number of classes (declared, or derived from the source's labels); the network's
    /// output width.
    public var classCount: Int
    /// The source's class names by label (image folders), kept in the model card.
    public var classNames: [String]?
    /// Labeled source training samples.
    public var sourceTrain: any SampleSource
    /// Labeled source test samples; nil when the source has no test split.
    public var sourceTest: (any SampleSource)?
    /// Target training samples with labels hidden (they are only exposed to `target-only`).
    public var targetTrain: any SampleSource
    /// Labeled target test samples, where the reported accuracy comes from; nil when the target
    /// has no test split.
    public var targetTest: (any SampleSource)?

    /// Domains already in memory (for library users who build their own sample sources).
    public init(preprocessing: InputPreprocessing, classCount: Int, sourceTrain: any SampleSource, sourceTest: (any SampleSource)?,
                targetTrain: any SampleSource, targetTest: (any SampleSource)?) {
        self.preprocessing = preprocessing
        self.classCount = classCount
        self.sourceTrain = sourceTrain
        self.sourceTest = sourceTest
        self.targetTrain = targetTrain
        self.targetTest = targetTest
    }

    /// These domains with a seeded `fraction` of the source training samples moved out of
    /// training, and those samples: a labelled set the model never trains on, for label-free
    /// validation. The same fraction, seed and data give the same split. (The input statistics
    /// stay those fitted on all training samples.)
    public func holdingOutSourceValidation(fraction: Float, seed: UInt64) -> (domains: PreparedDomains, validation: SampleSubset) {
        let count = sourceTrain.count
        let heldOut = min(max(Int((Double(fraction) * Double(count)).rounded()), 1), count - 1)
        var generator = SeededGenerator(seed: seed ^ 0x5EED_5A11_DA7E)   // apart from the batch sampler's stream
        let order = Array(0..<count).shuffled(using: &generator)
        var domains = self
        domains.sourceTrain = SampleSubset(sourceTrain, indices: order[heldOut...].sorted())
        return (domains, SampleSubset(sourceTrain, indices: order[..<heldOut].sorted()))
    }

    /// Moves a seeded share of the labeled training set (``EarlyStopping/split(count:)``) out of
    /// training and returns it, labeled, for early stopping.
    public mutating func holdOutValidation(_ rule: EarlyStopping, labeledDomain: LabeledDomain = .source) -> any SampleSource {
        let labeled = labeledDomain == .source ? sourceTrain : targetTrain
        let (training, validation) = rule.split(count: labeled.count)
        if labeledDomain == .source { sourceTrain = SampleSubset(labeled, indices: training) } else { targetTrain = SampleSubset(labeled, indices: training) }
        return SampleSubset(labeled, indices: validation)
    }

    /// Both domains brought to one input shape and normalised with statistics of both training sets.
    /// - Parameters:
    ///   - source: The labeled source domain's files.
    ///   - target: The target domain's files.
    ///   - resize: For images: how both domains reach one size (channels follow the colour domain).
    ///   - normalization: For images: the per-channel normalisation, fitted here on both training sets.
    ///   - inputSize: For images: resize (shorter side) and centre-crop every image to this size
    ///     first (recorded in the preprocessing, so prediction does the same).
    ///   - augmentation: For images: random transforms of both domains' training batches (seeded
    ///     by the run's seed and step); evaluation sets are never augmented.
    ///   - exposeTargetLabels: only for the target-only oracle.
    ///   - classCount: the number of classes, e.g. `source.classCount(declared:)` of the whole
    ///     source before a `prefix`; by default the source's (see `DomainFiles.classCount`).
    ///     Every label of both domains must be below it.
    public init(source: DomainFiles, target: DomainFiles, resize: ImagePreprocessing.Resize = .pad,
                normalization: ImagePreprocessing.Normalization = .mean, inputSize: Int? = nil,
                augmentation: ImageAugmentation? = nil, exposeTargetLabels: Bool = false,
                classCount: Int? = nil) throws {
        if case .vectors(_, let train, _) = source, train.labels == nil {
            throw TrainingError.incompatibleDomains("source \(source.name) has no label column")
        }
        if case .images(_, let train, _) = source, !train.isLabeled {
            throw TrainingError.incompatibleDomains("source \(source.name) has no labels (no class folders or labels file); the source must be labelled")
        }
        let classes = try classCount ?? source.classCount()
        try ClassLabels.check(source.labeledFiles, below: classes, source: "the \(classes) classes")
        try ClassLabels.check(target.labeledFiles, below: classes, source: "the classes of source \(source.name)")
        self.classCount = classes
        switch (source, target) {
        case (.images(_, var sourceTrain, var sourceTest), .images(_, var targetTrain, var targetTest)):
            if exposeTargetLabels && !targetTrain.isLabeled {
                throw TrainingError.incompatibleDomains("target \(target.name) has no labels, which this method trains on")
            }
            if let inputSize {
                (sourceTrain, targetTrain) = (sourceTrain.fitted(to: inputSize), targetTrain.fitted(to: inputSize))
                (sourceTest, targetTest) = (sourceTest?.fitted(to: inputSize), targetTest?.fitted(to: inputSize))
            }
            var image = ImagePreprocessing.common(for: [sourceTrain, targetTrain], resize: resize, normalization: normalization)
            image.inputSize = inputSize
            image.fitStatistics(on: [sourceTrain, targetTrain])
            preprocessing = .image(image)
            classNames = sourceTrain.classNames
            let sourceSamples = ImageSamples(sourceTrain, preprocessing: image)
            let targetSamples = ImageSamples(targetTrain, preprocessing: image, exposesLabels: exposeTargetLabels)
            if let augmentation, augmentation.isActive {
                self.sourceTrain = AugmentedImageSamples(sourceSamples, augmentation: augmentation, stream: 1)
                self.targetTrain = AugmentedImageSamples(targetSamples, augmentation: augmentation, stream: 2)
            } else {
                self.sourceTrain = sourceSamples
                self.targetTrain = targetSamples
            }
            self.sourceTest = sourceTest.map { ImageSamples($0, preprocessing: image) }
            self.targetTest = targetTest.map { ImageSamples($0, preprocessing: image) }
        case (.vectors(_, let sourceTrain, let sourceTest), .vectors(_, let targetTrain, let targetTest)):
            guard sourceTrain.featureCount == targetTrain.featureCount else {
                throw TrainingError.incompatibleDomains("source \(source.name) has \(sourceTrain.featureCount) features, target \(target.name) has \(targetTrain.featureCount)")
            }
            let standardization = VectorStandardization(fittingRowsOf: [sourceTrain.features, targetTrain.features], featureCount: sourceTrain.featureCount)
            func samples(_ data: VectorDataset, labels: Bool = true) -> TensorSamples {
                TensorSamples(standardization.apply(data.features), labels: labels ? data.labels : nil)
            }
            preprocessing = .vector(standardization)
            self.sourceTrain = samples(sourceTrain)
            self.sourceTest = sourceTest.map { samples($0) }
            self.targetTrain = samples(targetTrain, labels: exposeTargetLabels)
            // No test file, no test accuracy: the training rows are not a test set.
            self.targetTest = targetTest.map { samples($0) }
        case (.sparse(_, let sourceTrain, let sourceTest), .sparse(_, let targetTrain, let targetTest)):
            guard sourceTrain.indexBase == targetTrain.indexBase else {
                throw TrainingError.incompatibleDomains("source \(source.name) was read with \(sourceTrain.indexBase)-based feature indices, target \(target.name) with \(targetTrain.indexBase)-based ones (detected from the files); give --index-base")
            }
            guard sourceTrain.labels != nil else { throw TrainingError.incompatibleDomains("source \(source.name) has no labels") }
            // Without --features the dimension is the largest index either domain uses.
            let width = [sourceTrain, targetTrain].map(\.featureCount).max()!
            func samples(_ data: SparseDataset, labels: Bool = true) throws -> SparseSamples {
                SparseSamples(try data.widened(to: width), exposesLabels: labels)
            }
            preprocessing = .sparse(SparseVectorPreprocessing(featureCount: width, indexBase: sourceTrain.indexBase))
            self.sourceTrain = try samples(sourceTrain)
            self.sourceTest = try sourceTest.map { try samples($0) }
            self.targetTrain = try samples(targetTrain, labels: exposeTargetLabels)
            self.targetTest = try targetTest.map { try samples($0) }
        default:
            throw TrainingError.incompatibleDomains("source \(source.name) and target \(target.name) must both be images, both vectors (CSV) or both sparse vectors (svmlight)")
        }
    }
}
