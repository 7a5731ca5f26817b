import CDNNL
import Dispatch
import Foundation

/// The parts of oneDNN's C API that the convolutions use: one CPU engine, memory descriptors for
/// our row-major NCHW / OIHW arrays, reorders between those and oneDNN's blocked layouts, and
/// execution on our own buffers. Nothing outside `Kernels/` talks to oneDNN.
enum OneDNN {
    /// The CPU engine, or `nil` when oneDNN cannot make one (convolutions then stay on im2col).
    nonisolated(unsafe) static let engine: dnnl_engine_t? = {
        var engine: dnnl_engine_t?
        return dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success ? engine : nil
    }()

    static func check(_ status: dnnl_status_t, _ what: @autoclosure () -> String) {
        precondition(status == dnnl_success, "oneDNN: \(what()) failed with status \(status.rawValue)")
    }

    /// A dense float32 descriptor with the given dimensions and layout tag.
    static func descriptor(_ dimensions: [Int], _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t {
        var descriptor = dnnl_memory_desc_t()
        check(dnnl_memory_desc_init_by_tag(&descriptor, Int32(dimensions.count), dimensions.map(Int64.init), dnnl_f32, tag),
              "describing \(dimensions)")
        return descriptor
    }

    /// A descriptor whose layout oneDNN picks when the primitive is created.
    static func anyLayout(_ dimensions: [Int]) -> dnnl_memory_desc_t { descriptor(dimensions, dnnl_format_tag_any) }

    static func same(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in dnnl_memory_desc_equal(a, b) != 0 } }
    }

    static func byteCount(_ descriptor: dnnl_memory_desc_t) -> Int {
        withUnsafePointer(to: descriptor) { dnnl_memory_desc_get_size($0) }
    }

    /// Primitive attributes asking for a caller-provided scratchpad, so that one primitive can
    /// run in several threads at once (each execution brings its own scratch memory).
    static func userScratchpadAttributes() -> dnnl_primitive_attr_t {
        var attributes: dnnl_primitive_attr_t?
        check(dnnl_primitive_attr_create(&attributes), "creating attributes")
        check(dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user), "setting the scratchpad mode")
        return attributes!
    }

    /// One created primitive with its descriptor. Immutable after creation; executions may run
    /// concurrently because each brings its own stream, memory objects and scratchpad.
    final class Primitive: @unchecked Sendable {
        let descriptor: dnnl_primitive_desc_t
        let primitive: dnnl_primitive_t
        let scratchpadBytes: Int

        /// Creates the primitive of `descriptor`, taking ownership of it.
        init(descriptor: dnnl_primitive_desc_t) {
            self.descriptor = descriptor
            var primitive: dnnl_primitive_t?
            OneDNN.check(dnnl_primitive_create(&primitive, descriptor), "creating a primitive")
            self.primitive = primitive!
            scratchpadBytes = OneDNN.byteCount(dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0).pointee)
        }

        deinit {
            dnnl_primitive_destroy(primitive)
            dnnl_primitive_desc_destroy(descriptor)
        }

        /// The layout the primitive expects for one of its arguments (`dnnl_query_src_md`, …).
        func layout(_ query: dnnl_query_t) -> dnnl_memory_desc_t {
            dnnl_primitive_desc_query_md(descriptor, query, 0).pointee
        }

        /// Runs the primitive on the given buffers, each with its layout, and waits for it.
        func execute(_ arguments: [(argument: Int32, layout: dnnl_memory_desc_t, data: UnsafeMutableRawPointer)]) {
            // oneDNN (built on OpenMP) sizes its parallel regions by the calling thread's OpenMP
            // count; we parallelise over samples ourselves, so each call runs on its own thread.
            omp_set_num_threads(1)
            var stream: dnnl_stream_t?
            OneDNN.check(dnnl_stream_create(&stream, OneDNN.engine, UInt32(dnnl_stream_default_flags.rawValue)), "creating a stream")
            defer { dnnl_stream_destroy(stream) }
            var memories: [dnnl_memory_t?] = []
            defer { for memory in memories { dnnl_memory_destroy(memory) } }
            var execution: [dnnl_exec_arg_t] = []
            func bind(_ argument: Int32, _ layout: dnnl_memory_desc_t, _ data: UnsafeMutableRawPointer) {
                var memory: dnnl_memory_t?
                withUnsafePointer(to: layout) { OneDNN.check(dnnl_memory_create(&memory, $0, OneDNN.engine, data), "binding memory") }
                memories.append(memory)
                execution.append(dnnl_exec_arg_t(arg: argument, memory: memory))
            }
            for (argument, layout, data) in arguments { bind(argument, layout, data) }
            let scratchpad = scratchpadBytes > 0 ? UnsafeMutableRawPointer.allocate(byteCount: scratchpadBytes, alignment: 64) : nil
            defer { scratchpad?.deallocate() }
            if let scratchpad { bind(DNNL_ARG_SCRATCHPAD, layout(dnnl_query_scratchpad_md), scratchpad) }
            OneDNN.check(dnnl_primitive_execute(primitive, stream, Int32(execution.count), execution), "executing a primitive")
            OneDNN.check(dnnl_stream_wait(stream), "waiting for a stream")
        }
    }

    /// Copies between two layouts of the same array (e.g. NCHW ↔ oneDNN's channel-blocked layout).
    static func reorder(from source: dnnl_memory_desc_t, to destination: dnnl_memory_desc_t) -> Primitive {
        let attributes = userScratchpadAttributes()
        defer { dnnl_primitive_attr_destroy(attributes) }
        var descriptor: dnnl_primitive_desc_t?
        withUnsafePointer(to: source) { source in
            withUnsafePointer(to: destination) { destination in
                check(dnnl_reorder_primitive_desc_create(&descriptor, source, engine, destination, engine, attributes), "creating a reorder")
            }
        }
        return Primitive(descriptor: descriptor!)
    }
}
