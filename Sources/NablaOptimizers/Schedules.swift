#if canImport(Glibc)
import Glibc
#endif

/// A learning rate as a function of training progress `p ∈ [0, 1]`.
public protocol LearningRateSchedule: Sendable {
    /// The learning rate at `progress`, the fraction of training done (`step / steps`).
    func learningRate(atProgress progress: Float) -> Float
}

/// The same rate throughout.
public struct ConstantLearningRate: LearningRateSchedule {
    /// The learning rate at every step.
    public var rate: Float
    /// A schedule that always returns `rate`.
    public init(_ rate: Float) { self.rate = rate }
    /// ``rate``, whatever the progress.
    public func learningRate(atProgress progress: Float) -> Float { rate }
}

/// The annealing of Ganin et al. (JMLR 2016): `μ_p = μ₀ / (1 + α·p)^β`, with the paper's
/// `μ₀ = 0.01`, `α = 10`, `β = 0.75` as defaults.
public struct AnnealedLearningRate: LearningRateSchedule {
    /// `μ₀`, the rate at progress 0; `α`, how fast the rate falls; `β`, the exponent of the decay.
    public var initialRate: Float, alpha: Float, beta: Float
    /// The paper's schedule, or one with other constants; at `p = 1` the defaults give about
    /// `0.0017` (`μ₀ / 11^0.75`).
    public init(initialRate: Float = 0.01, alpha: Float = 10, beta: Float = 0.75) {
        self.initialRate = initialRate; self.alpha = alpha; self.beta = beta
    }
    /// `initialRate / (1 + alpha · progress)^beta`.
    public func learningRate(atProgress progress: Float) -> Float {
        initialRate / powf(1 + alpha * progress, beta)
    }
}

/// Cosine decay from `initialRate` to `finalRate`.
public struct CosineLearningRate: LearningRateSchedule {
    /// The rate at progress 0 and at progress 1.
    public var initialRate: Float, finalRate: Float
    /// A half-cosine from `initialRate` down to `finalRate` (0 by default) over training.
    public init(initialRate: Float, finalRate: Float = 0) { self.initialRate = initialRate; self.finalRate = finalRate }
    /// `finalRate + (initialRate − finalRate) · (1 + cos(π · p)) / 2`, with `p` clamped to `[0, 1]`.
    public func learningRate(atProgress progress: Float) -> Float {
        finalRate + (initialRate - finalRate) * 0.5 * (1 + cosf(Float.pi * min(max(progress, 0), 1)))
    }
}

/// Multiplies the rate by `factor` at each progress milestone passed.
public struct StepLearningRate: LearningRateSchedule {
    /// The rate before the first milestone; the progress values (in `[0, 1]`, any order) at which
    /// the rate drops; the multiplier applied at each.
    public var initialRate: Float, milestones: [Float], factor: Float
    /// A step schedule, e.g. `StepLearningRate(initialRate: 0.1, milestones: [0.5, 0.75])` for
    /// 0.1, then 0.01 from half-way, then 0.001 from three quarters.
    public init(initialRate: Float, milestones: [Float], factor: Float = 0.1) {
        self.initialRate = initialRate; self.milestones = milestones; self.factor = factor
    }
    /// `initialRate · factor^k`, where `k` is the number of milestones `≤ progress`.
    public func learningRate(atProgress progress: Float) -> Float {
        initialRate * powf(factor, Float(milestones.filter { progress >= $0 }.count))
    }
}
