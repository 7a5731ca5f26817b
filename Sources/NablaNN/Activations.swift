import Nabla

/// `max(x, 0)`.
public final class ReLU: Layer {
    /// A ReLU layer; it has no parameters.
    public init() {}
    /// `max(input, 0)` elementwise, any shape; the gradient is 0 where the input is negative.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

/// Hyperbolic tangent.
public final class Tanh: Layer {
    /// A tanh layer; it has no parameters.
    public init() {}
    /// `tanh(input)` elementwise, any shape, values in `(-1, 1)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}

/// Logistic sigmoid.
public final class Sigmoid: Layer {
    /// A sigmoid layer; it has no parameters.
    public init() {}
    /// `1 / (1 + e^(−input))` elementwise, any shape, values in `(0, 1)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// `x` for positive `x`, `slope · x` otherwise.
public final class LeakyReLU: Layer {
    /// The factor applied to negative inputs.
    public let slope: Float
    /// A leaky ReLU layer with the given negative slope (PyTorch's default 0.01); no parameters.
    public init(slope: Float = 0.01) { self.slope = slope }
    /// `input.leakyReLU(slope:)` elementwise, any shape.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyReLU(slope: slope) }
}
