import Foundation
import Testing
@testable import Plotting

/// The chart logic that does not need drawing: contours, clipped lines, colours, legend rows.
@Suite struct ChartLogicTests {
    @Test func implicitLineClipping() throws {
        let vertical = try #require(ImplicitLine(a: 1, b: 0, c: 0).clipped(x0: -1, x1: 1, y0: -2, y1: 2))
        #expect(Set([vertical.0, vertical.1]) == Set([PlotPoint(0, -2), PlotPoint(0, 2)]))
        let diagonal = try #require(ImplicitLine(a: 1, b: -1, c: 0).clipped(x0: 0, x1: 1, y0: 0, y1: 1))
        #expect(Set([diagonal.0, diagonal.1]) == Set([PlotPoint(0, 0), PlotPoint(1, 1)]))
        #expect(ImplicitLine(a: 1, b: 0, c: -5).clipped(x0: -1, x1: 1, y0: -1, y1: 1) == nil)
        #expect(ImplicitLine(a: 0, b: 0, c: 1).clipped(x0: -1, x1: 1, y0: -1, y1: 1) == nil)
        #expect(ImplicitLine(a: .nan, b: 1, c: 1).clipped(x0: -1, x1: 1, y0: -1, y1: 1) == nil)
    }

    @Test func contoursFollowTheLevel() {
        let field = ScalarField(xRange: -1...1, yRange: 0...2, resolution: 21) { x, _ in x }
        let segments = field.contour(level: 0.25)
        #expect(segments.count == 20)  // one per row of cells
        #expect(segments.allSatisfy { abs($0.0.x - 0.25) < 1e-9 && abs($0.1.x - 0.25) < 1e-9 })
        let circle = ScalarField(xRange: -1...1, yRange: -1...1, resolution: 41) { x, y in x * x + y * y }
        let ring = circle.contour(level: 0.25)
        #expect(!ring.isEmpty && ring.allSatisfy { abs(hypot($0.0.x, $0.0.y) - 0.5) < 0.01 })
        // Cells touching a non-finite value are skipped, not crossed.
        let holes = ScalarField(xRange: 0...1, yRange: 0...1, columns: 3, rows: 2, values: [0, .nan, 1, 0, 1, 1])
        #expect(holes.contour(level: 0.5).isEmpty)
        #expect(ScalarField.gridPoints(xRange: 0...1, yRange: 10...20, columns: 3, rows: 2).x == [0, 0.5, 1, 0, 0.5, 1])
    }

    @Test func twoClassColormap() {
        let blue = Palette.tableau10[0], orange = Palette.tableau10[1]
        let map = Colormap.twoClass(negative: blue, positive: orange, strength: 0.5)
        #expect(map.color(at: 0.5) == .white)
        #expect(map.color(at: 0) == Color.white.mixed(with: blue, amount: 0.5))
        #expect(map.color(at: 1) == Color.white.mixed(with: orange, amount: 0.5))
        #expect(map.color(at: 7) == map.color(at: 1))
        #expect(map.color(at: .nan) == nil)
    }

    @Test func paletteCyclesWithVariations() {
        #expect(Palette.color(0) == Palette.tableau10[0])
        #expect(Palette.color(10) != Palette.color(0) && Palette.color(20) != Palette.color(10))
        #expect(Palette.color(-3) == Palette.color(0))
        #expect(Color(hex: 0x4E79A7).description == "#4E79A7")
        #expect(Color(hex: 0x4E79A7).withAlpha(0.5).description == "#4E79A780")
    }

    @Test func scatterLegendHasColourAndMarkerSections() {
        var points = ScatterPoints(x: [0, 1, 2], y: [0, 1, 2], colorCategory: [0, 2, 1], colorNames: ["a", "b"],
                                   markerCategory: [0, 1, 0], markerNames: ["source", "target"])
        points.colorTitle = "class"
        let entries = points.legendEntries(style: .standard)
        #expect(entries.map(\.label) == ["class", "a", "b", "2", "source", "target"])
        if case .patch(let color) = entries[1].symbol { #expect(color == Palette.tableau10[0]) } else { Issue.record("no patch") }
        if case .marker(let shape, _) = entries[5].symbol { #expect(shape == .triangleUp) } else { Issue.record("no marker") }
    }

    @Test func lineLegendLeavesOutSeriesOfOnePoint() {
        var chart = LineChart(title: "accuracy")
        chart.add(LineSeries(name: "every evaluation", x: [0, 1, 2], y: [0.5, 0.6, 0.7]))
        chart.add(LineSeries(name: "final only", x: [2], y: [0.8]))
        chart.add(LineSeries(name: "one finite of two", x: [1, 2], y: [.nan, 0.8]))
        chart.add(LineSeries(name: "empty", x: [], y: []))
        chart.add(LineSeries(name: "two points", x: [0, 2], y: [0.5, 0.5], dash: [5, 4]))
        #expect(chart.legendEntries.map(\.label) == ["every evaluation", "two points"])
        // The entries keep the colours of the series' positions.
        if case .line(let color, _, let dash) = chart.legendEntries[1].symbol {
            #expect(color == chart.color(ofSeries: 4) && dash == [5, 4])
        } else { Issue.record("no line swatch") }
    }
}
