/// A dense, row-major matrix of `Float` features with one sample per row.
///
/// The initialisers validate the shape and reject NaN and infinite values, so every
/// `FeatureMatrix` in existence is consistent: `values.count == rows * columns` and
/// all values are finite. Element `(r, c)` is stored at `values[r * columns + c]`.
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of samples (rows).
    public let rows: Int
    /// Number of features per sample (columns).
    public let columns: Int
    /// Row-major storage, `rows * columns` finite values.
    public let values: [Float]

    /// Creates a matrix from row-major values.
    ///
    /// - Throws: `EmbeddingAnalysisError.invalidShape` if a size is negative or
    ///   `values.count != rows * columns`; `.nonFiniteValue` if any value is NaN or infinite.
    public init(rows: Int, columns: Int, values: [Float]) throws {
        guard rows >= 0, columns >= 0 else {
            throw EmbeddingAnalysisError.invalidShape("rows (\(rows)) and columns (\(columns)) must be non-negative")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count == values.count else {
            throw EmbeddingAnalysisError.invalidShape(
                "\(rows) x \(columns) matrix needs \(rows &* columns) values, got \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw EmbeddingAnalysisError.nonFiniteValue(row: bad / columns, column: bad % columns)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Creates a matrix from an array of equally long rows.
    ///
    /// An empty array gives a `0 x 0` matrix.
    /// - Throws: `EmbeddingAnalysisError.invalidShape` for ragged rows, `.nonFiniteValue` for NaN/infinity.
    public init(rowVectors: [[Float]]) throws {
        let columns = rowVectors.first?.count ?? 0
        var flat: [Float] = []
        flat.reserveCapacity(rowVectors.count * columns)
        for (index, row) in rowVectors.enumerated() {
            guard row.count == columns else {
                throw EmbeddingAnalysisError.invalidShape("row \(index) has \(row.count) columns, expected \(columns)")
            }
            flat.append(contentsOf: row)
        }
        try self.init(rows: rowVectors.count, columns: columns, values: flat)
    }

    /// Internal initialiser for values already known to be valid.
    init(uncheckedRows rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "FeatureMatrix shape mismatch")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The element at `(row, column)`.
    public subscript(row: Int, column: Int) -> Float {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns, "FeatureMatrix index out of range")
        return values[row * columns + column]
    }

    /// The values of one row.
    public func row(_ index: Int) -> ArraySlice<Float> {
        precondition(index >= 0 && index < rows, "FeatureMatrix row index out of range")
        return values[(index * columns)..<((index + 1) * columns)]
    }

    /// The rows as separate arrays.
    public var rowVectors: [[Float]] {
        (0..<rows).map { Array(row($0)) }
    }

    /// The values converted to `Double`, row-major.
    var doubleValues: [Double] {
        values.map { Double($0) }
    }

    /// A new matrix made of the given rows, in the given order.
    func selectingRows(_ indices: [Int]) -> FeatureMatrix {
        var out: [Float] = []
        out.reserveCapacity(indices.count * columns)
        for index in indices {
            out.append(contentsOf: row(index))
        }
        return FeatureMatrix(uncheckedRows: indices.count, columns: columns, values: out)
    }

    /// The rows of `top` followed by the rows of `bottom`; both must have the same width.
    static func stacking(_ top: FeatureMatrix, _ bottom: FeatureMatrix) -> FeatureMatrix {
        precondition(top.columns == bottom.columns, "cannot stack matrices of different widths")
        return FeatureMatrix(uncheckedRows: top.rows + bottom.rows, columns: top.columns,
                             values: top.values + bottom.values)
    }
}
