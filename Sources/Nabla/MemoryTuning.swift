import CMalloc

/// Keeps freed tensor buffers inside the process for reuse.
///
/// glibc serves large allocations with fresh `mmap`s and returns them on `free`, so every
/// activation-sized tensor (megabytes) would page-fault its memory in again on each step. Raising
/// the mmap and trim thresholds lets the allocator recycle those buffers instead; measured on the
/// DANN training step it removes most of the kernel time.
enum MemoryTuning {
    static let applied: Bool = {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)   // glibc's maximum on 64-bit
        _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
        return true
    }()
}
