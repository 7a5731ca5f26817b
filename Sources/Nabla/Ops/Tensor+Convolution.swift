/// Geometry of a 2-D convolution or pooling window over NCHW tensors.
public struct Convolution2DGeometry: Sendable, Equatable {
    /// Height and width of the window (positive).
    public var kernelHeight: Int, kernelWidth: Int
    /// Step of the window over height and width (positive).
    public var strideHeight: Int, strideWidth: Int
    /// Zero rows and columns added on each side of height and width (not negative).
    public var paddingHeight: Int, paddingWidth: Int

    /// A geometry from `(height, width)` pairs; ops that use it trap on a non-positive kernel or
    /// stride or a negative padding.
    public init(kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)) {
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (paddingHeight, paddingWidth) = padding
    }

    /// The output height and width for an input of `height × width`, or `nil` if the window
    /// does not fit.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
        let h = (height + 2 * paddingHeight - kernelHeight) / strideHeight + 1
        let w = (width + 2 * paddingWidth - kernelWidth) / strideWidth + 1
        guard height + 2 * paddingHeight >= kernelHeight, width + 2 * paddingWidth >= kernelWidth, h > 0, w > 0 else { return nil }
        return (h, w)
    }

    func validate(op: String) {
        precondition(kernelHeight > 0 && kernelWidth > 0, "\(op): kernel size must be positive, got \(kernelHeight)×\(kernelWidth)")
        precondition(strideHeight > 0 && strideWidth > 0, "\(op): stride must be positive, got \(strideHeight)×\(strideWidth)")
        precondition(paddingHeight >= 0 && paddingWidth >= 0, "\(op): padding must not be negative, got \(paddingHeight)×\(paddingWidth)")
    }
}

extension Tensor {
    /// 2-D cross-correlation (what deep-learning libraries call convolution) of an NCHW input.
    ///
    /// Implemented as im2col + one BLAS sgemm per chunk of samples.
    /// - Parameters:
    ///   - filter: `[outChannels, inChannels, kernelHeight, kernelWidth]`.
    ///   - bias: `[outChannels]`, optional.
    ///   - stride: Step of the filter over height and width.
    ///   - padding: Zero rows and columns added on each side of height and width.
    /// - Returns: `[batch, outChannels, outHeight, outWidth]`.
    public func convolved2D(
        filter: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)
    ) -> Tensor {
        precondition(rank == 4, "conv2d: input must be [batch, channels, height, width], got shape \(shape)")
        precondition(filter.rank == 4, "conv2d: filter must be [out, in, kernelHeight, kernelWidth], got shape \(filter.shape)")
        precondition(filter.shape[1] == shape[1], "conv2d: filter \(filter.shape) expects \(filter.shape[1]) input channels, input \(shape) has \(shape[1])")
        if let bias { precondition(bias.shape == [filter.shape[0]], "conv2d: bias shape \(bias.shape) does not match \(filter.shape[0]) output channels") }
        let geometry = Convolution2DGeometry(kernel: (filter.shape[2], filter.shape[3]), stride: stride, padding: padding)
        geometry.validate(op: "conv2d")
        guard let outSize = geometry.outputSize(height: shape[2], width: shape[3]) else {
            preconditionFailure("conv2d: kernel \(filter.shape[2])×\(filter.shape[3]) with padding \(padding) does not fit input \(shape)")
        }
        let plan = ConvolutionPlan(input: shape, outChannels: filter.shape[0], geometry: geometry, output: outSize)
        // 2 per multiply-add: forward, and again for each gradient the backward pass computes.
        let flops = 2 * Double(plan.batch * plan.outChannels * plan.pixelsPerSample * plan.patchSize)
        FlopCounter.add(flops)
        let result: Tensor
        let backward: @Sendable (_ upstream: Tensor, _ input: Tensor, _ filter: Tensor, _ needInput: Bool, _ needFilter: Bool) -> (Tensor?, Tensor?)
        if ConvolutionBackend.current == .oneDNN, let oneDNN = ShardedOneDNNConvolution(plan: plan, filter: filter.shape, hasBias: bias != nil) {
            result = oneDNN.forward(input: self, filter: filter, bias: bias)
            backward = oneDNN.backward
        } else {
            // The backward pass recomputes the patch matrices: keeping them costs more (fresh pages
            // for ~100 MB per step) than rebuilding them chunk by chunk in cache-sized scratch memory.
            result = plan.forward(input: self, filter: filter, bias: bias)
            backward = plan.backward
        }
        let input = self
        return Tensor.recording(result, from: bias.map { [self, filter, $0] } ?? [self, filter], name: "conv2d") { upstream, needs in
            let (dInput, dFilter) = backward(upstream, input, filter, needs[0], needs[1])
            FlopCounter.add(flops * Double((dInput == nil ? 0 : 1) + (dFilter == nil ? 0 : 1)))
            var gradients: [Tensor?] = [dInput, dFilter]
            if needs.count == 3 { gradients.append(needs[2] ? upstream.sum(alongAxes: [0, 2, 3]) : nil) }
            return gradients
        }
    }
}

/// The sizes of one convolution and the im2col + sgemm loops that compute it.
struct ConvolutionPlan: Sendable {
    let batch: Int, inChannels: Int, height: Int, width: Int
    let outChannels: Int, outHeight: Int, outWidth: Int
    let geometry: Convolution2DGeometry
    /// Rows of the im2col matrix (`inChannels · kh · kw`) and output pixels per sample.
    var patchSize: Int { inChannels * geometry.kernelHeight * geometry.kernelWidth }
    var pixelsPerSample: Int { outHeight * outWidth }
    /// Samples per sgemm: enough columns to keep BLAS efficient, few enough to bound memory.
    var chunkSize: Int { max(1, min(batch, (1 << 22) / max(patchSize * pixelsPerSample, 1))) }

    init(input: [Int], outChannels: Int, geometry: Convolution2DGeometry, output: (height: Int, width: Int)) {
        (batch, inChannels, height, width) = (input[0], input[1], input[2], input[3])
        self.outChannels = outChannels
        (outHeight, outWidth) = output
        self.geometry = geometry
    }

    /// oneDNN's version of this convolution, or `nil` when oneDNN cannot compute it (e.g. a
    /// stride that leaves input rows unread, which oneDNN describes as negative padding).
    func oneDNN(filter: [Int], hasBias: Bool) -> OneDNNConvolution? {
        let g = geometry
        let after = [(outHeight - 1) * g.strideHeight + g.kernelHeight - height - g.paddingHeight,
                     (outWidth - 1) * g.strideWidth + g.kernelWidth - width - g.paddingWidth]
        guard after.allSatisfy({ $0 >= 0 }) else { return nil }
        return OneDNNConvolution.cached(.init(
            input: [batch, inChannels, height, width], filter: filter, output: [batch, outChannels, outHeight, outWidth],
            stride: [g.strideHeight, g.strideWidth], paddingBefore: [g.paddingHeight, g.paddingWidth], paddingAfter: after,
            hasBias: hasBias))
    }

    /// The same convolution over `count` samples.
    func withBatch(_ count: Int) -> ConvolutionPlan {
        ConvolutionPlan(input: [count, inChannels, height, width], outChannels: outChannels, geometry: geometry,
                        output: (outHeight, outWidth))
    }

    func forward(input: Tensor, filter: Tensor, bias: Tensor?) -> Tensor {
        let chunk = chunkSize, pixels = pixelsPerSample
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: patchSize * chunk * pixels)
        let product = UnsafeMutablePointer<Float>.allocate(capacity: outChannels * chunk * pixels)
        defer { columns.deallocate(); product.deallocate() }
        let biasValues = bias?.scalars
        return input.withUnsafeBufferPointer { x in
            filter.withUnsafeBufferPointer { w in
                Tensor.build(shape: [batch, outChannels, outHeight, outWidth]) { out in
                    for first in stride(from: 0, to: batch, by: chunk) {
                        let count = min(chunk, batch - first)
                        imageToColumns(x.baseAddress!, first: first, count: count, into: columns)
                        BLAS.gemm(transposeA: false, transposeB: false, m: outChannels, n: count * pixels, k: patchSize,
                                  a: w.baseAddress!, lda: patchSize, b: columns, ldb: count * pixels,
                                  c: product, ldc: count * pixels)
                        // product is [outChannels, count · pixels]; the output wants [count, outChannels, pixels].
                        for s in 0..<count {
                            for o in 0..<outChannels {
                                let source = product + o * count * pixels + s * pixels
                                let destination = out + ((first + s) * outChannels + o) * pixels
                                let b = biasValues?[o] ?? 0
                                for p in 0..<pixels { destination[p] = source[p] + b }
                            }
                        }
                    }
                }
            }
        }
    }

    func backward(upstream: Tensor, input: Tensor, filter: Tensor, needInput: Bool, needFilter: Bool) -> (Tensor?, Tensor?) {
        let chunk = chunkSize, pixels = pixelsPerSample
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: patchSize * chunk * pixels)
        let gathered = UnsafeMutablePointer<Float>.allocate(capacity: outChannels * chunk * pixels)
        defer { columns.deallocate(); gathered.deallocate() }
        let dFilterStorage = TensorStorage(repeating: 0, count: filter.scalarCount)
        let dInputStorage = TensorStorage(repeating: 0, count: needInput ? input.scalarCount : 0)
        input.withUnsafeBufferPointer { x in
            filter.withUnsafeBufferPointer { w in
                upstream.withUnsafeBufferPointer { g in
                    for first in stride(from: 0, to: batch, by: chunk) {
                        let count = min(chunk, batch - first)
                        for s in 0..<count {
                            for o in 0..<outChannels {
                                (gathered + o * count * pixels + s * pixels)
                                    .update(from: g.baseAddress! + ((first + s) * outChannels + o) * pixels, count: pixels)
                            }
                        }
                        if needFilter {
                            imageToColumns(x.baseAddress!, first: first, count: count, into: columns)
                            // dW[o, r] += Σ_columns upstream[o, col] · columns[r, col]
                            BLAS.gemm(transposeA: false, transposeB: true, m: outChannels, n: patchSize, k: count * pixels,
                                      a: gathered, lda: count * pixels, b: columns, ldb: count * pixels,
                                      beta: 1, c: dFilterStorage.pointer, ldc: patchSize)
                        }
                        if needInput {
                            // dColumns = Wᵀ · upstream, then folded back onto the input positions.
                            BLAS.gemm(transposeA: true, transposeB: false, m: patchSize, n: count * pixels, k: outChannels,
                                      a: w.baseAddress!, lda: patchSize, b: gathered, ldb: count * pixels,
                                      c: columns, ldc: count * pixels)
                            columnsToImage(columns, first: first, count: count, into: dInputStorage.pointer)
                        }
                    }
                }
            }
        }
        return (needInput ? Tensor(shape: input.shape, storage: dInputStorage) : nil,
                needFilter ? Tensor(shape: filter.shape, storage: dFilterStorage) : nil)
    }

    /// Writes the `[patchSize, count · pixels]` patch matrix of samples `first ..< first + count`.
    /// Rows are independent, so they are split across threads.
    func imageToColumns(_ x: UnsafePointer<Float>, first: Int, count: Int, into columns: UnsafeMutablePointer<Float>) {
        let g = geometry, pixels = pixelsPerSample, rowLength = count * pixels
        let kernelArea = g.kernelHeight * g.kernelWidth
        ParallelLoop.forEachChunk(count: patchSize, minimumPerChunk: 4) { rows in
            for r in rows {
                let c = r / kernelArea, kh = r % kernelArea / g.kernelWidth, kw = r % g.kernelWidth
                let row = columns + r * rowLength
                // Output columns whose input column is inside the image: [validStart, validEnd).
                let validStart = g.strideWidth == 1 ? min(outWidth, max(0, g.paddingWidth - kw)) : 0
                let validEnd = g.strideWidth == 1 ? max(validStart, min(outWidth, width + g.paddingWidth - kw)) : outWidth
                for s in 0..<count {
                    let plane = x + ((first + s) * inChannels + c) * height * width
                    let destination = row + s * pixels
                    for oh in 0..<outHeight {
                        let ih = oh * g.strideHeight - g.paddingHeight + kh
                        let line = destination + oh * outWidth
                        guard ih >= 0 && ih < height else {
                            line.initialize(repeating: 0, count: outWidth); continue
                        }
                        let source = plane + ih * width
                        if g.strideWidth == 1 {
                            line.initialize(repeating: 0, count: validStart)
                            (line + validStart).initialize(from: source + validStart - g.paddingWidth + kw, count: validEnd - validStart)
                            (line + validEnd).initialize(repeating: 0, count: outWidth - validEnd)
                        } else {
                            for ow in 0..<outWidth {
                                let iw = ow * g.strideWidth - g.paddingWidth + kw
                                line[ow] = iw >= 0 && iw < width ? source[iw] : 0
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds the patch matrix back onto the input positions it was read from (im2col's adjoint).
    func columnsToImage(_ columns: UnsafePointer<Float>, first: Int, count: Int, into dx: UnsafeMutablePointer<Float>) {
        let g = geometry, pixels = pixelsPerSample, rowLength = count * pixels
        // Each channel writes only its own input planes, so channels are split across threads.
        ParallelLoop.forEachChunk(count: inChannels) { channels in
        for c in channels {
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth {
                    let row = columns + ((c * g.kernelHeight + kh) * g.kernelWidth + kw) * rowLength
                    for s in 0..<count {
                        let plane = dx + ((first + s) * inChannels + c) * height * width
                        let source = row + s * pixels
                        for oh in 0..<outHeight {
                            let ih = oh * g.strideHeight - g.paddingHeight + kh
                            guard ih >= 0 && ih < height else { continue }
                            let line = source + oh * outWidth
                            let destination = plane + ih * width
                            if g.strideWidth == 1 {
                                // Output columns whose input column is inside the image, added without branches.
                                let start = min(outWidth, max(0, g.paddingWidth - kw))
                                let end = max(start, min(outWidth, width + g.paddingWidth - kw))
                                let shifted = destination - g.paddingWidth + kw
                                for ow in start..<end { shifted[ow] += line[ow] }
                            } else {
                                for ow in 0..<outWidth {
                                    let iw = ow * g.strideWidth - g.paddingWidth + kw
                                    if iw >= 0 && iw < width { destination[iw] += line[ow] }
                                }
                            }
                        }
                    }
                }
            }
        }
        }
    }
}
