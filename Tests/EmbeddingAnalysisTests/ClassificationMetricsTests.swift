import Testing
import EmbeddingAnalysis

@Suite struct ClassificationMetricsTests {
    @Test func confusionMatrixOnHandMadeExample() throws {
        let actual    = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0]
        let predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2, 0]
        let matrix = try ClassificationMetrics.confusionMatrix(predicted: predicted, actual: actual, classCount: 4)
        #expect(matrix.counts == [3, 1, 0, 0,
                                  0, 1, 1, 0,
                                  1, 0, 3, 0,
                                  0, 0, 0, 0])
        #expect(matrix[actual: 2, predicted: 0] == 1)
        #expect(matrix.total == 10)
        #expect(matrix.correct == 7)
        #expect(matrix.support(of: 0) == 4)
        #expect(matrix.accuracy == 0.7)
        #expect(matrix.perClassAccuracy == [0.75, 0.5, 0.75, nil])
        #expect(matrix.balancedAccuracy == (0.75 + 0.5 + 0.75) / 3)
        #expect(try ClassificationMetrics.accuracy(predicted: predicted, actual: actual) == 0.7)
        #expect(try ClassificationMetrics.perClassAccuracy(predicted: predicted, actual: actual, classCount: 4)
                == [0.75, 0.5, 0.75, nil])
        // Row sums are the class supports; column sums the prediction counts.
        let rowSums = (0..<4).map { a in (0..<4).reduce(0) { $0 + matrix[actual: a, predicted: $1] } }
        let columnSums = (0..<4).map { p in (0..<4).reduce(0) { $0 + matrix[actual: $1, predicted: p] } }
        #expect(rowSums == [4, 2, 4, 0])
        #expect(columnSums == [4, 2, 4, 0])
    }

    @Test func rejectsBadInput() {
        #expect(throws: EmbeddingAnalysisError.invalidLabel(index: 1, value: 3)) {
            try ClassificationMetrics.confusionMatrix(predicted: [0, 3], actual: [0, 1], classCount: 3)
        }
        #expect(throws: EmbeddingAnalysisError.self) {
            try ClassificationMetrics.confusionMatrix(predicted: [0], actual: [0, 1], classCount: 2)
        }
        #expect(throws: EmbeddingAnalysisError.self) { try ClassificationMetrics.accuracy(predicted: [], actual: []) }
        let empty = ConfusionMatrix(classCount: 2, counts: [0, 0, 0, 0])
        #expect(empty.accuracy.isNaN)
        #expect(empty.balancedAccuracy == nil)
    }
}
