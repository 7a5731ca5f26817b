import ArgumentParser
import DANNVisualization
import DomainAdaptation
import DomainData
import EmbeddingAnalysis
import FileWriting
import Foundation

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "t-SNE and PCA pictures of a checkpoint's features on two domains, and their proxy A-distance.",
        discussion: """
            The same analysis dann train runs at its end, for any checkpoint, on evenly spaced test samples of each \
            domain. Writes embedding-tsne.png/.svg, embedding-pca.png/.svg and embedding.json into --out; with \
            --compare-with also baseline-embedding-tsne.png/.svg and baseline-embedding-pca.png/.svg of the baseline \
            on the same samples.

            embedding.json: {"schema_version": 1, "source", "target", "samples_per_domain", "model": M, "baseline": M} \
            ("baseline" only with --compare-with; "input_proxy_a_distance" only with --input-distance), where M is {"checkpoint", "method", "proxy_a_distance", "points": \
            [{"domain": "source" or "target", "label", "tsne": [x, y], "pca": [x, y]}, …]}, source points first.

            --export FILE.csv writes the sampled feature vectors as rows "domain,label,f0,f1,…"; --export FILE.npy \
            writes them as a float32 array of shape (samples, features) in NumPy's .npy format, with FILE.labels.csv \
            ("domain,label", one row per array row) beside it.
            """)

    @Option(help: "A checkpoint.safetensors written by dann train.") var checkpoint: String
    @Option(help: "Source domain (test split is used).") var source: String
    @Option(help: "Target domain (test split is used).") var target: String
    @Option(help: "Checkpoint of a baseline to picture and measure on the same samples.") var compareWith: String?
    @Option(name: [.customLong("embedding-samples"), .customLong("samples")],
            help: "Test samples per domain (as dann train's --embedding-samples; --samples is the old name).") var samples = 500
    @Option(help: "Output folder.") var out = "dann-embedding"
    @Option(help: ArgumentHelp("Also write the model's sampled feature vectors to FILE.csv or FILE.npy.", valueName: "file"))
    var export: String?
    @Flag(help: "Also measure the proxy A-distance of the inputs themselves (as preprocessed for the model), on the same samples: input_proxy_a_distance in embedding.json, the x axis of dann pad-figure.")
    var inputDistance = false
    @Option(help: "Data folder to search for named datasets.") var dataDir: String?
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        // t-SNE is exact and quadratic in the samples: 5,000 per domain take minutes already.
        guard samples > 1 && samples <= 5000 else { throw ValidationError("--embedding-samples must be in 2…5000, got \(samples)") }
        if let export, FeatureExport.Format(path: export) == nil {
            throw CommandFailure("--export \(export): the file must end in .csv or .npy")
        }
    }

    func run() throws {
        compute.apply()
        // Everything that can fail fast (checkpoints, data, folders) before the features and t-SNE.
        let locator = DatasetLocator(dataDirectory: dataDir)
        let loaded = try ModelCheckpoint.read(from: checkpoint)
        let baseline = try compareWith.map { try ModelCheckpoint.read(from: $0) }
        let sourceSamples = try labeledSamples(source, split: .test, card: loaded.card, locator: locator)
        let targetSamples = try labeledSamples(target, split: .test, card: loaded.card, locator: locator)
        // The proxy A-distance trains its SVMs on half of the pooled samples: two per domain at least.
        for (argument, samples) in [(source, sourceSamples), (target, targetSamples)] where samples.count < 2 {
            throw CommandFailure("\(argument): its test split has \(samples.count) sample\(samples.count == 1 ? "" : "s"); the embedding needs at least 2 per domain")
        }
        // The baseline's own preprocessing, on the same evenly spaced test samples.
        let baselineSamples = try baseline.map { baseline in
            (source: try labeledSamples(source, split: .test, card: baseline.card, locator: locator),
             target: try labeledSamples(target, split: .test, card: baseline.card, locator: locator))
        }
        try prepareOutputDirectory(out)
        if let export {
            let folder = (export as NSString).deletingLastPathComponent
            if !folder.isEmpty { try prepareOutputDirectory(folder) }
        }

        // Ctrl-C or SIGTERM stops the features, t-SNE and SVM sweep within about a second, before
        // any file is written (exit 130 or 143).
        Interrupt.install()
        let stop = Cancellation { Interrupt.isRequested }
        do {
            try embed(loaded: loaded, sourceSamples: sourceSamples, targetSamples: targetSamples,
                      baseline: baseline.map { ($0, baselineSamples!.source, baselineSamples!.target) }, stop: stop)
        } catch EmbeddingAnalysisError.cancelled {
            FileHandle.standardError.write(Data("interrupted; nothing written to \(out)\n".utf8))
            throw ExitCode(Interrupt.exitStatus)
        }
    }

    /// Computes every projection and distance first (a stop leaves no half-written set), then writes.
    func embed(loaded: ModelCheckpoint.Loaded, sourceSamples: any SampleSource, targetSamples: any SampleSource,
               baseline: (checkpoint: ModelCheckpoint.Loaded, source: any SampleSource, target: any SampleSource)?, stop: Cancellation) throws {
        let method = loaded.card.training?.method.rawValue
        let title = "\(method ?? "model"): \(source) → \(target)"
        let embedding = try FeatureEmbedding(network: loaded.network, source: sourceSamples, target: targetSamples, perDomain: samples,
                                             cancellation: stop)
        let projections = try embedding.projections(cancellation: stop)
        let distance = try embedding.sample.proxyADistance(cancellation: stop).distance
        var compared: EmbeddingFile.Model?
        var baselineFigures: (FeatureEmbedding, FeatureEmbedding.Projections, title: String, classes: Int)?
        if let compareWith, let baseline {
            let baselineEmbedding = try FeatureEmbedding(network: baseline.checkpoint.network, source: baseline.source, target: baseline.target,
                                                         perDomain: samples, cancellation: stop)
            let baselineMethod = baseline.checkpoint.card.training?.method.rawValue
            let baselineProjections = try baselineEmbedding.projections(cancellation: stop)
            let baselineDistance = try baselineEmbedding.sample.proxyADistance(cancellation: stop).distance
            baselineFigures = (baselineEmbedding, baselineProjections, "baseline \(baselineMethod ?? "model"): \(source) → \(target)",
                               baseline.checkpoint.card.network.classCount)
            compared = EmbeddingFile.Model(checkpoint: compareWith, method: baselineMethod, embedding: baselineEmbedding,
                                           projections: baselineProjections, proxyADistance: baselineDistance)
        }
        let inputDistance = try self.inputDistance
            ? DomainFeatures(inputsOf: sourceSamples, target: targetSamples, perDomain: samples, cancellation: stop).proxyADistance(cancellation: stop).distance
            : nil
        try stop.throwIfRequested()
        try embedding.writePictures(projections, to: out, title: title, classCount: loaded.card.network.classCount)
        print(String(format: "proxy A-distance: %.3f", distance))
        if let inputDistance { print(String(format: "proxy A-distance of the inputs: %.3f", inputDistance)) }
        let model = EmbeddingFile.Model(checkpoint: checkpoint, method: method, embedding: embedding, projections: projections,
                                        proxyADistance: distance)
        if let (baselineEmbedding, baselineProjections, baselineTitle, classes) = baselineFigures, let compared, let compareWith {
            try baselineEmbedding.writePictures(baselineProjections, to: out, prefix: "baseline-embedding", title: baselineTitle, classCount: classes)
            print(String(format: "proxy A-distance of %@: %.3f", compareWith, compared.proxyADistance))
        }
        var file = EmbeddingFile(source: source, target: target, samplesPerDomain: samples, model: model, baseline: compared)
        file.inputProxyADistance = inputDistance
        try AtomicFile.write(Array(try jsonString(file).utf8) + [10], to: out + "/embedding.json")
        var written = ["embedding-tsne.png/.svg", "embedding-pca.png/.svg"]
            + (compared == nil ? [] : ["baseline-embedding-tsne.png/.svg", "baseline-embedding-pca.png/.svg"]) + ["embedding.json"]
        written = written.map { out + "/" + $0 }
        if let export { written += try writeExport(embedding, to: export) }
        print("wrote " + written.joined(separator: ", "))
    }

    /// Writes the sampled feature vectors to `path` (its format by extension); returns the files written.
    func writeExport(_ embedding: FeatureEmbedding, to path: String) throws -> [String] {
        switch FeatureExport.Format(path: path)! {
        case .csv:
            try AtomicFile.write(Array(FeatureExport.csv(features: embedding.features, domains: embedding.domains, labels: embedding.labels).utf8),
                                 to: path)
            return [path]
        case .npy:
            let labels = FeatureExport.labelsPath(besideNPY: path)
            try AtomicFile.write(FeatureExport.npy(embedding.features), to: path)
            try AtomicFile.write(Array(FeatureExport.labelsCSV(domains: embedding.domains, labels: embedding.labels).utf8), to: labels)
            return [path, labels]
        }
    }
}
