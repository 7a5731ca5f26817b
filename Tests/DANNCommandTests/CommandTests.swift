import Foundation
import Testing

@Suite("dann command line", .serialized)
struct CommandTests {
    /// Source: grey 8×8 bars; target: inverted colour 10×10 bars (different size and channels).
    func makeDomains() throws -> (source: String, target: String) {
        let root = temporaryDirectory("domains")
        try FileManager.default.createDirectory(atPath: root + "/source", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/target", withIntermediateDirectories: true)
        try writeBarsDomain(to: root + "/source", size: 8, colour: false, inverted: false, seed: 1)
        try writeBarsDomain(to: root + "/target", size: 10, colour: true, inverted: true, seed: 2)
        return (root + "/source", root + "/target")
    }

    func trainArguments(_ domains: (source: String, target: String), out: String, steps: Int = 40) -> [String] {
        ["train", "--source", domains.source, "--target", domains.target, "--steps", "\(steps)", "--batch-size", "16",
         "--conv-channels", "4,6", "--label-hidden", "16", "--domain-hidden", "16", "--padding", "same",
         "--log-every", "10", "--checkpoint-every", "10", "--threads", "1", "--quiet", "--out", out, "--seed", "3"]
    }

    func summary(_ out: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
    }

    @Test func trainWritesItsFilesAndEvaluatePredictAgreeWithIt() throws {
        let domains = try makeDomains()
        let out = temporaryDirectory("train")
        let train = try runDANN(trainArguments(domains, out: out))
        #expect(train.status == 0, "\(train.error)")
        for file in ["summary.json", "checkpoint.safetensors", "metrics.jsonl", "learning-curves.png", "embedding-tsne.png", "embedding-pca.png",
                     "learning-curves.svg", "embedding-tsne.svg", "embedding-pca.svg"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "missing \(file)")
        }
        let info = try summary(out)
        for key in ["method", "source", "target", "steps", "seed", "source_test_accuracy", "target_test_accuracy", "wall_seconds"] {
            #expect(info[key] != nil, "summary.json lacks \(key)")
        }
        #expect(info["convolution"] as? String == "onednn", "the backend that computed the run is recorded")
        let reported = try #require(info["reported_model"] as? [String: Any])
        #expect(reported["weights"] as? String == "averaged" && reported["first_step"] as? Int == 31 && reported["last_step"] as? Int == 40,
                "the default averages the last quarter")
        #expect(info["schema_version"] as? Int == 1 && info["last_logged_interval"] is [String: Any] && info["final_metrics"] == nil)
        let data = try #require(info["data"] as? [String: String])
        #expect(data["source"] == domains.source && data["target"] == domains.target, "the resolved data folders")
        func keys(_ value: Any) -> [String] {
            switch value {
            case let object as [String: Any]: object.keys + object.values.flatMap(keys)
            case let array as [Any]: array.flatMap(keys)
            default: []
            }
        }
        let oddKeys = keys(info).filter { $0.hasPrefix("_") || $0 != $0.lowercased() }
        #expect(oddKeys.isEmpty, "summary.json keys are snake_case without Swift's enum payload names: \(oddKeys)")
        #expect(info["final_iterate_target_test_accuracy"] is Double && info["final_iterate_source_test_accuracy"] is Double)
        let trainedTarget = try #require(info["target_test_accuracy"] as? Double)
        let distance = try #require(info["proxy_a_distance"] as? Double)
        #expect(distance >= 0 && distance <= 2)

        let report = try runDANN(["report", out, "--out", out + "/page/report.html"])
        #expect(report.status == 0, "\(report.error)")
        let html = try String(contentsOfFile: out + "/page/report.html", encoding: .utf8)
        #expect(html.contains("data:image/svg+xml;base64,") && html.contains("target test accuracy") && !html.contains("src=\"embedding"))
        #expect(html.contains("final iterate: target test accuracy") && html.contains("average of steps 31–40"))
        let markdown = try String(contentsOfFile: out + "/page/report.md", encoding: .utf8)
        #expect(markdown.contains("](../learning-curves.png)"))

        let evaluation = try runDANN(["evaluate", "--checkpoint", out + "/checkpoint.safetensors", "--dataset", domains.target, "--json"])
        #expect(evaluation.status == 0, "\(evaluation.error)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.output.utf8)) as? [String: Any])
        #expect(result["accuracy"] as? Double == trainedTarget)
        #expect(result["count"] as? Int == 30)
        #expect((result["confusion_matrix"] as? [[Int]])?.flatMap { $0 }.reduce(0, +) == 30)
        #expect((result["per_class_accuracy"] as? [Double])?.count == 3)

        let predictions = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", domains.target + "/test-images-idx4-ubyte.gz"])
        #expect(predictions.status == 0, "\(predictions.error)")
        let predicted = predictions.output.split(separator: "\n").map { Int($0.split(separator: "\t").last!)! }
        #expect(predicted.count == 30)
        let truth = (0..<30).map { $0 % 3 }
        let agreement = Double(zip(predicted, truth).filter { $0 == $1 }.count) / 30
        #expect(abs(agreement - trainedTarget) < 1e-9, "predict and evaluate agree")

        // One input still prints 'input<TAB>label'; --csv adds the probabilities; JSON keeps '/' as is.
        let image = domains.target + "/test-images-idx4-ubyte.gz"
        let single = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", image])
        #expect(single.output.hasPrefix(image + "[0]\t"), "\(single.output.prefix(80))")
        let table = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", "--csv", image])
        let rows = table.output.split(separator: "\n")
        #expect(rows.first == "input,label,p0,p1,p2" && rows.count == 31)
        let lines = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", "--json", image])
        #expect(lines.output.contains("\"input\":\"" + image) && !lines.output.contains("\\/"))
    }

    @Test func resumeAfterSIGKILLGivesTheSameWeightsAndMetrics() throws {
        let domains = try makeDomains()
        let whole = temporaryDirectory("whole"), interrupted = temporaryDirectory("killed")
        #expect(try runDANN(trainArguments(domains, out: whole, steps: 60)).status == 0)

        // Start the same run, kill it with SIGKILL once it has checkpointed, then resume.
        try runDANNKilledAfterItLogged(trainArguments(domains, out: interrupted, steps: 60), out: interrupted)
        // `--resume` alone: the options come from the run's config.toml.
        let resumed = try runDANN(["train", "--out", interrupted, "--resume", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.error)")
        let mismatched = try runDANN(["train", "--out", interrupted, "--resume", "--steps", "80"])
        #expect(mismatched.status != 0 && mismatched.error.contains("has 60 steps and cannot continue with 80")
                && mismatched.error.contains("defined on progress step/steps"), "\(mismatched.error)")
        let unaveraged = try runDANN(trainArguments(domains, out: interrupted, steps: 60) + ["--resume", "--average-from", "none"])
        #expect(unaveraged.status != 0 && unaveraged.error.contains("trained with other settings (averagingStart)"), "\(unaveraged.error)")
        let a = try Data(contentsOf: URL(fileURLWithPath: whole + "/checkpoint.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: interrupted + "/checkpoint.safetensors"))
        #expect(a == b, "checkpoints (weights, optimizer state, card) are byte-identical")
        #expect(try String(contentsOfFile: whole + "/metrics.jsonl", encoding: .utf8)
                == String(contentsOfFile: interrupted + "/metrics.jsonl", encoding: .utf8))
    }

    @Test func ctrlCSavesACheckpointBeforeExiting() throws {
        let domains = try makeDomains()
        let out = temporaryDirectory("sigint")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dannExecutable)
        process.arguments = trainArguments(domains, out: out, steps: 20_000)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8)) ?? "").count < 2 { usleep(2000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130)
        #expect(text.contains("interrupted at step") && text.contains("--resume"))
        let stepText = try #require(text.split(separator: " ").drop { $0 != "step" }.dropFirst().first)
        let step = try #require(Int(stepText.trimmingCharacters(in: .punctuationCharacters)))
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoint.safetensors"))
        #expect(String(decoding: checkpoint.prefix(4096), as: UTF8.self).contains("\\\"step\\\":\(step)"))
    }

    @Test func divergenceStopsWithTheStepAndKeepsTheLastCheckpoint() throws {
        let domains = try makeDomains()
        let out = temporaryDirectory("diverge")
        let result = try runDANN(trainArguments(domains, out: out, steps: 200) + ["--learning-rate", "1e12"])
        #expect(result.status != 0)
        #expect(result.error.contains("training diverged at step"), "stderr: \(result.error)")
        // Whatever checkpoint was written before the divergence is intact and loadable.
        if FileManager.default.fileExists(atPath: out + "/checkpoint.safetensors") {
            let check = try runDANN(["evaluate", "--checkpoint", out + "/checkpoint.safetensors", "--dataset", domains.source])
            #expect(check.status == 0, "\(check.error)")
        }
    }

    @Test func sameSeedGivesIdenticalCheckpoints() throws {
        let domains = try makeDomains()
        let first = temporaryDirectory("a"), second = temporaryDirectory("b")
        #expect(try runDANN(trainArguments(domains, out: first, steps: 20)).status == 0)
        #expect(try runDANN(trainArguments(domains, out: second, steps: 20)).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first + "/checkpoint.safetensors"))
                == Data(contentsOf: URL(fileURLWithPath: second + "/checkpoint.safetensors")))
        #expect(try String(contentsOfFile: first + "/metrics.jsonl", encoding: .utf8)
                == String(contentsOfFile: second + "/metrics.jsonl", encoding: .utf8))
    }

    @Test func averageFromNoneReportsTheFinalIterate() throws {
        let domains = try makeDomains()
        let averaged = temporaryDirectory("averaged"), last = temporaryDirectory("final")
        #expect(try runDANN(trainArguments(domains, out: averaged) + ["--embedding-samples", "0"]).status == 0)
        let plain = try runDANN(trainArguments(domains, out: last) + ["--embedding-samples", "0", "--average-from", "none"])
        #expect(plain.status == 0, "\(plain.error)")
        let info = try summary(last), averagedInfo = try summary(averaged)
        #expect((info["reported_model"] as? [String: Any])?["weights"] as? String == "final")
        #expect(info["target_test_accuracy"] as? Double == info["final_iterate_target_test_accuracy"] as? Double)
        // Averaging does not change training: both runs end at the same final iterate.
        #expect(info["final_iterate_target_test_accuracy"] as? Double == averagedInfo["final_iterate_target_test_accuracy"] as? Double)
        #expect(info["final_iterate_source_test_accuracy"] as? Double == averagedInfo["final_iterate_source_test_accuracy"] as? Double)
        let a = try Data(contentsOf: URL(fileURLWithPath: averaged + "/checkpoint.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: last + "/checkpoint.safetensors"))
        #expect(a != b, "the averaged run saves other weights")
    }

    @Test("bad flags and inputs fail with one line and a non-zero status", arguments: [
        (["train", "--source", "nope", "--target", "mnist"], "unknown dataset 'nope'"),
        (["train", "--source", "a", "--target", "b", "--steps", "0"], "--steps must be in 1…10⁹"),
        (["train", "--source", "a", "--target", "b", "--steps", "9223372036854775807"], "--steps must be in 1…10⁹"),
        (["demo", "--seeds", "9223372036854775807"], "--seeds must be in 1…1000"),
        (["demo", "--steps", "9223372036854775807"], "--steps must be in 1…10⁸"),
        (["bench", "--steps", "9223372036854775807", "--batch-size", "9223372036854775807"], "--batch-size must be in 1…4096"),
        (["train", "--source", "a", "--target", "b", "--embedding-samples", "100000"], "--embedding-samples must be 0 (no pictures) or in 2…5000"),
        (["train", "--source", "a", "--target", "b", "--batch-size", "0"], "--batch-size must be positive"),
        (["train", "--source", "a", "--target", "b", "--method", "magic"], "The value 'magic' is invalid for '--method <method>'"),
        (["train", "--source", "a", "--target", "b", "--bottleneck", "64"], "--bottleneck applies to --method ddc, not dann"),
        (["train", "--source", "a", "--target", "b", "--epochs", "9223372036854775807"], "unknown dataset 'a'"),
        (["train", "--source", "a", "--target", "b", "--trade-off", "1", "--lambda", "2"], "give one of --trade-off, --lambda-max and --lambda"),
        (["train", "--source", "a", "--target", "b", "--method", "dan", "--kernel-exponents", "1,x"], "--kernel-exponents must be integers"),
        (["evaluate", "--checkpoint", "/nonexistent.safetensors", "--dataset", "mnist"], "/nonexistent.safetensors: no such file"),
        (["bench", "--padding", "diagonal"], "The value 'diagonal' is invalid for '--padding <padding>'"),
        (["bench", "--convolution", "fft"], "The value 'fft' is invalid for '--convolution <backend>'"),
        (["bench", "--input-size", "0"], "--input-size must be in 1…1024, got 0"),
        (["bench", "--input-size", "9", "--padding", "valid"], "too small for 2 conv(5×5)+pool stages"),
        (["bench", "--backbone", "resnet7"], "The value 'resnet7' is invalid for '--backbone <backbone>'"),
        (["train", "--source", "a", "--target", "b", "--initialization", "zeros"], "The value 'zeros' is invalid for '--initialization <initialization>'"),
        (["train", "--source", "a", "--target", "b", "--average-from", "1"], "--average-from must be a training progress in [0, 1) or 'none', got '1'"),
    ] as [([String], String)])
    func badInput(arguments: [String], message: String) throws {
        let result = try runDANN(arguments, environment: ["DANN_DATA_DIR": "/nonexistent"])
        #expect(result.status != 0)
        #expect(result.error.contains(message), "stderr was: \(result.error)")
        #expect(!result.error.contains("Fatal error") && !result.error.contains("Stack dump"))
    }

    @Test("bench --json prints one object with the keys the benchmark script reads", arguments: ["onednn", "im2col"])
    func benchJSON(convolution: String) throws {
        let result = try runDANN(["bench", "--json", "--steps", "2", "--batch-size", "4", "--threads", "2", "--convolution", convolution])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        for key in ["train_step_ms", "inference_images_per_second", "step_gflops", "sgemm_gflops", "onednn_sgemm_gflops",
                    "threads", "batch_per_domain", "input_shape", "padding"] {
            #expect(object[key] != nil, "bench JSON lacks \(key)")
        }
        #expect(object["convolution"] as? String == convolution)
        #expect(!(object["cpu_model"] as? String ?? "").isEmpty && (object["cpu_cores"] as? Int ?? 0) >= 1)
        #expect(!(object["onednn_isa"] as? String ?? "").isEmpty)
        #expect(object["input_shape"] as? [Int] == [3, 32, 32])
        #expect(object["padding"] as? String == "same")
        #expect(object["threads"] as? Int == 2 && object["batch_per_domain"] as? Int == 4)
        #expect((object["train_step_ms"] as? Double ?? 0) > 0 && (object["sgemm_gflops"] as? Double ?? 0) > 0)
    }

    @Test("bench --backbone times a ResNet with the Office-31 heads at the given input size")
    func benchResNet() throws {
        let result = try runDANN(["bench", "--json", "--backbone", "resnet18", "--input-size", "32", "--steps", "1", "--batch-size", "2", "--threads", "2"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["backbone"] as? String == "resnet18" && object["padding"] as? String == "n/a")
        #expect(object["input_shape"] as? [Int] == [3, 32, 32] && object["inference_batch"] as? Int == 2)
        // ResNet-18 does 1.82 G multiply-adds per 224² image, 0.074 GFLOP at 32²; a step of 2 + 2
        // images runs the forward products and at most two backward ones for each.
        let gflop = try #require(object["step_gflop"] as? Double)
        #expect(gflop > 4 * 0.074 && gflop < 4 * 3 * 0.1, "step GFLOP \(gflop)")
    }

    @Test func aSingleFileCSVPairReportsNoTestAccuracyAndNoPictures() throws {
        let root = temporaryDirectory("csv-pair")
        let rows = (0..<60).map { i in "\(Double(i % 2) + Double(i % 7) * 0.01),\(Double(i % 3) * 0.1),\(i % 2)" }.joined(separator: "\n")
        try ("a,b,label\n" + rows + "\n").write(toFile: root + "/s.csv", atomically: true, encoding: .utf8)
        try ("a,b,label\n" + rows + "\n").write(toFile: root + "/t.csv", atomically: true, encoding: .utf8)
        let result = try runDANN(["train", "--source", root + "/s.csv", "--target", root + "/t.csv", "--steps", "10", "--batch-size", "8",
                                  "--out", root + "/run", "--quiet", "--threads", "1"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("target test accuracy none") && result.output.contains("no t-SNE/PCA pictures"), "\(result.output)")
        #expect(!result.output.contains("embedding-tsne"))
        let info = try summary(root + "/run")
        #expect(info["target_test_accuracy"] == nil, "training rows are not reported as a test accuracy")
    }

    @Test func verifyingAnEmptyChecksumListFails() throws {
        let folder = temporaryDirectory("sums")
        #expect(FileManager.default.createFile(atPath: folder + "/SHA256SUMS", contents: Data()))
        let result = try runDANN(["data", "verify", "--sums", folder + "/SHA256SUMS"])
        #expect(result.status != 0 && result.error.contains("lists no files"), "\(result.error)")
    }

    @Test func unwritableOutputFolderIsReported() throws {
        let domains = try makeDomains()
        let blocker = temporaryDirectory("blocked") + "/file"
        FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let result = try runDANN(trainArguments(domains, out: blocker, steps: 5))
        #expect(result.status != 0)
        #expect(result.error.contains("exists and is not a folder"))
    }

    @Test func vectorDomainsFromCSVTrainAnMLP() throws {
        // Two Gaussian blobs per class; the target is shifted. Target labels are absent in train.csv.
        let root = temporaryDirectory("csv")
        var blobs = BlobRows(seed: 5)
        func rows(_ count: Int, shift: Double, labeled: Bool) -> String { blobs.rows(count, shift: shift, labeled: labeled) }
        try FileManager.default.createDirectory(atPath: root + "/target", withIntermediateDirectories: true)
        try ("a,b,label\n" + rows(200, shift: 0, labeled: true)).write(toFile: root + "/source.csv", atomically: true, encoding: .utf8)
        try ("a,b\n" + rows(200, shift: 0.5, labeled: false)).write(toFile: root + "/target/train.csv", atomically: true, encoding: .utf8)
        try ("a,b,label\n" + rows(100, shift: 0.5, labeled: true)).write(toFile: root + "/target/test.csv", atomically: true, encoding: .utf8)
        let out = temporaryDirectory("csv-run")
        let result = try runDANN(["train", "--source", root + "/source.csv", "--target", root + "/target", "--steps", "200",
                                  "--batch-size", "32", "--extractor-hidden", "16", "--label-hidden", "16", "--domain-hidden", "16",
                                  "--quiet", "--threads", "1", "--out", out])
        #expect(result.status == 0, "\(result.error)")
        let info = try summary(out)
        let target = try #require(info["target_test_accuracy"] as? Double)
        #expect(target > 0.9)
        let evaluation = try runDANN(["evaluate", "--checkpoint", out + "/checkpoint.safetensors", "--dataset", root + "/target/test.csv"])
        #expect(evaluation.output.contains(String(format: "accuracy %.4f", target)))
        // One rule for train and evaluate: the header 'a,b' makes train.csv unlabelled, so evaluate
        // refuses it rather than taking its last feature for labels.
        let unlabelled = try runDANN(["evaluate", "--checkpoint", out + "/checkpoint.safetensors", "--dataset", root + "/target/train.csv"])
        #expect(unlabelled.status != 0 && unlabelled.error.contains("no 'label' column"), "\(unlabelled.error)")
        // predict takes the unlabelled file as it is, and a headerless one with only the features.
        let named = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", root + "/target/train.csv"])
        #expect(named.status == 0 && named.output.split(separator: "\n").count == 200, "\(named.error)")
        let bare = rows(3, shift: 0, labeled: false)
        try bare.write(toFile: root + "/bare.csv", atomically: true, encoding: .utf8)
        let headerless = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", root + "/bare.csv"])
        #expect(headerless.status == 0 && headerless.output.split(separator: "\n").count == 3, "\(headerless.error)")
        // A vector model given image data says so instead of looking for mnist-m/test.csv or parsing a PNG as CSV.
        let images = try runDANN(["evaluate", "--checkpoint", out + "/checkpoint.safetensors", "--dataset", "mnist-m"])
        #expect(images.status != 0 && images.error.contains("is a vector model (2 CSV features)"), "\(images.error)")
        let png = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", root + "/digit.png"])
        #expect(png.status != 0 && png.error.contains("is not a CSV file"), "\(png.error)")
    }

    @Test func demoWritesSummaryAndPictures() throws {
        let out = temporaryDirectory("demo")
        let result = try runDANN(["demo", "--out", out, "--steps", "300", "--quiet"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("DANN:"))
        for file in ["summary.json", "two-moons-dann.png", "two-moons-plain-network.png"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/" + file))
            #expect(data.count > 100)
        }
        let info = try summary(out)
        #expect(info["dann_target_accuracy"] is Double && info["source_only_target_accuracy"] is Double)
        // The pictures show the median seed by DANN's target accuracy.
        let accuracies = try #require(info["dann_target_accuracies"] as? [Double])
        let pictured = try #require(info["pictured_seed"] as? Int)
        #expect(accuracies.filter { $0 < accuracies[pictured - 1] }.count <= 2 && accuracies.filter { $0 > accuracies[pictured - 1] }.count <= 2)
        // The points file lists exactly what each seed trained on: 300 source and 300 target rows.
        let rows = try String(contentsOfFile: out + "/two-moons-points.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "seed,domain,x1,x2,label")
        let seedRows = rows.dropFirst().map { $0.split(separator: ",") }
        #expect(seedRows.count == 5 * 600 && seedRows.allSatisfy { $0.count == 5 && Float($0[2]) != nil && Float($0[3]) != nil })
        #expect(seedRows.filter { $0[0] == "1" && $0[1] == "target" }.count == 300)
    }
}
