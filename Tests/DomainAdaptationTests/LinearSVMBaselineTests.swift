import DomainData
import Testing
@testable import DomainAdaptation

@Suite struct LinearSVMBaselineTests {
    @Test func choosesCOnTheSourceAndScoresTheTarget() throws {
        let source = try ShallowDANNTests.reviews(domain: 0, count: 200, seed: 1)
        let target = try ShallowDANNTests.reviews(domain: 1, count: 100, seed: 2)
        let result = try LinearSVMBaseline.run(source: source, sourceTest: source, targetTest: target, cGrid: [0.01, 1])
        #expect(result.cGrid == [0.01, 1] && result.validationAccuracies.count == 2 && result.validationCount == 20 && result.trainingCount == 180)
        #expect(result.validationAccuracies.max()! >= 0.95 && result.sourceTestAccuracy! >= 0.95)
        #expect(result.targetTestAccuracy! > 0.9, "the shared words carry the sentiment")
        #expect(try LinearSVMBaseline.run(source: source, sourceTest: nil, targetTest: target, cGrid: [0.01, 1]) == LinearSVMBaseline.run(source: source, sourceTest: nil, targetTest: target, cGrid: [0.01, 1]).withSourceTest(nil))
    }
}

extension LinearSVMBaseline.Result {
    func withSourceTest(_ value: Double?) -> Self { var copy = self; copy.sourceTestAccuracy = value; return copy }
}
