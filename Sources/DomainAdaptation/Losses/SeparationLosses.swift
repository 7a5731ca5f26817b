import Nabla

/// The scale-invariant mean squared error of domain separation networks (Bousmalis et al. 2016,
/// eq. 4; Eigen et al. 2014), per sample and averaged over the batch:
/// (1/k)‖x − x̂‖² − (1/k²)((x − x̂)·1)², with k the values of one sample. It ignores a constant
/// offset between reconstruction and input, so the decoder spends its capacity on shape.
/// - Parameters:
///   - reconstruction: `[n, …]` predictions.
///   - input: The inputs, of the same shape (constants or not).
public func scaleInvariantMeanSquaredError(_ reconstruction: Tensor, _ input: Tensor) -> Tensor {
    precondition(reconstruction.shape == input.shape && reconstruction.rank >= 1,
                 "scaleInvariantMeanSquaredError: shapes \(reconstruction.shape) and \(input.shape) differ")
    let n = reconstruction.shape[0]
    guard n > 0 else { return Tensor(0) }
    let difference = (input - reconstruction).reshaped(to: [n, -1])
    let k = Float(difference.shape[1])
    let squares = difference.squared().sum(alongAxis: 1) * (1 / k)
    let offsets = difference.sum(alongAxis: 1).squared() * (1 / (k * k))
    return (squares - offsets).mean()
}

/// The difference loss of domain separation networks (Bousmalis et al. 2016, eq. 5), in the form
/// of the authors' code: both codes are centred over the batch and scaled to unit rows, and the
/// loss is the mean of the squared entries of H_cᵀ H_p — zero when every shared feature is
/// uncorrelated with every private one over the batch, so the private encoder cannot carry what
/// the shared one does.
/// - Parameters:
///   - shared: `[n, d]` shared codes.
///   - private: `[n, e]` private codes of the same samples.
public func separationDifferenceLoss(shared: Tensor, private: Tensor) -> Tensor {
    precondition(shared.rank == 2 && `private`.rank == 2 && shared.shape[0] == `private`.shape[0],
                 "separationDifferenceLoss: expected [n, d] and [n, e] codes, got \(shared.shape) and \(`private`.shape)")
    func normalised(_ codes: Tensor) -> Tensor {
        let centred = codes - codes.mean(alongAxis: 0, keepingDimension: true)
        // The small constant keeps an all-zero row (a dead ReLU code) finite.
        return centred / (centred.squared().sum(alongAxis: 1, keepingDimension: true) + 1e-12).squareRoot()
    }
    let correlation = matmul(normalised(shared), transposed: true, normalised(`private`), transposed: false)
    return correlation.squared().mean()
}
