/// A dense, row-major, n-dimensional array of `Float` with value semantics.
///
/// Tensors are immutable: every operation returns a new tensor. While gradients are being
/// computed (inside `valueWithGradient(at:of:)` and friends) a tensor also remembers how it
/// was made, so that reverse-mode differentiation can walk back through the operations.
public struct Tensor: Sendable {
    /// The size of each dimension, outermost first.
    public let shape: [Int]
    let storage: TensorStorage
    let node: GradientNode?

    init(shape: [Int], storage: TensorStorage, node: GradientNode? = nil) {
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// Creates a tensor of the given shape from row-major scalars.
    public init(shape: [Int], scalars: [Float]) {
        Self.validate(shape: shape, op: "Tensor(shape:scalars:)")
        precondition(
            shape.scalarCount == scalars.count,
            "Tensor(shape:scalars:): shape \(shape) needs \(shape.scalarCount) scalars, got \(scalars.count)")
        self.init(shape: shape, storage: scalars.withUnsafeBufferPointer { TensorStorage(copying: $0) })
    }

    /// Creates a rank-1 tensor.
    public init(_ scalars: [Float]) { self.init(shape: [scalars.count], scalars: scalars) }

    /// Creates a rank-0 (scalar) tensor.
    public init(_ scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The total number of scalars.
    public var scalarCount: Int { storage.count }
    /// The scalars in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }
    /// The single scalar of a one-element tensor.
    public var scalar: Float {
        precondition(scalarCount == 1, "scalar: tensor of shape \(shape) has \(scalarCount) scalars, not 1")
        return storage.pointer[0]
    }
    /// Whether this tensor takes part in a gradient computation.
    public var isRecordingGradient: Bool { node != nil }

    /// The same values, cut off from any gradient computation.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Reads the scalars without copying them.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.buffer) }
    }

    /// Creates a tensor by writing every scalar of a fresh, uninitialised buffer in place
    /// (for fast conversions from other formats; `fill` must write all `shape.scalarCount` scalars).
    public init(shape: [Int], initializingWith fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        Self.validate(shape: shape, op: "Tensor(shape:initializingWith:)")
        let storage = TensorStorage(uninitializedCount: shape.scalarCount)
        fill(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
        self.init(shape: shape, storage: storage)
    }

    /// Builds a tensor by writing every scalar of a fresh buffer.
    static func build(shape: [Int], _ fill: (UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        let storage = TensorStorage(uninitializedCount: shape.scalarCount)
        fill(storage.pointer)
        return Tensor(shape: shape, storage: storage)
    }

    static func validate(shape: [Int], op: String) {
        precondition(shape.allSatisfy { $0 >= 0 }, "\(op): shape \(shape) has a negative dimension")
    }
}

extension Array where Element == Int {
    /// The number of scalars a tensor of this shape holds.
    public var scalarCount: Int { reduce(1, *) }
}

extension Tensor: CustomStringConvertible {
    /// The shape and the first 8 scalars, e.g. `Tensor(shape: [2, 3], [1.0, 2.0, …])`, for debugging.
    public var description: String {
        let shown = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(scalarCount > 8 ? ", …" : "")])"
    }
}
