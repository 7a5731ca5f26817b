extension Tensor {
    /// Views `shape` as `[outer, axisSize, inner]` around one axis.
    func splitAround(axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// The sum of all scalars, as a rank-0 tensor.
    public func sum() -> Tensor {
        let total = withUnsafeBufferPointer { buffer -> Float in
            var s: Double = 0
            for v in buffer { s += Double(v) }
            return Float(s)
        }
        let shape = self.shape
        return Tensor.recording(Tensor(total), from: [self], name: "sum") { upstream in
            [Tensor.isRecordingBackward ? upstream.broadcast(to: shape) : Tensor.full(upstream.scalar, shape: shape)]
        }
    }

    /// The mean of all scalars, as a rank-0 tensor.
    public func mean() -> Tensor { sum() / Float(Swift.max(scalarCount, 1)) }

    /// Sums along `axis`, removing it unless `keepingDimension`.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let axis = ShapeRules.axis(axis, rank: rank, op: "sum(alongAxis:)")
        let (outer, size, inner) = splitAround(axis: axis)
        var keptShape = shape
        keptShape[axis] = 1
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: keptShape) { out in
                out.initialize(repeating: 0, count: outer * inner)
                if inner == 1 {
                    // Rows of contiguous values (the last axis): the same additions, in the same order.
                    for o in 0..<outer {
                        let row = input.baseAddress! + o * size
                        var total: Float = 0
                        for k in 0..<size { total += row[k] }
                        out[o] = total
                    }
                    return
                }
                for o in 0..<outer {
                    for k in 0..<size {
                        let row = input.baseAddress! + (o * size + k) * inner
                        let destination = out + o * inner
                        for i in 0..<inner { destination[i] += row[i] }
                    }
                }
            }
        }
        let inputShape = shape
        let kept = Tensor.recording(result, from: [self], name: "sum(alongAxis:)") { upstream in
            [upstream.broadcast(to: inputShape)]
        }
        return keepingDimension ? kept : kept.reshaped(to: shape.enumerated().filter { $0.offset != axis }.map(\.element))
    }

    /// Sums along several axes (removed unless `keepingDimensions`).
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let resolved = Set(axes.map { ShapeRules.axis($0, rank: rank, op: "sum(alongAxes:)") })
        var result = self
        for axis in resolved.sorted() { result = result.sum(alongAxis: axis, keepingDimension: true) }
        if keepingDimensions { return result }
        return result.reshaped(to: shape.enumerated().filter { !resolved.contains($0.offset) }.map(\.element))
    }

    /// The mean along `axis`.
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let size = shape[ShapeRules.axis(axis, rank: rank, op: "mean(alongAxis:)")]
        return sum(alongAxis: axis, keepingDimension: keepingDimension) / Float(Swift.max(size, 1))
    }

    /// The mean along several axes.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let count = Set(axes.map { ShapeRules.axis($0, rank: rank, op: "mean(alongAxes:)") }).reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Float(Swift.max(count, 1))
    }

    /// The maximum along `axis`; the gradient flows to the first maximal element.
    public func max(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        let axis = ShapeRules.axis(axis, rank: rank, op: "max(alongAxis:)")
        precondition(shape[axis] > 0, "max(alongAxis:): axis \(axis) of shape \(shape) is empty")
        let (outer, size, inner) = splitAround(axis: axis)
        var keptShape = shape
        keptShape[axis] = 1
        var winners = [Int](repeating: 0, count: outer * inner)
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: keptShape) { out in
                for o in 0..<outer {
                    for i in 0..<inner {
                        var best = input[o * size * inner + i], bestIndex = 0
                        for k in 1..<Swift.max(size, 1) where input[(o * size + k) * inner + i] > best {
                            best = input[(o * size + k) * inner + i]; bestIndex = k
                        }
                        out[o * inner + i] = best
                        winners[o * inner + i] = (o * size + bestIndex) * inner + i
                    }
                }
            }
        }
        let inputShape = shape
        let chosen = winners
        let kept = Tensor.recording(result, from: [self], name: "max(alongAxis:)") { upstream in
            [upstream.withUnsafeBufferPointer { g in
                Tensor.build(shape: inputShape) { out in
                    out.initialize(repeating: 0, count: inputShape.scalarCount)
                    for (j, index) in chosen.enumerated() { out[index] += g[j] }
                }
            }]
        }
        return keepingDimension ? kept : kept.reshaped(to: shape.enumerated().filter { $0.offset != axis }.map(\.element))
    }

    /// The index of the maximum along `axis` (first one on ties). Not differentiable.
    public func argmax(alongAxis axis: Int) -> [Int] {
        let axis = ShapeRules.axis(axis, rank: rank, op: "argmax(alongAxis:)")
        precondition(shape[axis] > 0, "argmax(alongAxis:): axis \(axis) of shape \(shape) is empty")
        let (outer, size, inner) = splitAround(axis: axis)
        return withUnsafeBufferPointer { input in
            var indices = [Int](repeating: 0, count: outer * inner)
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = input[o * size * inner + i], bestIndex = 0
                    for k in 1..<Swift.max(size, 1) where input[(o * size + k) * inner + i] > best {
                        best = input[(o * size + k) * inner + i]; bestIndex = k
                    }
                    indices[o * inner + i] = bestIndex
                }
            }
            return indices
        }
    }
}
