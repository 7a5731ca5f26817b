import Foundation

/// A self-contained HTML page (pictures embedded as SVG where a run has them, viewable offline) and a Markdown twin that
/// present one or several run folders side by side: the summary table and every picture.
public struct RunReport {
    /// One run folder as read from disk.
    public struct Run {
        public var directory: String
        public var summary: [String: Any]
        public var pictures: [String]
    }

    public var runs: [Run]

    /// The summary fields shown as table rows, in this order, when present in any run.
    static let rows: [(key: String, label: String)] = [
        ("experiment", "experiment"), ("method", "method"), ("trade_off", "trade-off λ"), ("source", "source"), ("target", "target"),
        ("steps", "steps"), ("batch_size", "batch per domain"), ("seed", "seed"), ("threads", "threads"),
        ("reported_model", "reported model"),
        ("source_test_accuracy", "source test accuracy"), ("target_test_accuracy", "target test accuracy"),
        ("final_iterate_source_test_accuracy", "final iterate: source test accuracy"),
        ("final_iterate_target_test_accuracy", "final iterate: target test accuracy"),
        ("source_only_target_accuracy", "plain network: target accuracy"), ("dann_target_accuracy", "DANN: target accuracy"),
        ("proxy_a_distance", "proxy A-distance"), ("compared_model_proxy_a_distance", "proxy A-distance of compared model"),
        ("wall_seconds", "wall time (s)"),
    ]

    /// The method's logged terms at the end of training (`final_metrics` of summary.json), as rows:
    /// every loss term and DANN's domain accuracy, whichever the runs' methods log.
    var termRows: [(label: String, cells: [String])] {
        let finals = runs.map { ($0.summary["last_logged_interval"] ?? $0.summary["final_metrics"]) as? [String: Any] ?? [:] }
        let keys = Set(finals.flatMap(\.keys)).filter { $0.hasSuffix("_loss") || $0 == "domain_accuracy" }.sorted()
        return keys.map { key in ("last interval: " + key.replacingOccurrences(of: "_", with: " "), finals.map { cell($0[key]) }) }
    }

    /// Reads `summary.json` and the PNG files of each folder.
    public init(directories: [String]) throws {
        runs = try directories.map { directory in
            let path = directory + "/summary.json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ReportError(description: "\(path): no such file (is \(directory) a dann run folder?)")
            }
            guard let summary = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ReportError(description: "\(path): not a JSON object")
            }
            let pictures = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.lowercased().hasSuffix(".png") }.sorted()
            return Run(directory: directory, summary: summary, pictures: pictures)
        }
    }

    func cell(_ value: Any?) -> String {
        switch value {
        case let number as NSNumber:
            number.doubleValue.rounded() == number.doubleValue && abs(number.doubleValue) < 1e15
                ? String(Int64(number.doubleValue)) : String(format: "%.4f", number.doubleValue)
        case let text as String: text
        // summary.json's reported_model (schema 1; older runs hold the words themselves).
        case let model as [String: Any] where model["weights"] as? String == "averaged":
            "average of the weights of steps \(cell(model["first_step"]))–\(cell(model["last_step"]))"
        case let model as [String: Any] where model["weights"] as? String == "final": "final iterate"
        case nil: "–"
        default: "…"
        }
    }

    var tableRows: [(label: String, cells: [String])] {
        Self.rows.compactMap { row in
            guard runs.contains(where: { $0.summary[row.key] != nil }) else { return nil }
            return (row.label, runs.map { cell($0.summary[row.key]) })
        } + termRows
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The HTML page, with every picture inlined as a data URI.
    public func html(title: String) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
            th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1em 0; } img { max-width: 100%; border: 1px solid #eee; } figcaption { color: #555; font-size: 90%; }
            </style></head><body>
            <h1>\(Self.escape(title))</h1>
            <table><tr><th></th>
            """
        page += runs.map { "<th>\(Self.escape(($0.directory as NSString).lastPathComponent))</th>" }.joined() + "</tr>\n"
        for row in tableRows {
            page += "<tr><th>\(Self.escape(row.label))</th>" + row.cells.map { "<td class=\"num\">\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        page += "</table>\n"
        for run in runs {
            page += "<h2>\(Self.escape(run.directory))</h2>\n"
            for picture in run.pictures {
                // The SVG twin when there is one (crisp at any zoom), else the PNG; as an <img>
                // data URI so that the figures' internal ids cannot collide in one page.
                let svg = run.directory + "/" + (picture as NSString).deletingPathExtension + ".svg"
                let (data, type): (Data?, String) = FileManager.default.fileExists(atPath: svg)
                    ? (FileManager.default.contents(atPath: svg), "svg+xml") : (FileManager.default.contents(atPath: run.directory + "/" + picture), "png")
                guard let data else { continue }
                page += "<figure><img alt=\"\(Self.escape(picture))\" src=\"data:image/\(type);base64,\(data.base64EncodedString())\">"
                page += "<figcaption>\(Self.escape(picture))</figcaption></figure>\n"
            }
        }
        return page + "</body></html>\n"
    }

    /// The Markdown twin; pictures are linked relative to `reportDirectory`.
    public func markdown(title: String, reportDirectory: String) -> String {
        var text = "# \(title)\n\n| | " + runs.map { ($0.directory as NSString).lastPathComponent }.joined(separator: " | ") + " |\n"
        text += "|---|" + String(repeating: "---|", count: runs.count) + "\n"
        for row in tableRows { text += "| \(row.label) | " + row.cells.joined(separator: " | ") + " |\n" }
        let base = URL(fileURLWithPath: reportDirectory).standardizedFileURL.pathComponents
        for run in runs {
            text += "\n## \(run.directory)\n\n"
            for picture in run.pictures {
                let target = URL(fileURLWithPath: run.directory + "/" + picture).standardizedFileURL.pathComponents
                var common = 0
                while common < min(base.count, target.count - 1) && base[common] == target[common] { common += 1 }
                let relative = Array(repeating: "..", count: base.count - common) + target[common...]
                text += "![\(picture)](\(relative.joined(separator: "/")))\n\n"
            }
        }
        return text
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public let description: String
}
