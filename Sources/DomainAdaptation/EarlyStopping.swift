import Nabla
import NablaNN

/// Early stopping on a held-out part of the labeled source training set, as the DANN authors'
/// code does: the source validation accuracy is measured every evaluation (one pass over the
/// source by default), the best weights so far are kept (a tie goes to the later ones), and
/// training stops once it has gone `growth` times as many evaluations as the best one and at
/// least `minimumEvaluations` (the authors: 1.5 and 30 epochs). No target label is used.
public struct EarlyStopping: Sendable, Codable, Equatable {
    /// The share of the source training set held out for validation (the authors: 10%).
    public var validationFraction: Double = 0.1
    /// The seed of the held-out rows' choice (recorded so that a run can be repeated).
    public var seed: UInt64 = 0
    /// Evaluations always made before stopping.
    public var minimumEvaluations = 30
    /// Training continues until `growth` × the best evaluation's index.
    public var growth: Double = 1.5

    /// The authors' rule with a held-out share of 10% chosen by `seed`.
    public init(seed: UInt64 = 0) { self.seed = seed }

    /// What is wrong with the settings, or nil.
    public func validationProblem() -> String? {
        if !(validationFraction > 0 && validationFraction < 1) { return "the validation share must be in (0, 1), got \(validationFraction)" }
        if minimumEvaluations < 1 { return "early stopping needs at least one evaluation, got \(minimumEvaluations)" }
        if !(growth >= 1 && growth.isFinite) { return "the early-stopping growth must be at least 1, got \(growth)" }
        return nil
    }

    /// The held-out rows of `count` samples: a seeded random `validationFraction` of them (at
    /// least one, and at least one left for training), and the rest, each in increasing order.
    public func split(count: Int) -> (training: [Int], validation: [Int]) {
        var generator = SeededGenerator(seed: seed ^ 0x7A11_DA7E_0000_0000)
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        let held = min(max(1, Int((Double(count) * validationFraction).rounded())), max(count - 1, 0))
        return (order.dropFirst(held).sorted(), order.prefix(held).sorted())
    }

    /// Whether training should stop after evaluation `evaluation` (1-based) when the best was at `best`.
    public func shouldStop(evaluation: Int, best: Int) -> Bool {
        evaluation >= minimumEvaluations && Double(evaluation) > growth * Double(best)
    }
}

/// Follows the validation accuracy of a training network and keeps its best weights.
public final class EarlyStoppingMonitor {
    /// The rule.
    public let rule: EarlyStopping
    /// The held-out labeled samples.
    public let validation: any SampleSource
    /// Evaluations so far.
    public private(set) var evaluations = 0
    /// The evaluation (1-based) with the best validation accuracy so far (0 before the first).
    public private(set) var bestEvaluation = 0
    /// The best validation accuracy so far.
    public private(set) var bestAccuracy = -1.0
    /// The trainer's step at the best evaluation.
    public private(set) var bestStep = 0
    /// The network's parameters at the best evaluation.
    public private(set) var bestWeights: [String: Tensor] = [:]

    /// A monitor of accuracy on `validation` (which must be labeled).
    public init(rule: EarlyStopping, validation: any SampleSource) {
        precondition(validation.labels != nil, "EarlyStoppingMonitor: the validation samples need labels")
        self.rule = rule
        self.validation = validation
    }

    /// Scores `network` after `step` steps, keeps its weights if they are the best so far, and
    /// says whether training should stop.
    public func observe(_ network: AdaptationNetwork, step: Int) -> Bool {
        evaluations += 1
        let accuracy = network.evaluate(on: validation).accuracy ?? 0
        if accuracy >= bestAccuracy {
            bestAccuracy = accuracy
            bestEvaluation = evaluations
            bestStep = step
            bestWeights = network.stateTensors()
        }
        return rule.shouldStop(evaluation: evaluations, best: bestEvaluation)
    }

    /// Puts the best weights into `network`.
    public func restoreBest(into network: AdaptationNetwork) throws {
        try network.loadState(bestWeights, file: "the best validated weights")
    }

    /// What the summary records.
    public var record: EarlyStoppingRecord {
        EarlyStoppingRecord(rule: rule, validationCount: validation.count, evaluations: evaluations, bestStep: bestStep,
                            bestValidationAccuracy: bestAccuracy)
    }
}

/// How an early-stopped training went (written to `summary.json`).
public struct EarlyStoppingRecord: Sendable, Codable, Equatable {
    /// The rule, with the held-out share and its seed.
    public var rule: EarlyStopping
    /// Source training samples held out.
    public var validationCount: Int
    /// Evaluations made before stopping.
    public var evaluations: Int
    /// The step of the reported (best validated) weights.
    public var bestStep: Int
    /// Their source validation accuracy.
    public var bestValidationAccuracy: Double
}
