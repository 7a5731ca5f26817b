import Foundation
import Testing
@testable import Plotting

/// What the PNG form shows, checked on decoded pixels.
@Suite struct PNGOutputTests {
    @Test func scatterShowsBothCategoryColours() throws {
        var points = ScatterPoints(x: [0, 1, 2, 3, 4, 5], y: [1, 0, 2, 1, 3, 2], colorCategory: [0, 1, 0, 1, 0, 1],
                                   colorNames: ["A", "B"])
        points.opacity = 1
        points.size = 12
        let image = try renderedPixels(ScatterPlot(title: "Two classes", xLabel: "x", yLabel: "y", points: points),
                                       width: 400, height: 300)
        #expect(image.width == 400 && image.height == 300)
        #expect(image.colors.contains(Palette.tableau10[0]))
        #expect(image.colors.contains(Palette.tableau10[1]))
        #expect(!image.colors.contains(Palette.tableau10[2]))
    }

    @Test func decisionBoundaryShadesBothClassesAndDrawsContourAndLines() throws {
        var points = ScatterPoints(x: [-1, 1], y: [0, 0], colorCategory: [0, 1])
        points.opacity = 1
        var plot = DecisionBoundaryPlot(field: ScalarField(xRange: -2...2, yRange: -1...1, resolution: 40) { x, _ in
            1 / (1 + exp(-4 * x))
        }, points: points)
        plot.legend = .hidden
        plot.contourColor = .black
        plot.contourWidth = 3
        plot.lines = [ImplicitLine(a: 0, b: 1, c: -0.5, color: Color(hex: 0x00FF00), width: 2)]
        let image = try renderedPixels(plot, width: 400, height: 300)
        for color in [Palette.tableau10[0], Palette.tableau10[1], .black, Color(hex: 0x00FF00)] {
            #expect(image.colors.contains(color), "\(color)")
        }
        // Left of the boundary tinted towards class 0 (blue), right of it towards class 1 (orange).
        let left = image[100, 200], right = image[340, 200]
        #expect(left.blue > left.red + 20)
        #expect(right.red > right.blue + 20)
    }

    @Test func dashedLinesHaveGaps() throws {
        func redRuns(dash: [Double]?) throws -> Int {
            var chart = LineChart(series: [LineSeries(name: "line", x: [0, 10], y: [1, 1], color: Color(hex: 0xFF0000),
                                                      lineWidth: 3, dash: dash)])
            chart.legend = .hidden
            chart.yAxis.range = 0...2
            let image = try renderedPixels(chart, width: 400, height: 300)
            // The row crossing the line most often in pure red.
            let rows = (0..<image.height).map { y in (0..<image.width).filter { image[$0, y] == Color(hex: 0xFF0000) } }
            let row = try #require(rows.max { $0.count < $1.count })
            return zip(row.dropFirst(), row).filter { $0 != $1 + 1 }.count + 1
        }
        #expect(try redRuns(dash: nil) == 1)
        #expect(try redRuns(dash: [8, 8]) >= 10)
    }

    @Test func legendGoesWhereThereIsNoData() throws {
        // Points along the top edge only: the legend belongs in the lower half.
        var points = ScatterPoints(x: (0..<40).map(Double.init), y: (0..<40).map { 10 + Double($0 % 2) },
                                   colorCategory: (0..<40).map { $0 % 2 }, colorNames: ["first", "second"])
        points.opacity = 1
        var plot = ScatterPlot(points: points)
        plot.yAxis.range = 0...11.5
        let image = try renderedPixels(plot, width: 400, height: 300)
        let border = Color(hex: 0xCCCCCC)
        let rows = (0..<image.height).filter { y in (0..<image.width).contains { image[$0, y] == border } }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0 > image.height / 2 })
    }

    @Test func nonFiniteAndEmptySeriesDoNotCrash() throws {
        var chart = LineChart(title: "Loss", xLabel: "step", yLabel: "loss")
        chart.add(LineSeries(name: "with gaps", x: (0..<7).map(Double.init), y: [1, 0.8, .nan, 0.5, .infinity, 0.3, -.infinity]))
        chart.add(LineSeries(name: "empty", x: [], y: []))
        chart.add(LineSeries(name: "all NaN", x: [0, 1], y: [.nan, .nan]))
        chart.add(LineSeries(name: "single", x: [3], y: [0.6]))
        chart.add(LineSeries(name: "mismatched", x: [0, 1, 2], y: [0.2]))
        chart.add(LineSeries(name: "NaN x", x: [.nan, 2, 4], y: [0.1, 0.2, 0.3], dash: [.nan, -1]))
        let image = try renderedPixels(chart, width: 500, height: 350)
        #expect(image.colors.contains(Palette.tableau10[0]))

        let extremes = LineChart(series: [LineSeries(name: "huge", x: [0, 1, 2], y: [-1e308, 1e308, 0]),
                                          LineSeries(name: "denormal", x: [0, 1], y: [0, 1e-310])])
        _ = try extremes.pngData()
        _ = try LineChart(title: "Nothing yet").pngData()
        _ = try LineChart(series: [LineSeries(name: "only NaN", x: [.nan], y: [.nan])]).svgData()
        var scatter = ScatterPlot(points: ScatterPoints(x: [1, 2, .nan, 4], y: [1, .infinity, 3, 4],
                                                        colorCategory: [0, 1, 2, -5], markerCategory: [0, 1, 1, 9]))
        scatter.points.colorTitle = "class"
        _ = try scatter.pngData()
        _ = try ScatterPlot(points: ScatterPoints(x: [], y: [])).pngData()
        _ = try DecisionBoundaryPlot(field: ScalarField(xRange: 0...1, yRange: 0...1, columns: 2, rows: 2,
                                                        values: [.nan, 0, 1, .infinity])).pngData()
    }

    @Test func tinyAndDegenerateSizesDoNotCrash() throws {
        let chart = LineChart(title: "A long title that does not fit", xLabel: "x", yLabel: "y",
                              series: [LineSeries(name: "s", x: [0, 1, 2], y: [1, 2, 3])])
        for (w, h) in [(20, 15), (1, 1), (0, 0), (-5, 3)] {
            let image = try renderedPixels(chart, width: w, height: h)
            #expect(image.width == max(w, 1) && image.height == max(h, 1))
            _ = try chart.svgData(width: w, height: h)
        }
        _ = try Figure(rows: 3, columns: 3, title: "Tiny", panels: [chart, chart]).pngData(width: 30, height: 20)
        #expect(throws: PlottingError.self) { try chart.pngData(width: 40_000, height: 10) }
    }

    @Test func renderingIsDeterministic() throws {
        let figure = ExampleFigures.twoMoonsFigure()
        #expect(try figure.pngData(width: 600, height: 480) == figure.pngData(width: 600, height: 480))
        #expect(try figure.svgData(width: 600, height: 480) == figure.svgData(width: 600, height: 480))
    }

    @Test func figureLaysPanelsOutInAGrid() throws {
        var figure = Figure(rows: 2, columns: 2, title: "Figure",
                            panels: [ExampleFigures.learningCurves(), ScatterPlot(points: ScatterPoints(x: [1], y: [1])),
                                     ExampleFigures.learningCurves()])
        figure.panelWidth = 200
        figure.panelHeight = 150
        figure.panelLabels = true
        #expect(figure.preferredSize == (400, 300 + figure.titleHeight))
        let image = try decodePNG(figure.pngData(), channels: 3)
        #expect(image.width == 400 && image.height == 300 + figure.titleHeight)
        // The empty fourth cell stays background.
        let top = 150 + figure.titleHeight
        #expect((top + 2 ..< 300 + figure.titleHeight).allSatisfy { y in (202..<400).allSatisfy { image[$0, y] == .white } })
        // The first cell has a frame and curves.
        #expect((figure.titleHeight ..< top).contains { y in (0..<200).contains { image[$0, y] == Palette.tableau10[0] } })
    }
}
