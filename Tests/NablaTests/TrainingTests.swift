import Foundation
import Testing
@testable import Nabla
import NablaNN
import NablaOptimizers

/// Two interleaving half circles with Gaussian noise, labels 0 (lower) and 1 (upper).
func makeMoons(count: Int, noise: Float, seed: UInt64) -> (Tensor, [Int]) {
    var generator = SeededGenerator(seed: seed)
    var points = [Float](), labels = [Int]()
    for i in 0..<count {
        let upper = i % 2 == 0
        let angle = Float.pi * generator.nextUnitFloat()
        let x = upper ? cos(angle) : 1 - cos(angle)
        let y = upper ? sin(angle) : 0.5 - sin(angle)
        points += [x + noise * generator.nextNormal(), y + noise * generator.nextNormal()]
        labels.append(upper ? 1 : 0)
    }
    return (Tensor(shape: [count, 2], scalars: points), labels)
}

func accuracy(_ logits: Tensor, _ labels: [Int]) -> Double {
    let predicted = logits.argmax(alongAxis: 1)
    return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
}

/// Full-batch training of `model` with `optimizer`; returns the final training accuracy.
func train(_ model: some Layer, inputs: Tensor, labels: [Int], optimizer: some Optimizer, steps: Int) -> Double {
    let parameters = model.trainableParameters
    for _ in 0..<steps {
        let (_, gradients) = valueWithGradient(at: parameters) { softmaxCrossEntropy(logits: model(inputs), labels: labels) }
        optimizer.update(parameters, along: gradients)
    }
    model.setTraining(false)
    return accuracy(model(inputs), labels)
}

@Suite("Small networks learn")
struct TrainingTests {
    @Test func mlpLearnsXOR() {
        var generator = SeededGenerator(seed: 1)
        let model = Sequential(Linear(inputSize: 2, outputSize: 8, using: &generator), Tanh(),
                               Linear(inputSize: 8, outputSize: 2, using: &generator))
        let inputs = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let fit = train(model, inputs: inputs, labels: [0, 1, 1, 0], optimizer: SGD(learningRate: 0.5, momentum: 0.9), steps: 300)
        #expect(fit == 1)
    }

    @Test("MLP learns two moons with each optimizer", arguments: ["sgd", "nesterov", "adam", "adamw"])
    func mlpLearnsTwoMoons(optimizerName: String) {
        var generator = SeededGenerator(seed: 2)
        let model = Sequential(Linear(inputSize: 2, outputSize: 32, using: &generator), ReLU(),
                               Linear(inputSize: 32, outputSize: 32, using: &generator), ReLU(),
                               Linear(inputSize: 32, outputSize: 2, using: &generator))
        let (train, trainLabels) = makeMoons(count: 300, noise: 0.1, seed: 3)
        let (test, testLabels) = makeMoons(count: 300, noise: 0.1, seed: 4)
        let optimizer: any Optimizer = switch optimizerName {
        case "sgd": SGD(learningRate: 0.1, momentum: 0.9)
        case "nesterov": SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        case "adam": Adam(learningRate: 0.01)
        default: Adam.adamW(learningRate: 0.01)
        }
        let trainAccuracy = NablaTests.train(model, inputs: train, labels: trainLabels, optimizer: optimizer, steps: 400)
        #expect(trainAccuracy > 0.95)
        #expect(accuracy(model(test), testLabels) > 0.95)
    }

    @Test func smallConvNetFitsTinyImageSet() {
        // Four classes of 8×8 images: a bright horizontal bar, vertical bar, diagonal or a dot, at random offsets.
        var generator = SeededGenerator(seed: 5)
        var pixels = [Float](), labels = [Int]()
        for i in 0..<64 {
            let label = i % 4
            var image = [Float](repeating: 0, count: 64)
            let offset = Int(generator.next() % 4) + 2
            for k in 0..<8 {
                switch label {
                case 0: image[offset * 8 + k] = 1
                case 1: image[k * 8 + offset] = 1
                case 2: image[k * 8 + k] = 1
                default: if k < 2 { image[offset * 8 + offset + k] = 1; image[(offset + 1) * 8 + offset + k] = 1 }
                }
            }
            pixels += image.map { $0 + 0.1 * generator.nextNormal() }
            labels.append(label)
        }
        let inputs = Tensor(shape: [64, 1, 8, 8], scalars: pixels)
        let model = Sequential(
            Conv2D(inputChannels: 1, outputChannels: 8, kernelSize: (3, 3), padding: (1, 1), using: &generator), BatchNorm(featureCount: 8), ReLU(),
            MaxPool2D(kernelSize: (2, 2)),
            Conv2D(inputChannels: 8, outputChannels: 8, kernelSize: (3, 3), padding: (1, 1), using: &generator), ReLU(),
            MaxPool2D(kernelSize: (2, 2)), Flatten(), Linear(inputSize: 32, outputSize: 4, using: &generator))
        let fit = train(model, inputs: inputs, labels: labels, optimizer: Adam(learningRate: 0.02), steps: 60)
        #expect(fit == 1)
    }
}

@Suite("Modules")
struct ModuleTests {
    @Test func parametersAreNamedByPath() {
        var generator = SeededGenerator(seed: 1)
        let model = Sequential(Linear(inputSize: 3, outputSize: 4, using: &generator), ReLU(), BatchNorm(featureCount: 4),
                               Linear(inputSize: 4, outputSize: 2, hasBias: false, using: &generator))
        let names = model.namedParameters.map(\.name)
        #expect(names == ["0.weight", "0.bias", "2.scale", "2.offset", "2.runningMean", "2.runningVariance", "3.weight"])
        #expect(model.trainableParameters.count == 5)
        #expect(model.trainableScalarCount == 12 + 4 + 4 + 4 + 8)
    }

    @Test func pytorchDefaultInitialisationBounds() {
        var generator = SeededGenerator(seed: 2)
        let layer = Linear(inputSize: 100, outputSize: 50, using: &generator)
        let bound: Float = 0.1
        #expect(layer.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(layer.weight.value.scalars.contains { abs($0) > 0.09 })
        #expect(layer.weight.shape == [50, 100])
    }

    @Test func glorotUniformBoundsCountBothFans() {
        var generator = SeededGenerator(seed: 2)
        let layer = Linear(inputSize: 100, outputSize: 50, initialization: .glorotUniform, using: &generator)
        let bound = (6 / Float(150)).squareRoot()  // 0.2
        #expect(layer.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(layer.weight.value.scalars.contains { abs($0) > 0.19 })
        #expect(layer.bias?.value.scalars.allSatisfy { $0 == 0 } == true)
        // A 5×5 convolution 3 → 8: fan-in 75, fan-out 200.
        let conv = Conv2D(inputChannels: 3, outputChannels: 8, kernelSize: (5, 5), initialization: .glorotUniform, using: &generator)
        let convBound = (6 / Float(275)).squareRoot()
        #expect(conv.weight.value.scalars.allSatisfy { abs($0) <= convBound })
        #expect(conv.weight.value.scalars.contains { abs($0) > 0.95 * convBound })
    }

    @Test func batchNormSwitchesBetweenBatchAndRunningStatistics() {
        let layer = BatchNorm(featureCount: 2, momentum: 0.5)
        let x = Tensor(shape: [4, 2], scalars: [1, 10, 3, 10, 5, 30, 7, 30])
        let trained = layer(x)
        expectClose(trained.mean(alongAxis: 0).scalars, [0, 0], tolerance: 1e-5)
        // running = 0.5·initial + 0.5·batch (unbiased variance).
        expectClose(layer.runningMean.value.scalars, [2, 10])
        expectClose(layer.runningVariance.value.scalars, [0.5 + 0.5 * 20 / 3, 0.5 + 0.5 * 400 / 3], tolerance: 1e-4)
        layer.setTraining(false)
        let evaluated = layer(x)
        expectClose(evaluated.scalars.prefix(1).map { $0 }, [(1 - 2) / (0.5 + 0.5 * 20 / 3 + 1e-5).squareRoot()], tolerance: 1e-4)
        #expect(layer.runningMean.value.scalars == [2, 10], "evaluation leaves running statistics alone")
    }

    @Test func batchNormRecomputesItsStatisticsAsThePlainMeanOfBatches() {
        let layer = BatchNorm(featureCount: 1, momentum: 0.1)
        _ = layer(Tensor(shape: [2, 1], scalars: [100, 300]))  // exponential estimates from training
        layer.beginRecomputingRunningStatistics()
        _ = layer(Tensor(shape: [2, 1], scalars: [1, 3]))   // mean 2, unbiased variance 2
        _ = layer(Tensor(shape: [2, 1], scalars: [5, 9]))   // mean 7, variance 8
        _ = layer(Tensor(shape: [2, 1], scalars: [0, 0]))   // mean 0, variance 0
        layer.endRecomputingRunningStatistics()
        expectClose(layer.runningMean.value.scalars, [3], tolerance: 1e-5)
        expectClose(layer.runningVariance.value.scalars, [10.0 / 3], tolerance: 1e-5)
        #expect(layer.recomputedBatches == nil)
        _ = layer(Tensor(shape: [2, 1], scalars: [13, 13]))  // back to momentum 0.1
        expectClose(layer.runningMean.value.scalars, [0.9 * 3 + 0.1 * 13], tolerance: 1e-5)
    }

    @Test func dropoutOnlyInTraining() {
        let layer = Dropout(probability: 0.5, seed: 3)
        let x = Tensor.ones(shape: [100])
        #expect(layer(x).scalars.contains(0))
        layer.setTraining(false)
        #expect(layer(x).scalars == x.scalars)
    }
}
