import DomainData
import Foundation
import Testing

/// One stray label (a 255 among 0–2) is refused with the file, the label and its sample count,
/// in every format, instead of silently training a 256-class network; `--classes K` declares
/// the count instead.
@Suite("dann train on stray labels", .serialized)
struct StrayLabelTests {
    func train(_ source: String, _ target: String, _ extra: [String] = []) -> [String] {
        ["train", "--source", source, "--target", target, "--steps", "2", "--batch-size", "4", "--conv-channels", "2,2",
         "--padding", "same", "--label-hidden", "8", "--domain-hidden", "8", "--embedding-samples", "0", "--quiet",
         "--out", temporaryDirectory("stray-out")] + extra
    }

    func expectRefusal(_ arguments: [String], mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try runDANN(arguments)
        #expect(result.status == 1, sourceLocation: sourceLocation)
        let message = result.error.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(message.split(separator: "\n").count == 1, "one line: \(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "'\(fragment)' missing from: \(message)", sourceLocation: sourceLocation)
        }
        let out = arguments[arguments.firstIndex(of: "--out")! + 1]
        #expect(!FileManager.default.fileExists(atPath: out + "/checkpoint.safetensors"), sourceLocation: sourceLocation)
    }

    /// A bars domain whose training labels file has label `stray` at its last sample.
    func idxDomain(stray: UInt8) throws -> String {
        let directory = temporaryDirectory("stray-idx")
        try writeBarsDomain(to: directory, size: 8, colour: false, inverted: false, seed: 1, count: 30)
        let path = directory + "/train-labels-idx1-ubyte.gz"
        var labels = try IDXArray.read(from: path).bytes
        labels[labels.count - 1] = stray
        try IDXArray(dimensions: [labels.count], bytes: labels).write(to: path, gzip: true)
        return directory
    }

    @Test func idxLabels() throws {
        let good = temporaryDirectory("good-idx")
        try writeBarsDomain(to: good, size: 8, colour: false, inverted: false, seed: 2, count: 30)
        let stray = try idxDomain(stray: 255)
        try expectRefusal(train(stray, good), mentions: ["train-labels-idx1-ubyte.gz", "label 255 (1 sample)", "labels 3–254 are absent", "--classes"])
        // As the target: outside the source's classes.
        try expectRefusal(train(good, stray), mentions: ["train-labels-idx1-ubyte.gz", "label 255 (1 sample) is outside 0..<3", "classes of source"])
        // Declared: trains with 256 classes; a smaller declared count names the label.
        let out = temporaryDirectory("declared")
        var arguments = train(stray, good, ["--classes", "256"])
        arguments[arguments.firstIndex(of: "--out")! + 1] = out
        let result = try runDANN(arguments)
        #expect(result.status == 0, "\(result.error)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        #expect((summary["network"] as? [String: Any])?["class_count"] as? Int == 256)
        try expectRefusal(train(stray, good, ["--classes", "3"]), mentions: ["train-labels-idx1-ubyte.gz", "label 255 (1 sample) is outside 0..<3", "declared 3 classes"])
        for bad in ["0", "-1", "100001", "\(Int.max)"] {
            let refused = try runDANN(train(stray, good, ["--classes=\(bad)"]))
            #expect(refused.status == 64 && refused.error.contains("--classes must be in 1…100000"), "\(bad): \(refused.error)")
        }
    }

    @Test func mnistMLabelList() throws {
        let directory = temporaryDirectory("stray-mnistm")
        let folder = directory + "/" + MNISTMPNGLayout.imagesFolder(.train)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var list = ""
        for i in 0..<12 {
            try writePNG(DecodedImage(width: 8, height: 8, channels: 3, pixels: [UInt8](repeating: UInt8(20 * i), count: 192)), to: folder + "/\(i).png")
            list += "\(i).png \(i == 11 ? 255 : i % 3)\n"
        }
        try list.write(toFile: directory + "/" + MNISTMPNGLayout.labelsFile(.train), atomically: true, encoding: .utf8)
        try expectRefusal(train(directory, directory), mentions: ["mnist_m_train_labels.txt", "label 255 (1 sample)"])
    }

    @Test func csvLabels() throws {
        let directory = temporaryDirectory("stray-csv")
        let rows = (0..<12).map { "\(Double($0) / 10),\(Double($0 % 5)),\($0 % 3)" }
        try (["a,b,label"] + rows).joined(separator: "\n").write(toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
        // The stray label sits in the test file: it counts too.
        try (["a,b,label"] + rows + ["0.5,0.5,7", "0.5,0.5,7"]).joined(separator: "\n").write(toFile: directory + "/test.csv", atomically: true, encoding: .utf8)
        try expectRefusal(train(directory, directory), mentions: ["test.csv", "label 7 (2 samples)", "labels 3–6 are absent"])
        try expectRefusal(train(directory + "/train.csv", directory), mentions: ["test.csv", "label 7 (2 samples) is outside 0..<3"])
    }

    /// `--limit` keeps the first samples, which may lack a class: the count comes from the whole file.
    @Test func limitDoesNotMakeAGap() throws {
        let directory = temporaryDirectory("limit-csv")
        let labels = [0, 2, 1, 1, 2, 0, 1, 0]
        let rows = labels.enumerated().map { "\(Double($0.offset)),\(Double($0.element)),\($0.element)" }
        try (["a,b,label"] + rows).joined(separator: "\n").write(toFile: directory + "/s.csv", atomically: true, encoding: .utf8)
        let out = temporaryDirectory("limit-out")
        let result = try runDANN(["train", "--source", directory + "/s.csv", "--target", directory + "/s.csv", "--limit", "2", "--steps", "1",
                                  "--batch-size", "2", "--embedding-samples", "0", "--quiet", "--out", out])
        #expect(result.status == 0, "\(result.error)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        #expect((summary["network"] as? [String: Any])?["class_count"] as? Int == 3)
    }
}
