import Nabla
import NablaNN

/// Weights for a network's feature extractor from a torchvision `state_dict` saved as safetensors
/// (`scripts/export_torchvision.py` writes one): the extractor's parameters carry torchvision's
/// names (`conv1.weight`, `layer1.0.bn1.running_var`, …), so each is looked up by its name.
public enum BackboneWeights {
    /// What an import loaded and what it left aside.
    public struct Report: Sendable, Equatable {
        /// Tensors copied into the extractor.
        public var loadedCount: Int
        /// Keys of the file outside the extractor (torchvision's `fc.weight`, `fc.bias`), sorted.
        public var ignoredKeys: [String]
    }

    /// Copies every parameter and running statistic of `network`'s feature extractor from the
    /// safetensors file at `path`. Keys outside the extractor are ignored (and reported); a
    /// missing key, another shape or a non-finite value is an error naming the key, and then
    /// the network is left as it was.
    public static func load(from path: String, into network: AdaptationNetwork) throws -> Report {
        let contents = try Safetensors.read(from: path)
        let extractor = network.featureExtractor
        let expected = Set(extractor.namedParameters.map(\.name))
        // All or nothing: check every key before the first copy.
        let scratch = extractor.namedParameters.map { ($0.name, $0.parameter.value) }
        do { try extractor.loadState(contents.tensors, file: path) } catch {
            for ((_, parameter), (_, value)) in zip(extractor.namedParameters, scratch) { parameter.value = value }
            throw error
        }
        return Report(loadedCount: expected.count, ignoredKeys: contents.tensors.keys.filter { !expected.contains($0) }.sorted())
    }
}
