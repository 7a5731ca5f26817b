import NablaOptimizers

/// Which model is trained.
public enum TrainingMethod: String, Sendable, Codable, CaseIterable {
    /// Domain-adversarial training: labeled source + unlabeled target.
    case dann
    /// Baseline: the same network on labeled source only (the domain head still trains, with
    /// its reversed gradient switched off, so domain accuracy can be reported).
    case sourceOnly = "source-only"
    /// Oracle upper bound: trained on the target's labels.
    case targetOnly = "target-only"
}

/// Everything that decides one training run. Defaults are the paper's protocol (Ganin et al.,
/// JMLR 2016): λ ramp with γ = 10, μ_p = 0.01 / (1 + 10p)^0.75, SGD momentum 0.9, 64 + 64 batches.
public struct TrainingConfiguration: Sendable, Codable, Equatable {
    public var method: TrainingMethod = .dann
    public var steps: Int = 20_000
    /// Samples per domain per step.
    public var batchSize: Int = 64
    public var reversal: ReversalSchedule = .paper
    public var initialLearningRate: Float = 0.01
    /// `μ_p = μ₀ / (1 + α·p)^β`; α = 0 gives a constant rate.
    public var learningRateAlpha: Float = 10
    public var learningRateBeta: Float = 0.75
    public var momentum: Float = 0.9
    public var weightDecay: Float = 0
    /// Weight of the domain loss in the total loss (the paper: 1; λ acts only through the GRL).
    public var domainLossWeight: Float = 1
    public var batchStatistics: BatchStatisticsPolicy = .joint
    public var seed: UInt64 = 0
    /// Training progress after which the weights of every step are averaged into the reported
    /// model (see ``WeightAverage``); `nil` reports the final iterate, as the paper does.
    /// 0.75 (the last quarter) is stochastic weight averaging's usual start, not a tuned value.
    public var averagingStart: Float? = 0.75

    /// The last step not averaged: steps after it go into the average (nil without averaging).
    public var lastStepBeforeAveraging: Int? {
        averagingStart.map { min(Int((Double($0) * Double(steps)).rounded(.down)), steps - 1) }
    }

    public init() {}

    public var learningRateSchedule: AnnealedLearningRate {
        AnnealedLearningRate(initialRate: initialLearningRate, alpha: learningRateAlpha, beta: learningRateBeta)
    }

    /// Checks the values; the message names the setting and the value.
    public func validationProblem() -> String? {
        if steps <= 0 { return "steps must be positive, got \(steps)" }
        if batchSize <= 0 { return "batch size must be positive, got \(batchSize)" }
        if !(initialLearningRate > 0) || !initialLearningRate.isFinite { return "learning rate must be positive, got \(initialLearningRate)" }
        if momentum < 0 || momentum >= 1 { return "momentum must be in [0, 1), got \(momentum)" }
        if weightDecay < 0 { return "weight decay must not be negative, got \(weightDecay)" }
        if let averagingStart, !(averagingStart >= 0 && averagingStart < 1) {
            return "weight averaging must start at a progress in [0, 1), got \(averagingStart)"
        }
        if case .ramp(let gamma, let maximum) = reversal, !(gamma.isFinite && maximum.isFinite) { return "λ schedule must be finite" }
        return nil
    }
}
