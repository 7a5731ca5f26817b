import Nabla
import Testing

/// Random test tensors with values spread away from zero.
func randomTensor(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.uniform(shape: shape, in: range, using: &generator)
}

/// Records an issue for each scalar whose reverse-mode gradient disagrees with finite differences.
func checkGradient(
    _ inputs: [Tensor], step: Float = 1e-2, tolerance: Float? = nil,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: @escaping ([Tensor]) -> Tensor
) {
    for mismatch in gradientCheckMismatches(at: inputs, step: step, tolerance: tolerance, of: body) {
        Issue.record("\(mismatch)", sourceLocation: sourceLocation)
    }
}
