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
    /// The batch training and evaluation feed the network: ``inputs(at:)`` by default; sparse
    /// sources hand out their rows without densifying them.
    func batch(at indices: [Int]) -> ModelInput
    /// The batch of training step `step` (run seed `seed`): ``batch(at:)`` by default; augmented
    /// images (``AugmentedImageSamples``) draw their random transforms from the step and seed.
    func trainingBatch(at indices: [Int], step: Int, seed: UInt64) -> ModelInput
}

extension SampleSource {
    /// The dense ``inputs(at:)``.
    public func batch(at indices: [Int]) -> ModelInput { .dense(inputs(at: indices)) }

    /// The unaugmented ``batch(at:)``.
    public func trainingBatch(at indices: [Int], step: Int, seed: UInt64) -> ModelInput { batch(at: indices) }

    /// The number of classes the labels use (largest label + 1), or 0 when unlabeled.
    public var classCount: Int { (labels?.max() ?? -1) + 1 }
}

/// Samples held as a ready-made float tensor (vectors, synthetic data).
public struct TensorSamples: SampleSource {
    /// All samples, `[count] + sampleShape`, already preprocessed.
    public let data: Tensor
    /// One class label per sample, or nil for an unlabeled domain.
    public let labels: [Int]?

    /// Samples from `data` (`[count, …]`, rank at least 2); traps when `labels` is given but its
    /// length is not `count`.
    public init(_ data: Tensor, labels: [Int]?) {
        precondition(data.rank >= 2, "TensorSamples: data must be [count, …], got shape \(data.shape)")
        if let labels { precondition(labels.count == data.shape[0], "TensorSamples: \(labels.count) labels for \(data.shape[0]) samples") }
        self.data = data
        self.labels = labels
    }

    /// The number of samples, `data.shape[0]`.
    public var count: Int { data.shape[0] }
    /// The shape of one sample, `data.shape` without its first axis.
    public var sampleShape: [Int] { Array(data.shape.dropFirst()) }
    /// The rows of `data` at `indices`, `[indices.count] + sampleShape`, outside any gradient tape.
    public func inputs(at indices: [Int]) -> Tensor { withoutGradients { data.gathering(atIndices: indices) } }
}

/// Draws seeded batches without replacement, reshuffling after each pass over the data.
///
/// The order of pass `e` depends only on the seed and `e`, so the whole state is the number of
/// samples drawn so far: a resumed run continues exactly where it stopped.
public struct BatchSampler: Sendable {
    /// The size of the domain; indices are in `0..<count`.
    public let count: Int
    /// Seed of the shuffles: pass `e` is shuffled with a generator derived from `seed` and `e`.
    public let seed: UInt64
    /// Samples handed out so far (the sampler's entire state).
    public private(set) var drawn = 0
    private var pass = -1
    private var order: [Int] = []

    /// A sampler over `count` samples (positive, else a trap) that has already handed out `drawn`
    /// samples: pass the `drawn` of a saved sampler to continue where it stopped.
    public init(count: Int, seed: UInt64, drawn: Int = 0) {
        precondition(count > 0, "BatchSampler: a domain needs at least one sample")
        self.count = count
        self.seed = seed
        self.drawn = drawn
    }

    /// The next `size` indices; a batch may span the end of one shuffled pass and the start of the next.
    public mutating func next(_ size: Int) -> [Int] {
        var batch: [Int] = []
        batch.reserveCapacity(size)
        while batch.count < size {
            let currentPass = drawn / count, position = drawn % count
            if currentPass != pass {
                var generator = SeededGenerator(seed: seed &+ UInt64(currentPass) &* 0x9E37_79B9_7F4A_7C15)
                order = Array(0..<count)
                order.shuffle(using: &generator)
                pass = currentPass
            }
            let take = min(size - batch.count, count - position)
            batch += order[position ..< position + take]
            drawn += take
        }
        return batch
    }
}
