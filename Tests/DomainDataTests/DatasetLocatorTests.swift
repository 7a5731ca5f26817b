import Testing
@testable import DomainData

@Suite struct DatasetLocatorTests {
    @Test func searchRootOrder() {
        let locator = DatasetLocator(dataDirectory: "explicit", environment: ["DANN_DATA_DIR": "/env/data"], workingDirectory: "/w/repo")
        #expect(locator.searchRoots == ["/w/repo/explicit", "/env/data", "/w/shared/data", "/w/repo/data"])
        let plain = DatasetLocator(environment: [:], workingDirectory: "/w/repo")
        #expect(plain.searchRoots == ["/w/shared/data", "/w/repo/data"])
        // The per-user directory comes after the explicit ones: XDG_DATA_HOME, else HOME.
        let user = DatasetLocator(environment: ["HOME": "/home/ada", "DANN_DATA_DIR": "/env/data"], workingDirectory: "/w/repo")
        #expect(user.searchRoots == ["/env/data", "/home/ada/.local/share/dann", "/w/shared/data", "/w/repo/data"])
        let xdg = DatasetLocator(environment: ["HOME": "/home/ada", "XDG_DATA_HOME": "/xdg"], workingDirectory: "/w/repo")
        #expect(xdg.userDataDirectory == "/xdg/dann")
    }

    @Test func findsNamedDatasetsInEachRoot() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let repo = try dir.mkdir("repo")
        try writeIDXSplit(dir, folder: "shared/data/mnist", split: "train")
        try writeIDXSplit(dir, folder: "env/mnist_m", prefix: "mnist_m-", split: "test", rank: 4)
        try writeIDXSplit(dir, folder: "explicit/mnist", split: "test")

        let relative = DatasetLocator(environment: [:], workingDirectory: repo)
        #expect(try relative.resolve("mnist") == ResolvedDataset(name: "mnist", directory: dir.file("shared/data/mnist"), layout: .idx))

        let withEnv = DatasetLocator(environment: ["DANN_DATA_DIR": dir.file("env")], workingDirectory: repo)
        #expect(try withEnv.resolve("mnist_m").directory == dir.file("env/mnist_m"))
        #expect(try withEnv.resolve("MNIST-M").name == "mnist-m")
        let test = try withEnv.load("mnist-m", split: .test)
        #expect(test.channels == 3 && test.name == "mnist-m (test)")

        let explicit = DatasetLocator(dataDirectory: dir.file("explicit"), environment: ["DANN_DATA_DIR": dir.file("env")], workingDirectory: repo)
        #expect(try explicit.resolve("mnist").directory == dir.file("explicit/mnist"))
        let listing = explicit.listKnownDatasets()
        #expect(listing.map(\.name) == ["mnist", "mnist-m"])
        #expect(listing.map(\.path) == [dir.file("explicit/mnist"), dir.file("env/mnist_m")])
    }

    @Test func directoryArgumentIsUsedDirectly() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writeIDXSplit(dir, folder: "custom", prefix: "x_", split: "train")
        let locator = DatasetLocator(environment: [:], workingDirectory: dir.path)
        #expect(try locator.resolve("custom") == ResolvedDataset(name: "custom", directory: dir.file("custom"), layout: .idx))
        #expect(try locator.load(dir.file("custom"), split: .train).count == 3)
        _ = try dir.mkdir("empty")
        expectError(dir.file("empty"), "no dataset files found") { _ = try locator.resolve("empty") }
    }

    @Test func knownNameIsNotShadowedByAnUnrelatedFolder() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        _ = try dir.mkdir("repo/mnist")  // e.g. a source folder, no dataset files
        try writeIDXSplit(dir, folder: "shared/data/mnist", split: "train")
        let locator = DatasetLocator(environment: [:], workingDirectory: dir.file("repo"))
        #expect(try locator.resolve("mnist").directory == dir.file("shared/data/mnist"))
        // A directory holding dataset files wins over the roots, and keeps the known name.
        try writeIDXSplit(dir, folder: "repo/mnist", split: "test")
        #expect(try locator.resolve("mnist") == ResolvedDataset(name: "mnist", directory: dir.file("repo/mnist"), layout: .idx))
    }

    @Test func pngLayoutIsDetected() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try writePNGSplit(dir, root: "data/mnist_m", split: "train", count: 2)
        let locator = DatasetLocator(environment: [:], workingDirectory: dir.path)
        let resolved = try locator.resolve("mnist-m")
        #expect(resolved.layout == .mnistMPNG && resolved.directory == dir.file("data/mnist_m"))
        let train = try locator.load("mnist-m", split: .train)
        #expect(train.count == 2 && train.channels == 3)
    }

    @Test func missingDatasetListsEveryPlace() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let repo = try dir.mkdir("repo")
        _ = try dir.mkdir("repo/data/mnist_m")  // exists but empty
        let locator = DatasetLocator(dataDirectory: "/nonexistent", environment: ["DANN_DATA_DIR": dir.file("env")], workingDirectory: repo)
        guard let error = dataError({ _ = try locator.resolve("mnist-m") }) else { return }
        guard case .datasetNotFound(let name, let searched) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(name == "mnist-m")
        #expect(searched == [
            "/nonexistent/mnist_m", "/nonexistent/mnist-m",
            dir.file("env/mnist_m"), dir.file("env/mnist-m"),
            dir.file("shared/data/mnist_m"), dir.file("shared/data/mnist-m"),
            dir.file("repo/data/mnist_m") + " (exists, but holds no dataset files)", dir.file("repo/data/mnist-m"),
        ])
        #expect(locator.listKnownDatasets().allSatisfy { $0.path == nil })
    }

    @Test func unknownNamesAndPaths() {
        let locator = DatasetLocator(environment: [:], workingDirectory: "/nonexistent")
        expectError("unknown dataset 'cifar'", "mnist, mnist-m") { _ = try locator.resolve("cifar") }
        expectError("/nonexistent/dir", "no such file") { _ = try locator.resolve("/nonexistent/dir") }
    }
}
