/// Eigen-decomposition of a real symmetric matrix, computed in `Double`.
///
/// Algorithm: Householder reduction to tridiagonal form followed by the implicit QL
/// method with Wilkinson-type shifts (EISPACK `tred2`/`tql2`, as ported in JAMA). This is
/// O(n³) with a small constant — for the 768 x 768 covariance of a typical embedding it
/// takes well under a second, where cyclic Jacobi sweeps would need several times longer.
/// It is fully deterministic (no randomness, fixed operation order).
///
/// Results are sorted by descending eigenvalue (ties keep their original order) and each
/// eigenvector is unit-norm with the sign fixed so that its largest-magnitude entry
/// (first such entry on ties) is positive.
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
        // V is stored column-major: V(row r, column c) = v[c * n + r]. The matrix is
        // symmetric, so copying it as-is gives V = A.
        var v = matrix
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        v.withUnsafeMutableBufferPointer { vBuffer in
            d.withUnsafeMutableBufferPointer { dBuffer in
                e.withUnsafeMutableBufferPointer { eBuffer in
                    let V = vBuffer.baseAddress!, D = dBuffer.baseAddress!, E = eBuffer.baseAddress!
                    Self.tridiagonalize(n: n, V: V, d: D, e: E)
                    Self.diagonalize(n: n, V: V, d: D, e: E)
                }
            }
        }
        // Sort descending; stable on ties.
        let order = (0..<n).sorted { a, b in d[a] > d[b] || (d[a] == d[b] && a < b) }
        var values = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: n * n)
        for (k, source) in order.enumerated() {
            values[k] = d[source]
            let column = v[(source * n)..<((source + 1) * n)]
            var norm = 0.0
            var pivot = 0
            var pivotMagnitude = -1.0
            for (offset, value) in column.enumerated() {
                norm += value * value
                if abs(value) > pivotMagnitude {
                    pivotMagnitude = abs(value)
                    pivot = offset
                }
            }
            norm = norm.squareRoot()
            let scale = (column[column.startIndex + pivot] < 0 ? -1.0 : 1.0) / (norm > 0 ? norm : 1)
            for (offset, value) in column.enumerated() {
                vectors[k * n + offset] = value * scale
            }
        }
        eigenvalues = values
        eigenvectors = vectors
    }

    /// Householder tridiagonalisation (tred2). On return `d` holds the diagonal, `e[1...]`
    /// the sub-diagonal and `V` the accumulated orthogonal transformation.
    private static func tridiagonalize(n: Int, V: UnsafeMutablePointer<Double>,
                                       d: UnsafeMutablePointer<Double>, e: UnsafeMutablePointer<Double>) {
        for j in 0..<n { d[j] = V[j * n + (n - 1)] }
        var i = n - 1
        while i > 0 {
            var scale = 0.0
            var h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
                e[i] = d[i - 1]
                for j in 0..<i {
                    d[j] = V[j * n + (i - 1)]
                    V[j * n + i] = 0
                    V[i * n + j] = 0
                }
            } else {
                for k in 0..<i {
                    d[k] /= scale
                    h += d[k] * d[k]
                }
                var f = d[i - 1]
                var g = h.squareRoot()
                if f > 0 { g = -g }
                e[i] = scale * g
                h -= f * g
                d[i - 1] = f - g
                for j in 0..<i { e[j] = 0 }
                for j in 0..<i {
                    f = d[j]
                    V[i * n + j] = f
                    let columnJ = V + j * n
                    g = e[j] + columnJ[j] * f
                    var k = j + 1
                    while k < i {
                        g += columnJ[k] * d[k]
                        e[k] += columnJ[k] * f
                        k += 1
                    }
                    e[j] = g
                }
                f = 0
                for j in 0..<i {
                    e[j] /= h
                    f += e[j] * d[j]
                }
                let hh = f / (h + h)
                for j in 0..<i { e[j] -= hh * d[j] }
                for j in 0..<i {
                    f = d[j]
                    g = e[j]
                    let columnJ = V + j * n
                    for k in j..<i {
                        columnJ[k] -= f * e[k] + g * d[k]
                    }
                    d[j] = columnJ[i - 1]
                    columnJ[i] = 0
                }
            }
            d[i] = h
            i -= 1
        }
        // Accumulate transformations.
        for i in 0..<(n - 1) {
            V[i * n + (n - 1)] = V[i * n + i]
            V[i * n + i] = 1
            let h = d[i + 1]
            let next = V + (i + 1) * n
            if h != 0 {
                for k in 0...i { d[k] = next[k] / h }
                for j in 0...i {
                    let columnJ = V + j * n
                    var g = 0.0
                    for k in 0...i { g += next[k] * columnJ[k] }
                    for k in 0...i { columnJ[k] -= g * d[k] }
                }
            }
            for k in 0...i { next[k] = 0 }
        }
        for j in 0..<n {
            d[j] = V[j * n + (n - 1)]
            V[j * n + (n - 1)] = 0
        }
        V[(n - 1) * n + (n - 1)] = 1
        e[0] = 0
    }

    /// Implicit symmetric QL iteration on the tridiagonal matrix (tql2). On return `d`
    /// holds the (unsorted) eigenvalues and the columns of `V` the eigenvectors.
    private static func diagonalize(n: Int, V: UnsafeMutablePointer<Double>,
                                    d: UnsafeMutablePointer<Double>, e: UnsafeMutablePointer<Double>) {
        for i in 1..<max(n, 1) { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0
        var tst1 = 0.0
        let eps = Double.ulpOfOne
        for l in 0..<n {
            tst1 = max(tst1, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1 {
                if abs(e[m]) <= eps * tst1 { break }
                m += 1
            }
            if m > l {
                var iteration = 0
                repeat {
                    iteration += 1
                    // Implicit shift.
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = Math.hypot(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    var i = l + 2
                    while i < n {
                        d[i] -= h
                        i += 1
                    }
                    f += h
                    // Implicit QL transformation.
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    i = m - 1
                    while i >= l {
                        c3 = c2
                        c2 = c
                        s2 = s
                        g = c * e[i]
                        h = c * p
                        r = Math.hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        // Accumulate the rotation into columns i and i+1 of V.
                        let columnI = V + i * n
                        let columnNext = V + (i + 1) * n
                        for k in 0..<n {
                            let t = columnNext[k]
                            columnNext[k] = s * columnI[k] + c * t
                            columnI[k] = c * columnI[k] - s * t
                        }
                        i -= 1
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1 && iteration < 200
            }
            d[l] += f
            e[l] = 0
        }
    }
}
