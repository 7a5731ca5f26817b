import Nabla

/// A fully connected layer `y = x · Wᵀ + b`, with `W` stored as `[outputSize, inputSize]`
/// (PyTorch's layout, so checkpoints load into `torch.nn.Linear`).
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter?

    public init(inputSize: Int, outputSize: Int, hasBias: Bool = true,
                initialization: WeightInitialization = .pytorchDefault, using generator: inout SeededGenerator) {
        precondition(inputSize > 0 && outputSize > 0, "Linear: sizes must be positive, got \(inputSize) → \(outputSize)")
        weight = Parameter(initialization.weights(shape: [outputSize, inputSize], fanIn: inputSize, using: &generator))
        bias = hasBias ? Parameter(initialization.bias(count: outputSize, fanIn: inputSize, using: &generator)) : nil
    }

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank == 2 && input.shape[1] == inputSize,
                     "Linear: expected input [batch, \(inputSize)], got shape \(input.shape)")
        let product = matmul(input, transposed: false, weight.value, transposed: true)
        return bias.map { product + $0.value } ?? product
    }
}
