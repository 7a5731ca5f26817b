/// A dataset of fixed-length feature vectors, e.g. loaded from a CSV file.
public struct VectorDataset: Sendable, Equatable, CustomStringConvertible {
    /// A short name for messages (usually the file name).
    public var name: String
    /// Number of rows (samples).
    public let count: Int
    /// Number of features per row.
    public let featureCount: Int
    /// `count × featureCount` values, row-major.
    public let features: [Float]
    /// One 0-based class label per row, or `nil` for an unlabelled dataset.
    public let labels: [Int]?
    /// Feature column names from the header, if the file had one.
    public let featureNames: [String]?
    /// The file the rows were read from, when loaded from one (named in label errors).
    public let file: String?

    /// Creates a dataset, checking sizes and labels.
    public init(name: String, featureCount: Int, features: [Float], labels: [Int]?, featureNames: [String]? = nil, file: String? = nil) throws {
        guard featureCount > 0 else {
            throw DataError.invalidDataset(file: name, reason: "feature count \(featureCount) must be positive")
        }
        guard features.count % featureCount == 0 else {
            throw DataError.invalidDataset(file: name, reason: "\(features.count) values are not a whole number of \(featureCount)-feature rows")
        }
        let count = features.count / featureCount
        if let labels {
            guard labels.count == count else {
                throw DataError.invalidDataset(file: name, reason: "label count \(labels.count) does not match row count \(count)")
            }
            if let bad = labels.firstIndex(where: { $0 < 0 }) {
                throw DataError.invalidDataset(file: name, reason: "label \(labels[bad]) of row \(bad) is negative")
            }
        }
        if let featureNames, featureNames.count != featureCount {
            throw DataError.invalidDataset(file: name, reason: "\(featureNames.count) feature names for \(featureCount) features")
        }
        self.name = name
        self.count = count
        self.featureCount = featureCount
        self.features = features
        self.labels = labels
        self.featureNames = featureNames
        self.file = file
    }

    /// Max label + 1, or `nil` when unlabelled.
    public var classCount: Int? { labels.map { ($0.max() ?? -1) + 1 } }

    /// The features of row `index` (`0..<count`).
    public func row(at index: Int) -> ArraySlice<Float> {
        features[index * featureCount ..< (index + 1) * featureCount]
    }

    public var description: String {
        let labelText = classCount.map { "\($0) classes" } ?? "unlabelled"
        return "\(name): \(count) rows x \(featureCount) features, \(labelText)"
    }
}
