import DomainAdaptation
import DomainData

/// `dann train --compare-with PATH`: the baseline checkpoint, read and checked against the domains
/// before training starts (a wrong path must not surface after hours), with the domains' test
/// splits prepared by the baseline's own preprocessing (its normalisation and input size, not
/// this run's).
struct ComparedBaseline {
    /// The baseline network, its weights loaded.
    var network: AdaptationNetwork
    /// The source and target test splits as the baseline's inputs; nil where a domain has none.
    var sourceTest: (any SampleSource)?
    var targetTest: (any SampleSource)?

    init(path: String, source: DomainFiles, target: DomainFiles) throws {
        let loaded: ModelCheckpoint.Loaded
        do { loaded = try ModelCheckpoint.read(from: path) } catch { throw CommandFailure("--compare-with: \(error)") }
        func testSamples(_ files: DomainFiles) throws -> (any SampleSource)? {
            switch (files, loaded.card.preprocessing) {
            case (.images(_, _, let test), .image(let preprocessing)):
                return test.map { ImageSamples($0, preprocessing: preprocessing) }
            case (.vectors(_, let train, let test), .vector(let standardization)):
                guard train.featureCount == standardization.mean.count else {
                    throw CommandFailure("--compare-with \(path): the baseline takes \(standardization.mean.count) features, \(files.name) has \(train.featureCount)")
                }
                return test.map { TensorSamples(standardization.apply($0.features), labels: $0.labels) }
            case (.sparse(_, _, let test), .sparse(let sparse)):
                return try test.map { SparseSamples(try $0.widened(to: sparse.featureCount)) }
            default:
                throw CommandFailure("--compare-with \(path): the baseline takes \(Self.kind(of: loaded.card.preprocessing)), \(files.name) holds \(Self.kind(of: files))")
            }
        }
        network = loaded.network
        sourceTest = try testSamples(source)
        targetTest = try testSamples(target)
    }

    static func kind(of preprocessing: InputPreprocessing) -> String {
        switch preprocessing {
        case .image: "images"
        case .vector: "feature vectors"
        case .sparse: "sparse feature vectors"
        }
    }

    static func kind(of files: DomainFiles) -> String {
        switch files {
        case .images: "images"
        case .vectors: "feature vectors"
        case .sparse: "sparse feature vectors"
        }
    }
}
