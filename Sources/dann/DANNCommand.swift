import ArgumentParser

/// The tool's version, printed by `dann --version` and recorded in summary.json.
let dannVersion = "0.6.0"

@main
struct DANNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dann",
        abstract: "Unsupervised domain adaptation: DANN, DDC, DAN, Deep CORAL and CDAN, with their baselines.",
        discussion: "Start with `dann demo`: the two-moons experiment of Ganin et al., no downloads needed.",
        version: dannVersion,
        subcommands: [DemoCommand.self, TrainCommand.self, ScoreCommand.self, SweepCommand.self, EvaluateCommand.self, PredictCommand.self, EmbedCommand.self, DataCommand.self, ReportCommand.self, PADFigureCommand.self, BenchCommand.self, SVMCommand.self])

    /// Expands `dann train --config FILE` before parsing (see ``ConfigFile``).
    static func main() {
        do {
            let arguments = try ConfigFile.expand(Array(CommandLine.arguments.dropFirst()))
            if arguments.first == "train" { ConfigFile.trainArguments = Array(arguments.dropFirst()) }
            main(arguments)
        } catch {
            exit(withError: error)
        }
    }
}
