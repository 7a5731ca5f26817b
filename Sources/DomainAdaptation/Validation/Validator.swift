/// A label-free way to score a trained model: how a practitioner can compare models (methods,
/// λ, learning rates, checkpoints) when the target domain has no labels. Each uses labelled
/// *source* data the model did not train on and unlabelled target data; none reads target labels.
public enum Validator: String, CaseIterable, Codable, Sendable {
    /// Accuracy on held-out labelled source samples. Higher is better.
    case sourceAccuracy = "source-accuracy"
    /// Reverse validation (Ganin et al. 2016, §5.1.2): self-label the target with the model, train
    /// a reverse model (initialised from it) on those labels with the source as its unlabelled
    /// target, and score it on the held-out source samples. Higher is better.
    case reverseValidation = "reverse-validation"
    /// Importance-weighted source validation loss (IWCV). Lower is better.
    case iwcv
    /// Deep embedded validation: IWCV with a control variate (You et al. 2019). Lower is better.
    case dev
    /// Mean entropy of the target predictions. Lower is better.
    case entropy
    /// Information maximisation of the target predictions. Higher is better.
    case informationMaximization = "information-maximization"
    /// Soft neighbourhood density of the target predictions (T = 0.05). Higher is better.
    case snd

    /// Whether a larger value means a better model.
    public var higherIsBetter: Bool {
        switch self {
        case .sourceAccuracy, .reverseValidation, .informationMaximization, .snd: true
        case .iwcv, .dev, .entropy: false
        }
    }

    /// The value oriented so that larger is always better (for ranking and selection).
    public func preference(_ value: Double) -> Double { higherIsBetter ? value : -value }

    /// The validators that need no retraining.
    public static let cheap: [Validator] = allCases.filter { $0 != .reverseValidation }
}
