import ArgumentParser
import DANNVisualization
import DomainAdaptation
import Foundation
import Nabla

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The two-moons experiment of Ganin et al. (JMLR 2016, §5.1.1): a plain network vs DANN.",
        discussion: """
            Source: 150 + 150 labeled points of two interleaving moons. Target: 300 unlabeled points \
            drawn the same way and rotated by 35°. Both models are one hidden layer of 15 sigmoid units \
            with a domain classifier; only DANN lets the reversed domain gradient reach the features.
            """)

    @Option(help: "Output folder for summary.json and the pictures.") var out = "dann-demo"
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "SGD steps per model.") var steps = 5000
    @Option(help: "Rotation of the target domain, in degrees.") var rotation: Float = 35
    @Flag(help: "No progress output.") var quiet = false
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
        guard rotation.isFinite else { throw ValidationError("--rotation must be a finite number") }
    }

    struct Summary: Encodable {
        var experiment = "two-moons (Ganin et al. JMLR 2016, section 5.1.1)"
        var seed: UInt64
        var steps: Int
        var rotationDegrees: Float
        var sourceOnlyTargetAccuracy: Double
        var dannTargetAccuracy: Double
        var sourceOnlySourceAccuracy: Double
        var dannSourceAccuracy: Double
        var wallSeconds: Double
    }

    func run() throws {
        compute.apply()
        try prepareOutputDirectory(out)
        let start = Date()
        var experiment = TwoMoonsExperiment()
        experiment.seed = seed
        experiment.steps = steps
        experiment.rotationDegrees = rotation
        let domains = experiment.makeDomains()
        var outcomes: [TrainingMethod: TwoMoonsExperiment.Outcome] = [:]
        for method in [TrainingMethod.sourceOnly, .dann] {
            let bar = ProgressBar(total: steps, label: method == .dann ? "DANN       " : "plain NN   ", quiet: quiet)
            let (network, outcome) = try experiment.train(method, on: domains) { bar.update($0) }
            outcomes[method] = outcome
            let name = method == .dann ? "dann" : "plain-network"
            let title = String(format: "%@ on two moons (target rotated %g°): target accuracy %.3f",
                               method == .dann ? "DANN" : "Plain network", Double(rotation), outcome.targetAccuracy)
            try TwoMoonsFigure.render(network: network, domains: domains, title: title).write(to: "\(out)/two-moons-\(name).png")
        }
        let plain = outcomes[.sourceOnly]!, adapted = outcomes[.dann]!
        let summary = Summary(seed: seed, steps: steps, rotationDegrees: rotation,
                              sourceOnlyTargetAccuracy: plain.targetAccuracy, dannTargetAccuracy: adapted.targetAccuracy,
                              sourceOnlySourceAccuracy: plain.sourceAccuracy, dannSourceAccuracy: adapted.sourceAccuracy,
                              wallSeconds: Date().timeIntervalSince(start))
        try writeJSON(summary, to: out + "/summary.json")
        print(String(format: "plain network (no adaptation): target accuracy %.3f (source %.3f)", plain.targetAccuracy, plain.sourceAccuracy))
        print(String(format: "DANN:                          target accuracy %.3f (source %.3f)", adapted.targetAccuracy, adapted.sourceAccuracy))
        print("wrote \(out)/summary.json, two-moons-plain-network.png, two-moons-dann.png")
    }
}
