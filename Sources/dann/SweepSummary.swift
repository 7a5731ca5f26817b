import DomainAdaptation
import FileWriting
import Foundation
import Plotting

/// `sweep.json`, `sweep.csv` and one figure per validator for a sweep's finished trials. The
/// selection uses only the chosen validator; target accuracies (where the target test set has
/// labels) are read afterwards, to report how well each validator would have chosen.
struct SweepSummary: Encodable {
    struct Trial: Encodable {
        var trial: Int
        var run: String
        var options: [String: String]
        var scores: [String: Double]
        /// Reporting only.
        var targetTestAccuracy: Double?
    }
    struct Judgement: Encodable {
        var selectedTrial: Int
        var regret: Double?
        var rankCorrelation: Double?
    }

    var schemaVersion = 1
    var selectBy: String
    var trials: [Trial]
    /// Trials of the spec not trained or scored yet.
    var missingTrials: [Int]
    var selected: Trial?
    var bestTargetTestAccuracy: Double?
    /// Each validator's choice among the trials, judged with target labels (reporting only).
    var validators: [String: Judgement]
    private let folder: String

    enum CodingKeys: String, CodingKey {
        case schemaVersion, selectBy, trials, missingTrials, selected, bestTargetTestAccuracy, validators
    }

    init(sweep: SweepSpec, folder: String, selectBy: Validator) throws {
        self.folder = folder
        self.selectBy = selectBy.rawValue
        var trials: [Trial] = [], missing: [Int] = []
        for index in sweep.trials.indices {
            let run = String(format: "trial-%03d", index)
            guard let scoreData = FileManager.default.contents(atPath: "\(folder)/\(run)/scores.json"),
                  let scores = try? snakeCaseDecoder().decode(RunScores.self, from: scoreData),
                  let summaryData = FileManager.default.contents(atPath: "\(folder)/\(run)/summary.json"),
                  let summary = try? JSONSerialization.jsonObject(with: summaryData) as? [String: Any] else {
                missing.append(index)
                continue
            }
            trials.append(Trial(trial: index, run: run, options: Dictionary(sweep.trials[index].map { ($0.option, $0.value) }, uniquingKeysWith: { $1 }),
                                scores: scores.scores, targetTestAccuracy: summary["target_test_accuracy"] as? Double))
        }
        self.trials = trials
        missingTrials = missing
        let accuracies = trials.map(\.targetTestAccuracy)
        let anyAccuracy = accuracies.contains { $0 != nil }
        bestTargetTestAccuracy = accuracies.compactMap { $0 }.max()
        var judgements: [String: Judgement] = [:]
        for validator in Validator.allCases {
            guard let agreement = ValidatorAgreement(validator: validator, scores: trials.map { $0.scores[validator.rawValue] },
                                                     targetAccuracies: anyAccuracy ? accuracies : nil) else { continue }
            judgements[validator.rawValue] = Judgement(selectedTrial: trials[agreement.selected].trial, regret: agreement.regret,
                                                       rankCorrelation: agreement.rankCorrelation)
        }
        validators = judgements
        selected = judgements[selectBy.rawValue].flatMap { judgement in trials.first { $0.trial == judgement.selectedTrial } }
    }

    /// Writes sweep.json, sweep.csv and the figures, and prints the trials and the selection.
    func write(quiet: Bool) throws {
        try writeJSON(self, to: folder + "/sweep.json")
        let options = Set(trials.flatMap(\.options.keys)).sorted()
        var csv = (["trial"] + options + Validator.allCases.map(\.rawValue) + ["target_test_accuracy"]).joined(separator: ",") + "\n"
        for trial in trials {
            let cells = [String(trial.trial)] + options.map { trial.options[$0] ?? "" }
                + Validator.allCases.map { trial.scores[$0.rawValue].map { String($0) } ?? "" } + [trial.targetTestAccuracy.map { String($0) } ?? ""]
            csv += cells.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(Array(csv.utf8), to: folder + "/sweep.csv")
        try writeFigures()
        guard !quiet else { return }
        for trial in trials {
            let options = trial.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let score = trial.scores[selectBy].map { String(format: "%.4f", $0) } ?? "–"
            let accuracy = trial.targetTestAccuracy.map { String(format: "%.4f", $0) } ?? "–"
            print("trial \(trial.trial)\(trial.trial == selected?.trial ? " *" : "  ") \(selectBy) \(score)  target accuracy \(accuracy)  \(options)")
        }
        if !missingTrials.isEmpty { print("not finished: trials \(missingTrials.map(String.init).joined(separator: ", "))") }
        if let selected {
            print("selected by \(selectBy): trial \(selected.trial)" + (selected.targetTestAccuracy.map { accuracy in
                String(format: " (target accuracy %.4f; best trial %.4f, regret %.4f; target labels used only for this report)",
                       accuracy, bestTargetTestAccuracy ?? .nan, (bestTargetTestAccuracy ?? accuracy) - accuracy)
            } ?? ""))
        }
        print("wrote \(folder)/sweep.json, sweep.csv" + (bestTargetTestAccuracy == nil ? "" : ", sweep-VALIDATOR.png/.svg"))
    }

    /// Per validator: its score against target accuracy over the trials, its choice marked.
    func writeFigures() throws {
        guard bestTargetTestAccuracy != nil else { return }
        for validator in Validator.allCases {
            guard let judgement = validators[validator.rawValue] else { continue }
            let shown = trials.filter { $0.scores[validator.rawValue] != nil && $0.targetTestAccuracy != nil }
            var points = ScatterPoints(x: shown.map { $0.scores[validator.rawValue]! }, y: shown.map { $0.targetTestAccuracy! },
                                       colorCategory: shown.map { $0.trial == judgement.selectedTrial ? 1 : 0 }, colorNames: ["trial", "selected"])
            points.size = 8
            let correlation = judgement.rankCorrelation.map { String(format: "ρ = %.2f", $0) } ?? "ρ: –"
            let regret = judgement.regret.map { String(format: "regret %.3f", $0) } ?? ""
            let chart = ScatterPlot(title: "\(validator.rawValue): \(correlation), \(regret)",
                                    xLabel: validator.rawValue + (validator.higherIsBetter ? " (higher is better)" : " (lower is better)"),
                                    yLabel: "target test accuracy (reporting only)", points: points)
            try chart.write(to: "\(folder)/sweep-\(validator.rawValue).png")
            try chart.write(to: "\(folder)/sweep-\(validator.rawValue).svg")
        }
    }
}
