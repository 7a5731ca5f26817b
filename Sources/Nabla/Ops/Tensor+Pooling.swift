extension Tensor {
    /// 2-D max pooling of an NCHW input (no padding). The gradient flows to the first maximal
    /// element of each window.
    public func maxPooled2D(kernel: (Int, Int), stride: (Int, Int)? = nil) -> Tensor {
        precondition(rank == 4, "maxPool2d: input must be [batch, channels, height, width], got shape \(shape)")
        let geometry = Convolution2DGeometry(kernel: kernel, stride: stride ?? kernel)
        geometry.validate(op: "maxPool2d")
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
                        if geometry.kernelHeight == 2 && geometry.kernelWidth == 2 && geometry.strideHeight == 2 && geometry.strideWidth == 2 {
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
                                let top = oh * geometry.strideHeight, left = ow * geometry.strideWidth
                                var best = -Float.infinity, bestIndex = top * width + left
                                for kh in 0..<geometry.kernelHeight {
                                    for kw in 0..<geometry.kernelWidth {
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
}
