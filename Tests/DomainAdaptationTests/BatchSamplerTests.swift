import Testing
@testable import DomainAdaptation

@Suite("Batch sampler over many passes")
struct BatchSamplerTests {
    /// The indices of `passes` whole passes, drawn in batches of `size` (batches may straddle passes).
    func passes(count: Int, seed: UInt64, passes: Int, size: Int) -> [[Int]] {
        var sampler = BatchSampler(count: count, seed: seed)
        var drawn: [Int] = []
        while drawn.count < count * passes { drawn += sampler.next(size) }
        return (0..<passes).map { Array(drawn[($0 * count) ..< (($0 + 1) * count)]) }
    }

    @Test("every pass is a permutation and passes differ", arguments: [1, 7, 16, 64])
    func everyPassIsAFreshPermutation(size: Int) {
        let orders = passes(count: 50, seed: 11, passes: 6, size: size)
        for order in orders { #expect(order.sorted() == Array(0..<50)) }
        #expect(Set(orders.map { $0.description }).count == 6, "each pass is shuffled anew")
        #expect(orders.allSatisfy { $0 != Array(0..<50) }, "no pass is left in file order")
    }

    @Test func theOrderDependsOnlyOnTheSeedNotOnTheBatchSize() {
        let a = passes(count: 40, seed: 3, passes: 4, size: 7), b = passes(count: 40, seed: 3, passes: 4, size: 13)
        #expect(a == b)
        #expect(passes(count: 40, seed: 4, passes: 4, size: 7) != a, "another seed, another order")
    }

    @Test func aResumedSamplerContinuesTheSameSequence() {
        var whole = BatchSampler(count: 30, seed: 9)
        let all = (0..<10).flatMap { _ in whole.next(8) }
        var first = BatchSampler(count: 30, seed: 9)
        let head = (0..<4).flatMap { _ in first.next(8) }
        var resumed = BatchSampler(count: 30, seed: 9, drawn: first.drawn)
        #expect(head + (0..<6).flatMap { _ in resumed.next(8) } == all)
    }
}
