#if canImport(Glibc)
import Glibc
#endif

/// A learning rate as a function of training progress `p ∈ [0, 1]`.
public protocol LearningRateSchedule: Sendable {
    func learningRate(atProgress progress: Float) -> Float
}

/// The same rate throughout.
public struct ConstantLearningRate: LearningRateSchedule {
    public var rate: Float
    public init(_ rate: Float) { self.rate = rate }
    public func learningRate(atProgress progress: Float) -> Float { rate }
}

/// The annealing of Ganin et al. (JMLR 2016): `μ_p = μ₀ / (1 + α·p)^β`, with the paper's
/// `μ₀ = 0.01`, `α = 10`, `β = 0.75` as defaults.
public struct AnnealedLearningRate: LearningRateSchedule {
    public var initialRate: Float, alpha: Float, beta: Float
    public init(initialRate: Float = 0.01, alpha: Float = 10, beta: Float = 0.75) {
        self.initialRate = initialRate; self.alpha = alpha; self.beta = beta
    }
    public func learningRate(atProgress progress: Float) -> Float {
        initialRate / powf(1 + alpha * progress, beta)
    }
}

/// Cosine decay from `initialRate` to `finalRate`.
public struct CosineLearningRate: LearningRateSchedule {
    public var initialRate: Float, finalRate: Float
    public init(initialRate: Float, finalRate: Float = 0) { self.initialRate = initialRate; self.finalRate = finalRate }
    public func learningRate(atProgress progress: Float) -> Float {
        finalRate + (initialRate - finalRate) * 0.5 * (1 + cosf(Float.pi * min(max(progress, 0), 1)))
    }
}

/// Multiplies the rate by `factor` at each progress milestone passed.
public struct StepLearningRate: LearningRateSchedule {
    public var initialRate: Float, milestones: [Float], factor: Float
    public init(initialRate: Float, milestones: [Float], factor: Float = 0.1) {
        self.initialRate = initialRate; self.milestones = milestones; self.factor = factor
    }
    public func learningRate(atProgress progress: Float) -> Float {
        initialRate * powf(factor, Float(milestones.filter { progress >= $0 }.count))
    }
}
