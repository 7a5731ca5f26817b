/// A named slot holding a tensor that training updates (or, if not trainable, state such as
/// batch-norm running statistics that is saved with the model but not trained).
///
/// Parameters are compared by identity: optimizers key their state by the parameter object.
public final class Parameter {
    /// The current value.
    public var value: Tensor
    /// Whether optimizers update this parameter.
    public let isTrainable: Bool

    public init(_ value: Tensor, isTrainable: Bool = true) {
        self.value = value.detached()
        self.isTrainable = isTrainable
    }

    /// The shape of the current value.
    public var shape: [Int] { value.shape }
}
