#if canImport(Glibc)
import Glibc
#endif

extension Tensor {
    /// Log-softmax along the last axis, computed as `x − max − log Σ e^(x − max)` so that large
    /// logits cannot overflow.
    public func logSoftmax() -> Tensor {
        precondition(rank >= 1, "logSoftmax: expected at least one dimension, got shape \(shape)")
        let width = shape[rank - 1], rows = scalarCount / Swift.max(width, 1)
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: shape) { out in
                for r in 0..<rows { Tensor.logSoftmaxRow(input.baseAddress! + r * width, out + r * width, width) }
            }
        }
        return Tensor.recording(result, from: [self], name: "logSoftmax") { upstream in
            // d x = g − softmax · Σ g  (per row)
            [upstream.withUnsafeBufferPointer { g in
                result.withUnsafeBufferPointer { y in
                    Tensor.build(shape: result.shape) { out in
                        for r in 0..<rows {
                            var total: Float = 0
                            for j in 0..<width { total += g[r * width + j] }
                            for j in 0..<width { out[r * width + j] = g[r * width + j] - expf(y[r * width + j]) * total }
                        }
                    }
                }
            }]
        }
    }

    /// Softmax along the last axis (numerically stable).
    public func softmax() -> Tensor {
        let logProbabilities = logSoftmax()
        return logProbabilities.exp()
    }

    @inline(__always)
    static func logSoftmaxRow(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ width: Int) {
        var largest = -Float.infinity
        for j in 0..<width { largest = Swift.max(largest, x[j]) }
        var total: Float = 0
        for j in 0..<width { total += expf(x[j] - largest) }
        let logTotal = logf(total)
        for j in 0..<width { out[j] = (x[j] - largest) - logTotal }  // shift first: exact for huge logits
    }
}
