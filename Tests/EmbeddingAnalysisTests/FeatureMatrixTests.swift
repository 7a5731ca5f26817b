import SeededRandom
import Testing
import EmbeddingAnalysis

@Suite struct FeatureMatrixTests {
    @Test func validatesShapeAndValues() throws {
        let m = try FeatureMatrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        #expect(m[1, 2] == 6)
        #expect(Array(m.row(1)) == [4, 5, 6])
        #expect(try FeatureMatrix(rowVectors: [[1, 2, 3], [4, 5, 6]]) == m)
        #expect(throws: EmbeddingAnalysisError.self) { try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, 3]) }
        #expect(throws: EmbeddingAnalysisError.self) { try FeatureMatrix(rows: -1, columns: 0, values: []) }
        #expect(throws: EmbeddingAnalysisError.self) { try FeatureMatrix(rowVectors: [[1, 2], [3]]) }
        #expect(throws: EmbeddingAnalysisError.nonFiniteValue(row: 1, column: 0)) {
            try FeatureMatrix(rows: 2, columns: 2, values: [1, 2, .nan, 4])
        }
    }

    @Test func splitMix64IsDeterministicAndMatchesReference() {
        // Reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        for _ in 0..<100 { #expect(a.nextIndex(below: 7) == b.nextIndex(below: 7)) }
        var permuter = SplitMix64(seed: 3)
        let permutation = permuter.permutation(count: 50)
        #expect(permutation.sorted() == Array(0..<50))
        var unit = SplitMix64(seed: 9)
        for _ in 0..<1000 {
            let u = unit.nextUnitDouble()
            #expect(u >= 0 && u < 1)
        }
    }
}
