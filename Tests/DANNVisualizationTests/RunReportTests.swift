import Foundation
import Testing
@testable import DANNVisualization

/// The report on hand-made run folders: a summary.json and a few stand-in pictures each.
@Suite struct RunReportTests {
    /// A run folder holding `summary` and a tiny file per picture name (SVG content for `.svg`).
    func makeRun(_ name: String, in root: String, summary: [String: Any], pictures: [String]) throws -> String {
        let directory = root + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: summary).write(to: URL(fileURLWithPath: directory + "/summary.json"))
        for picture in pictures {
            let content = picture.hasSuffix(".svg") ? "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(name)-\(picture)\"/>" : "PNG \(name) \(picture)"
            try Data(content.utf8).write(to: URL(fileURLWithPath: directory + "/" + picture))
        }
        return directory
    }

    func root() -> String {
        let path = NSTemporaryDirectory() + "dann-report-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A DANN run with the newer summary.json (object `reported_model`, `last_logged_interval`) and a source-only run with the
    /// older one (string `reported_model`, `final_metrics`), as two folders of the same name under different parents.
    func twoRuns() throws -> (report: RunReport, root: String) {
        let root = root()
        let dann = try makeRun("a/run", in: root, summary: [
            "schema_version": 1, "method": "dann", "steps": 20000, "target_test_accuracy": 0.7766, "wall_seconds": 545.2, "proxy_a_distance": 2,
            "reported_model": ["weights": "averaged", "first_step": 15001, "last_step": 20000],
            "last_logged_interval": ["label_loss": 0.25, "domain_loss": 0.69, "domain_accuracy": 0.51, "step": 20000],
        ], pictures: ["learning-curves.png", "learning-curves.svg", "embedding-tsne.png", "embedding-tsne.svg", "embedding-pca.png",
                      "zz-extra.png"])
        let plain = try makeRun("b/run", in: root, summary: [
            "method": "source-only", "steps": 20000, "target_test_accuracy": 0.594, "wall_seconds": 3725,
            "reported_model": "final iterate", "final_metrics": ["label_loss": 0.125, "step": 20000],
        ], pictures: ["embedding-pca.png", "learning-curves.png"])
        return (try RunReport(directories: [dann, plain]), root)
    }

    @Test func wallTimeReadsAsMinutesAndSeconds() {
        #expect(ReportCell.clock(545) == "9:05")
        #expect(ReportCell.clock(545.4) == "9:05" && ReportCell.clock(59.6) == "1:00")
        #expect(ReportCell.clock(0) == "0:00" && ReportCell.clock(3599) == "59:59")
        #expect(ReportCell.clock(3725) == "1:02:05" && ReportCell.clock(36000) == "10:00:00")
        #expect(ReportCell(wallSeconds: NSNumber(value: 545.2)) == ReportCell(text: "9:05", isNumeric: true))
        #expect(ReportCell(wallSeconds: nil).text == "–")
    }

    @Test func reportedModelReadsInBothShapes() {
        #expect(ReportCell(reportedModel: ["weights": "averaged", "first_step": 15001, "last_step": 20000] as [String: Any]).text
                == "average of steps 15001–20000")
        #expect(ReportCell(reportedModel: ["weights": "final", "step": 20000] as [String: Any]).text == "final iterate (step 20000)")
        #expect(ReportCell(reportedModel: "average of the weights of steps 31–40").text == "average of the weights of steps 31–40")
        #expect(ReportCell(reportedModel: ["weights": "ema", "decay": 0.999] as [String: Any]).text == "decay: 0.9990, weights: ema")
        #expect(!ReportCell(reportedModel: "final iterate").isNumeric)
    }

    @Test func tableHasOneColumnPerRunWithNumbersRightAligned() throws {
        let (report, _) = try twoRuns()
        #expect(report.columnNames == ["a/run", "b/run"], "same folder names are told apart by their parents")
        let rows = Dictionary(report.tableRows.map { ($0.label, $0.cells) }, uniquingKeysWith: { a, _ in a })
        #expect(rows["method"] == [ReportCell(text: "dann", isNumeric: false), ReportCell(text: "source-only", isNumeric: false)])
        #expect(rows["target test accuracy"] == [ReportCell(text: "0.7766", isNumeric: true), ReportCell(text: "0.5940", isNumeric: true)])
        #expect(rows["wall time"]?.map(\.text) == ["9:05", "1:02:05"])
        #expect(rows["steps"]?.map(\.text) == ["20000", "20000"])
        #expect(rows["proxy A-distance"]?.map(\.text) == ["2.0000", "–"], "a measure keeps its decimals when JSON wrote it whole")
        #expect(rows["proxy A-distance"]?.map(\.isNumeric) == [true, false])
        #expect(rows["reported model"]?.map(\.text) == ["average of steps 15001–20000", "final iterate"])
        // Terms come from last_logged_interval or, in older runs, final_metrics.
        #expect(rows["last interval: label loss"]?.map(\.text) == ["0.2500", "0.1250"])
        #expect(rows["last interval: domain accuracy"]?.map(\.text) == ["0.5100", "–"])
        #expect(rows["last interval: step"] == nil)

        let html = report.html(title: "runs")
        #expect(html.contains("<th scope=\"col\">a/run</th><th scope=\"col\">b/run</th>"))
        #expect(html.contains("<tr><th scope=\"row\">target test accuracy</th><td class=\"num\">0.7766</td><td class=\"num\">0.5940</td></tr>"))
        #expect(html.contains("<tr><th scope=\"row\">method</th><td>dann</td><td>source-only</td></tr>"))
        #expect(html.contains("<td class=\"num\">9:05</td>"))
        #expect(html.contains("td.num { text-align: right"))
    }

    @Test func figuresFormRowsOfOneColumnPerRunLearningCurvesFirst() throws {
        let (report, root) = try twoRuns()
        #expect(report.figureRows.map(\.kind.name) == ["learning-curves", "embedding-tsne", "embedding-pca", "zz-extra"])
        #expect(report.figureRows[1].files == [["embedding-tsne.png", "embedding-tsne.svg"], []])

        let html = report.html(title: "runs")
        #expect(html.contains("grid-template-columns: repeat(2, minmax(0, 1fr))"))
        let figures = html.components(separatedBy: "<figure class=\"row\" id=").dropFirst()
        #expect(figures.count == 4 && figures.first!.hasPrefix("\"learning-curves\">"), "each row can be linked to by its kind")
        let curves = try #require(figures.first)
        #expect(curves.contains("<strong>Learning curves.</strong> Over the training steps: the training losses"))
        // Each run's picture in its own column, in the runs' order; the SVG twin where there is one.
        let svg = Data("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"a/run-learning-curves.svg\"/>".utf8).base64EncodedString()
        let png = Data("PNG b/run learning-curves.png".utf8).base64EncodedString()
        let first = try #require(curves.range(of: svg)), second = try #require(curves.range(of: png))
        #expect(first.lowerBound < second.lowerBound)
        #expect(curves.components(separatedBy: "<div class=\"run-name\">").count == 3)
        let tsne = figures[figures.index(after: figures.startIndex)]
        #expect(tsne.contains("t-SNE of the feature extractor's output") && tsne.contains("circles") && tsne.contains("triangles"))
        #expect(tsne.contains("no embedding-tsne picture in this run"), "a run without the picture keeps its column")
        #expect(figures.last!.contains("<strong>zz-extra.</strong> zz-extra"), "an unknown picture is captioned by its name")

        let markdown = report.markdown(title: "runs", reportDirectory: root)
        #expect(markdown.contains("| a/run | b/run |\n|---|---|\n| ![Learning curves, a/run](a/run/learning-curves.png) | ![Learning curves, b/run](b/run/learning-curves.png) |"))
        #expect(markdown.contains("| *no embedding-tsne picture* |"))
        let order = ["## Learning curves", "## t-SNE of the features", "## PCA of the features", "## zz-extra"].map { markdown.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
    }

    @Test func markdownTablePadsTextLeftAndNumbersRight() throws {
        let (report, _) = try twoRuns()
        let lines = report.markdown(title: "runs", reportDirectory: ".").split(separator: "\n").map(String.init)
        let method = try #require(lines.first { $0.hasPrefix("| method ") })
        let accuracy = try #require(lines.first { $0.hasPrefix("| target test accuracy ") })
        // Cells of one column are padded to one width: text on the right, numbers on the left.
        func cells(_ line: String) -> [Substring] { line.split(separator: "|").dropFirst().map { $0.dropFirst().dropLast() } }
        let (methods, accuracies) = (cells(method), cells(accuracy))
        #expect(methods.map(\.count) == accuracies.map(\.count))
        #expect(methods[0].hasPrefix("dann ") && methods[1].hasPrefix("source-only"))
        #expect(accuracies[0].hasPrefix(" ") && accuracies[0].hasSuffix("0.7766") && accuracies[1].hasSuffix(" 0.5940"))
        #expect(lines.contains { $0.hasPrefix("|--") && $0.hasSuffix(":|") && $0.filter { $0 == ":" }.count == 2 },
                "the run columns render right-aligned")
    }

    @Test func aFolderWithoutSummaryIsNamed() throws {
        let empty = root()
        #expect(throws: ReportError.self) { try RunReport(directories: [empty]) }
    }
}
