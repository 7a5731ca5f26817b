#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Tensor {
    /// Element-wise `e^x`.
    public func exp() -> Tensor {
        let result = BroadcastKernels.unary(self) { Glibc.expf($0) }
        return Tensor.recording(result, from: [self], name: "exp") { upstream in [upstream * result] }
    }

    /// Element-wise natural logarithm.
    public func log() -> Tensor {
        let result = BroadcastKernels.unary(self) { Glibc.logf($0) }
        return Tensor.recording(result, from: [self], name: "log") { upstream in [upstream / self] }
    }

    /// Element-wise square root.
    public func squareRoot() -> Tensor {
        let result = BroadcastKernels.unary(self) { $0.squareRoot() }
        return Tensor.recording(result, from: [self], name: "sqrt") { upstream in [upstream / (result * 2)] }
    }

    /// Element-wise square.
    public func squared() -> Tensor {
        let result = BroadcastKernels.unary(self) { $0 * $0 }
        return Tensor.recording(result, from: [self], name: "square") { upstream in [upstream * self * 2] }
    }

    /// Element-wise `max(x, 0)`.
    public func relu() -> Tensor {
        let result = BroadcastKernels.unary(self) { $0 > 0 ? $0 : 0 }
        return Tensor.recording(result, from: [self], name: "relu") { upstream in
            [BroadcastKernels.zip(upstream, result, op: "relu backward") { g, y in y > 0 ? g : 0 }]
        }
    }

    /// Element-wise logistic function `1 / (1 + e^-x)`, computed without overflow.
    public func sigmoid() -> Tensor {
        let result = BroadcastKernels.unary(self, Tensor.stableSigmoid)
        return Tensor.recording(result, from: [self], name: "sigmoid") { upstream in
            [BroadcastKernels.zip(upstream, result, op: "sigmoid backward") { g, y in g * y * (1 - y) }]
        }
    }

    /// Element-wise hyperbolic tangent.
    public func tanh() -> Tensor {
        let result = BroadcastKernels.unary(self) { Glibc.tanhf($0) }
        return Tensor.recording(result, from: [self], name: "tanh") { upstream in
            [BroadcastKernels.zip(upstream, result, op: "tanh backward") { g, y in g * (1 - y * y) }]
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
