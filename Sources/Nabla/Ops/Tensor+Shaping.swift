extension Tensor {
    /// The same scalars in a new shape; one dimension may be `-1` (inferred).
    public func reshaped(to newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && scalarCount % known == 0,
                         "reshaped(to:): cannot reshape \(shape) (\(scalarCount) scalars) to \(newShape)")
            resolved[inferred] = scalarCount / known
        }
        Tensor.validate(shape: resolved, op: "reshaped(to:)")
        precondition(resolved.scalarCount == scalarCount,
                     "reshaped(to:): cannot reshape \(shape) (\(scalarCount) scalars) to \(newShape)")
        if resolved == shape { return self }
        let original = shape
        let result = Tensor(shape: resolved, storage: storage)
        return Tensor.recording(result, from: [self], name: "reshape") { upstream in [upstream.reshaped(to: original)] }
    }

    /// Flattens all dimensions after the first: `[N, …] → [N, rest]`.
    public func flattenedBatch() -> Tensor { reshaped(to: [shape.first ?? 1, -1]) }

    /// Repeats this tensor along broadcast dimensions to reach `target`.
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(ShapeRules.broadcastShape(shape, target) == target,
                     "broadcast(to:): shape \(shape) cannot be broadcast to \(target)")
        // Copies rows, or fills them where the input repeats along the innermost axis.
        let strides = ShapeRules.broadcastStrides(shape, to: target)
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: target) { out in
                BroadcastKernels.forEachRow(shape: target, stridesA: strides, stridesB: strides) { outOffset, offset, _, length, inner, _ in
                    if inner == 0 {
                        (out + outOffset).initialize(repeating: input[offset], count: length)
                    } else {
                        for j in 0..<length { out[outOffset + j] = input[offset + j * inner] }
                    }
                }
            }
        }
        let original = shape
        return Tensor.recording(result, from: [self], name: "broadcast") { upstream in [upstream.summed(toShape: original)] }
    }

    /// The tensor with its dimensions reordered: result dimension `i` is input dimension `permutation[i]`.
    public func transposed(permutation: [Int]) -> Tensor {
        precondition(permutation.sorted() == Array(0..<rank),
                     "transposed(permutation:): \(permutation) is not a permutation of the axes of shape \(shape)")
        let newShape = permutation.map { shape[$0] }
        let inputStrides = ShapeRules.strides(shape)
        let permutedStrides = permutation.map { inputStrides[$0] }
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: newShape) { out in
                BroadcastKernels.forEachRow(shape: newShape, stridesA: permutedStrides, stridesB: permutedStrides) {
                    outOffset, offset, _, length, inner, _ in
                    for j in 0..<length { out[outOffset + j] = input[offset + j * inner] }
                }
            }
        }
        var inverseOrder = [Int](repeating: 0, count: rank)
        for (i, p) in permutation.enumerated() { inverseOrder[p] = i }
        let inverse = inverseOrder
        return Tensor.recording(result, from: [self], name: "transpose") { upstream in
            [upstream.transposed(permutation: inverse)]
        }
    }

    /// The transpose of a matrix.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed(): expected a matrix, got shape \(shape)")
        return transposed(permutation: [1, 0])
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate: no tensors given")
        let first = tensors[0]
        let axis = ShapeRules.axis(axis, rank: first.rank, op: "concatenate")
        for t in tensors {
            var a = t.shape, b = first.shape
            precondition(a.count == b.count, "concatenate: shapes \(tensors.map(\.shape)) differ in rank")
            a[axis] = 0; b[axis] = 0
            precondition(a == b, "concatenate: shapes \(tensors.map(\.shape)) differ outside axis \(axis)")
        }
        let sizes = tensors.map { $0.shape[axis] }
        var newShape = first.shape
        newShape[axis] = sizes.reduce(0, +)
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        let result = Tensor.build(shape: newShape) { out in
            var column = 0
            for (t, size) in zip(tensors, sizes) {
                t.withUnsafeBufferPointer { input in
                    for o in 0..<outer {
                        (out + (o * newShape[axis] + column) * inner)
                            .update(from: input.baseAddress! + o * size * inner, count: size * inner)
                    }
                }
                column += size
            }
        }
        return recording(result, from: tensors, name: "concatenate") { upstream, needs in
            var start = 0
            return sizes.enumerated().map { index, size in
                defer { start += size }
                return needs[index] ? upstream.slice(alongAxis: axis, start ..< start + size) : nil
            }
        }
    }

    /// The sub-tensor with indices `range` along `axis`.
    public func slice(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = ShapeRules.axis(axis, rank: rank, op: "slice")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice: range \(range) is out of bounds for axis \(axis) of shape \(shape)")
        let (outer, size, inner) = splitAround(axis: axis)
        var newShape = shape
        newShape[axis] = range.count
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: newShape) { out in
                for o in 0..<outer {
                    (out + o * range.count * inner)
                        .update(from: input.baseAddress! + (o * size + range.lowerBound) * inner, count: range.count * inner)
                }
            }
        }
        let inputShape = shape
        return Tensor.recording(result, from: [self], name: "slice") { upstream in
            [upstream.zeroPadded(alongAxis: axis, to: inputShape, at: range)]
        }
    }

    /// This tensor placed at `range` along `axis` of a zero tensor of shape `target`: the gradient of
    /// ``slice(alongAxis:_:)``, itself differentiable (its gradient is the slice).
    func zeroPadded(alongAxis axis: Int, to target: [Int], at range: Range<Int>) -> Tensor {
        let (outer, _, inner) = splitAround(axis: axis)
        let size = target[axis]
        let result = withUnsafeBufferPointer { g in
            Tensor.build(shape: target) { out in
                out.initialize(repeating: 0, count: target.scalarCount)
                for o in 0..<outer {
                    (out + (o * size + range.lowerBound) * inner)
                        .update(from: g.baseAddress! + o * range.count * inner, count: range.count * inner)
                }
            }
        }
        return Tensor.recording(result, from: [self], name: "zeroPad") { upstream in
            [upstream.slice(alongAxis: axis, range)]
        }
    }

    /// The sub-tensors at `indices` along `axis` (repeats allowed), in that order.
    public func gathering(atIndices indices: [Int], alongAxis axis: Int = 0) -> Tensor {
        let axis = ShapeRules.axis(axis, rank: rank, op: "gathering")
        let (outer, size, inner) = splitAround(axis: axis)
        for index in indices {
            precondition(index >= 0 && index < size, "gathering: index \(index) is out of range for axis \(axis) of shape \(shape)")
        }
        var newShape = shape
        newShape[axis] = indices.count
        let result = withUnsafeBufferPointer { input in
            Tensor.build(shape: newShape) { out in
                for o in 0..<outer {
                    for (j, index) in indices.enumerated() {
                        (out + (o * indices.count + j) * inner)
                            .update(from: input.baseAddress! + (o * size + index) * inner, count: inner)
                    }
                }
            }
        }
        let inputShape = shape
        return Tensor.recording(result, from: [self], name: "gather") { upstream in
            [upstream.withUnsafeBufferPointer { g in
                Tensor.build(shape: inputShape) { out in
                    out.initialize(repeating: 0, count: inputShape.scalarCount)
                    for o in 0..<outer {
                        for (j, index) in indices.enumerated() {
                            let source = g.baseAddress! + (o * indices.count + j) * inner
                            let destination = out + (o * size + index) * inner
                            for i in 0..<inner { destination[i] += source[i] }
                        }
                    }
                }
            }]
        }
    }
}
