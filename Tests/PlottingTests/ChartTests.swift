import Foundation
import Testing
@testable import Plotting

@Suite struct ChartTests {
    func colors(_ canvas: Canvas) -> Set<Color> {
        var set = Set<Color>()
        for y in 0..<canvas.height {
            for x in 0..<canvas.width { set.insert(canvas[x, y]) }
        }
        return set
    }

    @Test func scatterShowsBothCategoryColours() {
        var plot = ScatterPlot(title: "Two classes", xLabel: "x", yLabel: "y", x: [0, 1, 2, 3, 4, 5],
                               y: [1, 0, 2, 1, 3, 2], colorCategory: [0, 1, 0, 1, 0, 1], colorNames: ["A", "B"])
        plot.points.opacity = 1
        let present = colors(plot.render(width: 400, height: 300))
        #expect(present.contains(Palette.tableau10[0]))
        #expect(present.contains(Palette.tableau10[1]))
        #expect(!present.contains(Palette.tableau10[2]))
    }

    @Test func scatterWithMarkerCategoriesAndNoData() {
        var plot = ScatterPlot(x: [1, 2, .nan], y: [1, .infinity, 3], colorCategory: [0, 1, 2],
                               markerCategory: [0, 1, 1], markerNames: ["source", "target"])
        plot.points.colorTitle = "Class"
        _ = plot.render(width: 300, height: 200)
        _ = ScatterPlot(x: [], y: []).render(width: 300, height: 200)
    }

    @Test func lineChartSurvivesNaNAndEmptySeries() {
        var chart = LineChart(title: "Loss", xLabel: "Epoch", yLabel: "Loss")
        chart.add(LineSeries(name: "with NaN", y: [1, 0.8, .nan, 0.5, 0.4, .nan, 0.3]))
        chart.add(LineSeries(name: "empty", x: [], y: []))
        chart.add(LineSeries(name: "all NaN", y: [.nan, .nan]))
        chart.add(LineSeries(name: "single", x: [3], y: [0.6]))
        chart.add(LineSeries(name: "mismatched", x: [0, 1, 2], y: [0.2]))
        let canvas = chart.render(width: 500, height: 350)
        #expect(colors(canvas).contains(Palette.tableau10[0]))

        let empty = LineChart(title: "Nothing yet", series: [LineSeries(name: "empty", x: [], y: [])])
        _ = empty.render(width: 320, height: 240)
        var log = LineChart(logY: true)
        log.add(LineSeries(name: "non-positive", y: [0, -1, 1, 10, 100]))
        log.add(LineSeries(name: "only zeros", y: [0, 0]))
        _ = log.render(width: 320, height: 240)
    }

    @Test func tinyCanvasesDoNotCrash() {
        let chart = LineChart(title: "A long title that does not fit", xLabel: "x", yLabel: "y",
                              series: [LineSeries(name: "s", y: [1, 2, 3])])
        _ = chart.render(width: 20, height: 15)
        _ = chart.render(width: 1, height: 1)
    }

    @Test func renderingIsDeterministic() {
        let a = ExampleFigures.learningCurves().pngData(width: 320, height: 240)
        let b = ExampleFigures.learningCurves().pngData(width: 320, height: 240)
        #expect(a == b)
    }

    @Test func decisionBoundaryShadesBothClassesAndDrawsContour() {
        var points = ScatterPoints(x: [-1, 1], y: [0, 0], colorCategory: [0, 1])
        points.opacity = 1
        var plot = DecisionBoundaryPlot(xRange: -2...2, yRange: -1...1, resolution: 40, points: points) { x, _ in
            1 / (1 + exp(-4 * x))
        }
        plot.contourColor = Color(hex: 0x000000)
        plot.contourWidth = 3
        plot.lines = [ImplicitLine(a: 0, b: 1, c: -0.5, color: Color(hex: 0x00FF00), width: 2)]
        let canvas = plot.render(width: 400, height: 300)
        let present = colors(canvas)
        #expect(present.contains(Palette.tableau10[0]))
        #expect(present.contains(Palette.tableau10[1]))
        #expect(present.contains(Color(hex: 0x000000)))
        #expect(present.contains(Color(hex: 0x00FF00)))
        // Left half tinted towards class 0 (blue), right half towards class 1 (orange).
        let layoutLeft = canvas[120, 200], layoutRight = canvas[330, 200]
        #expect(layoutLeft.blue > layoutLeft.red)
        #expect(layoutRight.red > layoutRight.blue)
    }

    @Test func implicitLineClipping() throws {
        let vertical = try #require(ImplicitLine(a: 1, b: 0, c: 0).clipped(x0: -1, x1: 1, y0: -2, y1: 2))
        #expect(Set([vertical.0, vertical.1]) == Set([PlotPoint(0, -2), PlotPoint(0, 2)]))
        let diagonal = try #require(ImplicitLine(a: 1, b: -1, c: 0).clipped(x0: 0, x1: 1, y0: 0, y1: 1))
        #expect(Set([diagonal.0, diagonal.1]) == Set([PlotPoint(0, 0), PlotPoint(1, 1)]))
        #expect(ImplicitLine(a: 1, b: 0, c: -5).clipped(x0: -1, x1: 1, y0: -1, y1: 1) == nil)
        #expect(ImplicitLine(a: 0, b: 0, c: 1).clipped(x0: -1, x1: 1, y0: -1, y1: 1) == nil)
    }

    @Test func scalarFieldInterpolatesAndContours() {
        let field = ScalarField(xRange: -1...1, yRange: 0...2, resolution: 21) { x, y in x + 0 * y }
        #expect(abs(field.value(x: 0.33, y: 1.1) - 0.33) < 1e-12)
        #expect(field.value(x: 3, y: 1).isNaN)
        let segments = field.contour(level: 0.25)
        #expect(!segments.isEmpty)
        #expect(segments.allSatisfy { abs($0.0.x - 0.25) < 1e-9 && abs($0.1.x - 0.25) < 1e-9 })
        let circle = ScalarField(xRange: -1...1, yRange: -1...1, resolution: 41) { x, y in x * x + y * y }
        let ring = circle.contour(level: 0.25)
        #expect(ring.allSatisfy { abs(hypot($0.0.x, $0.0.y) - 0.5) < 0.01 })
    }

    @Test func heatmapAndFigure() {
        var heatmap = Heatmap(values: [[5, 1], [0, 7]], rowLabels: ["a", "b"], columnLabels: ["a", "b"])
        heatmap.colormap = .grays
        let canvas = heatmap.render(width: 300, height: 260)
        #expect(colors(canvas).contains(.white) && colors(canvas).contains(.black))

        var figure = Figure(rows: 2, columns: 2, title: "Figure",
                            panels: [ExampleFigures.learningCurves(), heatmap, ScatterPlot(x: [1], y: [1])])
        figure.panelWidth = 200
        figure.panelHeight = 150
        figure.panelLabels = true
        let rendered = figure.render()
        #expect(rendered.width == 400)
        #expect(rendered.height == 300 + figure.titleHeight)
        // The empty fourth cell stays background.
        #expect(colors(rendered.cropped(PixelRegion(x: 210, y: 160 + figure.titleHeight, width: 180, height: 130)))
            == [figure.style.background])
    }
}

extension Canvas {
    /// A copy of `region` (test helper).
    func cropped(_ region: PixelRegion) -> Canvas {
        var out = Canvas(width: region.width, height: region.height)
        for y in 0..<region.height {
            for x in 0..<region.width { out[x, y] = self[region.x + x, region.y + y] }
        }
        return out
    }
}
