import Nabla

/// A fully connected layer `y = x · Wᵀ + b`, with `W` stored as `[outputSize, inputSize]`
/// (PyTorch's layout, so checkpoints load into `torch.nn.Linear`).
public final class Linear: Layer {
    /// Weights `W`, `[outputSize, inputSize]`.
    public let weight: Parameter
    /// Bias `b`, `[outputSize]`; nil when created with `hasBias: false`.
    public let bias: Parameter?

    /// A fully connected layer with freshly drawn weights. Traps unless both sizes are positive.
    /// - Parameters:
    ///   - inputSize: Features of each input row.
    ///   - outputSize: Features of each output row.
    ///   - hasBias: Whether a bias is added.
    ///   - initialization: How the initial weights (and bias) are drawn.
    ///   - generator: The source of the initial weights.
    public init(inputSize: Int, outputSize: Int, hasBias: Bool = true,
                initialization: WeightInitialization = .pytorchDefault, using generator: inout SeededGenerator) {
        precondition(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize) → \(outputSize)")
        weight = Parameter(initialization.weights(shape: [outputSize, inputSize], fanIn: inputSize, using: &generator))
        bias = hasBias ? Parameter(initialization.bias(count: outputSize, fanIn: inputSize, using: &generator)) : nil
    }

    /// Features each input row must have.
    public var inputSize: Int { weight.shape[1] }
    /// Features of each output row.
    public var outputSize: Int { weight.shape[0] }

    /// Maps `[batch, inputSize]` to `[batch, outputSize]`; traps on any other input shape.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 2 && input.shape[1] == inputSize,
                     "Linear: expected input [batch, \(inputSize)], got shape \(input.shape)")
        let product = matmul(input, transposed: false, weight.value, transposed: true)
        return bias.map { product + $0.value } ?? product
    }
}
