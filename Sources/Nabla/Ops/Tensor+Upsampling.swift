extension Tensor {
    /// Nearest-neighbour upsampling of an NCHW input by an integer `factor` in height and width:
    /// each value is repeated in a `factor × factor` block (PyTorch's `Upsample(mode: "nearest")`).
    /// Followed by a convolution it is the decoder's upsampling step (DSN's shared decoder); the
    /// gradient sums each block.
    public func upsampledNearest(factor: Int) -> Tensor {
        precondition(rank == 4, "upsampleNearest: input must be [batch, channels, height, width], got shape \(shape)")
        precondition(factor >= 1, "upsampleNearest: factor must be at least 1, got \(factor)")
        if factor == 1 { return self }
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let (outHeight, outWidth) = (height * factor, width * factor)
        let outShape = [shape[0], shape[1], outHeight, outWidth]
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: outShape) { out in
                ParallelLoop.forEachChunk(count: planes, minimumPerChunk: 16) { planeRange in
                    for p in planeRange {
                        let plane = input.baseAddress! + p * height * width, target = out + p * outHeight * outWidth
                        for h in 0..<height {
                            let row = plane + h * width, first = target + h * factor * outWidth
                            for w in 0..<width { (first + w * factor).initialize(repeating: row[w], count: factor) }
                            // The other rows of the block repeat the first.
                            for r in 1..<factor { (first + r * outWidth).initialize(from: first, count: outWidth) }
                        }
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.recording(result, from: [self], name: "upsampleNearest") { upstream in
            [upstream.withUnsafeBufferPointer { g in
                Tensor.build(shape: inputShape) { out in
                    ParallelLoop.forEachChunk(count: planes, minimumPerChunk: 16) { planeRange in
                        (out + planeRange.lowerBound * height * width).initialize(repeating: 0, count: planeRange.count * height * width)
                        for p in planeRange {
                            let source = g.baseAddress! + p * outHeight * outWidth, plane = out + p * height * width
                            for oh in 0..<outHeight {
                                let row = plane + (oh / factor) * width, sourceRow = source + oh * outWidth
                                for w in 0..<width {
                                    for f in 0..<factor { row[w] += sourceRow[w * factor + f] }
                                }
                            }
                        }
                    }
                }
            }]
        }
    }
}
