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
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    public let weightDecay: Float
    public let decoupledWeightDecay: Bool
    public private(set) var stepCount = 0
    let store = SlotStore()

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

    public func update(_ parameters: [Parameter], along gradients: Gradients) {
        stepCount += 1
        let correction1 = 1 - powf(beta1, Float(stepCount)), correction2 = 1 - powf(beta2, Float(stepCount))
        for parameter in parameters where parameter.isTrainable {
            guard let gradient = gradients[parameter] else { continue }
            precondition(gradient.shape == parameter.shape, "Adam: gradient shape \(gradient.shape) differs from parameter shape \(parameter.shape)")
            var theta = parameter.value.scalars
            let grad = gradient.scalars
            var m = store.values("exp_avg", for: parameter), v = store.values("exp_avg_sq", for: parameter)
            for i in 0..<theta.count {
                var g = grad[i]
                if decoupledWeightDecay { theta[i] -= learningRate * weightDecay * theta[i] } else { g += weightDecay * theta[i] }
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                theta[i] -= learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
            }
            store.set("exp_avg", for: parameter, m)
            store.set("exp_avg_sq", for: parameter, v)
            parameter.value = Tensor(shape: parameter.shape, scalars: theta)
        }
    }

    public func stateTensors(for parameters: [(name: String, parameter: Parameter)]) -> [String: Tensor] {
        var state = store.export(["exp_avg", "exp_avg_sq"], for: parameters)
        state["adam.step"] = Tensor(Float(stepCount))
        return state
    }

    public func loadState(_ tensors: [String: Tensor], for parameters: [(name: String, parameter: Parameter)]) throws {
        try store.load(["exp_avg", "exp_avg_sq"], from: tensors, for: parameters)
        stepCount = Int(tensors["adam.step"]?.scalars.first ?? 0)
    }
}
