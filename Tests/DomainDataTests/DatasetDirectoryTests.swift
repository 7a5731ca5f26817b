import Testing
@testable import DomainData

/// Writes a tiny IDX dataset split into `dir` with the given file-name prefix.
func writeIDXSplit(_ dir: TempDir, folder: String = "", prefix: String = "", split: String, count: Int = 3,
                   rank: Int = 3, compressed: Bool = true) throws {
    let dims = rank == 3 ? [count, 2, 2] : [count, 2, 2, 3]
    let size = dims.reduce(1, *)
    let images = try IDXArray(dimensions: dims, bytes: fixtureBytes(size, seed: UInt64(count)))
    let labels = try IDXArray(dimensions: [count], bytes: (0..<count).map { UInt8($0 % 10) })
    let gz = compressed ? ".gz" : ""
    let base = folder.isEmpty ? dir.path : try dir.mkdir(folder)
    try images.write(to: FileIO.join(base, "\(prefix)\(split)-images-idx\(rank)-ubyte\(gz)"), gzip: compressed)
    try labels.write(to: FileIO.join(base, "\(prefix)\(split)-labels-idx1-ubyte\(gz)"), gzip: compressed)
}

@Suite struct DatasetDirectoryTests {
    @Test func fileNameParsing() {
        let a = IDXFileName("mnist_m-train-images-idx4-ubyte.gz")
        #expect(a?.prefix == "mnist_m-" && a?.split == .train && a?.kind == .images && a?.rank == 4 && a?.compressed == true)
        let b = IDXFileName("t10k-labels-idx1-ubyte")
        #expect(b?.prefix == "" && b?.split == .test && b?.kind == .labels && b?.compressed == false)
        #expect(IDXFileName("train-labels-idx3-ubyte") == nil)  // labels must be idx1
        #expect(IDXFileName("train-images-idx3-ubyte.zip") == nil)
        #expect(IDXFileName("mnist_mtrain-images-idx3-ubyte") == nil)
        #expect(IDXFileName("README") == nil)
        #expect(IDXFileName("train-images-idx9-ubyte") == nil)
    }

    @Test func findsPlainMNISTNames() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, split: "train")
        try writeIDXSplit(dir, split: "t10k")
        try dir.write("README.txt", text: "hello")
        let found = try findIDXDataset(in: dir.path)
        #expect(found.train == DatasetSplitFiles(images: dir.file("train-images-idx3-ubyte.gz"), labels: dir.file("train-labels-idx1-ubyte.gz")))
        #expect(found.test == DatasetSplitFiles(images: dir.file("t10k-images-idx3-ubyte.gz"), labels: dir.file("t10k-labels-idx1-ubyte.gz")))
    }

    @Test func findsPrefixedNamesAndLoads() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, prefix: "mnist_m-", split: "train", count: 4, rank: 4)
        try writeIDXSplit(dir, prefix: "mnist_m-", split: "test", count: 2, rank: 4, compressed: false)
        let found = try findIDXDataset(in: dir.path)
        #expect(found.test.images == dir.file("mnist_m-test-images-idx4-ubyte"))
        let train = try loadIDXDataset(directory: dir.path, split: .train, name: "mnist-m")
        #expect(train.count == 4 && train.channels == 3 && train.name == "mnist-m (train)")
        let test = try loadIDXDataset(directory: dir.path, split: .test)
        #expect(test.count == 2)
    }

    @Test func mixedPrefixesAreAmbiguous() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, prefix: "a-", split: "train")
        try writeIDXSplit(dir, prefix: "b-", split: "test")
        expectError(dir.path, "different name prefixes", "'a-'", "'b-'") { _ = try findIDXDataset(in: dir.path) }
    }

    @Test func testAndT10kTogetherAreAmbiguous() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, split: "test")
        try writeIDXSplit(dir, split: "t10k")
        expectError("ambiguous test images", "t10k-images-idx3-ubyte.gz", "test-images-idx3-ubyte.gz") {
            _ = try findIDXSplit(in: dir.path, split: .test)
        }
    }

    @Test func plainFilePreferredOverItsGzipTwin() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, split: "train", compressed: true)
        try writeIDXSplit(dir, split: "train", compressed: false)
        let found = try findIDXSplit(in: dir.path, split: .train)
        #expect(found.images == dir.file("train-images-idx3-ubyte"))
    }

    @Test func missingSplitOrLabels() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, split: "train")
        expectError(dir.path, "no test images file") { _ = try findIDXDataset(in: dir.path) }
        try FileIO.writeFileAtomically(dir.file("test-images-idx3-ubyte"), bytes: [])
        expectError(dir.path, "no test labels file") { _ = try findIDXSplit(in: dir.path, split: .test) }
        expectError("no such file") { _ = try findIDXDataset(in: dir.file("nope")) }
    }

    @Test func corruptFileInDatasetNamesTheFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, split: "train", compressed: false)
        try dir.write("train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 9, 1])
        expectError("train-labels-idx1-ubyte", "truncated", "promises 9 bytes") {
            _ = try loadIDXDataset(directory: dir.path, split: .train)
        }
    }
}
