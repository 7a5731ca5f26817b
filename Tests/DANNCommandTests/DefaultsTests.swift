import DomainAdaptation
import Foundation
import Testing
@testable import dann

/// The paper's constants where training reads them: the configuration `dann train` builds from
/// its flags' defaults, and the library's own defaults (not only the helper types' defaults).
@Suite("The protocol's constants as training uses them")
struct DefaultsTests {
    func configuration(_ flags: [String] = [], labeledCount: Int = 60_000) throws -> TrainingConfiguration {
        let command = try TrainCommand.parse(["--source", "mnist", "--target", "mnist-m"] + flags)
        return try command.trainingConfiguration(labeledCount: labeledCount)
    }

    func expectPaperProtocol(_ training: TrainingConfiguration, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(training.steps == 20_000, sourceLocation: sourceLocation)
        #expect(training.batchSize == 64, sourceLocation: sourceLocation)
        #expect(training.initialLearningRate == 0.01, "μ₀", sourceLocation: sourceLocation)
        #expect(training.learningRateAlpha == 10, "α", sourceLocation: sourceLocation)
        #expect(training.learningRateBeta == 0.75, "β", sourceLocation: sourceLocation)
        #expect(training.momentum == 0.9, sourceLocation: sourceLocation)
        #expect(training.weightDecay == 0, sourceLocation: sourceLocation)
        #expect(training.averagingStart == 0.75, sourceLocation: sourceLocation)
        #expect(training.domainLossWeight == 1, sourceLocation: sourceLocation)
        #expect(training.batchStatistics == .joint, sourceLocation: sourceLocation)
        #expect(training.seed == 0, sourceLocation: sourceLocation)
    }

    @Test func theCommandLinesDefaultsAreThePapersProtocol() throws {
        let training = try configuration()
        expectPaperProtocol(training)
        #expect(training.method == .dann)
        #expect(training.tradeOff == .ramp(gamma: 10, maximum: 1), "λ_p = 2/(1+e^(−10p))−1")
        // The schedules as the trainer evaluates them, at a few progress values.
        for p: Float in [0, 0.1, 0.5, 1] {
            #expect(training.learningRateSchedule.learningRate(atProgress: p) == 0.01 / powf(1 + 10 * p, 0.75))
            #expect(DANN().tradeOff(atProgress: p, training: training) == 2 / (1 + expf(-10 * p)) - 1)
        }
        #expect(training.lastStepBeforeAveraging == 15_000)
    }

    @Test func theLibrarysDefaultsAreThePapersProtocol() {
        expectPaperProtocol(TrainingConfiguration())
        #expect(TrainingConfiguration().tradeOff == .paper)
        #expect(TrainingConfiguration(method: .dan).learningRateBeta == 0.75)
    }

    @Test("each method's default trade-off", arguments: [
        (TrainingMethod.dann, TradeOffSchedule.ramp(gamma: 10, maximum: 1)), (.sourceOnly, .ramp(gamma: 10, maximum: 1)),
        (.ddc, .ramp(gamma: 10, maximum: 0.25)), (.dan, .constant(1)), (.coral, .constant(1)),
        (.cdan, .ramp(gamma: 10, maximum: 1)), (.cdanE, .ramp(gamma: 10, maximum: 1)),
    ] as [(TrainingMethod, TradeOffSchedule)])
    func methodDefaults(method: TrainingMethod, schedule: TradeOffSchedule) throws {
        let training = try configuration(["--method", method.rawValue])
        #expect(training.tradeOff == schedule)
        expectPaperProtocol(training)
    }

    @Test func tradeOffFlagsMeanOneThing() throws {
        #expect(try configuration(["--trade-off", "0.3"]).tradeOff == .ramp(gamma: 10, maximum: 0.3))
        #expect(try configuration(["--lambda-max", "0.3"]).tradeOff == .ramp(gamma: 10, maximum: 0.3))
        #expect(try configuration(["--lambda", "6"]).tradeOff == .constant(6))
        #expect(try configuration(["--method", "coral", "--trade-off", "2"]).tradeOff == .constant(2))
        #expect(try configuration(["--method", "coral", "--trade-off-schedule", "ramp"]).tradeOff == .ramp(gamma: 10, maximum: 1))
        #expect(try configuration(["--epochs", "2", "--batch-size", "100"], labeledCount: 1_050).steps == 22)
        #expect(throws: (any Error).self, "an epoch count that overflows is refused, not a trap") {
            try configuration(["--epochs", "\(Int.max)"], labeledCount: 60_000)
        }
    }
}
