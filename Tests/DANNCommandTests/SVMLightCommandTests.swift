import Foundation
import Testing

/// svmlight domains through `dann train`, `evaluate`, `predict` and `svm`, and a broken file.
@Suite("dann on svmlight files", .serialized)
struct SVMLightCommandTests {
    /// `NAME_train.svmlight` and `NAME_test.svmlight` of bag-of-words rows: words 0–4 positive,
    /// 5–9 negative, plus one domain word (10 + domain); 0-based indices, labels −1/+1.
    func writeDomain(_ folder: String, name: String, domain: Int) throws {
        for (split, count) in [("train", 60), ("test", 20)] {
            let lines = (0..<count).map { row -> String in
                let positive = row % 2 == 0, word = (row * 7 + domain) % 5 + (positive ? 0 : 5)
                return (positive ? "+1" : "-1") + " \(word):\(1 + row % 3) \(10 + domain):1"
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: "\(folder)/\(name)_\(split).svmlight", atomically: true, encoding: .utf8)
        }
    }

    @Test func trainEvaluatePredictAndSVM() throws {
        let folder = temporaryDirectory("svmlight-cli")
        try writeDomain(folder, name: "a", domain: 0)
        try writeDomain(folder, name: "b", domain: 1)
        let run = folder + "/run"
        let trained = try runDANN(["train", "--source", "reviews/a", "--target", "reviews/b", "--data-dir", folder + "/..", "--out", run,
                                   "--epochs", "3", "--batch-size", "6", "--early-stopping", "--min-passes", "2", "--embedding-samples", "0", "--quiet"]
                                  .map { $0 == "reviews/a" ? folder + "/a" : $0 == "reviews/b" ? folder + "/b" : $0 })
        #expect(trained.status == 0, "\(trained.error)")
        #expect(trained.output.contains("early stopping:") && trained.output.contains("target test accuracy"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/summary.json"))) as! [String: Any]
        #expect((summary["early_stopping"] as? [String: Any])?["validation_count"] as? Int == 6)
        #expect(((summary["preprocessing"] as? [String: Any])?["sparse"] as? [String: Any])?["index_base"] as? Int == 0)
        let evaluated = try runDANN(["evaluate", "--checkpoint", run + "/checkpoint.safetensors", "--dataset", folder + "/b"])
        #expect(evaluated.status == 0 && evaluated.output.contains("on 20 samples"), "\(evaluated.error)")
        let predicted = try runDANN(["predict", "--checkpoint", run + "/checkpoint.safetensors", folder + "/b_test.svmlight"])
        #expect(predicted.status == 0 && predicted.output.split(separator: "\n").count == 20, "\(predicted.error)")
        let svm = try runDANN(["svm", "--source", folder + "/a", "--target", folder + "/b", "--c-grid", "0.1,1", "--out", folder + "/svm.json"])
        #expect(svm.status == 0 && svm.output.contains("target test accuracy"), "\(svm.error)")
        #expect(FileManager.default.fileExists(atPath: folder + "/svm.json"))
    }

    @Test func aBrokenLineIsOneLineNamingFileAndLine() throws {
        let folder = temporaryDirectory("svmlight-bad")
        try writeDomain(folder, name: "a", domain: 0)
        try "+1 3:1 2:1\n".write(toFile: folder + "/b_train.svmlight", atomically: true, encoding: .utf8)
        let result = try runDANN(["train", "--source", folder + "/a", "--target", folder + "/b", "--out", folder + "/run", "--steps", "2", "--quiet"])
        let message = result.error.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.status != 0 && message.split(separator: "\n").count == 1)
        #expect(message.contains("b_train.svmlight: line 1: feature index 2 follows 3"), "\(message)")
        let big = try runDANN(["train", "--source", folder + "/a", "--target", folder + "/a", "--features", "5", "--out", folder + "/run2", "--steps", "2", "--quiet"])
        #expect(big.status != 0 && big.error.contains("a_train.svmlight: line 1: feature index") && big.error.contains("--features 5"), "\(big.error)")
    }

    @Test("an early-stopped run counts as finished: dann score (and so dann sweep) scores its best weights")
    func earlyStoppedRunsCanBeScored() throws {
        let folder = temporaryDirectory("svmlight-early-score")
        // Labels that the words do not decide (every third one flipped): the held-out accuracy
        // peaks early and training stops before its last pass.
        for name in ["a", "b"] {
            for (split, count) in [("train", 90), ("test", 20)] {
                let lines = (0..<count).map { row -> String in
                    let positive = (row % 2 == 0) != (row % 3 == 0)
                    return (positive ? "+1" : "-1") + " \(row % 2):1 \(2 + row % 5):1 \(name == "a" ? 8 : 9):1"
                }
                try (lines.joined(separator: "\n") + "\n").write(toFile: "\(folder)/\(name)_\(split).svmlight", atomically: true, encoding: .utf8)
            }
        }
        let run = folder + "/run"
        let trained = try runDANN(["train", "--source", folder + "/a", "--target", folder + "/b", "--out", run, "--epochs", "60",
                                   "--batch-size", "6", "--early-stopping", "--min-passes", "2", "--source-validation", "0.2",
                                   "--embedding-samples", "0", "--quiet"])
        #expect(trained.status == 0, "\(trained.error)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/summary.json"))) as! [String: Any]
        let early = try #require(summary["early_stopping"] as? [String: Any])
        #expect((early["evaluations"] as? Int ?? 60) < 60, "\(early)")
        let scored = try runDANN(["score", run, "--reverse-steps", "0"])
        #expect(scored.status == 0 && scored.output.contains("source-accuracy"), "\(scored.error)")
    }
}
