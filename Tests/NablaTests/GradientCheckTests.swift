import Testing
@testable import Nabla

@Suite("Finite-difference gradient checks")
struct GradientCheckTests {
    @Test("add, subtract, multiply, divide with broadcasting",
          arguments: [([3, 4], [4]), ([2, 3, 4], [3, 1]), ([1, 4], [3, 1]), ([3, 4], [])] as [([Int], [Int])])
    func broadcastingArithmetic(shapes: ([Int], [Int])) {
        let a = randomTensor(shapes.0, seed: 1), b = randomTensor(shapes.1, seed: 2, range: 0.5...2)
        checkGradient([a, b]) { $0[0] + $0[1] }
        checkGradient([a, b]) { $0[0] - $0[1] }
        checkGradient([a, b]) { $0[0] * $0[1] }
        checkGradient([a, b]) { $0[0] / $0[1] }
    }

    @Test func scalarArithmeticAndNegation() {
        let a = randomTensor([2, 5], seed: 3)
        checkGradient([a]) { -($0[0] * 3 + 2) / 4 - 1 }
        checkGradient([a]) { 2 - $0[0] }
    }

    @Test func unaryFunctions() {
        let a = randomTensor([3, 5], seed: 4, range: -2...2)
        let positive = randomTensor([3, 5], seed: 5, range: 0.5...3)
        checkGradient([a]) { $0[0].exp() }
        checkGradient([positive]) { $0[0].log() }
        checkGradient([positive]) { $0[0].squareRoot() }
        checkGradient([a]) { $0[0].squared() }
        checkGradient([a]) { $0[0].relu() }
        checkGradient([a]) { $0[0].leakyReLU(slope: 0.2) }
        checkGradient([a]) { $0[0].sigmoid() }
        checkGradient([a]) { $0[0].tanh() }
    }

    @Test func nearestUpsampling() {
        let a = randomTensor([2, 3, 3, 2], seed: 40)
        checkGradient([a]) { $0[0].upsampledNearest(factor: 2) }
        checkGradient([a]) { $0[0].upsampledNearest(factor: 3).squared() }
        let small = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        #expect(small.upsampledNearest(factor: 2).scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    @Test func reductions() {
        let a = randomTensor([2, 3, 4], seed: 6)
        checkGradient([a]) { $0[0].sum() }
        checkGradient([a]) { $0[0].mean() }
        checkGradient([a]) { $0[0].sum(alongAxis: 1) }
        checkGradient([a]) { $0[0].sum(alongAxes: [0, 2], keepingDimensions: true) }
        checkGradient([a]) { $0[0].mean(alongAxis: -1) }
        checkGradient([a]) { $0[0].mean(alongAxes: [0, 1]) }
        checkGradient([a]) { $0[0].max(alongAxis: 1) }
        checkGradient([a]) { $0[0].max(alongAxis: 2, keepingDimension: true) }
    }

    @Test func shaping() {
        let a = randomTensor([2, 3, 4], seed: 7), b = randomTensor([2, 2, 4], seed: 8)
        checkGradient([a]) { $0[0].reshaped(to: [6, -1]) }
        checkGradient([a]) { $0[0].transposed(permutation: [2, 0, 1]) }
        checkGradient([a]) { $0[0].reshaped(to: [6, 4]).transposed() }
        checkGradient([a, b]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) }
        checkGradient([a]) { $0[0].slice(alongAxis: 2, 1..<3) }
        checkGradient([a]) { $0[0].gathering(atIndices: [2, 0, 2], alongAxis: 1) }
        checkGradient([randomTensor([3], seed: 9)]) { $0[0].reshaped(to: [3, 1]).broadcast(to: [3, 4]) }
    }

    @Test("matmul with every transpose combination", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matrixProduct(transposes: (Bool, Bool)) {
        let a = randomTensor(transposes.0 ? [4, 3] : [3, 4], seed: 10)
        let b = randomTensor(transposes.1 ? [5, 4] : [4, 5], seed: 11)
        checkGradient([a, b]) { matmul($0[0], transposed: transposes.0, $0[1], transposed: transposes.1) }
    }

    @Test func softmaxFamily() {
        let logits = randomTensor([4, 6], seed: 12, range: -3...3)
        checkGradient([logits]) { $0[0].logSoftmax() }
        checkGradient([logits]) { $0[0].softmax() }
    }

    /// The im2col path; oneDNN's has its own checks in `OneDNNConvolutionTests`.
    @Test("conv2d with stride, padding and bias (im2col)",
          arguments: [((1, 1), (0, 0)), ((1, 1), (2, 2)), ((2, 1), (1, 0))] as [((Int, Int), (Int, Int))])
    func convolution(configuration: ((Int, Int), (Int, Int))) {
        let input = randomTensor([2, 3, 7, 6], seed: 13)
        let filter = randomTensor([4, 3, 3, 3], seed: 14)
        let bias = randomTensor([4], seed: 15)
        ConvolutionBackend.withBackend(.im2col) {
            checkGradient([input, filter, bias], maximumChecks: 30) {
                $0[0].convolved2D(filter: $0[1], bias: $0[2], stride: configuration.0, padding: configuration.1)
            }
            checkGradient([input, filter]) { $0[0].convolved2D(filter: $0[1], stride: configuration.0, padding: configuration.1) }
        }
    }

    @Test func maxPooling() {
        let input = randomTensor([2, 2, 6, 6], seed: 16)
        checkGradient([input], step: 1e-3) { $0[0].maxPooled2D(kernel: (2, 2)) }
        checkGradient([input], step: 1e-3) { $0[0].maxPooled2D(kernel: (3, 3), stride: (2, 2)) }
        // torchvision ResNet's stem pool: the padded border never wins.
        checkGradient([input], step: 1e-3) { $0[0].maxPooled2D(kernel: (3, 3), stride: (2, 2), padding: (1, 1)) }
        checkGradient([randomTensor([1, 2, 5, 7], seed: 17)], step: 1e-3) { $0[0].maxPooled2D(kernel: (3, 3), stride: (2, 2), padding: (1, 1)) }
    }

    @Test func globalAveragePooling() {
        checkGradient([randomTensor([2, 3, 4, 5], seed: 18)]) { $0[0].globalAveragePooled2D() }
        checkGradient([randomTensor([2, 3, 1, 1], seed: 19)]) { $0[0].globalAveragePooled2D() }
    }

    @Test func batchNormTrainingAndEvaluation() {
        let flat = randomTensor([5, 3], seed: 17, range: -2...2)
        let image = randomTensor([3, 2, 3, 3], seed: 18, range: -2...2)
        let scale = randomTensor([3], seed: 19, range: 0.5...1.5), offset = randomTensor([3], seed: 20)
        checkGradient([flat, scale, offset]) { $0[0].batchNormalized(scale: $0[1], offset: $0[2]).output }
        let scale2 = randomTensor([2], seed: 21, range: 0.5...1.5), offset2 = randomTensor([2], seed: 22)
        checkGradient([image, scale2, offset2]) { $0[0].batchNormalized(scale: $0[1], offset: $0[2]).output }
        let mean = randomTensor([3], seed: 23), variance = randomTensor([3], seed: 24, range: 0.5...2)
        checkGradient([flat, mean, variance, scale, offset]) {
            $0[0].normalized(mean: $0[1], variance: $0[2], scale: $0[3], offset: $0[4])
        }
    }

    @Test func losses() {
        let logits = randomTensor([5, 4], seed: 25, range: -3...3)
        let labels = [0, 3, 1, 1, 2]
        checkGradient([logits]) { softmaxCrossEntropy(logits: $0[0], labels: labels) }
        checkGradient([logits]) { softmaxCrossEntropy(logits: $0[0], labels: labels, labelSmoothing: 0.1, weights: [1, 0.5, 2, 0, 1]) }
        let binary = randomTensor([6, 1], seed: 26, range: -4...4)
        let targets = Tensor(shape: [6, 1], scalars: [0, 1, 1, 0, 0.3, 1])
        let weights = Tensor(shape: [6, 1], scalars: [1, 2, 0.5, 1, 1, 0])
        checkGradient([binary, targets]) { binaryCrossEntropy(logits: $0[0], targets: $0[1]) }
        checkGradient([binary]) { binaryCrossEntropy(logits: $0[0], targets: targets, weights: weights) }
    }

    @Test func dropoutWithAFixedMask() {
        let a = randomTensor([4, 5], seed: 27)
        checkGradient([a]) { x in
            var generator = SeededGenerator(seed: 5)
            return x[0].dropout(probability: 0.4, using: &generator)
        }
    }

    @Test("the check sees a backward pass that is 1% off", arguments: [1.0, 1.01, 0.99] as [Float])
    func derivedToleranceIsTight(factor: Float) {
        let x = randomTensor([3, 4], seed: 40)
        let mismatches = gradientCheckMismatches(at: [x]) { inputs in
            let result = inputs[0].detached().exp() * inputs[0].detached().sigmoid()
            // d/dx eˣσ(x) = eˣσ(x)(2 − σ(x)), scaled by `factor`.
            let derivative = result * (2 - inputs[0].detached().sigmoid()) * factor
            return Tensor.recording(result, from: [inputs[0]], name: "probe") { upstream in [upstream * derivative] }
        }
        #expect(mismatches.isEmpty == (factor == 1), "\(mismatches.count) mismatches")
    }
}
