import DomainData
import Foundation
import Nabla
import Testing
@testable import DomainAdaptation

/// svmlight domains end to end: locating the files, preparing the domains, and the sparse batch
/// path through the network against the dense one.
@Suite struct SparseInputTests {
    /// A fresh temporary folder, removed by the caller.
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `rows` random sparse rows of `features` columns, labels −1/+1 when `binary`.
    func svmlightText(rows: Int, features: Int, seed: UInt64) -> String {
        var generator = SeededGenerator(seed: seed)
        return (0..<rows).map { row in
            let columns = (0..<features).filter { _ in generator.next() % 3 == 0 }
            return (row % 2 == 0 ? "-1" : "+1") + columns.map { " \($0):\(1 + generator.next() % 4)" }.joined()
        }.joined(separator: "\n") + "\n"
    }

    @Test func domainsAreFoundAsPrefixFolderOrFileAndUnderTheDataRoots() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/reviews/kitchen", withIntermediateDirectories: true)
        try "1 0:1 3:2\n-1 2:1\n".write(toFile: root + "/reviews/books_train.svmlight", atomically: true, encoding: .utf8)
        try "1 1:1\n".write(toFile: root + "/reviews/books_test.svmlight", atomically: true, encoding: .utf8)
        try "1 0:1 5:2\n-1 2:1\n".write(toFile: root + "/reviews/kitchen/train.libsvm", atomically: true, encoding: .utf8)
        let locator = DatasetLocator(dataDirectory: root, environment: [:], workingDirectory: "/")
        guard case .sparse(let name, let train, let test) = try DomainFiles.load("reviews/books", locator: locator, needsLabels: true) else {
            Issue.record("not sparse"); return
        }
        #expect(name == "books" && train.count == 2 && test?.count == 1 && train.featureCount == 4)
        guard case .sparse(_, let kitchen, nil) = try DomainFiles.load(root + "/reviews/kitchen", locator: locator, needsLabels: true) else {
            Issue.record("not a sparse folder without test split"); return
        }
        #expect(kitchen.featureCount == 6)
        guard case .sparse(_, _, nil) = try DomainFiles.load(root + "/reviews/books_test.svmlight", locator: locator, needsLabels: true) else {
            Issue.record("not a single sparse file"); return
        }
        let fixed = try DomainFiles.load("reviews/books", locator: locator, needsLabels: true, svmlight: .init(featureCount: 10))
        guard case .sparse(_, let wide, _) = fixed else { Issue.record("not sparse"); return }
        #expect(wide.featureCount == 10)
        #expect(DomainFiles.location(of: "reviews/books", locator: locator) == root + "/reviews/books_train.svmlight")
    }

    @Test func preparedDomainsShareOneDimensionAndRecordTheBase() throws {
        let source = try parseSVMLight(Array("1 0:1 3:2\n-1 2:1\n".utf8), file: "s.svmlight")
        let target = try parseSVMLight(Array("1 0:1 6:1\n".utf8), file: "t.svmlight")
        let domains = try PreparedDomains(source: .sparse(name: "s", train: source, test: source), target: .sparse(name: "t", train: target, test: nil))
        #expect(domains.preprocessing == .sparse(SparseVectorPreprocessing(featureCount: 7, indexBase: 0)))
        #expect(domains.sourceTrain.sampleShape == [7] && domains.targetTrain.labels == nil && domains.classCount == 2)
        #expect(domains.sourceTrain.inputs(at: [0]).scalars == [1, 0, 0, 2, 0, 0, 0])
        let oneBased = try parseSVMLight(Array("1 1:1\n".utf8), file: "o.svmlight")
        #expect(throws: TrainingError.self) {
            try PreparedDomains(source: .sparse(name: "s", train: source, test: nil), target: .sparse(name: "o", train: oneBased, test: nil))
        }
    }

    @Test func sparsePreprocessingIsStoredInTheCard() throws {
        var network = NetworkConfiguration(inputShape: [9], classCount: 2)
        network.extractorWidths = [4]
        let card = ModelCard(network: network, preprocessing: .sparse(SparseVectorPreprocessing(featureCount: 9, indexBase: 1)))
        let json = try card.json()
        #expect(String(decoding: json, as: UTF8.self).contains("\"sparse\":{\"feature_count\":9,\"index_base\":1,\"scaling\":\"none\"}"))
        #expect(try ModelCard(json: json) == card && card.validationProblem() == nil)
    }

    /// The network's features, and a DANN step's gradients, for sparse rows and for the same rows densified.
    @Test func sparseBatchesMatchTheirDenseRows() throws {
        let data = try parseSVMLight(Array(svmlightText(rows: 12, features: 30, seed: 1).utf8), file: "x.svmlight", options: .init(indexBase: 0, featureCount: 30))
        let samples = SparseSamples(data)
        var configuration = NetworkConfiguration(inputShape: [30], classCount: 2)
        configuration.extractorWidths = [5]
        configuration.extractorActivation = .sigmoid
        configuration.labelHiddenWidths = []
        configuration.domainHiddenWidths = []
        var generator = SeededGenerator(seed: 2)
        let network = AdaptationNetwork(configuration: configuration, using: &generator)
        let rows = Array(0..<6), others = Array(6..<12)
        let sparseFeatures = network.features(samples.batch(at: rows)), denseFeatures = network.features(samples.inputs(at: rows))
        #expect(zip(sparseFeatures.scalars, denseFeatures.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
        let training = TrainingConfiguration(method: .dann)
        let step = StepContext(step: 0, progress: 0.5, tradeOff: 0.3, phase: 0, training: training)
        let parameters = network.trainableParameters
        func gradients(_ batch: ShardBatch) -> [[Float]] {
            let result = valueWithGradient(at: parameters, shards: 1) { _ in
                let contribution = DANN().shardLoss(batch, network: network, step: step)
                return (contribution.value, contribution.auxiliary)
            }
            return parameters.map { result.gradients[$0]?.scalars ?? [] }
        }
        let labels = rows.map { data.labels![$0] }
        let sparse = gradients(ShardBatch(source: samples.batch(at: rows), target: samples.batch(at: others), labels: labels, share: 1))
        let dense = gradients(ShardBatch(source: samples.inputs(at: rows), target: samples.inputs(at: others), labels: labels, share: 1))
        for (s, d) in zip(sparse, dense) {
            #expect(s.count == d.count && zip(s, d).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        }
    }
}
