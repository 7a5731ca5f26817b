import Nabla
import NablaNN
import Foundation

/// Reverse validation (Ganin et al., JMLR 2016, §5.1.2, after Zhong et al. 2010): a score for
/// one setting of a method's hyper-parameters that needs no target label, so that λ, the
/// learning rate or the width can be chosen among candidates.
///
/// 1. The source S and the target T are each split 90/10 (seeded): S′/S_V and T′/T_V.
/// 2. A model η is trained on S′ (labeled) and T′ (unlabeled), early-stopped on S_V.
/// 3. η labels T′ and T_V.
/// 4. A reverse model η_r, initialised from η (the paper found that better), is trained on the
///    self-labeled T′ as its source and the unlabeled S′ as its target, early-stopped on the
///    self-labeled T_V.
/// 5. The score is η_r's accuracy on S_V (the reverse validation risk is 1 − score); the setting
///    with the highest score is chosen.
///
/// Each candidate costs two trainings. Validators and sweeps (issue #15) can call
/// ``score(network:training:method:source:target:)`` for any method and setting.
public struct ReverseValidation: Sendable {
    /// The 90/10 splits of both domains (share and seed) and the early-stopping rule of both trainings.
    public var rule: EarlyStopping
    /// Steps between early-stopping evaluations; nil: one pass over the training source.
    public var evaluateEvery: Int?

    /// Reverse validation with `rule`'s split and stopping.
    public init(rule: EarlyStopping = EarlyStopping(), evaluateEvery: Int? = nil) {
        self.rule = rule
        self.evaluateEvery = evaluateEvery
    }

    /// How one setting scored.
    public struct Score: Sendable, Codable, Equatable {
        /// η_r's accuracy on the true labels of S_V: the reverse validation score (higher is better).
        public var reverseAccuracy: Double
        /// η's own accuracy on S_V (its early-stopping criterion), for reference.
        public var forwardAccuracy: Double
        /// Steps of the best validated η and η_r.
        public var forwardSteps: Int
        /// Steps of the best validated η_r.
        public var reverseSteps: Int
        /// The reverse validation risk, 1 − ``reverseAccuracy``.
        public var risk: Double { 1 - reverseAccuracy }
    }

    /// Scores one setting: `network` and `training` (its `steps` bound each training; its seed
    /// initialises both models) with `method`, on a labeled `source` and an unlabeled `target`.
    public func score(network: NetworkConfiguration, training: TrainingConfiguration, method: any AdaptationMethod,
                      source: any SampleSource, target: any SampleSource) throws -> Score {
        if let problem = rule.validationProblem() { throw TrainingError.invalidConfiguration(problem) }
        guard source.labels != nil else { throw TrainingError.incompatibleDomains("reverse validation needs a labeled source") }
        var training = training
        training.averagingStart = nil
        let (sourceTrain, sourceValidation) = rule.split(count: source.count)
        let (targetTrain, targetValidation) = EarlyStopping(seed: rule.seed &+ 1).withShare(of: rule).split(count: target.count)
        let labeledS = SampleSubset(source, indices: sourceTrain), validationS = SampleSubset(source, indices: sourceValidation)
        let unlabeledT = SampleSubset.unlabeled(target, indices: targetTrain)

        // η: S′ → T′, early-stopped on S_V.
        var generator = SeededGenerator(seed: training.seed)
        let forward = AdaptationNetwork(configuration: network, method: method, using: &generator)
        let forwardMonitor = try train(forward, training: training, method: method, source: labeledS, target: unlabeledT, validation: validationS)

        // η labels T′ and T_V.
        func selfLabels(_ indices: [Int]) -> [Int] {
            forward.predictedProbabilities(SampleSubset.unlabeled(target, indices: indices)).map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
        }
        let reverseSource = SampleSubset(UnlabeledSamples(target), indices: targetTrain, labels: selfLabels(targetTrain))
        let reverseValidation = SampleSubset(UnlabeledSamples(target), indices: targetValidation, labels: selfLabels(targetValidation))
        let unlabeledS = SampleSubset.unlabeled(source, indices: sourceTrain)

        // η_r: self-labeled T′ → S′, from η's weights, early-stopped on self-labeled T_V.
        let reverse = forward.emptyCopy(method: method)
        try reverse.loadState(forward.stateTensors(), file: "the forward model")
        var reverseTraining = training
        reverseTraining.seed = training.seed &+ 1
        let reverseMonitor = try train(reverse, training: reverseTraining, method: method, source: reverseSource, target: unlabeledS, validation: reverseValidation)
        return Score(reverseAccuracy: reverse.evaluate(on: validationS).accuracy ?? 0, forwardAccuracy: forwardMonitor.bestAccuracy,
                     forwardSteps: forwardMonitor.bestStep, reverseSteps: reverseMonitor.bestStep)
    }

    /// Trains `network` until the rule stops it (or `training.steps`), leaving the best validated weights in it.
    func train(_ network: AdaptationNetwork, training: TrainingConfiguration, method: any AdaptationMethod,
               source: any SampleSource, target: any SampleSource, validation: any SampleSource) throws -> EarlyStoppingMonitor {
        let trainer = try AdaptationTrainer(network: network, configuration: training, method: method, source: source, target: target)
        let monitor = EarlyStoppingMonitor(rule: rule, validation: validation)
        let every = evaluateEvery ?? max(1, (source.count + training.batchSize - 1) / training.batchSize)
        while trainer.step < training.steps {
            try trainer.trainStep()
            if trainer.step % every == 0 || trainer.step == training.steps {
                if monitor.observe(network, step: trainer.step) { break }
            }
        }
        try monitor.restoreBest(into: network)
        return monitor
    }

    /// The paper's λ grid for the shallow experiments: 9 values log-spaced in [0.01, 1].
    public static let paperTradeOffGrid: [Float] = (0..<9).map { Float(pow(10, -2 + Double($0) / 4)) }
}

extension EarlyStopping {
    /// This rule with `other`'s held-out share.
    func withShare(of other: EarlyStopping) -> EarlyStopping {
        var copy = self
        copy.validationFraction = other.validationFraction
        return copy
    }
}
