/// How svmlight/libsvm feature indices are read.
///
/// The rules, for every command (one line each in `docs/guide.md`):
/// - A line is `LABEL INDEX:VALUE INDEX:VALUE … [# comment]`, fields separated by spaces or tabs;
///   blank lines and lines starting with `#` are skipped; CRLF line ends are accepted.
/// - Labels are integers. A file that uses −1 is binary: its labels must be −1 or +1 and become
///   0 and 1 (libsvm's convention; +1 is class 1 either way). Otherwise labels are class indices
///   0, 1, 2, … used as they are.
/// - Indices are 1-based (libsvm) or 0-based (scikit-learn's `dump_svmlight_file(zero_based=True)`,
///   the DANN authors' Amazon files). ``indexBase`` nil detects it: 0-based when index 0 occurs in
///   any of the files read together (a domain's train and test files), 1-based otherwise.
/// - Within a line, indices must be strictly increasing (unsorted or repeated indices are an error,
///   as in scikit-learn's loader: a repeated index has no agreed meaning); values must be finite.
/// - The dimension is ``featureCount`` when given (a larger index is an error), else the largest
///   index seen in the files read together.
public struct SVMLightOptions: Sendable, Equatable {
    /// 0 or 1; nil detects it from the files.
    public var indexBase: Int?
    /// The feature dimension; nil takes the largest index seen.
    public var featureCount: Int?

    /// Detect the base, take the dimension from the files.
    public init(indexBase: Int? = nil, featureCount: Int? = nil) {
        self.indexBase = indexBase
        self.featureCount = featureCount
    }
}

/// Whether `path` names an svmlight/libsvm file by its extension (`.svmlight`, `.libsvm`,
/// `.svm`, each optionally `.gz`).
public func isSVMLightPath(_ path: String) -> Bool {
    var name = path.lowercased()
    if name.hasSuffix(".gz") { name.removeLast(3) }
    return [".svmlight", ".libsvm", ".svm"].contains { name.hasSuffix($0) }
}

/// Loads svmlight files that belong together (a domain's train and test files) with one index
/// base and one dimension (see ``SVMLightOptions``); gzip files are decompressed.
/// - Returns: One dataset per path, in order; each records the index base it was read with.
public func loadSVMLight(paths: [String], options: SVMLightOptions = .init()) throws -> [SparseDataset] {
    try resolveSVMLight(paths.map { try SVMLightText.parse(readMaybeCompressedFile($0), file: $0) }, options: options)
}

/// Parses one svmlight/libsvm file (see ``SVMLightOptions`` for the rules).
public func parseSVMLight(_ bytes: [UInt8], file: String, options: SVMLightOptions = .init()) throws -> SparseDataset {
    try resolveSVMLight([SVMLightText.parse(bytes, file: file)], options: options)[0]
}

/// Decides the index base and dimension of files read together and builds their datasets.
func resolveSVMLight(_ texts: [SVMLightText], options: SVMLightOptions) throws -> [SparseDataset] {
    if let base = options.indexBase, base != 0 && base != 1 { throw DataError.invalidArgument("the svmlight index base must be 0 or 1, got \(base)") }
    if let count = options.featureCount, count <= 0 || count > SparseDataset.maximumFeatureCount {
        throw DataError.invalidArgument("the svmlight feature count must be in 1…\(SparseDataset.maximumFeatureCount), got \(count)")
    }
    let base = options.indexBase ?? (texts.contains { $0.smallestIndex == 0 } ? 0 : 1)
    let largest = texts.map(\.largestIndex).max() ?? -1
    let featureCount = options.featureCount ?? max(1, largest - base + 1)
    return try texts.map { text in
        if text.smallestIndex < base || text.largestIndex - base >= featureCount {
            // Find the first offending line for the message.
            for row in 0 ..< text.lines.count {
                for index in text.indices[text.rowOffsets[row] ..< text.rowOffsets[row + 1]] where index < base || index - base >= featureCount {
                    let reason = index < base
                        ? "feature index \(index) in a file read as 1-based (0-based indices need --index-base 0)"
                        : "feature index \(index) is beyond the \(featureCount) features (\(base)-based indices\(options.featureCount == nil ? "" : ", --features \(featureCount)"))"
                    throw DataError.text(file: text.file, line: text.lines[row], reason: reason)
                }
            }
        }
        var dataset = try SparseDataset(name: FileIO.baseName(text.file), featureCount: featureCount, rowOffsets: text.rowOffsets,
                                        columnIndices: text.indices.map { Int32($0 - base) }, values: text.values, labels: text.labels)
        dataset.indexBase = base
        return dataset
    }
}

/// One svmlight file as written: indices not yet shifted by the base.
struct SVMLightText {
    var file: String
    var rowOffsets = [0]
    var indices: [Int] = []
    var values: [Float] = []
    var labels: [Int] = []
    /// The 1-based line of each row, for messages.
    var lines: [Int] = []
    var smallestIndex = Int.max
    var largestIndex = -1

    /// Splits `bytes` into rows; every error names the file and line.
    static func parse(_ bytes: [UInt8], file: String) throws -> SVMLightText {
        var text = SVMLightText(file: file)
        var rawLabels: [Int] = []
        try bytes.withUnsafeBufferPointer { buffer in
            var start = 0, lineNumber = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != UInt8(ascii: "\n") { end += 1 }
                lineNumber += 1
                var lineEnd = end
                // A comment runs to the end of the line.
                if let hash = buffer[start..<end].firstIndex(of: UInt8(ascii: "#")) { lineEnd = hash }
                let fields = splitFields(UnsafeBufferPointer(rebasing: buffer[start..<lineEnd]))
                start = end + 1
                guard let labelField = fields.first else { continue }
                func fail(_ reason: String) -> DataError { .text(file: file, line: lineNumber, reason: reason) }
                guard let label = Double(String(decoding: labelField, as: UTF8.self)), label.isFinite, label == label.rounded(), abs(label) < 1e9 else {
                    throw fail("label '\(String(decoding: labelField.prefix(40), as: UTF8.self))' is not an integer (−1/+1 or a class index)")
                }
                rawLabels.append(Int(label))
                var previous = -1
                for field in fields.dropFirst() {
                    guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else {
                        throw fail("'\(String(decoding: field.prefix(40), as: UTF8.self))' is not INDEX:VALUE")
                    }
                    let indexBytes = UnsafeBufferPointer(rebasing: field[field.startIndex..<colon])
                    let valueBytes = UnsafeBufferPointer(rebasing: field[(colon + 1)...])
                    if String(decoding: indexBytes, as: UTF8.self) == "qid" { throw fail("qid (ranking) fields are not supported") }
                    guard let index = parseIndex(indexBytes) else {
                        throw fail("'\(String(decoding: indexBytes.prefix(40), as: UTF8.self))' is not a feature index (digits, at most \(SparseDataset.maximumFeatureCount))")
                    }
                    guard index > previous else {
                        throw fail("feature index \(index) follows \(previous): indices must be strictly increasing within a line")
                    }
                    guard let value = parseValue(valueBytes), value.isFinite else {
                        throw fail("value '\(String(decoding: valueBytes.prefix(40), as: UTF8.self))' of feature \(index) is not a finite number")
                    }
                    previous = index
                    text.indices.append(index)
                    text.values.append(value)
                    text.smallestIndex = min(text.smallestIndex, index)
                    text.largestIndex = max(text.largestIndex, index)
                }
                text.rowOffsets.append(text.indices.count)
                text.lines.append(lineNumber)
            }
        }
        guard !text.lines.isEmpty else { throw DataError.invalidDataset(file: file, reason: "svmlight file has no rows") }
        // −1 makes the file binary: −1/+1 → 0/1; otherwise labels are class indices.
        let binary = rawLabels.contains(-1)
        for (row, label) in rawLabels.enumerated() where binary ? (label != -1 && label != 1) : label < 0 {
            throw DataError.text(file: file, line: text.lines[row], reason: binary
                ? "label \(label) in a file with label −1: binary files use −1 and +1 only"
                : "label \(label) is negative (labels are −1/+1 or class indices 0, 1, 2, …)")
        }
        text.labels = binary ? rawLabels.map { $0 == 1 ? 1 : 0 } : rawLabels
        return text
    }

    /// The space- or tab-separated fields of a line.
    static func splitFields(_ line: UnsafeBufferPointer<UInt8>) -> [Slice<UnsafeBufferPointer<UInt8>>] {
        var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
        var i = 0
        while i < line.count {
            while i < line.count && isSpace(line[i]) { i += 1 }
            let start = i
            while i < line.count && !isSpace(line[i]) { i += 1 }
            if i > start { fields.append(line[start..<i]) }
        }
        return fields
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 || byte == 11 || byte == 12 }

    /// Decimal digits only, at most ``SparseDataset/maximumFeatureCount``.
    static func parseIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value <= SparseDataset.maximumFeatureCount ? value : nil
    }

    /// A number; small non-negative integers (word counts) take a fast path.
    static func parseValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Float? {
        guard !bytes.isEmpty else { return nil }
        if bytes.count <= 7 && bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            return Float(bytes.reduce(0) { $0 * 10 + Int($1 - 48) })
        }
        guard bytes.count <= 64 else { return nil }
        return Float(String(decoding: bytes, as: UTF8.self))
    }
}
