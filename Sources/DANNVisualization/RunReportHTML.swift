import Foundation

extension RunReport {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The HTML page, with every picture inlined as a data URI.
    public func html(title: String) -> String {
        // Wide enough for each run's two-panel pictures to stay legible side by side.
        let width = max(1200, 760 * runs.count)
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; padding: 0 1em; max-width: \(width)px; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; vertical-align: top; }
            thead th { background: #f3f3f3; } tbody th { font-weight: normal; color: #444; background: #fafafa; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            figure.row { margin: 2em 0; } figcaption { color: #444; margin-bottom: 0.5em; max-width: 60em; }
            .runs { display: grid; grid-template-columns: repeat(\(runs.count), minmax(0, 1fr)); gap: 1em; }
            .run-name { font-weight: 600; font-size: 90%; margin-bottom: 0.3em; overflow-wrap: anywhere; }
            .runs img { width: 100%; height: auto; border: 1px solid #eee; }
            .missing { color: #888; font-style: italic; }
            </style></head><body>
            <h1>\(Self.escape(title))</h1>

            """
        page += summaryTable() + figureSections()
        return page + "</body></html>\n"
    }

    /// One column per run; numbers right-aligned.
    func summaryTable() -> String {
        var table = "<table>\n<thead><tr><th></th>" + columnNames.map { "<th scope=\"col\">\(Self.escape($0))</th>" }.joined()
        table += "</tr></thead>\n<tbody>\n"
        for row in tableRows {
            table += "<tr><th scope=\"row\">\(Self.escape(row.label))</th>"
            table += row.cells.map { "<td\($0.isNumeric ? " class=\"num\"" : "")>\(Self.escape($0.text))</td>" }.joined() + "</tr>\n"
        }
        return table + "</tbody></table>\n"
    }

    /// One `<figure>` per kind of picture: the caption, then each run's picture in its column.
    func figureSections() -> String {
        var html = ""
        for row in figureRows {
            let caption = row.kind.caption.isEmpty ? row.kind.name : row.kind.caption
            html += "<figure class=\"row\" id=\"\(Self.escape(row.kind.name))\"><figcaption><strong>\(Self.escape(row.kind.title)).</strong> \(Self.escape(caption))</figcaption>\n"
            html += "<div class=\"runs\">\n"
            for (index, files) in row.files.enumerated() {
                html += "<div><div class=\"run-name\">\(Self.escape(columnNames[index]))</div>"
                if let image = Self.imageTag(directory: runs[index].directory, files: files, alt: "\(row.kind.title), \(columnNames[index])") {
                    html += image
                } else {
                    html += "<div class=\"missing\">no \(Self.escape(row.kind.name)) picture in this run</div>"
                }
                html += "</div>\n"
            }
            html += "</div></figure>\n"
        }
        return html
    }

    /// The SVG when there is one (crisp at any zoom), else the PNG; as an `<img>` data URI so that the figures'
    /// internal ids cannot collide in one page.
    static func imageTag(directory: String, files: [String], alt: String) -> String? {
        let svg = files.first { $0.lowercased().hasSuffix(".svg") }, png = files.first { $0.lowercased().hasSuffix(".png") }
        for (file, type) in [(svg, "svg+xml"), (png, "png")] {
            guard let file, let data = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
            return "<img alt=\"\(Self.escape(alt))\" src=\"data:image/\(type);base64,\(data.base64EncodedString())\">"
        }
        return nil
    }
}
