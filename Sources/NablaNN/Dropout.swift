import Nabla

/// Inverted dropout, active only in training mode. Owns a seeded generator so runs repeat.
public final class Dropout: Layer {
    public let probability: Float
    public private(set) var isTraining = true
    public var generator: SeededGenerator

    public init(probability: Float, seed: UInt64 = 0) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability must be in [0, 1), got \(probability)")
        self.probability = probability
        generator = SeededGenerator(seed: seed)
    }

    public func setTraining(_ isTraining: Bool) { self.isTraining = isTraining }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        isTraining ? input.dropout(probability: probability, using: &generator) : input
    }
}
