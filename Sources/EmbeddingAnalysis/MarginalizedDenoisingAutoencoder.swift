import CBLAS
import Foundation
import Nabla

/// Marginalized stacked denoising autoencoders (mSDA; Chen, Xu, Weinberger and Sha, ICML 2012),
/// the unsupervised features of the DANN paper's second Amazon table.
///
/// Each layer is the linear map `W` that best reconstructs its input from copies whose features
/// are each dropped with probability `noise`, in expectation over all corruptions, which has a
/// closed form: with `X̄` the inputs plus a constant 1 feature, `S = X̄ᵀX̄`, `q = (1 − p, …, 1 − p, 1)`,
/// `Q = S ⊙ qqᵀ` (diagonal `qᵢSᵢᵢ`) and `P = S ⊙ 1qᵀ` (its first `d` rows),
/// `W = P (Q + λI)⁻¹`, the bias entry unregularised, as the authors' code does. The layer's
/// output is `tanh(X̄ Wᵀ)`, the next layer's input. The solve is LAPACK's Cholesky (`dposv`, from
/// OpenBLAS), in Double.
public struct MarginalizedDenoisingAutoencoder: Sendable, Equatable {
    /// The corruption probability each layer was fitted with.
    public let noise: Double
    /// The input width `d`.
    public let dimension: Int
    /// Each layer's `W`, `d × (d + 1)` row-major (the last column is the bias).
    public let weights: [[Double]]

    /// Fits `layers` layers to the rows of `samples` (unlabelled: both domains' training rows).
    /// - Throws: `EmbeddingAnalysisError.invalidParameter` for a noise outside [0, 1), no layers,
    ///   fewer than 2 rows, or a system LAPACK finds not positive definite.
    public static func fit(_ samples: FeatureMatrix, layers: Int, noise: Double, regularization: Double = 1e-5) throws -> Self {
        guard noise >= 0 && noise < 1 else { throw EmbeddingAnalysisError.invalidParameter("the mSDA noise must be in [0, 1), got \(noise)") }
        guard layers >= 1 else { throw EmbeddingAnalysisError.invalidParameter("mSDA needs at least one layer, got \(layers)") }
        guard samples.rows >= 2 else { throw EmbeddingAnalysisError.insufficientSamples(required: 2, actual: samples.rows) }
        var input = samples.values.map(Double.init), weights: [[Double]] = []
        for _ in 0..<layers {
            let xBar = withBias(input, rows: samples.rows, dimension: samples.columns)
            let w = try layerWeights(xBar, rows: samples.rows, dimension: samples.columns, noise: noise, regularization: regularization)
            input = apply(w, toBiased: xBar, rows: samples.rows, dimension: samples.columns)
            weights.append(w)
        }
        return Self(noise: noise, dimension: samples.columns, weights: weights)
    }

    /// The representation of `samples`: their own `d` values followed by every layer's `d`
    /// outputs (`d × (layers + 1)` columns), as the DANN paper feeds mSDA to its networks.
    public func representation(of samples: FeatureMatrix) throws -> FeatureMatrix {
        guard samples.columns == dimension else { throw EmbeddingAnalysisError.dimensionMismatch(expected: dimension, actual: samples.columns) }
        let (n, d) = (samples.rows, dimension), width = d * (weights.count + 1)
        var output = [Float](repeating: 0, count: n * width)
        var input = samples.values.map(Double.init)
        for row in 0..<n { for column in 0..<d { output[row * width + column] = samples.values[row * d + column] } }
        for (layer, w) in weights.enumerated() {
            input = Self.apply(w, toBiased: Self.withBias(input, rows: n, dimension: d), rows: n, dimension: d)
            let offset = (layer + 1) * d
            for row in 0..<n { for column in 0..<d { output[row * width + offset + column] = Float(input[row * d + column]) } }
        }
        return try FeatureMatrix(rows: n, columns: width, values: output)
    }

    /// The inputs with a constant 1 appended to each row: `n × (d + 1)`, row-major.
    static func withBias(_ x: [Double], rows n: Int, dimension d: Int) -> [Double] {
        var out = [Double](repeating: 1, count: n * (d + 1))
        for row in 0..<n { for column in 0..<d { out[row * (d + 1) + column] = x[row * d + column] } }
        return out
    }

    /// One layer's closed-form `W` (`d × (d + 1)`, row-major) from its inputs with the bias
    /// column, `xBar` (``withBias(_:rows:dimension:)``).
    static func layerWeights(_ xBar: [Double], rows n: Int, dimension d: Int, noise p: Double, regularization: Double) throws -> [Double] {
        let m = d + 1
        var s = [Double](repeating: 0, count: m * m)
        withExclusiveBLAS {
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(m), Int32(n), 1, xBar, Int32(m), xBar, Int32(m), 0, &s, Int32(m))
        }
        let q = [Double](repeating: 1 - p, count: d) + [1]
        // Q + λI (bias entry unregularised) and P's first d rows; P's rows, read column-major, are Pᵀ.
        var system = [Double](repeating: 0, count: m * m), right = [Double](repeating: 0, count: d * m)
        for i in 0..<m {
            for j in 0..<m {
                system[i * m + j] = i == j ? q[i] * s[i * m + i] + (i < d ? regularization : 0) : s[i * m + j] * q[i] * q[j]
                if i < d { right[i * m + j] = s[i * m + j] * q[j] }
            }
        }
        // Solves (Q + λI) Z = Pᵀ; Q is symmetric, so Z = Wᵀ and its columns are W's rows.
        var order = Int32(m), count = Int32(d), info: Int32 = 0
        let uplo: CChar = 85  // "U"
        withExclusiveBLAS {
            withUnsafePointer(to: uplo) { uplo in dposv_(uplo, &order, &count, &system, &order, &right, &order, &info) }
        }
        guard info == 0 else {
            throw EmbeddingAnalysisError.invalidParameter("the mSDA system is not positive definite (LAPACK dposv info \(info)); raise the regularization")
        }
        return right
    }

    /// `tanh(X̄ Wᵀ)`: one layer's output, `n × d` row-major, from its inputs with the bias column.
    static func apply(_ w: [Double], toBiased xBar: [Double], rows n: Int, dimension d: Int) -> [Double] {
        var h = [Double](repeating: 0, count: n * d)
        withExclusiveBLAS {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(d), Int32(d + 1), 1, xBar, Int32(d + 1), w, Int32(d + 1), 0, &h, Int32(d))
        }
        return h.map { Foundation.tanh($0) }
    }
}
