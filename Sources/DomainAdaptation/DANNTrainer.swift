import Foundation
import Nabla
import NablaNN
import NablaOptimizers

/// What one training step measured.
public struct StepMetrics: Sendable, Codable, Equatable {
    public var step: Int
    public var labelLoss: Float
    public var domainLoss: Float
    /// Fraction of this step's source+target samples the domain classifier got right (`nil`
    /// for target-only training, where the domain classifier is not trained).
    public var domainAccuracy: Float?
    /// λ used by the gradient reversal layer.
    public var reversalScale: Float
    public var learningRate: Float
}

/// Training stopped because of something the user must know about.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case nonFiniteLoss(step: Int, labelLoss: Float, domainLoss: Float)
    case invalidConfiguration(String)
    case incompatibleDomains(String)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let step, let label, let domain):
            "training diverged at step \(step): label loss \(label), domain loss \(domain) (try a lower learning rate)"
        case .invalidConfiguration(let problem): "invalid training configuration: \(problem)"
        case .incompatibleDomains(let problem): "incompatible domains: \(problem)"
        }
    }
}

/// Runs Algorithm 1 of Ganin et al. with minibatches: each step draws one source batch and one
/// target batch, minimises the label loss on the source, trains the domain classifier on both,
/// and, through the gradient reversal layer, pushes the extractor to confuse it.
public final class DANNTrainer {
    public let network: DomainAdversarialNetwork
    public let configuration: TrainingConfiguration
    public let source: any SampleSource
    public let target: any SampleSource
    public let optimizer: SGD
    public private(set) var step = 0
    var sourceSampler: BatchSampler
    var targetSampler: BatchSampler
    let parameters: [Parameter]

    public init(network: DomainAdversarialNetwork, configuration: TrainingConfiguration,
                source: any SampleSource, target: any SampleSource) throws {
        if let problem = configuration.validationProblem() { throw TrainingError.invalidConfiguration(problem) }
        guard source.sampleShape == network.configuration.inputShape, target.sampleShape == network.configuration.inputShape else {
            throw TrainingError.incompatibleDomains("source samples \(source.sampleShape), target samples \(target.sampleShape), network input \(network.configuration.inputShape)")
        }
        let labeled = configuration.method == .targetOnly ? target : source
        guard let labels = labeled.labels else {
            throw TrainingError.incompatibleDomains("method \(configuration.method.rawValue) needs labels on the \(configuration.method == .targetOnly ? "target" : "source") domain")
        }
        guard labels.allSatisfy({ $0 >= 0 && $0 < network.configuration.classCount }) else {
            throw TrainingError.incompatibleDomains("labels must be in 0..<\(network.configuration.classCount)")
        }
        self.network = network
        self.configuration = configuration
        self.source = source
        self.target = target
        var generator = SeededGenerator(seed: configuration.seed ^ 0x5EED_BA7C_0000_0000)
        sourceSampler = BatchSampler(count: source.count, seed: generator.next())
        targetSampler = BatchSampler(count: target.count, seed: generator.next())
        parameters = network.trainableParameters
        optimizer = SGD(learningRate: configuration.initialLearningRate, momentum: configuration.momentum,
                        weightDecay: configuration.weightDecay)
    }

    /// Continues from a checkpoint written by ``checkpointCard(base:)``: step, sampler positions
    /// and optimizer state, so the run goes on exactly as if it had not stopped.
    public func restore(card: ModelCard, optimizerState: [String: Tensor]) throws {
        step = card.step
        sourceSampler = BatchSampler(count: source.count, seed: sourceSampler.seed, drawn: card.sourceSamplesDrawn)
        targetSampler = BatchSampler(count: target.count, seed: targetSampler.seed, drawn: card.targetSamplesDrawn)
        try optimizer.loadState(optimizerState, for: network.namedParameters.filter { $0.parameter.isTrainable })
    }

    /// `base` with this trainer's progress filled in.
    public func checkpointCard(base: ModelCard) -> ModelCard {
        var card = base
        card.training = configuration
        card.step = step
        card.sourceSamplesDrawn = sourceSampler.drawn
        card.targetSamplesDrawn = targetSampler.drawn
        return card
    }

    /// The optimizer's state by parameter name.
    public var optimizerState: [String: Tensor] {
        optimizer.stateTensors(for: network.namedParameters.filter { $0.parameter.isTrainable })
    }

    /// Training progress `p ∈ [0, 1]` at the current step.
    public var progress: Float { Float(step) / Float(configuration.steps) }

    /// One SGD step; throws if a loss is not finite (parameters are then left as they were).
    @discardableResult
    public func trainStep() throws -> StepMetrics {
        let p = progress
        let lambda = configuration.method == .dann ? configuration.reversal.reversalScale(atProgress: p) : 0
        let learningRate = configuration.learningRateSchedule.learningRate(atProgress: p)
        let sourceIndices = sourceSampler.next(configuration.batchSize)
        let targetIndices = targetSampler.next(configuration.batchSize)
        let labeledDomain = configuration.method == .targetOnly ? target : source
        let labeledIndices = configuration.method == .targetOnly ? targetIndices : sourceIndices
        let labels = labeledIndices.map { labeledDomain.labels![$0] }
        let sourceInputs = source.inputs(at: sourceIndices), targetInputs = target.inputs(at: targetIndices)
        let n = configuration.batchSize
        let domainTargets = Tensor(shape: [2 * n, 1], scalars: [Float](repeating: 0, count: n) + [Float](repeating: 1, count: n))

        var labelLoss = Tensor(0), domainLoss = Tensor(0), domainLogits = Tensor(0)
        let (_, gradients) = valueWithGradient(at: parameters) {
            let (classLogits, logits) = forward(sourceInputs, targetInputs, reversalScale: lambda)
            let labeledLogits = configuration.method == .targetOnly ? classLogits.slice(alongAxis: 0, n ..< 2 * n) : classLogits.slice(alongAxis: 0, 0 ..< n)
            labelLoss = softmaxCrossEntropy(logits: labeledLogits, labels: labels)
            domainLogits = logits
            if configuration.method == .targetOnly { return labelLoss }
            domainLoss = binaryCrossEntropy(logits: logits, targets: domainTargets)
            return labelLoss + domainLoss * configuration.domainLossWeight
        }
        step += 1
        guard labelLoss.scalar.isFinite, domainLoss.scalar.isFinite else {
            throw TrainingError.nonFiniteLoss(step: step, labelLoss: labelLoss.scalar, domainLoss: domainLoss.scalar)
        }
        optimizer.learningRate = learningRate
        optimizer.update(parameters, along: gradients)
        let predictions = domainLogits.scalars
        let correct = predictions.enumerated().filter { ($0.element > 0) == ($0.offset >= n) }.count
        return StepMetrics(step: step, labelLoss: labelLoss.scalar, domainLoss: domainLoss.scalar,
                           domainAccuracy: configuration.method == .targetOnly ? nil : Float(correct) / Float(max(predictions.count, 1)),
                           reversalScale: lambda, learningRate: learningRate)
    }

    /// Class logits for the concatenated batch and domain logits behind the reversal, following
    /// the batch-statistics policy.
    func forward(_ sourceInputs: Tensor, _ targetInputs: Tensor, reversalScale: Float) -> (Tensor, Tensor) {
        switch configuration.batchStatistics {
        case .joint:
            return network(Tensor.concatenate([sourceInputs, targetInputs]), reversalScale: reversalScale)
        case .perDomain:
            let fromSource = network(sourceInputs, reversalScale: reversalScale)
            let fromTarget = network(targetInputs, reversalScale: reversalScale)
            return (Tensor.concatenate([fromSource.classLogits, fromTarget.classLogits]),
                    Tensor.concatenate([fromSource.domainLogits, fromTarget.domainLogits]))
        }
    }
}
