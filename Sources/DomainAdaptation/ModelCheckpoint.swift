import Foundation
import DomainData
import Nabla
import NablaNN

/// What a checkpoint says about its model besides the weights: enough to evaluate it on new
/// data (architecture, input preprocessing, class count) and to resume its training.
public struct ModelCard: Sendable, Codable, Equatable {
    /// The architecture, as built (the method's changes included): reading rebuilds it from this.
    public var network: NetworkConfiguration
    /// How raw samples become inputs: apply the same to new data before predicting.
    public var preprocessing: InputPreprocessing
    /// The settings of the run that wrote the checkpoint (nil for an untrained model); resuming
    /// requires the same settings.
    public var training: TrainingConfiguration?
    /// Training steps taken when the checkpoint was written.
    public var step: Int = 0
    /// Source samples the batch sampler had handed out (its whole state; see `BatchSampler`).
    public var sourceSamplesDrawn: Int = 0
    /// Target samples the batch sampler had handed out.
    public var targetSamplesDrawn: Int = 0
    /// Training steps in the running weight average stored under `averaged.` (resuming needs it).
    public var averagedSnapshots: Int?
    /// True when the weights are the average of the last training steps' weights rather than
    /// the final iterate (a finished run with weight averaging).
    public var weightsAreAveraged: Bool?
    /// True when training stopped early and the weights are the best on the source validation
    /// split (the run is finished; it cannot be resumed).
    public var stoppedEarly: Bool?
    /// The state of each dropout layer's generator (decimal, in `dropoutLayers` order), so a
    /// resumed run draws the same masks; nil for a network without dropout.
    public var dropoutGeneratorStates: [String]?
    /// The method's state between steps (DAAN's dynamic factor and tallies; see
    /// ``AdaptationMethod/initialState``); nil for methods without state.
    public var methodState: [Float]?
    /// The class names by label (an image folder's sorted class folders); nil when the source
    /// had none (IDX, CSV, …). `dann predict` and `dann evaluate` print them.
    public var classNames: [String]?
    /// The source domain's name, as given to `dann train` (informational).
    public var source: String = ""
    /// The target domain's name, as given to `dann train` (informational).
    public var target: String = ""
    /// The version of the card's layout: 2 writes snake_case keys (`class_count`), the trade-off
    /// schedule as `trade_off` and preprocessing without Swift's `_0`; version 1 cards (camelCase,
    /// `reversal`, `_0`) are still read.
    public var formatVersion = 2

    /// A card for an untrained model: step 0, no training settings, no domain names.
    public init(network: NetworkConfiguration, preprocessing: InputPreprocessing) {
        self.network = network
        self.preprocessing = preprocessing
    }

    /// The card as stored in a checkpoint: JSON with sorted snake_case keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }

    /// Reads a card in the current layout or in format 1's camelCase one (converting snake_case
    /// keys leaves camelCase ones as they are).
    public init(json: Data) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        self = try decoder.decode(ModelCard.self, from: json)
    }

    /// What makes the card inconsistent with itself (a crafted or damaged checkpoint), checked
    /// before anything is built from it; nil when it is consistent.
    public func validationProblem() -> String? {
        if preprocessing.inputShape != network.inputShape {
            return "the preprocessing gives inputs of shape \(preprocessing.inputShape) but the network takes \(network.inputShape)"
        }
        switch preprocessing {
        case .image(let image):
            if image.channelMean.count != image.channels || image.channelStandardDeviation.count != image.channels {
                return "\(image.channels) channels but \(image.channelMean.count) channel means and \(image.channelStandardDeviation.count) deviations"
            }
            if !(image.channelMean + image.channelStandardDeviation).allSatisfy(\.isFinite) { return "non-finite channel statistics" }
            if let size = image.inputSize, size <= 0 || size > 4096 || image.height != size || image.width != size {
                return "input size \(size) does not match the \(image.height)x\(image.width) input (or is outside 1…4096)"
            }
        case .vector(let standardization):
            if standardization.standardDeviation.count != standardization.mean.count { return "feature means and deviations differ in count" }
            if !(standardization.mean + standardization.standardDeviation).allSatisfy(\.isFinite) { return "non-finite feature statistics" }
        case .sparse(let sparse):
            if sparse.featureCount <= 0 || sparse.featureCount > SparseDataset.maximumFeatureCount { return "sparse feature count \(sparse.featureCount) is out of range" }
            if sparse.indexBase != 0 && sparse.indexBase != 1 { return "sparse index base \(sparse.indexBase) is neither 0 nor 1" }
        }
        if let classNames, classNames.count != network.classCount {
            return "\(classNames.count) class names for \(network.classCount) classes"
        }
        if step < 0 || sourceSamplesDrawn < 0 || targetSamplesDrawn < 0 || (averagedSnapshots ?? 0) < 0 {
            return "negative progress (step \(step), samples drawn \(sourceSamplesDrawn) and \(targetSamplesDrawn))"
        }
        if let training {
            if let problem = training.validationProblem() { return problem }
            if let problem = training.method.implementation.networkProblem(network) { return problem }
            if step > training.steps { return "step \(step) is past the run's \(training.steps) steps" }
        }
        return nil
    }
}

/// A trained (or training) network as a `safetensors` file: parameters under their dotted names
/// (`featureExtractor.0.weight`, …), optimizer state under `optimizer.…`, the running weight
/// average of an unfinished run under `averaged.…`, and the model card as JSON in the metadata
/// entry `dann`.
public enum ModelCheckpoint {
    static let metadataKey = "dann"
    static let optimizerPrefix = "optimizer."
    static let averagePrefix = "averaged."

    /// Writes the checkpoint atomically.
    public static func write(network: AdaptationNetwork, card: ModelCard,
                             optimizerState: [String: Tensor] = [:], averagedWeights: [String: Tensor] = [:],
                             to path: String) throws {
        var tensors = network.stateTensors()
        for (name, tensor) in optimizerState { tensors[optimizerPrefix + name] = tensor }
        for (name, tensor) in averagedWeights { tensors[averagePrefix + name] = tensor }
        let json = String(decoding: try card.json(), as: UTF8.self)
        try Safetensors.write(tensors, metadata: ["format": "pt", metadataKey: json], to: path)
    }

    /// A model read back from a checkpoint.
    public struct Loaded {
        /// The network rebuilt from the card's architecture (with its method's modules), holding the
        /// saved weights, in training mode.
        public var network: AdaptationNetwork
        /// The card stored in the checkpoint's metadata.
        public var card: ModelCard
        /// Optimizer state, names without the `optimizer.` prefix.
        public var optimizerState: [String: Tensor]
        /// The running weight average of an unfinished run, names without the `averaged.` prefix.
        public var averagedWeights: [String: Tensor]
    }

    /// Reads and validates a checkpoint: its card must decode and every parameter must be
    /// present with the shape the card's architecture implies.
    public static func read(from path: String) throws -> Loaded {
        let contents = try Safetensors.read(from: path)
        guard let json = contents.metadata[metadataKey] else {
            throw SafetensorsError(file: path, problem: "no '\(metadataKey)' metadata: not a checkpoint written by dann")
        }
        let card: ModelCard
        do { card = try ModelCard(json: Data(json.utf8)) } catch {
            throw SafetensorsError(file: path, problem: "the '\(metadataKey)' metadata is not a valid model card")
        }
        if let problem = card.network.validationProblem() {
            throw SafetensorsError(file: path, problem: "model card describes an invalid network: \(problem)")
        }
        if let problem = card.validationProblem() {
            throw SafetensorsError(file: path, problem: "invalid model card: \(problem)")
        }
        var generator = SeededGenerator(seed: 0)
        // Checkpoints from before other methods existed are DANN's (or a baseline's, which has the same modules).
        let network = AdaptationNetwork(configuration: card.network, method: card.training?.method ?? .dann, using: &generator)
        try network.loadState(contents.tensors, file: path)
        func prefixed(_ prefix: String) -> [String: Tensor] {
            Dictionary(uniqueKeysWithValues: contents.tensors.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) })
        }
        return Loaded(network: network, card: card, optimizerState: prefixed(optimizerPrefix), averagedWeights: prefixed(averagePrefix))
    }
}

extension ModelCheckpoint {
    /// What ``initialize(_:from:)`` copied.
    public struct Initialization: Sendable, Equatable {
        /// Tensors copied from the checkpoint (every one whose name and shape match the network's).
        public var copiedCount: Int
        /// The network's trainable parameters that the checkpoint did not have: they keep their
        /// fresh initialisation.
        public var freshParameters: [String]
    }

    /// Finetuning: copies into `network` every tensor of the checkpoint at `path` (one of ours,
    /// read with ``read(from:)``) whose name matches one of the network's (parameters and
    /// batch-norm statistics), e.g. a source-only run's extractor and label predictor into a DANN
    /// network. Throws, copying nothing, when no name matches or a matching name has another shape.
    @discardableResult
    public static func initialize(_ network: AdaptationNetwork, from path: String) throws -> Initialization {
        let saved = try read(from: path).network.stateTensors()
        let targets = network.namedParameters
        var matches: [(parameter: Parameter, value: Tensor)] = []
        for (name, parameter) in targets {
            guard let value = saved[name] else { continue }
            guard value.shape == parameter.shape else {
                throw SafetensorsError(file: path, problem: "tensor '\(name)' has shape \(value.shape) but the network's has \(parameter.shape)")
            }
            matches.append((parameter, value))
        }
        guard !matches.isEmpty else {
            let topLevel = Set(saved.keys.compactMap { $0.split(separator: ".").first.map(String.init) }).sorted().joined(separator: ", ")
            throw SafetensorsError(file: path, problem: "no tensor's name matches the network's (the checkpoint has \(topLevel))")
        }
        for (parameter, value) in matches { parameter.value = value }
        let fresh = targets.filter { $0.parameter.isTrainable && saved[$0.name] == nil }.map(\.name)
        return Initialization(copiedCount: matches.count, freshParameters: fresh)
    }
}
