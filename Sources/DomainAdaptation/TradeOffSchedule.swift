import Foundation

/// The adaptation weight λ over training: DANN's gradient-reversal scale, the MMD or CORAL
/// weight of the discrepancy methods (`--trade-off`, as TLlib calls it).
public enum TradeOffSchedule: Sendable, Equatable, Codable {
    /// The DANN paper's ramp `λ_p = λ_max · (2 / (1 + e^(−γ·p)) − 1)` on training progress
    /// `p ∈ [0, 1]`: 0 at the start, so the noisy early domain signal cannot swamp the label
    /// loss, near `λ_max` at the end. Ganin et al. use `γ = 10`, `λ_max = 1`.
    case ramp(gamma: Float, maximum: Float)
    /// A fixed λ (the two-moons experiment uses λ = 6; DDC, DAN and Deep CORAL use constants).
    case constant(Float)

    /// Stored as `{"ramp": {"gamma": γ, "maximum": λ_max}}` or `{"constant": {"value": λ}}`;
    /// checkpoints before format 2 hold the constant under Swift's `_0`, still read.
    enum CodingKeys: String, CodingKey { case ramp, constant }
    private struct Ramp: Codable { var gamma: Float; var maximum: Float }
    private struct Constant: Codable {
        var value: Float
        enum CodingKeys: String, CodingKey { case value, legacy = "_0" }
        init(value: Float) { self.value = value }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            value = try container.decodeIfPresent(Float.self, forKey: .value) ?? container.decode(Float.self, forKey: .legacy)
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let ramp = try container.decodeIfPresent(Ramp.self, forKey: .ramp) {
            self = .ramp(gamma: ramp.gamma, maximum: ramp.maximum)
        } else {
            self = .constant(try container.decode(Constant.self, forKey: .constant).value)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .ramp(let gamma, let maximum): try container.encode(Ramp(gamma: gamma, maximum: maximum), forKey: .ramp)
        case .constant(let value): try container.encode(Constant(value: value), forKey: .constant)
        }
    }

    /// The paper's default ramp.
    public static let paper = TradeOffSchedule.ramp(gamma: 10, maximum: 1)

    /// λ at progress `p`.
    public func value(atProgress progress: Float) -> Float {
        switch self {
        case .ramp(let gamma, let maximum): maximum * (2 / (1 + exp(-gamma * progress)) - 1)
        case .constant(let value): value
        }
    }

    /// In words, for summaries: `ramp to 1 (γ 10)`, `constant 0.25`.
    public var summary: String {
        switch self {
        case .ramp(let gamma, let maximum): "ramp to \(maximum) (γ \(gamma))"
        case .constant(let value): "constant \(value)"
        }
    }

    /// The largest λ of the schedule: the ramp's λ_max or the constant.
    public var maximum: Float {
        switch self {
        case .ramp(_, let maximum): maximum
        case .constant(let value): value
        }
    }
}
