import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Plotting

/// What the SVG form holds, checked on the parsed document.
@Suite struct SVGOutputTests {
    /// The elements of an SVG document, with their attributes, in document order.
    final class Elements: NSObject, XMLParserDelegate {
        var all: [(name: String, attributes: [String: String])] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            all.append((name, attributes))
        }
        /// Uses of glyph outlines: one per drawn character, spaces included.
        var glyphUses: Int {
            all.filter { $0.name == "use" && ($0.attributes["xlink:href"] ?? "").hasPrefix("#glyph") }.count
        }
    }

    func parse(_ bytes: [UInt8]) throws -> Elements {
        let parser = XMLParser(data: Data(bytes))
        let elements = Elements()
        parser.delegate = elements
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        return elements
    }

    @Test func svgIsWellFormedWithSizeAndStrokes() throws {
        var chart = LineChart(title: "Losses", xLabel: "step", yLabel: "loss")
        chart.add(LineSeries(name: "label loss", x: [0, 1, 2, 3], y: [2, 1, 0.6, 0.5], color: Color(hex: 0xFF0000)))
        chart.add(LineSeries(name: "chance", x: [0, 3], y: [1, 1], dash: [5, 4]))
        let svg = try parse(chart.svgData(width: 500, height: 320))
        let root = try #require(svg.all.first)
        #expect(root.name == "svg")
        #expect(root.attributes["width"]?.hasPrefix("500") == true && root.attributes["height"]?.hasPrefix("320") == true)
        let paths = svg.all.filter { $0.name == "path" }.map { $0.attributes["style"] ?? "" }
        #expect(paths.contains { $0.contains("stroke:rgb(100%,0%,0%)") })
        #expect(paths.contains { $0.contains("stroke-dasharray:5,4") })
        #expect(svg.glyphUses > 0)
    }

    @Test func textIsSetAsOneGlyphPerCharacter() throws {
        func glyphs(_ title: String) throws -> Int {
            try parse(LineChart(title: title, series: [LineSeries(name: "s", x: [0, 1], y: [0, 1])]).svgData()).glyphUses
        }
        let long = try glyphs("Accuracy λ (x₁)"), short = try glyphs("Acc")
        #expect(long - short == "uracy λ (x₁)".count)  // spaces included
    }

    @Test func shadedFieldIsEmbeddedAsAnImage() throws {
        let svg = try parse(ExampleFigures.twoMoonsFigure().svgData())
        #expect(svg.all.contains { $0.name == "image" })
        #expect(svg.all.filter { $0.name == "path" }.count > 100)  // markers, contours, frames
    }

    @Test func writeChoosesTheFormatByExtension() throws {
        let directory = NSTemporaryDirectory() + "plotting-write-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chart = ExampleFigures.learningCurves()
        try chart.write(to: directory + "/curves.png")
        try chart.write(to: directory + "/curves.SVG", width: 300, height: 200)
        let png = try Data(contentsOf: URL(fileURLWithPath: directory + "/curves.png"))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try decodePNG(Array(png), channels: 3).width == 640)
        let svg = try String(contentsOfFile: directory + "/curves.SVG", encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg"))
        #expect(throws: PlottingError.self) { try chart.write(to: directory + "/curves.jpeg") }
        #expect(!FileManager.default.fileExists(atPath: directory + "/curves.jpeg"))
    }
}
