import Foundation
import Testing

/// `dann train --compare-with PATH` checks the baseline before the first step (a wrong path must
/// not surface after hours of training) and measures it through its own preprocessing.
@Suite("dann train --compare-with", .serialized)
struct CompareWithTests {
    let commands = CommandTests()

    @Test func aBadBaselineFailsBeforeTraining() throws {
        let domains = try commands.makeDomains()
        let directory = temporaryDirectory("bad-baseline")
        let random = directory + "/random.safetensors"
        try Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: URL(fileURLWithPath: random))
        // A checkpoint of a vector model, against image domains.
        let csv = directory + "/v.csv"
        try (["a,b,label"] + (0..<12).map { "\($0),\($0 % 4),\($0 % 2)" }).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try runDANN(["train", "--source", csv, "--target", csv, "--steps", "1", "--batch-size", "4", "--embedding-samples", "0",
                             "--quiet", "--out", directory + "/vector-run"]).status == 0)
        let cases: [(String, [String])] = [
            (directory + "/missing.safetensors", ["missing.safetensors", "no such file"]),
            (random, ["random.safetensors", "not a safetensors file"]),
            (directory + "/vector-run/checkpoint.safetensors", ["vector-run/checkpoint.safetensors", "takes feature vectors", "holds images"]),
        ]
        for (baseline, fragments) in cases {
            let out = NSTemporaryDirectory() + "dann-cli-compare-\(UUID().uuidString)"
            let started = Date()
            // 20,000 steps if it trained: only a check before training returns at once.
            let run = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--steps", "20000", "--compare-with", baseline,
                                   "--quiet", "--out", out])
            #expect(run.status == 1)
            #expect(Date().timeIntervalSince(started) < 20, "refused before training")
            let message = run.error.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(message.split(separator: "\n").count == 1 && message.contains("--compare-with"), "\(message)")
            for fragment in fragments { #expect(message.contains(fragment), "'\(fragment)' missing from: \(message)") }
            #expect(!FileManager.default.fileExists(atPath: out), "the run folder is cleaned up (no metrics.jsonl)")
        }
    }

    /// A CSV folder of 3 Gaussian classes in 4 features, each feature scaled and shifted.
    func vectors(scale: Double, shift: Double, seed: UInt64) throws -> String {
        let directory = temporaryDirectory("vectors")
        var state = seed
        func noise() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) - 0.5 }
        for (name, rows) in [("train", 90), ("test", 60)] {
            let lines = (0..<rows).map { i in
                (0..<4).map { f in String(format: "%.4f", (Double(f == i % 3 ? 1 : 0) + noise()) * scale + shift) }.joined(separator: ",") + ",\(i % 3)"
            }
            try (["a,b,c,d,label"] + lines).joined(separator: "\n").write(toFile: "\(directory)/\(name).csv", atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// A baseline whose standardisation was fitted on other data is measured on inputs
    /// standardised its own way: its proxy A-distance in the summary is the one `dann embed`
    /// reports for it on the same samples (this run's standardisation gave another value).
    @Test func theBaselineUsesItsOwnPreprocessing() throws {
        let (source, target, far) = (try vectors(scale: 1, shift: 0, seed: 1), try vectors(scale: 1, shift: 0.4, seed: 2),
                                     try vectors(scale: 5, shift: 3, seed: 3))
        let baseline = temporaryDirectory("baseline")
        func train(_ target: String, out: String, _ extra: [String]) throws -> CommandResult {
            try runDANN(["train", "--source", source, "--target", target, "--steps", "30", "--batch-size", "16", "--extractor-hidden", "16",
                         "--threads", "1", "--quiet", "--out", out] + extra)
        }
        #expect(try train(far, out: baseline, ["--method", "source-only", "--embedding-samples", "0"]).status == 0)
        let out = temporaryDirectory("compared")
        let run = try train(target, out: out, ["--embedding-samples", "60", "--compare-with", baseline + "/checkpoint.safetensors"])
        #expect(run.status == 0, "\(run.error)")
        let compared = try #require(try commands.summary(out)["compared_model_proxy_a_distance"] as? Double)
        let embedded = temporaryDirectory("baseline-embedding")
        #expect(try runDANN(["embed", "--checkpoint", baseline + "/checkpoint.safetensors", "--source", source, "--target", target,
                             "--embedding-samples", "60", "--threads", "1", "--out", embedded]).status == 0)
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: embedded + "/embedding.json"))) as! [String: Any]
        #expect((file["model"] as? [String: Any])?["proxy_a_distance"] as? Double == compared)
    }
}
