import Nabla

/// Layers applied one after the other. Children are named by position (`0`, `1`, …).
public final class Sequential: Layer {
    /// The layers, in the order they are applied.
    public let layers: [any Layer]

    /// Chains `layers`, the first applied first; an empty list is the identity.
    public init(_ layers: [any Layer]) { self.layers = layers }
    /// Chains the given layers, the first applied first.
    public convenience init(_ layers: any Layer...) { self.init(layers) }

    /// The layers named by their position, so parameters are called `0.weight`, `1.bias`, ….
    public var namedChildren: [(name: String, module: any Module)] {
        layers.enumerated().map { ("\($0.offset)", $0.element as any Module) }
    }

    /// Applies each layer to the previous one's output.
    public func callAsFunction(_ input: Tensor) -> Tensor { layers.reduce(input) { $1($0) } }
}

/// `[N, …] → [N, rest]`.
public final class Flatten: Layer {
    /// A flattening layer; it has no parameters.
    public init() {}
    /// Keeps the first (batch) axis and merges all others: `[N, C, H, W] → [N, C·H·W]`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.flattenedBatch() }
}
