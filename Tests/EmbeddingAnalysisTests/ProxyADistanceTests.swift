import Testing
import EmbeddingAnalysis

@Suite struct ProxyADistanceTests {
    @Test func wellSeparatedDomainsAreNearTwo() throws {
        let source = TestData.gaussian(rows: 150, columns: 8, offset: 0, seed: 41)
        let target = TestData.gaussian(rows: 150, columns: 8, offset: 3, seed: 42)
        let result = try ProxyADistance.compute(source: source, target: target)
        #expect(result.distance > 1.8)
        #expect(result.distance <= 2)
        #expect(result.trials.count == 6)
        #expect(result.trainCount == 150 && result.testCount == 150)
        #expect(result.trials.contains { $0.c == result.bestC && $0.testError == result.bestTestError })
        #expect(result.bestTestError == result.trials.map(\.testError).min())
    }

    @Test func identicalDistributionsAreNearZero() throws {
        let source = TestData.gaussian(rows: 300, columns: 5, seed: 43)
        let target = TestData.gaussian(rows: 300, columns: 5, seed: 44)
        let result = try ProxyADistance.compute(source: source, target: target,
                                                configuration: .init(seed: 3))
        #expect(result.distance < 0.3)
        #expect(result.distance >= 0)
        #expect(abs(result.unclampedDistance - 2 * (1 - 2 * result.bestTestError)) < 1e-12)

        let repeated = try ProxyADistance.compute(source: source, target: target,
                                                  configuration: .init(seed: 3))
        #expect(repeated == result)
    }

    @Test func validatesInput() throws {
        let a = TestData.gaussian(rows: 5, columns: 3, seed: 1)
        let b = TestData.gaussian(rows: 5, columns: 4, seed: 2)
        #expect(throws: EmbeddingAnalysisError.self) { try ProxyADistance.compute(source: a, target: b) }
        #expect(throws: EmbeddingAnalysisError.self) {
            try ProxyADistance.compute(source: a, target: a, configuration: .init(cValues: []))
        }
    }
}
