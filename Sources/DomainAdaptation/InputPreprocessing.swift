import Nabla

/// How raw samples of a domain become model inputs; stored in checkpoints.
public enum InputPreprocessing: Sendable, Codable, Equatable {
    /// Images, resized, converted and normalised.
    case image(ImagePreprocessing)
    /// Feature vectors, standardised per feature.
    case vector(VectorStandardization)

    /// The shape of one model input: `[channels, height, width]` or `[features]`.
    public var inputShape: [Int] {
        switch self {
        case .image(let preprocessing): preprocessing.inputShape
        case .vector(let standardization): [standardization.mean.count]
        }
    }
}

/// Per-feature standardisation of vector data with statistics of the training data.
public struct VectorStandardization: Sendable, Codable, Equatable {
    /// Per-feature mean of the training data, subtracted first.
    public var mean: [Float]
    /// Per-feature standard deviation of the training data, divided by next (1 for a constant
    /// feature).
    public var standardDeviation: [Float]

    /// Statistics pooled over `matrices` (row-major, `featureCount` columns), each given equal weight.
    public init(fittingRowsOf matrices: [[Float]], featureCount: Int) {
        var mean = [Double](repeating: 0, count: featureCount), squares = mean
        let used = matrices.filter { !$0.isEmpty }
        for matrix in used {
            let rows = matrix.count / featureCount
            for r in 0..<rows { for f in 0..<featureCount {
                let v = Double(matrix[r * featureCount + f])
                mean[f] += v / Double(rows) / Double(used.count)
                squares[f] += v * v / Double(rows) / Double(used.count)
            } }
        }
        self.mean = mean.map { Float($0) }
        standardDeviation = zip(mean, squares).map { m, q in
            let variance = q - m * m
            return variance > 1e-12 ? Float(variance.squareRoot()) : 1
        }
    }

    /// Standardised rows as a `[rows, features]` tensor.
    public func apply(_ matrix: [Float]) -> Tensor {
        let features = mean.count, rows = matrix.count / max(features, 1)
        return Tensor(shape: [rows, features]) { out in
            for r in 0..<rows { for f in 0..<features {
                out[r * features + f] = (matrix[r * features + f] - mean[f]) / standardDeviation[f]
            } }
        }
    }
}
