import Nabla

/// `max(x, 0)`.
public final class ReLU: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

/// Hyperbolic tangent.
public final class Tanh: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}

/// Logistic sigmoid.
public final class Sigmoid: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// `[N, …] → [N, rest]`.
public final class Flatten: Layer {
    public init() {}
    public func callAsFunction(_ input: Tensor) -> Tensor { input.flattenedBatch() }
}

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

/// Layers applied one after the other. Children are named by position (`0`, `1`, …).
public final class Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) { self.layers = layers }
    public convenience init(_ layers: any Layer...) { self.init(layers) }

    public var namedChildren: [(name: String, module: any Module)] {
        layers.enumerated().map { ("\($0.offset)", $0.element as any Module) }
    }

    public func callAsFunction(_ input: Tensor) -> Tensor { layers.reduce(input) { $1($0) } }
}
