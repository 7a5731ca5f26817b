import ArgumentParser
import DomainAdaptation
import FileWriting
import Foundation

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score finished runs with label-free validators, to choose among them without target labels.",
        discussion: """
            Validators: source-accuracy (held-out source samples), reverse-validation (Ganin et al. §5.1.2: \
            a reverse model trained on the target's self-labels, scored on the held-out source samples), \
            iwcv and dev (importance-weighted source validation loss; DEV adds a control variate), \
            entropy and information-maximization of the target predictions, and snd (soft neighbourhood \
            density). The held-out source samples are those of `dann train --source-validation F`, else \
            the source test split. No validator reads target labels. Writes scores.json into each run.
            """)

    @Argument(help: "Run folders written by dann train (finished).") var runs: [String]
    @Option(help: "Samples of each set (held-out source, source training, target) the validators use.") var samples = 2000
    @Option(help: "Training steps of reverse validation's reverse model (0 skips it).") var reverseSteps = 1000
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Validators to compute (default: all).", discussion: Validator.allCases.map(\.rawValue).joined(separator: ", ")))
    var validators: [Validator] = Validator.allCases
    @Option(help: "Data folder to search for named datasets.") var dataDir: String?
    @Flag(help: "Print JSON instead of a table.") var json = false
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run folder") }
        guard samples >= 10 && samples <= 20_000 else { throw ValidationError("--samples must be in 10…20000, got \(samples)") }
        guard reverseSteps >= 0 && reverseSteps <= 1_000_000 else { throw ValidationError("--reverse-steps must be in 0…1000000, got \(reverseSteps)") }
    }

    func run() throws {
        compute.apply()
        let chosen = reverseSteps == 0 ? validators.filter { $0 != .reverseValidation } : validators
        var results: [RunScores] = []
        for run in runs {
            let scores = try RunScores(run: run, validators: chosen, samples: samples, reverseSteps: reverseSteps, dataDir: dataDir)
            try writeJSON(scores, to: run + "/scores.json")
            results.append(scores)
        }
        if json {
            print(try jsonString(results))
            return
        }
        // One column per validator, its name marked ↑ (higher is better) or ↓ (lower is better).
        let width = max(12, runs.map(\.count).max() ?? 0)
        let headers = chosen.map { $0.rawValue + ($0.higherIsBetter ? " ↑" : " ↓") }
        let widths = headers.map { max($0.count, 8) }
        print("run".padding(toLength: width, withPad: " ", startingAt: 0)
              + zip(headers, widths).map { "  " + String(repeating: " ", count: $1 - $0.count) + $0 }.joined())
        for result in results {
            let cells = zip(chosen, widths).map { validator, columnWidth -> String in
                let text = result.scores[validator.rawValue].map { String(format: "%.4f", $0) } ?? "–"
                return "  " + String(repeating: " ", count: max(0, columnWidth - text.count)) + text
            }
            print(result.run.padding(toLength: width, withPad: " ", startingAt: 0) + cells.joined())
        }
        print("↑ higher is better, ↓ lower is better")
        for result in results { print("\(result.run): validated on \(result.validationSet)") }
    }
}

