import ArgumentParser
import DomainAdaptation

/// Convolution padding.
enum Padding: String, ExpressibleByArgument, CaseIterable {
    /// No padding: each 5×5 convolution shrinks the image by 4 (the paper's model).
    case valid
    /// Zero padding that keeps the image size.
    case same
}

extension NetworkConfiguration.Initialization: ExpressibleByArgument {}
extension NetworkConfiguration.Activation: ExpressibleByArgument {}
extension ImagePreprocessing.Resize: ExpressibleByArgument {}
extension ImagePreprocessing.Normalization: ExpressibleByArgument {}
extension BatchStatisticsPolicy: ExpressibleByArgument {}
extension NetworkConfiguration.Backbone: ExpressibleByArgument {}

/// Flags that shape the network and its inputs.
struct ModelOptions: ParsableArguments {
    @Option(help: "Image feature extractor: lenet (the paper's network, shaped by --conv-channels and --padding) or torchvision's resnet18, resnet34, resnet50 (up to the average pool: 512, 512, 2048 features; the heads go on top).")
    var backbone: NetworkConfiguration.Backbone = .lenet
    @Option(help: "A torchvision ResNet state_dict as safetensors (scripts/export_torchvision.py) to start the backbone from; keys outside it (fc.*) are ignored.")
    var backboneWeights: String?
    @Option(help: "Convolution padding: valid (the paper) or same.") var padding: Padding = .valid
    @Option(help: "Output channels of the convolutions, comma-separated (images).") var convChannels = "32,48"
    @Option(help: "Hidden widths of the label predictor, comma-separated (default 100,100; none for svmlight data).") var labelHidden: String?
    @Option(help: "Hidden widths of the domain classifier, comma-separated (default 100; none for svmlight data).") var domainHidden: String?
    @Option(help: "Hidden widths of the extractor MLP (vector data), comma-separated (default 100; 50 for svmlight data).") var extractorHidden: String?
    @Option(help: "Activation of the extractor MLP's hidden layers: relu, sigmoid or tanh (default relu; sigmoid for svmlight data).")
    var extractorActivation: NetworkConfiguration.Activation?
    @Flag(help: "Batch-norm after each convolution / extractor layer.") var batchNorm = false
    @Option(help: "Dropout probability in the heads and after the extractor (0 = off).") var dropout: Float = 0
    @Option(help: "Weight initialisation: pytorch, truncated-normal (σ 0.1, bias 0.1, as tf-dann), he or glorot (uniform, zero bias; the default for svmlight data, as the DANN authors' code).")
    var initialization: NetworkConfiguration.Initialization?
    @Option(help: "How images reach a common size: pad (centre, zeros) or bilinear.") var resize: ImagePreprocessing.Resize = .pad
    @Option(help: "Input normalisation: mean (subtract per-channel mean), standardize, or none.")
    var normalization: ImagePreprocessing.Normalization = .mean

    func validate() throws {
        for (flag, value) in [("--conv-channels", convChannels), ("--label-hidden", labelHidden), ("--domain-hidden", domainHidden), ("--extractor-hidden", extractorHidden)] {
            if let value { _ = try Self.widths(value, flag: flag) }
        }
        guard dropout >= 0 && dropout < 1 else { throw ValidationError("--dropout must be in [0, 1), got \(dropout)") }
        if backboneWeights != nil && backbone.resNetDepth == nil {
            throw ValidationError("--backbone-weights needs --backbone resnet18, resnet34 or resnet50")
        }
    }

    static func widths(_ text: String, flag: String) throws -> [Int] {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ ($0 ?? 0) > 0 }) else { throw ValidationError("\(flag) must be positive integers separated by commas, got '\(text)'") }
        return values.map { $0! }
    }

    /// Shapes `configuration`; sparse (svmlight) inputs default to the DANN paper's shallow
    /// network for the Amazon reviews: 50 sigmoid hidden units, a linear label classifier, a
    /// logistic domain classifier, Glorot-uniform weights.
    func apply(to configuration: inout NetworkConfiguration, sparse: Bool = false) throws {
        configuration.backbone = backbone == .lenet ? nil : backbone
        configuration.samePadding = padding == .same
        configuration.convolutionChannels = try Self.widths(convChannels, flag: "--conv-channels")
        configuration.labelHiddenWidths = try Self.widths(labelHidden ?? (sparse ? "" : "100,100"), flag: "--label-hidden")
        configuration.domainHiddenWidths = try Self.widths(domainHidden ?? (sparse ? "" : "100"), flag: "--domain-hidden")
        configuration.extractorWidths = try Self.widths(extractorHidden ?? (sparse ? "50" : "100"), flag: "--extractor-hidden")
        configuration.extractorActivation = extractorActivation ?? (sparse ? .sigmoid : .relu)
        configuration.batchNorm = batchNorm
        configuration.dropout = dropout
        configuration.initialization = initialization ?? (sparse ? .glorot : .pytorch)
        if let problem = configuration.validationProblem() { throw CommandFailure("invalid model: \(problem)") }
    }
}

/// Flags for the learning-rate schedule, the optimizer and weight averaging.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "SGD steps (default 20000 unless --epochs is given).") var steps: Int?
    @Option(help: "Passes over the labeled training set instead of --steps.") var epochs: Int?
    @Option(help: "Samples per domain per step.") var batchSize = 64
    @Option(help: "Random seed (initialisation, sampling).") var seed: UInt64 = 0
    @Option(help: "Initial learning rate μ₀.") var learningRate: Float = 0.01
    @Option(help: "Learning-rate annealing α in μ₀/(1+α·p)^β (0 = constant).") var lrAlpha: Float = 10
    @Option(help: "Learning-rate annealing β.") var lrBeta: Float = 0.75
    @Option(help: "SGD momentum.") var momentum: Float = 0.9
    @Option(help: "L2 weight decay.") var weightDecay: Float = 0
    @Option(help: "Batch-norm statistics for source and target: joint (one forward) or per-domain.")
    var batchStatistics: BatchStatisticsPolicy = .joint
    @Option(help: "Report the average of the weights of every step after this training progress (0 to 1; default 0.75, the last quarter), or 'none' for the final iterate (the paper).")
    var averageFrom = "0.75"
    @Flag(help: "Hold out a seeded share of the source training set (--validation-share), score it after every pass over the source, report the best weights and stop once training has gone 1.5 times as many passes as the best one and at least --min-passes (the DANN authors' rule); no weight averaging. Not resumable.")
    var earlyStopping = false
    @Option(help: "With --early-stopping: the share of the source training set held out.") var validationShare = 0.1
    @Option(help: "With --early-stopping: seed of the held-out rows (default: --seed).") var validationSeed: UInt64?
    @Option(help: "With --early-stopping: passes always made before stopping.") var minPasses = 30

    /// The early-stopping rule the flags describe, nil without --early-stopping.
    var earlyStoppingRule: EarlyStopping? {
        guard earlyStopping else { return nil }
        var rule = EarlyStopping(seed: validationSeed ?? seed)
        rule.validationFraction = validationShare
        rule.minimumEvaluations = minPasses
        return rule
    }

    /// `--average-from` as a progress, nil for `none`.
    var averagingStart: Float? { averageFrom == "none" ? nil : Float(averageFrom) }

    func validate() throws {
        if let steps, steps <= 0 || steps > 1_000_000_000 { throw ValidationError("--steps must be in 1…10⁹, got \(steps)") }
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be positive, got \(epochs)") }
        if steps != nil && epochs != nil { throw ValidationError("give --steps or --epochs, not both") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        for (flag, value) in [("--learning-rate", learningRate), ("--lr-alpha", lrAlpha), ("--lr-beta", lrBeta), ("--momentum", momentum),
                              ("--weight-decay", weightDecay)] {
            guard value.isFinite && value >= 0 else { throw ValidationError("\(flag) must be a finite, non-negative number, got \(value)") }
        }
        guard learningRate > 0 else { throw ValidationError("--learning-rate must be positive, got \(learningRate)") }
        guard momentum < 1 else { throw ValidationError("--momentum must be below 1, got \(momentum)") }
        if let problem = earlyStoppingRule?.validationProblem() { throw ValidationError("--early-stopping: \(problem)") }
        if averageFrom != "none" && !earlyStopping {
            guard let start = Float(averageFrom), start >= 0, start < 1 else {
                throw ValidationError("--average-from must be a training progress in [0, 1) or 'none', got '\(averageFrom)'")
            }
        }
    }

    /// Sets the schedule; `labeledCount` (the labeled training set's size) turns --epochs into steps.
    func apply(to configuration: inout TrainingConfiguration, labeledCount: Int) throws {
        configuration.batchSize = batchSize
        configuration.seed = seed
        if let epochs {
            let perEpoch = (labeledCount + batchSize - 1) / batchSize
            let (total, overflow) = epochs.multipliedReportingOverflow(by: perEpoch)
            guard !overflow, total <= 1_000_000_000 else {
                throw CommandFailure("--epochs \(epochs) means more than 10⁹ steps of \(batchSize) on \(labeledCount) samples; give fewer")
            }
            configuration.steps = total
        } else {
            configuration.steps = steps ?? 20_000
        }
        configuration.initialLearningRate = learningRate
        configuration.learningRateAlpha = lrAlpha
        configuration.learningRateBeta = lrBeta
        configuration.momentum = momentum
        configuration.weightDecay = weightDecay
        configuration.batchStatistics = batchStatistics
        configuration.averagingStart = earlyStopping ? nil : averagingStart
        if let problem = configuration.validationProblem() { throw CommandFailure("invalid training settings: \(problem)") }
    }
}

/// Flags that start a run from trained weights and limit what it updates.
struct FinetuneOptions: ParsableArguments {
    @Option(help: "A checkpoint of ours (checkpoint.safetensors) to start from: every tensor whose name and shape match the new network's is copied (e.g. a source-only run's extractor and label predictor into a DANN run); the rest keep their fresh initialisation. Not with --resume.")
    var initFrom: String?
    @Option(help: "Do not update parameters whose dotted name starts with this prefix (featureExtractor., featureExtractor.conv1, labelPredictor.); repeatable.")
    var freeze: [String] = []
    @Option(help: "The extractor's parameters (featureExtractor.*) learn at this multiple of the learning rate (default 1; 0.1 in DANN's Office setup and TLlib).")
    var backboneLrMultiplier: Float?

    func validate() throws {
        if let backboneLrMultiplier, !(backboneLrMultiplier >= 0 && backboneLrMultiplier.isFinite) {
            throw ValidationError("--backbone-lr-multiplier must be a finite, non-negative number, got \(backboneLrMultiplier)")
        }
        if freeze.contains(where: { $0.allSatisfy(\.isWhitespace) }) { throw ValidationError("--freeze needs a non-empty prefix") }
    }

    /// Records --freeze and --backbone-lr-multiplier in `configuration` (absent flags stay nil).
    func apply(to configuration: inout TrainingConfiguration) {
        configuration.frozenPrefixes = freeze.isEmpty ? nil : freeze
        configuration.backboneLearningRateMultiplier = backboneLrMultiplier
    }
}
