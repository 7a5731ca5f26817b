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


/// The gradients of scalar `output` with respect to `inputs`, themselves recorded: a loss built
/// from them can be differentiated again (double backward), as a gradient penalty
/// `E(‖∇ₓD(x)‖ − 1)²` is with respect to the critic's parameters. PyTorch's
/// `torch.autograd.grad(…, create_graph=True)`.
///
/// Each input must take part in the computation of `output` (a parameter's value inside
/// ``valueWithGradient(at:of:)-(_,()->Tensor)``, or a tensor made by ``Tensor/requiringGradient()``);
/// an input `output` does not depend on gets zeros.
///
/// Second derivatives are exact for the ops whose pullbacks are built from differentiable ops:
/// arithmetic with broadcasting, `matmul`, `sum`, `mean`, reshape, broadcast, transpose,
/// concatenate, slice, `relu`, `leakyReLU`, `tanh`, `sigmoid`, `exp`, `log`, `squared`,
/// `squareRoot`. Other ops (convolution, pooling, batch-norm, the fused losses) record their
/// first derivative as a constant, so through them the second derivative is missing.
public func differentiableGradients(of output: Tensor, withRespectTo inputs: [Tensor]) -> [Tensor] {
    precondition(output.scalarCount == 1, "differentiableGradients: the output must be a scalar; got shape \(output.shape)")
    let targets = Set(inputs.compactMap { $0.node.map(ObjectIdentifier.init) })
    let seed = Tensor(shape: output.shape, storage: TensorStorage(repeating: 1, count: 1))
    let gradients = backpropagate(from: output, seed: seed, targets: targets, createGraph: true)
    return inputs.map { input in
        input.node.flatMap { gradients[ObjectIdentifier($0)] } ?? Tensor.zeros(shape: input.shape)
    }
}
