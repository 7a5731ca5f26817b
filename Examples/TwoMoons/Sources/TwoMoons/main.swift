// Trains a plain network and DANN on the two-moons problem of Ganin et al. (JMLR 2016, §5.1.1)
// through the library API, and prints both models' accuracy on the rotated target.
import DomainAdaptation
import Nabla

// 150 + 150 labeled source points, 300 unlabeled target points rotated by 35°.
let domains = TwoMoonsExperiment().makeDomains()

// One hidden layer of 15 sigmoid units, as in the paper; a linear label and domain head.
var network = NetworkConfiguration(inputShape: [2], classCount: 2)
network.extractorWidths = [15]
network.extractorActivation = .sigmoid
network.labelHiddenWidths = []
network.domainHiddenWidths = []
network.initialization = .glorot

for method in [TrainingMethod.sourceOnly, .dann] {
    // Mini-batches of 32 + 32 with momentum and a constant learning rate. The paper's λ = 6 scales
    // the whole domain term (the classifier's loss and the reversed gradient): a domain-loss weight
    // of 2λ (our domain loss is a mean over both domains) behind a reversal of 1.
    var training = TrainingConfiguration(method: method)
    training.steps = 3_000
    training.batchSize = 32
    training.initialLearningRate = 0.05
    training.learningRateAlpha = 0
    training.momentum = 0.9
    training.tradeOff = .constant(1)
    training.domainLossWeight = 12
    training.averagingStart = nil
    training.seed = 1

    var generator = SeededGenerator(seed: 18)  // the same initial weights for both models
    let model = AdaptationNetwork(configuration: training.adaptedNetwork(network), method: method, using: &generator)
    // As in the authors' code, the domain classifier starts at zero.
    for parameter in DANN.domainClassifier(of: model).trainableParameters { parameter.value = Tensor.zeros(shape: parameter.shape) }
    let trainer = try AdaptationTrainer(network: model, configuration: training, source: domains.source, target: domains.target)
    for _ in 0..<training.steps { try trainer.trainStep() }

    // Target labels are used only here, to report the accuracy.
    let target = TensorSamples(domains.target.data, labels: domains.targetLabels)
    guard let accuracy = model.evaluate(on: target).accuracy else { fatalError("the target has no labeled points") }
    print("\(method.rawValue): target accuracy \(String(format: "%.3f", accuracy))")
}
