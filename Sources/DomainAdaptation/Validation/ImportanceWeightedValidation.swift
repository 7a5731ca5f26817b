import Foundation

/// Source validation losses re-weighted to estimate the target loss, with importance weights
/// w(x) = p_target(x) / p_source(x) (see ``DomainImportanceWeights``). Both scores estimate a
/// loss: lower is better.
public enum ImportanceWeightedValidation {
    /// Importance-weighted cross-validation (IWCV, Sugiyama et al. 2007): mean of w·ℓ.
    public static func iwcv(losses: [Double], weights: [Double]) -> Double {
        precondition(losses.count == weights.count, "one weight per loss")
        guard !losses.isEmpty else { return .nan }
        return zip(losses, weights).reduce(0) { $0 + $1.0 * $1.1 } / Double(losses.count)
    }

    /// Deep embedded validation (DEV, You et al. 2019): IWCV with the control variate w, whose
    /// mean is 1 in expectation: mean(w·ℓ) + η·mean(w) − η, with η = −Cov(w·ℓ, w) / Var(w).
    /// With constant weights (no covariance) it equals IWCV.
    public static func dev(losses: [Double], weights: [Double]) -> Double {
        precondition(losses.count == weights.count, "one weight per loss")
        let n = Double(losses.count)
        guard n > 1 else { return iwcv(losses: losses, weights: weights) }
        let weighted = zip(losses, weights).map { $0 * $1 }
        let meanWeighted = weighted.reduce(0, +) / n, meanWeight = weights.reduce(0, +) / n
        var covariance = 0.0, variance = 0.0
        for (l, w) in zip(weighted, weights) {
            covariance += (l - meanWeighted) * (w - meanWeight) / (n - 1)
            variance += (w - meanWeight) * (w - meanWeight) / (n - 1)
        }
        guard variance > 0 else { return meanWeighted }
        let eta = -covariance / variance
        return meanWeighted + eta * meanWeight - eta
    }
}
