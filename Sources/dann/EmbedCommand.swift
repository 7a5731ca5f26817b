import ArgumentParser
import DANNVisualization
import DomainAdaptation
import DomainData
import Foundation

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "t-SNE and PCA pictures of a checkpoint's features on two domains, and their proxy A-distance.",
        discussion: "The same analysis dann train runs at its end, for any checkpoint (and optionally a baseline to compare with).")

    @Option(help: "A checkpoint.safetensors written by dann train.") var checkpoint: String
    @Option(help: "Source domain (test split is used).") var source: String
    @Option(help: "Target domain (test split is used).") var target: String
    @Option(help: "Checkpoint of a baseline whose proxy A-distance is reported beside.") var compareWith: String?
    @Option(name: [.customLong("embedding-samples"), .customLong("samples")],
            help: "Test samples per domain (as dann train's --embedding-samples; --samples is the old name).") var samples = 500
    @Option(help: "Output folder.") var out = "dann-embedding"
    @Option(help: "Data folder to search for named datasets.") var dataDir: String?
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        // t-SNE is exact and quadratic in the samples: 5,000 per domain take minutes already.
        guard samples > 1 && samples <= 5000 else { throw ValidationError("--embedding-samples must be in 2…5000, got \(samples)") }
    }

    func run() throws {
        compute.apply()
        try prepareOutputDirectory(out)
        let locator = DatasetLocator(dataDirectory: dataDir)
        let loaded = try ModelCheckpoint.read(from: checkpoint)
        let sourceSamples = try labeledSamples(source, split: .test, card: loaded.card, locator: locator)
        let targetSamples = try labeledSamples(target, split: .test, card: loaded.card, locator: locator)
        let title = "\(loaded.card.training?.method.rawValue ?? "model"): \(source) → \(target)"
        let embedding = try FeatureEmbedding(network: loaded.network, source: sourceSamples, target: targetSamples, perDomain: samples)
        let classes = loaded.card.network.classCount
        try embedding.writePictures(to: out, title: title, classCount: classes)
        print(String(format: "proxy A-distance: %.3f", try embedding.sample.proxyADistance().distance))
        if let compareWith {
            let baseline = try ModelCheckpoint.read(from: compareWith)
            let baselineEmbedding = try FeatureEmbedding(
                network: baseline.network,
                source: try labeledSamples(source, split: .test, card: baseline.card, locator: locator),
                target: try labeledSamples(target, split: .test, card: baseline.card, locator: locator), perDomain: samples)
            print(String(format: "proxy A-distance of %@: %.3f", compareWith, try baselineEmbedding.sample.proxyADistance().distance))
        }
        print("wrote \(out)/embedding-tsne.png/.svg, embedding-pca.png/.svg")
    }
}
