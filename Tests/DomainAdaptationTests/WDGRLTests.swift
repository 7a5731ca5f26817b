import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

@Suite("WDGRL")
struct WDGRLTests {
    func trainer(steps: Int = 40, configure: (inout TrainingConfiguration) -> Void = { _ in }) throws -> AdaptationTrainer {
        var experiment = TwoMoonsExperiment()
        experiment.batchSize = 16
        let domains = experiment.makeDomains()
        var training = experiment.trainingConfiguration(method: .wdgrl)
        training.tradeOff = TrainingConfiguration(method: .wdgrl).tradeOff
        training.steps = steps
        configure(&training)
        var generator = SeededGenerator(seed: 3)
        let network = AdaptationNetwork(configuration: training.adaptedNetwork(experiment.networkConfiguration), method: .wdgrl, using: &generator)
        return try AdaptationTrainer(network: network, configuration: training, source: domains.source, target: domains.target)
    }

    /// A critic D(x) = w·x + b has ‖∇D‖ = ‖w‖ everywhere: the penalty is (‖w‖ − 1)², and W is
    /// w·(mean source − mean target).
    @Test func estimateAndPenaltyOfALinearCritic() {
        var generator = SeededGenerator(seed: 1)
        let linear = Linear(inputSize: 3, outputSize: 1, using: &generator)
        let critic = Sequential([linear])
        let source = Tensor(shape: [2, 3], scalars: [1, 2, 3, 3, 2, 1]), target = Tensor(shape: [2, 3], scalars: [0, 0, 0, 2, 2, 2])
        let w = linear.weight.value.scalars
        let norm = w.map { $0 * $0 }.reduce(0, +).squareRoot()
        let penalty = WDGRL.gradientPenalty(critic: critic, at: Tensor.concatenate([source, target]))
        #expect(abs(penalty.scalar - (norm - 1) * (norm - 1)) < 1e-5)
        // mean source (2, 2, 2) − mean target (1, 1, 1) = (1, 1, 1).
        let estimate = WDGRL.wassersteinEstimate(critic: critic, source: source, target: target)
        #expect(abs(estimate.scalar - w.reduce(0, +)) < 1e-5)
    }

    /// The penalty's gradient with respect to the critic's weights (a second derivative through the
    /// ReLU critic) against finite differences of the penalty.
    @Test func penaltyGradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 2)
        let points = Tensor.uniform(shape: [6, 4], in: -2...2, using: &generator)
        let first = Linear(inputSize: 4, outputSize: 5, using: &generator), second = Linear(inputSize: 5, outputSize: 1, using: &generator)
        let weights = [first.weight.value, first.bias!.value, second.weight.value, second.bias!.value]
        let mismatches = gradientCheckMismatches(at: weights, tolerance: 2e-3) { w in
            let x = points.requiringGradient()
            let output = matmul((matmul(x, transposed: false, w[0], transposed: true) + w[1]).relu(), transposed: false, w[2], transposed: true) + w[3]
            let gradient = differentiableGradients(of: output.sum(), withRespectTo: [x])[0]
            return ((gradient.squared().sum(alongAxis: 1) + 1e-12).squareRoot() - 1).squared().mean()
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    /// The critic's updates raise its estimate of the distance between two-moons domains (rotated
    /// by 30°), and stay finite; the extractor never sees the critic's gradient directly.
    @Test func theCriticLearnsToSeparateTheDomains() throws {
        let trainer = try trainer { $0.adversary = AdversaryOptions(); $0.adversary?.learningRate = 1e-2 }
        let first = try trainer.trainStep()
        var last = first
        for _ in 0..<30 { last = try trainer.trainStep() }
        #expect(last.terms["criticWasserstein"]! > first.terms["criticWasserstein"]!)
        let finite = last.terms.values.allSatisfy { $0.isFinite }
        #expect(finite)
    }

    /// Critic updates are seeded by step: a trainer restored from a checkpoint of step k continues
    /// with exactly the weights of an uninterrupted one (Adam's moments and step count included).
    @Test func resumingRepeatsTheCriticsUpdates() throws {
        let whole = try trainer(steps: 6)
        for _ in 0..<6 { try whole.trainStep() }
        let first = try trainer(steps: 6)
        for _ in 0..<3 { try first.trainStep() }
        let card = first.checkpointCard(base: ModelCard(network: first.network.configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[0, 0]], featureCount: 2))))
        let state = first.optimizerState
        #expect(state["critic.adam.step"]?.scalar == 15, "5 critic updates per step, 3 steps")
        let resumed = try trainer(steps: 6)
        try resumed.network.loadState(first.network.stateTensors(), file: "test")
        try resumed.restore(card: card, optimizerState: state)
        for _ in 0..<3 { try resumed.trainStep() }
        for (name, tensor) in whole.network.stateTensors() {
            #expect(resumed.network.stateTensors()[name]?.scalars == tensor.scalars, "\(name)")
        }
    }

    @Test func aNegativeEstimateIsWarnedAbout() {
        #expect(WDGRL().warning(forInterval: ["criticWasserstein": 0.3], step: 100) == nil)
        let warning = WDGRL().warning(forInterval: ["criticWasserstein": -0.02], step: 100)
        #expect(warning?.kind == "negative-wasserstein")
        #expect(warning?.message.contains("--critic-steps") == true)
    }
}
