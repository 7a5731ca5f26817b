import Foundation
import Testing

/// `dann train --backbone resnet18` at a tiny input size: the checkpoint rebuilds the ResNet, and
/// `--backbone-weights` refuses a file that is not a torchvision state_dict in one line.
@Suite("dann with a ResNet backbone", .serialized)
struct ResNetCommandTests {
    @Test func trainsAResNetAndItsCheckpointRebuilds() throws {
        let root = temporaryDirectory("resnet")
        for (name, colour) in [("source", false), ("target", true)] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            try writeBarsDomain(to: root + "/" + name, size: 8, colour: colour, inverted: colour, seed: 3, count: 12)
        }
        let out = root + "/run"
        let common = ["train", "--source", root + "/source", "--target", root + "/target", "--backbone", "resnet18", "--steps", "2",
                      "--batch-size", "2", "--label-hidden", "8", "--domain-hidden", "8", "--log-every", "1", "--average-from", "none",
                      "--embedding-samples", "0", "--quiet"]
        let train = try runDANN(common + ["--out", out])
        #expect(train.status == 0, "\(train.error)")
        let checkpoint = out + "/checkpoint.safetensors"
        let summary = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
        #expect(summary.contains(#""backbone" : "resnet18""#), "the summary records the backbone")
        let evaluated = try runDANN(["evaluate", "--checkpoint", checkpoint, "--dataset", root + "/target"])
        #expect(evaluated.status == 0, "the checkpoint rebuilds the ResNet: \(evaluated.error)")

        // Our own checkpoint is not a torchvision state_dict: its keys carry the featureExtractor. prefix.
        let wrong = try runDANN(common + ["--out", root + "/wrong", "--backbone-weights", checkpoint])
        #expect(wrong.status != 0)
        #expect(wrong.error.contains("--backbone-weights \(checkpoint): tensor 'conv1.weight' is missing"), "\(wrong.error)")
        #expect(wrong.error.split(separator: "\n").count == 1, "one line: \(wrong.error)")
        let lenet = try runDANN(["train", "--source", root + "/source", "--target", root + "/target", "--backbone-weights", checkpoint,
                                 "--out", root + "/lenet"])
        #expect(lenet.status != 0 && lenet.error.contains("--backbone-weights needs --backbone resnet18"), "\(lenet.error)")
    }
}
