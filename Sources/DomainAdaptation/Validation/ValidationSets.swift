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
        self.sourceValidation = SampleSubset(sourceValidation, evenlySpaced: limit)
        self.sourceTrain = SampleSubset(sourceTrain, evenlySpaced: limit)
        self.target = SampleSubset.unlabeled(target, evenlySpaced: limit)
    }
}
