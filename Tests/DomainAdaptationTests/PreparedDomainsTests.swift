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
        #expect(throws: DataError.invalidDataset(file: "d", reason: "labels 3, 4 (2 samples) are outside 0..<3 (the classes of source s)")) {
            try PreparedDomains(source: .images(name: "s", train: source, test: nil), target: .images(name: "t", train: target, test: target))
        }
    }

    /// One stray label among the source's does not widen the network; a declared count allows gaps.
    @Test func aStrayLabelIsRefusedUnlessTheCountIsDeclared() throws {
        let target = try images(count: 6, size: 2, channels: 1, classes: 3, value: 1)
        let stray = try ImageDataset(name: "s (train)", height: 2, width: 2, channels: 1, pixels: [UInt8](repeating: 1, count: 28),
                                     labels: [0, 1, 2, 0, 1, 2, 255], labelsFile: "s/train-labels-idx1-ubyte")
        let source = DomainFiles.images(name: "s", train: stray, test: nil)
        #expect(throws: DataError.invalidDataset(file: "s/train-labels-idx1-ubyte", reason: "labels must cover 0..<K with every class present, but label 255 (1 sample) is beyond a gap (labels 3–254 are absent); declare the class count (dann train --classes K) if classes are missing on purpose")) {
            try PreparedDomains(source: source, target: .images(name: "t", train: target, test: nil))
        }
        #expect(try source.classCount(declared: 256) == 256)
        #expect(try PreparedDomains(source: source, target: .images(name: "t", train: target, test: nil), classCount: 256).classCount == 256)
        #expect(throws: DataError.self) { try source.classCount(declared: 10) }
    }

    /// Counted on the whole files: the first samples (`--limit`) may lack a class.
    @Test func theCountComesFromTheWholeSource() throws {
        let data = try ImageDataset(name: "s", height: 1, width: 1, channels: 1, pixels: [1, 2, 3, 4], labels: [0, 2, 1, 1])
        let source = DomainFiles.images(name: "s", train: data, test: nil)
        let classes = try source.classCount()
        let limited = source.prefix(2)
        #expect(throws: DataError.self) { try limited.classCount() }
        #expect(try PreparedDomains(source: limited, target: limited, classCount: classes).classCount == 3)
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
