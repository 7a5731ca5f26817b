import ArgumentParser

@main
struct DANNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dann",
        abstract: "Unsupervised domain adaptation by domain-adversarial training (DANN).",
        discussion: "Start with `dann demo`: the two-moons experiment of Ganin et al., no downloads needed.",
        subcommands: [DemoCommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self, EmbedCommand.self, DataCommand.self, ReportCommand.self, BenchCommand.self])
}
