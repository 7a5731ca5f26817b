import Nabla

#if canImport(Glibc)
import Glibc
#endif

/// Adam (Kingma & Ba 2015), and AdamW (Loshchilov & Hutter 2019) when `decoupledWeightDecay`.
///
/// With `decoupledWeightDecay` false, `weightDecay` is added to the gradient (L2, as
/// `torch.optim.Adam`); with true, parameters shrink by `learningRate · weightDecay` directly
/// (as `torch.optim.AdamW`).
public final class Adam: Optimizer {
    /// The step size of the next ``update(_:along:)``; a schedule may change it between steps.
    public var learningRate: Float
    /// Decay rates of the first and second moment estimates (each in `[0, 1)`), and the term added
    /// to the square root of the second moment to avoid division by zero.
    public let beta1: Float, beta2: Float, epsilon: Float
    /// Weight-decay coefficient (≥ 0): an L2 term added to the gradient, or a direct shrinkage of
    /// the parameters when ``decoupledWeightDecay`` is set.
    public let weightDecay: Float
    /// Whether weight decay is decoupled from the gradient (AdamW) rather than added to it (Adam).
    public let decoupledWeightDecay: Bool
    /// Updates applied so far, for the bias corrections `1 − β^t`; saved in checkpoints as
    /// `adam.step`.
    public private(set) var stepCount = 0
    let store = SlotStore()

    /// An Adam optimizer with PyTorch's defaults; traps on a negative learning rate or weight
    /// decay, a β outside `[0, 1)` or a non-positive epsilon.
    /// - Parameters:
    ///   - learningRate: Step size.
    ///   - beta1: Decay rate of the running mean of the gradients.
    ///   - beta2: Decay rate of the running mean of the squared gradients.
    ///   - epsilon: Added to the denominator for numerical stability.
    ///   - weightDecay: Weight-decay coefficient.
    ///   - decoupledWeightDecay: Whether to decay the weights directly (AdamW) instead of through
    ///     the gradient.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        precondition(learningRate >= 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0 && weightDecay >= 0,
                     "Adam: invalid hyper-parameters lr=\(learningRate) beta1=\(beta1) beta2=\(beta2) eps=\(epsilon) wd=\(weightDecay)")
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// AdamW with PyTorch's default weight decay of 0.01.
    public static func adamW(learningRate: Float = 1e-3, weightDecay: Float = 0.01) -> Adam {
        Adam(learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    /// Applies one Adam step, with bias-corrected moments, to every trainable parameter of
    /// `parameters` that has a gradient; traps when a gradient's shape differs from its parameter's.
    public func update(_ parameters: [Parameter], along gradients: Gradients) {
        stepCount += 1
        let correction1 = 1 - powf(beta1, Float(stepCount)), correction2 = 1 - powf(beta2, Float(stepCount))
        for parameter in parameters where parameter.isTrainable {
            guard let gradient = gradients[parameter] else { continue }
            precondition(gradient.shape == parameter.shape, "Adam: gradient shape \(gradient.shape) differs from parameter shape \(parameter.shape)")
            var m = store.take("exp_avg", for: parameter), v = store.take("exp_avg_sq", for: parameter)
            let (learningRate, weightDecay, beta1, beta2, epsilon, decoupled) = (learningRate, weightDecay, beta1, beta2, epsilon, decoupledWeightDecay)
            let old = parameter.value
            // Written straight into the new value through raw buffers: no bounds checks, no
            // intermediate copies (the same arithmetic, so the same bits).
            parameter.value = Tensor(shape: old.shape) { updated in
                old.withUnsafeBufferPointer { theta in
                    gradient.withUnsafeBufferPointer { grad in
                        m.withUnsafeMutableBufferPointer { m in
                            v.withUnsafeMutableBufferPointer { v in
                                for i in 0..<theta.count {
                                    var g = grad[i], value = theta[i]
                                    if decoupled { value -= learningRate * weightDecay * value } else { g += weightDecay * value }
                                    m[i] = beta1 * m[i] + (1 - beta1) * g
                                    v[i] = beta2 * v[i] + (1 - beta2) * g * g
                                    updated[i] = value - learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
                                }
                            }
                        }
                    }
                }
            }
            store.set("exp_avg", for: parameter, m)
            store.set("exp_avg_sq", for: parameter, v)
        }
    }

    /// The moment estimates as `<name>.exp_avg` and `<name>.exp_avg_sq` (PyTorch's names), for
    /// parameters that have them, plus the step count as `adam.step`.
    public func stateTensors(for parameters: [(name: String, parameter: Parameter)]) -> [String: Tensor] {
        var state = store.export(["exp_avg", "exp_avg_sq"], for: parameters)
        state["adam.step"] = Tensor(Float(stepCount))
        return state
    }

    /// Replaces all moment estimates with those in `tensors` (a parameter without saved moments
    /// starts from zero) and restores the step count (0 when absent).
    /// Throws ``OptimizerStateError`` when a saved tensor's shape differs from its parameter's.
    public func loadState(_ tensors: [String: Tensor], for parameters: [(name: String, parameter: Parameter)]) throws {
        try store.load(["exp_avg", "exp_avg_sq"], from: tensors, for: parameters)
        stepCount = Int(tensors["adam.step"]?.scalars.first ?? 0)
    }
}
