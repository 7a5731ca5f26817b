/// A named slot holding a tensor that training updates (or, if not trainable, state such as
/// batch-norm running statistics that is saved with the model but not trained).
///
/// Parameters are compared by identity: optimizers key their state by the parameter object.
public final class Parameter {
    /// The current value (inside a data-parallel shard, that shard's differentiable copy of it).
    public var value: Tensor {
        get { ParameterBinding.shardLeaves?[ObjectIdentifier(self)] ?? storedValue }
        set { storedValue = newValue }
    }
    private var storedValue: Tensor
    /// Whether optimizers update this parameter.
    public let isTrainable: Bool

    /// A parameter holding `value` (detached from any gradient tape); non-trainable parameters
    /// are state that optimizers skip.
    public init(_ value: Tensor, isTrainable: Bool = true) {
        self.storedValue = value.detached()
        self.isTrainable = isTrainable
    }

    /// The shape of the current value.
    public var shape: [Int] { value.shape }
}

/// Per-shard parameter values for data-parallel gradients: each shard reads the parameters
/// through its own gradient leaves, so shards never write to the shared `Parameter` objects.
enum ParameterBinding {
    @TaskLocal static var shardLeaves: [ObjectIdentifier: Tensor]? = nil
}
