/// A dataset of sparse feature vectors in compressed sparse row (CSR) form, e.g. bag-of-words
/// counts loaded from svmlight/libsvm files: row `r` has the entries
/// `rowOffsets[r] ..< rowOffsets[r + 1]` of `columnIndices` (0-based, strictly increasing
/// within a row) and `values`.
public struct SparseDataset: Sendable, Equatable, CustomStringConvertible {
    /// A short name for messages (usually the file name).
    public var name: String
    /// Number of columns (the feature dimension); every column index is below it.
    public let featureCount: Int
    /// `count + 1` offsets into ``columnIndices`` and ``values``, starting at 0.
    public let rowOffsets: [Int]
    /// 0-based column of each stored entry.
    public let columnIndices: [Int32]
    /// Value of each stored entry.
    public let values: [Float]
    /// One 0-based class label per row, or `nil` for an unlabelled dataset.
    public let labels: [Int]?
    /// The base of the indices in the file it was read from (0 or 1; 0 for data built in memory),
    /// so that domains read with different bases can be refused.
    public var indexBase = 0

    /// The most columns a sparse dataset may have (indices are stored as 32-bit integers, and a
    /// first layer of 2²⁴ inputs is already 64 MB of weights per hidden unit row block).
    public static let maximumFeatureCount = 1 << 24

    /// Creates a dataset, checking that the CSR arrays fit together.
    public init(name: String, featureCount: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Float], labels: [Int]?) throws {
        guard featureCount > 0, featureCount <= Self.maximumFeatureCount else {
            throw DataError.invalidDataset(file: name, reason: "feature count \(featureCount) must be in 1…\(Self.maximumFeatureCount)")
        }
        guard let first = rowOffsets.first, first == 0, rowOffsets.last == columnIndices.count, columnIndices.count == values.count,
              zip(rowOffsets, rowOffsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw DataError.invalidDataset(file: name, reason: "row offsets, column indices and values do not form a CSR matrix")
        }
        for row in 0 ..< rowOffsets.count - 1 {
            var previous: Int32 = -1
            for column in columnIndices[rowOffsets[row] ..< rowOffsets[row + 1]] {
                guard column > previous, Int(column) < featureCount else {
                    throw DataError.invalidDataset(file: name, reason: "row \(row): column \(column) is out of order or outside 0..<\(featureCount)")
                }
                previous = column
            }
        }
        if let labels {
            guard labels.count == rowOffsets.count - 1 else {
                throw DataError.invalidDataset(file: name, reason: "label count \(labels.count) does not match row count \(rowOffsets.count - 1)")
            }
            if let bad = labels.firstIndex(where: { $0 < 0 }) {
                throw DataError.invalidDataset(file: name, reason: "label \(labels[bad]) of row \(bad) is negative")
            }
        }
        self.name = name
        self.featureCount = featureCount
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
        self.labels = labels
    }

    /// Number of rows (samples).
    public var count: Int { rowOffsets.count - 1 }
    /// Number of stored entries.
    public var storedCount: Int { values.count }
    /// Max label + 1, or `nil` when unlabelled.
    public var classCount: Int? { labels.map { ($0.max() ?? -1) + 1 } }

    /// The same rows seen with `featureCount` columns (at least the current count; a wider
    /// dimension only adds empty columns).
    public func widened(to featureCount: Int) throws -> SparseDataset {
        guard featureCount != self.featureCount else { return self }
        guard featureCount > self.featureCount else {
            throw DataError.invalidDataset(file: name, reason: "has features up to index \(self.featureCount - 1), beyond the \(featureCount) features asked for")
        }
        return try SparseDataset(name: name, featureCount: featureCount, rowOffsets: rowOffsets, columnIndices: columnIndices, values: values, labels: labels)
    }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: some Collection<Int>) -> SparseDataset {
        var offsets = [0], columns: [Int32] = [], kept: [Float] = []
        offsets.reserveCapacity(indices.count + 1)
        for row in indices {
            let range = rowOffsets[row] ..< rowOffsets[row + 1]
            columns += columnIndices[range]
            kept += values[range]
            offsets.append(columns.count)
        }
        // The parts of a valid dataset form a valid dataset.
        return try! SparseDataset(name: name, featureCount: featureCount, rowOffsets: offsets, columnIndices: columns, values: kept,
                                  labels: labels.map { labels in indices.map { labels[$0] } })
    }

    /// All rows as a dense row-major `count × featureCount` matrix (for small data and tests).
    public func densified() -> [Float] {
        var dense = [Float](repeating: 0, count: count * featureCount)
        for row in 0..<count {
            for entry in rowOffsets[row] ..< rowOffsets[row + 1] { dense[row * featureCount + Int(columnIndices[entry])] = values[entry] }
        }
        return dense
    }

    public var description: String {
        let labelText = classCount.map { "\($0) classes" } ?? "unlabelled"
        return "\(name): \(count) rows x \(featureCount) features (\(storedCount) stored entries), \(labelText)"
    }
}
