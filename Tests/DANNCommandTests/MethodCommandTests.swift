import Foundation
import Testing

/// Every method through the command line on tiny generated domains: it trains, resumes to the
/// same bytes after SIGKILL, and `dann evaluate` repeats the summary's accuracy.
@Suite("dann train --method", .serialized)
struct MethodCommandTests {
    let commands = CommandTests()

    /// The method's flags, and the term its metrics must log.
    static let methods: [(name: String, flags: [String], term: String)] = [
        ("ddc", ["--bottleneck", "12"], "mmd_loss"),
        ("dan", ["--mmd-estimator", "quadratic"], "mmd_loss"),
        ("dan", [], "mmd_loss"),
        ("coral", ["--trade-off", "2"], "coral_loss"),
        ("wdgrl", ["--critic-steps", "2", "--critic-learning-rate", "0.001"], "critic_wasserstein"),
        ("adda", [], "encoder_loss"),
        ("daan", ["--dynamic-factor", "reference"], "local_domain_loss"),
        ("dsn", ["--warmup-steps", "10"], "reconstruction_loss"),
        ("source-only", [], "domain_loss"),
        ("target-only", [], "label_loss"),
        ("cdan", [], "domain_loss"),
        ("cdan-e", ["--randomized-above", "0", "--randomized-dimension", "32"], "domain_loss"),
    ]

    func arguments(_ method: (name: String, flags: [String], term: String), _ domains: (source: String, target: String),
                   out: String) -> [String] {
        commands.trainArguments(domains, out: out, steps: 60) + ["--method", method.name] + method.flags
    }

    @Test("trains, resumes byte-exactly after SIGKILL, evaluates as its summary says", arguments: methods.indices)
    func trainResumeEvaluate(index: Int) throws {
        let method = Self.methods[index]
        let domains = try commands.makeDomains()
        let whole = temporaryDirectory("\(method.name)-whole"), interrupted = temporaryDirectory("\(method.name)-killed")
        let first = try runDANN(arguments(method, domains, out: whole))
        #expect(first.status == 0, "\(first.error)")

        try runDANNKilledAfterItLogged(arguments(method, domains, out: interrupted), out: interrupted)
        let resumed = try runDANN(arguments(method, domains, out: interrupted) + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.error)")
        let a = try Data(contentsOf: URL(fileURLWithPath: whole + "/checkpoint.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: interrupted + "/checkpoint.safetensors"))
        #expect(a == b, "checkpoints are byte-identical")
        let metrics = try String(contentsOfFile: whole + "/metrics.jsonl", encoding: .utf8)
        #expect(metrics == (try String(contentsOfFile: interrupted + "/metrics.jsonl", encoding: .utf8)))
        #expect(metrics.contains("\"\(method.term)\":"), "metrics.jsonl logs \(method.term)")

        let info = try commands.summary(whole)
        #expect(info["method"] as? String == method.name)
        let baseline = ["source-only", "target-only"].contains(method.name)
        #expect((info["trade_off"] as? String == "none (no adaptation)") == baseline, "baselines say they use no λ: \(info["trade_off"] ?? "")")
        let training = try #require(info["training"] as? [String: Any])
        #expect(training["method"] as? String == method.name)
        let targetAccuracy = try #require(info["target_test_accuracy"] as? Double)
        let evaluation = try runDANN(["evaluate", "--checkpoint", whole + "/checkpoint.safetensors", "--dataset", domains.target, "--json"])
        #expect(evaluation.status == 0, "\(evaluation.error)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.output.utf8)) as? [String: Any])
        #expect(result["accuracy"] as? Double == targetAccuracy, "evaluate repeats the summary")

        let report = try runDANN(["report", whole, "--out", whole + "/report.html"])
        #expect(report.status == 0, "\(report.error)")
        let html = try String(contentsOfFile: whole + "/report.html", encoding: .utf8)
        #expect(html.contains("last interval: " + method.term.replacingOccurrences(of: "_", with: " ")), "the report shows the method's terms")
        #expect(html.contains("trade-off λ"))
    }

    @Test func methodOptionsAreRecordedAndShapeTheNetwork() throws {
        let domains = try commands.makeDomains()
        let out = temporaryDirectory("ddc-options")
        let run = try runDANN(commands.trainArguments(domains, out: out, steps: 10)
                              + ["--method", "ddc", "--bottleneck", "7", "--kernel-exponents=-1,0,1", "--embedding-samples", "0"])
        #expect(run.status == 0, "\(run.error)")
        let info = try commands.summary(out)
        let network = try #require(info["network"] as? [String: Any])
        #expect(network["label_hidden_widths"] as? [Int] == [16, 7], "the bottleneck is the last hidden layer")
        let discrepancy = try #require((info["training"] as? [String: Any])?["discrepancy"] as? [String: Any])
        #expect(discrepancy["kernel_exponents"] as? [Int] == [-1, 0, 1] && discrepancy["bottleneck_width"] as? Int == 7)
        #expect(info["trade_off"] as? String == "ramp to 0.25 (γ 10.0)", "DDC's published λ, ramped")
    }

    @Test func cdanRecordsItsMapAndRefusesItsFlagsForOtherMethods() throws {
        let domains = try commands.makeDomains()
        for (flags, conditioning) in [([String](), [String: Int]()), (["--randomized-above", "0", "--randomized-dimension", "9"], ["randomized_dimension": 9])] {
            let out = temporaryDirectory("cdan-options")
            let run = try runDANN(commands.trainArguments(domains, out: out, steps: 10) + ["--method", "cdan", "--embedding-samples", "0"] + flags)
            #expect(run.status == 0, "\(run.error)")
            let info = try commands.summary(out)
            let network = try #require(info["network"] as? [String: Any])
            #expect(network["conditioning"] as? [String: Int] == conditioning, "the exact map (the tiny network's features × classes ≤ 4096), or the randomized one")
            #expect(info["trade_off"] as? String == "ramp to 1.0 (γ 10.0)", "DANN's λ ramp")
        }
        let refused = try runDANN(commands.trainArguments(domains, out: temporaryDirectory("dann-randomized"), steps: 10) + ["--randomized-dimension", "9"])
        #expect(refused.status != 0 && refused.error.contains("--randomized-dimension applies to --method cdan or cdan-e, not dann"), "\(refused.error)")
    }
}
