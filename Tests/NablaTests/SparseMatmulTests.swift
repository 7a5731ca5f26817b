import Testing
@testable import Nabla

/// The sparse × dense product against the dense one, values and gradients.
@Suite struct SparseMatmulTests {
    /// A 4×7 matrix with an empty row, a full-ish row and repeated columns across rows.
    func sample() -> SparseMatrix {
        SparseMatrix(rows: 4, columns: 7, rowOffsets: [0, 2, 2, 6, 7], columnIndices: [1, 5, 0, 2, 5, 6, 3],
                     values: [2, -1, 0.5, 3, 1.5, -2, 4])
    }

    @Test func densifiedLaysOutTheEntries() {
        let dense = sample().densified()
        #expect(dense.shape == [4, 7])
        #expect(dense.scalars[0 * 7 + 1] == 2 && dense.scalars[0 * 7 + 5] == -1 && dense.scalars[2 * 7 + 6] == -2 && dense.scalars[3 * 7 + 3] == 4)
        #expect(dense.scalars.filter { $0 != 0 }.count == 7)
    }

    @Test func productMatchesTheDenseProduct() {
        let x = sample(), weight = randomTensor([3, 7], seed: 1), rhs = randomTensor([7, 3], seed: 2)
        expectClose(matmul(x, weight, transposed: true).scalars, matmul(x.densified(), transposed: false, weight, transposed: true).scalars)
        expectClose(matmul(x, rhs).scalars, matmul(x.densified(), rhs).scalars)
    }

    @Test func weightGradientMatchesTheDenseProductsGradient() {
        let x = sample(), weight = randomTensor([3, 7], seed: 3), upstream = randomTensor([4, 3], seed: 4)
        let sparse = gradient(at: [weight]) { (matmul(x, $0[0], transposed: true) * upstream).sum() }[0]
        let dense = gradient(at: [weight]) { (matmul(x.densified(), transposed: false, $0[0], transposed: true) * upstream).sum() }[0]
        #expect(sparse.shape == [3, 7])
        expectClose(sparse.scalars, dense.scalars)
        let rhs = randomTensor([7, 3], seed: 5)
        expectClose(gradient(at: [rhs]) { (matmul(x, $0[0]) * upstream).sum() }[0].scalars,
                    gradient(at: [rhs]) { (matmul(x.densified(), $0[0]) * upstream).sum() }[0].scalars)
    }

    @Test func finiteDifferences() {
        let x = sample()
        checkGradient([randomTensor([3, 7], seed: 6)], maximumChecks: 21) { matmul(x, $0[0], transposed: true).sigmoid() }
        checkGradient([randomTensor([7, 3], seed: 7)], maximumChecks: 21) { matmul(x, $0[0]).sigmoid() }
    }

    @Test func slicingAndConcatenatingKeepTheRows() {
        let x = sample()
        let parts = [x.slice(0..<1), x.slice(1..<3), x.slice(3..<4)]
        #expect(parts[1].rows == 2 && parts[1].rowOffsets == [0, 0, 4])
        #expect(SparseMatrix.concatenate(parts) == x)
        #expect(x.slice(2..<2).rows == 0 && matmul(x.slice(2..<2), randomTensor([7, 3], seed: 8)).shape == [0, 3])
    }
}
