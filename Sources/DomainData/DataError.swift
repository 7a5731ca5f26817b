/// Every error the data layer reports to a user.
///
/// `description` is always a single line that names the file (or URL / dataset)
/// and the problem, e.g.
/// `mnist/train-images-idx3-ubyte.gz: IDX data is truncated: header promises 47040000 bytes, file has 1200`.
/// Nothing in this module traps on malformed input; it throws one of these instead.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file or directory does not exist.
    case notFound(file: String)
    /// An operating-system level read/write failure (permissions, disk full, ...).
    case io(file: String, reason: String)
    /// The gzip/zlib stream is corrupt or truncated.
    case gzip(file: String, reason: String)
    /// The IDX container is malformed (bad magic, unsupported type, size mismatch, ...).
    case idx(file: String, reason: String)
    /// The PNG image could not be decoded.
    case png(file: String, reason: String)
    /// The JPEG image could not be decoded (or is CMYK, which is refused).
    case jpeg(file: String, reason: String)
    /// A CSV cell or row is malformed. `line` and `column` are 1-based; `column` may be unknown.
    case csv(file: String, line: Int, column: Int?, reason: String)
    /// A line of a text format other than CSV (svmlight/libsvm) is malformed; `line` is 1-based.
    case text(file: String, line: Int, reason: String)
    /// The data decoded fine but is not a valid dataset (label/image count mismatch, bad label, ...).
    case invalidDataset(file: String, reason: String)
    /// A named dataset could not be located; `searched` lists every place that was tried.
    case datasetNotFound(name: String, searched: [String])
    /// A file's SHA-256 digest differs from the expected one.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// A checksum list line is malformed (`line` is 1-based).
    case checksumList(file: String, line: Int, reason: String)
    /// A download failed (connection problem, HTTP status, ...).
    case download(url: String, reason: String)
    /// A caller passed an argument that cannot work (e.g. building MNIST-M with no photos).
    case invalidArgument(String)

    /// The single-line, user-facing message.
    public var description: String {
        let text: String
        switch self {
        case .notFound(let file):
            text = "\(file): no such file or directory"
        case .io(let file, let reason):
            text = "\(file): \(reason)"
        case .gzip(let file, let reason):
            text = "\(file): gzip data is invalid: \(reason)"
        case .idx(let file, let reason):
            text = "\(file): \(reason)"
        case .png(let file, let reason):
            text = "\(file): cannot decode PNG: \(reason)"
        case .jpeg(let file, let reason):
            text = "\(file): cannot decode JPEG: \(reason)"
        case .csv(let file, let line, let column, let reason):
            if let column {
                text = "\(file): line \(line), column \(column): \(reason)"
            } else {
                text = "\(file): line \(line): \(reason)"
            }
        case .text(let file, let line, let reason):
            text = "\(file): line \(line): \(reason)"
        case .invalidDataset(let file, let reason):
            text = "\(file): \(reason)"
        case .datasetNotFound(let name, let searched):
            let places = searched.isEmpty ? "nowhere (no search roots)" : searched.joined(separator: ", ")
            text = "dataset '\(name)' not found; looked in: \(places); give --data-dir DIR, set DANN_DATA_DIR, or fetch it with 'dann data download'"
        case .checksumMismatch(let file, let expected, let actual):
            text = "\(file): SHA-256 mismatch: expected \(expected), got \(actual)"
        case .checksumList(let file, let line, let reason):
            text = "\(file): line \(line): \(reason)"
        case .download(let url, let reason):
            text = "\(url): download failed: \(reason)"
        case .invalidArgument(let reason):
            text = reason
        }
        return DataError.singleLine(text)
    }

    /// Collapses any line breaks so a message always prints as one line.
    static func singleLine(_ text: String) -> String {
        guard text.contains(where: { $0.isNewline }) else { return text }
        return text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
    }
}
