import Foundation

extension RunReport {
    /// The Markdown twin; pictures are linked relative to `reportDirectory`.
    ///
    /// Markdown aligns whole columns only: the run columns are right-aligned, as most of their cells are numbers; the
    /// source text is padded so that it reads aligned too (text left, numbers right).
    public func markdown(title: String, reportDirectory: String) -> String {
        var text = "# \(title)\n\n" + markdownTable()
        for row in figureRows {
            text += "\n## \(row.kind.title)\n\n"
            if !row.kind.caption.isEmpty { text += row.kind.caption + "\n\n" }
            text += "| " + columnNames.map(Self.escapeMarkdown).joined(separator: " | ") + " |\n"
            text += "|" + String(repeating: "---|", count: runs.count) + "\n"
            let cells = zip(runs, row.files).enumerated().map { index, pair -> String in
                // PNG first: every Markdown viewer shows it.
                let (run, files) = pair
                guard let file = files.first(where: { $0.lowercased().hasSuffix(".png") }) ?? files.first else {
                    return "*no \(row.kind.name) picture*"
                }
                let path = Self.relativePath(from: reportDirectory, to: run.directory + "/" + file)
                // Angle brackets keep a path with spaces or parentheses one link target.
                let target = path.contains(where: { " ()".contains($0) }) ? "<\(path)>" : path
                return "![\(Self.escapeMarkdown(row.kind.title + ", " + columnNames[index]))](\(target))"
            }
            text += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// The summary table, each column padded to its widest cell.
    func markdownTable() -> String {
        let rows = tableRows.map { row in (Self.escapeMarkdown(row.label), row.cells.map { ReportCell(text: Self.escapeMarkdown($0.text), isNumeric: $0.isNumeric) }) }
        let header = columnNames.map(Self.escapeMarkdown)
        let labelWidth = max(3, rows.map(\.0.count).max() ?? 0)
        let widths = header.indices.map { column in max(4, ([header[column]] + rows.map { $0.1[column].text }).map(\.count).max()!) }
        func pad(_ text: String, _ width: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return right ? fill + text : text + fill
        }
        var table = "| " + pad("", labelWidth, right: false) + " | "
            + zip(header, widths).map { pad($0, $1, right: false) }.joined(separator: " | ") + " |\n"
        table += "|" + String(repeating: "-", count: labelWidth + 2) + "|"
            + widths.map { String(repeating: "-", count: $0 + 1) + ":|" }.joined() + "\n"
        for (label, cells) in rows {
            table += "| " + pad(label, labelWidth, right: false) + " | "
                + zip(cells, widths).map { pad($0.text, $1, right: $0.isNumeric) }.joined(separator: " | ") + " |\n"
        }
        return table
    }

    static func escapeMarkdown(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// `file` relative to the folder `base`.
    static func relativePath(from base: String, to file: String) -> String {
        let from = URL(fileURLWithPath: base).standardizedFileURL.pathComponents
        let target = URL(fileURLWithPath: file).standardizedFileURL.pathComponents
        var common = 0
        while common < min(from.count, target.count - 1) && from[common] == target[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + target[common...]).joined(separator: "/")
    }
}
