import Foundation

/// A self-contained HTML page (pictures embedded as SVG where a run has them, viewable offline) and a Markdown twin that
/// present one or several run folders side by side: a summary table with one column per run, then one row of pictures
/// per kind of picture (learning curves first), each run's picture in its column.
public struct RunReport {
    /// One run folder as read from disk.
    public struct Run {
        /// The folder, as given.
        public var directory: String
        /// `summary.json`, parsed.
        public var summary: [String: Any]
        /// The picture files of the folder (PNG and SVG), sorted.
        public var pictures: [String]
    }

    /// The runs, one column each, in the order given.
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
        ("wall_seconds", "wall time"),
    ]

    /// The rows whose numbers are counts; every other number is a measure shown to 4 decimals.
    static let countKeys: Set<String> = ["steps", "batch_size", "seed", "threads"]

    /// Reads `summary.json` and the picture files of each folder.
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
                .filter { ["png", "svg"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            return Run(directory: directory, summary: summary, pictures: pictures)
        }
    }

    /// Column headers: each folder's name, with as many parent folders as it takes to tell the runs apart.
    var columnNames: [String] {
        let components = runs.map { URL(fileURLWithPath: $0.directory).standardizedFileURL.pathComponents.filter { $0 != "/" } }
        let longest = components.map(\.count).max() ?? 0
        for depth in 1...max(longest, 1) {
            let names = components.map { $0.suffix(depth).joined(separator: "/") }
            if Set(names).count == names.count || depth == longest { return names.map { $0.isEmpty ? "/" : $0 } }
        }
        return runs.map(\.directory)
    }

    /// The method's logged terms over the last logging interval (`last_logged_interval` of summary.json, `final_metrics` in
    /// runs written before it was renamed), as rows: every term the methods log (losses, DANN's domain accuracy, WDGRL's
    /// Wasserstein estimates), whichever the runs log.
    var termRows: [(label: String, cells: [ReportCell])] {
        let finals = runs.map { ($0.summary["last_logged_interval"] ?? $0.summary["final_metrics"]) as? [String: Any] ?? [:] }
        let keys = LearningCurves.methodTermKeys(Set(finals.flatMap(\.keys)))
        return keys.map { key in
            ("last interval: " + key.replacingOccurrences(of: "_", with: " "), finals.map { ReportCell(value: $0[key], measure: true) })
        }
    }

    /// The summary table: the known fields any run has, then the logged terms.
    var tableRows: [(label: String, cells: [ReportCell])] {
        Self.rows.compactMap { row in
            guard runs.contains(where: { $0.summary[row.key] != nil }) else { return nil }
            return (row.label, runs.map { run in
                let value = run.summary[row.key]
                switch row.key {
                case "wall_seconds": return ReportCell(wallSeconds: value)
                case "reported_model": return ReportCell(reportedModel: value)
                default: return ReportCell(value: value, measure: !Self.countKeys.contains(row.key))
                }
            })
        } + termRows
    }
}

/// A report that cannot be made: a folder without a readable `summary.json`.
public struct ReportError: Error, CustomStringConvertible {
    /// The one-line message.
    public let description: String
}
