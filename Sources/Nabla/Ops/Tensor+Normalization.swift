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
        // Channels are independent: each thread takes whole channels (enough for 16 Ki values),
        // so the bits do not depend on the thread count.
        let channelsPerChunk = Swift.max(1, (1 << 14) / m)
        let result = withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { meanOut in
                unbiased.withUnsafeMutableBufferPointer { unbiasedOut in
                    inverseStd.withUnsafeMutableBufferPointer { inverseStdOut in
                        Tensor.build(shape: shape) { out in
                            ParallelLoop.forEachChunk(count: channels, minimumPerChunk: channelsPerChunk) { channelRange in
                                for c in channelRange {
                                    var total: Double = 0
                                    for n in 0..<batch { total += ChannelSums.sum(x.baseAddress! + (n * channels + c) * spatial, spatial) }
                                    let mu = total / Double(m)
                                    var squares: Double = 0
                                    for n in 0..<batch { squares += ChannelSums.squaredDeviations(x.baseAddress! + (n * channels + c) * spatial, spatial, from: mu) }
                                    let variance = squares / Double(m)
                                    let meanC = Float(mu), inverseStdC = Float(1 / (variance + Double(epsilon)).squareRoot())
                                    meanOut[c] = meanC
                                    unbiasedOut[c] = Float(squares / Double(m - 1))
                                    inverseStdOut[c] = inverseStdC
                                    let (g, b) = (gamma[c], beta[c])
                                    for n in 0..<batch {
                                        let base = (n * channels + c) * spatial
                                        for s in 0..<spatial {
                                            let xhat = (x[base + s] - meanC) * inverseStdC
                                            normalized.pointer[base + s] = xhat
                                            out[base + s] = g * xhat + b
                                        }
                                    }
                                }
                            }
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
                    dScale.withUnsafeMutableBufferPointer { dScaleOut in
                        dOffset.withUnsafeMutableBufferPointer { dOffsetOut in
                            ParallelLoop.forEachChunk(count: channels, minimumPerChunk: channelsPerChunk) { channelRange in
                                for c in channelRange {
                                    var sumG: Float = 0, sumGH: Float = 0
                                    for n in 0..<batch {
                                        let b = (n * channels + c) * spatial
                                        let (plane, product) = ChannelSums.sumAndDot(g.baseAddress! + b, h.baseAddress! + b, spatial)
                                        sumG += plane; sumGH += product
                                    }
                                    dScaleOut[c] = sumGH; dOffsetOut[c] = sumG
                                }
                            }
                        }
                    }
                    if needs[0] {
                        dInput = Tensor.build(shape: xhat.shape) { out in
                            ParallelLoop.forEachChunk(count: channels, minimumPerChunk: channelsPerChunk) { channelRange in
                                for c in channelRange {
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
        let deviation = (variance + epsilon).squareRoot()
        let recorded = !GradientRecording.isPaused && [self, mean, variance, scale, offset].contains { $0.node != nil }
        if !recorded {
            return normalizedInOnePass(mean: mean.scalars, deviation: deviation.scalars, scale: scale.scalars, offset: offset.scalars)
        }
        return (self - reshape(mean)) / reshape(deviation) * reshape(scale) + reshape(offset)
    }

    /// Inference's batch norm: one pass instead of four broadcast ops, with the same operations in
    /// the same order per value, so the same bits as the differentiable form.
    func normalizedInOnePass(mean: [Float], deviation: [Float], scale: [Float], offset: [Float]) -> Tensor {
        let (batch, channels, spatial) = (shape[0], shape[1], rank == 4 ? shape[2] * shape[3] : 1)
        return withUnsafeBufferPointer { x in
            Tensor.build(shape: shape) { out in
                ParallelLoop.forEachChunk(count: batch * channels, minimumPerChunk: Swift.max(1, (1 << 15) / spatial)) { planes in
                    for plane in planes {
                        let c = plane % channels, base = plane * spatial
                        let (mu, sigma, gamma, beta) = (mean[c], deviation[c], scale[c], offset[c])
                        for s in 0..<spatial { out[base + s] = (x[base + s] - mu) / sigma * gamma + beta }
                    }
                }
            }
        }
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

/// The per-plane sums of batch norm, with eight independent accumulators so that they vectorise
/// (a single running sum is a chain of dependent additions). The order is fixed, so the bits are
/// too.
enum ChannelSums {
    /// Σ x, in Double.
    @inline(__always) static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Double {
        var lanes = SIMD8<Double>(), i = 0
        while i + 8 <= count { lanes += SIMD8<Double>(load(x + i)); i += 8 }
        var total = lanes.sum()
        while i < count { total += Double(x[i]); i += 1 }
        return total
    }

    /// Σ (x − mean)², in Double.
    @inline(__always) static func squaredDeviations(_ x: UnsafePointer<Float>, _ count: Int, from mean: Double) -> Double {
        var lanes = SIMD8<Double>(), i = 0
        while i + 8 <= count { let d = SIMD8<Double>(load(x + i)) - mean; lanes += d * d; i += 8 }
        var total = lanes.sum()
        while i < count { let d = Double(x[i]) - mean; total += d * d; i += 1 }
        return total
    }

    /// (Σ g, Σ g·h).
    @inline(__always) static func sumAndDot(_ g: UnsafePointer<Float>, _ h: UnsafePointer<Float>, _ count: Int) -> (Float, Float) {
        var sums = SIMD8<Float>(), dots = SIMD8<Float>(), i = 0
        while i + 8 <= count { let a = load(g + i); sums += a; dots += a * load(h + i); i += 8 }
        var (sum, dot) = (sums.sum(), dots.sum())
        while i < count { sum += g[i]; dot += g[i] * h[i]; i += 1 }
        return (sum, dot)
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }
}
