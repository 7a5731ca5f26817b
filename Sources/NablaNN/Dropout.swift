import Nabla

/// Inverted dropout, active only in training mode. Owns a seeded generator so runs repeat.
public final class Dropout: Layer {
    /// Chance that each scalar is zeroed in training mode, in `[0, 1)`.
    public let probability: Float
    /// Whether dropout is applied; in evaluation mode the layer is the identity. Change it with
    /// ``setTraining(_:)``.
    public private(set) var isTraining = true
    /// The source of the dropout masks; it advances with every training-mode call and is saved in
    /// checkpoints so that a resumed run draws the same masks.
    public var generator: SeededGenerator

    /// A dropout layer in training mode. Traps unless `probability` is in `[0, 1)`.
    /// - Parameters:
    ///   - probability: Chance that each scalar is zeroed.
    ///   - seed: Seed of the layer's own ``generator``.
    public init(probability: Float, seed: UInt64 = 0) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability must be in [0, 1), got \(probability)")
        self.probability = probability
        generator = SeededGenerator(seed: seed)
    }

    /// Turns dropout on (training) or off (evaluation).
    public func setTraining(_ isTraining: Bool) { self.isTraining = isTraining }

    /// In training mode zeroes each scalar with ``probability`` and scales the others by
    /// `1 / (1 − probability)`; in evaluation mode returns `input` unchanged. Any shape.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        isTraining ? input.dropout(probability: probability, using: &generator) : input
    }
}
