/// Which CSV column holds the class label.
public enum CSVLabelColumn: Sendable, Equatable {
    /// One rule for every command: with a header of names, the column named `label`
    /// (case-insensitive), and no label at all when there is none (the file is unlabelled;
    /// an error unless `labelsOptional`); without a header (or with pandas' `0,1,2,…`), the
    /// last column.
    case automatic
    /// The column with this header name (requires a header).
    case named(String)
    /// The column at this 0-based index; negative values count from the end (-1 = last).
    case index(Int)
    /// No label column: every column is a feature.
    case none
}

/// Loads a CSV file of numeric features (see `parseCSV`).
public func loadCSV(path: String, labelColumn: CSVLabelColumn = .automatic, hasHeader: Bool? = nil,
                    labelsOptional: Bool = false, delimiter: Character = ",") throws -> VectorDataset {
    try parseCSV(readMaybeCompressedFile(path), file: path, labelColumn: labelColumn,
                 hasHeader: hasHeader, labelsOptional: labelsOptional, delimiter: delimiter)
}

/// Parses CSV text into a `VectorDataset`.
///
/// - Blank lines and lines starting with `#` are skipped; `\r\n` line ends are accepted.
/// - Cells may be double-quoted (`""` inside quotes is a literal quote); lines may end in LF or
///   CRLF; a leading UTF-8 byte-order mark is skipped.
/// - `hasHeader: nil` auto-detects: the first row is a header if any non-empty cell is not a
///   number, or if it is `0,1,2,…` (what pandas writes for unnamed columns).
/// - Every row must have the same number of cells; every feature must be a finite number;
///   labels must be non-negative integers (`3` or `3.0`). Errors name the file, line and column.
/// - `labelsOptional`: a missing label column (named column absent, index out of range,
///   or `.automatic` with a header lacking `label`) yields an unlabelled dataset instead of an error.
public func parseCSV(_ bytes: [UInt8], file: String, labelColumn: CSVLabelColumn = .automatic,
                     hasHeader: Bool? = nil, labelsOptional: Bool = false,
                     delimiter: Character = ",") throws -> VectorDataset {
    guard let delimiterByte = delimiter.asciiValue, delimiterByte != UInt8(ascii: "\"") else {
        throw DataError.invalidArgument("CSV delimiter must be a single ASCII character other than '\"'")
    }
    var rows: [(line: Int, cells: [String])] = []
    try bytes.withUnsafeBufferPointer { buffer in
        var lineNumber = 0
        // A UTF-8 byte-order mark (what spreadsheet programs write) is not part of the first cell.
        var start = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start <= buffer.count {
            var end = start
            while end < buffer.count && buffer[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: buffer[start..<lineEnd])
            let isBlank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if !isBlank && line.first != UInt8(ascii: "#") {
                rows.append((lineNumber, try splitCSVLine(line, delimiter: delimiterByte, file: file, line: lineNumber)))
            }
            start = end + 1
        }
    }
    guard let first = rows.first else {
        throw DataError.invalidDataset(file: file, reason: "CSV file has no rows")
    }
    let header: [String]?
    switch hasHeader {
    case .some(true): header = first.cells
    case .some(false): header = nil
    case .none:
        // A header has a cell that is not a number, or is pandas' names for unnamed columns:
        // 0, 1, 2, … (a data row exactly so is taken for a header; say hasHeader to override).
        header = isPandasDefault(first.cells) || first.cells.contains(where: { !$0.isEmpty && parseNumber($0) == nil }) ? first.cells : nil
    }
    let dataRows = header == nil ? rows[...] : rows.dropFirst()
    let columnCount = first.cells.count

    // Decide the label column.
    var labelIndex: Int?
    switch labelColumn {
    case .none:
        labelIndex = nil
    case .automatic:
        if let header, !isPandasDefault(header) {
            labelIndex = header.firstIndex(where: { $0.lowercased() == "label" })
            if labelIndex == nil && !labelsOptional {
                throw DataError.csv(file: file, line: first.line, column: nil,
                                    reason: "labels are needed, but its header has no 'label' column, which makes it unlabelled (name the label column 'label')")
            }
        } else {
            labelIndex = columnCount - 1
        }
    case .named(let name):
        guard let header else {
            throw DataError.csv(file: file, line: first.line, column: nil, reason: "label column '\(name)' requested but the file has no header row")
        }
        if let i = header.firstIndex(of: name) {
            labelIndex = i
        } else if !labelsOptional {
            throw DataError.csv(file: file, line: first.line, column: nil, reason: "header has no column named '\(name)' (columns: \(header.joined(separator: ", ")))")
        }
    case .index(let i):
        let resolved = i < 0 ? columnCount + i : i
        if (0..<columnCount).contains(resolved) {
            labelIndex = resolved
        } else if !labelsOptional {
            throw DataError.csv(file: file, line: first.line, column: nil, reason: "label column index \(i) is out of range for \(columnCount) columns")
        }
    }
    let featureCount = columnCount - (labelIndex == nil ? 0 : 1)
    guard featureCount > 0 else {
        throw DataError.csv(file: file, line: first.line, column: nil, reason: "no feature columns (only a label column)")
    }
    guard !dataRows.isEmpty else {
        throw DataError.invalidDataset(file: file, reason: "CSV file has a header but no data rows")
    }

    var features: [Float] = []
    features.reserveCapacity(dataRows.count * featureCount)
    var labels: [Int] = []
    if labelIndex != nil { labels.reserveCapacity(dataRows.count) }
    for row in dataRows {
        guard row.cells.count == columnCount else {
            throw DataError.csv(file: file, line: row.line, column: nil, reason: "row has \(row.cells.count) columns, expected \(columnCount) like line \(first.line)")
        }
        for (c, cell) in row.cells.enumerated() {
            if c == labelIndex {
                guard let value = parseNumber(cell), value >= 0, value == value.rounded(), value < 1e9 else {
                    throw DataError.csv(file: file, line: row.line, column: c + 1, reason: "label '\(cell)' is not a non-negative integer")
                }
                labels.append(Int(value))
            } else {
                guard !cell.isEmpty else {
                    throw DataError.csv(file: file, line: row.line, column: c + 1, reason: "empty cell")
                }
                guard let value = parseNumber(cell).map(Float.init), value.isFinite else {
                    throw DataError.csv(file: file, line: row.line, column: c + 1, reason: "'\(cell)' is not a finite number")
                }
                features.append(value)
            }
        }
    }
    let names = header.map { h in h.enumerated().filter { $0.offset != labelIndex }.map(\.element) }
    return try VectorDataset(name: FileIO.baseName(file), featureCount: featureCount, features: features,
                             labels: labelIndex == nil ? nil : labels, featureNames: names, file: file)
}

/// A number cell, or `nil`.
private func parseNumber(_ cell: String) -> Double? {
    guard !cell.isEmpty else { return nil }
    return Double(cell)
}

/// Splits one CSV line into trimmed cells, honouring double quotes.
private func splitCSVLine(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String, line lineNumber: Int) throws -> [String] {
    let quote = UInt8(ascii: "\"")
    var cells: [String] = []
    var i = 0
    while true {
        // Skip leading spaces.
        while i < line.count && (line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t")) && line[i] != delimiter { i += 1 }
        if i < line.count && line[i] == quote {
            var value: [UInt8] = []
            i += 1
            var closed = false
            while i < line.count {
                if line[i] == quote {
                    if i + 1 < line.count && line[i + 1] == quote {
                        value.append(quote)
                        i += 2
                        continue
                    }
                    closed = true
                    i += 1
                    break
                }
                value.append(line[i])
                i += 1
            }
            guard closed else {
                throw DataError.csv(file: file, line: lineNumber, column: cells.count + 1, reason: "unterminated quoted cell")
            }
            while i < line.count && line[i] != delimiter {
                guard line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t") else {
                    throw DataError.csv(file: file, line: lineNumber, column: cells.count + 1, reason: "unexpected text after a quoted cell")
                }
                i += 1
            }
            cells.append(String(decoding: value, as: UTF8.self))
        } else {
            let start = i
            while i < line.count && line[i] != delimiter { i += 1 }
            var end = i
            while end > start && (line[end - 1] == UInt8(ascii: " ") || line[end - 1] == UInt8(ascii: "\t")) { end -= 1 }
            cells.append(String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self))
        }
        if i >= line.count { return cells }
        i += 1  // skip the delimiter
    }
}

/// pandas' names for unnamed columns, `0,1,2,…`: a header that names nothing.
func isPandasDefault(_ cells: [String]) -> Bool {
    cells.count > 1 && cells.enumerated().allSatisfy { $0.element == String($0.offset) }
}
