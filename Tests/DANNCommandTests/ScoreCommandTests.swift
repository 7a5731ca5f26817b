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

/// `dann train --score-every N --select-by V`: scores in metrics.jsonl, the preferred iterate kept,
/// and a killed run that resumes to the same selection.
@Suite("dann train --score-every", .serialized)
struct PeriodicScoringCommandTests {
    @Test func scoresAreLoggedAndTheSelectionSurvivesAKill() throws {
        let domains = try ScoreCommandTests().makeDomains()
        func arguments(_ out: String) -> [String] {
            ["train", "--source", domains.source, "--target", domains.target, "--steps", "600", "--batch-size", "16",
             "--extractor-hidden", "12", "--label-hidden", "12", "--domain-hidden", "8", "--embedding-samples", "0", "--threads", "1",
             "--quiet", "--source-validation", "0.2", "--log-every", "20", "--checkpoint-every", "100", "--score-every", "40",
             "--select-by", "entropy", "--out", out]
        }
        let whole = temporaryDirectory("scored-whole"), killed = temporaryDirectory("scored-killed")
        let first = try runDANN(arguments(whole))
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output.contains("selected by entropy: the iterate of step"))
        let lines = try String(contentsOfFile: whole + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains("\"score_entropy\"") }.count == 15, "steps 40, 80, …, 600")
        #expect(lines.last!.contains("\"averaged_score_dev\""), "the running average is scored too")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: whole + "/summary.json"))) as! [String: Any]
        let selected = try #require(summary["selected_model"] as? [String: Any])
        #expect(selected["validator"] as? String == "entropy" && selected["checkpoint"] as? String == "checkpoint-selected.safetensors")
        let evaluation = try runDANN(["evaluate", "--checkpoint", whole + "/checkpoint-selected.safetensors", "--dataset", domains.target + "/test.csv", "--json"])
        #expect(evaluation.status == 0, "\(evaluation.error)")

        // Killed past the checkpoint of step 200 and, most likely, past a later selection.
        try runDANNKilledAfterItLogged(arguments(killed), out: killed, lines: 13)
        let resumed = try runDANN(["train", "--out", killed, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.error)")
        for file in ["metrics.jsonl", "selected.json", "checkpoint-selected.safetensors", "checkpoint.safetensors"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: whole + "/" + file)) == Data(contentsOf: URL(fileURLWithPath: killed + "/" + file)), "\(file)")
        }
        let refused = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--select-by", "dev", "--out", temporaryDirectory("refused")])
        #expect(refused.status != 0 && refused.error.contains("--select-by needs --score-every"), "\(refused.error)")
    }
}
