import CDNNL
import Foundation

/// One convolution shape computed by oneDNN: forward, filter gradient and input gradient, on our
/// NCHW tensors. oneDNN's fastest kernels want channel-blocked layouts, so each call reorders its
/// arguments in and its result out (a memory pass each, small next to the products).
///
/// Primitives are expensive to create (their kernels are generated at run time) and cheap to run,
/// so each shape is created once and cached (see ``cached(_:)``).
final class OneDNNConvolution: @unchecked Sendable {
    struct Key: Hashable {
        var input: [Int], filter: [Int], output: [Int]
        var stride: [Int], paddingBefore: [Int], paddingAfter: [Int]
        var hasBias: Bool
    }

    /// A user array (NCHW / OIHW / bias) and the layout one primitive wants for it.
    struct Bridge {
        let user: dnnl_memory_desc_t, inner: dnnl_memory_desc_t
        let toInner: OneDNN.Primitive?, toUser: OneDNN.Primitive?
        var innerBytes: Int { OneDNN.byteCount(inner) }

        init(user: dnnl_memory_desc_t, inner: dnnl_memory_desc_t, direction: Direction) {
            (self.user, self.inner) = (user, inner)
            let same = OneDNN.same(user, inner)
            toInner = !same && direction == .in ? OneDNN.reorder(from: user, to: inner) : nil
            toUser = !same && direction == .out ? OneDNN.reorder(from: inner, to: user) : nil
        }

        enum Direction { case `in`, out }

        /// Runs `body` with `data` in the inner layout (converted into scratch memory if needed).
        func reading<R>(_ data: UnsafePointer<Float>, _ body: (UnsafeMutableRawPointer) -> R) -> R {
            let raw = UnsafeMutableRawPointer(mutating: data)
            guard let toInner else { return body(raw) }
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: innerBytes, alignment: 64)
            defer { scratch.deallocate() }
            toInner.execute([(DNNL_ARG_FROM, user, raw), (DNNL_ARG_TO, inner, scratch)])
            return body(scratch)
        }

        /// Runs `body` with a buffer in the inner layout, then leaves its contents in `data`.
        func writing(_ data: UnsafeMutablePointer<Float>, _ body: (UnsafeMutableRawPointer) -> Void) {
            let raw = UnsafeMutableRawPointer(data)
            guard let toUser else { return body(raw) }
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: innerBytes, alignment: 64)
            defer { scratch.deallocate() }
            body(scratch)
            toUser.execute([(DNNL_ARG_FROM, inner, scratch), (DNNL_ARG_TO, user, raw)])
        }
    }

    let forwardPrimitive: OneDNN.Primitive
    let filterGradientPrimitive: OneDNN.Primitive
    let inputGradientPrimitive: OneDNN.Primitive
    let biasLayout: dnnl_memory_desc_t?
    // Forward: input, filter in; output out. Filter gradient: input, upstream in; filter out.
    // Input gradient: filter, upstream in; input out.
    let forwardInput: Bridge, forwardFilter: Bridge, forwardOutput: Bridge
    let filterGradientInput: Bridge, filterGradientUpstream: Bridge, filterGradientOutput: Bridge
    let inputGradientFilter: Bridge, inputGradientUpstream: Bridge, inputGradientOutput: Bridge

    /// Creates the three primitives, or returns `nil` when oneDNN has no implementation for the
    /// shape (the caller then uses im2col).
    init?(_ key: Key) {
        guard let engine = OneDNN.engine else { return nil }
        omp_set_num_threads(1)  // kernels are generated for one thread (see ShardedOneDNNConvolution)
        let input = OneDNN.descriptor(key.input, dnnl_nchw), filter = OneDNN.descriptor(key.filter, dnnl_oihw)
        let output = OneDNN.descriptor(key.output, dnnl_nchw)
        var anyInput = OneDNN.anyLayout(key.input), anyFilter = OneDNN.anyLayout(key.filter)
        var anyOutput = OneDNN.anyLayout(key.output)
        let bias = OneDNN.descriptor([key.filter[0]], dnnl_x)
        biasLayout = key.hasBias ? bias : nil
        let (stride, before, after) = (key.stride.map(Int64.init), key.paddingBefore.map(Int64.init), key.paddingAfter.map(Int64.init))
        let attributes = OneDNN.userScratchpadAttributes()
        defer { dnnl_primitive_attr_destroy(attributes) }

        func create(_ operation: inout dnnl_convolution_desc_t, hint: dnnl_primitive_desc_t?) -> OneDNN.Primitive? {
            var descriptor: dnnl_primitive_desc_t?
            let status = withUnsafePointer(to: &operation) {
                dnnl_primitive_desc_create(&descriptor, UnsafeRawPointer($0), attributes, engine, hint)
            }
            return status == dnnl_success ? OneDNN.Primitive(descriptor: descriptor!) : nil
        }
        var forwardOperation = dnnl_convolution_desc_t()
        let forwardStatus = withUnsafePointer(to: bias) { biasPointer in
            dnnl_convolution_forward_desc_init(&forwardOperation, dnnl_forward_training, dnnl_convolution_direct,
                                               &anyInput, &anyFilter, key.hasBias ? biasPointer : nil,
                                               &anyOutput, stride, before, after)
        }
        guard forwardStatus == dnnl_success, let forward = create(&forwardOperation, hint: nil) else { return nil }
        var filterOperation = dnnl_convolution_desc_t(), inputOperation = dnnl_convolution_desc_t()
        guard dnnl_convolution_backward_weights_desc_init(&filterOperation, dnnl_convolution_direct, &anyInput, &anyFilter, nil,
                                                          &anyOutput, stride, before, after) == dnnl_success,
              dnnl_convolution_backward_data_desc_init(&inputOperation, dnnl_convolution_direct, &anyInput, &anyFilter,
                                                       &anyOutput, stride, before, after) == dnnl_success,
              let filterGradient = create(&filterOperation, hint: forward.descriptor),
              let inputGradient = create(&inputOperation, hint: forward.descriptor)
        else { return nil }
        (forwardPrimitive, filterGradientPrimitive, inputGradientPrimitive) = (forward, filterGradient, inputGradient)

        forwardInput = Bridge(user: input, inner: forward.layout(dnnl_query_src_md), direction: .in)
        forwardFilter = Bridge(user: filter, inner: forward.layout(dnnl_query_weights_md), direction: .in)
        forwardOutput = Bridge(user: output, inner: forward.layout(dnnl_query_dst_md), direction: .out)
        filterGradientInput = Bridge(user: input, inner: filterGradient.layout(dnnl_query_src_md), direction: .in)
        filterGradientUpstream = Bridge(user: output, inner: filterGradient.layout(dnnl_query_diff_dst_md), direction: .in)
        filterGradientOutput = Bridge(user: filter, inner: filterGradient.layout(dnnl_query_diff_weights_md), direction: .out)
        inputGradientFilter = Bridge(user: filter, inner: inputGradient.layout(dnnl_query_weights_md), direction: .in)
        inputGradientUpstream = Bridge(user: output, inner: inputGradient.layout(dnnl_query_diff_dst_md), direction: .in)
        inputGradientOutput = Bridge(user: input, inner: inputGradient.layout(dnnl_query_diff_src_md), direction: .out)
    }

    /// `output = input ⋆ filter + bias`, all row-major NCHW / OIHW.
    func forward(input: UnsafePointer<Float>, filter: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>) {
        var biasArgument: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer)] = []
        if let bias, let biasLayout { biasArgument.append((DNNL_ARG_BIAS, biasLayout, UnsafeMutableRawPointer(mutating: bias))) }
        run(forwardPrimitive, (DNNL_ARG_SRC, forwardInput, input), (DNNL_ARG_WEIGHTS, forwardFilter, filter),
            writing: (DNNL_ARG_DST, forwardOutput, output), also: biasArgument)
    }

    /// The filter gradient of `upstream` (∂loss/∂output), written into `filterGradient` (OIHW).
    func filterGradient(input: UnsafePointer<Float>, upstream: UnsafePointer<Float>, into filterGradient: UnsafeMutablePointer<Float>) {
        run(filterGradientPrimitive, (DNNL_ARG_SRC, filterGradientInput, input), (DNNL_ARG_DIFF_DST, filterGradientUpstream, upstream),
            writing: (DNNL_ARG_DIFF_WEIGHTS, filterGradientOutput, filterGradient))
    }

    /// The input gradient of `upstream`, written into `inputGradient` (NCHW).
    func inputGradient(filter: UnsafePointer<Float>, upstream: UnsafePointer<Float>, into inputGradient: UnsafeMutablePointer<Float>) {
        run(inputGradientPrimitive, (DNNL_ARG_WEIGHTS, inputGradientFilter, filter), (DNNL_ARG_DIFF_DST, inputGradientUpstream, upstream),
            writing: (DNNL_ARG_DIFF_SRC, inputGradientOutput, inputGradient))
    }

    /// Runs `primitive` on two inputs and one output, each passing through its bridge's reorder.
    private func run(_ primitive: OneDNN.Primitive, _ first: (Int32, Bridge, UnsafePointer<Float>),
                     _ second: (Int32, Bridge, UnsafePointer<Float>), writing output: (Int32, Bridge, UnsafeMutablePointer<Float>),
                     also extra: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer)] = []) {
        first.1.reading(first.2) { a in
            second.1.reading(second.2) { b in
                output.1.writing(output.2) { c in
                    primitive.execute([(first.0, first.1.inner, a), (second.0, second.1.inner, b), (output.0, output.1.inner, c)] + extra)
                }
            }
        }
    }

    // NSLock (a pthread mutex, which ThreadSanitizer models): behind Synchronization's Mutex,
    // ThreadSanitizer reported this dictionary as racy; behind NSLock it reports nothing.
    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [Key: OneDNNConvolution?] = [:]

    /// The convolution for `key`, created on first use; `nil` if oneDNN cannot do it.
    static func cached(_ key: Key) -> OneDNNConvolution? {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let known = cache[key] { return known }
        let created = OneDNNConvolution(key)
        cache[key] = created
        return created
    }
}

/// A convolution over a whole batch as one oneDNN convolution per core, each on a contiguous
/// slice of the samples. Parallelism comes from our threads, not oneDNN's OpenMP: OpenMP's
/// workers spin between parallel regions, which starved everything else on a busy machine
/// (a batch-norm model trained 1.5× slower than on im2col while another job ran). Forward and
/// input gradients are exact per slice; the filter gradient adds the slices' parts in order.
struct ShardedOneDNNConvolution: @unchecked Sendable {
    let shards: [(samples: Range<Int>, convolution: OneDNNConvolution)]
    let inputPerSample: Int, outputPerSample: Int, filterCount: Int
    /// One sample's output shape, `[outChannels, outHeight, outWidth]`.
    let outputShape: [Int]

    /// `nil` when oneDNN cannot compute one of the slices, or for an empty batch.
    init?(plan: ConvolutionPlan, filter: [Int], hasBias: Bool) {
        guard plan.batch > 0 else { return nil }
        let count = ComputeContext.current.isInsideShard ? 1 : shardCount(forBatch: plan.batch)
        var shards: [(Range<Int>, OneDNNConvolution)] = []
        for samples in shardRanges(plan.batch, count: count) where !samples.isEmpty {
            guard let convolution = plan.withBatch(samples.count).oneDNN(filter: filter, hasBias: hasBias) else { return nil }
            shards.append((samples, convolution))
        }
        self.shards = shards
        inputPerSample = plan.inChannels * plan.height * plan.width
        outputShape = [plan.outChannels, plan.outHeight, plan.outWidth]
        outputPerSample = outputShape.reduce(1, *)
        filterCount = filter.reduce(1, *)
    }

    /// Runs `body(shard)` for every slice, the slices in parallel.
    private func eachShard(_ body: (Int) -> Void) {
        ParallelLoop.forEachChunk(count: shards.count) { chunk in chunk.forEach(body) }
    }

    /// `input ⋆ filter + bias` for NCHW tensors (the counterpart of `ConvolutionPlan.forward`).
    func forward(input: Tensor, filter: Tensor, bias: Tensor?) -> Tensor {
        input.withUnsafeBufferPointer { x in
            filter.withUnsafeBufferPointer { w in
                withOptionalPointer(bias) { b in
                    Tensor.build(shape: [shards.last!.samples.upperBound] + outputShape) { out in
                        eachShard { index in
                            let (samples, convolution) = shards[index]
                            convolution.forward(input: x.baseAddress! + samples.lowerBound * inputPerSample, filter: w.baseAddress!,
                                                bias: b, output: out + samples.lowerBound * outputPerSample)
                        }
                    }
                }
            }
        }
    }

    /// The input and filter gradients of `upstream` (the counterpart of `ConvolutionPlan.backward`).
    func backward(upstream: Tensor, input: Tensor, filter: Tensor, needInput: Bool, needFilter: Bool) -> (Tensor?, Tensor?) {
        upstream.withUnsafeBufferPointer { g in
            let dInput = !needInput ? nil : filter.withUnsafeBufferPointer { w in
                Tensor.build(shape: input.shape) { dx in inputGradient(filter: w.baseAddress!, upstream: g.baseAddress!, into: dx) }
            }
            let dFilter = !needFilter ? nil : input.withUnsafeBufferPointer { x in
                Tensor.build(shape: filter.shape) { dw in filterGradient(input: x.baseAddress!, upstream: g.baseAddress!, into: dw) }
            }
            return (dInput, dFilter)
        }
    }

    private func inputGradient(filter: UnsafePointer<Float>, upstream: UnsafePointer<Float>, into inputGradient: UnsafeMutablePointer<Float>) {
        eachShard { index in
            let (samples, convolution) = shards[index]
            convolution.inputGradient(filter: filter, upstream: upstream + samples.lowerBound * outputPerSample,
                                      into: inputGradient + samples.lowerBound * inputPerSample)
        }
    }

    private func filterGradient(input: UnsafePointer<Float>, upstream: UnsafePointer<Float>, into filterGradient: UnsafeMutablePointer<Float>) {
        guard shards.count > 1 else {
            return shards[0].convolution.filterGradient(input: input, upstream: upstream, into: filterGradient)
        }
        let parts = UnsafeMutablePointer<Float>.allocate(capacity: shards.count * filterCount)
        defer { parts.deallocate() }
        eachShard { index in
            let (samples, convolution) = shards[index]
            convolution.filterGradient(input: input + samples.lowerBound * inputPerSample,
                                       upstream: upstream + samples.lowerBound * outputPerSample, into: parts + index * filterCount)
        }
        filterGradient.update(from: parts, count: filterCount)
        for index in 1..<shards.count {
            let part = parts + index * filterCount
            for i in 0..<filterCount { filterGradient[i] += part[i] }
        }
    }
}

/// Runs `body` with a pointer to `tensor`'s scalars, or with `nil` when there is no tensor.
private func withOptionalPointer<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress!) }
}
