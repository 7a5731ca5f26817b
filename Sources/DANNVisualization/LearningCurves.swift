import DomainAdaptation
import Foundation
import Plotting

/// Learning-curve pictures from a run's `metrics.jsonl`.
public enum LearningCurves {
    /// One line of `metrics.jsonl`, as the values the figure plots under their file names.
    public struct Record: Sendable {
        public var step: Double
        public var values: [String: Double]

        init(_ line: TrainingRun.IntervalMetrics) {
            step = Double(line.step)
            var values: [String: Double] = ["lambda": Double(line.tradeOff), "learning_rate": Double(line.learningRate)]
            for (name, value) in line.terms { values[Self.snakeCase(name)] = Double(value) }
            values["source_test_accuracy"] = line.sourceTestAccuracy
            values["target_test_accuracy"] = line.targetTestAccuracy
            values["averaged_source_test_accuracy"] = line.averagedSourceTestAccuracy
            values["averaged_target_test_accuracy"] = line.averagedTargetTestAccuracy
            self.values = values
        }

        /// `labelLoss` → `label_loss`, as metrics.jsonl names the terms.
        public static func snakeCase(_ name: String) -> String {
            name.reduce(into: "") { $0 += $1.isUppercase ? "_" + $1.lowercased() : String($1) }
        }
    }

    /// Reads `metrics.jsonl` through the type that writes it; lines that do not decode are skipped.
    public static func read(_ path: String) throws -> [Record] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { line in
            (try? decoder.decode(TrainingRun.IntervalMetrics.self, from: Data(line.utf8))).map(Record.init)
        }
    }

    /// The method's own terms among the keys of a metrics.jsonl line or summary (snake_case): all
    /// but the step, schedules, test accuracies, scores and warning, sorted.
    public static func methodTermKeys<S: Sequence>(_ keys: S) -> [String] where S.Element == String {
        let fixed: Set<String> = ["step", "lambda", "learning_rate", "warning"]
        return keys.filter { key in
            !fixed.contains(key) && !key.hasSuffix("test_accuracy") && !key.hasPrefix("score_") && !key.hasPrefix("averaged_score_")
        }.sorted()
    }

    /// A 2×2 figure: losses, the method's adaptation signal (DANN's domain-classifier accuracy,
    /// or the other methods' terms: MMD, CORAL, WDGRL's Wasserstein estimates), test accuracies (of the iterate and,
    /// with weight averaging, of the average), and the λ and learning-rate schedules.
    public static func figure(_ records: [Record], title: String) -> Figure {
        func series(_ key: String, _ name: String, dash: [Double]? = nil) -> LineSeries {
            let present = records.filter { $0.values[key] != nil }
            return LineSeries(name: name, x: present.map(\.step), y: present.map { $0.values[key]! }, dash: dash)
        }
        let keys = Set(records.flatMap(\.values.keys))
        var losses = LineChart(title: "Losses", xLabel: "step", yLabel: "loss")
        losses.add(series("label_loss", "label loss"))
        if keys.contains("domain_loss") { losses.add(series("domain_loss", "domain loss")) }
        let adaptation: LineChart
        if keys.contains("domain_accuracy") {
            var domain = LineChart(title: "Domain classifier", xLabel: "step", yLabel: "batch accuracy")
            domain.add(series("domain_accuracy", "domain accuracy"))
            domain.add(LineSeries(name: "chance", x: [records.first?.step ?? 0, records.last?.step ?? 1], y: [0.5, 0.5], dash: [5, 4]))
            adaptation = domain
        } else {
            // The discrepancy methods' term (unweighted by λ), on its own scale.
            var discrepancy = LineChart(title: "Domain discrepancy", xLabel: "step", yLabel: "discrepancy")
            for key in methodTermKeys(keys) where !["label_loss", "domain_loss"].contains(key) {
                let name = key.hasSuffix("_loss") ? key.replacingOccurrences(of: "_loss", with: "").uppercased() : key.replacingOccurrences(of: "_", with: " ")
                discrepancy.add(series(key, name))
            }
            adaptation = discrepancy
        }
        var accuracy = LineChart(title: "Test accuracy", xLabel: "step", yLabel: "accuracy")
        accuracy.add(series("source_test_accuracy", "source test"))
        accuracy.add(series("target_test_accuracy", "target test"))
        // The running weight average (the reported model), once averaging has started.
        for (key, name) in [("averaged_source_test_accuracy", "source test, averaged weights"),
                            ("averaged_target_test_accuracy", "target test, averaged weights")] {
            let averaged = series(key, name, dash: [6, 3])
            if !averaged.x.isEmpty { accuracy.add(averaged) }
        }
        var schedules = LineChart(title: "Schedules", xLabel: "step", yLabel: "λ  and  100 × learning rate")
        schedules.add(series("lambda", "λ (trade-off)"))
        let rates = records.filter { $0.values["learning_rate"] != nil }
        schedules.add(LineSeries(name: "100 × learning rate", x: rates.map(\.step), y: rates.map { 100 * $0.values["learning_rate"]! }, dash: [6, 3]))
        return Figure(rows: 2, columns: 2, title: title, panels: [losses, adaptation, accuracy, schedules])
    }
}
