import Foundation
import Testing

/// `dann train --init-from`, `--freeze` and `--backbone-lr-multiplier` through the command line.
@Suite("dann train finetuning flags", .serialized)
struct FinetuneCommandTests {
    let commands = CommandTests()

    func arguments(_ domains: (source: String, target: String), out: String, extra: [String] = []) -> [String] {
        commands.trainArguments(domains, out: out, steps: 10) + ["--embedding-samples", "0"] + extra
    }

    /// The message of a refused run: exactly one line.
    func oneLine(_ result: CommandResult) -> String? {
        let message = result.error.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.status != 0 && !message.isEmpty && !message.contains("\n") ? message : nil
    }

    @Test func initFromCopiesASourceOnlyRunIntoDANNAndRecordsTheSettings() throws {
        let domains = try commands.makeDomains()
        let pretrained = temporaryDirectory("finetune-source-only"), out = temporaryDirectory("finetune-dann")
        let first = try runDANN(arguments(domains, out: pretrained, extra: ["--method", "source-only"]))
        #expect(first.status == 0, "\(first.error)")
        let checkpoint = pretrained + "/checkpoint.safetensors"
        let run = try runDANN(arguments(domains, out: out, extra: ["--init-from", checkpoint, "--freeze", "featureExtractor.0.",
                                                                 "--backbone-lr-multiplier", "0.1"]))
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n").filter { $0.hasPrefix("--init-from:") }
        #expect(lines.count == 1, "\(run.output)")
        #expect(lines.first?.contains("copied ") == true && lines.first?.contains("keep their fresh initialisation") == true, "\(lines)")
        let info = try commands.summary(out)
        #expect(info["initialized_from"] as? String == checkpoint)
        let training = try #require(info["training"] as? [String: Any])
        #expect(training["frozen_prefixes"] as? [String] == ["featureExtractor.0."])
        #expect((training["backbone_learning_rate_multiplier"] as? Double).map { abs($0 - 0.1) < 1e-6 } == true)
        // Without the flags, none of it is recorded.
        let plain = try commands.summary(pretrained)
        #expect(plain["initialized_from"] == nil)
        let plainTraining = try #require(plain["training"] as? [String: Any])
        #expect(plainTraining["frozen_prefixes"] == nil && plainTraining["backbone_learning_rate_multiplier"] == nil)
    }

    @Test func aCheckpointOfAnotherShapeIsRefusedInOneLine() throws {
        let domains = try commands.makeDomains()
        let other = temporaryDirectory("finetune-other-shape"), out = temporaryDirectory("finetune-mismatch")
        let first = try runDANN(arguments(domains, out: other, extra: ["--conv-channels", "5,6", "--steps", "2"]))
        #expect(first.status == 0, "\(first.error)")
        let run = try runDANN(arguments(domains, out: out, extra: ["--init-from", other + "/checkpoint.safetensors"]))
        let message = try #require(oneLine(run), "\(run.status) \(run.error)")
        #expect(message.contains("--init-from") && message.contains("has shape"), "\(message)")
    }

    @Test func aFreezePrefixMatchingNothingIsRefusedWithTheTopLevelPrefixes() throws {
        let domains = try commands.makeDomains()
        let run = try runDANN(arguments(domains, out: temporaryDirectory("finetune-bad-prefix"), extra: ["--freeze", "encoder."]))
        let message = try #require(oneLine(run), "\(run.status) \(run.error)")
        #expect(message.contains("encoder.") && message.contains("featureExtractor., labelPredictor., domainClassifier."), "\(message)")
    }

    @Test func initFromWithResumeIsRefused() throws {
        let domains = try commands.makeDomains()
        let run = try runDANN(arguments(domains, out: temporaryDirectory("finetune-resume"), extra: ["--init-from", "x.safetensors", "--resume"]))
        #expect(run.status != 0)
        #expect(run.error.contains("--init-from") && run.error.contains("--resume"), "\(run.error)")
    }
}
