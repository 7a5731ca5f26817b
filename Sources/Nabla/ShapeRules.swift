/// Shape arithmetic shared by the ops, with error messages that name the op and the shapes.
enum ShapeRules {
    /// The NumPy broadcast of two shapes, or a precondition failure naming `op`.
    static func broadcast(_ a: [Int], _ b: [Int], op: String) -> [Int] {
        guard let shape = broadcastShape(a, b) else {
            preconditionFailure("\(op): shapes \(a) and \(b) cannot be broadcast together")
        }
        return shape
    }

    /// The NumPy broadcast of two shapes, or `nil` when they are incompatible.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { result[i] = da } else if da == 1 { result[i] = db } else { return nil }
        }
        return result
    }

    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) { strides[i] = running; running *= shape[i] }
        return strides
    }

    /// Strides for reading a tensor of `shape` as if it had `target` shape (0 where broadcast).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return (0..<target.count).map { i in
            i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }

    /// Resolves a possibly negative axis against `rank`.
    static func axis(_ axis: Int, rank: Int, op: String) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < max(rank, 1), "\(op): axis \(axis) is out of range for rank \(rank)")
        return resolved
    }
}
