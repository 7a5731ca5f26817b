/// One scalar whose reverse-mode gradient disagrees with central finite differences.
public struct GradientCheckMismatch: Sendable, CustomStringConvertible {
    public var input: Int
    public var position: Int
    public var analytic: Float
    public var numeric: Float

    public var description: String { "input \(input)[\(position)]: analytic \(analytic) vs numeric \(numeric)" }
}

/// Compares the reverse-mode gradient of `body` with central finite differences (PyTorch's
/// `gradcheck` for this engine): the check every differentiable op and loss gets, built-in or
/// custom.
///
/// The output is reduced to a scalar by a fixed random projection (uniform in [−1, 1], seeded
/// by `projectionSeed`), so every output element matters. Up to `maximumChecks` evenly spaced
/// scalars of each input are checked; a pair agrees when `|numeric − analytic| ≤ tolerance ·
/// max(1, |numeric|, |analytic|)`. A gradient of the wrong shape is reported at position −1.
/// - Returns: The mismatches (empty when the gradient is right).
public func gradientCheckMismatches(
    at inputs: [Tensor], step: Float = 1e-2, tolerance: Float = 2e-2, maximumChecks: Int = 40,
    projectionSeed: UInt64 = 99, of body: @escaping ([Tensor]) -> Tensor
) -> [GradientCheckMismatch] {
    let probeShape = body(inputs).shape
    var generator = SeededGenerator(seed: projectionSeed)
    let projection = Tensor.uniform(shape: probeShape, in: -1...1, using: &generator)
    let scalarFunction: ([Tensor]) -> Tensor = { (body($0) * projection).sum() }
    let analytic = gradient(at: inputs, of: scalarFunction)
    var mismatches: [GradientCheckMismatch] = []
    for (index, input) in inputs.enumerated() {
        guard analytic[index].shape == input.shape else {
            mismatches.append(GradientCheckMismatch(input: index, position: -1, analytic: .nan, numeric: .nan))
            continue
        }
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
            if !(abs(numeric - exact) <= tolerance * scale) {
                mismatches.append(GradientCheckMismatch(input: index, position: position, analytic: exact, numeric: numeric))
            }
        }
    }
    return mismatches
}
