extension Tensor {
    /// Batch normalisation with statistics of this batch (training mode).
    ///
    /// The input is `[N, C]` or `[N, C, H, W]`; statistics are per channel over every other axis.
    /// - Returns: the normalised, scaled and shifted output, and the batch mean and unbiased
    ///   variance per channel (for updating running statistics; not differentiable).
    public func batchNormalized(scale: Tensor, offset: Tensor, epsilon: Float = 1e-5)
        -> (output: Tensor, mean: [Float], variance: [Float]) {
        precondition(rank == 2 || rank == 4, "batchNorm: input must be [N, C] or [N, C, H, W], got shape \(shape)")
        let channels = shape[1]
        precondition(scale.shape == [channels] && offset.shape == [channels],
                     "batchNorm: scale \(scale.shape) and offset \(offset.shape) must both be [\(channels)] for input \(shape)")
        let (batch, spatial) = (shape[0], rank == 4 ? shape[2] * shape[3] : 1)
        let m = batch * spatial
        precondition(m > 1, "batchNorm: training mode needs more than one value per channel, got input \(shape)")
        var mean = [Float](repeating: 0, count: channels), inverseStd = mean, unbiased = mean
        let gamma = scale.scalars, beta = offset.scalars
        let normalized = TensorStorage(uninitializedCount: scalarCount)
        let result = withUnsafeBufferPointer { x in
            Tensor.build(shape: shape) { out in
                for c in 0..<channels {
                    var total: Double = 0
                    for n in 0..<batch { let p = x.baseAddress! + (n * channels + c) * spatial; for s in 0..<spatial { total += Double(p[s]) } }
                    let mu = total / Double(m)
                    var squares: Double = 0
                    for n in 0..<batch { let p = x.baseAddress! + (n * channels + c) * spatial; for s in 0..<spatial { let d = Double(p[s]) - mu; squares += d * d } }
                    let variance = squares / Double(m)
                    mean[c] = Float(mu)
                    unbiased[c] = Float(squares / Double(m - 1))
                    inverseStd[c] = Float(1 / (variance + Double(epsilon)).squareRoot())
                    for n in 0..<batch {
                        let base = (n * channels + c) * spatial
                        for s in 0..<spatial {
                            let xhat = (x[base + s] - mean[c]) * inverseStd[c]
                            normalized.pointer[base + s] = xhat
                            out[base + s] = gamma[c] * xhat + beta[c]
                        }
                    }
                }
            }
        }
        let xhat = Tensor(shape: shape, storage: normalized), invStd = inverseStd
        let output = Tensor.recording(result, from: [self, scale, offset], name: "batchNorm") { upstream, needs in
            var dInput: Tensor? = nil
            var dScale = [Float](repeating: 0, count: channels), dOffset = dScale
            upstream.withUnsafeBufferPointer { g in
                xhat.withUnsafeBufferPointer { h in
                    for c in 0..<channels {
                        var sumG: Float = 0, sumGH: Float = 0
                        for n in 0..<batch { let b = (n * channels + c) * spatial; for s in 0..<spatial { sumG += g[b + s]; sumGH += g[b + s] * h[b + s] } }
                        dScale[c] = sumGH; dOffset[c] = sumG
                    }
                    if needs[0] {
                        dInput = Tensor.build(shape: xhat.shape) { out in
                            for c in 0..<channels {
                                let k = gamma[c] * invStd[c] / Float(m)
                                for n in 0..<batch {
                                    let b = (n * channels + c) * spatial
                                    for s in 0..<spatial {
                                        out[b + s] = k * (Float(m) * g[b + s] - dOffset[c] - h[b + s] * dScale[c])
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [dInput, needs[1] ? Tensor(dScale) : nil, needs[2] ? Tensor(dOffset) : nil]
        }
        return (output, mean, unbiased)
    }

    /// Batch normalisation with fixed statistics (evaluation mode), differentiable in every input.
    public func normalized(mean: Tensor, variance: Tensor, scale: Tensor, offset: Tensor, epsilon: Float = 1e-5) -> Tensor {
        precondition(rank == 2 || rank == 4, "batchNorm: input must be [N, C] or [N, C, H, W], got shape \(shape)")
        let channelShape = rank == 4 ? [1, shape[1], 1, 1] : [1, shape[1]]
        let reshape = { (t: Tensor) in t.reshaped(to: channelShape) }
        return (self - reshape(mean)) / reshape((variance + epsilon).squareRoot()) * reshape(scale) + reshape(offset)
    }

    /// Inverted dropout: zeroes each scalar with `probability` and scales the rest by
    /// `1 / (1 − probability)`, so evaluation needs no rescaling.
    public func dropout(probability: Float, using generator: inout SeededGenerator) -> Tensor {
        precondition(probability >= 0 && probability < 1, "dropout: probability must be in [0, 1), got \(probability)")
        if probability == 0 { return self }
        let keep = 1 / (1 - probability)
        let mask = Tensor.build(shape: shape) { out in
            for i in 0..<scalarCount { out[i] = generator.nextUnitFloat() < probability ? 0 : keep }
        }
        return self * mask
    }
}
