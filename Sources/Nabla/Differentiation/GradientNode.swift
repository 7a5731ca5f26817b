/// One recorded operation: which tensors it read and how to send a gradient back to them.
///
/// Nodes are immutable after creation. A leaf node (no inputs, no pullback) marks a tensor whose
/// gradient the caller asked for.
final class GradientNode: @unchecked Sendable {
    // @unchecked: all stored properties are `let` and the pullback only reads captured values.
    let inputs: [GradientNode?]
    let pullback: (@Sendable (Tensor, [Bool]) -> [Tensor?])?
    let opName: String

    init(opName: String, inputs: [GradientNode?], pullback: (@Sendable (Tensor, [Bool]) -> [Tensor?])?) {
        self.opName = opName
        self.inputs = inputs
        self.pullback = pullback
    }

    static func leaf() -> GradientNode { GradientNode(opName: "leaf", inputs: [], pullback: nil) }
}
