import ArgumentParser
import DomainAdaptation
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a method's training step (DANN's by default) and inference beside a large sgemm, in one run.",
        discussion: "The network is the paper's MNIST model on 3×32×32 inputs, or with --backbone a ResNet with DANN's Office-31 heads (256-wide bottleneck, 31 classes, 1024–1024 domain classifier) on 3×S×S inputs, S from --input-size (224 by default).")

    @OptionGroup var compute: ComputeOptions
    @Flag(help: "Print one JSON object instead of a table.") var json = false
    @Option(help: "Convolution padding: same (the PyTorch reference's) or valid (the paper's).") var padding: Padding = .same
    @Option(help: "Samples per domain in a training batch (default 64; 32 with a ResNet).") var batchSize: Int?
    @Option(help: "Timed training steps, after 3 warm-up steps (default 20; 5 with a ResNet).") var steps: Int?
    @Option(help: "The extractor: lenet (the paper's MNIST network, default), resnet18, resnet34 or resnet50.") var backbone: NetworkConfiguration.Backbone = .lenet
    @Option(help: "Height and width of the random images (default 32; 224 with a ResNet).") var inputSize: Int?
    @Option(help: ArgumentHelp("The training method whose step is timed.", discussion: TrainingMethod.allValueStrings.joined(separator: ", "))) var method: TrainingMethod = .dann

    var isResNet: Bool { backbone != .lenet }
    var resolvedBatchSize: Int { batchSize ?? (isResNet ? 32 : 64) }
    var resolvedSteps: Int { steps ?? (isResNet ? 5 : 20) }
    var resolvedInputSize: Int { inputSize ?? (isResNet ? 224 : 32) }

    func validate() throws {
        guard resolvedBatchSize > 0 && resolvedBatchSize <= 4096 else { throw ValidationError("--batch-size must be in 1…4096, got \(resolvedBatchSize)") }
        guard resolvedSteps > 0 && resolvedSteps <= 100_000 else { throw ValidationError("--steps must be in 1…100000, got \(resolvedSteps)") }
        guard resolvedInputSize > 0 && resolvedInputSize <= 1024 else { throw ValidationError("--input-size must be in 1…1024, got \(resolvedInputSize)") }
        if let problem = makeBenchmark().networkConfiguration.validationProblem() { throw ValidationError(problem) }
    }

    func makeBenchmark() -> TrainingBenchmark {
        var benchmark = TrainingBenchmark()
        benchmark.samePadding = padding == .same
        benchmark.batchPerDomain = resolvedBatchSize
        benchmark.timedSteps = resolvedSteps
        benchmark.method = method
        benchmark.inputShape = [3, resolvedInputSize, resolvedInputSize]
        if isResNet {
            benchmark.backbone = backbone
            // As many images as a domain's training batch (32 by default): 256 ResNet-50 images at
            // 224² would be 1 TFLOP per timed batch.
            benchmark.inferenceBatch = resolvedBatchSize
        }
        return benchmark
    }

    func run() throws {
        compute.apply()
        let benchmark = makeBenchmark()
        let result = try benchmark.run()
        if json {
            print(try jsonString(result))
            return
        }
        let model = isResNet ? "\(result.backbone) with Office-31 heads" : "MNIST model, \(result.padding) padding"
        print("\(result.method) step, \(model), input \(result.inputShape), batch \(result.batchPerDomain)+\(result.batchPerDomain), \(result.threads) thread(s), \(result.convolution) convolutions")
        print("CPU: \(result.cpuModel), \(result.cpuCores) cores online, oneDNN kernels: \(result.onednnISA)")
        print(String(format: "training step:  %8.1f ms (median of %d)   %.2f GFLOP/step   %6.1f GFLOP/s", result.trainStepMs, resolvedSteps, result.stepGflop, result.stepGflops))
        if result.trainStepMsAll.count >= 40 {
            // Time per step must not grow over a run (no leaks, no tape accumulation).
            let quarter = result.trainStepMsAll.count / 4
            let median = { (values: ArraySlice<Double>) in values.sorted()[values.count / 2] }
            print(String(format: "                first %d steps: median %.1f ms; last %d steps: median %.1f ms", quarter,
                         median(result.trainStepMsAll.prefix(quarter)), quarter, median(result.trainStepMsAll.suffix(quarter))))
        }
        print(String(format: "inference:      %8.0f images/s (batch %d)", result.inferenceImagesPerSecond, result.inferenceBatch))
        print(String(format: "sgemm %d³:    %8.1f GFLOP/s   (OpenBLAS; step reaches %.0f%% of it)", benchmark.sgemmSize, result.sgemmGflops, 100 * result.stepGflops / result.sgemmGflops))
        print(String(format: "sgemm %d³:    %8.1f GFLOP/s   (oneDNN; step reaches %.0f%% of it)", benchmark.sgemmSize, result.onednnSgemmGflops, 100 * result.stepGflops / result.onednnSgemmGflops))
    }
}
