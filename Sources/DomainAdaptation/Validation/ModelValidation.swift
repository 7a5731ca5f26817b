import EmbeddingAnalysis
import Foundation
import Nabla

/// Every validator's score of one model on one ``ValidationSets``.
public enum ModelValidation {
    /// The scores of `validators` (nil where a validator does not apply, e.g. reverse validation of
    /// a target-trained model). `training` is the model's own configuration (reverse validation
    /// retrains with it).
    public static func scores(of network: AdaptationNetwork, training: TrainingConfiguration, sets: ValidationSets,
                              validators: [Validator] = Validator.cheap,
                              reverse: ReverseValidator = ReverseValidator()) throws -> [Validator: Double] {
        let wanted = Set(validators)
        var scores: [Validator: Double] = [:]
        let sourceProbabilities = network.predictedProbabilities(sets.sourceValidation)
        let labels = sets.sourceValidation.labels ?? []
        // Cross-entropy of each held-out source sample, for the importance-weighted estimates.
        let losses = zip(sourceProbabilities, labels).map { row, label in -log(Double(max(row[label], 1e-12))) }
        if wanted.contains(.sourceAccuracy), !labels.isEmpty {
            let correct = zip(sourceProbabilities, labels).filter { row, label in row.indices.max { row[$0] < row[$1] } == label }.count
            scores[.sourceAccuracy] = Double(correct) / Double(labels.count)
        }
        if !wanted.isDisjoint(with: [.entropy, .informationMaximization, .snd]) {
            let target = network.predictedProbabilities(sets.target)
            if wanted.contains(.entropy) { scores[.entropy] = PredictionScores.entropy(target) }
            if wanted.contains(.informationMaximization) { scores[.informationMaximization] = PredictionScores.informationMaximization(target) }
            if wanted.contains(.snd) { scores[.snd] = PredictionScores.softNeighborhoodDensity(target) }
        }
        if !wanted.isDisjoint(with: [.iwcv, .dev]) {
            let importance = try DomainImportanceWeights(source: try featureMatrix(network, sets.sourceTrain),
                                                         target: try featureMatrix(network, sets.target))
            let weights = importance.weights(try featureMatrix(network, sets.sourceValidation))
            if wanted.contains(.iwcv) { scores[.iwcv] = ImportanceWeightedValidation.iwcv(losses: losses, weights: weights) }
            if wanted.contains(.dev) { scores[.dev] = ImportanceWeightedValidation.dev(losses: losses, weights: weights) }
        }
        if wanted.contains(.reverseValidation) {
            scores[.reverseValidation] = try reverse.score(of: network, training: training, sets: sets)
        }
        return scores
    }

    /// The extractor's features of every sample, in evaluation mode.
    static func featureMatrix(_ network: AdaptationNetwork, _ samples: any SampleSource) throws -> FeatureMatrix {
        network.setTraining(false)
        defer { network.setTraining(true) }
        var values: [Float] = [], width = 0
        for start in stride(from: 0, to: samples.count, by: 256) {
            let batch = Array(start ..< min(start + 256, samples.count))
            let features = withoutGradients { network.features(samples.inputs(at: batch)) }
            width = features.shape[1]
            values += features.scalars
        }
        return try FeatureMatrix(rows: samples.count, columns: width, values: values)
    }
}
