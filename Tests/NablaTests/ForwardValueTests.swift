import Testing
@testable import Nabla

@Suite("Forward values")
struct ForwardValueTests {
    @Test func matmulMatchesNaiveProduct() {
        let a = randomTensor([3, 5], seed: 1), b = randomTensor([5, 2], seed: 2)
        var expected = [Float](repeating: 0, count: 6)
        for i in 0..<3 { for j in 0..<2 { for k in 0..<5 { expected[i * 2 + j] += a.scalars[i * 5 + k] * b.scalars[k * 2 + j] } } }
        expectClose(matmul(a, b).scalars, expected)
        expectClose(matmul(a.transposed(), transposed: true, b, transposed: false).scalars, expected)
    }

    @Test("conv2d matches a direct loop", arguments: [((1, 1), (0, 0)), ((2, 2), (1, 1)), ((1, 2), (2, 0))] as [((Int, Int), (Int, Int))],
          ConvolutionBackend.allCases)
    func convolutionMatchesDirectLoop(configuration: ((Int, Int), (Int, Int)), backend: ConvolutionBackend) {
        let (stride, padding) = configuration
        let x = randomTensor([2, 3, 6, 5], seed: 3), w = randomTensor([4, 3, 3, 2], seed: 4), bias = randomTensor([4], seed: 5)
        let y = ConvolutionBackend.withBackend(backend) { x.convolved2D(filter: w, bias: bias, stride: stride, padding: padding) }
        let outH = (6 + 2 * padding.0 - 3) / stride.0 + 1, outW = (5 + 2 * padding.1 - 2) / stride.1 + 1
        #expect(y.shape == [2, 4, outH, outW])
        var expected = [Float]()
        for n in 0..<2 { for o in 0..<4 { for oh in 0..<outH { for ow in 0..<outW {
            var total = bias.scalars[o]
            for c in 0..<3 { for kh in 0..<3 { for kw in 0..<2 {
                let ih = oh * stride.0 - padding.0 + kh, iw = ow * stride.1 - padding.1 + kw
                if ih >= 0 && ih < 6 && iw >= 0 && iw < 5 {
                    total += x.scalars[((n * 3 + c) * 6 + ih) * 5 + iw] * w.scalars[((o * 3 + c) * 3 + kh) * 2 + kw]
                }
            } } }
            expected.append(total)
        } } } }
        expectClose(y.scalars, expected, tolerance: 1e-5)
    }

    @Test func maxPoolPicksWindowMaxima() {
        let x = Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map(Float.init))
        #expect(x.maxPooled2D(kernel: (2, 2)).scalars == [5, 7, 13, 15])
        #expect(x.maxPooled2D(kernel: (3, 3), stride: (1, 1)).scalars == [10, 11, 14, 15])
        // Padding 1 (PyTorch's −∞): 4×4 → 2×2 windows centred on (0,0), (0,2), (2,0), (2,2).
        #expect(x.maxPooled2D(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).scalars == [5, 7, 13, 15])
        #expect((-x).maxPooled2D(kernel: (3, 3), stride: (2, 2), padding: (1, 1)).scalars == [0, -1, -4, -5])
        #expect(x.globalAveragePooled2D().shape == [1, 1])
        #expect(x.globalAveragePooled2D().scalars == [7.5])
    }

    @Test func softmaxIsStableForHugeLogits() {
        let logits = Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, -1000, 0, 1000])
        let probabilities = logits.softmax().scalars
        #expect(probabilities.allSatisfy { $0.isFinite })
        expectClose([probabilities[0] + probabilities[1] + probabilities[2]], [1])
        #expect(logits.logSoftmax().scalars[3] == -2000)
    }

    @Test func crossEntropyValues() {
        let logits = Tensor(shape: [2, 2], scalars: [0, 0, 1000, 0])
        // Uniform row: ln 2. Confident correct row: 0.
        expectClose([softmaxCrossEntropy(logits: logits, labels: [1, 0]).scalar], [Float(0.6931472) / 2])
        // Label smoothing 0.2 on a uniform row changes nothing (every class has the same log-probability).
        expectClose([softmaxCrossEntropy(logits: Tensor(shape: [1, 2], scalars: [0, 0]), labels: [0], labelSmoothing: 0.2).scalar], [0.6931472])
        // Weights: only the second sample counts.
        expectClose([softmaxCrossEntropy(logits: logits, labels: [1, 0], weights: [0, 1]).scalar], [0])
    }

    @Test func binaryCrossEntropyIsExactForLargeLogits() {
        let loss = binaryCrossEntropy(logits: Tensor([100, -100]), targets: Tensor([0, 1]))
        expectClose([loss.scalar], [100])
        expectClose([binaryCrossEntropy(logits: Tensor([0]), targets: Tensor([1])).scalar], [0.6931472])
    }

    @Test func batchNormNormalisesEachChannel() {
        let x = randomTensor([8, 2, 3, 3], seed: 6, range: 3...9)
        let (y, mean, variance) = x.batchNormalized(scale: .ones(shape: [2]), offset: .zeros(shape: [2]))
        let perChannel = y.transposed(permutation: [1, 0, 2, 3]).reshaped(to: [2, -1])
        expectClose(perChannel.mean(alongAxis: 1).scalars, [0, 0], tolerance: 1e-4)
        expectClose((perChannel.squared()).mean(alongAxis: 1).scalars, [1, 1], tolerance: 1e-3)
        #expect(mean.allSatisfy { $0 > 3 && $0 < 9 } && variance.allSatisfy { $0 > 0 })
    }

    @Test func reductionsAndShaping() {
        let x = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        #expect(x.sum(alongAxis: 0).scalars == [5, 7, 9])
        #expect(x.max(alongAxis: 1).scalars == [5, 6])
        #expect(x.argmax(alongAxis: 1) == [1, 2])
        #expect(x.transposed().scalars == [1, 4, 5, 2, 3, 6])
        #expect(Tensor.concatenate([x, x], alongAxis: 1).shape == [2, 6])
        #expect(x.slice(alongAxis: 1, 1..<3).scalars == [5, 3, 2, 6])
        #expect(x.gathering(atIndices: [1, 1, 0]).scalars == [4, 2, 6, 4, 2, 6, 1, 5, 3])
        #expect((x + Tensor([10, 20, 30])).scalars == [11, 25, 33, 14, 22, 36])
    }

    @Test func seededCreationRepeats() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        #expect(Tensor.normal(shape: [10], using: &a).scalars == Tensor.normal(shape: [10], using: &b).scalars)
        var c = SeededGenerator(seed: 1)
        let u = Tensor.uniform(shape: [1000], in: -2...3, using: &c).scalars
        #expect(u.allSatisfy { $0 >= -2 && $0 <= 3 })
        let t = Tensor.truncatedNormal(shape: [1000], standardDeviation: 0.1, using: &c).scalars
        #expect(t.allSatisfy { abs($0) <= 0.2 })
    }

    @Test func dropoutKeepsExpectedValue() {
        var generator = SeededGenerator(seed: 9)
        let y = Tensor.ones(shape: [10_000]).dropout(probability: 0.3, using: &generator)
        let zeros = y.scalars.filter { $0 == 0 }.count
        #expect(abs(Double(zeros) / 10_000 - 0.3) < 0.02)
        #expect(abs(y.mean().scalar - 1) < 0.05)
    }

    @Test func threadCountChangesResultsOnlyByRounding() {
        let x = randomTensor([16, 3, 12, 12], seed: 10), w = randomTensor([8, 3, 5, 5], seed: 11)
        // Scoped contexts: the rest of the process (other tests running now) keeps its threads.
        let one = ComputeContext(threads: 1).run { x.convolved2D(filter: w, padding: (2, 2)).scalars }
        let two = ComputeContext(threads: 2).run { x.convolved2D(filter: w, padding: (2, 2)).scalars }
        let again = ComputeContext(threads: 2).run { x.convolved2D(filter: w, padding: (2, 2)).scalars }
        expectClose(one, two, tolerance: 1e-4)
        #expect(two == again, "the same thread count gives bit-identical results")
    }

    @Test("batch norm: inference's one-pass form has the differentiable form's bits; training's has the same bits on 1 and 2 threads")
    func batchNormPathsAgreeBitForBit() {
        // 3 × 64 × 64 values per channel: enough that two threads split the channels.
        let x = randomTensor([3, 6, 64, 64], seed: 12)
        let mean = randomTensor([6], seed: 13), variance = randomTensor([6], seed: 14) * randomTensor([6], seed: 14) + 0.5
        let scale = randomTensor([6], seed: 15), offset = randomTensor([6], seed: 16)
        let inference = x.normalized(mean: mean, variance: variance, scale: scale, offset: offset)
        let recorded = x.requiringGradient().normalized(mean: mean, variance: variance, scale: scale, offset: offset)
        #expect(inference.scalars == recorded.scalars)
        let train = { (threads: Int) in
            ComputeContext(threads: threads).run {
                var outputs: (y: [Float], mean: [Float], variance: [Float]) = ([], [], [])
                let gradient = gradient(at: x) { input in
                    let (y, mu, v) = input.batchNormalized(scale: scale, offset: offset)
                    outputs = (y.scalars, mu, v)
                    return (y * y).sum()
                }
                return (outputs.y, outputs.mean, outputs.variance, gradient.scalars)
            }
        }
        let (one, two) = (train(1), train(2))
        #expect(one.0 == two.0 && one.1 == two.1 && one.2 == two.2 && one.3 == two.3)
    }
}
