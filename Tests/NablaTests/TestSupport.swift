import Testing
@testable import Nabla

/// Random test tensors with values spread away from zero, so kinks (ReLU, max) are rare.
func randomTensor(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.uniform(shape: shape, in: range, using: &generator)
}

/// Compares reverse-mode gradients of `body` with central finite differences.
///
/// The function is reduced to a scalar by a fixed random projection of its output, so every
/// output element matters. Up to `maximumChecks` scalars of each input are checked.
func checkGradient(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2, maximumChecks: Int = 40,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: @escaping ([Tensor]) -> Tensor
) {
    let probeShape = body(inputs).shape
    let projection = randomTensor(probeShape, seed: 99)
    let scalarFunction: ([Tensor]) -> Tensor = { (body($0) * projection).sum() }
    let analytic = gradient(at: inputs, of: scalarFunction)
    for (index, input) in inputs.enumerated() {
        #expect(analytic[index].shape == input.shape, "gradient shape for input \(index)", sourceLocation: sourceLocation)
        let strideBetweenChecks = max(1, input.scalarCount / maximumChecks)
        for position in stride(from: 0, to: input.scalarCount, by: strideBetweenChecks) {
            func evaluate(_ delta: Float) -> Float {
                var scalars = input.scalars
                scalars[position] += delta
                var shifted = inputs
                shifted[index] = Tensor(shape: input.shape, scalars: scalars)
                return scalarFunction(shifted).scalar
            }
            let numeric = (evaluate(step) - evaluate(-step)) / (2 * step)
            let exact = analytic[index].scalars[position]
            let scale = max(1, abs(numeric), abs(exact))
            #expect(abs(numeric - exact) <= tolerance * scale,
                    "input \(index)[\(position)]: analytic \(exact) vs numeric \(numeric)", sourceLocation: sourceLocation)
        }
    }
}

func expectClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "lengths \(a.count) vs \(b.count)", sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) where abs(x - y) > tolerance * max(1, abs(x), abs(y)) {
        Issue.record("\(x) differs from \(y); arrays \(a.prefix(10)) vs \(b.prefix(10))", sourceLocation: sourceLocation)
        return
    }
}
