import SeededRandom
/// The exact t-SNE objective gradient in two output dimensions.
enum TSNEGradient {
    /// Computes ∂KL/∂y for every point into `gradient` (interleaved x/y, `2n` values):
    ///
    ///     ∂C/∂y_i = 4 Σ_j (α p_ij − q_ij) (1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j)
    ///
    /// with α the exaggeration factor and q_ij = w_ij / Z, w_ij = (1 + ‖y_i − y_j‖²)⁻¹,
    /// Z = Σ_{k≠l} w_kl. The sum is split as 4 (α Σ_j p_ij w_ij Δ − Z⁻¹ Σ_j w_ij² Δ) so that a
    /// single O(n²) pass over contiguous rows of P suffices and no Q matrix is stored.
    ///
    /// `scratch` must hold `4n` values (attractive and repulsive partial sums).
    /// - Returns: Z.
    @discardableResult
    static func compute(p: UnsafePointer<Double>, y: UnsafePointer<Double>, count n: Int,
                        exaggeration: Double, gradient: UnsafeMutablePointer<Double>,
                        scratch: UnsafeMutablePointer<Double>) -> Double {
        var z = 0.0
        for i in 0..<n {
            let xi = y[2 * i], yi = y[2 * i + 1]
            let pRow = p + i * n
            var zi = 0.0
            var ax = 0.0, ay = 0.0, rx = 0.0, ry = 0.0
            for j in 0..<n {
                let dx = xi - y[2 * j]
                let dy = yi - y[2 * j + 1]
                let w = 1 / (1 + dx * dx + dy * dy)
                zi += w
                let pw = pRow[j] * w
                ax += pw * dx
                ay += pw * dy
                let ww = w * w
                rx += ww * dx
                ry += ww * dy
            }
            z += zi
            scratch[4 * i] = ax
            scratch[4 * i + 1] = ay
            scratch[4 * i + 2] = rx
            scratch[4 * i + 3] = ry
        }
        // The j == i terms contributed w = 1 each to Z but nothing to the sums.
        z -= Double(n)
        let inverseZ = 1 / max(z, Double.leastNormalMagnitude)
        for i in 0..<n {
            gradient[2 * i] = 4 * (exaggeration * scratch[4 * i] - inverseZ * scratch[4 * i + 2])
            gradient[2 * i + 1] = 4 * (exaggeration * scratch[4 * i + 1] - inverseZ * scratch[4 * i + 3])
        }
        return z
    }

    /// KL(P ‖ Q) for the embedding `y` (P not exaggerated). Terms with p_ij ≤ 0 are skipped.
    static func klDivergence(p: UnsafePointer<Double>, y: UnsafePointer<Double>, count n: Int) -> Double {
        var z = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                z += 1 / (1 + dx * dx + dy * dy)
            }
        }
        var kl = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i {
                let pij = p[i * n + j]
                guard pij > 0 else { continue }
                let dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1]
                let q = max(1 / ((1 + dx * dx + dy * dy) * z), Double.ulpOfOne)
                kl += pij * Math.log(pij / q)
            }
        }
        return kl
    }
}
