import Foundation
import Testing

/// `dann score` on tiny generated runs: every validator, from the run's own config.toml.
@Suite("dann score", .serialized)
struct ScoreCommandTests {
    /// A labelled source CSV and an unlabelled, shifted target folder (with a labelled test.csv).
    func makeDomains() throws -> (source: String, target: String) {
        let root = temporaryDirectory("score-data")
        var blobs = BlobRows(seed: 11)
        func rows(_ count: Int, shift: Double, labeled: Bool) -> String { blobs.rows(count, shift: shift, labeled: labeled) + "\n" }
        try FileManager.default.createDirectory(atPath: root + "/target", withIntermediateDirectories: true)
        try ("a,b,label\n" + rows(200, shift: 0, labeled: true)).write(toFile: root + "/source.csv", atomically: true, encoding: .utf8)
        try ("a,b\n" + rows(200, shift: 0.8, labeled: false)).write(toFile: root + "/target/train.csv", atomically: true, encoding: .utf8)
        try ("a,b,label\n" + rows(100, shift: 0.8, labeled: true)).write(toFile: root + "/target/test.csv", atomically: true, encoding: .utf8)
        return (root + "/source.csv", root + "/target")
    }

    func train(_ domains: (source: String, target: String), method: String, extra: [String] = []) throws -> String {
        let out = temporaryDirectory("score-\(method)")
        let result = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--method", method, "--steps", "150",
                                  "--batch-size", "16", "--extractor-hidden", "12", "--label-hidden", "12", "--domain-hidden", "8",
                                  "--embedding-samples", "0", "--threads", "1", "--quiet", "--out", out] + extra)
        #expect(result.status == 0, "\(result.error)")
        return out
    }

    @Test func everyValidatorScoresEveryRunAndTheHeldOutSplitIsRecorded() throws {
        let domains = try makeDomains()
        let dann = try train(domains, method: "dann", extra: ["--source-validation", "0.2"])
        let plain = try train(domains, method: "source-only", extra: ["--source-validation", "0.2"])
        let info = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dann + "/summary.json"))) as! [String: Any]
        #expect((info["training"] as? [String: Any])?["source_validation_fraction"] as? Double == 0.2)
        let scored = try runDANN(["score", dann, plain, "--reverse-steps", "50", "--json"])
        #expect(scored.status == 0, "\(scored.error)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(scored.output.utf8)) as? [[String: Any]])
        #expect(results.count == 2)
        for result in results {
            let scores = try #require(result["scores"] as? [String: Double])
            #expect(Set(scores.keys) == ["source-accuracy", "reverse-validation", "iwcv", "dev", "entropy", "information-maximization", "snd"])
            #expect((result["validation_set"] as? String)?.contains("held-out 20% of the source training samples (40)") == true)
        }
        #expect(FileManager.default.fileExists(atPath: dann + "/scores.json"))
        // The table marks each validator's direction.
        let table = try runDANN(["score", dann, "--reverse-steps", "0"])
        #expect(table.status == 0 && table.output.contains("source-accuracy ↑") && table.output.contains("entropy ↓") && !table.output.contains("reverse-validation"))
    }

    @Test func aRunWithoutHeldOutSourceSamplesUsesTheSourceTestSplitOrSaysWhatIsMissing() throws {
        let domains = try makeDomains()
        let run = try train(domains, method: "dann")
        let scored = try runDANN(["score", run, "--reverse-steps", "0"])
        #expect(scored.status != 0 && scored.error.contains("no labelled source samples outside training") && scored.error.contains("--source-validation"),
                "\(scored.error)")
        let missing = try runDANN(["score", temporaryDirectory("not-a-run")])
        #expect(missing.status != 0 && missing.error.contains("no config.toml"), "\(missing.error)")
    }
}
