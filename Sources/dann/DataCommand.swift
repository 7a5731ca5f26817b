import ArgumentParser
import DomainData
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "List, verify, download and build datasets.",
        subcommands: [List.self, Verify.self, Download.self, BuildMNISTM.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The datasets dann knows and where it found them.")
        @Option(help: "Data folder to search first.") var dataDir: String?

        func run() throws {
            let locator = DatasetLocator(dataDirectory: dataDir)
            print("search order: " + locator.searchRoots.joined(separator: ", "))
            for (name, path) in locator.listKnownDatasets() {
                print("\(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(path ?? "not found")")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check files against a SHA-256 list (sha256sum format).")
        @Option(help: "The checksum list (default: SHA256SUMS in the data folder).") var sums: String?
        @Option(help: "Data folder.") var dataDir: String?

        func run() throws {
            let locator = DatasetLocator(dataDirectory: dataDir)
            let list = sums ?? locator.searchRoots.map { $0 + "/SHA256SUMS" }.first { FileManager.default.fileExists(atPath: $0) }
            guard let list else { throw CommandFailure("no SHA256SUMS found in \(locator.searchRoots.joined(separator: ", ")); give --sums") }
            let results = try verifyChecksums(sumsFile: list)
            guard !results.isEmpty else { throw CommandFailure("\(list) lists no files: nothing was verified") }
            for result in results { print(result.summary) }
            let failed = results.filter { !$0.ok }.count
            if failed > 0 { throw CommandFailure("\(list): \(failed) of \(results.count) files failed verification (listed above)") }
            print("all \(results.count) files match \(list)")
        }
    }

    struct Download: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Download MNIST from its public mirrors, verifying SHA-256 sums.")
        @Option(help: "Folder to download into (default: mnist/ in the per-user data directory, $XDG_DATA_HOME/dann or ~/.local/share/dann, which every dann command searches).")
        var to: String?
        @Option(help: "Mirror base URL to use instead of the built-in list (repeatable).") var mirror: [String] = []

        func run() throws {
            guard let folder = to ?? DatasetLocator().userDataDirectory.map({ $0 + "/mnist" }) else {
                throw CommandFailure("neither XDG_DATA_HOME nor HOME is set, so there is no per-user data directory; give --to FOLDER")
            }
            let paths = try downloadMNIST(to: folder, baseURLs: mirror.isEmpty ? MNISTMirrors.baseURLs : mirror)
            for path in paths { print("ok \(path)") }
        }
    }

    struct BuildMNISTM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build-mnist-m",
            abstract: "Build an MNIST-M-style target domain from MNIST and a folder of colour photos (PNG).",
            discussion: "The published recipe: each digit, zero-padded to 32×32, is blended with a random patch of a random photo as |digit − patch| per pixel and channel.")
        @Option(help: "Folder of PNG photos (each at least 32×32).") var photos: String
        @Option(help: "MNIST dataset name or folder.") var mnist = "mnist"
        @Option(help: "Output folder (IDX files, gzip'd).") var out = "data/mnist-m-built"
        @Option(help: "Random seed.") var seed: UInt64 = 0
        @Option(help: "Data folder to search for MNIST.") var dataDir: String?

        func run() throws {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: photos))?.filter { $0.lowercased().hasSuffix(".png") }.sorted() ?? []
            guard !files.isEmpty else { throw CommandFailure("\(photos): no PNG photos found") }
            let pictures = try files.map { try readPNG(photos + "/" + $0) }
            let locator = DatasetLocator(dataDirectory: dataDir)
            try prepareOutputDirectory(out)
            for (split, seedOffset) in [(DatasetSplit.train, UInt64(0)), (.test, 1)] {
                let digits = try locator.load(mnist, split: split)
                let built = try buildMNISTMStyle(digits: digits, photos: pictures, seed: seed &+ seedOffset)
                try built.writeIDX(imagesPath: "\(out)/\(split.rawValue)-images-idx4-ubyte.gz",
                                   labelsPath: "\(out)/\(split.rawValue)-labels-idx1-ubyte.gz", gzip: true)
                print("wrote \(built.count) \(split.rawValue) images to \(out)")
            }
        }
    }
}
