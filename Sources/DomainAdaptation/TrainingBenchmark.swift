import Foundation
import Nabla
import NablaNN

/// Times a method's training step (DANN's by default), inference and a large sgemm in one run,
/// so that the step's achieved GFLOP/s can be read against what BLAS reaches on the same
/// machine at the same time. The network is the paper's MNIST one, or with ``backbone`` a ResNet
/// with the heads of DANN's Office-31 setup.
public struct TrainingBenchmark: Sendable {
    /// The method whose training step is timed.
    public var method: TrainingMethod = .dann
    /// The image shape `[channels, height, width]` of the random inputs (MNIST-M's by default).
    public var inputShape: [Int] = [3, 32, 32]
    /// nil (or `.lenet`): the paper's MNIST network with 10 classes. A ResNet: that backbone with
    /// DANN's Office-31 heads (a 256-wide bottleneck before 31 classes, a 1024–1024 domain
    /// classifier), as `benchmarks/pytorch_reference.py --backbone` builds it.
    public var backbone: NetworkConfiguration.Backbone?
    /// Whether the convolutions keep their input size ('same') rather than shrink it ('valid').
    public var samePadding = true
    /// Samples per domain per step (the step sees twice as many).
    public var batchPerDomain = 64
    /// Untimed steps first (buffers, caches, thread pools).
    public var warmupSteps = 3
    /// Timed steps; the reported step time is their median.
    public var timedSteps = 20
    /// Images per timed inference batch.
    public var inferenceBatch = 256
    /// Size `n` of the `n × n` by `n × n` matrix product timed for reference.
    public var sgemmSize = 1024

    /// The default benchmark: DANN on 3×32×32 images, 64 + 64 per step.
    public init() {}

    /// The measurements of one run, with the settings needed to compare them.
    public struct Result: Sendable, Codable {
        /// Median time of a training step, in milliseconds.
        public var trainStepMs: Double
        /// Every timed step, in order (to see that time per step stays flat).
        public var trainStepMsAll: [Double]
        /// Work of one step in GFLOP: the matrix products and convolutions it ran (forward, both
        /// gradients, an adversary's inner updates and second derivatives included), counted by
        /// ``FlopCounter`` over one step after the timed ones.
        public var stepGflop: Double
        /// Achieved GFLOP/s of the median step.
        public var stepGflops: Double
        /// Evaluation-mode forward passes, in images per second (median of 5 batches).
        public var inferenceImagesPerSecond: Double
        /// GFLOP/s of the reference matrix product through BLAS (median of 5).
        public var sgemmGflops: Double
        /// The same product by oneDNN's sgemm, whose kernels may use wider vectors than OpenBLAS's.
        public var onednnSgemmGflops: Double
        /// Compute threads the kernels used.
        public var threads: Int
        /// Samples per domain per step.
        public var batchPerDomain: Int
        /// The input shape `[channels, height, width]`.
        public var inputShape: [Int]
        /// `same` or `valid` (the paper's network), `n/a` for a ResNet.
        public var padding: String
        /// Which code computed the convolutions (`ConvolutionBackend` in `Nabla`).
        public var convolution: String
        /// The timed method's name (`dann`, `ddc`, …).
        public var method: String
        /// The extractor: `lenet` (the paper's network) or a ResNet's name.
        public var backbone: String
        /// Images per timed inference batch.
        public var inferenceBatch: Int
        /// The CPU's model name, as `/proc/cpuinfo` gives it.
        public var cpuModel: String
        /// Processors online.
        public var cpuCores: Int
        /// The widest instruction set oneDNN's kernels use on this CPU.
        public var onednnISA: String
    }

    /// Whether the timed network is a ResNet (Office-31 heads) rather than the paper's MNIST network.
    var isResNet: Bool { backbone?.resNetDepth != nil }

    /// The number of classes of the timed network: MNIST's 10, Office-31's 31 with a ResNet.
    public var classCount: Int { isResNet ? 31 : 10 }

    /// The timed network: the paper's MNIST architecture on ``inputShape`` with 10 classes, or
    /// ``backbone`` with DANN's Office-31 heads, as the method adapts it.
    public var networkConfiguration: NetworkConfiguration {
        var configuration = NetworkConfiguration(inputShape: inputShape, classCount: classCount)
        configuration.samePadding = samePadding
        if isResNet {
            configuration.backbone = backbone
            configuration.labelHiddenWidths = [256]
            configuration.domainHiddenWidths = [1024, 1024]
        }
        return TrainingConfiguration(method: method).adaptedNetwork(configuration)
    }

    /// Runs the benchmark with random inputs (the timing does not depend on the values).
    public func run() throws -> Result {
        var generator = SeededGenerator(seed: 7)
        let network = AdaptationNetwork(configuration: networkConfiguration, method: method, using: &generator)
        let sampleCount = batchPerDomain * 4
        let images = Tensor.uniform(shape: [sampleCount] + inputShape, in: -0.5...0.5, using: &generator)
        let labels = (0..<sampleCount).map { $0 % classCount }
        let source = TensorSamples(images, labels: labels), target = TensorSamples(images, labels: labels)  // labeled for the target-only oracle
        var configuration = TrainingConfiguration(method: method)
        configuration.batchSize = batchPerDomain
        configuration.averagingStart = nil  // the step PyTorch's reference times
        // Time the last phase (ADDA's adaptation, not its pretraining): enough steps that it holds
        // the warm-up and timed steps, plus one more whose work is counted.
        let measured = warmupSteps + timedSteps + 1
        var total = measured
        let implementation = method.implementation
        while implementation.phases(totalSteps: total).last!.steps < measured { total *= 2 }
        configuration.steps = total
        let trainer = try AdaptationTrainer(network: network, configuration: configuration, source: source, target: target)
        for _ in 0..<(total - measured + warmupSteps) { try trainer.trainStep() }
        var times: [Double] = []
        for _ in 0..<timedSteps {
            let start = DispatchTime.now().uptimeNanoseconds
            try trainer.trainStep()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let flops = try FlopCounter.counting { try trainer.trainStep() }.flops
        let median = times.sorted()[times.count / 2]

        let batch = Tensor.uniform(shape: [inferenceBatch] + inputShape, in: -0.5...0.5, using: &generator)
        network.setTraining(false)
        _ = network.inferredClassLogits(batch)
        var inferenceTimes: [Double] = []
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = network.inferredClassLogits(batch)
            inferenceTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let inferenceSeconds = inferenceTimes.sorted()[inferenceTimes.count / 2]

        let a = Tensor.uniform(shape: [sgemmSize, sgemmSize], using: &generator)
        _ = matmul(a, a)
        var sgemmTimes: [Double] = []
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = matmul(a, a)
            sgemmTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let sgemmSeconds = sgemmTimes.sorted()[sgemmTimes.count / 2]
        let hardware = HardwareDescription.current
        return Result(trainStepMs: median, trainStepMsAll: times, stepGflop: flops / 1e9,
                      stepGflops: flops / 1e9 / (median / 1000),
                      inferenceImagesPerSecond: Double(inferenceBatch) / inferenceSeconds,
                      sgemmGflops: 2 * pow(Double(sgemmSize), 3) / 1e9 / sgemmSeconds,
                      onednnSgemmGflops: ThroughputProbe.oneDNNSgemmGflops(size: sgemmSize),
                      threads: ComputeContext.current.threads, batchPerDomain: batchPerDomain, inputShape: inputShape,
                      padding: isResNet ? "n/a" : (samePadding ? "same" : "valid"), convolution: ConvolutionBackend.current.rawValue,
                      method: method.rawValue, backbone: (backbone ?? .lenet).rawValue, inferenceBatch: inferenceBatch,
                      cpuModel: hardware.cpuModel, cpuCores: hardware.cores, onednnISA: hardware.oneDNNISA)
    }
}
