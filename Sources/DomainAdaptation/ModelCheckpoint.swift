import Foundation
import Nabla
import NablaNN

/// What a checkpoint says about its model besides the weights: enough to evaluate it on new
/// data (architecture, input preprocessing, class count) and to resume its training.
public struct ModelCard: Sendable, Codable, Equatable {
    public var network: NetworkConfiguration
    public var preprocessing: InputPreprocessing
    public var training: TrainingConfiguration?
    public var step: Int = 0
    public var sourceSamplesDrawn: Int = 0
    public var targetSamplesDrawn: Int = 0
    /// Training steps in the running weight average stored under `averaged.` (resuming needs it).
    public var averagedSnapshots: Int?
    /// True when the weights are the average of the last training steps' weights rather than
    /// the final iterate (a finished run with weight averaging).
    public var weightsAreAveraged: Bool?
    /// The state of each dropout layer's generator (decimal, in `dropoutLayers` order), so a
    /// resumed run draws the same masks; nil for a network without dropout.
    public var dropoutGeneratorStates: [String]?
    public var source: String = ""
    public var target: String = ""
    public var formatVersion = 1

    public init(network: NetworkConfiguration, preprocessing: InputPreprocessing) {
        self.network = network
        self.preprocessing = preprocessing
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(card), as: UTF8.self)
        try Safetensors.write(tensors, metadata: ["format": "pt", metadataKey: json], to: path)
    }

    /// A model read back from a checkpoint.
    public struct Loaded {
        public var network: AdaptationNetwork
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
        do { card = try JSONDecoder().decode(ModelCard.self, from: Data(json.utf8)) } catch {
            throw SafetensorsError(file: path, problem: "the '\(metadataKey)' metadata is not a valid model card")
        }
        if let problem = card.network.validationProblem() {
            throw SafetensorsError(file: path, problem: "model card describes an invalid network: \(problem)")
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
