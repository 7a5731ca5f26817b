import Testing
@testable import Nabla
import NablaNN

@Suite("Data-parallel shards")
struct DataParallelTests {
    /// A small conv + linear model and a batch, so every kind of kernel runs inside the shards.
    func model() -> (layers: Sequential, inputs: Tensor, labels: [Int]) {
        var generator = SeededGenerator(seed: 21)
        let layers = Sequential([
            Conv2D(inputChannels: 2, outputChannels: 4, kernelSize: (3, 3), padding: (1, 1), using: &generator),
            ReLU(), MaxPool2D(kernelSize: (2, 2)), Flatten(),
            Linear(inputSize: 4 * 4 * 4, outputSize: 6, using: &generator), Tanh(),
            Linear(inputSize: 6, outputSize: 3, using: &generator),
        ])
        return (layers, randomTensor([10, 2, 8, 8], seed: 22), (0..<10).map { $0 % 3 })
    }

    @Test func shardGradientsAddUpToTheWholeBatchGradient() {
        let (layers, inputs, labels) = model()
        let parameters = layers.trainableParameters
        let whole = valueWithGradient(at: parameters) { softmaxCrossEntropy(logits: layers(inputs), labels: labels) }
        for shards in [2, 3] {
            let ranges = shardRanges(10, count: shards)
            let split = valueWithGradient(at: parameters, shards: shards) { shard in
                let range = ranges[shard]
                let loss = softmaxCrossEntropy(logits: layers(inputs.slice(alongAxis: 0, range)), labels: Array(labels[range]))
                return loss * (Float(range.count) / 10)
            }
            expectClose([split.value.scalar], [whole.value.scalar])
            #expect(split.gradients.count == parameters.count)
            for parameter in parameters {
                expectClose(split.gradients[parameter]!.scalars, whole.gradients[parameter]!.scalars, tolerance: 1e-5)
            }
        }
    }

    @Test func auxiliaryValuesComeBackInShardOrder() {
        let (layers, inputs, labels) = model()
        let ranges = shardRanges(10, count: 3)
        let result = valueWithGradient(at: layers.trainableParameters, shards: 3) { shard -> (value: Tensor, auxiliary: Int) in
            let range = ranges[shard]
            return (softmaxCrossEntropy(logits: layers(inputs.slice(alongAxis: 0, range)), labels: Array(labels[range])), range.count * 100 + shard)
        }
        #expect(result.auxiliary == ranges.enumerated().map { $0.element.count * 100 + $0.offset })
    }

    @Test("a batch-coupled loss gets the whole batch's gradient", arguments: [1, 2, 3])
    func coupledLossMatchesTheWholeBatch(shards: Int) {
        // Cross-entropy per sample plus the variance of the batch's outputs: the variance couples
        // every sample, so each shard alone cannot compute it.
        let (layers, inputs, labels) = model()
        let parameters = layers.trainableParameters
        func variance(_ outputs: Tensor) -> Tensor {
            let centred = outputs - outputs.mean(alongAxis: 0, keepingDimension: true)
            return (centred * centred).mean() * 3
        }
        let whole = valueWithGradient(at: parameters) { () -> Tensor in
            let outputs = layers(inputs)
            return softmaxCrossEntropy(logits: outputs, labels: labels) + variance(outputs)
        }
        let ranges = shardRanges(10, count: shards)
        let split = valueWithGradient(at: parameters, shards: shards, of: { shard -> ShardContribution<Int> in
            let range = ranges[shard]
            let outputs = layers(inputs.slice(alongAxis: 0, range))
            let loss = softmaxCrossEntropy(logits: outputs, labels: Array(labels[range])) * (Float(range.count) / 10)
            return ShardContribution(value: loss, auxiliary: shard, gathered: [outputs])
        }, coupledBy: { gathered in
            #expect(gathered[0].shape == [10, 3], "the coupling sees the whole batch")
            return (variance(gathered[0]), "coupled")
        })
        #expect(split.shardAuxiliary == Array(0..<shards) && split.coupledAuxiliary == "coupled")
        expectClose([split.value.scalar], [whole.value.scalar])
        for parameter in parameters {
            expectClose(split.gradients[parameter]!.scalars, whole.gradients[parameter]!.scalars, tolerance: 1e-5)
        }
        #expect(parameters.allSatisfy { !$0.value.isRecordingGradient })
    }

    @Test func shardsAreDeterministicAndLeaveParametersPlain() {
        let (layers, inputs, labels) = model()
        let parameters = layers.trainableParameters
        let before = parameters.map(\.value.scalars)
        func run() -> [[Float]] {
            let ranges = shardRanges(10, count: 2)
            let result = valueWithGradient(at: parameters, shards: 2) { shard in
                softmaxCrossEntropy(logits: layers(inputs.slice(alongAxis: 0, ranges[shard])), labels: Array(labels[ranges[shard]])) * 0.5
            }
            return parameters.map { result.gradients[$0]!.scalars }
        }
        let first = run(), second = run()
        #expect(first.map { $0.map(\.bitPattern) } == second.map { $0.map(\.bitPattern) })
        #expect(parameters.map(\.value.scalars) == before)
        #expect(parameters.allSatisfy { $0.value.node == nil }, "no shard's gradient leaf stays bound")
    }

    @Test func inParallelShardsKeepsShardOrderAndNestsSerially() {
        let outer = inParallelShards(3) { shard in inParallelShards(2) { inner in shard * 10 + inner } }
        #expect(outer == [[0, 1], [10, 11], [20, 21]])
        #expect(shardRanges(5, count: 2) == [0..<2, 2..<5])
        #expect(shardRanges(1, count: 2) == [0..<0, 0..<1])
    }
}
