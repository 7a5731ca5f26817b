import Foundation
import Testing

/// `dann embed` on a tiny trained checkpoint: pictures, embedding.json and the feature exports.
@Suite("dann embed", .serialized)
struct EmbedCommandTests {
    /// Tiny bar-image domains and a 20-step checkpoint trained on them.
    static let trained: (source: String, target: String, checkpoint: String)? = {
        let root = temporaryDirectory("embed")
        for name in ["source", "target"] { try? FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true) }
        guard (try? writeBarsDomain(to: root + "/source", size: 8, colour: false, inverted: false, seed: 1)) != nil,
              (try? writeBarsDomain(to: root + "/target", size: 8, colour: false, inverted: true, seed: 2)) != nil,
              let train = try? runDANN(["train", "--source", root + "/source", "--target", root + "/target", "--steps", "20",
                                        "--batch-size", "16", "--conv-channels", "4,6", "--label-hidden", "16", "--domain-hidden", "16",
                                        "--padding", "same", "--embedding-samples", "0", "--threads", "1", "--quiet", "--out", root + "/run"]),
              train.status == 0 else { return nil }
        return (root + "/source", root + "/target", root + "/run/checkpoint.safetensors")
    }()

    func embed(_ extra: [String], out: String) throws -> CommandResult {
        let trained = try #require(Self.trained, "the tiny training run failed")
        return try runDANN(["embed", "--checkpoint", trained.checkpoint, "--source", trained.source, "--target", trained.target,
                            "--samples", "12", "--threads", "1", "--out", out] + extra)
    }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func compareWithDrawsTheBaselineAndWritesBothToEmbeddingJSON() throws {
        let out = temporaryDirectory("embed-compare")
        let checkpoint = try #require(Self.trained).checkpoint
        let result = try embed(["--compare-with", checkpoint, "--export", out + "/export/features.npy"], out: out)
        #expect(result.status == 0, "\(result.error)")
        for prefix in ["embedding", "baseline-embedding"] {
            for file in ["tsne.png", "tsne.svg", "pca.png", "pca.svg"] {
                #expect(FileManager.default.fileExists(atPath: "\(out)/\(prefix)-\(file)"), "missing \(prefix)-\(file)")
            }
        }
        let file = try json(out + "/embedding.json")
        #expect(Set(file.keys) == ["schema_version", "source", "target", "samples_per_domain", "model", "baseline"])
        #expect(file["schema_version"] as? Int == 1 && file["samples_per_domain"] as? Int == 12)
        for key in ["model", "baseline"] {
            let model = try #require(file[key] as? [String: Any])
            #expect(Set(model.keys) == ["checkpoint", "method", "proxy_a_distance", "points"])
            #expect(model["checkpoint"] as? String == checkpoint && model["method"] as? String == "dann")
            let distance = try #require(model["proxy_a_distance"] as? Double)
            #expect(distance >= 0 && distance <= 2)
            let points = try #require(model["points"] as? [[String: Any]])
            #expect(points.count == 24)
            #expect(points.allSatisfy { Set($0.keys) == ["domain", "label", "tsne", "pca"] })
            #expect(points.map { $0["domain"] as? String } == Array(repeating: "source", count: 12) + Array(repeating: "target", count: 12))
            #expect(points.allSatisfy { ($0["tsne"] as? [Double])?.count == 2 && ($0["pca"] as? [Double])?.count == 2 })
            #expect(Set(points.compactMap { $0["label"] as? Int }) == [0, 1, 2])
        }
        // The same samples in both: the baseline is the same checkpoint here, so the coordinates agree too.
        let model = try #require(file["model"] as? [String: Any]), baseline = try #require(file["baseline"] as? [String: Any])
        #expect((model["points"] as? NSArray) == (baseline["points"] as? NSArray))

        // --export FILE.npy: float32 (24, features) and the domain/label rows beside it.
        // (The header's layout is checked byte by byte in FeatureExportTests.)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/export/features.npy")))
        #expect(bytes.count > 10 && Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10 ..< 10 + headerLength], as: UTF8.self)
        let shape = try #require(header.firstMatch(of: /'shape': \((\d+), (\d+)\)/))
        let (rows, columns) = (Int(shape.1)!, Int(shape.2)!)
        #expect(header.contains("'descr': '<f4'") && rows == 24 && columns > 0)
        #expect(bytes.count == 10 + headerLength + 4 * rows * columns)
        let labels = try String(contentsOfFile: out + "/export/features.labels.csv", encoding: .utf8).split(separator: "\n")
        #expect(labels.first == "domain,label" && labels.count == 25 && labels[1].hasPrefix("source,") && labels[24].hasPrefix("target,"))
        #expect(result.output.contains("features.labels.csv"))
    }

    @Test func withoutCompareWithTheJSONHoldsTheModelAndCSVExportHasAFeatureColumnPerDimension() throws {
        let out = temporaryDirectory("embed-csv")
        let result = try embed(["--export", out + "/features.csv"], out: out)
        #expect(result.status == 0, "\(result.error)")
        let file = try json(out + "/embedding.json")
        #expect(file["model"] != nil && file["baseline"] == nil)
        #expect(!FileManager.default.fileExists(atPath: out + "/baseline-embedding-tsne.png"))
        let rows = try String(contentsOfFile: out + "/features.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        let header = try #require(rows.first)
        #expect(Array(header.prefix(3)) == ["domain", "label", "f0"])
        #expect(rows.count == 25 && rows.dropFirst().allSatisfy { $0.count == header.count && Float(String($0[2])) != nil })
        #expect(rows[1][0] == "source" && rows[24][0] == "target")
    }

    @Test func anUnknownExportExtensionFailsBeforeAnyWork() throws {
        let out = temporaryDirectory("embed-bad") + "/never"
        let result = try runDANN(["embed", "--checkpoint", "/nonexistent.safetensors", "--source", "a", "--target", "b",
                                  "--out", out, "--export", "features.txt"])
        #expect(result.status != 0)
        #expect(result.error == "Error: --export features.txt: the file must end in .csv or .npy\n", "stderr was: \(result.error)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("--input-distance adds the inputs' proxy A-distance; dann pad-figure plots it against the features' and tables both")
    func inputDistanceAndPADFigure() throws {
        let out = temporaryDirectory("embed-input-distance")
        let checkpoint = try #require(Self.trained).checkpoint
        let result = try embed(["--input-distance", "--compare-with", checkpoint], out: out)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("proxy A-distance of the inputs: "))
        let file = try json(out + "/embedding.json")
        // Bars against inverted bars: the raw pixels tell the domains apart completely.
        let inputs = try #require(file["input_proxy_a_distance"] as? Double)
        #expect(inputs > 1.5 && inputs <= 2, "input PAD \(inputs)")

        let figure = temporaryDirectory("pad-figure") + "/figures/figure3.png"
        let plotted = try runDANN(["pad-figure", out + "/embedding.json", out + "/embedding.json", "--out", figure])
        #expect(plotted.status == 0, "\(plotted.error)")
        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: figure)))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let table = try String(contentsOfFile: figure.replacingOccurrences(of: ".png", with: ".md"), encoding: .utf8)
        let rows = table.split(separator: "\n")
        #expect(rows.first == "| pair | inputs | dann |" && rows.count == 4)
        #expect(rows[2].hasPrefix("| source → target | " + String(format: "%.3f", inputs) + " | "))

        // A file written without --input-distance is refused in one line naming it and the flag.
        let plain = temporaryDirectory("embed-plain")
        #expect(try embed([], out: plain).status == 0)
        let refused = try runDANN(["pad-figure", plain + "/embedding.json", "--out", plain + "/figure.png"])
        #expect(refused.status != 0 && refused.error.contains("has no input_proxy_a_distance; write it with dann embed --input-distance"))
        #expect(!refused.error.contains("Fatal error"))
    }
}
