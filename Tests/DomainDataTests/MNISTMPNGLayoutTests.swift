import Testing
@testable import DomainData

/// Writes an MNIST-M style PNG split: `count` RGB images of `size`×`size`.
func writePNGSplit(_ dir: TempDir, root: String = "", split: String, count: Int, size: Int = 4) throws {
    let base = root.isEmpty ? "" : root + "/"
    var lines = ""
    for i in 0..<count {
        let name = String(repeating: "0", count: 8 - String(i).count) + "\(i).png"
        let image = try DecodedImage(width: size, height: size, channels: 3, pixels: fixtureBytes(size * size * 3, seed: UInt64(i)))
        try dir.write("\(base)mnist_m_\(split)/\(name)", encodePNG(image))
        lines += "\(name) \(i % 10)\n"
    }
    try dir.write("\(base)mnist_m_\(split)_labels.txt", text: lines)
}

@Suite struct MNISTMPNGLayoutTests {
    @Test func loadsASplit() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writePNGSplit(dir, split: "test", count: 3)
        #expect(MNISTMPNGLayout.availableSplits(in: dir.path) == [.test])
        let dataset = try MNISTMPNGLayout.load(directory: dir.path, split: .test, name: "mnist-m")
        #expect(dataset.count == 3 && dataset.width == 4 && dataset.height == 4 && dataset.channels == 3)
        #expect(dataset.labels == [0, 1, 2] && dataset.name == "mnist-m (test)")
        #expect(Array(dataset.image(at: 2)) == fixtureBytes(48, seed: 2))
        let limited = try MNISTMPNGLayout.load(directory: dir.path, split: .test, limit: 2)
        #expect(limited.count == 2)
    }

    @Test func mixedGrayAndRGBBecomesRGB() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("mnist_m_train/a.png", encodePNG(DecodedImage(width: 1, height: 1, channels: 1, pixels: [9])))
        try dir.write("mnist_m_train/b.png", encodePNG(DecodedImage(width: 1, height: 1, channels: 3, pixels: [1, 2, 3])))
        try dir.write("mnist_m_train_labels.txt", text: "a.png 1\r\n\r\nb.png 0\r\n")
        let dataset = try MNISTMPNGLayout.load(directory: dir.path, split: .train)
        #expect(dataset.channels == 3 && dataset.pixels == [9, 9, 9, 1, 2, 3] && dataset.labels == [1, 0])
    }

    @Test func sizeMismatchIsAnError() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writePNGSplit(dir, split: "test", count: 2)
        try dir.write("mnist_m_test/00000001.png", encodePNG(DecodedImage(width: 5, height: 4, channels: 3, pixels: fixtureBytes(60))))
        expectError("00000001.png", "5x4", "00000000.png is 4x4", "same size") {
            _ = try MNISTMPNGLayout.load(directory: dir.path, split: .test)
        }
    }

    @Test func badLabelLines() throws {
        expectError("l.txt", "line 2", "expected 'IMAGE LABEL'") {
            _ = try MNISTMPNGLayout.parseLabels(Array("a.png 1\na.png\n".utf8), file: "l.txt")
        }
        expectError("l.txt", "line 1, column 2", "'seven'") {
            _ = try MNISTMPNGLayout.parseLabels(Array("a.png seven\n".utf8), file: "l.txt")
        }
    }

    @Test func missingImageAndCorruptImage() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writePNGSplit(dir, split: "test", count: 2)
        try dir.write("mnist_m_test_labels.txt", text: "00000000.png 1\nmissing.png 2\n")
        expectError("missing.png", "no such file") { _ = try MNISTMPNGLayout.load(directory: dir.path, split: .test) }
        try dir.write("mnist_m_test/00000000.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        expectError("00000000.png", "cannot decode PNG") { _ = try MNISTMPNGLayout.load(directory: dir.path, split: .test) }
    }

    @Test func emptyLabelsFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        _ = try dir.mkdir("mnist_m_train")
        try dir.write("mnist_m_train_labels.txt", text: "\n")
        expectError("mnist_m_train_labels.txt", "lists no images") { _ = try MNISTMPNGLayout.load(directory: dir.path, split: .train) }
    }
}
