import Nabla
import NablaNN

/// Dynamic adversarial adaptation network (Yu et al., ICDM 2019).
///
/// A global domain discriminator G_g sees the features, as DANN's does; one local discriminator
/// per class, G_c, sees p_c(x)·f(x), the features weighted by the predicted probability of class c
/// (held constant, as the reference code does; the reversal is on the features). The loss is
/// L_y + (1 − ω)·L_g + ω·L_l, with L_l the mean of the local discriminators' losses and both behind
/// the gradient reversal (λ on DANN's ramp).
///
/// The dynamic factor ω is recomputed after each epoch from the discriminators' proxy A-distances
/// d = 2(1 − 2ε) over that epoch:
/// - `paper` (default): the paper's ω = d_g / (d_g + d̄_l), with ε each discriminator's error rate
///   on the epoch's rows and ε above ½ counted as ½ (a distance cannot be negative), so ω stays in
///   [0, 1] by construction (½ when both distances are 0).
/// - `reference`: the reference code's MU = 1 − d_g/(d_g + d_l), computed from the epoch's mean
///   losses in place of error rates. Losses above ½ (a chance discriminator's is ln 2 ≈ 0.69)
///   make d negative and MU can leave [0, 1]; it is clamped where it weighs the losses, and a
///   warning says so.
/// The code's MU weighs the local loss with the complement of the paper's ω; the paper's form is
/// the default because it is the method's definition and its ω is a proportion by construction.
/// ω starts at ½, as in the reference.
///
/// Adapted to the paper's MNIST architecture: the discriminators have DANN's domain-classifier shape
/// (features → 100 → 1) instead of 1024–1024 with dropout, and the losses are not rescaled (the
/// reference multiplies L_g by 0.05 and L_l by 0.01 for its ResNet-50 features).
public struct DAAN: AdaptationMethod {
    /// DAAN with the options of ``TrainingConfiguration/adversary``.
    public init() {}

    /// How ω is computed.
    public enum DynamicFactor: String, Sendable, Codable, CaseIterable {
        /// The paper's ω from error rates, in [0, 1] by construction.
        case paper
        /// The reference code's MU from mean losses.
        case reference
    }

    /// The state: ω, then the epoch's two tallies (global, local) and its count of rows (paper) or steps (reference).
    public var initialState: [Float] { [0.5, 0, 0, 0] }

    /// The global discriminator, then one per class.
    public func makeModules(for network: NetworkConfiguration, using generator: inout SeededGenerator) -> [(name: String, module: any Module)] {
        let width = network.featureCount!
        return [("globalDiscriminator", network.head(input: width, hidden: network.domainHiddenWidths, output: 1, &generator))]
            + (0..<network.classCount).map { ("localDiscriminator\($0)", network.head(input: width, hidden: network.domainHiddenWidths, output: 1, &generator)) }
    }

    /// Source cross-entropy + (1 − ω)·L_g + ω·L_l, both behind the reversal; logs each loss, the
    /// discriminators' errors and ω.
    public func shardLoss(_ batch: ShardBatch, network: AdaptationNetwork, step: StepContext) -> ShardContribution<LossTerms> {
        let m = batch.rows
        let features = network.features(source: batch.source, target: batch.target, policy: step.training.batchStatistics)
        let logits = network.labelPredictor(features)
        let labelLoss = softmaxCrossEntropy(logits: logits.slice(alongAxis: 0, 0 ..< m), labels: batch.labels)
        let probabilities = logits.detached().softmax()
        let reversed = features.reversingGradient(scale: step.tradeOff)
        let domains = Tensor(shape: [2 * m, 1], scalars: [Float](repeating: 0, count: m) + [Float](repeating: 1, count: m))
        func errors(_ logits: Tensor) -> Int { logits.scalars.enumerated().filter { ($0.element > 0) != ($0.offset >= m) }.count }

        let globalLogits = Self.globalDiscriminator(of: network)(reversed)
        let globalLoss = binaryCrossEntropy(logits: globalLogits, targets: domains)
        let classes = network.configuration.classCount
        var localLoss = Tensor(0), localErrors = 0
        for c in 0..<classes {
            let weight = probabilities.slice(alongAxis: 1, c ..< c + 1)
            let localLogits = Self.localDiscriminator(c, of: network)(reversed * weight)
            localLoss = localLoss + binaryCrossEntropy(logits: localLogits, targets: domains)
            localErrors += errors(localLogits)
        }
        localLoss = localLoss / Float(classes)
        let omega = Self.appliedOmega(step.state[0])
        let domainLoss = (globalLoss * (1 - omega) + localLoss * omega) * step.training.domainLossWeight
        let terms = LossTerms([("labelLoss", labelLoss.scalar * batch.share), ("globalDomainLoss", globalLoss.scalar * batch.share),
                               ("localDomainLoss", localLoss.scalar * batch.share), ("globalErrors", Float(errors(globalLogits))),
                               ("localErrors", Float(localErrors)), ("domainRows", Float(2 * m)), ("localRows", Float(2 * m * classes)),
                               ("omega", step.state[0] * batch.share)])
        return ShardContribution(value: (labelLoss + domainLoss) * batch.share, auxiliary: terms)
    }

    /// ω as it weighs the losses: clamped to [0, 1] (only the reference form can leave it).
    static func appliedOmega(_ omega: Float) -> Float { min(max(omega, 0), 1) }

    /// Adds the step to the epoch's tallies; after the epoch's last step, ω from them.
    public func state(after step: StepContext, terms: LossTerms) -> [Float] {
        let form = step.training.adversary?.dynamicFactor ?? .paper
        var state = step.state
        switch form {
        case .paper:
            state[1] += terms["globalErrors"]! / terms["domainRows"]!
            state[2] += terms["localErrors"]! / terms["localRows"]!
        case .reference:
            state[1] += terms["globalDomainLoss"]!
            state[2] += terms["localDomainLoss"]!
        }
        state[3] += 1
        guard (step.step + 1) % step.stepsPerEpoch == 0 else { return state }
        return [Self.omega(form: form, global: state[1] / state[3], local: state[2] / state[3]), 0, 0, 0]
    }

    /// ω from an epoch's mean global and local error rates (paper) or losses (reference).
    public static func omega(form: DynamicFactor, global: Float, local: Float) -> Float {
        func distance(_ x: Float) -> Float { 2 * (1 - 2 * (form == .paper ? min(x, 0.5) : x)) }
        let dg = distance(global), dl = distance(local)
        guard dg + dl != 0 else { return 0.5 }
        return form == .paper ? dg / (dg + dl) : 1 - dg / (dg + dl)
    }

    /// `labelLoss`, `globalDomainLoss`, `localDomainLoss`, the discriminators' batch accuracies
    /// (`globalDomainAccuracy`, `localDomainAccuracy` over all local discriminators) and `omega`.
    public func metrics(from terms: LossTerms, batchSize: Int) -> [String: Float] {
        ["labelLoss": terms["labelLoss"]!, "globalDomainLoss": terms["globalDomainLoss"]!, "localDomainLoss": terms["localDomainLoss"]!,
         "globalDomainAccuracy": 1 - terms["globalErrors"]! / terms["domainRows"]!,
         "localDomainAccuracy": 1 - terms["localErrors"]! / terms["localRows"]!, "omega": terms["omega"]!]
    }

    /// The reference form's ω outside [0, 1]: its losses passed ½, so the "distances" went negative.
    public func warning(forInterval terms: [String: Float], step: Int) -> MethodWarning? {
        guard let omega = terms["omega"], omega < 0 || omega > 1 else { return nil }
        return MethodWarning(kind: "omega-outside-unit-interval", message: "DAAN's dynamic factor ω = \(String(format: "%.3f", omega)) left [0, 1] at step \(step) (the reference form's losses exceeded ½); it is clamped where it weighs the losses; --dynamic-factor paper keeps it a proportion")
    }

    /// The global domain discriminator.
    public static func globalDiscriminator(of network: AdaptationNetwork) -> Sequential {
        guard let module = network.module(named: "globalDiscriminator", as: Sequential.self) else {
            preconditionFailure("DAAN: the network was built for another method (no global discriminator)")
        }
        return module
    }

    /// The local discriminator of class `c`.
    public static func localDiscriminator(_ c: Int, of network: AdaptationNetwork) -> Sequential {
        guard let module = network.module(named: "localDiscriminator\(c)", as: Sequential.self) else {
            preconditionFailure("DAAN: the network was built for another method (no local discriminator \(c))")
        }
        return module
    }
}
