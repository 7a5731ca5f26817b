import Foundation

/// The page of a `dann sweep` folder: the selection, how each validator would have chosen, every
/// trial with its options and scores, and the per-validator figures. Target accuracies appear only
/// as sweep.json reports them (for judging the validators, never for selecting).
public struct SweepReport {
    /// The sweep folder.
    public var directory: String
    /// sweep.json as read.
    public var sweep: [String: Any]

    /// Reads `directory/sweep.json`.
    public init(directory: String) throws {
        let path = directory + "/sweep.json"
        guard let data = FileManager.default.contents(atPath: path),
              let sweep = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ReportError(description: "\(path): no readable sweep.json (is \(directory) a dann sweep folder?)")
        }
        self.directory = directory
        self.sweep = sweep
    }

    /// Whether `directory` holds a sweep rather than a run.
    public static func isSweep(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/sweep.json")
    }

    var trials: [[String: Any]] { sweep["trials"] as? [[String: Any]] ?? [] }
    var selectBy: String { sweep["select_by"] as? String ?? "–" }
    var optionNames: [String] { Set(trials.flatMap { ($0["options"] as? [String: Any] ?? [:]).keys }).sorted() }
    var validatorNames: [String] { Set(trials.flatMap { ($0["scores"] as? [String: Any] ?? [:]).keys }).sorted() }

    /// The selection in one sentence.
    var selectionSentence: String {
        guard let selected = sweep["selected"] as? [String: Any], let trial = selected["trial"] as? Int else {
            return "No trial has a \(selectBy) score yet."
        }
        let options = (selected["options"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) = \(ReportCell(value: $0.value).text)" }
        var sentence = "Selected by \(selectBy): trial \(trial) (\(options.joined(separator: ", ")))."
        if let accuracy = selected["target_test_accuracy"] as? Double, let best = sweep["best_target_test_accuracy"] as? Double {
            sentence += String(format: " Its target test accuracy is %.4f; the best trial's is %.4f (target labels are used only for this report).", accuracy, best)
        }
        if let missing = sweep["missing_trials"] as? [Int], !missing.isEmpty {
            sentence += " Not finished: trials \(missing.map(String.init).joined(separator: ", "))."
        }
        return sentence
    }

    /// Rows of the validator table: name, selected trial, regret, rank correlation.
    var validatorRows: [[ReportCell]] {
        let judgements = sweep["validators"] as? [String: [String: Any]] ?? [:]
        return judgements.keys.sorted().map { name in
            let judgement = judgements[name]!
            return [ReportCell(value: name + (name == selectBy ? " (selects)" : "")), ReportCell(value: judgement["selected_trial"]),
                    ReportCell(value: judgement["regret"]), ReportCell(value: judgement["rank_correlation"])]
        }
    }

    /// Rows of the trial table: trial, options, scores, target accuracy.
    var trialRows: [[ReportCell]] {
        trials.map { trial in
            let options = trial["options"] as? [String: Any] ?? [:], scores = trial["scores"] as? [String: Any] ?? [:]
            return [ReportCell(value: trial["trial"])] + optionNames.map { ReportCell(value: options[$0]) }
                + validatorNames.map { ReportCell(value: scores[$0]) } + [ReportCell(value: trial["target_test_accuracy"])]
        }
    }

    /// The figures, one per validator, as file names.
    var figures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("sweep-") && $0.hasSuffix(".svg") }.sorted()
    }

    /// A self-contained HTML page.
    public func html(title: String) -> String {
        func table(_ header: [String], _ rows: [[ReportCell]]) -> String {
            "<table><thead><tr>" + header.map { "<th>\(RunReport.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                + rows.map { "<tr>" + $0.map { "<td\($0.isNumeric ? " class=\"num\"" : "")>\(RunReport.escape($0.text))</td>" }.joined() + "</tr>\n" }.joined()
                + "</tbody></table>\n"
        }
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(RunReport.escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; padding: 0 1em; max-width: 1400px; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
            thead th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1em; }
            .figures img { width: 100%; height: auto; border: 1px solid #eee; }
            </style></head><body>
            <h1>\(RunReport.escape(title))</h1>
            <p>\(RunReport.escape(selectionSentence))</p>
            <h2>How each validator would have chosen</h2>
            <p>Regret: the best trial's target accuracy minus that of the trial the validator selects. Rank correlation: Spearman's ρ between the validator's preference and target accuracy over the trials.</p>

            """
        page += table(["validator", "selected trial", "regret", "rank correlation"], validatorRows)
        page += "<h2>Trials</h2>\n" + table(["trial"] + optionNames + validatorNames + ["target test accuracy (reporting only)"], trialRows)
        page += "<h2>Each validator against target accuracy</h2>\n<div class=\"figures\">\n"
        for figure in figures {
            page += RunReport.imageTag(directory: directory, files: [figure], alt: figure) ?? ""
        }
        return page + "</div>\n</body></html>\n"
    }

    /// The Markdown twin; figures link to the sweep folder's PNGs relative to `reportDirectory`.
    public func markdown(title: String, relativeDirectory: String) -> String {
        func table(_ header: [String], _ rows: [[ReportCell]]) -> String {
            "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---|" }.joined() + "\n"
                + rows.map { "| " + $0.map(\.text).joined(separator: " | ") + " |\n" }.joined()
        }
        var text = "# \(title)\n\n\(selectionSentence)\n\n## How each validator would have chosen\n\n"
        text += table(["validator", "selected trial", "regret", "rank correlation"], validatorRows)
        text += "\n## Trials\n\n" + table(["trial"] + optionNames + validatorNames + ["target test accuracy (reporting only)"], trialRows)
        text += "\n## Each validator against target accuracy\n\n"
        for figure in figures {
            let png = figure.replacingOccurrences(of: ".svg", with: ".png")
            text += "![\(png)](\(relativeDirectory)/\(png))\n"
        }
        return text
    }
}
