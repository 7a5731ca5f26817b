import Nabla

extension Tensor {
    /// The gradient reversal layer of Ganin & Lempitsky (2015): the identity in the forward
    /// pass; in the backward pass the incoming gradient is multiplied by `-scale` (λ).
    ///
    /// Written with the engine's public custom-op API (`Tensor.recording(_:from:name:pullback:)` in `Nabla`),
    /// as any user-defined op would be. `scale = 0` blocks the gradient completely. A new node is
    /// always recorded, so the reversal cannot be skipped the way returning the input object can
    /// be in other frameworks.
    public func reversingGradient(scale: Float) -> Tensor {
        precondition(scale.isFinite, "reversingGradient: scale must be finite, got \(scale)")
        return Tensor.recording(detached(), from: [self], name: "gradientReversal") { upstream in
            [upstream.scaled(by: -scale)]
        }
    }
}
