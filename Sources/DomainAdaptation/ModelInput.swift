import Nabla
import NablaNN

/// A batch of model inputs: a dense tensor (`[rows] + sampleShape`), or sparse rows (CSR) that
/// the extractor's first fully connected layer multiplies without building the dense batch.
public enum ModelInput: Sendable {
    /// `[rows] + sampleShape`.
    case dense(Tensor)
    /// `rows × features`, a constant (no gradient flows to the inputs).
    case sparse(SparseMatrix)

    /// Number of samples in the batch.
    public var rows: Int {
        switch self {
        case .dense(let tensor): tensor.shape[0]
        case .sparse(let matrix): matrix.rows
        }
    }

    /// The samples in `range`.
    public func slice(_ range: Range<Int>) -> ModelInput {
        switch self {
        case .dense(let tensor): .dense(tensor.slice(alongAxis: 0, range))
        case .sparse(let matrix): .sparse(matrix.slice(range))
        }
    }

    /// The dense tensor (sparse rows densified).
    public var denseTensor: Tensor {
        switch self {
        case .dense(let tensor): tensor
        case .sparse(let matrix): withoutGradients { matrix.densified() }
        }
    }

    /// The rows of `parts` one after the other (all dense or all sparse; a mix is densified).
    public static func concatenate(_ parts: [ModelInput]) -> ModelInput {
        let sparse = parts.compactMap { if case .sparse(let matrix) = $0 { matrix } else { nil } }
        if sparse.count == parts.count { return .sparse(SparseMatrix.concatenate(sparse)) }
        return .dense(Tensor.concatenate(parts.map(\.denseTensor)))
    }
}

extension Sequential {
    /// Applies the layers to `input`. Sparse rows go through a first ``Linear`` layer as a
    /// sparse × dense product (same weights, same result as the dense product up to rounding);
    /// a stack that does not start with one gets the densified batch.
    public func callAsFunction(_ input: ModelInput) -> Tensor {
        switch input {
        case .dense(let tensor): return self(tensor)
        case .sparse(let matrix):
            guard let first = layers.first as? Linear else { return self(input.denseTensor) }
            precondition(matrix.columns == first.inputSize, "Sequential: sparse input has \(matrix.columns) features, the first layer takes \(first.inputSize)")
            let product = matmul(matrix, first.weight.value, transposed: true)
            let projected = first.bias.map { product + $0.value } ?? product
            return layers.dropFirst().reduce(projected) { $1($0) }
        }
    }
}
