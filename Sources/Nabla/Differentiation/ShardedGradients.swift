/// Data parallelism over the cores: evaluates `body(shard)` for each shard in `0..<shards` at
/// the same time, each on its own thread with its own tape and single-threaded kernels, and
/// returns the sum of the values and of the gradients with respect to `parameters`.
///
/// `body` must make the shards' values add up to the quantity wanted (for a mean loss, weight
/// each shard's mean by its share of the batch). The sum is taken in shard order, so results
/// are deterministic for a given shard count. Modules with state that a forward pass updates
/// (batch-norm running statistics, dropout's generator) must not be used from several shards.
public func valueWithGradient(
    at parameters: [Parameter], shards: Int, of body: (_ shard: Int) -> Tensor
) -> (value: Tensor, gradients: Gradients) {
    let result = valueWithGradient(at: parameters, shards: shards) { shard in (body(shard), ()) }
    return (result.value, result.gradients)
}

/// Like `valueWithGradient(at:shards:of:)` returning a value alone, and each shard also returns auxiliary values
/// (loss terms, counts, accuracies) that come back in shard order beside the gradients, as
/// mlx-swift's `valueAndGrad` returns them: nothing has to leave the closure through a side channel.
public func valueWithGradient<Auxiliary>(
    at parameters: [Parameter], shards: Int, of body: (_ shard: Int) -> (value: Tensor, auxiliary: Auxiliary)
) -> (value: Tensor, auxiliary: [Auxiliary], gradients: Gradients) {
    precondition(shards >= 1, "valueWithGradient: shards must be at least 1, got \(shards)")
    if shards == 1 {
        var auxiliary: Auxiliary?
        let (value, gradients) = valueWithGradient(at: parameters) { () -> Tensor in
            let (value, extra) = body(0)
            auxiliary = extra
            return value
        }
        return (value, [auxiliary!], gradients)
    }
    let plainValues = parameters.map { $0.value.detached() }
    let results = inParallelShards(shards) { shard -> (value: Tensor, auxiliary: Auxiliary, gradients: Gradients) in
        let leaves = ShardLeaves(parameters, values: plainValues)
        let (value, auxiliary) = leaves.bound { body(shard) }
        return (value.detached(), auxiliary, parameterGradients(of: value, leaves: leaves.parameterOfLeaf))
    }
    let total = sumInShardOrder(results.map { ($0.value, $0.gradients) }, parameters: parameters)
    return (total.value, results.map(\.auxiliary), total.gradients)
}

/// What one shard of a batch-coupled loss computes: its own (share-weighted) part of the loss,
/// auxiliary values, and the tensors that the coupled part needs from the whole batch.
public struct ShardContribution<Auxiliary> {
    /// This shard's scalar part of the loss, already weighted by its share of the batch.
    public var value: Tensor
    /// Values that come back beside the gradients, in shard order (loss terms, counts).
    public var auxiliary: Auxiliary
    /// Tensors whose rows are this shard's samples (e.g. features); the coupling sees each one
    /// concatenated over all shards, in shard order.
    public var gathered: [Tensor]

    /// A shard's contribution; `gathered` may stay empty when nothing couples the batch.
    public init(value: Tensor, auxiliary: Auxiliary, gathered: [Tensor] = []) {
        self.value = value
        self.auxiliary = auxiliary
        self.gathered = gathered
    }
}

/// Data-parallel gradients of a loss with a part that couples the whole batch (a kernel MMD or
/// a covariance over all samples), computed as if the batch had not been split.
///
/// 1. Each shard runs `body` on its own thread and tape, as in `valueWithGradient(at:shards:of:)`.
/// 2. `coupling` receives each gathered tensor concatenated over the shards, as a new gradient
///    leaf, and returns the coupled part of the loss; its gradient with respect to the
///    concatenations is computed once.
/// 3. Each shard backpropagates its own loss plus `Σ ⟨gathered_i, ∂coupled/∂gathered_i⟩` (its rows
///    of that gradient, held constant), which sends the coupled gradient through the shard's
///    tape by the chain rule, in parallel again.
///
/// The value is the sum of the shards' values and the coupled value. `coupling` must reach the
/// parameters only through the gathered tensors.
public func valueWithGradient<ShardAuxiliary, CoupledAuxiliary>(
    at parameters: [Parameter], shards: Int,
    of body: (_ shard: Int) -> ShardContribution<ShardAuxiliary>,
    coupledBy coupling: (_ gathered: [Tensor]) -> (value: Tensor, auxiliary: CoupledAuxiliary)
) -> (value: Tensor, shardAuxiliary: [ShardAuxiliary], coupledAuxiliary: CoupledAuxiliary, gradients: Gradients) {
    precondition(shards >= 1, "valueWithGradient: shards must be at least 1, got \(shards)")
    let plainValues = parameters.map { $0.value.detached() }
    // 1. The shards' forward passes; their tapes stay alive in the returned tensors.
    let forward = inParallelShards(shards) { shard -> (contribution: ShardContribution<ShardAuxiliary>, leaves: ShardLeaves) in
        let leaves = ShardLeaves(parameters, values: plainValues)
        return (leaves.bound { body(shard) }, leaves)
    }
    let gatheredCount = forward[0].contribution.gathered.count
    precondition(forward.allSatisfy { $0.contribution.gathered.count == gatheredCount },
                 "valueWithGradient: every shard must gather the same number of tensors")
    // 2. The coupled part on the whole batch.
    let rows = forward.map { $0.contribution.gathered.first?.shape.first ?? 0 }
    let whole = (0..<gatheredCount).map { index in
        Tensor.concatenate(forward.map { $0.contribution.gathered[index].detached() })
    }
    let (coupledValue, coupledAuxiliary, wholeGradients) = valueWithGradient(at: whole) { leaves in
        coupling(leaves)
    }
    // 3. Each shard's own loss and its rows of the coupled gradient, through its tape.
    var offset = 0
    let rowRanges = rows.map { count -> Range<Int> in defer { offset += count }; return offset ..< offset + count }
    let perShard = inParallelShards(shards) { shard -> (value: Tensor, gradients: Gradients) in
        let contribution = forward[shard].contribution
        let total = GradientRecording.$isPaused.withValue(false) { () -> Tensor in
            var total = contribution.value
            for (index, tensor) in contribution.gathered.enumerated() where tensor.isRecordingGradient {
                precondition(tensor.shape.first == rows[shard], "valueWithGradient: gathered tensors of a shard must have the same row count")
                let upstream = wholeGradients[index].slice(alongAxis: 0, rowRanges[shard]).detached()
                total = total + (tensor * upstream).sum()
            }
            return total
        }
        return (contribution.value.detached(), parameterGradients(of: total, leaves: forward[shard].leaves.parameterOfLeaf))
    }
    var summed = sumInShardOrder(perShard, parameters: parameters)
    summed.value = summed.value + coupledValue
    return (summed.value, forward.map(\.contribution.auxiliary), coupledAuxiliary, summed.gradients)
}

/// `valueWithGradient(at:of:)` for points, with an auxiliary result.
func valueWithGradient<Auxiliary>(
    at points: [Tensor], of body: ([Tensor]) -> (value: Tensor, auxiliary: Auxiliary)
) -> (value: Tensor, auxiliary: Auxiliary, gradients: [Tensor]) {
    var auxiliary: Auxiliary?
    let (value, gradients) = valueWithGradient(at: points) { leaves -> Tensor in
        let (value, extra) = body(leaves)
        auxiliary = extra
        return value
    }
    return (value, auxiliary!, gradients)
}

/// One shard's differentiable copies of the parameters, bound while the shard's body runs so
/// that shards never write to the shared `Parameter` objects.
final class ShardLeaves: @unchecked Sendable {
    // @unchecked: built and read by one shard's thread, then read after the shards joined.
    let leafOfParameter: [ObjectIdentifier: Tensor]
    let parameterOfLeaf: [ObjectIdentifier: Parameter]

    init(_ parameters: [Parameter], values: [Tensor]) {
        var leaves: [ObjectIdentifier: Tensor] = [:], parameterOfLeaf: [ObjectIdentifier: Parameter] = [:]
        for (parameter, value) in zip(parameters, values) {
            let leaf = value.asGradientLeaf()
            leaves[ObjectIdentifier(parameter)] = leaf
            parameterOfLeaf[ObjectIdentifier(leaf.node!)] = parameter
        }
        leafOfParameter = leaves
        self.parameterOfLeaf = parameterOfLeaf
    }

    /// Runs `body` with the parameters reading these leaves, recording for differentiation.
    func bound<R>(_ body: () -> R) -> R {
        ParameterBinding.$shardLeaves.withValue(leafOfParameter) {
            GradientRecording.$isPaused.withValue(false) { body() }
        }
    }
}

/// The values and gradients of the shards added up in shard order (deterministic).
private func sumInShardOrder(_ results: [(value: Tensor, gradients: Gradients)], parameters: [Parameter]) -> (value: Tensor, gradients: Gradients) {
    var total = results[0]
    for part in results.dropFirst() {
        total.value = total.value + part.value
        for parameter in parameters {
            switch (total.gradients[parameter], part.gradients[parameter]) {
            case let (sum?, more?): total.gradients[parameter] = sum + more
            case let (nil, more?): total.gradients[parameter] = more
            default: break
            }
        }
    }
    return total
}
