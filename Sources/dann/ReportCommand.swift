import FileWriting
import ArgumentParser
import DANNVisualization
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML page (and a Markdown twin) of one or several run folders, side by side.",
        discussion: """
            One column per run: the summary table (numbers right-aligned, wall time as minutes:seconds), then one row \
            per kind of picture, learning curves first, then the t-SNE and PCA of the features, each captioned with \
            what it shows. The HTML page embeds the pictures (SVG where the run has it) and reads offline.
            """)

    @Argument(help: "Run folders written by dann train or dann demo.") var runs: [String]
    @Option(help: "The file to write: FILE.html (the Markdown twin goes to FILE.md) or FILE.md (the HTML twin goes to FILE.html). Default: report.html in the run folder (one run) or here.")
    var out: String?
    @Option(help: "Page title.") var title = "DANN runs"

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run folder") }
        if let out { _ = try Self.paths(out: out) }
    }

    /// The HTML page and its Markdown twin for `--out`, decided by its extension, so that an `.md`
    /// out is not overwritten by the twin (it used to get the HTML and then the Markdown).
    static func paths(out: String) throws -> (html: String, markdown: String) {
        let base = (out as NSString).deletingPathExtension
        switch (out as NSString).pathExtension.lowercased() {
        case "html", "htm": return (out, base + ".md")
        case "md", "markdown": return (base + ".html", out)
        default:
            throw ValidationError("--out \(out): the file must end in .html (the Markdown twin goes beside it as .md) or .md (the HTML twin goes beside it as .html)")
        }
    }

    func run() throws {
        if runs.count == 1, SweepReport.isSweep(runs[0]) { return try writeSweepReport(runs[0]) }
        let report = try RunReport(directories: runs)
        let (htmlPath, markdownPath) = try Self.paths(out: out ?? (runs.count == 1 ? runs[0] + "/report.html" : "report.html"))
        let directory = (htmlPath as NSString).deletingLastPathComponent
        if !directory.isEmpty { try prepareOutputDirectory(directory) }
        try AtomicFile.write(Array(report.html(title: title).utf8), to: htmlPath)
        try AtomicFile.write(Array(report.markdown(title: title, reportDirectory: directory.isEmpty ? "." : directory).utf8), to: markdownPath)
        print("wrote \(htmlPath) and \(markdownPath)")
    }

    /// A sweep folder: its selection, validators and trials (see ``SweepReport``).
    func writeSweepReport(_ folder: String) throws {
        let report = try SweepReport(directory: folder)
        let htmlPath = out ?? folder + "/report.html"
        let directory = (htmlPath as NSString).deletingLastPathComponent
        if !directory.isEmpty { try prepareOutputDirectory(directory) }
        let markdownPath = ((htmlPath as NSString).deletingPathExtension) + ".md"
        let pageTitle = title == "DANN runs" ? "Sweep \(folder)" : title
        let relative = URL(fileURLWithPath: folder).standardizedFileURL.path
        try AtomicFile.write(Array(report.html(title: pageTitle).utf8), to: htmlPath)
        try AtomicFile.write(Array(report.markdown(title: pageTitle, relativeDirectory: relative).utf8), to: markdownPath)
        print("wrote \(htmlPath) and \(markdownPath)")
    }
}
