/// Gradients of a scalar with respect to a set of parameters, returned as a value.
///
/// A parameter that did not take part in the computation has no entry (`nil`), never a
/// shape-less zero.
public struct Gradients: Sendable {
    var byParameter: [ObjectIdentifier: Tensor] = [:]

    /// No gradients (every parameter reads as `nil`).
    public init() {}

    /// The gradient for `parameter`, or `nil` if it did not influence the result.
    public subscript(parameter: Parameter) -> Tensor? {
        get { byParameter[ObjectIdentifier(parameter)] }
        set { byParameter[ObjectIdentifier(parameter)] = newValue }
    }

    /// The number of parameters that received a gradient.
    public var count: Int { byParameter.count }
}

/// Evaluates `body`, which must return a scalar, and its gradient with respect to `parameters`.
///
/// While `body` runs, each parameter's value is recorded for differentiation; afterwards the
/// parameters hold plain values again, so nothing is retained between steps.
public func valueWithGradient(
    at parameters: [Parameter], of body: () throws -> Tensor
) rethrows -> (value: Tensor, gradients: Gradients) {
    let originals = parameters.map(\.value)
    var leaves: [ObjectIdentifier: Parameter] = [:]
    for parameter in parameters {
        let leaf = parameter.value.asGradientLeaf()
        parameter.value = leaf
        if let node = leaf.node { leaves[ObjectIdentifier(node)] = parameter }
    }
    defer { for (parameter, original) in zip(parameters, originals) { parameter.value = original.detached() } }
    let value = try GradientRecording.$isPaused.withValue(false) { try body() }
    return (value.detached(), parameterGradients(of: value, leaves: leaves))
}

/// Backpropagates from scalar `value` and files each leaf's gradient under its parameter.
func parameterGradients(of value: Tensor, leaves: [ObjectIdentifier: Parameter]) -> Gradients {
    precondition(value.scalarCount == 1, "valueWithGradient: the result must be a scalar; got shape \(value.shape)")
    let nodeGradients = backpropagate(from: value, seed: Tensor(shape: value.shape, storage: TensorStorage(repeating: 1, count: 1)))
    var gradients = Gradients()
    for (nodeID, parameter) in leaves {
        if let gradient = nodeGradients[nodeID] { gradients[parameter] = gradient }
    }
    return gradients
}

/// The gradient of scalar-valued `body` with respect to each of `points`.
///
/// Inputs that do not influence the result get a zero gradient of their shape.
public func gradient(at points: [Tensor], of body: ([Tensor]) throws -> Tensor) rethrows -> [Tensor] {
    try valueWithGradient(at: points, of: body).gradients
}

/// The value of scalar-valued `body` and its gradient with respect to each of `points`.
public func valueWithGradient(
    at points: [Tensor], of body: ([Tensor]) throws -> Tensor
) rethrows -> (value: Tensor, gradients: [Tensor]) {
    let leaves = points.map { $0.asGradientLeaf() }
    let value = try GradientRecording.$isPaused.withValue(false) { try body(leaves) }
    precondition(value.scalarCount == 1, "gradient: the result must be a scalar; got shape \(value.shape)")
    let nodeGradients = backpropagate(from: value, seed: Tensor(shape: value.shape, storage: TensorStorage(repeating: 1, count: 1)))
    let gradients = leaves.map { leaf in
        nodeGradients[ObjectIdentifier(leaf.node!)] ?? Tensor.zeros(shape: leaf.shape)
    }
    return (value.detached(), gradients)
}

/// The gradient of scalar-valued `body` with respect to `point`.
public func gradient(at point: Tensor, of body: (Tensor) throws -> Tensor) rethrows -> Tensor {
    try gradient(at: [point]) { try body($0[0]) }[0]
}

