import Testing
@testable import DomainData

@Suite struct ImageFolderTests {
    func gray(_ value: UInt8, size: Int = 4) -> DecodedImage {
        try! DecodedImage(width: size, height: size, channels: 1, pixels: [UInt8](repeating: value, count: size * size))
    }

    @Test func classIndicesFollowSortedClassNamesAndFilesAreInNameOrder() throws {
        let dir = try TempDir(); defer { dir.remove() }
        try dir.write("train/zebra/b.png", encodePNG(gray(10)))
        try dir.write("train/zebra/a.jpg", encodeJPEG(gray(20), quality: 100))
        try dir.write("train/Apple/x.jpeg", encodeJPEG(gray(30), quality: 100))
        try dir.write("train/cat/nested/y.png", encodePNG(gray(40)))
        try dir.write("train/cat/notes.txt", text: "skipped")
        try dir.write("train/.hidden/z.png", encodePNG(gray(50)))
        try dir.write("test/cat/t.png", encodePNG(gray(60)))
        #expect(DatasetLocator.detectLayout(of: dir.path) == .imageFolder)
        let train = try ImageFolderLayout.load(directory: dir.path, split: .train)
        // Code-point order, as Python's sorted(): uppercase before lowercase.
        #expect(train.classNames == ["Apple", "cat", "zebra"])
        #expect(train.labels == [0, 1, 2, 2] && train.isLabeled && train.classCount == 3)
        #expect(train.pixels.count == 4 * 16 && train.pixels[0] == 30 && train.pixels[16] == 40 && train.pixels[48] == 10)
        // The test split indexes into the given (training) class names, not its own.
        let test = try ImageFolderLayout.load(directory: dir.path, split: .test, options: .init(classNames: train.classNames))
        #expect(test.labels == [1] && test.classNames == train.classNames && test.classCount == 3)
        expectError("test/cat", "not one of the 2 classes") {
            _ = try ImageFolderLayout.load(directory: dir.path, split: .test, options: .init(classNames: ["dog", "zebra"]))
        }
    }

    @Test func flatFoldersAreUnlabelledTrainingImages() throws {
        let dir = try TempDir(); defer { dir.remove() }
        try dir.write("b.png", encodePNG(gray(1)))
        try dir.write("a.jpg", encodeJPEG(gray(2)))
        expectError("no class folders") { _ = try ImageFolderLayout.load(directory: dir.path, split: .train) }
        let images = try ImageFolderLayout.load(directory: dir.path, split: .train, options: .init(labelsOptional: true))
        #expect(!images.isLabeled && images.count == 2 && images.classNames == nil)
        #expect(!ImageFolderLayout.hasLabeledSplit(dir.path, split: .test))
    }

    @Test func unlabelledTrainBesideALabelledTest() throws {
        let dir = try TempDir(); defer { dir.remove() }
        try dir.write("train/p1.png", encodePNG(gray(1)))
        try dir.write("test/one/q.png", encodePNG(gray(2)))
        try dir.write("test/two/r.png", encodePNG(gray(3)))
        let train = try ImageFolderLayout.load(directory: dir.path, split: .train, options: .init(labelsOptional: true))
        #expect(!train.isLabeled)
        #expect(ImageFolderLayout.hasLabeledSplit(dir.path, split: .test))
        #expect(try ImageFolderLayout.load(directory: dir.path, split: .test).labels == [0, 1])
    }

    @Test func variedSizesNeedAnInputSize() throws {
        let dir = try TempDir(); defer { dir.remove() }
        try dir.write("train/a/1.png", encodePNG(gray(9, size: 4)))
        let wide = try DecodedImage(width: 12, height: 6, channels: 3, pixels: [UInt8](repeating: 200, count: 12 * 6 * 3))
        try dir.write("train/b/2.png", encodePNG(wide))
        expectError("2.png", "--input-size") { _ = try ImageFolderLayout.load(directory: dir.path, split: .train) }
        let fitted = try ImageFolderLayout.load(directory: dir.path, split: .train, options: .init(inputSize: 3))
        #expect(fitted.height == 3 && fitted.width == 3 && fitted.channels == 3 && fitted.count == 2)
        #expect(fitted.pixels.prefix(27).allSatisfy { $0 == 9 } && fitted.pixels.suffix(27).allSatisfy { $0 == 200 })
    }

    @Test func brokenFilesAndEmptyClassesFailInOneLine() throws {
        let dir = try TempDir(); defer { dir.remove() }
        try dir.write("train/a/ok.png", encodePNG(gray(1)))
        try dir.write("train/a/bad.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16])
        expectError("bad.jpg", "JPEG") { _ = try ImageFolderLayout.load(directory: dir.path, split: .train) }
        let other = try TempDir(); defer { other.remove() }
        try other.write("train/a/ok.png", encodePNG(gray(1)))
        _ = try other.mkdir("train/empty")
        expectError("empty", "class folder holds no PNG or JPEG files") { _ = try ImageFolderLayout.load(directory: other.path, split: .train) }
        try other.write("train/stray.png", encodePNG(gray(1)))
        expectError("stray.png", "beside class folders") { _ = try ImageFolderLayout.load(directory: other.path, split: .train) }
    }

    @Test func progressIsReportedPerBatch() throws {
        let dir = try TempDir(); defer { dir.remove() }
        for i in 0..<300 { try dir.write("train/c/\(1000 + i).png", encodePNG(gray(UInt8(i % 256)))) }
        let seen = Counter()
        let images = try ImageFolderLayout.load(directory: dir.path, split: .train, options: .init(progress: { done, total in seen.add(done, total) }))
        #expect(images.count == 300 && images.pixels[16 * 299] == UInt8(299 % 256), "parallel decoding keeps file order")
        #expect(seen.calls == [[256, 300], [300, 300]])
    }

    @Test func unlabelledIDXImagesWithoutALabelsFile() throws {
        let dir = try TempDir(); defer { dir.remove() }
        try IDXArray(dimensions: [2, 3, 3], bytes: [UInt8](repeating: 7, count: 18)).write(to: dir.file("train-images-idx3-ubyte"), gzip: false)
        expectError("no train labels file found") { _ = try loadIDXDataset(directory: dir.path, split: .train) }
        let images = try loadIDXDataset(directory: dir.path, split: .train, labelsOptional: true)
        #expect(!images.isLabeled && images.count == 2)
    }

    @Test func fittedResizesTheShorterSideThenCropsTheCentre() throws {
        // 8 wide × 4 high: left half 0, right half 255. Shorter side 4 → 4×8 (no change), crop 4×4
        // from the centre: columns 2…5, i.e. two dark and two bright columns.
        var pixels: [UInt8] = []
        for _ in 0..<4 { pixels += [0, 0, 0, 0, 255, 255, 255, 255] }
        let image = try DecodedImage(width: 8, height: 4, channels: 1, pixels: pixels)
        #expect(image.fitted(to: 4).pixels == Array(repeating: [0, 0, 255, 255], count: 4).flatMap { $0 })
        // A flat image stays flat through shrinking and enlarging (the weights are normalised).
        let flat = try DecodedImage(width: 6, height: 6, channels: 3, pixels: [UInt8](repeating: 77, count: 108))
        #expect(flat.fitted(to: 2).pixels == [UInt8](repeating: 77, count: 12))
        #expect(flat.fitted(to: 9).pixels == [UInt8](repeating: 77, count: 243))
        #expect(flat.fitted(to: 6) == flat)
    }
}

/// Collects progress calls (made on the loading thread).
final class Counter: @unchecked Sendable {
    var calls: [[Int]] = []
    func add(_ done: Int, _ total: Int) { calls.append([done, total]) }
}
