/// One scalar whose reverse-mode gradient disagrees with central finite differences.
public struct GradientCheckMismatch: Sendable, CustomStringConvertible {
    /// Index of the input tensor in `inputs`.
    public var input: Int
    /// Flat (row-major) index of the scalar within that input; −1 when the gradient has the wrong shape.
    public var position: Int
    /// The derivative reverse mode computed.
    public var analytic: Float
    /// The finite-difference estimate it was compared with.
    public var numeric: Float

    /// `input i[position]: analytic a vs numeric n`.
    public var description: String { "input \(input)[\(position)]: analytic \(analytic) vs numeric \(numeric)" }
}

/// Compares the reverse-mode gradient of `body` with finite differences (PyTorch's `gradcheck`
/// for this engine): the check every differentiable op and loss gets, built-in or custom.
///
/// The output is reduced to a scalar F by a fixed random projection (uniform in [−1, 1], seeded by
/// `projectionSeed`), so every output element matters. Up to `maximumChecks` evenly spaced scalars
/// of each input are checked.
///
/// With `tolerance: nil` (the default) the numeric derivative is Richardson-extrapolated from
/// central differences at `step` and `step / 2`, and each scalar gets a tolerance derived from
/// the function itself rather than a blanket one: twice the truncation error the two differences
/// reveal (|D(h/2) − D(h)|, large at a kink, tiny where F is smooth) plus the rounding error of
/// Float32 evaluations of F, ε · Σ|terms of F| · 8 / h, plus 10⁻⁶ · max(1, |analytic|). A backward
/// pass that is off by 1% is then caught wherever F is smooth. With a number, the plain central
/// difference at `step` must agree to `|numeric − analytic| ≤ tolerance · max(1, |numeric|, |analytic|)`.
/// A gradient of the wrong shape is reported at position −1.
/// - Returns: The mismatches (empty when the gradient is right).
public func gradientCheckMismatches(
    at inputs: [Tensor], step: Float = 1e-2, tolerance: Float? = nil, maximumChecks: Int = 40,
    projectionSeed: UInt64 = 99, of body: @escaping ([Tensor]) -> Tensor
) -> [GradientCheckMismatch] {
    let probeShape = body(inputs).shape
    var generator = SeededGenerator(seed: projectionSeed)
    let projection = Tensor.uniform(shape: probeShape, in: -1...1, using: &generator)
    let scalarFunction: ([Tensor]) -> Tensor = { (body($0) * projection).sum() }
    // Σ|terms of F| at the point: the scale of F's rounding error.
    let termScale = withoutGradients { zip(body(inputs).scalars, projection.scalars).reduce(Float(0)) { $0 + abs($1.0 * $1.1) } }
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
            let exact = analytic[index].scalars[position]
            let wide = (evaluate(step) - evaluate(-step)) / (2 * step)
            let agrees: Bool
            let numeric: Float
            if let tolerance {
                numeric = wide
                agrees = abs(numeric - exact) <= tolerance * max(1, abs(numeric), abs(exact))
            } else {
                let narrow = (evaluate(step / 2) - evaluate(-step / 2)) / step
                numeric = (4 * narrow - wide) / 3
                let rounding = Float.ulpOfOne * max(termScale, 1e-30) * 8 / step
                let allowed = 2 * (abs(narrow - wide) + rounding) + 1e-6 * max(1, abs(exact))
                agrees = abs(numeric - exact) <= allowed
            }
            if !agrees {
                mismatches.append(GradientCheckMismatch(input: index, position: position, analytic: exact, numeric: numeric))
            }
        }
    }
    return mismatches
}
