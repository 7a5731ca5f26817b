import Nabla

/// Deep CORAL's loss (Sun & Saenko 2016, eq. 1): ‖C_s − C_t‖²_F / (4d²), where C is the
/// unbiased covariance of a batch of d-dimensional features, (1/(n − 1))·(X − x̄)ᵀ(X − x̄).
/// - Parameters:
///   - source: `[n, d]` features, n ≥ 2.
///   - target: `[m, d]` features, m ≥ 2.
/// - Returns: A scalar; 0 when a batch has fewer than 2 rows (no covariance).
public func correlationAlignmentLoss(_ source: Tensor, _ target: Tensor) -> Tensor {
    precondition(source.rank == 2 && target.rank == 2 && source.shape[1] == target.shape[1],
                 "correlationAlignmentLoss: expected [n, d] and [m, d] features, got \(source.shape) and \(target.shape)")
    guard source.shape[0] >= 2, target.shape[0] >= 2 else { return Tensor(0) }
    let d = Float(source.shape[1])
    let difference = covariance(source) - covariance(target)
    return (difference * difference).sum() * (1 / (4 * d * d))
}

/// The unbiased covariance `[d, d]` of the rows of `[n, d]` features.
public func covariance(_ features: Tensor) -> Tensor {
    let n = features.shape[0]
    let centred = features - features.mean(alongAxis: 0, keepingDimension: true)
    return matmul(centred, transposed: true, centred, transposed: false) * (1 / Float(n - 1))
}
