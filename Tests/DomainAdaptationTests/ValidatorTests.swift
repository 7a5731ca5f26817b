import EmbeddingAnalysis
import Foundation
import Nabla
import Testing
@testable import DomainAdaptation

/// Each validator on a case whose answer is known.
@Suite("Label-free validators")
struct ValidatorTests {
    @Test func entropyAndInformationMaximizationByHand() {
        let probabilities: [[Float]] = [[0.5, 0.5], [1, 0]]
        #expect(abs(PredictionScores.entropy(probabilities) - log(2) / 2) < 1e-12)
        // Mean prediction (0.75, 0.25): H = 0.5623…; minus the mean entropy ln 2 / 2.
        let meanEntropy = -(0.75 * log(0.75) + 0.25 * log(0.25))
        #expect(abs(PredictionScores.informationMaximization(probabilities) - (meanEntropy - log(2) / 2)) < 1e-7)
    }

    @Test func softNeighborhoodDensityByHand() {
        // Rows a = b = (1, 0), c = (0, 1); at T = 1, a's neighbours have logits (1, 0), c's (0, 0).
        let rows: [[Float]] = [[1, 0], [1, 0], [0, 1]]
        let pa = exp(1.0) / (exp(1.0) + 1)
        let ha = -(pa * log(pa) + (1 - pa) * log(1 - pa))
        #expect(abs(PredictionScores.softNeighborhoodDensity(rows, temperature: 1) - (2 * ha + log(2)) / 3) < 1e-12)
        // At T = 0.05 identical rows are each other's only neighbour: entropy ≈ 0 for a and b.
        #expect(abs(PredictionScores.softNeighborhoodDensity(rows) - log(2) / 3) < 1e-6)
    }

    @Test func devWithoutCovarianceIsIWCVAndFollowsItsFormula() {
        let losses = [0.2, 1.5, 0.7, 0.1]
        #expect(ImportanceWeightedValidation.dev(losses: losses, weights: [2, 2, 2, 2]) == ImportanceWeightedValidation.iwcv(losses: losses, weights: [2, 2, 2, 2]))
        #expect(abs(ImportanceWeightedValidation.iwcv(losses: losses, weights: [2, 2, 2, 2]) - 1.25) < 1e-12)
        // Direct computation: L = w·ℓ, η = −Cov(L, w)/Var(w), DEV = mean L + η mean w − η.
        let weights = [0.5, 2.0, 1.0, 0.5]
        let weighted = zip(losses, weights).map(*), n = 4.0
        let meanL = weighted.reduce(0, +) / n, meanW = weights.reduce(0, +) / n
        let cov = zip(weighted, weights).reduce(0) { $0 + ($1.0 - meanL) * ($1.1 - meanW) } / (n - 1)
        let variance = weights.reduce(0) { $0 + ($1 - meanW) * ($1 - meanW) } / (n - 1)
        let eta = -cov / variance
        #expect(abs(ImportanceWeightedValidation.dev(losses: losses, weights: weights) - (meanL + eta * meanW - eta)) < 1e-12)
    }

    @Test func aDomainClassifierAtChanceGivesUnitWeightsSoIWCVIsTheSourceLoss() throws {
        var generator = SeededGenerator(seed: 3)
        let points = (0..<200).map { _ in Float.random(in: -1...1, using: &generator) }
        let features = try FeatureMatrix(rows: 100, columns: 2, values: points)
        let importance = try DomainImportanceWeights(source: features, target: features)
        let weights = importance.weights(features)
        #expect(weights.allSatisfy { abs($0 - 1) < 1e-3 }, "\(weights.prefix(3))")
        let losses = (0..<100).map { Double($0) / 100 }
        #expect(abs(ImportanceWeightedValidation.iwcv(losses: losses, weights: weights) - losses.reduce(0, +) / 100) < 1e-3)
    }

    @Test func importanceWeightsFavourTargetLikeSamples() throws {
        // Source around −1, target around +1: a source sample near the target gets a larger weight.
        var generator = SeededGenerator(seed: 4)
        func cloud(_ centre: Float) throws -> FeatureMatrix {
            try FeatureMatrix(rows: 200, columns: 1, values: (0..<200).map { _ in centre + Float.random(in: -1.5...1.5, using: &generator) })
        }
        let importance = try DomainImportanceWeights(source: try cloud(-1), target: try cloud(1))
        let weights = importance.weights(try FeatureMatrix(rows: 2, columns: 1, values: [-1.5, 0.4]))
        #expect(weights[1] > 5 * weights[0], "\(weights)")
    }

    /// Two Gaussian blobs per class; the target is shifted by `shift`.
    func blobs(_ count: Int, shift: Float, seed: UInt64) -> TensorSamples {
        var generator = SeededGenerator(seed: seed)
        let labels = (0..<count).map { $0 % 2 }
        let values = labels.flatMap { label -> [Float] in
            [Float(label) * 3 + shift + Float.random(in: -1...1, using: &generator), Float(1 - label) * 3 + Float.random(in: -1...1, using: &generator)]
        }
        return TensorSamples(Tensor(shape: [count, 2], scalars: values), labels: labels)
    }

    func trained(_ source: TensorSamples, target: TensorSamples, steps: Int = 300) throws -> (AdaptationNetwork, TrainingConfiguration) {
        var network = NetworkConfiguration(inputShape: [2], classCount: 2)
        network.extractorWidths = [16]
        network.labelHiddenWidths = []
        network.domainHiddenWidths = [8]
        var training = TrainingConfiguration(method: .dann)
        training.steps = steps
        training.batchSize = 16
        training.averagingStart = nil
        var generator = SeededGenerator(seed: 7)
        let model = AdaptationNetwork(configuration: network, method: .dann, using: &generator)
        let trainer = try AdaptationTrainer(network: model, configuration: training, source: source, target: UnlabeledSamples(target))
        for _ in 0..<steps { _ = try trainer.trainStep() }
        return (model, training)
    }

    @Test func reverseValidationRanksTrueLabelsAboveShuffledOnes() throws {
        let source = blobs(200, shift: 0, seed: 1), validation = blobs(100, shift: 0, seed: 2), target = blobs(200, shift: 1, seed: 3)
        var generator = SeededGenerator(seed: 9)
        let shuffled = TensorSamples(source.data, labels: source.labels!.shuffled(using: &generator))
        let sets = ValidationSets(sourceValidation: validation, sourceTrain: source, target: target)
        let good = try trained(source, target: target), bad = try trained(shuffled, target: target)
        let reverse = ReverseValidator(steps: 200)
        let goodScore = try #require(try reverse.score(of: good.0, training: good.1, sets: sets))
        let badScore = try #require(try reverse.score(of: bad.0, training: bad.1, sets: sets))
        #expect(goodScore > badScore + 0.2, "true labels \(goodScore), shuffled \(badScore)")
        #expect(goodScore > 0.9)
    }

    @Test func noValidatorReadsTargetLabels() throws {
        let source = blobs(200, shift: 0, seed: 1), validation = blobs(100, shift: 0, seed: 2), target = blobs(200, shift: 1, seed: 3)
        let model = try trained(source, target: target, steps: 100)
        let garbage = TensorSamples(target.data, labels: target.labels!.map { 1 - $0 })
        func scores(_ target: any SampleSource) throws -> [Validator: Double] {
            try ModelValidation.scores(of: model.0, training: model.1,
                                       sets: ValidationSets(sourceValidation: validation, sourceTrain: source, target: target),
                                       validators: Validator.allCases, reverse: ReverseValidator(steps: 50))
        }
        let withLabels = try scores(target), withGarbage = try scores(garbage), without = try scores(UnlabeledSamples(target))
        #expect(withLabels == withGarbage && withLabels == without)
        #expect(Set(withLabels.keys) == Set(Validator.allCases), "every validator scored: \(withLabels)")
    }
}
