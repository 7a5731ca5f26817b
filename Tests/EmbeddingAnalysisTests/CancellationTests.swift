import Synchronization
import Testing
import EmbeddingAnalysis

/// A `Cancellation` stops t-SNE and the proxy A-distance's SVM sweep at their next check.
@Suite struct CancellationTests {
    /// Stops once `check` has been polled `after` times; counts the polls.
    final class Counter: Sendable {
        let polls = Atomic<Int>(0)
        let after: Int
        init(after: Int) { self.after = after }
        var cancellation: Cancellation { Cancellation { self.polls.add(1, ordering: .relaxed).newValue > self.after } }
    }

    @Test func tsneStopsAtTheNextIteration() throws {
        let data = TestData.gaussian(rows: 60, columns: 5, seed: 1)
        var configuration = TSNE.Configuration(perplexity: 10)
        configuration.iterations = 1000
        let counter = Counter(after: 5)
        #expect(throws: EmbeddingAnalysisError.cancelled) { try TSNE(configuration: configuration).embed(data, cancellation: counter.cancellation) }
        #expect(counter.polls.load(ordering: .relaxed) == 6, "no iteration runs after the stop was seen")
        // Never cancelled: the same result as without a cancellation.
        let plain = try TSNE(configuration: configuration).embed(data)
        let polled = try TSNE(configuration: configuration).embed(data, cancellation: Counter(after: .max).cancellation)
        #expect(plain.embedding == polled.embedding)
    }

    @Test func affinitiesStopWithinRows() {
        // 300 rows: the affinity pass polls every 64 rows, before any iteration.
        let data = TestData.gaussian(rows: 300, columns: 3, seed: 2)
        let counter = Counter(after: 2)
        #expect(throws: EmbeddingAnalysisError.cancelled) { try TSNE().embed(data, cancellation: counter.cancellation) }
        #expect(counter.polls.load(ordering: .relaxed) == 3)
    }

    @Test func proxyADistanceStopsBetweenFits() {
        let source = TestData.gaussian(rows: 40, columns: 3, seed: 3), target = TestData.gaussian(rows: 40, columns: 3, offset: 1, seed: 4)
        let counter = Counter(after: 2)
        #expect(throws: EmbeddingAnalysisError.cancelled) {
            try ProxyADistance.compute(source: source, target: target, cancellation: counter.cancellation)
        }
        #expect(counter.polls.load(ordering: .relaxed) == 3, "two of the six C values fitted")
    }
}
