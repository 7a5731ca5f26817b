import Nabla

/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
/// with PyTorch's update rule:
/// ```
/// g ← ∇ + weightDecay · θ
/// v ← momentum · v + g
/// θ ← θ − learningRate · (nesterov ? g + momentum · v : v)
/// ```
public final class SGD: Optimizer {
    /// The step size of the next ``update(_:along:)``; a schedule may change it between steps.
    public var learningRate: Float
    /// Momentum factor (≥ 0); 0 is plain SGD and keeps no state.
    public let momentum: Float
    /// L2 penalty (≥ 0) added to the gradient as `weightDecay · θ`.
    public let weightDecay: Float
    /// Whether to use Nesterov momentum (requires `momentum > 0`).
    public let nesterov: Bool
    let store = SlotStore()

    /// An SGD optimizer; traps on a negative argument, or on `nesterov` without momentum.
    /// - Parameters:
    ///   - learningRate: Step size.
    ///   - momentum: Momentum factor; 0 for plain SGD.
    ///   - weightDecay: L2 penalty coefficient.
    ///   - nesterov: Whether to use Nesterov momentum.
    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
        precondition(learningRate >= 0 && momentum >= 0 && weightDecay >= 0,
                     "SGD: learningRate, momentum and weightDecay must not be negative, got \(learningRate), \(momentum), \(weightDecay)")
        precondition(!nesterov || momentum > 0, "SGD: Nesterov momentum needs momentum > 0")
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    /// Applies one SGD step to every trainable parameter of `parameters` that has a gradient;
    /// traps when a gradient's shape differs from its parameter's.
    public func update(_ parameters: [Parameter], along gradients: Gradients) {
        for parameter in parameters where parameter.isTrainable {
            guard let gradient = gradients[parameter] else { continue }
            precondition(gradient.shape == parameter.shape, "SGD: gradient shape \(gradient.shape) differs from parameter shape \(parameter.shape)")
            var velocity = momentum > 0 ? store.take("momentum", for: parameter) : []
            let (learningRate, weightDecay, momentum, nesterov) = (learningRate, weightDecay, momentum, nesterov)
            let old = parameter.value
            // Written straight into the new value through raw buffers: no bounds checks, no
            // intermediate copies (the same arithmetic, so the same bits).
            parameter.value = Tensor(shape: old.shape) { updated in
                old.withUnsafeBufferPointer { theta in
                    gradient.withUnsafeBufferPointer { grad in
                        velocity.withUnsafeMutableBufferPointer { velocity in
                            for i in 0..<theta.count {
                                var g = grad[i] + weightDecay * theta[i]
                                if momentum > 0 {
                                    velocity[i] = momentum * velocity[i] + g
                                    g = nesterov ? g + momentum * velocity[i] : velocity[i]
                                }
                                updated[i] = theta[i] - learningRate * g
                            }
                        }
                    }
                }
            }
            if momentum > 0 { store.set("momentum", for: parameter, velocity) }
        }
    }

    /// The velocities as `<name>.momentum` (empty without momentum, or before the first step).
    public func stateTensors(for parameters: [(name: String, parameter: Parameter)]) -> [String: Tensor] {
        store.export(["momentum"], for: parameters)
    }

    /// Replaces all velocities with those in `tensors` (a parameter without one starts from zero).
    /// Throws ``OptimizerStateError`` when a saved tensor's shape differs from its parameter's.
    public func loadState(_ tensors: [String: Tensor], for parameters: [(name: String, parameter: Parameter)]) throws {
        try store.load(["momentum"], from: tensors, for: parameters)
    }
}
