import Nabla

/// Labeled samples of another source at given positions (a validation split, a subset).
public struct SampleSubset: SampleSource {
    /// The samples the positions index.
    public let base: any SampleSource
    /// The positions kept, in order.
    public let indices: [Int]
    /// Replaces the base's labels (self-labels in reverse validation); nil keeps them.
    let replacedLabels: [Int]?

    /// The samples of `base` at `indices`, with their labels (or `labels`, one per index, instead).
    public init(_ base: any SampleSource, indices: [Int], labels: [Int]? = nil) {
        precondition(labels == nil || labels!.count == indices.count, "SampleSubset: one label per index")
        self.base = base
        self.indices = indices
        replacedLabels = labels
    }

    /// At most `limit` evenly spaced samples of `base` (all of them when there are fewer).
    public init(_ base: any SampleSource, evenlySpaced limit: Int) {
        let count = min(limit, base.count)
        self.init(base, indices: (0..<count).map { $0 * base.count / count })
    }

    /// The samples of `base` at `indices` with no labels.
    public static func unlabeled(_ base: any SampleSource, indices: [Int]) -> SampleSubset {
        SampleSubset(UnlabeledSamples(base), indices: indices)
    }

    /// At most `limit` evenly spaced samples of `base`, with no labels.
    public static func unlabeled(_ base: any SampleSource, evenlySpaced limit: Int) -> SampleSubset {
        SampleSubset(UnlabeledSamples(base), evenlySpaced: limit)
    }

    public var count: Int { indices.count }
    public var sampleShape: [Int] { base.sampleShape }
    public var labels: [Int]? { replacedLabels ?? base.labels.map { labels in indices.map { labels[$0] } } }
    public func inputs(at positions: [Int]) -> Tensor { base.inputs(at: positions.map { indices[$0] }) }
    public func batch(at positions: [Int]) -> ModelInput { base.batch(at: positions.map { indices[$0] }) }
    public func trainingBatch(at positions: [Int], step: Int, seed: UInt64) -> ModelInput {
        base.trainingBatch(at: positions.map { indices[$0] }, step: step, seed: seed)
    }
}

/// Another source with its labels hidden (an unlabelled target, a validator's view of one).
public struct UnlabeledSamples: SampleSource {
    let base: any SampleSource
    /// `base` without its labels.
    public init(_ base: any SampleSource) { self.base = base }
    public var count: Int { base.count }
    public var sampleShape: [Int] { base.sampleShape }
    public var labels: [Int]? { nil }
    public func inputs(at indices: [Int]) -> Tensor { base.inputs(at: indices) }
    public func batch(at indices: [Int]) -> ModelInput { base.batch(at: indices) }
    public func trainingBatch(at indices: [Int], step: Int, seed: UInt64) -> ModelInput { base.trainingBatch(at: indices, step: step, seed: seed) }
}
