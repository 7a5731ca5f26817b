import SeededRandom
/// Dual coordinate descent for L2-regularised linear SVMs (Hsieh, Chang, Lin, Keerthi &
/// Sundararajan, ICML 2008) — the `solve_l2r_l1l2_svc` solver of liblinear, including
/// its shrinking heuristic and stopping rule on the projected-gradient range.
///
/// Solves  min_α ½ αᵀ Q̄ α − eᵀα  s.t. 0 ≤ α_i ≤ U, with Q̄ = Q + D, Q_ij = y_i y_j x̂_iᵀ x̂_j,
/// x̂_i = [x_i, biasScale]; hinge loss: U = C, D = 0; squared hinge: U = ∞, D_ii = 1/(2C).
/// The primal solution w = Σ α_i y_i x̂_i is maintained incrementally.
enum DualCoordinateDescent {
    struct Solution {
        /// Weights for the features.
        var weights: [Double]
        /// Weight of the constant bias feature (the bias is `biasWeight * biasScale`).
        var biasWeight: Double
        /// Outer iterations performed.
        var iterations: Int
        /// Whether the projected-gradient stopping rule was met.
        var converged: Bool
    }

    /// - Parameters:
    ///   - x: row-major `count x dimension` features.
    ///   - y: labels, +1 or −1.
    ///   - seed: seed of the per-iteration random visiting order.
    static func solve(x: [Double], y: [Double], count n: Int, dimension: Int, c: Double,
                      squaredHinge: Bool, biasScale: Double, maxIterations: Int,
                      tolerance: Double, seed: UInt64) -> Solution {
        let upperBound = squaredHinge ? Double.infinity : c
        let diagonal = squaredHinge ? 1 / (2 * c) : 0
        var w = [Double](repeating: 0, count: dimension)
        var wBias = 0.0
        var alpha = [Double](repeating: 0, count: n)
        var qd = [Double](repeating: 0, count: n)
        var index = Array(0..<n)
        var generator = SplitMix64(seed: seed)
        var iteration = 0
        var converged = false
        let biasSquared = biasScale * biasScale

        x.withUnsafeBufferPointer { xBuffer in
            w.withUnsafeMutableBufferPointer { wBuffer in
                let X = xBuffer.baseAddress!, W = wBuffer.baseAddress!
                for i in 0..<n {
                    let row = X + i * dimension
                    var norm = biasSquared
                    for k in 0..<dimension { norm += row[k] * row[k] }
                    qd[i] = diagonal + norm
                }
                var activeSize = n
                var projectedMaxOld = Double.infinity
                var projectedMinOld = -Double.infinity
                while iteration < maxIterations {
                    var projectedMaxNew = -Double.infinity
                    var projectedMinNew = Double.infinity
                    // Seeded Fisher–Yates over the active set.
                    if activeSize > 1 {
                        for s in stride(from: activeSize - 1, to: 0, by: -1) {
                            let t = generator.nextIndex(below: s + 1)
                            if s != t { index.swapAt(s, t) }
                        }
                    }
                    var s = 0
                    while s < activeSize {
                        let i = index[s]
                        let yi = y[i]
                        let row = X + i * dimension
                        var dot = wBias * biasScale
                        for k in 0..<dimension { dot += W[k] * row[k] }
                        let gradient = yi * dot - 1 + diagonal * alpha[i]
                        var projected = 0.0
                        if alpha[i] == 0 {
                            if gradient > projectedMaxOld {
                                activeSize -= 1
                                index.swapAt(s, activeSize)
                                continue
                            } else if gradient < 0 {
                                projected = gradient
                            }
                        } else if alpha[i] == upperBound {
                            if gradient < projectedMinOld {
                                activeSize -= 1
                                index.swapAt(s, activeSize)
                                continue
                            } else if gradient > 0 {
                                projected = gradient
                            }
                        } else {
                            projected = gradient
                        }
                        projectedMaxNew = max(projectedMaxNew, projected)
                        projectedMinNew = min(projectedMinNew, projected)
                        if abs(projected) > 1e-12 {
                            let old = alpha[i]
                            alpha[i] = min(max(old - gradient / qd[i], 0), upperBound)
                            let delta = (alpha[i] - old) * yi
                            for k in 0..<dimension { W[k] += delta * row[k] }
                            wBias += delta * biasScale
                        }
                        s += 1
                    }
                    iteration += 1
                    if projectedMaxNew - projectedMinNew <= tolerance {
                        if activeSize == n {
                            converged = true
                            break
                        }
                        // Re-check the whole set before declaring convergence.
                        activeSize = n
                        projectedMaxOld = .infinity
                        projectedMinOld = -.infinity
                        continue
                    }
                    projectedMaxOld = projectedMaxNew > 0 ? projectedMaxNew : .infinity
                    projectedMinOld = projectedMinNew < 0 ? projectedMinNew : -.infinity
                }
            }
        }
        return Solution(weights: w, biasWeight: wBias, iterations: iteration, converged: converged)
    }
}
