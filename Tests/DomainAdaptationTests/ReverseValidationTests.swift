import Testing
@testable import DomainAdaptation

@Suite struct ReverseValidationTests {
    @Test func scoresASettingWithoutTargetLabelsAndRepeats() throws {
        let source = SparseSamples(try ShallowDANNTests.reviews(domain: 0, count: 200, seed: 1))
        let target = SparseSamples(try ShallowDANNTests.reviews(domain: 1, count: 200, seed: 2), exposesLabels: false)
        var network = NetworkConfiguration(inputShape: [30], classCount: 2)
        (network.extractorWidths, network.extractorActivation, network.labelHiddenWidths, network.domainHiddenWidths) = ([8], .sigmoid, [], [])
        var training = TrainingConfiguration(method: .dann)
        (training.steps, training.batchSize, training.initialLearningRate, training.learningRateAlpha, training.tradeOff) = (360, 10, 0.05, 0, .constant(0.3))
        var rule = EarlyStopping(seed: 3)
        rule.minimumEvaluations = 5
        let validation = ReverseValidation(rule: rule)
        let score = try validation.score(network: network, training: training, method: DANN(), source: source, target: target)
        #expect(score.forwardAccuracy >= 0.9 && score.reverseAccuracy >= 0.8, "\(score)")
        #expect(score.forwardSteps > 0 && score.reverseSteps > 0 && abs(score.risk - (1 - score.reverseAccuracy)) < 1e-12)
        #expect(try validation.score(network: network, training: training, method: DANN(), source: source, target: target) == score)
        #expect(ReverseValidation.paperTradeOffGrid.count == 9 && abs(ReverseValidation.paperTradeOffGrid[0] - 0.01) < 1e-6
                && abs(ReverseValidation.paperTradeOffGrid[8] - 1) < 1e-6 && abs(ReverseValidation.paperTradeOffGrid[4] - 0.1) < 1e-6)
    }
}
