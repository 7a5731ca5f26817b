import Testing
@testable import Nabla

@Suite("Convolutions computed by oneDNN")
struct OneDNNConvolutionTests {
    /// (input shape, filter shape, stride, padding)
    typealias Case = ([Int], [Int], (Int, Int), (Int, Int))
    static let cases: [Case] = [
        ([2, 3, 7, 6], [4, 3, 3, 3], (1, 1), (0, 0)),
        ([2, 3, 7, 6], [4, 3, 3, 3], (1, 1), (2, 2)),
        ([2, 3, 7, 7], [5, 3, 3, 3], (2, 2), (1, 1)),
        ([3, 20, 9, 9], [17, 20, 5, 5], (1, 1), (2, 2)),  // channel counts that are not multiples of 16
    ]

    /// The plan really goes to oneDNN for these shapes (otherwise the tests below would
    /// silently test im2col twice).
    @Test(arguments: cases)
    func oneDNNTakesTheShape(_ c: Case) throws {
        #expect(try #require(plan(c)).oneDNN(filter: c.1, hasBias: true) != nil)
    }

    @Test func stridesThatLeaveRowsUnreadStayOnIm2col() throws {
        // 8 rows, 3-row window, stride 2, no padding: the last input row is never read.
        let geometry = Convolution2DGeometry(kernel: (3, 3), stride: (2, 2), padding: (0, 0))
        let plan = ConvolutionPlan(input: [1, 1, 8, 8], outChannels: 1, geometry: geometry, output: try #require(geometry.outputSize(height: 8, width: 8)))
        #expect(plan.oneDNN(filter: [1, 1, 3, 3], hasBias: false) == nil)
        let input = randomTensor([1, 1, 8, 8], seed: 1), filter = randomTensor([1, 1, 3, 3], seed: 2)
        let fallback = ConvolutionBackend.withBackend(.oneDNN) { input.convolved2D(filter: filter, stride: (2, 2)) }
        let im2col = ConvolutionBackend.withBackend(.im2col) { input.convolved2D(filter: filter, stride: (2, 2)) }
        #expect(fallback.scalars == im2col.scalars)
    }

    @Test("finite-difference gradients through oneDNN", arguments: cases.prefix(3))
    func gradientCheck(_ c: Case) {
        let input = randomTensor(c.0, seed: 13), filter = randomTensor(c.1, seed: 14), bias = randomTensor([c.1[0]], seed: 15)
        ConvolutionBackend.withBackend(.oneDNN) {
            checkGradient([input, filter, bias], maximumChecks: 30) {
                $0[0].convolved2D(filter: $0[1], bias: $0[2], stride: c.2, padding: c.3)
            }
            checkGradient([input, filter]) { $0[0].convolved2D(filter: $0[1], stride: c.2, padding: c.3) }
        }
    }

    @Test("values and gradients agree with im2col", arguments: cases + [([4, 32, 16, 16], [48, 32, 5, 5], (1, 1), (2, 2))])
    func agreesWithIm2col(_ c: Case) {
        let input = randomTensor(c.0, seed: 21), filter = randomTensor(c.1, seed: 22), bias = randomTensor([c.1[0]], seed: 23)
        let projection = randomTensor(input.convolved2D(filter: filter, stride: c.2, padding: c.3).shape, seed: 24)
        func run() -> (value: Tensor, gradients: [Tensor]) {
            let (value, gradients) = valueWithGradient(at: [input, filter, bias]) {
                ($0[0].convolved2D(filter: $0[1], bias: $0[2], stride: c.2, padding: c.3) * projection).sum()
            }
            return (input.convolved2D(filter: filter, bias: bias, stride: c.2, padding: c.3), gradients + [value])
        }
        let reference = ConvolutionBackend.withBackend(.im2col, run)
        let oneDNN = ConvolutionBackend.withBackend(.oneDNN, run)
        expectClose(oneDNN.value.scalars, reference.value.scalars, tolerance: 1e-4)
        for (ours, theirs) in zip(oneDNN.gradients, reference.gradients) {
            #expect(ours.shape == theirs.shape)
            expectClose(ours.scalars, theirs.scalars, tolerance: 1e-4)
        }
    }

    @Test func anEmptyBatchGivesAnEmptyResultAndGradients() {
        let input = Tensor.zeros(shape: [0, 3, 8, 8]), filter = randomTensor([4, 3, 3, 3], seed: 41)
        let (value, gradients) = valueWithGradient(at: [input, filter]) { $0[0].convolved2D(filter: $0[1], padding: (1, 1)).sum() }
        #expect(value.scalar == 0)
        #expect(gradients[0].shape == [0, 3, 8, 8] && gradients[1].scalars.allSatisfy { $0 == 0 })
    }

    @Test func sameInputsGiveTheSameBits() {
        let input = randomTensor([8, 32, 16, 16], seed: 31), filter = randomTensor([48, 32, 5, 5], seed: 32)
        let runs = (0..<2).map { _ in
            ConvolutionBackend.withBackend(.oneDNN) {
                gradient(at: [input, filter]) { $0[0].convolved2D(filter: $0[1], padding: (2, 2)).squared().sum() }
            }
        }
        #expect(runs[0][0].scalars == runs[1][0].scalars)
        #expect(runs[0][1].scalars == runs[1][1].scalars)
    }

    @Test func dataParallelShardsKeepTheBackend() {
        let seen = ConvolutionBackend.withBackend(.oneDNN) { inParallelShards(2) { _ in ConvolutionBackend.current } }
        #expect(seen == [.oneDNN, .oneDNN])
        let im2col = ConvolutionBackend.withBackend(.im2col) { inParallelShards(2) { _ in ConvolutionBackend.current } }
        #expect(im2col == [.im2col, .im2col])
    }

    private func plan(_ c: Case) -> ConvolutionPlan? {
        let geometry = Convolution2DGeometry(kernel: (c.1[2], c.1[3]), stride: c.2, padding: c.3)
        guard let output = geometry.outputSize(height: c.0[2], width: c.0[3]) else { return nil }
        return ConvolutionPlan(input: c.0, outChannels: c.1[0], geometry: geometry, output: output)
    }
}
