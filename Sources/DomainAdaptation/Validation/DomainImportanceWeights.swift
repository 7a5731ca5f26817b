import EmbeddingAnalysis
import Foundation

/// Importance weights w(x) = p_target(x) / p_source(x) estimated, as DEV does, by a logistic
/// regression domain classifier (liblinear) on the model's features: trained to tell source
/// training features (0) from target features (1), then
/// w(x) = (n_s / n_t) · P(target | x) / P(source | x), the count ratio undoing the classes' priors.
public struct DomainImportanceWeights: Sendable {
    /// The domain classifier.
    public let classifier: LinearSVM
    /// n_s / n_t of its training set.
    public let priorRatio: Double

    /// Fits the domain classifier (features standardised, C = 1, seeded).
    public init(source: FeatureMatrix, target: FeatureMatrix, seed: UInt32 = 0) throws {
        guard source.columns == target.columns else {
            throw EmbeddingAnalysisError.dimensionMismatch(expected: source.columns, actual: target.columns)
        }
        let pooled = try FeatureMatrix(rows: source.rows + target.rows, columns: source.columns, values: source.values + target.values)
        let labels = [Bool](repeating: false, count: source.rows) + [Bool](repeating: true, count: target.rows)
        classifier = try LinearSVM.fit(pooled, labels: labels, configuration: .init(loss: .logistic, seed: seed))
        priorRatio = Double(source.rows) / Double(target.rows)
    }

    /// The weight of each row of `features`, clipped to [1e-6, 1e6] so that one sample the
    /// classifier is certain about cannot make the estimate infinite.
    public func weights(_ features: FeatureMatrix) -> [Double] {
        classifier.decision(features).map { logOdds in min(max(priorRatio * exp(logOdds), 1e-6), 1e6) }
    }
}
