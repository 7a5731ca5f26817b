import CBLAS
import Nabla

/// Eigen-decomposition of a real symmetric matrix, computed in `Double` by LAPACK's `dsyevd`
/// (divide and conquer, from OpenBLAS).
///
/// Results are sorted by descending eigenvalue (ties keep LAPACK's order) and each eigenvector is
/// unit-norm with the sign fixed so that its largest-magnitude entry (first such entry on ties)
/// is positive, which makes the result deterministic.
struct SymmetricEigendecomposition: Sendable {
    /// Matrix order n.
    let dimension: Int
    /// The n eigenvalues, descending.
    let eigenvalues: [Double]
    /// Eigenvector k (matching `eigenvalues[k]`) is stored contiguously at `[k*n ..< (k+1)*n]`.
    let eigenvectors: [Double]

    /// Decomposes the symmetric `n x n` matrix given in row-major (equivalently column-major) order.
    /// Only symmetry is assumed; the caller is responsible for providing a symmetric matrix.
    init(symmetric matrix: [Double], dimension n: Int) {
        precondition(n >= 0 && matrix.count == n * n, "matrix must be n x n")
        dimension = n
        guard n > 0 else {
            eigenvalues = []
            eigenvectors = []
            return
        }
        // Column-major on output: eigenvector j is column j, contiguous at [j*n ..< (j+1)*n].
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        var order = Int32(n), info: Int32 = 0
        // Workspace sizes from LAPACK's documentation for jobz = 'V' (no query round trip needed).
        var lwork = Int32(1 + 6 * n + 2 * n * n), liwork = Int32(3 + 5 * n)
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        let jobz: CChar = 86, uplo: CChar = 85  // "V" (vectors too), "U" (upper triangle)
        // Under the engine's BLAS lock: the result must not depend on another thread's settings.
        withExclusiveBLAS {
            withUnsafePointer(to: jobz) { jobz in
                withUnsafePointer(to: uplo) { uplo in
                    dsyevd_(jobz, uplo, &order, &a, &order, &w, &work, &lwork, &iwork, &liwork, &info)
                }
            }
        }
        precondition(info == 0, "dsyevd failed to converge (info \(info))")
        // LAPACK returns ascending eigenvalues; reverse, keeping ties in LAPACK's order.
        let ranking = (0..<n).reversed().sorted { w[$0] > w[$1] }
        eigenvalues = ranking.map { w[$0] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (k, column) in ranking.enumerated() {
            let vector = a[(column * n)..<((column + 1) * n)]
            var largest = vector.startIndex
            for index in vector.indices where abs(vector[index]) > abs(vector[largest]) { largest = index }
            let sign: Double = vector[largest] < 0 ? -1 : 1
            for (i, value) in vector.enumerated() { vectors[k * n + i] = sign * value }
        }
        eigenvectors = vectors
    }
}
