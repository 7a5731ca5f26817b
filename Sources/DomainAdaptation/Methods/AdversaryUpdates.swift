import Nabla
import NablaNN

/// How a parameter group is optimised.
public enum OptimizerSettings: Sendable, Equatable {
    /// The run's optimizer: SGD with the run's momentum and weight decay, at the scheduled learning
    /// rate times the group's multiplier.
    case runDefault
    /// Adam at a fixed learning rate (times the group's multiplier), as GAN-style adversaries are
    /// trained: ADDA's discriminator and target encoder (β1 = 0.5), WDGRL's critic.
    case adam(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999)
}

/// An adversary trained in an inner loop before each step's main update: a critic updated
/// `updatesPerStep` times (WDGRL), a discriminator once (ADDA), by its group's optimizer. Its loss
/// (``AdaptationMethod/adversaryLoss(_:inputs:network:step:using:)``) reads tensors the method prepares once
/// per step (``AdaptationMethod/adversaryInputs(_:network:step:)``, e.g. the extractor's features,
/// without gradients), so only the adversary's own layers run again on each update.
public struct AdversaryUpdate {
    /// The adversary's parameters, and how they are optimised.
    public var group: ParameterGroup
    /// Updates per training step (positive).
    public var updatesPerStep: Int

    /// An adversary of `group`, updated `updatesPerStep` times per step by the group's optimizer.
    public init(group: ParameterGroup, updatesPerStep: Int = 1) {
        precondition(updatesPerStep > 0, "AdversaryUpdate: updatesPerStep must be positive, got \(updatesPerStep)")
        self.group = group
        self.updatesPerStep = updatesPerStep
    }
}

/// A warning about a method-specific failure, checked on each logged interval's mean terms.
public struct MethodWarning: Sendable, Equatable {
    /// A short name; each kind is reported once per run.
    public var kind: String
    /// The one-line message for the terminal and metrics.jsonl.
    public var message: String

    /// A warning of `kind` saying `message`.
    public init(kind: String, message: String) {
        self.kind = kind
        self.message = message
    }
}
