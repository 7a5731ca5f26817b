import Testing
@testable import Nabla

@Suite("FLOP counting")
struct FlopCounterTests {
    @Test func matrixProductsCountTwoPerMultiplyAddInBothPasses() {
        let a = randomTensor([3, 4], seed: 1), b = randomTensor([4, 5], seed: 2)
        #expect(FlopCounter.counting { matmul(a, b) }.flops == 2 * 3 * 4 * 5)
        // Backward: one product per gradient asked for.
        #expect(FlopCounter.counting { _ = gradient(at: [a, b]) { matmul($0[0], $0[1]).sum() } }.flops == 3 * 2 * 3 * 4 * 5)
        #expect(FlopCounter.counting { _ = gradient(at: a) { matmul($0, b).sum() } }.flops == 2 * 2 * 3 * 4 * 5)
        #expect(FlopCounter.counting { 0 }.flops == 0)
    }

    @Test func convolutionsCountForwardAndEachGradient() {
        let input = randomTensor([2, 3, 6, 6], seed: 3), filter = randomTensor([4, 3, 3, 3], seed: 4)
        let forward: Double = 2 * 2 * 4 * 16 * 27  // 2 × batch × out channels × 4×4 outputs × 3·3·3 patch
        #expect(FlopCounter.counting { input.convolved2D(filter: filter) }.flops == forward)
        #expect(FlopCounter.counting { _ = gradient(at: [input, filter]) { $0[0].convolved2D(filter: $0[1]).sum() } }.flops == 3 * forward)
        #expect(FlopCounter.counting { _ = gradient(at: filter) { input.convolved2D(filter: $0).sum() } }.flops == 2 * forward)
    }
}
