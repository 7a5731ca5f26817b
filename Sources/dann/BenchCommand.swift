import ArgumentParser
import DomainAdaptation
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a method's training step on the MNIST model (DANN's by default) and inference beside a large sgemm, in one run.")

    @OptionGroup var compute: ComputeOptions
    @Flag(help: "Print one JSON object instead of a table.") var json = false
    @Option(help: "Convolution padding: same (the PyTorch reference's) or valid (the paper's).") var padding: Padding = .same
    @Option(help: "Samples per domain in a training batch.") var batchSize = 64
    @Option(help: "Timed training steps (after 3 warm-up steps).") var steps = 20
    @Option(help: ArgumentHelp("The training method whose step is timed.", discussion: TrainingMethod.allValueStrings.joined(separator: ", "))) var method: TrainingMethod = .dann

    func validate() throws {
        guard batchSize > 0 && batchSize <= 4096 else { throw ValidationError("--batch-size must be in 1…4096, got \(batchSize)") }
        guard steps > 0 && steps <= 100_000 else { throw ValidationError("--steps must be in 1…100000, got \(steps)") }
    }

    func run() throws {
        compute.apply()
        var benchmark = TrainingBenchmark()
        benchmark.samePadding = padding == .same
        benchmark.batchPerDomain = batchSize
        benchmark.timedSteps = steps
        benchmark.method = method
        let result = try benchmark.run()
        if json {
            print(try jsonString(result))
            return
        }
        print("\(result.method) step, MNIST model, input \(result.inputShape), \(result.padding) padding, batch \(result.batchPerDomain)+\(result.batchPerDomain), \(result.threads) thread(s), \(result.convolution) convolutions")
        print(String(format: "training step:  %8.1f ms (median of %d)   %.2f GFLOP/step   %6.1f GFLOP/s", result.trainStepMs, steps, result.stepGflop, result.stepGflops))
        if result.trainStepMsAll.count >= 40 {
            // Time per step must not grow over a run (no leaks, no tape accumulation).
            let quarter = result.trainStepMsAll.count / 4
            let median = { (values: ArraySlice<Double>) in values.sorted()[values.count / 2] }
            print(String(format: "                first %d steps: median %.1f ms; last %d steps: median %.1f ms", quarter,
                         median(result.trainStepMsAll.prefix(quarter)), quarter, median(result.trainStepMsAll.suffix(quarter))))
        }
        print(String(format: "inference:      %8.0f images/s (batch %d)", result.inferenceImagesPerSecond, benchmark.inferenceBatch))
        print(String(format: "sgemm %d³:    %8.1f GFLOP/s   (OpenBLAS; step reaches %.0f%% of it)", benchmark.sgemmSize, result.sgemmGflops, 100 * result.stepGflops / result.sgemmGflops))
        print(String(format: "sgemm %d³:    %8.1f GFLOP/s   (oneDNN; step reaches %.0f%% of it)", benchmark.sgemmSize, result.onednnSgemmGflops, 100 * result.stepGflops / result.onednnSgemmGflops))
    }
}
