import DomainData
import Testing
@testable import DomainAdaptation
import Nabla

@Suite("Preparing domains")
struct PreparedDomainsTests {
    func images(count: Int, size: Int, channels: Int, classes: Int, value: UInt8) throws -> ImageDataset {
        try ImageDataset(name: "d", height: size, width: size, channels: channels,
                         pixels: [UInt8](repeating: value, count: count * size * size * channels),
                         labels: (0..<count).map { $0 % classes })
    }

    @Test func commonShapePaddingAndMeanSubtraction() throws {
        let source = try images(count: 4, size: 2, channels: 1, classes: 2, value: 255)
        let target = try images(count: 4, size: 4, channels: 3, classes: 2, value: 0)
        let domains = try PreparedDomains(source: .images(name: "s", train: source, test: source),
                                          target: .images(name: "t", train: target, test: target))
        #expect(domains.preprocessing.inputShape == [3, 4, 4])
        let input = domains.sourceTrain.inputs(at: [0])
        // A 2×2 white digit padded into a 4×4 black frame: 4 of 16 pixels are 1 before centring.
        // Statistics pool both domains with equal weight: mean = (4/16 + 0) / 2 = 0.125 per channel.
        #expect(abs(input.scalars[5] - (1 - 0.125)) < 1e-6)
        #expect(abs(input.scalars[0] - (0 - 0.125)) < 1e-6)
        #expect(domains.targetTrain.labels == nil, "target labels stay hidden from training")
        #expect(domains.targetTest?.labels != nil)
    }

    @Test func targetWithMoreClassesThanTheSourceIsRejected() throws {
        let source = try images(count: 6, size: 2, channels: 1, classes: 3, value: 1)
        let target = try images(count: 6, size: 2, channels: 1, classes: 5, value: 1)
        #expect(throws: TrainingError.incompatibleDomains("source s has 3 classes but target t has labels up to 4")) {
            try PreparedDomains(source: .images(name: "s", train: source, test: nil), target: .images(name: "t", train: target, test: target))
        }
    }

    @Test func imagesAndVectorsDoNotMix() throws {
        let source = try images(count: 2, size: 2, channels: 1, classes: 2, value: 1)
        let vectors = try VectorDataset(name: "v", featureCount: 2, features: [1, 2, 3, 4], labels: [0, 1])
        #expect(throws: TrainingError.self) {
            try PreparedDomains(source: .images(name: "s", train: source, test: nil), target: .vectors(name: "v", train: vectors, test: nil))
        }
    }

    @Test func bilinearResizeKeepsAConstantImageConstant() throws {
        var preprocessing = ImagePreprocessing(channels: 1, height: 7, width: 5, resize: .bilinear, normalization: .none)
        preprocessing.channelMean = [0]
        let dataset = try images(count: 1, size: 3, channels: 1, classes: 1, value: 51)
        let converted = preprocessing.convert(dataset, indices: [0]).scalars
        #expect(converted.count == 35)
        #expect(converted.allSatisfy { abs($0 - 0.2) < 1e-6 })
    }
}
