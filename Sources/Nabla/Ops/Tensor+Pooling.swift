extension Tensor {
    /// 2-D max pooling of an NCHW input. The gradient flows to the first maximal element of each
    /// window. `padding` adds that many rows and columns on each side that never win (PyTorch's
    /// implicit −∞ padding); it must be at most half the window, so every window holds an input.
    public func maxPooled2D(kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> Tensor {
        precondition(rank == 4, "maxPool2d: input must be [batch, channels, height, width], got shape \(shape)")
        let geometry = Convolution2DGeometry(kernel: kernel, stride: stride ?? kernel, padding: padding)
        geometry.validate(op: "maxPool2d")
        precondition(2 * padding.0 <= kernel.0 && 2 * padding.1 <= kernel.1,
                     "maxPool2d: padding \(padding) must be at most half the window \(kernel)")
        guard let (outHeight, outWidth) = geometry.outputSize(height: shape[2], width: shape[3]) else {
            preconditionFailure("maxPool2d: window \(kernel) does not fit input \(shape)")
        }
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let outShape = [shape[0], shape[1], outHeight, outWidth]
        var winners = [Int32](repeating: 0, count: outShape.scalarCount)
        let result = withUnsafeBufferPointer { input in
            winners.withUnsafeMutableBufferPointer { chosen in
                Tensor.build(shape: outShape) { out in
                    ParallelLoop.forEachChunk(count: planes, minimumPerChunk: 16) { planeRange in
                    for p in planeRange {
                        let plane = input.baseAddress! + p * height * width
                        if geometry.kernelHeight == 2 && geometry.kernelWidth == 2 && geometry.strideHeight == 2 && geometry.strideWidth == 2
                            && geometry.paddingHeight == 0 && geometry.paddingWidth == 0 {
                            // The common 2×2 window, unrolled: the same comparisons in the same order.
                            for oh in 0..<outHeight {
                                let top = 2 * oh * width, o = (p * outHeight + oh) * outWidth
                                for ow in 0..<outWidth {
                                    let first = top + 2 * ow
                                    var best = -Float.infinity, bestIndex = first
                                    var index = first, value = plane[index], better = value > best
                                    best = better ? value : best; bestIndex = better ? index : bestIndex
                                    index = first + 1; value = plane[index]; better = value > best
                                    best = better ? value : best; bestIndex = better ? index : bestIndex
                                    index = first + width; value = plane[index]; better = value > best
                                    best = better ? value : best; bestIndex = better ? index : bestIndex
                                    index = first + width + 1; value = plane[index]; better = value > best
                                    best = better ? value : best; bestIndex = better ? index : bestIndex
                                    out[o + ow] = best
                                    chosen[o + ow] = Int32(bestIndex)
                                }
                            }
                            continue
                        }
                        for oh in 0..<outHeight {
                            for ow in 0..<outWidth {
                                // The window clipped to the input (without padding it always fits).
                                let top = oh * geometry.strideHeight - geometry.paddingHeight
                                let left = ow * geometry.strideWidth - geometry.paddingWidth
                                let rows = Swift.max(0, -top) ..< Swift.min(geometry.kernelHeight, height - top)
                                let columns = Swift.max(0, -left) ..< Swift.min(geometry.kernelWidth, width - left)
                                var best = -Float.infinity, bestIndex = (top + rows.lowerBound) * width + left + columns.lowerBound
                                for kh in rows {
                                    for kw in columns {
                                        // Selects rather than branches: on real data the comparison is
                                        // a coin flip, and mispredicted branches cost more than the work.
                                        let index = (top + kh) * width + left + kw, value = plane[index]
                                        let better = value > best
                                        best = better ? value : best
                                        bestIndex = better ? index : bestIndex
                                    }
                                }
                                let o = (p * outHeight + oh) * outWidth + ow
                                out[o] = best
                                chosen[o] = Int32(bestIndex)
                            }
                        }
                    }
                    }
                }
            }
        }
        let inputShape = shape
        let chosen = winners
        let perPlane = outHeight * outWidth
        return Tensor.recording(result, from: [self], name: "maxPool2d") { upstream in
            [upstream.withUnsafeBufferPointer { g in
                Tensor.build(shape: inputShape) { out in
                    // Each plane's gradients land only in its own input plane.
                    ParallelLoop.forEachChunk(count: planes, minimumPerChunk: 16) { planeRange in
                        (out + planeRange.lowerBound * height * width).initialize(repeating: 0, count: planeRange.count * height * width)
                        for o in planeRange.lowerBound * perPlane ..< planeRange.upperBound * perPlane {
                            out[(o / perPlane) * height * width + Int(chosen[o])] += g[o]
                        }
                    }
                }
            }]
        }
    }

    /// The mean of each channel's `height × width` map of an NCHW input: `[N, C, H, W] → [N, C]`
    /// (PyTorch's `adaptive_avg_pool2d(x, 1).flatten(1)`); the gradient spreads evenly.
    public func globalAveragePooled2D() -> Tensor {
        precondition(rank == 4, "globalAveragePool2d: input must be [batch, channels, height, width], got shape \(shape)")
        return reshaped(to: [shape[0], shape[1], shape[2] * shape[3]]).mean(alongAxis: 2)
    }
}
