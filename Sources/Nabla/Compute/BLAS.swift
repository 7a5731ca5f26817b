import CBLAS
import Synchronization

/// The only place that talks to OpenBLAS.
enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` for row-major matrices, `op` transposing when asked.
    /// `A` is `m×k` after `op`, `B` is `k×n` after `op`, `C` is `m×n`.
    @inline(__always)
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
            return
        }
        // Inside a data-parallel shard the section already holds the lock (and set one thread).
        withExclusiveBLAS {
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// OpenBLAS's thread count is process-wide, and it changes the rounding of a product. A
    /// data-parallel section sets it to 1 for its whole duration while holding this lock, and
    /// every product outside such a section takes the lock too, so none ever runs with a thread
    /// count it did not ask for (same inputs, same bits, whatever else the process is doing).
    /// The lock holds the count OpenBLAS is set to outside sections: its own choice at start (the
    /// cores, or `OPENBLAS_NUM_THREADS`), then the current ``ComputeContext``'s, set before a product
    /// when they differ.
    static let threadCountLock = Mutex(Int(openblas_get_num_threads()))

    /// Sets OpenBLAS's thread count; the caller holds ``threadCountLock``.
    static func setThreadCountLocked(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}

/// Runs `body`, which calls OpenBLAS or its LAPACK routines directly (as PCA's eigensolver does),
/// under the engine's thread-count lock: with the configured thread count, never with the one a
/// data-parallel section of another thread happens to have set, so the result repeats bit for
/// bit. Inside a data-parallel shard it runs as it is (one thread). `body` must not call the
/// engine's own matrix products (the lock is not re-entrant).
public func withExclusiveBLAS<Result>(_ body: () -> Result) -> Result {
    let context = ComputeContext.current
    if context.isInsideShard { return body() }
    return BLAS.threadCountLock.withLock { active in
        if active != context.threads { BLAS.setThreadCountLocked(context.threads); active = context.threads }
        return body()
    }
}
