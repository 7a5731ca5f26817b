import Foundation
import Nabla

/// Which estimator of the squared maximum mean discrepancy MMD²(P, Q) to use.
public enum MMDEstimator: String, Sendable, Codable, CaseIterable {
    /// Gretton et al. (2012), Lemma 14, as DAN uses it: the mean of
    /// h = k(x, x′) + k(y, y′) − k(x, y′) − k(x′, y) over disjoint quadruples (x_{2i}, x_{2i+1},
    /// y_{2i}, y_{2i+1}). Unbiased, linear time and memory in the batch.
    case linear
    /// The quadratic-time (biased, V-statistic) estimator over all pairs:
    /// mean k(x, x′) + mean k(y, y′) − 2 mean k(x, y). Exactly 0 when the two batches are equal.
    case quadratic
}

/// Squared maximum mean discrepancy between two batches of features under a mixture of
/// Gaussian kernels k_σ(a, b) = exp(−‖a − b‖² / (2σ²)), weighted equally (DAN's multi-kernel
/// MMD with β_u = 1/K in place of the paper's quadratic program; one kernel is DDC's MMD).
///
/// Bandwidths are relative to the data: σ²_k = 2^k · d̄, where d̄ is the mean squared distance
/// between the pairs the estimator compares (all pairs of both batches for the quadratic
/// estimator, the quadruples' pairs for the linear one). d̄ is held constant for the gradient,
/// as in DAN's and TLlib's code.
/// - Parameters:
///   - source: `[n, d]` features.
///   - target: `[m, d]` features.
///   - kernelExponents: the k of each kernel (DAN: −2…2).
///   - estimator: The linear-time (DAN's) or quadratic (all pairs) estimator.
///   - baseBandwidth: d̄ fixed by the caller instead of measured on the batch.
/// - Returns: A scalar; 0 when a batch is too small for the estimator (fewer than 2 rows).
public func maximumMeanDiscrepancy(_ source: Tensor, _ target: Tensor, kernelExponents: [Int] = Array(-2...2),
                                   estimator: MMDEstimator = .linear, baseBandwidth: Float? = nil) -> Tensor {
    precondition(source.rank == 2 && target.rank == 2 && source.shape[1] == target.shape[1],
                 "maximumMeanDiscrepancy: expected [n, d] and [m, d] features, got \(source.shape) and \(target.shape)")
    precondition(!kernelExponents.isEmpty, "maximumMeanDiscrepancy: give at least one kernel")
    switch estimator {
    case .quadratic:
        guard source.shape[0] >= 1, target.shape[0] >= 1, source.shape[0] + target.shape[0] >= 2 else { return Tensor(0) }
        return quadraticMMD(source, target, kernelExponents, baseBandwidth)
    case .linear:
        guard min(source.shape[0], target.shape[0]) >= 2 else { return Tensor(0) }
        return linearMMD(source, target, kernelExponents, baseBandwidth)
    }
}

/// The kernel mixture applied to squared distances, with bandwidths relative to `meanDistance`.
private func kernelMixture(_ squaredDistances: Tensor, meanDistance: Float, _ exponents: [Int]) -> Tensor {
    // Collapsed features (all rows equal, d̄ = 0 or denormal) would make 1/d̄ infinite and
    // 0 · ∞ a NaN; below this floor every kernel value is 1 up to rounding anyway.
    let base = max(meanDistance, 1e-12)
    let kernels = exponents.map { k in (squaredDistances * (-1 / (2 * base * Float(pow(2.0, Double(k)))))).exp() }
    return kernels.dropFirst().reduce(kernels[0], +) * (1 / Float(exponents.count))
}

private func quadraticMMD(_ source: Tensor, _ target: Tensor, _ exponents: [Int], _ fixedBase: Float?) -> Tensor {
    let n = source.shape[0], m = target.shape[0], total = n + m
    let all = Tensor.concatenate([source, target])
    let squaredNorms = (all * all).sum(alongAxis: 1, keepingDimension: true)
    let distances = squaredNorms + squaredNorms.transposed() - matmul(all, transposed: false, all, transposed: true) * 2
    let meanDistance = fixedBase ?? distances.detached().sum().scalar / Float(total * (total - 1))
    let kernel = kernelMixture(distances, meanDistance: meanDistance, exponents)
    // Weights 1/n² within the source, 1/m² within the target, −1/(nm) across.
    let weights = Tensor(shape: [total, total], initializingWith: { w in
        for i in 0..<total {
            for j in 0..<total {
                w[i * total + j] = switch (i < n, j < n) {
                case (true, true): 1 / Float(n * n)
                case (false, false): 1 / Float(m * m)
                default: -1 / Float(n * m)
                }
            }
        }
    })
    return (kernel * weights).sum()
}

private func linearMMD(_ source: Tensor, _ target: Tensor, _ exponents: [Int], _ fixedBase: Float?) -> Tensor {
    let pairs = min(source.shape[0], target.shape[0]) / 2
    let even = (0..<pairs).map { 2 * $0 }, odd = (0..<pairs).map { 2 * $0 + 1 }
    let x = source.gathering(atIndices: even), xPrime = source.gathering(atIndices: odd)
    let y = target.gathering(atIndices: even), yPrime = target.gathering(atIndices: odd)
    func squaredDistance(_ a: Tensor, _ b: Tensor) -> Tensor { let difference = a - b; return (difference * difference).sum(alongAxis: 1) }
    // Rows: d(x, x′), d(y, y′), d(x, y′), d(x′, y) for each quadruple.
    let distances = Tensor.concatenate([squaredDistance(x, xPrime), squaredDistance(y, yPrime),
                                        squaredDistance(x, yPrime), squaredDistance(xPrime, y)])
    let meanDistance = fixedBase ?? distances.detached().sum().scalar / Float(4 * pairs)
    let kernel = kernelMixture(distances, meanDistance: meanDistance, exponents)
    let signs = Tensor(shape: [4 * pairs], scalars: [Float](repeating: 1, count: 2 * pairs) + [Float](repeating: -1, count: 2 * pairs))
    return (kernel * signs).sum() * (1 / Float(pairs))
}
