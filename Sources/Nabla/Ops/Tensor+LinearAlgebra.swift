/// The matrix product `lhs · rhs` of `[m, k]` and `[k, n]` matrices, through BLAS sgemm.
public func matmul(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
    matmul(lhs, transposed: false, rhs, transposed: false)
}

/// The matrix product with either operand optionally transposed (without copying it).
public func matmul(_ lhs: Tensor, transposed transposeLHS: Bool, _ rhs: Tensor, transposed transposeRHS: Bool) -> Tensor {
    precondition(lhs.rank == 2 && rhs.rank == 2, "matmul: expected two matrices, got shapes \(lhs.shape) and \(rhs.shape)")
    let m = transposeLHS ? lhs.shape[1] : lhs.shape[0]
    let k = transposeLHS ? lhs.shape[0] : lhs.shape[1]
    let k2 = transposeRHS ? rhs.shape[1] : rhs.shape[0]
    let n = transposeRHS ? rhs.shape[0] : rhs.shape[1]
    precondition(k == k2, "matmul: inner dimensions differ: shapes \(lhs.shape)\(transposeLHS ? "ᵀ" : "") and \(rhs.shape)\(transposeRHS ? "ᵀ" : "")")
    FlopCounter.add(2 * Double(m) * Double(n) * Double(k))
    let result = lhs.withUnsafeBufferPointer { a in
        rhs.withUnsafeBufferPointer { b in
            Tensor.build(shape: [m, n]) { c in
                BLAS.gemm(transposeA: transposeLHS, transposeB: transposeRHS, m: m, n: n, k: k,
                          a: a.baseAddress!, lda: lhs.shape[1], b: b.baseAddress!, ldb: rhs.shape[1],
                          c: c, ldc: n)
            }
        }
    }
    return Tensor.recording(result, from: [lhs, rhs], name: "matmul") { upstream, needs in
        // d(lhs) = upstream · op(rhs)ᵀ, laid out as lhs; d(rhs) = op(lhs)ᵀ · upstream, laid out as rhs.
        let dl: Tensor? = !needs[0] ? nil : transposeLHS
            ? matmul(rhs, transposed: transposeRHS, upstream, transposed: true)
            : matmul(upstream, transposed: false, rhs, transposed: !transposeRHS)
        let dr: Tensor? = !needs[1] ? nil : transposeRHS
            ? matmul(upstream, transposed: true, lhs, transposed: transposeLHS)
            : matmul(lhs, transposed: !transposeLHS, upstream, transposed: false)
        return [dl, dr]
    }
}
