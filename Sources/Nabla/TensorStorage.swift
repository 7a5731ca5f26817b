/// The contiguous `Float` buffer behind a tensor.
///
/// A storage is filled once, while its tensor is being built, and never written afterwards;
/// that is what makes sharing it between tensors (and threads) safe.
final class TensorStorage: @unchecked Sendable {
    // @unchecked: the buffer is only written before the storage is published to a Tensor.
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(uninitializedCount count: Int) {
        _ = MemoryTuning.applied
        self.count = count
        pointer = LargeBufferCache.take(count: count) ?? .allocate(capacity: max(count, 1))
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    convenience init(copying scalars: UnsafeBufferPointer<Float>) {
        self.init(uninitializedCount: scalars.count)
        if let base = scalars.baseAddress { pointer.initialize(from: base, count: scalars.count) }
    }

    deinit { LargeBufferCache.give(pointer, count: count) }

    var buffer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: pointer, count: count) }
}
