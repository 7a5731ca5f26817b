/// A constant sparse matrix in compressed sparse row (CSR) form: a batch of sparse inputs
/// (bag-of-words counts) that a first layer multiplies by dense weights without ever building the
/// dense batch. It takes part in products as a constant: gradients flow to the dense operand only.
public struct SparseMatrix: Sendable, Equatable {
    /// Number of rows (samples).
    public let rows: Int
    /// Number of columns (features).
    public let columns: Int
    /// `rows + 1` offsets into ``columnIndices`` and ``values``, starting at 0.
    public let rowOffsets: [Int]
    /// The column of each stored entry, in `0..<columns`.
    public let columnIndices: [Int32]
    /// The value of each stored entry.
    public let values: [Float]

    /// A matrix from CSR arrays; traps when they do not fit together (callers build them from
    /// validated datasets).
    public init(rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Float]) {
        precondition(rows >= 0 && columns >= 0 && rowOffsets.count == rows + 1 && rowOffsets.first == 0
                     && rowOffsets.last == columnIndices.count && columnIndices.count == values.count,
                     "SparseMatrix: \(rowOffsets.count) offsets, \(columnIndices.count) indices and \(values.count) values do not describe \(rows) rows")
        precondition(columnIndices.allSatisfy { $0 >= 0 && Int($0) < columns }, "SparseMatrix: a column index is outside 0..<\(columns)")
        self.rows = rows
        self.columns = columns
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The rows in `range`.
    public func slice(_ range: Range<Int>) -> SparseMatrix {
        let first = rowOffsets[range.lowerBound], last = rowOffsets[range.upperBound]
        return SparseMatrix(rows: range.count, columns: columns, rowOffsets: rowOffsets[range.lowerBound ... range.upperBound].map { $0 - first },
                            columnIndices: Array(columnIndices[first..<last]), values: Array(values[first..<last]))
    }

    /// The rows of `parts`, one after the other; all must have the same number of columns.
    public static func concatenate(_ parts: [SparseMatrix]) -> SparseMatrix {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.columns == parts[0].columns }, "SparseMatrix.concatenate: needs parts of equal width")
        var offsets = [0], columns: [Int32] = [], values: [Float] = []
        for part in parts {
            offsets += part.rowOffsets.dropFirst().map { $0 + columns.count }
            columns += part.columnIndices
            values += part.values
        }
        return SparseMatrix(rows: parts.reduce(0) { $0 + $1.rows }, columns: parts[0].columns, rowOffsets: offsets, columnIndices: columns, values: values)
    }

    /// The dense `[rows, columns]` tensor.
    public func densified() -> Tensor {
        Tensor.build(shape: [rows, columns]) { out in
            out.initialize(repeating: 0, count: rows * columns)
            for row in 0..<rows {
                for entry in rowOffsets[row] ..< rowOffsets[row + 1] { out[row * columns + Int(columnIndices[entry])] = values[entry] }
            }
        }
    }
}

/// The product `lhs · op(rhs)` of a sparse `[m, k]` matrix and a dense matrix (`[k, n]`, or
/// `[n, k]` when `transposed`, the layout of a `Linear` layer's weight), differentiable in `rhs`.
///
/// The cost is proportional to the stored entries times `n`, not to `m · k · n`: a batch of
/// reviews with ~90 of 5,000 words each costs 1/50 of the dense product. The gradient with
/// respect to `rhs` is dense (its shape), nonzero only in the columns the batch uses.
public func matmul(_ lhs: SparseMatrix, _ rhs: Tensor, transposed: Bool = false) -> Tensor {
    precondition(rhs.rank == 2, "matmul(sparse, dense): expected a matrix, got shape \(rhs.shape)")
    let k = transposed ? rhs.shape[1] : rhs.shape[0], n = transposed ? rhs.shape[0] : rhs.shape[1]
    precondition(lhs.columns == k, "matmul(sparse, dense): inner dimensions differ: [\(lhs.rows), \(lhs.columns)] and \(rhs.shape)\(transposed ? "ᵀ" : "")")
    let m = lhs.rows
    let result = rhs.withUnsafeBufferPointer { w in
        Tensor.build(shape: [m, n]) { out in
            out.initialize(repeating: 0, count: m * n)
            for row in 0..<m {
                let target = out + row * n
                for entry in lhs.rowOffsets[row] ..< lhs.rowOffsets[row + 1] {
                    let column = Int(lhs.columnIndices[entry]), value = lhs.values[entry]
                    if transposed {
                        // rhs is [n, k]: column `column` of rhs, strided by k.
                        for o in 0..<n { target[o] += value * w[o * k + column] }
                    } else {
                        let source = w.baseAddress! + column * n
                        for o in 0..<n { target[o] += value * source[o] }
                    }
                }
            }
        }
    }
    return Tensor.recording(result, from: [rhs], name: "sparseMatmul") { upstream in
        // d(rhs)[o, c] (transposed) or [c, o] = Σ_rows upstream[row, o] · lhs[row, c].
        let gradient = upstream.withUnsafeBufferPointer { up in
            Tensor.build(shape: rhs.shape) { out in
                out.initialize(repeating: 0, count: k * n)
                for row in 0..<m {
                    let u = up.baseAddress! + row * n
                    for entry in lhs.rowOffsets[row] ..< lhs.rowOffsets[row + 1] {
                        let column = Int(lhs.columnIndices[entry]), value = lhs.values[entry]
                        if transposed {
                            for o in 0..<n { out[o * k + column] += u[o] * value }
                        } else {
                            let target = out + column * n
                            for o in 0..<n { target[o] += u[o] * value }
                        }
                    }
                }
            }
        }
        return [gradient]
    }
}
