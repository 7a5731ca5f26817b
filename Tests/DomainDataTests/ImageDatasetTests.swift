import Testing
@testable import DomainData

@Suite struct ImageDatasetTests {
    static func labels(_ values: [UInt8]) throws -> IDXArray { try IDXArray(dimensions: [values.count], bytes: values) }

    @Test func grayscaleFromIDX3() throws {
        let images = try IDXArray(dimensions: [3, 2, 2], bytes: Array(0..<12))
        let dataset = try ImageDataset(images: images, labels: Self.labels([0, 4, 2]), name: "d",
                                       imagesFile: "i", labelsFile: "l")
        #expect(dataset.count == 3 && dataset.height == 2 && dataset.width == 2 && dataset.channels == 1)
        #expect(dataset.labels == [0, 4, 2])
        #expect(dataset.classCount == 5)
        #expect(Array(dataset.image(at: 1)) == [4, 5, 6, 7])
        #expect(dataset.classHistogram == [1, 0, 1, 0, 1])
        #expect(dataset.description == "d: 3 images 2x2x1, 5 classes")
    }

    @Test func rgbFromIDX4() throws {
        let images = try IDXArray(dimensions: [2, 1, 2, 3], bytes: Array(0..<12))
        let dataset = try ImageDataset(images: images, labels: Self.labels([1, 0]), name: "d",
                                       imagesFile: "i", labelsFile: "l", declaredClassCount: 10)
        #expect(dataset.channels == 3 && dataset.classCount == 10)
        #expect(Array(dataset.image(at: 1)) == [6, 7, 8, 9, 10, 11])
    }

    @Test func idx4WithOneChannel() throws {
        let images = try IDXArray(dimensions: [1, 2, 2, 1], bytes: [1, 2, 3, 4])
        let dataset = try ImageDataset(images: images, labels: Self.labels([0]), name: "d", imagesFile: "i", labelsFile: "l")
        #expect(dataset.channels == 1)
    }

    @Test func unsupportedChannelCountAndShape() throws {
        let twoChannels = try IDXArray(dimensions: [1, 2, 2, 2], bytes: Array(repeating: 0, count: 8))
        expectError("img.idx", "2 channels", "only 1 or 3") {
            _ = try ImageDataset(images: twoChannels, labels: Self.labels([0]), name: "d", imagesFile: "img.idx", labelsFile: "l")
        }
        let flat = try IDXArray(dimensions: [4], bytes: [0, 0, 0, 0])
        expectError("img.idx", "shape 4") {
            _ = try ImageDataset(images: flat, labels: Self.labels([0]), name: "d", imagesFile: "img.idx", labelsFile: "l")
        }
    }

    @Test func labelCountMismatch() throws {
        let images = try IDXArray(dimensions: [3, 1, 1], bytes: [0, 0, 0])
        expectError("lab.idx", "has 2 labels but img.idx has 3 images") {
            _ = try ImageDataset(images: images, labels: Self.labels([0, 1]), name: "d", imagesFile: "dir/img.idx", labelsFile: "lab.idx")
        }
        let matrix = try IDXArray(dimensions: [3, 1], bytes: [0, 0, 0])
        expectError("lab.idx", "expected a 1-D array") {
            _ = try ImageDataset(images: images, labels: matrix, name: "d", imagesFile: "img.idx", labelsFile: "lab.idx")
        }
    }

    @Test func labelsOutsideDeclaredClassCount() throws {
        let images = try IDXArray(dimensions: [2, 1, 1], bytes: [0, 0])
        expectError("lab.idx", "label 12 at index 1 is outside 0..<10") {
            _ = try ImageDataset(images: images, labels: Self.labels([3, 12]), name: "d", imagesFile: "i", labelsFile: "lab.idx", declaredClassCount: 10)
        }
        let dataset = try ImageDataset(images: images, labels: Self.labels([3, 12]), name: "target", imagesFile: "i", labelsFile: "l")
        expectError("target", "label 12 of image 1 is outside 0..<10") { try dataset.validate(classCount: 10) }
    }

    @Test func directInitializerValidation() {
        expectError("d", "not a whole number") { _ = try ImageDataset(name: "d", height: 2, width: 2, channels: 1, pixels: [0, 0, 0], labels: []) }
        expectError("d", "negative") { _ = try ImageDataset(name: "d", height: 1, width: 1, channels: 1, pixels: [0], labels: [-1]) }
        expectError("d", "4 channels") { _ = try ImageDataset(name: "d", height: 1, width: 1, channels: 4, pixels: [0, 0, 0, 0], labels: [0]) }
        expectError("d", "must be positive") { _ = try ImageDataset(name: "d", height: 0, width: 1, channels: 1, pixels: [], labels: []) }
        expectError("d", "label count 2 does not match image count 1") { _ = try ImageDataset(name: "d", height: 1, width: 1, channels: 1, pixels: [0], labels: [0, 1]) }
    }

    @Test func toRGBAndPrefix() throws {
        let dataset = try ImageDataset(name: "d", height: 1, width: 2, channels: 1, pixels: [10, 20, 30, 40], labels: [1, 0])
        let rgb = dataset.toRGB()
        #expect(rgb.channels == 3 && rgb.pixels == [10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40])
        #expect(rgb.labels == [1, 0] && rgb.classCount == 2)
        let first = dataset.prefix(1)
        #expect(first.count == 1 && first.pixels == [10, 20] && first.labels == [1])
    }

    @Test(arguments: [false, true])
    func writeAndLoadIDX(compressed: Bool) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let dataset = try ImageDataset(name: "d", height: 2, width: 3, channels: 3, pixels: fixtureBytes(4 * 18), labels: [0, 1, 2, 1])
        try dataset.writeIDX(imagesPath: dir.file("i"), labelsPath: dir.file("l"), gzip: compressed)
        let loaded = try ImageDataset.loadIDX(imagesPath: dir.file("i"), labelsPath: dir.file("l"), name: "d")
        #expect(loaded == dataset)
    }

    @Test func labelsMustFitInAByteForIDX() throws {
        let dataset = try ImageDataset(name: "d", height: 1, width: 1, channels: 1, pixels: [0], labels: [300])
        expectError("d", "300", "does not fit") { _ = try dataset.idxArrays() }
    }
}
