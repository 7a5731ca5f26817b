import Foundation
import Testing

/// `dann report --out` decides by the extension which twin goes where: an `.md` out gets the
/// Markdown (it used to be overwritten by it after receiving the HTML), other extensions are refused.
@Suite("dann report --out", .serialized)
struct ReportCommandTests {
    /// A one-step CSV run to report on.
    static let run: String? = {
        let directory = temporaryDirectory("report-run")
        let csv = directory + "/d.csv"
        guard (try? (["a,b,label"] + (0..<12).map { "\($0),\($0 % 4),\($0 % 2)" }).joined(separator: "\n")
            .write(toFile: csv, atomically: true, encoding: .utf8)) != nil,
              let train = try? runDANN(["train", "--source", csv, "--target", csv, "--steps", "1", "--batch-size", "4",
                                        "--embedding-samples", "0", "--quiet", "--out", directory + "/run"]),
              train.status == 0 else { return nil }
        return directory + "/run"
    }()

    func files(_ out: String) throws -> (html: String, markdown: String) {
        let base = (out as NSString).deletingPathExtension
        return (try String(contentsOfFile: base + ".html", encoding: .utf8), try String(contentsOfFile: base + ".md", encoding: .utf8))
    }

    @Test(arguments: ["r.md", "r.html", "R.MD", "nested/r.markdown"])
    func eachTwinGetsItsOwnFile(name: String) throws {
        let run = try #require(Self.run, "the tiny run failed")
        let out = temporaryDirectory("report") + "/" + name
        let result = try runDANN(["report", run, "--out", out])
        #expect(result.status == 0, "\(result.error)")
        let base = (out as NSString).deletingPathExtension
        let html = try String(contentsOfFile: name.lowercased().hasSuffix(".html") ? out : base + ".html", encoding: .utf8)
        let markdown = try String(contentsOfFile: name.lowercased().hasSuffix(".html") ? base + ".md" : out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<html"), "HTML in the .html file: \(html.prefix(40))")
        #expect(markdown.hasPrefix("# ") && !markdown.contains("<html"), "Markdown in the Markdown file: \(markdown.prefix(40))")
    }

    @Test func otherExtensionsAreRefused() throws {
        let run = try #require(Self.run, "the tiny run failed")
        let folder = temporaryDirectory("report-refused")
        for name in ["r.txt", "report", "r.pdf"] {
            let result = try runDANN(["report", run, "--out", folder + "/" + name])
            #expect(result.status == 64 && result.error.contains("--out \(folder)/\(name): the file must end in .html"), "\(result.error)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing written")
    }
}
