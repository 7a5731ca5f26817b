import Nabla

/// How raw samples of a domain become model inputs; stored in checkpoints.
public enum InputPreprocessing: Sendable, Codable, Equatable {
    /// Images, resized, converted and normalised.
    case image(ImagePreprocessing)
    /// Feature vectors, standardised per feature.
    case vector(VectorStandardization)
    /// Sparse feature vectors (svmlight), fed as they are.
    case sparse(SparseVectorPreprocessing)

    /// Stored as `{"image": {…}}`, `{"vector": {…}}` or `{"sparse": {…}}`; checkpoints written
    /// before format 2 nest the payload under Swift's `_0`, which is still read.
    enum CodingKeys: String, CodingKey { case image, vector, sparse }

    /// Reads a payload in either layout.
    private struct Legacy<Payload: Decodable>: Decodable {
        var payload: Payload
        enum CodingKeys: String, CodingKey { case payload = "_0" }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func payload<Payload: Decodable>(_ key: CodingKeys, as type: Payload.Type) throws -> Payload? {
            guard container.contains(key) else { return nil }
            if let legacy = try? container.decode(Legacy<Payload>.self, forKey: key) { return legacy.payload }
            return try container.decode(Payload.self, forKey: key)
        }
        if let image = try payload(.image, as: ImagePreprocessing.self) {
            self = .image(image)
        } else if let vector = try payload(.vector, as: VectorStandardization.self) {
            self = .vector(vector)
        } else if container.contains(.sparse) {
            self = .sparse(try container.decode(SparseVectorPreprocessing.self, forKey: .sparse))
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "preprocessing is neither 'image', 'vector' nor 'sparse'"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .image(let image): try container.encode(image, forKey: .image)
        case .vector(let vector): try container.encode(vector, forKey: .vector)
        case .sparse(let sparse): try container.encode(sparse, forKey: .sparse)
        }
    }

    /// The shape of one model input: `[channels, height, width]` or `[features]`.
    public var inputShape: [Int] {
        switch self {
        case .image(let preprocessing): preprocessing.inputShape
        case .vector(let standardization): [standardization.mean.count]
        case .sparse(let sparse): [sparse.featureCount]
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
