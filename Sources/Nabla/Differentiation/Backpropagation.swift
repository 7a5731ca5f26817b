/// Nodes reachable from `root`, each after all of its inputs. Iterative: deep graphs cannot
/// overflow the stack.
func topologicalOrder(from root: GradientNode) -> [GradientNode] {
    var order: [GradientNode] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(node: GradientNode, inputsDone: Bool)] = [(root, false)]
    while let (node, inputsDone) = stack.popLast() {
        if inputsDone { order.append(node); continue }
        guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
        stack.append((node, true))
        for case let input? in node.inputs where !visited.contains(ObjectIdentifier(input)) {
            stack.append((input, false))
        }
    }
    return order
}

/// Runs reverse-mode differentiation from `output` and returns the gradient reaching each node
/// that some path from `output` passes through.
///
/// Gradients of a node reached along several paths are summed (the `b = a + a` case).
/// - Parameters:
///   - targets: The nodes whose gradients are wanted; nil for every leaf. Only paths that lead
///     to a target are followed.
///   - createGraph: Records the backward pass itself, so that the returned gradients can be
///     differentiated again (double backward); otherwise recording is paused while it runs.
func backpropagate(from output: Tensor, seed: Tensor, targets: Set<ObjectIdentifier>? = nil,
                   createGraph: Bool = false) -> [ObjectIdentifier: Tensor] {
    guard let root = output.node else { return [:] }
    return GradientRecording.$isPaused.withValue(!createGraph) {
      GradientRecording.$isRecordingBackward.withValue(createGraph) {
        let order = topologicalOrder(from: root)
        func isTarget(_ node: GradientNode) -> Bool {
            targets.map { $0.contains(ObjectIdentifier(node)) } ?? (node.pullback == nil)
        }
        // Only inputs that lead to a target need gradients.
        var leadsToTarget = Set<ObjectIdentifier>()
        for node in order where isTarget(node) || node.inputs.contains(where: { $0.map { leadsToTarget.contains(ObjectIdentifier($0)) } ?? false }) {
            leadsToTarget.insert(ObjectIdentifier(node))
        }
        var gradients: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        for node in order.reversed() {
            guard let pullback = node.pullback,
                  let upstream = gradients[ObjectIdentifier(node)] else { continue }
            let needs = node.inputs.map { $0.map { leadsToTarget.contains(ObjectIdentifier($0)) } ?? false }
            guard needs.contains(true) else { continue }
            let inputGradients = pullback(upstream, needs)
            precondition(
                inputGradients.count == node.inputs.count,
                "\(node.opName): pullback returned \(inputGradients.count) gradients for \(node.inputs.count) inputs")
            for (index, input) in node.inputs.enumerated() {
                guard let input, needs[index], let gradient = inputGradients[index] else { continue }
                let key = ObjectIdentifier(input)
                if let existing = gradients[key] {
                    precondition(existing.shape == gradient.shape,
                        "\(node.opName): pullback gave gradient of shape \(gradient.shape) for input \(index), expected \(existing.shape)")
                    gradients[key] = existing + gradient
                } else {
                    gradients[key] = gradient
                }
            }
            // Free intermediate gradients early (a target's is the answer, keep it).
            if node !== root && !(targets?.contains(ObjectIdentifier(node)) ?? false) { gradients[ObjectIdentifier(node)] = nil }
        }
        return gradients
      }
    }
}
