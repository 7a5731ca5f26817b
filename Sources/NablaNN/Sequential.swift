import Nabla

/// Layers applied one after the other. Children are named by position (`0`, `1`, …).
public final class Sequential: Layer {
    /// The layers, in the order they are applied.
    public let layers: [any Layer]
    /// The layers' names, when given (``init(named:)``); nil: their positions.
    public let names: [String]?

    /// Chains `layers`, the first applied first; an empty list is the identity.
    public init(_ layers: [any Layer]) { self.layers = layers; names = nil }
    /// Chains the given layers, the first applied first.
    public convenience init(_ layers: any Layer...) { self.init(layers) }
    /// Chains named layers (PyTorch's `nn.Sequential(OrderedDict(...))`), so parameters are
    /// called `conv1.weight`, `layer1.0.bn1.bias`, …; traps on a repeated name.
    public init(named layers: [(String, any Layer)]) {
        precondition(Set(layers.map(\.0)).count == layers.count, "Sequential: repeated layer names \(layers.map(\.0))")
        self.layers = layers.map(\.1)
        names = layers.map(\.0)
    }

    /// The layers named by their position, so parameters are called `0.weight`, `1.bias`, …
    /// (or by the names given to ``init(named:)``).
    public var namedChildren: [(name: String, module: any Module)] {
        layers.enumerated().map { (names?[$0.offset] ?? "\($0.offset)", $0.element as any Module) }
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

/// `[N, rest] → [N] + shape`: the inverse of ``Flatten`` (a decoder's first step from a code to a map).
public final class Unflatten: Layer {
    /// The shape of each sample after the layer.
    public let shape: [Int]
    /// A layer that views each row as a tensor of `shape`; it has no parameters.
    public init(shape: [Int]) {
        precondition(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "Unflatten: shape must be positive, got \(shape)")
        self.shape = shape
    }
    /// `[N, shape.scalarCount] → [N] + shape`; traps on any other input size.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1 && input.scalarCount == (input.shape.first ?? 0) * shape.scalarCount,
                     "Unflatten: expected [batch, \(shape.scalarCount)], got shape \(input.shape)")
        return input.reshaped(to: [input.shape[0]] + shape)
    }
}

/// Nearest-neighbour upsampling of NCHW maps by an integer factor.
public final class UpsampleNearest: Layer {
    /// How many times each pixel is repeated along height and width.
    public let factor: Int
    /// An upsampling layer; it has no parameters.
    public init(factor: Int) {
        precondition(factor >= 1, "UpsampleNearest: factor must be at least 1, got \(factor)")
        self.factor = factor
    }
    /// `[N, C, H, W] → [N, C, H·factor, W·factor]`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.upsampledNearest(factor: factor) }
}
