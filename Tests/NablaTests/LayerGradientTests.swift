import Testing
@testable import Nabla
import NablaNN

/// Gradient checks through whole layers, with respect to the input and to each parameter.
@Suite("Layer gradient checks")
struct LayerGradientTests {
    /// Checks d(output)/d(input) and d(output)/d(parameter) for every trainable parameter.
    /// A small `step` keeps finite differences from crossing ReLU and max-pool kinks.
    func checkLayer(_ layer: some Layer, input: Tensor, step: Float = 1e-2, sourceLocation: SourceLocation = #_sourceLocation) {
        checkGradient([input], step: step, sourceLocation: sourceLocation) { layer($0[0]) }
        for (_, parameter) in layer.namedParameters where parameter.isTrainable {
            let original = parameter.value
            checkGradient([original], step: step, sourceLocation: sourceLocation) { values in
                parameter.value = values[0]
                defer { parameter.value = original }
                return layer(input)
            }
        }
    }

    @Test func linear() {
        var generator = SeededGenerator(seed: 1)
        checkLayer(Linear(inputSize: 4, outputSize: 3, using: &generator), input: randomTensor([5, 4], seed: 2))
    }

    @Test func conv2DWithPadding() {
        var generator = SeededGenerator(seed: 3)
        checkLayer(Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: (3, 3), padding: (1, 1), using: &generator),
                   input: randomTensor([2, 2, 5, 5], seed: 4))
    }

    @Test func batchNormInTrainingMode() {
        checkLayer(BatchNorm(featureCount: 3), input: randomTensor([6, 3], seed: 5))
    }

    @Test func sequentialNetworkWithEveryLayerKind() {
        var generator = SeededGenerator(seed: 6)
        let model = Sequential(
            Conv2D(inputChannels: 1, outputChannels: 2, kernelSize: (3, 3), using: &generator), ReLU(),
            MaxPool2D(kernelSize: (2, 2)), Flatten(), Linear(inputSize: 8, outputSize: 4, using: &generator),
            Tanh(), Linear(inputSize: 4, outputSize: 2, using: &generator), Sigmoid())
        checkLayer(model, input: randomTensor([3, 1, 6, 6], seed: 7), step: 1e-3)
    }
}
