import Testing
@testable import Nabla

/// Random test tensors with values spread away from zero, so kinks (ReLU, max) are rare.
func randomTensor(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.uniform(shape: shape, in: range, using: &generator)
}

/// Compares reverse-mode gradients of `body` with central finite differences
/// (``gradientCheckMismatches(at:step:tolerance:maximumChecks:projectionSeed:of:)``), one
/// recorded issue per mismatch.
func checkGradient(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float? = nil, maximumChecks: Int = 40,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: @escaping ([Tensor]) -> Tensor
) {
    for mismatch in gradientCheckMismatches(at: inputs, step: step, tolerance: tolerance, maximumChecks: maximumChecks, of: body) {
        Issue.record("\(mismatch)", sourceLocation: sourceLocation)
    }
}

func expectClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "lengths \(a.count) vs \(b.count)", sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) where abs(x - y) > tolerance * max(1, abs(x), abs(y)) {
        Issue.record("\(x) differs from \(y); arrays \(a.prefix(10)) vs \(b.prefix(10))", sourceLocation: sourceLocation)
        return
    }
}
