/// Per-feature standardisation (z-scores) estimated on training data.
struct FeatureStandardizer: Sendable {
    /// Per-feature mean.
    let mean: [Double]
    /// Per-feature population standard deviation; 1 where a feature is constant.
    let scale: [Double]

    /// Estimates mean and standard deviation of every column of `data`.
    init(fitting data: FeatureMatrix) {
        let n = data.rows, dim = data.columns
        var mean = [Double](repeating: 0, count: dim)
        var squares = [Double](repeating: 0, count: dim)
        data.values.withUnsafeBufferPointer { x in
            for r in 0..<n {
                for c in 0..<dim { mean[c] += Double(x[r * dim + c]) }
            }
            if n > 0 { for c in 0..<dim { mean[c] /= Double(n) } }
            for r in 0..<n {
                for c in 0..<dim {
                    let t = Double(x[r * dim + c]) - mean[c]
                    squares[c] += t * t
                }
            }
        }
        self.mean = mean
        self.scale = squares.map { sum in
            let deviation = n > 0 ? (sum / Double(n)).squareRoot() : 0
            return deviation > 1e-12 ? deviation : 1
        }
    }

    /// The identity transform for `dimension` features.
    init(identityFor dimension: Int) {
        mean = [Double](repeating: 0, count: dimension)
        scale = [Double](repeating: 1, count: dimension)
    }

    /// `(x - mean) / scale`, row-major `Double`.
    func apply(_ data: FeatureMatrix) -> [Double] {
        precondition(data.columns == mean.count, "standardiser dimension mismatch")
        let dim = data.columns
        var out = [Double](repeating: 0, count: data.values.count)
        for r in 0..<data.rows {
            for c in 0..<dim {
                out[r * dim + c] = (Double(data.values[r * dim + c]) - mean[c]) / scale[c]
            }
        }
        return out
    }
}
