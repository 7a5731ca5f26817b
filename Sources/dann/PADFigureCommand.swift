import ArgumentParser
import DANNVisualization
import FileWriting
import Foundation

/// `dann pad-figure`: JMLR Figure 3 from the embedding.json files of `dann embed --input-distance`.
struct PADFigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pad-figure",
        abstract: "Plot the proxy A-distance of the inputs against that of the features, one point per domain pair and model (JMLR Figure 3).",
        discussion: """
            Reads embedding.json files written by dann embed --input-distance (one per domain pair; with \
            --compare-with, the baseline is plotted too) and writes the scatter plot to --out (.png or .svg) and a \
            Markdown table of the distances beside it (same name, .md).
            """)

    @Argument(help: "embedding.json files of dann embed --input-distance.") var files: [String]
    @Option(help: "The picture to write: FILE.png or FILE.svg (the table goes to FILE.md).") var out = "pad-figure.png"

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one embedding.json") }
        guard ["png", "svg"].contains((out as NSString).pathExtension.lowercased()) else {
            throw ValidationError("--out \(out): the file must end in .png or .svg")
        }
    }

    func run() throws {
        let pairs = try files.map(Self.pair(from:))
        let figure = ProxyADistanceFigure(pairs: pairs)
        let folder = (out as NSString).deletingLastPathComponent
        if !folder.isEmpty { try prepareOutputDirectory(folder) }
        try figure.chart().write(to: out)
        let table = figure.markdownTable(), tablePath = (out as NSString).deletingPathExtension + ".md"
        try AtomicFile.write(Array(table.utf8), to: tablePath)
        print(table, terminator: "")
        print("wrote \(out), \(tablePath)")
    }

    /// One pair's distances from an embedding.json; a file without the input distance is refused.
    static func pair(from path: String) throws -> ProxyADistanceFigure.Pair {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("\(path): no such file") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let source = object["source"] as? String, let target = object["target"] as? String,
              let model = object["model"] as? [String: Any], let distance = model["proxy_a_distance"] as? Double else {
            throw CommandFailure("\(path): not an embedding.json written by dann embed")
        }
        guard let inputs = object["input_proxy_a_distance"] as? Double else {
            throw CommandFailure("\(path): has no input_proxy_a_distance; write it with dann embed --input-distance")
        }
        var models = [(name: model["method"] as? String ?? "model", distance: distance)]
        if let baseline = object["baseline"] as? [String: Any], let other = baseline["proxy_a_distance"] as? Double {
            models.append((name: baseline["method"] as? String ?? "baseline", distance: other))
        }
        return .init(name: "\(Self.shortName(source)) → \(Self.shortName(target))", inputs: inputs, models: models)
    }

    /// The last path component of a dataset argument (`amazon-reviews/books` → `books`).
    static func shortName(_ argument: String) -> String {
        argument.split(separator: "/").last.map(String.init) ?? argument
    }
}
