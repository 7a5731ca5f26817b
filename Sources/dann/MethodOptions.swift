import ArgumentParser
import DomainAdaptation

extension TrainingMethod: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension MMDEstimator: ExpressibleByArgument {}
extension DAAN.DynamicFactor: ExpressibleByArgument {}

/// How the trade-off λ changes over training.
enum TradeOffShape: String, ExpressibleByArgument, CaseIterable {
    case ramp, constant
}

/// Flags that choose the method and its settings.
struct MethodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The training method.", discussion: TrainingMethod.allCases.map { "\($0.rawValue): \($0.summary)" }.joined(separator: "; ")))
    var method: TrainingMethod = .dann
    @Option(help: "The adaptation weight λ (TLlib's trade-off): DANN's, CDAN's and DAAN's final gradient-reversal scale λ_max, the MMD, CORAL or Wasserstein weight, ADDA's encoder loss weight. Default: the method's published value (dann 1, ddc 0.25, dan 1, coral 1, cdan and cdan-e 1, wdgrl 0.01, adda 1, daan 1).")
    var tradeOff: Float?
    @Option(help: "How λ reaches --trade-off: ramp (2/(1+e^(−γp))−1, the default of dann, ddc, cdan, cdan-e and daan) (dsn: after its warm-up) or constant (the default of dan, coral, wdgrl and adda).")
    var tradeOffSchedule: TradeOffShape?
    @Option(help: "γ of the λ ramp.") var lambdaGamma: Float = 10
    @Option(help: "Same as --trade-off (DANN's name for it).") var lambdaMax: Float?
    @Option(help: "Same as --trade-off X --trade-off-schedule constant.") var lambda: Float?
    @Option(help: "DANN and CDAN: weight of the domain classifier's loss, for the classifier's own training as well as the reversed gradient (λ scales the reversed gradient only).")
    var domainWeight: Float = 1
    @Option(help: "DDC: width of the bottleneck layer before the classifier (default 256).") var bottleneck: Int?
    @Option(help: "DAN: adapt the last N hidden layers of the label predictor (default: all).") var adaptedLayers: Int?
    @Flag(help: "DAN: also align the extractor's output; CORAL: align the extractor's output instead of the last hidden layer.")
    var adaptFeatures = false
    @Option(help: "MMD estimator: linear (DAN's default, unbiased, linear time) or quadratic (DDC's, all pairs).") var mmdEstimator: MMDEstimator?
    @Option(help: "MMD kernels: bandwidths 2^k × the batch's mean squared distance, k comma-separated, e.g. --kernel-exponents=-2,-1,0,1,2 (the default of dan; ddc: 0).")
    var kernelExponents: String?
    @Option(help: "WDGRL: critic updates per training step (default 5).") var criticSteps: Int?
    @Option(help: "WDGRL: the critic's Adam learning rate (default 1e-4).") var criticLearningRate: Float?
    @Option(help: "WDGRL: γ, the weight of the critic's gradient penalty (default 10).") var gradientPenalty: Float?
    @Option(help: "DAAN: how the dynamic factor ω is computed each epoch: paper (ω = d_g/(d_g + d_l) from the discriminators' error rates, the default) or reference (the reference code's 1 − d_g/(d_g + d_l) from their losses).")
    var dynamicFactor: DAAN.DynamicFactor?
    @Option(help: "DSN: α, the weight of the scale-invariant reconstruction loss (default 0.01).") var reconstructionWeight: Float?
    @Option(help: "DSN: β, the weight of the difference loss between shared and private codes (default 0.075).") var differenceWeight: Float?
    @Option(help: "DSN: γ, the weight of the similarity (domain-adversarial) loss on the shared code (default 0.25).") var similarityWeight: Float?
    @Option(help: "DSN: steps before the similarity loss is switched on (default 5% of the run).") var warmupSteps: Int?
    @Option(help: "CDAN: the discriminator sees the randomized multilinear map when features × classes exceeds N, the exact map f ⊗ g otherwise (default 4096; 0: always randomized).")
    var randomizedAbove: Int?
    @Option(help: "CDAN: width d of the randomized multilinear map (R_f f) ⊙ (R_g g)/√d (default 1024).") var randomizedDimension: Int?

    func validate() throws {
        let given = [tradeOff, lambdaMax, lambda].compactMap { $0 }
        guard given.count <= 1 else { throw ValidationError("give one of --trade-off, --lambda-max and --lambda") }
        if lambda != nil && tradeOffSchedule == .ramp { throw ValidationError("--lambda is a constant λ; it cannot ramp") }
        for (flag, value) in [("--trade-off", tradeOff), ("--lambda-max", lambdaMax), ("--lambda", lambda), ("--lambda-gamma", lambdaGamma), ("--domain-weight", domainWeight)] {
            if let value, !(value.isFinite && value >= 0) { throw ValidationError("\(flag) must be a finite, non-negative number, got \(value)") }
        }
        if let bottleneck, bottleneck <= 0 { throw ValidationError("--bottleneck must be positive, got \(bottleneck)") }
        if let adaptedLayers, adaptedLayers <= 0 { throw ValidationError("--adapted-layers must be positive, got \(adaptedLayers)") }
        if let randomizedAbove, randomizedAbove < 0 { throw ValidationError("--randomized-above must not be negative, got \(randomizedAbove)") }
        if let randomizedDimension, randomizedDimension < 1 || randomizedDimension > NetworkConfiguration.maximumRandomizedDimension {
            throw ValidationError("--randomized-dimension must be in 1…\(NetworkConfiguration.maximumRandomizedDimension), got \(randomizedDimension)")
        }
        _ = try exponents()
        if let criticSteps, !(1...1000).contains(criticSteps) { throw ValidationError("--critic-steps must be in 1…1000, got \(criticSteps)") }
        if let criticLearningRate, !(criticLearningRate > 0 && criticLearningRate.isFinite) { throw ValidationError("--critic-learning-rate must be a positive number, got \(criticLearningRate)") }
        if let gradientPenalty, !(gradientPenalty >= 0 && gradientPenalty.isFinite) { throw ValidationError("--gradient-penalty must be a finite, non-negative number, got \(gradientPenalty)") }
        let adversaryFlags = [(criticSteps != nil, "--critic-steps", [TrainingMethod.wdgrl]), (criticLearningRate != nil, "--critic-learning-rate", [.wdgrl]),
                              (gradientPenalty != nil, "--gradient-penalty", [.wdgrl]), (dynamicFactor != nil, "--dynamic-factor", [.daan]),
                              (reconstructionWeight != nil, "--reconstruction-weight", [.dsn]), (differenceWeight != nil, "--difference-weight", [.dsn]),
                              (similarityWeight != nil, "--similarity-weight", [.dsn]), (warmupSteps != nil, "--warmup-steps", [.dsn])]
        for (flag, value) in [("--reconstruction-weight", reconstructionWeight), ("--difference-weight", differenceWeight), ("--similarity-weight", similarityWeight)] {
            if let value, !(value.isFinite && value >= 0) { throw ValidationError("\(flag) must be a finite, non-negative number, got \(value)") }
        }
        if let warmupSteps, warmupSteps < 0 { throw ValidationError("--warmup-steps must not be negative, got \(warmupSteps)") }
        let methodFlags = [(bottleneck != nil, "--bottleneck", [TrainingMethod.ddc]), (adaptedLayers != nil, "--adapted-layers", [.dan]),
                           (mmdEstimator != nil, "--mmd-estimator", [.ddc, .dan]), (adaptFeatures, "--adapt-features", [.dan, .coral]), (kernelExponents != nil, "--kernel-exponents", [.ddc, .dan]),
                           (randomizedAbove != nil, "--randomized-above", [.cdan, .cdanE]), (randomizedDimension != nil, "--randomized-dimension", [.cdan, .cdanE])]
        for (isGiven, flag, methods) in methodFlags + adversaryFlags where isGiven && !methods.contains(method) {
            throw ValidationError("\(flag) applies to --method \(methods.map(\.rawValue).joined(separator: " or ")), not \(method.rawValue)")
        }
    }

    func exponents() throws -> [Int]? {
        guard let kernelExponents else { return nil }
        let values = kernelExponents.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0.map { abs($0) <= 20 } ?? false }) else {
            throw ValidationError("--kernel-exponents must be integers in -20…20 separated by commas, got '\(kernelExponents)'")
        }
        return values.map { $0! }
    }

    /// The method and its settings, on top of the method's defaults.
    func apply(to configuration: inout TrainingConfiguration) throws {
        let defaults = TrainingConfiguration(method: method)
        configuration.method = method
        let weight = tradeOff ?? lambdaMax ?? lambda ?? defaults.tradeOff.maximum
        let shape = tradeOffSchedule ?? (lambda != nil ? .constant : nil)
        switch shape ?? { if case .ramp = defaults.tradeOff { return .ramp } else { return .constant } }() {
        case .ramp: configuration.tradeOff = .ramp(gamma: lambdaGamma, maximum: weight)
        case .constant: configuration.tradeOff = .constant(weight)
        }
        configuration.domainLossWeight = domainWeight
        var discrepancy = DiscrepancyOptions()
        discrepancy.bottleneckWidth = bottleneck
        discrepancy.adaptedLayers = adaptedLayers
        discrepancy.estimator = mmdEstimator
        discrepancy.adaptFeatures = adaptFeatures ? true : nil
        discrepancy.kernelExponents = try exponents()
        configuration.discrepancy = discrepancy == DiscrepancyOptions() ? nil : discrepancy
        var adversary = AdversaryOptions()
        adversary.updatesPerStep = criticSteps
        adversary.learningRate = criticLearningRate
        adversary.gradientPenalty = gradientPenalty
        adversary.dynamicFactor = dynamicFactor
        configuration.adversary = adversary == AdversaryOptions() ? nil : adversary
        var separation = SeparationOptions()
        separation.reconstructionWeight = reconstructionWeight
        separation.differenceWeight = differenceWeight
        separation.similarityWeight = similarityWeight
        separation.warmupSteps = warmupSteps
        configuration.separation = separation == SeparationOptions() ? nil : separation
        var conditioning = ConditioningOptions()
        conditioning.randomizedAbove = randomizedAbove
        conditioning.randomizedDimension = randomizedDimension
        configuration.conditioning = conditioning == ConditioningOptions() ? nil : conditioning
    }
}
