#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Tensor {
    /// Element-wise `e^x`.
    public func exp() -> Tensor {
        let result = BroadcastKernels.unary(self) { Glibc.expf($0) }
        return Tensor.recording(result, from: [self], name: "exp") { upstream in
            // Inside a recorded backward pass the factor must itself be differentiable.
            [upstream * (Tensor.isRecordingBackward ? self.exp() : result)]
        }
    }

    /// Element-wise natural logarithm.
    public func log() -> Tensor {
        let result = BroadcastKernels.unary(self) { Glibc.logf($0) }
        return Tensor.recording(result, from: [self], name: "log") { upstream in [upstream / self] }
    }

    /// Element-wise square root.
    public func squareRoot() -> Tensor {
        let result = BroadcastKernels.unary(self) { $0.squareRoot() }
        return Tensor.recording(result, from: [self], name: "sqrt") { upstream in
            [upstream / ((Tensor.isRecordingBackward ? self.squareRoot() : result) * 2)]
        }
    }

    /// Element-wise square.
    public func squared() -> Tensor {
        let result = BroadcastKernels.unary(self) { $0 * $0 }
        return Tensor.recording(result, from: [self], name: "square") { upstream in
            // One fused pass when the backward pass is not itself recorded (the same arithmetic).
            if Tensor.isRecordingBackward { return [upstream * self * 2] }
            return [BroadcastKernels.zip(upstream, self, op: "square backward") { g, x in g * x * 2 }]
        }
    }

    /// Element-wise `max(x, 0)`.
    public func relu() -> Tensor {
        let result = BroadcastKernels.unary(self, ReLUScalar())
        return Tensor.recording(result, from: [self], name: "relu") { upstream in
            if Tensor.isRecordingBackward { return [upstream * BroadcastKernels.unary(result) { $0 > 0 ? 1 : 0 }] }
            return [BroadcastKernels.zip(upstream, result, op: "relu backward", ReLUBackward())]
        }
    }

    /// Element-wise `x` for positive `x`, `slope · x` otherwise (slope 0.01 by default, as PyTorch's
    /// `LeakyReLU`; ADDA's discriminator and WDGRL's critic use 0.2).
    public func leakyReLU(slope: Float = 0.01) -> Tensor {
        let result = BroadcastKernels.unary(self) { $0 > 0 ? $0 : slope * $0 }
        return Tensor.recording(result, from: [self], name: "leakyReLU") { upstream in
            if Tensor.isRecordingBackward {
                return [upstream * BroadcastKernels.unary(self) { $0 > 0 ? 1 : slope }]
            }
            return [BroadcastKernels.zip(upstream, self, op: "leakyReLU backward") { g, x in x > 0 ? g : slope * g }]
        }
    }

    /// Element-wise logistic function `1 / (1 + e^-x)`, computed without overflow.
    public func sigmoid() -> Tensor {
        let result = BroadcastKernels.unary(self, Tensor.stableSigmoid)
        return Tensor.recording(result, from: [self], name: "sigmoid") { upstream in
            if Tensor.isRecordingBackward { let y = self.sigmoid(); return [upstream * y * (1 - y)] }
            return [BroadcastKernels.zip(upstream, result, op: "sigmoid backward") { g, y in g * y * (1 - y) }]
        }
    }

    /// Element-wise hyperbolic tangent.
    public func tanh() -> Tensor {
        let result = BroadcastKernels.unary(self) { Glibc.tanhf($0) }
        return Tensor.recording(result, from: [self], name: "tanh") { upstream in
            if Tensor.isRecordingBackward { return [upstream * (1 - self.tanh().squared())] }
            return [BroadcastKernels.zip(upstream, result, op: "tanh backward") { g, y in g * (1 - y * y) }]
        }
    }

    @inline(__always)
    static func stableSigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + Glibc.expf(-x)) }
        let e = Glibc.expf(x)
        return e / (1 + e)
    }

    /// Whether every scalar is finite (no NaN or infinity).
    public var isFinite: Bool { withUnsafeBufferPointer { $0.allSatisfy { $0.isFinite } } }
}
