extension Tensor {
    /// A tensor of the given shape with every scalar equal to `value`.
    public static func full(_ value: Float, shape: [Int]) -> Tensor {
        validate(shape: shape, op: "full")
        return Tensor(shape: shape, storage: TensorStorage(repeating: value, count: shape.scalarCount))
    }

    /// A tensor of zeros.
    public static func zeros(shape: [Int]) -> Tensor { full(0, shape: shape) }
    /// A tensor of ones.
    public static func ones(shape: [Int]) -> Tensor { full(1, shape: shape) }
    /// Zeros of the same shape as `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(shape: other.shape) }
    /// Ones of the same shape as `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(shape: other.shape) }

    /// Scalars drawn uniformly from `range`.
    public static func uniform(
        shape: [Int], in range: ClosedRange<Float> = 0...1, using generator: inout SeededGenerator
    ) -> Tensor {
        validate(shape: shape, op: "uniform")
        let width = range.upperBound - range.lowerBound
        return build(shape: shape) { out in
            for i in 0..<shape.scalarCount { out[i] = range.lowerBound + width * generator.nextUnitFloat() }
        }
    }

    /// Scalars drawn from a normal distribution.
    public static func normal(
        shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        validate(shape: shape, op: "normal")
        return build(shape: shape) { out in
            for i in 0..<shape.scalarCount { out[i] = mean + standardDeviation * generator.nextNormal() }
        }
    }

    /// Scalars drawn from a normal distribution truncated to two standard deviations
    /// (re-drawn until inside), as TensorFlow's `truncated_normal`.
    public static func truncatedNormal(
        shape: [Int], standardDeviation: Float, using generator: inout SeededGenerator
    ) -> Tensor {
        validate(shape: shape, op: "truncatedNormal")
        return build(shape: shape) { out in
            for i in 0..<shape.scalarCount {
                var sample = generator.nextNormal()
                while abs(sample) > 2 { sample = generator.nextNormal() }
                out[i] = standardDeviation * sample
            }
        }
    }

    /// `0, 1, …, count-1` as a rank-1 tensor.
    public static func range(_ count: Int) -> Tensor {
        build(shape: [count]) { out in for i in 0..<count { out[i] = Float(i) } }
    }
}
