import FileWriting
import ArgumentParser
import DANNVisualization
import DomainAdaptation
import Foundation
import Nabla
import Plotting
import Synchronization

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The two-moons experiment of Ganin et al. (JMLR 2016, §5.1.1): a plain network vs DANN.",
        discussion: """
            Source: 150 + 150 labeled points of two interleaving moons. Target: 300 unlabeled points \
            drawn the same way and rotated by 35°. Both models are one hidden layer of 15 sigmoid units \
            with a domain classifier (λ = 6); only DANN lets the reversed domain gradient reach the \
            features. Trained as the authors' code does (Algorithm 1: one source and one target point \
            per step, learning rate 0.05, 500 passes), for several seeds, because one seed says little. \
            The pictures show the median seed by DANN's target accuracy: a typical draw, neither the \
            best nor the worst.
            """)

    @Option(help: "Output folder for summary.json and the pictures.") var out = "dann-demo"
    @Option(help: "First random seed.") var seed: UInt64 = 1
    @Option(help: "How many seeds (seed, seed+1, …) to train and average; the two cores share them.") var seeds = 5
    @Option(help: "SGD steps per model (one source and one target point each; 150000 = 500 passes).") var steps = TwoMoonsExperiment().steps
    @Option(help: "Rotation of the target domain, in degrees.") var rotation: Float = 35
    @Flag(help: "No progress output.") var quiet = false
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard steps > 0 && steps <= 100_000_000 else { throw ValidationError("--steps must be in 1…10⁸, got \(steps)") }
        guard seeds > 0 && seeds <= 1000 else { throw ValidationError("--seeds must be in 1…1000, got \(seeds)") }
        guard rotation.isFinite else { throw ValidationError("--rotation must be a finite number, got \(rotation)") }
    }

    struct Summary: Encodable {
        var experiment = "two-moons (Ganin et al. JMLR 2016, section 5.1.1)"
        var seeds: [UInt64]
        /// The seed the pictures show: the median by DANN's target accuracy.
        var picturedSeed: UInt64
        var steps: Int
        var rotationDegrees: Float
        /// Means over the seeds.
        var sourceOnlyTargetAccuracy: Double
        var dannTargetAccuracy: Double
        var sourceOnlyTargetAccuracyStd: Double
        var dannTargetAccuracyStd: Double
        var sourceOnlySourceAccuracy: Double
        var dannSourceAccuracy: Double
        /// One entry per seed, in the order of `seeds`.
        var sourceOnlyTargetAccuracies: [Double]
        var dannTargetAccuracies: [Double]
        var wallSeconds: Double
    }

    func run() throws {
        compute.apply()
        try prepareOutputDirectory(out)
        let start = Date()
        let seedList = (0..<seeds).map { seed &+ UInt64($0) }
        let jobs = seedList.flatMap { seed in [TrainingMethod.sourceOnly, .dann].map { (seed, $0) } }
        let board = DemoScoreboard(progress: ProgressBar(total: jobs.count * steps, label: "two moons  ", quiet: quiet))
        let steps = steps, rotation = rotation
        // Each model is tiny and trains on one thread; independent models fill the --threads
        // workers (each worker takes every workers-th job, in order).
        let workers = min(ComputeContext.current.threads, jobs.count)
        _ = inParallelShards(workers) { worker in
          for index in stride(from: worker, to: jobs.count, by: workers) {
            let (seed, method) = jobs[index]
            do {
                var experiment = TwoMoonsExperiment()
                experiment.seed = seed
                experiment.steps = steps
                experiment.rotationDegrees = rotation
                let domains = experiment.makeDomains()
                let (network, outcome) = try experiment.train(method, on: domains) { step in
                    if step % 1000 == 0 { board.advance(by: 1000) }
                }
                let title = String(format: "%@ on two moons (target rotated %g°, seed %llu): target accuracy %.3f",
                                   method == .dann ? "DANN" : "Plain network", Double(rotation), seed, outcome.targetAccuracy)
                board.record(outcome, figure: try TwoMoonsFigure.render(network: network, domains: domains, title: title), seed: seed)
            } catch {
                board.fail(error)
            }
          }
        }
        if let error = board.firstError { throw error }
        let plain = seedList.map { board.outcome(seed: $0, method: .sourceOnly) }
        let adapted = seedList.map { board.outcome(seed: $0, method: .dann) }
        // The median seed by DANN's target accuracy (the lower middle one for an even count).
        let ranked = zip(seedList, adapted).sorted { ($0.1.targetAccuracy, $0.0) < ($1.1.targetAccuracy, $1.0) }
        let pictured = ranked[(ranked.count - 1) / 2].0
        for method in [TrainingMethod.sourceOnly, .dann] {
            try board.figure(seed: pictured, method: method).write(to: "\(out)/two-moons-\(method == .dann ? "dann" : "plain-network").png")
        }
        let summary = Summary(seeds: seedList, picturedSeed: pictured, steps: steps, rotationDegrees: rotation,
                              sourceOnlyTargetAccuracy: mean(plain.map(\.targetAccuracy)), dannTargetAccuracy: mean(adapted.map(\.targetAccuracy)),
                              sourceOnlyTargetAccuracyStd: standardDeviation(plain.map(\.targetAccuracy)),
                              dannTargetAccuracyStd: standardDeviation(adapted.map(\.targetAccuracy)),
                              sourceOnlySourceAccuracy: mean(plain.map(\.sourceAccuracy)), dannSourceAccuracy: mean(adapted.map(\.sourceAccuracy)),
                              sourceOnlyTargetAccuracies: plain.map(\.targetAccuracy), dannTargetAccuracies: adapted.map(\.targetAccuracy),
                              wallSeconds: Date().timeIntervalSince(start))
        try writeJSON(summary, to: out + "/summary.json")
        try writePoints(seeds: seedList, rotation: rotation, to: out + "/two-moons-points.csv")
        let perSeed = { (outcomes: [TwoMoonsExperiment.Outcome]) in outcomes.map { String(format: "%.3f", $0.targetAccuracy) }.joined(separator: " ") }
        let over = seeds == 1 ? "seed \(seed)" : "mean ± std over seeds \(seedList.first!)…\(seedList.last!)"
        print("two moons, target rotated \(rotation)°: target accuracy, \(over)")
        print(String(format: "plain network (no adaptation): %.3f ± %.3f   [%@]", summary.sourceOnlyTargetAccuracy, summary.sourceOnlyTargetAccuracyStd, perSeed(plain)))
        print(String(format: "DANN:                          %.3f ± %.3f   [%@]", summary.dannTargetAccuracy, summary.dannTargetAccuracyStd, perSeed(adapted)))
        print("wrote \(out)/summary.json, two-moons-points.csv, two-moons-plain-network.png, two-moons-dann.png (seed \(pictured), the median by DANN's target accuracy)")
    }

    /// The points every seed trained on, one row each (`seed,domain,x1,x2,label`), so that other
    /// tools (e.g. `benchmarks/two_moons_reference.py --points-from`) can use exactly the same data.
    /// Target labels are listed for scoring; training never saw them.
    private func writePoints(seeds: [UInt64], rotation: Float, to path: String) throws {
        var text = "seed,domain,x1,x2,label\n"
        for seed in seeds {
            var experiment = TwoMoonsExperiment()
            experiment.seed = seed
            experiment.rotationDegrees = rotation
            let domains = experiment.makeDomains()
            let sets = [("source", domains.source.data.scalars, domains.source.labels ?? []),
                        ("target", domains.target.data.scalars, domains.targetLabels)]
            for (domain, points, labels) in sets {
                for (index, label) in labels.enumerated() {
                    text += "\(seed),\(domain),\(points[2 * index]),\(points[2 * index + 1]),\(label)\n"
                }
            }
        }
        try AtomicFile.write(Array(text.utf8), to: path)
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    private func standardDeviation(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let average = mean(values)
        return (values.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}

/// Collects the demo's outcomes and progress from its concurrent training jobs.
final class DemoScoreboard: Sendable {
    private struct State {
        var outcomes: [String: TwoMoonsExperiment.Outcome] = [:]
        var figures: [String: Figure] = [:]
        var firstError: (any Error)?
        var stepsDone = 0
        let progress: ProgressBar
    }
    private let state: Mutex<State>

    init(progress: sending ProgressBar) { state = Mutex(State(progress: progress)) }

    func record(_ outcome: TwoMoonsExperiment.Outcome, figure: Figure, seed: UInt64) {
        state.withLock {
            $0.outcomes["\(seed)-\(outcome.method.rawValue)"] = outcome
            $0.figures["\(seed)-\(outcome.method.rawValue)"] = figure
        }
    }

    func figure(seed: UInt64, method: TrainingMethod) -> Figure {
        state.withLock { $0.figures["\(seed)-\(method.rawValue)"]! }
    }

    func outcome(seed: UInt64, method: TrainingMethod) -> TwoMoonsExperiment.Outcome {
        state.withLock { $0.outcomes["\(seed)-\(method.rawValue)"]! }
    }

    func fail(_ error: any Error) { state.withLock { if $0.firstError == nil { $0.firstError = error } } }

    var firstError: (any Error)? { state.withLock { $0.firstError } }

    /// Progress is drawn under the lock, so lines from different jobs never interleave.
    func advance(by steps: Int) {
        state.withLock {
            $0.stepsDone += steps
            $0.progress.update($0.stepsDone)
        }
    }
}
