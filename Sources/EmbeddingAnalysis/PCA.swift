import CBLAS
import Nabla

/// Principal component analysis fitted on a `FeatureMatrix`.
///
/// `fit` centres the data, forms the sample covariance (denominator `rows - 1`) in
/// `Double`, eigen-decomposes it (LAPACK's `dsyevd` through OpenBLAS, see
/// `SymmetricEigendecomposition`) and keeps the top `componentCount` eigenvectors.
///
/// Sign convention: every component is flipped so that its largest-magnitude entry
/// (the first one on ties) is positive, which makes the result deterministic.
public struct PCA: Sendable {
    /// Number of input features the model was fitted on.
    public let inputDimension: Int
    /// Number of retained components (output columns of `transform`).
    public let componentCount: Int
    /// Per-feature mean of the training data.
    public let mean: [Double]
    /// Components, row-major `componentCount x inputDimension`; row k is the k-th unit-norm principal axis.
    public let componentValues: [Double]
    /// Variance of the data along each retained component (eigenvalues of the covariance, descending, clamped at 0).
    public let explainedVariance: [Double]
    /// `explainedVariance` divided by the total variance (the sum of all clamped eigenvalues);
    /// descending, each in `[0, 1]`, summing to at most 1. All zero for constant data.
    public let explainedVarianceRatio: [Double]

    /// The retained components as separate unit vectors, most significant first.
    public var components: [[Double]] {
        (0..<componentCount).map { k in
            Array(componentValues[(k * inputDimension)..<((k + 1) * inputDimension)])
        }
    }

    /// Fits PCA on `data` and keeps the top `componentCount` principal components.
    ///
    /// - Parameters:
    ///   - data: at least two samples.
    ///   - componentCount: in `1...data.columns`.
    /// - Throws: `EmbeddingAnalysisError.insufficientSamples` for fewer than 2 rows,
    ///   `.invalidParameter` for an out-of-range `componentCount`.
    public static func fit(_ data: FeatureMatrix, componentCount: Int) throws -> PCA {
        guard data.rows >= 2 else {
            throw EmbeddingAnalysisError.insufficientSamples(required: 2, actual: data.rows)
        }
        guard componentCount >= 1, componentCount <= data.columns else {
            throw EmbeddingAnalysisError.invalidParameter(
                "componentCount must be in 1...\(data.columns), got \(componentCount)")
        }
        let n = data.rows, dim = data.columns
        var mean = [Double](repeating: 0, count: dim)
        data.values.withUnsafeBufferPointer { x in
            for r in 0..<n {
                for c in 0..<dim { mean[c] += Double(x[r * dim + c]) }
            }
        }
        for c in 0..<dim { mean[c] /= Double(n) }

        // The sample covariance XᵀX/(n − 1) of the centred rows, by BLAS's symmetric rank-k update.
        var centred = [Double](repeating: 0, count: n * dim)
        data.values.withUnsafeBufferPointer { x in
            for r in 0..<n { for c in 0..<dim { centred[r * dim + c] = Double(x[r * dim + c]) - mean[c] } }
        }
        var covariance = [Double](repeating: 0, count: dim * dim)
        withExclusiveBLAS {
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(dim), Int32(n), 1 / Double(n - 1),
                        centred, Int32(dim), 0, &covariance, Int32(dim))
        }
        for i in 0..<dim { for j in (i + 1)..<max(dim, i + 1) { covariance[j * dim + i] = covariance[i * dim + j] } }

        let eigen = SymmetricEigendecomposition(symmetric: covariance, dimension: dim)
        let clamped = eigen.eigenvalues.map { max($0, 0) }
        let total = clamped.reduce(0, +)
        let variance = Array(clamped.prefix(componentCount))
        let ratio = variance.map { total > 0 ? min($0 / total, 1) : 0 }
        return PCA(inputDimension: dim, componentCount: componentCount, mean: mean,
                   componentValues: Array(eigen.eigenvectors.prefix(componentCount * dim)),
                   explainedVariance: variance, explainedVarianceRatio: ratio)
    }

    private init(inputDimension: Int, componentCount: Int, mean: [Double], componentValues: [Double],
                 explainedVariance: [Double], explainedVarianceRatio: [Double]) {
        self.inputDimension = inputDimension
        self.componentCount = componentCount
        self.mean = mean
        self.componentValues = componentValues
        self.explainedVariance = explainedVariance
        self.explainedVarianceRatio = explainedVarianceRatio
    }

    /// Projects `data` onto the retained components: `(x - mean) · componentᵀ`.
    ///
    /// - Precondition: `data.columns == inputDimension`.
    /// - Returns: a `data.rows x componentCount` matrix of principal-component scores.
    public func transform(_ data: FeatureMatrix) -> FeatureMatrix {
        let projected = projectedValues(data)
        return FeatureMatrix(uncheckedRows: data.rows, columns: componentCount,
                             values: projected.map { Float($0) })
    }

    /// Like `transform`, but keeps full `Double` precision (row-major `rows x componentCount`).
    func projectedValues(_ data: FeatureMatrix) -> [Double] {
        precondition(data.columns == inputDimension,
                     "PCA was fitted on \(inputDimension) features, got \(data.columns)")
        let n = data.rows, dim = inputDimension, k = componentCount
        var output = [Double](repeating: 0, count: n * k)
        var centred = [Double](repeating: 0, count: dim)
        data.values.withUnsafeBufferPointer { x in
            componentValues.withUnsafeBufferPointer { w in
                centred.withUnsafeMutableBufferPointer { row in
                    for r in 0..<n {
                        for c in 0..<dim { row[c] = Double(x[r * dim + c]) - mean[c] }
                        for component in 0..<k {
                            let axis = w.baseAddress! + component * dim
                            var sum = 0.0
                            for c in 0..<dim { sum += row[c] * axis[c] }
                            output[r * k + component] = sum
                        }
                    }
                }
            }
        }
        return output
    }
}
