import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

@Suite("DAAN")
struct DAANTests {
    func trainer(steps: Int = 12, form: DAAN.DynamicFactor? = nil) throws -> AdaptationTrainer {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 100
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: .daan)
        training.tradeOff = TrainingConfiguration(method: .daan).tradeOff
        training.steps = steps
        training.domainLossWeight = 1
        if let form { training.adversary = AdversaryOptions(); training.adversary?.dynamicFactor = form }
        var generator = SeededGenerator(seed: 6)
        let network = AdaptationNetwork(configuration: training.adaptedNetwork(experiment.networkConfiguration), method: .daan, using: &generator)
        return try AdaptationTrainer(network: network, configuration: training, source: domains.source, target: domains.target)
    }

    func batch(_ trainer: AdaptationTrainer, rows m: Int = 6) -> ShardBatch {
        ShardBatch(source: trainer.source.inputs(at: Array(0..<m)), target: trainer.target.inputs(at: Array(0..<m)),
                   labels: Array(trainer.source.labels![0..<m]), share: 1)
    }

    /// Each local discriminator sees the features weighted by its class's predicted probability;
    /// the losses and error counts against a direct computation.
    @Test func lossesAgainstDirectComputation() throws {
        let trainer = try trainer()
        let network = trainer.network, batch = batch(trainer), m = 6
        var context = StepContext(step: 0, progress: 0.5, tradeOff: 1, phase: 0, training: trainer.configuration)
        context.state = [0.25, 0, 0, 0]
        let terms = DAAN().shardLoss(batch, network: network, step: context).auxiliary
        let features = network.features(source: batch.source, target: batch.target, policy: .joint)
        let probabilities = network.labelPredictor(features).softmax()
        let domains = Tensor(shape: [2 * m, 1], scalars: [Float](repeating: 0, count: m) + [Float](repeating: 1, count: m))
        let global = binaryCrossEntropy(logits: DAAN.globalDiscriminator(of: network)(features), targets: domains).scalar
        let classes = network.configuration.classCount
        let local = (0..<classes).map { c -> Float in
            let weighted = features * probabilities.slice(alongAxis: 1, c ..< c + 1)
            return binaryCrossEntropy(logits: DAAN.localDiscriminator(c, of: network)(weighted), targets: domains).scalar
        }.reduce(0, +) / Float(classes)
        #expect(abs(terms["globalDomainLoss"]! - global) < 1e-6)
        #expect(abs(terms["localDomainLoss"]! - local) < 1e-6)
        #expect(terms["omega"] == 0.25 && terms["domainRows"] == 12 && terms["localRows"] == Float(12 * classes))
        let value = DAAN().shardLoss(batch, network: network, step: context).value.scalar
        let label = softmaxCrossEntropy(logits: network.labelPredictor(features).slice(alongAxis: 0, 0 ..< m), labels: batch.labels).scalar
        #expect(abs(value - (label + 0.75 * global + 0.25 * local)) < 1e-5, "L_y + (1 − ω)·L_g + ω·L_l")
    }

    /// With the reversal's scale at −1 the reversal passes gradients unchanged, so the loss's
    /// gradient with respect to every parameter can be checked against finite differences.
    @Test func gradientsMatchFiniteDifferences() throws {
        let trainer = try trainer()
        let network = trainer.network, batch = batch(trainer)
        var context = StepContext(step: 0, progress: 0.5, tradeOff: -1, phase: 0, training: trainer.configuration)
        context.state = [0.3, 0, 0, 0]
        let parameters = network.namedParameters.map(\.parameter)
        let loss = { DAAN().shardLoss(batch, network: network, step: context).value }
        let (_, gradients) = valueWithGradient(at: parameters, of: loss)
        var checked = 0
        for parameter in parameters where parameter.value.scalarCount > 0 {
            let original = parameter.value
            for index in stride(from: 0, to: original.scalarCount, by: max(1, original.scalarCount / 3)) {
                func value(_ delta: Float) -> Float {
                    var scalars = original.scalars
                    scalars[index] += delta
                    parameter.value = Tensor(shape: original.shape, scalars: scalars)
                    defer { parameter.value = original }
                    return withoutGradients { loss().scalar }
                }
                let numeric = (value(1e-2) - value(-1e-2)) / 2e-2
                let analytic = gradients[parameter]?.scalars[index] ?? 0
                #expect(abs(numeric - analytic) <= 2e-2 * max(1, abs(numeric)), "\(numeric) vs \(analytic)")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test func theDynamicFactorInBothForms() {
        // Paper: d = 2(1 − 2ε): ε_g 0.1 → 1.6, ε_l 0.3 → 0.8; ω = 1.6 / 2.4.
        #expect(abs(DAAN.omega(form: .paper, global: 0.1, local: 0.3) - 2.0 / 3) < 1e-6)
        #expect(DAAN.omega(form: .paper, global: 0.7, local: 0.6) == 0.5, "both at chance: no preference")
        #expect(DAAN.omega(form: .paper, global: 0.6, local: 0.2) == 0, "an error above ½ is a distance of 0")
        // Reference: MU = 1 − d_g/(d_g + d_l) from losses; a chance-level loss ln 2 gives d < 0.
        #expect(abs(DAAN.omega(form: .reference, global: 0.1, local: 0.3) - 1.0 / 3) < 1e-6)
        let outside = DAAN.omega(form: .reference, global: 0.69, local: 0.3)
        #expect(outside > 1, "\(outside)")
        #expect(DAAN().warning(forInterval: ["omega": outside], step: 40)?.kind == "omega-outside-unit-interval")
        #expect(DAAN().warning(forInterval: ["omega": 0.4], step: 40) == nil)
    }

    /// ω stays ½ through the first epoch, then follows the epoch's error rates; a run resumed
    /// mid-epoch (its tallies from the checkpoint) repeats the uninterrupted run bit for bit.
    @Test("ω is recomputed each epoch and resumes exactly", arguments: [DAAN.DynamicFactor.paper, .reference])
    func epochsAndResume(form: DAAN.DynamicFactor) throws {
        let whole = try trainer(form: form)
        let epoch = max(1, whole.source.count / whole.configuration.batchSize)
        #expect(epoch < 6, "the test needs an epoch boundary within 12 steps; \(epoch) steps an epoch")
        var omegas: [Float] = []
        for _ in 0..<12 { omegas.append(try whole.trainStep().terms["omega"]!) }
        #expect(omegas.prefix(epoch).allSatisfy { $0 == 0.5 })
        #expect(omegas.allSatisfy { form == .reference || (0...1).contains($0) })
        if form == .reference { #expect(omegas[epoch] != 0.5, "the first epoch's losses move ω") }

        let first = try trainer(form: form)
        for _ in 0..<(epoch + 1) { try first.trainStep() }
        let card = first.checkpointCard(base: ModelCard(network: first.network.configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2))))
        #expect(card.methodState?.count == 4)
        let resumed = try trainer(form: form)
        try resumed.network.loadState(first.network.stateTensors())
        try resumed.restore(card: try ModelCard(json: card.json()), optimizerState: first.optimizerState)
        var resumedOmegas = Array(omegas.prefix(epoch + 1))
        for _ in (epoch + 1)..<12 { resumedOmegas.append(try resumed.trainStep().terms["omega"]!) }
        #expect(resumedOmegas == omegas)
        #expect(resumed.network.stateTensors().mapValues { $0.scalars.map(\.bitPattern) } == whole.network.stateTensors().mapValues { $0.scalars.map(\.bitPattern) })
    }
}
