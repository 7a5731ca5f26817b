extension Tensor {
    /// Element-wise sum with broadcasting.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = BroadcastKernels.binary(lhs, rhs, op: "add", AddScalars())
        return recording(result, from: [lhs, rhs], name: "add") { upstream, needs in
            [needs[0] ? upstream.summed(toShape: lhs.shape) : nil,
             needs[1] ? upstream.summed(toShape: rhs.shape) : nil]
        }
    }

    /// Element-wise difference with broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = BroadcastKernels.binary(lhs, rhs, op: "subtract", SubtractScalars())
        return recording(result, from: [lhs, rhs], name: "subtract") { upstream, needs in
            [needs[0] ? upstream.summed(toShape: lhs.shape) : nil,
             needs[1] ? (-upstream).summed(toShape: rhs.shape) : nil]
        }
    }

    /// Element-wise product with broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = BroadcastKernels.binary(lhs, rhs, op: "multiply", MultiplyScalars())
        return recording(result, from: [lhs, rhs], name: "multiply") { upstream, needs in
            [needs[0] ? (upstream * rhs).summed(toShape: lhs.shape) : nil,
             needs[1] ? (upstream * lhs).summed(toShape: rhs.shape) : nil]
        }
    }

    /// Element-wise quotient with broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = BroadcastKernels.binary(lhs, rhs, op: "divide", DivideScalars())
        return recording(result, from: [lhs, rhs], name: "divide") { upstream, needs in
            [needs[0] ? (upstream / rhs).summed(toShape: lhs.shape) : nil,
             // −g·(lhs/rhs)/rhs; the quotient is recomputed when the backward pass is recorded.
             needs[1] ? (-(upstream * (Tensor.isRecordingBackward ? lhs / rhs : result)) / rhs).summed(toShape: rhs.shape) : nil]
        }
    }

    /// Element-wise negation.
    public static prefix func - (operand: Tensor) -> Tensor {
        let result = BroadcastKernels.unary(operand, NegateScalar())
        return recording(result, from: [operand], name: "negate") { upstream in [-upstream] }
    }

    /// Adds `rhs` to every element.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs + Tensor(rhs) }
    /// Adds `lhs` to every element.
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { Tensor(lhs) + rhs }
    /// Subtracts `rhs` from every element.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs - Tensor(rhs) }
    /// `lhs` minus each element.
    public static func - (lhs: Float, rhs: Tensor) -> Tensor { Tensor(lhs) - rhs }
    /// Multiplies every element by `rhs`.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.scaled(by: rhs) }
    /// Multiplies every element by `lhs`.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.scaled(by: lhs) }
    /// Divides every element by `rhs` (as a multiplication by `1 / rhs`).
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.scaled(by: 1 / rhs) }
    /// `lhs` divided by each element.
    public static func / (lhs: Float, rhs: Tensor) -> Tensor { Tensor(lhs) / rhs }

    /// Every scalar multiplied by a constant.
    public func scaled(by factor: Float) -> Tensor {
        let result = BroadcastKernels.unary(self, ScaleScalar(factor: factor))
        return Tensor.recording(result, from: [self], name: "scale") { upstream in [upstream.scaled(by: factor)] }
    }

    /// Sums this (broadcast) tensor down to `target`, undoing a broadcast: the gradient rule for
    /// every broadcasting op.
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(ShapeRules.broadcastShape(target, shape) == shape,
                     "summed(toShape:): shape \(shape) is not a broadcast of \(target)")
        let offset = rank - target.count
        var axes = Array(0..<offset)
        for (i, size) in target.enumerated() where size == 1 && shape[i + offset] != 1 { axes.append(i + offset) }
        return sum(alongAxes: axes).reshaped(to: target)
    }
}
