import NablaOptimizers

/// Everything that decides one training run. Defaults are the paper's protocol (Ganin et al.,
/// JMLR 2016): λ ramp with γ = 10, μ_p = 0.01 / (1 + 10p)^0.75, SGD momentum 0.9, 64 + 64 batches.
public struct TrainingConfiguration: Sendable, Codable, Equatable {
    /// The adaptation method; set it with ``init(method:)`` to get the method's default trade-off.
    public var method: TrainingMethod = .dann
    /// SGD steps in all (each draws one source and one target batch); must be positive.
    public var steps: Int = 20_000
    /// Samples per domain per step.
    public var batchSize: Int = 64
    /// The adaptation weight λ over training (`--trade-off`); see ``init(method:)`` for each
    /// method's default.
    public var tradeOff: TradeOffSchedule = .paper
    /// μ₀, the learning rate at the first step (positive); each parameter group scales it by its
    /// multiplier.
    public var initialLearningRate: Float = 0.01
    /// `μ_p = μ₀ / (1 + α·p)^β`; α = 0 gives a constant rate.
    public var learningRateAlpha: Float = 10
    /// β of the annealing `μ_p = μ₀ / (1 + α·p)^β`.
    public var learningRateBeta: Float = 0.75
    /// SGD momentum, in `[0, 1)`.
    public var momentum: Float = 0.9
    /// L2 weight decay added to the gradient (not negative).
    public var weightDecay: Float = 0
    /// Weight of DANN's domain-classifier loss in the total loss (the paper: 1; λ acts only
    /// through the gradient reversal, so this scales the classifier's own training too).
    public var domainLossWeight: Float = 1
    /// How batch-norm layers see the two domains' batches (matters only with batch-norm).
    public var batchStatistics: BatchStatisticsPolicy = .joint
    /// Seed of the batch samplers (the `dann` tool seeds the initial weights with it too): the same seed and
    /// settings repeat a run exactly.
    public var seed: UInt64 = 0
    /// Training progress after which the weights of every step are averaged into the reported
    /// model (see ``WeightAverage``); `nil` reports the final iterate, as the paper does.
    /// 0.75 (the last quarter) is stochastic weight averaging's usual start, not a tuned value.
    public var averagingStart: Float? = 0.75
    /// Options of the MMD and CORAL methods (nil: the method's published defaults).
    public var discrepancy: DiscrepancyOptions?
    /// Options of the adversarial methods (WDGRL's critic, DAAN's ω; nil: published defaults).
    public var adversary: AdversaryOptions?
    /// DSN's loss weights and warm-up (nil: published defaults).
    public var separation: SeparationOptions?
    /// CDAN's choice between the exact and the randomized multilinear map (nil: the defaults).
    public var conditioning: ConditioningOptions?
    /// The share of the source training samples held out from training (seeded by ``seed``; see
    /// ``PreparedDomains/holdingOutSourceValidation(fraction:seed:)``) for label-free validation;
    /// nil holds out none.
    public var sourceValidationFraction: Float?
    /// Random transforms of the training images (nil: none, as in the paper); recorded so that a
    /// resumed run and the card say how the model was trained.
    public var augmentation: ImageAugmentation?
    /// Finetuning: parameters whose dotted name starts with one of these prefixes
    /// (`featureExtractor.`, `featureExtractor.conv1`) are left out of every optimizer group and
    /// never updated (batch-norm running statistics still follow the batches in training mode).
    /// nil freezes nothing; each prefix must match a parameter of the network.
    public var frozenPrefixes: [String]?
    /// Finetuning: the extractor's parameters (`featureExtractor.*`) learn at this multiple of
    /// their group's learning rate (0.1 in DANN's Office setup and TLlib); nil is 1 and leaves the
    /// groups as the method builds them.
    public var backboneLearningRateMultiplier: Float?

    /// The last step not averaged: steps after it go into the average (nil without averaging).
    public var lastStepBeforeAveraging: Int? {
        averagingStart.map { min(Int((Double($0) * Double(steps)).rounded(.down)), steps - 1) }
    }

    /// The paper's protocol with DANN.
    public init() {}

    /// The paper's protocol with `method` and the method's own default trade-off schedule.
    public init(method: TrainingMethod) {
        self.method = method
        tradeOff = method.implementation.defaultTradeOff
    }

    /// `network` with the changes this configuration's method makes to the backbone (DDC's
    /// bottleneck): build the network from this, and a checkpoint records it as built.
    public func adaptedNetwork(_ network: NetworkConfiguration) -> NetworkConfiguration {
        var adapted = network
        method.implementation.adapt(&adapted, training: self)
        return adapted
    }

    /// The annealed learning rate from ``initialLearningRate``, ``learningRateAlpha`` and
    /// ``learningRateBeta``.
    public var learningRateSchedule: AnnealedLearningRate {
        AnnealedLearningRate(initialRate: initialLearningRate, alpha: learningRateAlpha, beta: learningRateBeta)
    }

    /// Checks the values; the message names the setting and the value.
    public func validationProblem() -> String? {
        if steps <= 0 { return "steps must be positive, got \(steps)" }
        if batchSize <= 0 { return "batch size must be positive, got \(batchSize)" }
        if !(initialLearningRate > 0) || !initialLearningRate.isFinite { return "learning rate must be positive, got \(initialLearningRate)" }
        if momentum < 0 || momentum >= 1 { return "momentum must be in [0, 1), got \(momentum)" }
        if weightDecay < 0 { return "weight decay must not be negative, got \(weightDecay)" }
        if let averagingStart, !(averagingStart >= 0 && averagingStart < 1) {
            return "weight averaging must start at a progress in [0, 1), got \(averagingStart)"
        }
        switch tradeOff {
        case .ramp(let gamma, let maximum): if !(gamma.isFinite && maximum.isFinite) { return "the trade-off schedule must be finite" }
        case .constant(let value): if !value.isFinite { return "the trade-off must be finite, got \(value)" }
        }
        if let problem = discrepancy?.validationProblem() { return problem }
        if let problem = adversary?.validationProblem() { return problem }
        if let problem = separation?.validationProblem(steps: steps) { return problem }
        if let problem = conditioning?.validationProblem() { return problem }
        if let problem = augmentation?.validationProblem() { return problem }
        if let sourceValidationFraction, !(sourceValidationFraction > 0 && sourceValidationFraction < 1) {
            return "the source validation fraction must be in (0, 1), got \(sourceValidationFraction)"
        }
        if let frozenPrefixes {
            if frozenPrefixes.isEmpty { return "give at least one prefix of parameters to freeze" }
            if frozenPrefixes.contains(where: { $0.allSatisfy(\.isWhitespace) }) { return "a prefix of parameters to freeze is empty" }
        }
        if let backboneLearningRateMultiplier, !(backboneLearningRateMultiplier >= 0 && backboneLearningRateMultiplier.isFinite) {
            return "the backbone learning-rate multiplier must be a finite, non-negative number, got \(backboneLearningRateMultiplier)"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case method, steps, batchSize, tradeOff, initialLearningRate, learningRateAlpha, learningRateBeta
        case momentum, weightDecay, domainLossWeight, batchStatistics, seed, averagingStart, discrepancy, sourceValidationFraction
        case augmentation, conditioning, adversary, separation, frozenPrefixes, backboneLearningRateMultiplier
    }
    /// Checkpoints written before format 2 call the trade-off schedule "reversal".
    enum LegacyCodingKeys: String, CodingKey { case reversal }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decode(TrainingMethod.self, forKey: .method)
        steps = try container.decode(Int.self, forKey: .steps)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        if let tradeOff = try container.decodeIfPresent(TradeOffSchedule.self, forKey: .tradeOff) {
            self.tradeOff = tradeOff
        } else {
            tradeOff = try decoder.container(keyedBy: LegacyCodingKeys.self).decode(TradeOffSchedule.self, forKey: .reversal)
        }
        initialLearningRate = try container.decode(Float.self, forKey: .initialLearningRate)
        learningRateAlpha = try container.decode(Float.self, forKey: .learningRateAlpha)
        learningRateBeta = try container.decode(Float.self, forKey: .learningRateBeta)
        momentum = try container.decode(Float.self, forKey: .momentum)
        weightDecay = try container.decode(Float.self, forKey: .weightDecay)
        domainLossWeight = try container.decode(Float.self, forKey: .domainLossWeight)
        batchStatistics = try container.decode(BatchStatisticsPolicy.self, forKey: .batchStatistics)
        seed = try container.decode(UInt64.self, forKey: .seed)
        averagingStart = try container.decodeIfPresent(Float.self, forKey: .averagingStart)
        discrepancy = try container.decodeIfPresent(DiscrepancyOptions.self, forKey: .discrepancy)
        conditioning = try container.decodeIfPresent(ConditioningOptions.self, forKey: .conditioning)
        sourceValidationFraction = try container.decodeIfPresent(Float.self, forKey: .sourceValidationFraction)
        augmentation = try container.decodeIfPresent(ImageAugmentation.self, forKey: .augmentation)
        adversary = try container.decodeIfPresent(AdversaryOptions.self, forKey: .adversary)
        separation = try container.decodeIfPresent(SeparationOptions.self, forKey: .separation)
        frozenPrefixes = try container.decodeIfPresent([String].self, forKey: .frozenPrefixes)
        backboneLearningRateMultiplier = try container.decodeIfPresent(Float.self, forKey: .backboneLearningRateMultiplier)
    }
}

/// How the discrepancy methods (DDC, DAN, Deep CORAL) measure the distance between the domains.
/// A nil field takes the method's published default.
public struct DiscrepancyOptions: Sendable, Codable, Equatable {
    /// DDC's bottleneck width (the DDC paper's 256).
    public var bottleneckWidth: Int?
    /// DAN: how many of the label predictor's last hidden layers are adapted (nil: all).
    public var adaptedLayers: Int?
    /// DAN and CORAL: also (CORAL: instead) align the extractor's output, where DANN's domain
    /// classifier looks, rather than only the label predictor's layers (nil: no).
    public var adaptFeatures: Bool?
    /// MMD estimator: DAN's default is the paper's linear-time one; DDC's is the quadratic one.
    public var estimator: MMDEstimator?
    /// Kernel bandwidths σ²_k = 2^k · (mean pairwise squared distance of the batch), k in this
    /// list (DAN: −2…2; DDC uses k = 0 alone).
    public var kernelExponents: [Int]?

    /// Every option nil: each method's published defaults.
    public init() {}

    func validationProblem() -> String? {
        if let bottleneckWidth, bottleneckWidth <= 0 { return "the bottleneck width must be positive, got \(bottleneckWidth)" }
        if let adaptedLayers, adaptedLayers <= 0 { return "the number of adapted layers must be positive, got \(adaptedLayers)" }
        if let kernelExponents {
            if kernelExponents.isEmpty { return "give at least one kernel exponent" }
            if let bad = kernelExponents.first(where: { abs($0) > 20 }) { return "kernel exponents must be in −20…20, got \(bad)" }
        }
        return nil
    }
}

/// Options of the adversarial methods: how an adversary trained in an inner loop learns (WDGRL's
/// critic) and DAAN's dynamic factor. A nil field takes the method's published default.
public struct AdversaryOptions: Sendable, Codable, Equatable {
    /// Adversary updates per training step (WDGRL: 5).
    public var updatesPerStep: Int?
    /// The adversary's Adam learning rate (WDGRL: 1e-4).
    public var learningRate: Float?
    /// γ, the weight of WDGRL's gradient penalty (10).
    public var gradientPenalty: Float?
    /// How DAAN computes its dynamic factor ω (the paper's form by default).
    public var dynamicFactor: DAAN.DynamicFactor?

    /// Every option nil: the published defaults.
    public init() {}

    func validationProblem() -> String? {
        if let updatesPerStep, !(1...1000).contains(updatesPerStep) { return "adversary updates per step must be in 1…1000, got \(updatesPerStep)" }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) { return "the adversary's learning rate must be positive, got \(learningRate)" }
        if let gradientPenalty, !(gradientPenalty >= 0 && gradientPenalty.isFinite) { return "the gradient penalty weight must be a finite, non-negative number, got \(gradientPenalty)" }
        return nil
    }
}

/// When CDAN's domain discriminator sees the exact multilinear map `f ⊗ g` and when its
/// randomized approximation (``NetworkConfiguration/Conditioning``). A nil field takes the default.
public struct ConditioningOptions: Sendable, Codable, Equatable {
    /// The map is randomized when `featureCount × classCount` exceeds this (default
    /// ``defaultRandomizedAbove``; 0 always randomizes).
    public var randomizedAbove: Int?
    /// `d`, the randomized map's width (default ``defaultRandomizedDimension``).
    public var randomizedDimension: Int?

    /// 4096, as specified for this tool (TLlib has no threshold: a `--randomized` flag chooses the map).
    public static let defaultRandomizedAbove = 4096
    /// 1024: the randomized map's width in the authors' code (thuml/CDAN) and TLlib.
    public static let defaultRandomizedDimension = 1024

    /// Every option nil: the defaults.
    public init() {}

    /// The conditioning of a network with `featureCount` features and `classCount` classes.
    public func conditioning(featureCount: Int, classCount: Int) -> NetworkConfiguration.Conditioning {
        let (product, overflow) = featureCount.multipliedReportingOverflow(by: classCount)
        let randomized = overflow || product > (randomizedAbove ?? Self.defaultRandomizedAbove)
        return NetworkConfiguration.Conditioning(randomizedDimension: randomized ? randomizedDimension ?? Self.defaultRandomizedDimension : nil)
    }

    func validationProblem() -> String? {
        if let randomizedAbove, randomizedAbove < 0 { return "the randomized map's threshold must not be negative, got \(randomizedAbove)" }
        if let randomizedDimension, randomizedDimension < 1 || randomizedDimension > NetworkConfiguration.maximumRandomizedDimension {
            return "the randomized map's dimension must be in 1…\(NetworkConfiguration.maximumRandomizedDimension), got \(randomizedDimension)"
        }
        return nil
    }
}

/// Domain separation networks' loss weights and warm-up. A nil field takes the published default
/// (``DSN``).
public struct SeparationOptions: Sendable, Codable, Equatable {
    /// α, the reconstruction loss's weight (0.01).
    public var reconstructionWeight: Float?
    /// β, the difference loss's weight (0.075).
    public var differenceWeight: Float?
    /// γ, the similarity (domain-adversarial) loss's weight (0.25).
    public var similarityWeight: Float?
    /// Steps before the similarity loss is switched on (5% of the run).
    public var warmupSteps: Int?

    /// Every option nil: the published defaults.
    public init() {}

    func validationProblem(steps: Int) -> String? {
        for (name, value) in [("reconstruction", reconstructionWeight), ("difference", differenceWeight), ("similarity", similarityWeight)] {
            if let value, !(value >= 0 && value.isFinite) { return "the \(name) weight must be a finite, non-negative number, got \(value)" }
        }
        if let warmupSteps, !(0...steps).contains(warmupSteps) { return "the warm-up must be 0…\(steps) steps (the run's), got \(warmupSteps)" }
        return nil
    }
}
