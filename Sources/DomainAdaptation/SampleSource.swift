import Nabla

/// Samples of one domain that training and evaluation can draw batches from.
public protocol SampleSource: Sendable {
    /// How many samples there are.
    var count: Int { get }
    /// The shape of one model input: `[channels, height, width]` for images, `[features]` for vectors.
    var sampleShape: [Int] { get }
    /// Class labels, one per sample, or `nil` for an unlabeled domain.
    var labels: [Int]? { get }
    /// Model inputs for the given samples: `[indices.count] + sampleShape`, preprocessed.
    func inputs(at indices: [Int]) -> Tensor
}

extension SampleSource {
    /// The number of classes the labels use (largest label + 1), or 0 when unlabeled.
    public var classCount: Int { (labels?.max() ?? -1) + 1 }
}

/// Samples held as a ready-made float tensor (vectors, synthetic data).
public struct TensorSamples: SampleSource {
    public let data: Tensor
    public let labels: [Int]?

    public init(_ data: Tensor, labels: [Int]?) {
        precondition(data.rank >= 2, "TensorSamples: data must be [count, …], got shape \(data.shape)")
        if let labels { precondition(labels.count == data.shape[0], "TensorSamples: \(labels.count) labels for \(data.shape[0]) samples") }
        self.data = data
        self.labels = labels
    }

    public var count: Int { data.shape[0] }
    public var sampleShape: [Int] { Array(data.shape.dropFirst()) }
    public func inputs(at indices: [Int]) -> Tensor { withoutGradients { data.gathering(atIndices: indices) } }
}

/// Draws seeded batches without replacement, reshuffling after each pass over the data.
public struct BatchSampler: Sendable {
    public let count: Int
    public private(set) var generator: SeededGenerator
    private var order: [Int] = []
    private var position = 0

    public init(count: Int, seed: UInt64) {
        precondition(count > 0, "BatchSampler: a domain needs at least one sample")
        self.count = count
        generator = SeededGenerator(seed: seed)
    }

    /// The next `size` indices; a batch may span the end of one shuffled pass and the start of the next.
    public mutating func next(_ size: Int) -> [Int] {
        var batch: [Int] = []
        batch.reserveCapacity(size)
        while batch.count < size {
            if position == order.count {
                order = Array(0..<count)
                order.shuffle(using: &generator)
                position = 0
            }
            let take = min(size - batch.count, order.count - position)
            batch += order[position ..< position + take]
            position += take
        }
        return batch
    }
}
