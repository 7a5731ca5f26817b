import Foundation
import Testing
@testable import DomainAdaptation

/// The model card's stored layout: format 2 is snake_case without Swift's enum payload names, and
/// format 1 cards (what checkpoints held before) still read as the same card.
@Suite struct ModelCardFormatTests {
    /// The card of a real format-1 checkpoint (Deep CORAL, MNIST → MNIST-M, seed 0).
    static let formatOne = #"{"averagedSnapshots":5000,"formatVersion":1,"network":{"batchNorm":false,"classCount":10,"convolutionChannels":[32,48],"domainHiddenWidths":[100],"dropout":0,"extractorActivation":"relu","extractorWidths":[100],"initialization":"pytorch","inputShape":[3,32,32],"kernelSize":5,"labelHiddenWidths":[100,100],"samePadding":false},"preprocessing":{"image":{"_0":{"channelMean":[0.27655986,0.27812886,0.25038838],"channelStandardDeviation":[0.31729048,0.3125005,0.30577707],"channels":3,"height":32,"normalization":"mean","resize":"pad","width":32}}},"source":"mnist","sourceSamplesDrawn":1280000,"step":20000,"target":"mnist-m","targetSamplesDrawn":1280000,"training":{"averagingStart":0.75,"batchSize":64,"batchStatistics":"joint","domainLossWeight":1,"initialLearningRate":0.01,"learningRateAlpha":10,"learningRateBeta":0.75,"method":"coral","momentum":0.9,"reversal":{"constant":{"_0":1}},"seed":0,"steps":20000,"weightDecay":0},"weightsAreAveraged":true}"#

    /// Every key of a JSON value, depth first.
    func keys(_ value: Any) -> [String] {
        switch value {
        case let object as [String: Any]: object.keys + object.values.flatMap(keys)
        case let array as [Any]: array.flatMap(keys)
        default: []
        }
    }

    @Test func formatOneCardsStillRead() throws {
        let card = try ModelCard(json: Data(Self.formatOne.utf8))
        #expect(card.formatVersion == 1 && card.step == 20_000 && card.averagedSnapshots == 5000 && card.weightsAreAveraged == true)
        #expect(card.network.classCount == 10 && card.network.inputShape == [3, 32, 32])
        #expect(card.training?.method == .coral && card.training?.tradeOff == .constant(1))
        guard case .image(let image) = card.preprocessing else { Issue.record("not an image card"); return }
        #expect(image.channelMean == [0.27655986, 0.27812886, 0.25038838] && image.resize == .pad)
    }

    @Test func formatTwoIsSnakeCaseWithoutEnumPayloadNames() throws {
        var card = try ModelCard(json: Data(Self.formatOne.utf8))
        card.formatVersion = ModelCard(network: card.network, preprocessing: card.preprocessing).formatVersion
        #expect(card.formatVersion == 2)
        for schedule in [TradeOffSchedule.constant(0.25), .ramp(gamma: 10, maximum: 1)] {
            card.training?.tradeOff = schedule
            let json = try card.json()
            let allKeys = keys(try JSONSerialization.jsonObject(with: json))
            #expect(!allKeys.contains { $0.hasPrefix("_") || $0 != $0.lowercased() }, "\(allKeys.filter { $0.hasPrefix("_") || $0 != $0.lowercased() })")
            #expect(allKeys.contains("trade_off") && allKeys.contains("class_count") && !allKeys.contains("reversal"))
            #expect(try ModelCard(json: json) == card, "format 2 reads back as the same card")
        }
    }

    @Test func classNamesAndInputSizeAreOptionalFields() throws {
        var card = try ModelCard(json: Data(Self.formatOne.utf8))
        card.formatVersion = 2
        let plain = keys(try JSONSerialization.jsonObject(with: try card.json()))
        #expect(!plain.contains("class_names") && !plain.contains("input_size"), "cards without them are written as before")
        card.classNames = (0..<10).map { "class \($0)" }
        guard case .image(var image) = card.preprocessing else { Issue.record("not an image card"); return }
        image.inputSize = 32
        card.preprocessing = .image(image)
        let json = try card.json()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["class_names"] as? [String] == card.classNames)
        #expect(keys(object).contains("input_size"))
        let read = try ModelCard(json: json)
        #expect(read == card && read.validationProblem() == nil)
        var wrong = card
        wrong.classNames = ["one"]
        #expect(wrong.validationProblem()?.contains("1 class names for 10 classes") == true)
        image.inputSize = 28
        wrong = card
        wrong.preprocessing = .image(image)
        #expect(wrong.validationProblem()?.contains("input size 28") == true)
    }
}
