import Foundation
import Testing
import Plotting

/// Example charts for the other tests, and written as PNG and SVG to
/// `$TMPDIR/plot-examples` for looking at.
@Suite struct ExampleFigures {
    /// Noisy learning curves with a gap, dashed series and an empty series.
    static func learningCurves() -> LineChart {
        var random = SeededRandom(seed: 7)
        var labelLoss: [Double] = [], domainLoss: [Double] = [], sourceAcc: [Double] = [], targetAcc: [Double] = []
        for e in 0..<60 {
            let t = Double(e)
            labelLoss.append(0.05 + 0.65 * exp(-t / 9) + 0.02 * random.normal())
            domainLoss.append(0.69 - 0.25 * exp(-t / 4) + 0.12 * (1 - exp(-t / 15)) + 0.015 * random.normal())
            sourceAcc.append(min(1, 0.55 + 0.43 * (1 - exp(-t / 7)) + 0.01 * random.normal()))
            targetAcc.append(min(1, 0.5 + 0.38 * (1 - exp(-t / 14)) + 0.015 * random.normal()))
        }
        labelLoss[20] = .nan
        let epochs = (1...60).map(Double.init)
        var chart = LineChart(title: "DANN on two moons", xLabel: "epoch", yLabel: "loss / accuracy")
        chart.add(LineSeries(name: "label loss", x: epochs, y: labelLoss))
        chart.add(LineSeries(name: "domain loss", x: epochs, y: domainLoss))
        chart.add(LineSeries(name: "source accuracy", x: epochs, y: sourceAcc, dash: [7, 4]))
        chart.add(LineSeries(name: "target accuracy", x: epochs, y: targetAcc, dash: [2, 3]))
        chart.add(LineSeries(name: "empty series", x: [], y: []))
        return chart
    }

    /// Ten clusters in two domains, coloured by class and shaped by domain.
    static func embedding() -> ScatterPlot {
        var random = SeededRandom(seed: 11)
        var x: [Double] = [], y: [Double] = [], label: [Int] = [], domain: [Int] = []
        for c in 0..<10 {
            let angle = Double(c) / 10 * 2 * Double.pi
            for d in 0..<2 {
                for _ in 0..<30 {
                    x.append(28 * cos(angle) + random.normal() * 4 + Double(d) * 3)
                    y.append(28 * sin(angle) + random.normal() * 4 - Double(d) * 2)
                    label.append(c)
                    domain.append(d)
                }
            }
        }
        var points = ScatterPoints(x: x, y: y, colorCategory: label, colorNames: (0..<10).map { "\($0)" },
                                   markerCategory: domain, markerNames: ["MNIST", "MNIST-M"])
        points.colorTitle = "class"
        points.markerTitle = "domain"
        points.size = 5
        var plot = ScatterPlot(title: "t-SNE of bottleneck features", xLabel: "t-SNE 1", yLabel: "t-SNE 2", points: points)
        plot.legend = .outsideRight
        return plot
    }

    /// A Parzen-window classifier: P(category 1 | x, y) from labelled points.
    static func parzen(_ xs: [Double], _ ys: [Double], _ labels: [Int], bandwidth: Double) -> (Double, Double) -> Double {
        { x, y in
            var positive = 1e-9, total = 2e-9
            for i in xs.indices {
                let k = exp(-((xs[i] - x) * (xs[i] - x) + (ys[i] - y) * (ys[i] - y)) / (2 * bandwidth * bandwidth))
                total += k
                if labels[i] == 1 { positive += k }
            }
            return positive / total
        }
    }

    /// Four panels like the demo's: label boundary, a scatter, domain boundary, neuron lines.
    static func twoMoonsFigure() -> Figure {
        let moons = TwoMoons(pointsPerMoon: 60, seed: 5)
        let source = moons.domain.indices.filter { moons.domain[$0] == 0 }
        let xRange = -2.0...2.0, yRange = -1.5...1.5
        var points = ScatterPoints(x: moons.x, y: moons.y, colorCategory: moons.label, colorNames: ["class 0", "class 1"],
                                   markerCategory: moons.domain, markerNames: ["source", "target"])
        points.size = 6
        let classifier = parzen(source.map { moons.x[$0] }, source.map { moons.y[$0] }, source.map { moons.label[$0] },
                                bandwidth: 0.25)
        var label = DecisionBoundaryPlot(title: "Label classification", xLabel: "x₁", yLabel: "x₂",
                                         field: ScalarField(xRange: xRange, yRange: yRange, resolution: 70, function: classifier),
                                         points: points)
        label.contourLabel = "label boundary"

        var domainPoints = ScatterPoints(x: moons.x, y: moons.y, colorCategory: moons.domain, colorNames: ["source", "target"])
        domainPoints.size = 6
        let scatter = ScatterPlot(title: "The points by domain", xLabel: "x₁", yLabel: "x₂", points: domainPoints)
        var domain = DecisionBoundaryPlot(title: "Domain classification", xLabel: "x₁", yLabel: "x₂",
                                          field: ScalarField(xRange: xRange, yRange: yRange, resolution: 70,
                                                             function: parzen(moons.x, moons.y, moons.domain, bandwidth: 0.35)),
                                          points: domainPoints)
        domain.shading = .twoClass(negative: Palette.tableau10[2], positive: Palette.tableau10[3])

        var neurons = DecisionBoundaryPlot(title: "Hidden neurons", xLabel: "x₁", yLabel: "x₂", points: points)
        neurons.xAxis.range = xRange
        neurons.yAxis.range = yRange
        var random = SeededRandom(seed: 21)
        neurons.lines = (0..<8).map { _ in
            ImplicitLine(a: random.normal(), b: random.normal(), c: random.normal() * 0.5, color: Color(hex: 0x444444),
                         width: 1.2)
        }
        var figure = Figure(rows: 2, columns: 2, title: "Two moons: DANN representation",
                            panels: [label, scatter, domain, neurons])
        figure.panelLabels = true
        return figure
    }

    @Test func writeExamples() throws {
        let directory = NSTemporaryDirectory() + "plot-examples"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let charts: [(String, any Chart)] = [("line-chart", Self.learningCurves()), ("scatter", Self.embedding()),
                                             ("two-moons-figure", Self.twoMoonsFigure())]
        for (name, chart) in charts {
            for format in ["png", "svg"] { try chart.write(to: "\(directory)/\(name).\(format)") }
            let image = try decodePNG(Array(try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).png"))),
                                      channels: 3)
            #expect(image.width == chart.preferredSize.width && image.height == chart.preferredSize.height)
        }
    }
}
