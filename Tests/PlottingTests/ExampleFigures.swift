import Foundation
import Testing
import Plotting

/// Renders one example of every chart type to /tmp/plot-examples for visual review.
@Suite struct ExampleFigures {
    static func learningCurves() -> LineChart {
        var random = SeededRandom(seed: 7)
        let epochs = 60
        var labelLoss: [Double] = [], domainLoss: [Double] = [], sourceAcc: [Double] = [], targetAcc: [Double] = []
        for e in 0..<epochs {
            let t = Double(e)
            labelLoss.append(0.05 + 0.65 * exp(-t / 9) + 0.02 * random.normal())
            domainLoss.append(0.69 - 0.25 * exp(-t / 4) + 0.12 * (1 - exp(-t / 15)) + 0.015 * random.normal())
            sourceAcc.append(min(1, 0.55 + 0.43 * (1 - exp(-t / 7)) + 0.01 * random.normal()))
            targetAcc.append(min(1, 0.5 + 0.38 * (1 - exp(-t / 14)) + 0.015 * random.normal()))
        }
        labelLoss[20] = .nan
        var chart = LineChart(title: "DANN on two moons", xLabel: "Epoch", yLabel: "Loss / accuracy")
        chart.add(LineSeries(name: "label loss", y: labelLoss, firstX: 1))
        chart.add(LineSeries(name: "domain loss", y: domainLoss, firstX: 1))
        chart.add(LineSeries(name: "source accuracy", y: sourceAcc, firstX: 1, dash: [7, 4]))
        var target = LineSeries(name: "target accuracy", y: targetAcc, firstX: 1, dash: [2, 3])
        target.band = (targetAcc.map { $0 - 0.04 }, targetAcc.map { $0 + 0.04 })
        chart.add(target)
        chart.add(LineSeries(name: "empty series", x: [], y: []))
        return chart
    }

    static func logLoss() -> LineChart {
        var random = SeededRandom(seed: 3)
        let steps = (0..<400).map { Double($0 * 25) }
        let raw = steps.map { s in 2.3 * exp(-s / 1500) + 0.002 + 0.3 * exp(-s / 1500) * abs(random.normal()) }
        var chart = LineChart(title: "Label loss (log scale)", xLabel: "Iteration", yLabel: "Cross-entropy", logY: true)
        chart.add(LineSeries(name: "raw", x: steps, y: raw, color: Palette.tableau10[0].withAlpha(0.3), lineWidth: 1))
        var smooth = LineSeries(name: "smoothed (EMA 0.9)", x: steps, y: raw, color: Palette.tableau10[0])
        smooth = smooth.smoothed(0.9)
        chart.add(smooth)
        chart.add(LineSeries(name: "validation", x: stride(from: 0.0, through: 9975, by: 500).map { $0 },
                             y: stride(from: 0.0, through: 9975, by: 500).map { 2.4 * exp(-$0 / 1700) + 0.01 },
                             color: Palette.tableau10[1], marker: .circle))
        return chart
    }

    static func embedding() -> ScatterPlot {
        var random = SeededRandom(seed: 11)
        var x: [Double] = [], y: [Double] = [], label: [Int] = [], domain: [Int] = []
        for c in 0..<10 {
            let angle = Double(c) / 10 * 2 * Double.pi
            let cx = 28 * cos(angle), cy = 28 * sin(angle)
            for d in 0..<2 {
                for _ in 0..<30 {
                    x.append(cx + random.normal() * 4 + Double(d) * 3)
                    y.append(cy + random.normal() * 4 - Double(d) * 2)
                    label.append(c)
                    domain.append(d)
                }
            }
        }
        var plot = ScatterPlot(title: "t-SNE of bottleneck features", xLabel: "t-SNE 1", yLabel: "t-SNE 2",
                               x: x, y: y, colorCategory: label,
                               colorNames: (0..<10).map { "digit \($0)" },
                               markerCategory: domain, markerNames: ["MNIST", "MNIST-M"])
        plot.points.colorTitle = "Class"
        plot.points.markerTitle = "Domain"
        return plot
    }

    /// A Parzen-window classifier: P(category 1 | x, y) from labelled points.
    static func parzen(_ xs: [Double], _ ys: [Double], _ labels: [Int], bandwidth: Double) -> (Double, Double) -> Double {
        { x, y in
            var positive = 1e-9, total = 2e-9
            for i in xs.indices {
                let d2 = (xs[i] - x) * (xs[i] - x) + (ys[i] - y) * (ys[i] - y)
                let k = exp(-d2 / (2 * bandwidth * bandwidth))
                total += k
                if labels[i] == 1 { positive += k }
            }
            return positive / total
        }
    }

    static func twoMoonsFigure() -> Figure {
        let moons = TwoMoons(pointsPerMoon: 60, seed: 5)
        let source = moons.domain.indices.filter { moons.domain[$0] == 0 }
        let xRange = -2.0...2.0, yRange = -1.5...1.5
        var points = ScatterPoints(x: moons.x, y: moons.y, colorCategory: moons.label, colorNames: ["label 0", "label 1"],
                                   markerCategory: moons.domain, markerNames: ["source", "target"])
        points.size = 6

        let classifier = parzen(source.map { moons.x[$0] }, source.map { moons.y[$0] }, source.map { moons.label[$0] },
                                bandwidth: 0.25)
        var label = DecisionBoundaryPlot(title: "Label classification", xLabel: "x₁", yLabel: "x₂",
                                         xRange: xRange, yRange: yRange, resolution: 70, points: points,
                                         probability: classifier)
        label.contourLabel = "decision boundary"
        label.style = .compact

        var hiddenX: [Double] = [], hiddenY: [Double] = []
        for i in moons.x.indices {
            hiddenX.append(tanh(1.3 * moons.x[i] - 0.4 * moons.y[i]) * 3 + 0.2 * moons.y[i])
            hiddenY.append(tanh(0.9 * moons.y[i] + 0.5 * moons.x[i]) * 2)
        }
        var pcaPoints = ScatterPoints(x: hiddenX, y: hiddenY, colorCategory: moons.domain,
                                      colorNames: ["source", "target"])
        pcaPoints.palette = [Color(hex: 0xE15759), Color(hex: 0x4E79A7)]
        pcaPoints.size = 6
        var pca = ScatterPlot(title: "PCA of hidden layer", xLabel: "PC 1", yLabel: "PC 2", points: pcaPoints)
        pca.style = .compact

        var domainPoints = ScatterPoints(x: moons.x, y: moons.y, colorCategory: moons.domain,
                                         colorNames: ["source", "target"])
        domainPoints.palette = pcaPoints.palette
        domainPoints.size = 6
        var domain = DecisionBoundaryPlot(title: "Domain classification", xLabel: "x₁", yLabel: "x₂",
                                          xRange: xRange, yRange: yRange, resolution: 70, points: domainPoints,
                                          probability: parzen(moons.x, moons.y, moons.domain, bandwidth: 0.35))
        domain.style = .compact

        var neuronsPlot = DecisionBoundaryPlot(title: "Hidden neurons", xLabel: "x₁", yLabel: "x₂", points: points)
        neuronsPlot.xAxis.range = xRange
        neuronsPlot.yAxis.range = yRange
        var random = SeededRandom(seed: 21)
        neuronsPlot.lines = (0..<8).map { _ in
            ImplicitLine(a: random.normal(), b: random.normal(), c: random.normal() * 0.5,
                         color: Color(hex: 0x333333).withAlpha(0.8), width: 1.25)
        }
        neuronsPlot.lines[0].label = "w·x + b = 0"
        neuronsPlot.style = .compact

        var figure = Figure(rows: 2, columns: 2, title: "Two moons: DANN representation",
                            panels: [label, pca, domain, neuronsPlot])
        figure.panelWidth = 520
        figure.panelHeight = 420
        return figure
    }

    static func confusion() -> Heatmap {
        let counts: [[Double]] = [
            [41, 2, 0, 1], [3, 35, 6, 0], [0, 4, 44, 2], [2, 0, 5, 38],
        ]
        var map = Heatmap(title: "Target-domain confusion matrix", values: counts,
                          rowLabels: ["airplane", "car", "bird", "cat"], columnLabels: ["airplane", "car", "bird", "cat"])
        map.xLabel = "Predicted class"
        map.yLabel = "True class"
        map.colorbarLabel = "Count"
        return map
    }

    static func heatField() -> DecisionBoundaryPlot {
        var plot = DecisionBoundaryPlot(title: "Domain-classifier logit", xLabel: "x₁", yLabel: "x₂",
                                        xRange: -3...3, yRange: -2...2, resolution: 80) { x, y in
            sin(x) * cos(1.5 * y) * 3
        }
        plot.shading = .colormap(.viridis, label: "logit")
        plot.contourLevels = [-2, 0, 2]
        plot.contourColor = Color.white.withAlpha(0.8)
        plot.contourWidth = 1
        return plot
    }

    @Test func lineChartExample() throws {
        try Self.learningCurves().write(to: "\(exampleDirectory)/line-chart.png")
        try Self.logLoss().write(to: "\(exampleDirectory)/line-chart-log.png")
    }

    @Test func scatterExample() throws {
        try Self.embedding().write(to: "\(exampleDirectory)/scatter.png", width: 720, height: 540)
    }

    @Test func decisionBoundaryFigureExample() throws {
        try Self.twoMoonsFigure().write(to: "\(exampleDirectory)/two-moons-figure.png")
    }

    static func wideConfusion() -> Heatmap {
        let names = ["back_pack", "bike", "calculator", "headphones", "keyboard", "laptop_computer", "monitor",
                     "mouse", "mug", "projector", "desk_lamp", "ring_binder"]
        let n = names.count
        var values: [[Double]] = []
        for r in 0..<n {
            var row: [Double] = []
            for c in 0..<n {
                let offDiagonal: Double = (r + c) % 4 == 0 ? 0.08 : 0.01
                row.append(r == c ? 0.6 + 0.03 * Double(r % 5) : offDiagonal)
            }
            values.append(row)
        }
        var map = Heatmap(title: "Office-31 (subset) confusion, row-normalised", values: values,
                          rowLabels: names, columnLabels: names)
        map.xLabel = "Predicted"
        map.yLabel = "True"
        map.range = 0...1
        map.colormap = .viridis
        map.showValues = false
        return map
    }

    @Test func heatmapExamples() throws {
        try Self.confusion().write(to: "\(exampleDirectory)/heatmap.png", width: 600, height: 500)
        try Self.wideConfusion().write(to: "\(exampleDirectory)/heatmap-rotated-labels.png", width: 640, height: 600)
        try Self.heatField().write(to: "\(exampleDirectory)/field-colormap.png")
    }
}
