import SeededRandom
/// Input-space affinities for exact t-SNE: perplexity calibration and symmetrisation.
enum TSNEAffinities {
    /// Maximum bisection steps per point (as in scikit-learn).
    static let maximumSearchSteps = 100
    /// Tolerance on |H(P_i) - log(perplexity)| in nats (as in scikit-learn).
    static let entropyTolerance = 1e-5

    /// Joint probabilities `P` (dense, row-major `n x n`, zero diagonal) for the points
    /// `x` (row-major `n x dimension`).
    ///
    /// For every point a Gaussian precision β_i = 1/(2σ_i²) is found by bisection so that
    /// the conditional distribution P_{j|i} ∝ exp(-β_i ‖x_i - x_j‖²) has entropy
    /// log(perplexity). Distances are shifted by each row's minimum before exponentiation
    /// (P is invariant to that shift), which avoids underflow for far-apart
    /// high-dimensional data. Then P = (P_{j|i} + P_{i|j}) / Σ, floored at machine epsilon
    /// off the diagonal, as in van der Maaten (2008) / scikit-learn.
    /// `cancellation` is polled every 64 rows.
    static func jointProbabilities(points x: [Double], count n: Int, dimension: Int,
                                   perplexity: Double, cancellation: Cancellation = .never) throws -> [Double] {
        var m = [Double](repeating: 0, count: n * n)
        let targetEntropy = Math.log(perplexity)
        try m.withUnsafeMutableBufferPointer { mBuffer in
            let M = mBuffer.baseAddress!
            try x.withUnsafeBufferPointer { xBuffer in
                let X = xBuffer.baseAddress!
                for i in 0..<n {
                    if i % 64 == 0 { try cancellation.throwIfRequested() }
                    let xi = X + i * dimension
                    var j = i + 1
                    while j < n {
                        let xj = X + j * dimension
                        var sum = 0.0
                        for k in 0..<dimension {
                            let t = xi[k] - xj[k]
                            sum += t * t
                        }
                        M[i * n + j] = sum
                        M[j * n + i] = sum
                        j += 1
                    }
                }
            }
            for i in 0..<n {
                if i % 64 == 0 { try cancellation.throwIfRequested() }
                calibrateRow(M + i * n, count: n, skipping: i, targetEntropy: targetEntropy)
            }
            // Symmetrise: P_ij = (P_{j|i} + P_{i|j}) / sum.
            var total = 0.0
            for i in 0..<n {
                M[i * n + i] = 0
                var j = i + 1
                while j < n {
                    let value = M[i * n + j] + M[j * n + i]
                    M[i * n + j] = value
                    M[j * n + i] = value
                    total += 2 * value
                    j += 1
                }
            }
            let scale = 1 / max(total, Double.ulpOfOne)
            for i in 0..<n {
                for j in 0..<n where j != i {
                    M[i * n + j] = max(M[i * n + j] * scale, Double.ulpOfOne)
                }
            }
        }
        return m
    }

    /// Replaces the squared distances in `row` by the calibrated conditional probabilities
    /// P_{j|i}; `row[skipping]` (the point itself) becomes 0.
    private static func calibrateRow(_ row: UnsafeMutablePointer<Double>, count n: Int,
                                     skipping self_: Int, targetEntropy: Double) {
        var minimum = Double.infinity
        for j in 0..<n where j != self_ { minimum = min(minimum, row[j]) }
        guard minimum.isFinite else { row[self_] = 0; return }

        var beta = 1.0
        var betaLow = -Double.infinity
        var betaHigh = Double.infinity
        var sumP = 1.0
        for step in 0..<maximumSearchSteps {
            sumP = 0
            var sumDP = 0.0
            for j in 0..<n where j != self_ {
                let distance = row[j] - minimum
                let p = Math.exp(-distance * beta)
                sumP += p
                sumDP += distance * p
            }
            // sumP >= 1: the nearest neighbour contributes exp(0).
            let entropy = Math.log(sumP) + beta * sumDP / sumP
            let difference = entropy - targetEntropy
            if abs(difference) <= entropyTolerance || step == maximumSearchSteps - 1 { break }
            if difference > 0 {
                betaLow = beta
                beta = betaHigh == .infinity ? beta * 2 : (beta + betaHigh) / 2
            } else {
                betaHigh = beta
                beta = betaLow == -.infinity ? beta / 2 : (beta + betaLow) / 2
            }
        }
        let inverseSum = 1 / sumP
        for j in 0..<n where j != self_ {
            row[j] = Math.exp(-(row[j] - minimum) * beta) * inverseSum
        }
        row[self_] = 0
    }
}
