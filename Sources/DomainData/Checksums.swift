/// One entry of a `sha256sum`-format list.
public struct ChecksumEntry: Sendable, Equatable {
    /// Expected lowercase hex digest.
    public let sha256: String
    /// The file name as written in the list (relative to the list's root).
    public let file: String
}

/// The outcome of checking one file.
public struct ChecksumResult: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case ok
        case mismatch
        case missing
    }

    /// The file name as written in the list.
    public let file: String
    /// The full path that was checked.
    public let path: String
    /// Expected lowercase hex digest.
    public let expected: String
    /// Actual digest, `nil` when the file is missing.
    public let actual: String?
    public let status: Status

    /// Whether the file exists and matches.
    public var ok: Bool { status == .ok }

    /// One line: "mnist/x.gz: OK", "...: MISMATCH (expected …, got …)", "...: MISSING".
    public var summary: String {
        switch status {
        case .ok: return "\(file): OK"
        case .mismatch: return "\(file): MISMATCH (expected \(expected), got \(actual ?? "?"))"
        case .missing: return "\(file): MISSING"
        }
    }
}

/// Parses `sha256sum` output: `HEX  NAME` (text mode) or `HEX *NAME` (binary mode)
/// per line. Blank lines and `#` comments are skipped; anything else malformed throws.
public func parseChecksumList(_ bytes: [UInt8], file: String) throws -> [ChecksumEntry] {
    let text = String(decoding: bytes, as: UTF8.self)
    var entries: [ChecksumEntry] = []
    var lineNumber = 0
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
        lineNumber += 1
        let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
        if line.isEmpty || line.hasPrefix("#") { continue }
        let hash = line.prefix(while: { $0.isHexDigit })
        guard hash.count == 64 else {
            throw DataError.checksumList(file: file, line: lineNumber, reason: "expected a 64-digit hex SHA-256 at the start of the line")
        }
        var rest = line.dropFirst(64)
        guard rest.first == " " else {
            throw DataError.checksumList(file: file, line: lineNumber, reason: "expected 'HASH  FILE' (two spaces, or space and '*')")
        }
        rest = rest.dropFirst()
        if rest.first == " " || rest.first == "*" { rest = rest.dropFirst() }
        guard !rest.isEmpty else {
            throw DataError.checksumList(file: file, line: lineNumber, reason: "missing file name after the hash")
        }
        entries.append(ChecksumEntry(sha256: hash.lowercased(), file: String(rest)))
    }
    return entries
}

/// Verifies every file listed in a `sha256sum`-format file (e.g. `data/SHA256SUMS`).
///
/// - Parameters:
///   - sumsFile: the checksum list.
///   - root: directory the listed names are relative to; defaults to the list's directory.
/// - Returns: one result per listed file, in list order. Missing or mismatching
///   files are reported in the results, not thrown; only an unreadable or malformed
///   list (or an I/O error on an existing file) throws.
public func verifyChecksums(sumsFile: String, root: String? = nil) throws -> [ChecksumResult] {
    let entries = try parseChecksumList(FileIO.readFile(sumsFile), file: sumsFile)
    let base: String
    if let root {
        base = root
    } else if let slash = sumsFile.lastIndex(of: "/") {
        base = String(sumsFile[..<slash])
    } else {
        base = "."
    }
    return try entries.map { entry in
        let path = FileIO.join(base.isEmpty ? "/" : base, entry.file)
        guard FileIO.isFile(path) else {
            return ChecksumResult(file: entry.file, path: path, expected: entry.sha256, actual: nil, status: .missing)
        }
        let actual = try SHA256.hexDigest(ofFile: path)
        return ChecksumResult(file: entry.file, path: path, expected: entry.sha256, actual: actual,
                              status: actual == entry.sha256 ? .ok : .mismatch)
    }
}

/// Throws `DataError.checksumMismatch` unless the file's SHA-256 equals `expectedSHA256` (hex, any case).
public func verifyFile(_ path: String, expectedSHA256: String) throws {
    let actual = try SHA256.hexDigest(ofFile: path)
    let expected = expectedSHA256.lowercased()
    guard actual == expected else {
        throw DataError.checksumMismatch(file: path, expected: expected, actual: actual)
    }
}
