import Nabla

/// The data a validator may use: labelled source samples held out from training, source training
/// samples, and target samples whose labels are hidden here so that no validator can read them.
public struct ValidationSets: Sendable {
    /// Labelled source samples the model did not train on.
    public let sourceValidation: any SampleSource
    /// Source training samples (the domain classifier's source side, reverse validation's target).
    public let sourceTrain: any SampleSource
    /// Target samples, labels removed.
    public let target: any SampleSource

    /// Up to `limit` evenly spaced samples of each set (validators are quadratic or retrain).
    public init(sourceValidation: any SampleSource, sourceTrain: any SampleSource, target: any SampleSource, limit: Int = 2000) {
        precondition(sourceValidation.labels != nil, "source validation samples need labels")
        self.sourceValidation = IndexedSamples(sourceValidation, evenlySpaced: limit)
        self.sourceTrain = IndexedSamples(sourceTrain, evenlySpaced: limit)
        self.target = UnlabeledSamples(IndexedSamples(target, evenlySpaced: limit))
    }
}

/// Some samples of another source, by index.
public struct IndexedSamples: SampleSource {
    /// The samples drawn from.
    public let base: any SampleSource
    /// Which of them, in order.
    public let indices: [Int]

    /// `indices` of `base`; each must be in `0..<base.count`.
    public init(_ base: any SampleSource, indices: [Int]) {
        precondition(indices.allSatisfy { (0..<base.count).contains($0) }, "sample index out of range")
        self.base = base
        self.indices = indices
    }

    /// At most `limit` evenly spaced samples of `base` (all of them when there are fewer).
    public init(_ base: any SampleSource, evenlySpaced limit: Int) {
        let count = min(limit, base.count)
        self.init(base, indices: (0..<count).map { $0 * base.count / count })
    }

    public var count: Int { indices.count }
    public var sampleShape: [Int] { base.sampleShape }
    public var labels: [Int]? { base.labels.map { labels in indices.map { labels[$0] } } }
    public func inputs(at positions: [Int]) -> Tensor { base.inputs(at: positions.map { indices[$0] }) }
}

/// Another source's samples without their labels.
public struct UnlabeledSamples: SampleSource {
    let base: any SampleSource
    /// Hides the labels of `base`.
    public init(_ base: any SampleSource) { self.base = base }
    public var count: Int { base.count }
    public var sampleShape: [Int] { base.sampleShape }
    public var labels: [Int]? { nil }
    public func inputs(at indices: [Int]) -> Tensor { base.inputs(at: indices) }
}

/// Another source's samples with other labels (reverse validation's self-labelled target).
public struct RelabeledSamples: SampleSource {
    let base: any SampleSource
    public let labels: [Int]?
    /// `base` labelled with `labels`, one per sample.
    public init(_ base: any SampleSource, labels: [Int]) {
        precondition(labels.count == base.count, "one label per sample")
        self.base = base
        self.labels = labels
    }
    public var count: Int { base.count }
    public var sampleShape: [Int] { base.sampleShape }
    public func inputs(at indices: [Int]) -> Tensor { base.inputs(at: indices) }
}
