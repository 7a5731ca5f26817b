import Nabla

/// How a layer's weights are drawn at creation.
public enum WeightInitialization: Sendable, Equatable {
    /// PyTorch's default for `Linear` and `Conv2d` (Kaiming-uniform with a = √5): weights and
    /// biases uniform in `±1/√fanIn`.
    case pytorchDefault
    /// Truncated normal with the given standard deviation and a constant bias, as the original
    /// TensorFlow DANN code (σ = 0.1, bias 0.1).
    case truncatedNormal(standardDeviation: Float, bias: Float)
    /// Kaiming (He) normal for ReLU networks, zero bias.
    case heNormal
    /// Glorot (Xavier) uniform, `±√(6 / (fanIn + fanOut))`, zero bias: the authors' shallow
    /// DANN code (used for the two-moons experiment).
    case glorotUniform
    /// Kaiming (He) normal with the fan-out (output channels × filter area), zero bias:
    /// torchvision's ResNet convolutions (`kaiming_normal_(mode="fan_out", nonlinearity="relu")`).
    case heNormalFanOut

    func weights(shape: [Int], fanIn: Int, using generator: inout SeededGenerator) -> Tensor {
        switch self {
        case .pytorchDefault:
            let bound = 1 / Float(fanIn).squareRoot()
            return .uniform(shape: shape, in: -bound...bound, using: &generator)
        case .truncatedNormal(let deviation, _):
            return .truncatedNormal(shape: shape, standardDeviation: deviation, using: &generator)
        case .heNormal:
            return .normal(shape: shape, standardDeviation: (2 / Float(fanIn)).squareRoot(), using: &generator)
        case .heNormalFanOut:
            let fanOut = shape[0] * shape.dropFirst(2).reduce(1, *)
            return .normal(shape: shape, standardDeviation: (2 / Float(fanOut)).squareRoot(), using: &generator)
        case .glorotUniform:
            // fanOut = output channels × receptive field (1 for Linear [out, in]).
            let receptiveField = shape.dropFirst(2).reduce(1, *)
            let bound = (6 / Float(fanIn + shape[0] * receptiveField)).squareRoot()
            return .uniform(shape: shape, in: -bound...bound, using: &generator)
        }
    }

    func bias(count: Int, fanIn: Int, using generator: inout SeededGenerator) -> Tensor {
        switch self {
        case .pytorchDefault:
            let bound = 1 / Float(fanIn).squareRoot()
            return .uniform(shape: [count], in: -bound...bound, using: &generator)
        case .truncatedNormal(_, let bias):
            return .full(bias, shape: [count])
        case .heNormal, .heNormalFanOut, .glorotUniform:
            return .zeros(shape: [count])
        }
    }
}
