/// Whether operations are being recorded for differentiation in the current task.
enum GradientRecording {
    /// Set while a backward pass runs, and by ``withoutGradients(_:)``: ops then record nothing.
    @TaskLocal static var isPaused = false
    /// Set while a backward pass is itself being recorded (``differentiableGradients(of:withRespectTo:)``):
    /// pullbacks must then build their results from differentiable ops, not from raw kernels.
    @TaskLocal static var isRecordingBackward = false
}

/// Runs `body` without recording anything for differentiation (evaluation, inference).
///
/// Outside a gradient computation nothing is recorded anyway; this is for code inside one.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientRecording.$isPaused.withValue(true) { try body() }
}

extension Tensor {
    /// Attaches a derivative to a forward result: the one extension point for differentiable ops.
    ///
    /// Built-in ops use it, and so can user code (the gradient reversal layer is one call to it).
    /// - Parameters:
    ///   - result: The forward value, computed by any means.
    ///   - inputs: The tensors the value was computed from.
    ///   - name: The op name, used in diagnostics.
    ///   - pullback: Given the gradient of the final scalar with respect to `result` (same shape as
    ///     `result`), returns the gradient with respect to each input, in order and each of that
    ///     input's exact shape.
    /// - Returns: `result`, recorded as produced from `inputs` when any input is being differentiated.
    public static func recording(
        _ result: Tensor, from inputs: [Tensor], name: String = "custom",
        pullback: @escaping @Sendable (_ upstream: Tensor) -> [Tensor]
    ) -> Tensor {
        recording(result, from: inputs, name: name) { upstream, _ in pullback(upstream).map { Optional($0) } }
    }

    /// Like ``recording(_:from:name:pullback:)``, but the pullback is told which inputs need a
    /// gradient (`needsGradient[i]`) and may return `nil` for the others, to skip their cost.
    public static func recording(
        _ result: Tensor, from inputs: [Tensor], name: String,
        pullback: @escaping @Sendable (_ upstream: Tensor, _ needsGradient: [Bool]) -> [Tensor?]
    ) -> Tensor {
        guard !GradientRecording.isPaused, inputs.contains(where: { $0.node != nil }) else {
            return result.detached()
        }
        let node = GradientNode(opName: name, inputs: inputs.map(\.node), pullback: pullback)
        return Tensor(shape: result.shape, storage: result.storage, node: node)
    }

    /// A copy of this tensor that is a leaf of a new gradient computation.
    func asGradientLeaf() -> Tensor { Tensor(shape: shape, storage: storage, node: .leaf()) }

    /// The same values as a new variable of the current gradient computation, cut off from how
    /// they were made: ``differentiableGradients(of:withRespectTo:)`` can then differentiate with
    /// respect to it (a gradient penalty's interpolates, for one).
    public func requiringGradient() -> Tensor { asGradientLeaf() }

    /// Whether a pullback runs inside a recorded backward pass and so must use differentiable ops.
    public static var isRecordingBackward: Bool { GradientRecording.isRecordingBackward }
}
