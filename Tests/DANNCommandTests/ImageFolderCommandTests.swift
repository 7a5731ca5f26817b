import DomainData
import Foundation
import Testing

/// `dann train / predict / evaluate` on generated ImageFolder trees of JPEG files.
@Suite("dann on image folders", .serialized)
struct ImageFolderCommandTests {
    static let classes = ["bar", "column", "diagonal"]

    /// A `size`×`size` picture of class `label` (a thick horizontal bar, vertical bar or diagonal,
    /// jittered), grey on black or, `recoloured`, yellow on a noisy blue background.
    static func picture(label: Int, size: Int, recoloured: Bool, seed: UInt64) -> DecodedImage {
        var state = seed
        func random(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) }
        let offset = random(size / 4) - size / 8
        let channels = recoloured ? 3 : 1
        var pixels: [UInt8] = []
        for y in 0..<size {
            for x in 0..<size {
                let centre = size / 2 + offset
                let on = switch label {
                case 0: abs(y - centre) <= size / 8
                case 1: abs(x - centre) <= size / 8
                default: abs(x - y - offset) <= size / 8
                }
                if recoloured {
                    pixels += on ? [240, 210, 40] : [UInt8(30 + random(40)), UInt8(80 + random(40)), UInt8(150 + random(40))]
                } else {
                    pixels.append(on ? 230 : UInt8(random(30)))
                }
            }
        }
        return try! DecodedImage(width: size, height: size, channels: channels, pixels: pixels)
    }

    /// Source: grey 20×20 JPEGs in train/CLASS and test/CLASS. Target: recoloured 28×28 JPEGs,
    /// train/ flat (unlabelled), test/CLASS labelled.
    func makeFolders() throws -> (source: String, target: String) {
        let root = temporaryDirectory("imagefolders")
        for (domain, size, recoloured) in [("source", 20, false), ("target", 28, true)] {
            for (split, count) in [("train", 60), ("test", 15)] {
                for index in 0..<count {
                    let label = index % 3
                    let image = Self.picture(label: label, size: size, recoloured: recoloured, seed: UInt64(index * 7 + (recoloured ? 1000 : 0) + (split == "test" ? 500 : 0)))
                    let flat = domain == "target" && split == "train"
                    let folder = "\(root)/\(domain)/\(split)" + (flat ? "" : "/\(Self.classes[label])")
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    try Data(encodeJPEG(image, quality: 92, progressive: index % 2 == 0)).write(to: URL(fileURLWithPath: "\(folder)/\(index).jpg"))
                }
            }
        }
        return (root + "/source", root + "/target")
    }

    @Test func trainPredictAndEvaluateWithClassNames() throws {
        let domains = try makeFolders()
        let out = temporaryDirectory("imagefolder-run")
        let train = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--input-size", "16",
                                 "--steps", "300", "--batch-size", "16", "--conv-channels", "4,6", "--label-hidden", "16",
                                 "--domain-hidden", "16", "--padding", "same", "--log-every", "10", "--threads", "1",
                                 "--embedding-samples", "0", "--quiet", "--out", out, "--seed", "5"])
        #expect(train.status == 0, "\(train.error)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any])
        #expect(summary["target_test_accuracy"] is Double, "the labelled target test split reports accuracy")
        #expect((summary["source_test_accuracy"] as? Double ?? 0) >= 0.9, "the shapes are learned")
        let preprocessing = try #require((summary["preprocessing"] as? [String: Any])?["image"] as? [String: Any])
        #expect(preprocessing["input_size"] as? Int == 16 && preprocessing["height"] as? Int == 16 && preprocessing["channels"] as? Int == 3)

        let checkpoint = out + "/checkpoint.safetensors"
        let predictions = try runDANN(["predict", "--checkpoint", checkpoint, domains.target + "/test/column"])
        #expect(predictions.status == 0, "\(predictions.error)")
        let labels = predictions.output.split(separator: "\n").map { String($0.split(separator: "\t").last!) }
        #expect(labels.count == 5 && labels.allSatisfy(Self.classes.contains), "labels are class names: \(labels)")
        #expect(labels.filter { $0 == "column" }.count >= 3, "\(labels)")
        #expect(!predictions.error.contains("note:"), "an input-size model resizes without a note")
        let json = try runDANN(["predict", "--checkpoint", checkpoint, "--json", domains.target + "/train/0.jpg"])
        #expect(json.output.contains("\"class\":\""), "\(json.output)")

        // A much larger photo goes through the same resize and crop.
        let big = out + "/big.jpg"
        try Data(encodeJPEG(Self.picture(label: 1, size: 90, recoloured: true, seed: 9))).write(to: URL(fileURLWithPath: big))
        let one = try runDANN(["predict", "--checkpoint", checkpoint, big])
        #expect(one.status == 0 && one.output.hasPrefix(big + "\t"), "\(one.error)")

        let evaluation = try runDANN(["evaluate", "--checkpoint", checkpoint, "--dataset", domains.target])
        #expect(evaluation.status == 0, "\(evaluation.error)")
        #expect(evaluation.output.contains("on 15 samples") && evaluation.output.contains("  diagonal\t"), "\(evaluation.output)")
        let evaluationJSON = try runDANN(["evaluate", "--checkpoint", checkpoint, "--dataset", domains.target, "--json"])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(evaluationJSON.output.utf8)) as? [String: Any])
        #expect(result["class_names"] as? [String] == Self.classes)
        #expect(abs((result["accuracy"] as? Double ?? -1) - (summary["target_test_accuracy"] as? Double ?? -2)) < 1e-9, "evaluate repeats training's preprocessing")
    }

    /// The same folders through a ResNet-18 backbone at 32×32: it trains, predicts class names and
    /// evaluates as its summary says (a few steps: the point is the pipeline, not the accuracy).
    @Test func aResNetBackboneTrainsOnImageFolders() throws {
        let domains = try makeFolders()
        let out = temporaryDirectory("imagefolder-resnet")
        let train = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--input-size", "32",
                                 "--backbone", "resnet18", "--steps", "4", "--batch-size", "4", "--label-hidden", "16",
                                 "--domain-hidden", "16", "--log-every", "2", "--threads", "1", "--embedding-samples", "0",
                                 "--quiet", "--out", out, "--seed", "5"])
        #expect(train.status == 0, "\(train.error)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any])
        #expect((summary["network"] as? [String: Any])?["backbone"] as? String == "resnet18")
        let checkpoint = out + "/checkpoint.safetensors"
        let predictions = try runDANN(["predict", "--checkpoint", checkpoint, domains.target + "/test/column"])
        #expect(predictions.status == 0, "\(predictions.error)")
        let labels = predictions.output.split(separator: "\n").map { String($0.split(separator: "\t").last!) }
        #expect(labels.count == 5 && labels.allSatisfy(Self.classes.contains), "labels are class names: \(labels)")
        let evaluation = try runDANN(["evaluate", "--checkpoint", checkpoint, "--dataset", domains.target, "--json"])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.output.utf8)) as? [String: Any])
        #expect(abs((result["accuracy"] as? Double ?? -1) - (summary["target_test_accuracy"] as? Double ?? -2)) < 1e-9, "evaluate repeats the summary")
    }

    @Test func augmentedTrainingIsSeededAndRecorded() throws {
        let domains = try makeFolders()
        var checkpoints: [Data] = []
        for run in 0..<2 {
            let out = temporaryDirectory("augmented-\(run)")
            let train = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--input-size", "12",
                                     "--random-resized-crop", "0.5", "--horizontal-flip", "--steps", "6", "--batch-size", "8",
                                     "--conv-channels", "4,6", "--label-hidden", "16", "--domain-hidden", "16", "--padding", "same",
                                     "--threads", "1", "--embedding-samples", "0", "--quiet", "--out", out, "--seed", "2"])
            #expect(train.status == 0, "\(train.error)")
            checkpoints.append(try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoint.safetensors")))
            let summary = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
            #expect(summary.contains("\"crop_scale\" : 0.5") && summary.contains("\"horizontal_flip\" : true"), "the settings are recorded")
        }
        #expect(checkpoints[0] == checkpoints[1], "same seed, same bits")
    }

    /// Augmentation draws from the seed and the step alone, so a run killed after its first
    /// checkpoints and resumed ends with the bytes of an uninterrupted one.
    @Test func anAugmentedRunResumesByteExactlyAfterSIGKILL() throws {
        let domains = try makeFolders()
        func arguments(_ out: String) -> [String] {
            ["train", "--source", domains.source, "--target", domains.target, "--input-size", "12",
             "--random-resized-crop", "0.5", "--horizontal-flip", "--steps", "400", "--batch-size", "8",
             "--conv-channels", "4,6", "--label-hidden", "16", "--domain-hidden", "16", "--padding", "same",
             "--log-every", "10", "--checkpoint-every", "10", "--threads", "1", "--embedding-samples", "0",
             "--quiet", "--out", out, "--seed", "4"]
        }
        let whole = temporaryDirectory("augmented-whole"), killed = temporaryDirectory("augmented-killed")
        let first = try runDANN(arguments(whole))
        #expect(first.status == 0, "\(first.error)")
        try runDANNKilledAfterItLogged(arguments(killed), out: killed)
        #expect(!FileManager.default.fileExists(atPath: killed + "/summary.json"), "killed before the end")
        let resumed = try runDANN(arguments(killed) + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.error)")
        let a = try Data(contentsOf: URL(fileURLWithPath: whole + "/checkpoint.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: killed + "/checkpoint.safetensors"))
        #expect(a == b, "checkpoints are byte-identical")
        #expect(try String(contentsOfFile: whole + "/metrics.jsonl", encoding: .utf8) == (try String(contentsOfFile: killed + "/metrics.jsonl", encoding: .utf8)))
    }

    @Test func variedSizesWithoutInputSizeAndAnUnlabelledSourceFailInOneLine() throws {
        let domains = try makeFolders()
        let mixed = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--steps", "1", "--batch-size", "16", "--embedding-samples", "0", "--quiet",
                                 "--out", temporaryDirectory("mixed")])
        // Source 20×20 and target 28×28 are fine (the common size); images of one folder must agree.
        #expect(mixed.status == 0, "\(mixed.error)")
        try Data(encodeJPEG(Self.picture(label: 0, size: 33, recoloured: true, seed: 1))).write(to: URL(fileURLWithPath: domains.target + "/train/odd.jpg"))
        let odd = try runDANN(["train", "--source", domains.source, "--target", domains.target, "--steps", "1", "--batch-size", "16", "--embedding-samples", "0", "--quiet",
                               "--out", temporaryDirectory("odd")])
        #expect(odd.status != 0 && odd.error.contains("--input-size") && odd.error.split(separator: "\n").count == 1, "\(odd.error)")
        let unlabelled = try runDANN(["train", "--source", domains.target + "/train", "--target", domains.source, "--steps", "1",
                                      "--quiet", "--out", temporaryDirectory("unlabelled")])
        #expect(unlabelled.status != 0 && unlabelled.error.contains("no class folders"), "\(unlabelled.error)")
    }
}

@Suite("dann predict on images of another size", .serialized)
struct PredictSizeTests {
    @Test func aModelWithoutInputSizeSaysHowItCropsALargerImage() throws {
        let root = temporaryDirectory("predict-size")
        try FileManager.default.createDirectory(atPath: root + "/bars", withIntermediateDirectories: true)
        try writeBarsDomain(to: root + "/bars", size: 8, colour: false, inverted: false, seed: 1)
        let out = root + "/run"
        let train = try runDANN(["train", "--source", root + "/bars", "--target", root + "/bars", "--steps", "2", "--batch-size", "16",
                                 "--conv-channels", "4,6", "--label-hidden", "16", "--domain-hidden", "16", "--padding", "same",
                                 "--embedding-samples", "0", "--quiet", "--out", out])
        #expect(train.status == 0, "\(train.error)")
        let large = root + "/large.png"
        try writePNG(try DecodedImage(width: 32, height: 32, channels: 1, pixels: [UInt8](repeating: 90, count: 1024)), to: large)
        let small = root + "/small.jpg"
        try Data(encodeJPEG(try DecodedImage(width: 8, height: 8, channels: 1, pixels: [UInt8](repeating: 90, count: 64)))).write(to: URL(fileURLWithPath: small))
        let predicted = try runDANN(["predict", "--checkpoint", out + "/checkpoint.safetensors", large, small])
        #expect(predicted.status == 0, "\(predicted.error)")
        #expect(predicted.output.split(separator: "\n").count == 2, "images of different sizes in one call")
        #expect(predicted.error.contains("large.png is 32×32 but the model takes 8×8: it is centre-cropped"), "\(predicted.error)")
        #expect(!predicted.error.contains("small.jpg"))
        // Class indices (no class folders in training).
        #expect(predicted.output.split(separator: "\n").allSatisfy { Int($0.split(separator: "\t").last!) != nil })
    }

    @Test func anIDXTargetWithoutTrainLabelsTrains() throws {
        let root = temporaryDirectory("unlabelled-idx")
        for (name, colour) in [("source", false), ("target", true)] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            try writeBarsDomain(to: root + "/" + name, size: 8, colour: colour, inverted: colour, seed: 2)
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: root + "/target") where file.hasPrefix("train-labels") {
            try FileManager.default.removeItem(atPath: root + "/target/" + file)
        }
        let arguments = ["train", "--steps", "2", "--batch-size", "16", "--conv-channels", "4,6", "--label-hidden", "16",
                         "--domain-hidden", "16", "--padding", "same", "--embedding-samples", "0", "--quiet"]
        let train = try runDANN(arguments + ["--source", root + "/source", "--target", root + "/target", "--out", root + "/run"])
        #expect(train.status == 0, "\(train.error)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/run/summary.json"))) as? [String: Any])
        #expect(summary["target_test_accuracy"] is Double, "the labelled test split still reports accuracy")
        // The labels are still needed where training uses them.
        let oracle = try runDANN(arguments + ["--source", root + "/source", "--target", root + "/target", "--method", "target-only", "--out", root + "/oracle"])
        #expect(oracle.status != 0 && oracle.error.contains("no train labels file found"), "\(oracle.error)")
    }
}
