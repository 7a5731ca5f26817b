import DomainData
import Foundation
import Testing

/// Broken files reach the user as one line naming the file and the problem, with a non-zero
/// exit status and no crash dump.
@Suite("dann on broken files", .serialized)
struct BadFileTests {
    /// A valid tiny domain whose `file` is then replaced by `bytes`.
    func domain(replacing file: String, with bytes: (Data) -> Data) throws -> String {
        let directory = temporaryDirectory("broken")
        try writeBarsDomain(to: directory, size: 8, colour: false, inverted: false, seed: 1, count: 30)
        let path = directory + "/" + file
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes(original).write(to: URL(fileURLWithPath: path))
        return directory
    }

    func expectCleanFailure(_ arguments: [String], mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try runDANN(arguments)
        #expect(result.status != 0, sourceLocation: sourceLocation)
        let message = result.error.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.split(separator: "\n").count == 1, "one line: \(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "'\(fragment)' missing from: \(message)", sourceLocation: sourceLocation)
        }
        #expect(!message.contains("Fatal error") && !message.contains("Stack dump"), sourceLocation: sourceLocation)
    }

    func train(_ source: String, _ target: String) -> [String] {
        ["train", "--source", source, "--target", target, "--steps", "2", "--quiet", "--out", temporaryDirectory("out")]
    }

    @Test func corruptGzip() throws {
        let broken = try domain(replacing: "train-images-idx3-ubyte.gz") { data in
            var bytes = [UInt8](data)
            for i in 20..<min(60, bytes.count) { bytes[i] ^= 0x5A }
            return Data(bytes)
        }
        try expectCleanFailure(train(broken, broken), mentions: ["train-images-idx3-ubyte.gz"])
    }

    @Test func truncatedIDX() throws {
        let broken = try domain(replacing: "train-images-idx3-ubyte.gz") { data in
            let raw = try! gunzip([UInt8](data), file: "x")
            return Data(gzip(Array(raw.prefix(raw.count - 100))))
        }
        try expectCleanFailure(train(broken, broken), mentions: ["train-images-idx3-ubyte.gz", "truncated"])
    }

    @Test func wrongMagic() throws {
        let broken = try domain(replacing: "train-labels-idx1-ubyte.gz") { data in
            var raw = try! gunzip([UInt8](data), file: "x")
            raw[0] = 7
            return Data(gzip(raw))
        }
        try expectCleanFailure(train(broken, broken), mentions: ["train-labels-idx1-ubyte.gz", "magic"])
    }

    @Test func labelCountDiffersFromImageCount() throws {
        let broken = try domain(replacing: "train-labels-idx1-ubyte.gz") { _ in
            Data(gzip(try! IDXArray(dimensions: [29], bytes: [UInt8](repeating: 1, count: 29)).encode()))
        }
        try expectCleanFailure(train(broken, broken), mentions: ["29", "30"])
    }

    @Test func corruptPNGInPredict() throws {
        let good = temporaryDirectory("png")
        try writeBarsDomain(to: good, size: 8, colour: false, inverted: false, seed: 1, count: 30)
        let out = temporaryDirectory("model")
        #expect(try runDANN(["train", "--source", good, "--target", good, "--steps", "2", "--batch-size", "4", "--conv-channels", "2,2",
                             "--padding", "same", "--quiet", "--embedding-samples", "0", "--out", out]).status == 0)
        let png = good + "/broken.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3]).write(to: URL(fileURLWithPath: png))
        try expectCleanFailure(["predict", "--checkpoint", out + "/checkpoint.safetensors", png], mentions: ["broken.png"])
    }

    @Test func raggedCSV() throws {
        let directory = temporaryDirectory("csv")
        try "a,b,label\n1,2,0\n3,1\n".write(toFile: directory + "/s.csv", atomically: true, encoding: .utf8)
        try expectCleanFailure(train(directory + "/s.csv", directory + "/s.csv"), mentions: ["s.csv", "line 3"])
        try "a,b,label\n1,x,0\n".write(toFile: directory + "/n.csv", atomically: true, encoding: .utf8)
        try expectCleanFailure(train(directory + "/n.csv", directory + "/n.csv"), mentions: ["n.csv", "line 2"])
    }

    @Test func malformedCheckpoint() throws {
        let directory = temporaryDirectory("ckpt")
        let path = directory + "/bad.safetensors"
        try Data([200, 0, 0, 0, 0, 0, 0, 0] + Array("{\"w\":".utf8)).write(to: URL(fileURLWithPath: path))
        try expectCleanFailure(["evaluate", "--checkpoint", path, "--dataset", directory], mentions: ["bad.safetensors", "header length"])
        try Data([6, 0, 0, 0, 0, 0, 0, 0] + Array("{\"w\":}".utf8)).write(to: URL(fileURLWithPath: path))
        try expectCleanFailure(["evaluate", "--checkpoint", path, "--dataset", directory], mentions: ["bad.safetensors", "JSON"])
    }

    @Test func batchNormWithPerDomainStatisticsAndBatchOne() throws {
        let directory = temporaryDirectory("bn")
        try (["a,b,label"] + (0..<12).map { "\($0),\($0 % 4),\($0 % 2)" }).joined(separator: "\n").write(toFile: directory + "/d.csv", atomically: true, encoding: .utf8)
        try expectCleanFailure(train(directory + "/d.csv", directory + "/d.csv") + ["--batch-norm", "--batch-statistics", "per-domain", "--batch-size", "1"],
                               mentions: ["batch size 1", "per-domain", "1 value per channel"])
    }

    /// A test split of one sample: training still writes its summary (the pictures and the proxy
    /// A-distance need two per domain and are skipped with a note, where they used to fail after
    /// training); `dann embed` refuses it up front; `--embedding-samples 1` is refused.
    @Test func aTestSplitOfOneSample() throws {
        let directory = temporaryDirectory("one-test-sample")
        try "a,b,label\n1,2,0\n2,3,1\n3,1,0\n4,4,1\n".write(toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
        try "a,b,label\n1,2,0\n".write(toFile: directory + "/test.csv", atomically: true, encoding: .utf8)
        let out = temporaryDirectory("one-test-sample-run")
        let run = try runDANN(["train", "--source", directory, "--target", directory, "--steps", "2", "--batch-size", "2", "--embedding-samples", "10",
                               "--quiet", "--out", out, "--force"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("the source has fewer than 2 samples") && FileManager.default.fileExists(atPath: out + "/summary.json"))
        try expectCleanFailure(["embed", "--checkpoint", out + "/checkpoint.safetensors", "--source", directory, "--target", directory,
                                "--out", temporaryDirectory("one-embed")], mentions: [directory, "1 sample", "at least 2 per domain"])
        let one = try runDANN(train(directory, directory) + ["--embedding-samples", "1"])
        #expect(one.status == 64 && one.error.contains("--embedding-samples must be 0 (no pictures) or in 2…5000, got 1"), "\(one.error)")
    }
}
