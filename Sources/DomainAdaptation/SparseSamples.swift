import DomainData
import Nabla

/// How sparse feature vectors (svmlight files) become model inputs; stored in checkpoints.
///
/// The values are used as they are (`scaling: none`): the DANN paper feeds the Amazon reviews'
/// word and bigram counts raw to its network, and centring them, as dense vectors are, would
/// make every row dense.
public struct SparseVectorPreprocessing: Sendable, Codable, Equatable {
    /// The feature dimension the network was built for.
    public var featureCount: Int
    /// The base (0 or 1) of the training files' feature indices: files read for evaluation or
    /// prediction are read with it.
    public var indexBase: Int
    /// How values are scaled; only `none` (raw values) so far.
    public var scaling: Scaling = .none

    /// A scaling of sparse values.
    public enum Scaling: String, Sendable, Codable {
        /// Values used as they are.
        case none
    }

    /// Raw values of `featureCount` features, indices read with `indexBase`.
    public init(featureCount: Int, indexBase: Int) {
        self.featureCount = featureCount
        self.indexBase = indexBase
    }

    /// How files for this model are read: its base and its dimension.
    public var readingOptions: SVMLightOptions { SVMLightOptions(indexBase: indexBase, featureCount: featureCount) }
}

/// A sparse dataset as a sample source: batches are sparse rows (``ModelInput/sparse(_:)``);
/// ``inputs(at:)`` densifies, for code that needs a dense tensor.
public struct SparseSamples: SampleSource {
    /// The rows, in CSR form.
    public let dataset: SparseDataset
    /// The dataset's labels, or nil when they are hidden (the target during training).
    public let labels: [Int]?

    /// Samples of `dataset`, its labels exposed unless `exposesLabels` is false.
    public init(_ dataset: SparseDataset, exposesLabels: Bool = true) {
        self.dataset = dataset
        labels = exposesLabels ? dataset.labels : nil
    }

    /// The number of rows.
    public var count: Int { dataset.count }
    /// `[featureCount]`.
    public var sampleShape: [Int] { [dataset.featureCount] }

    /// The rows at `indices` as a sparse matrix.
    public func sparseRows(at indices: [Int]) -> SparseMatrix {
        var offsets = [0], columns: [Int32] = [], values: [Float] = []
        offsets.reserveCapacity(indices.count + 1)
        for index in indices {
            let range = dataset.rowOffsets[index] ..< dataset.rowOffsets[index + 1]
            columns += dataset.columnIndices[range]
            values += dataset.values[range]
            offsets.append(columns.count)
        }
        return SparseMatrix(rows: indices.count, columns: dataset.featureCount, rowOffsets: offsets, columnIndices: columns, values: values)
    }

    /// Sparse rows: the extractor's first layer multiplies them without densifying.
    public func batch(at indices: [Int]) -> ModelInput { .sparse(sparseRows(at: indices)) }
    /// The rows densified, `[indices.count, featureCount]`.
    public func inputs(at indices: [Int]) -> Tensor { sparseRows(at: indices).densified() }
}
