import Glibc
import Synchronization

/// Keeps freed tensor buffers of 32 MB and more for the next tensor of the same size.
///
/// glibc serves such buffers with a fresh `mmap` each time (32 MB is the most its mmap threshold
/// can be raised to, see ``MemoryTuning``), so the kernel zeroes every page again on each step:
/// 5% of a ResNet-50 step at 112² (measured with perf) and more at 224², where most activations
/// are larger. A training step allocates the same sizes on every step, so exact sizes are kept.
/// At most a quarter of physical memory (and 8 GiB) is held; beyond that buffers are freed.
enum LargeBufferCache {
    /// Buffers below this many bytes go straight back to malloc, which recycles them itself.
    static let minimumBytes = 32 << 20
    /// The most bytes the cache holds.
    static let capacityBytes: Int = {
        let physical = sysconf(Int32(_SC_PHYS_PAGES)) * sysconf(Int32(_SC_PAGESIZE))
        return Swift.min(physical > 0 ? physical / 4 : 1 << 30, 8 << 30)
    }()

    private struct State {
        var free: [Int: [UInt]] = [:]  // scalar count → addresses
        var bytes = 0
    }
    private static let state = Mutex(State())

    /// A kept buffer of exactly `count` scalars, or nil.
    static func take(count: Int) -> UnsafeMutablePointer<Float>? {
        guard count * MemoryLayout<Float>.stride >= minimumBytes else { return nil }
        let address: UInt? = state.withLock { state in
            guard let address = state.free[count]?.popLast() else { return nil }
            state.bytes -= count * MemoryLayout<Float>.stride
            return address
        }
        return address.flatMap { UnsafeMutablePointer(bitPattern: $0) }
    }

    /// Keeps `pointer` (of `count` scalars) for reuse, or frees it when it is small or the cache is full.
    static func give(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        let bytes = count * MemoryLayout<Float>.stride
        let kept = bytes >= minimumBytes && state.withLock { state in
            guard state.bytes + bytes <= capacityBytes else { return false }
            state.free[count, default: []].append(UInt(bitPattern: pointer))
            state.bytes += bytes
            return true
        }
        if !kept { pointer.deallocate() }
    }
}
