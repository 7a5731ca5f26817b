import Foundation

/// The weight λ of the gradient reversal layer over training.
public enum ReversalSchedule: Sendable, Equatable, Codable {
    /// The paper's ramp `λ_p = λ_max · (2 / (1 + e^(−γ·p)) − 1)` on training progress `p ∈ [0, 1]`:
    /// 0 at the start, so the noisy early domain signal cannot swamp the label loss, near
    /// `λ_max` at the end. Ganin et al. use `γ = 10`, `λ_max = 1`.
    case ramp(gamma: Float, maximum: Float)
    /// A fixed λ (the two-moons experiment uses λ = 6).
    case constant(Float)

    /// The paper's default ramp.
    public static let paper = ReversalSchedule.ramp(gamma: 10, maximum: 1)

    public func reversalScale(atProgress progress: Float) -> Float {
        switch self {
        case .ramp(let gamma, let maximum): maximum * (2 / (1 + exp(-gamma * progress)) - 1)
        case .constant(let value): value
        }
    }
}
