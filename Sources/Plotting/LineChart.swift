import Foundation

/// One named curve of a ``LineChart``. Non-finite values (NaN, ±∞) leave gaps; a lone finite
/// point between gaps is drawn as a dot. A series with fewer than two finite points has no
/// legend entry.
public struct LineSeries: Sendable {
    /// Legend label.
    public var name: String
    /// X values (only the first `min(x.count, y.count)` points are used).
    public var x: [Double]
    /// Y values.
    public var y: [Double]
    /// Line colour; `nil` takes the palette colour of the series' position.
    public var color: Color?
    /// Line width.
    public var lineWidth: Double
    /// Dash pattern (on, off, … lengths); `nil` for a solid line.
    public var dash: [Double]?

    /// Creates a series from x and y values.
    public init(name: String, x: [Double], y: [Double], color: Color? = nil, lineWidth: Double = 2,
                dash: [Double]? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.lineWidth = lineWidth
        self.dash = dash
    }

    var count: Int { min(x.count, y.count) }
}

/// Named series of (x, y) points with axes, gridlines and a legend: learning curves, accuracies,
/// losses.
///
/// ```swift
/// var chart = LineChart(title: "Losses", xLabel: "step", yLabel: "loss")
/// chart.add(LineSeries(name: "label loss", x: steps, y: labelLoss))
/// chart.add(LineSeries(name: "domain loss", x: steps, y: domainLoss, dash: [6, 3]))
/// try chart.write(to: "runs/loss.png")
/// ```
public struct LineChart: Chart {
    /// Title above the plot.
    public var title: String?
    /// Horizontal axis (fitted to the data without margin unless given a range).
    public var xAxis: ChartAxis
    /// Vertical axis (fitted to the data with a 5 % margin unless given a range).
    public var yAxis: ChartAxis
    /// The curves, drawn in order.
    public var series: [LineSeries]
    /// Legend placement.
    public var legend: LegendPosition = .best
    /// Fonts, colours and spacing.
    public var style: ChartStyle = .standard

    /// Creates a line chart.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, series: [LineSeries] = []) {
        self.title = title
        self.xAxis = ChartAxis(label: xLabel)
        self.yAxis = ChartAxis(label: yLabel)
        self.series = series
    }

    /// Appends a series.
    public mutating func add(_ series: LineSeries) {
        self.series.append(series)
    }

    /// The colour series number `index` is drawn in.
    public func color(ofSeries index: Int) -> Color {
        series[index].color ?? style.color(index)
    }

    /// One entry per series with at least two finite points: a lone point is drawn as a dot, and
    /// a line swatch in the legend would name a line that is not there.
    var legendEntries: [LegendEntry] {
        series.indices.filter { i in
            let s = series[i]
            return (0..<s.count).lazy.filter { s.x[$0].isFinite && s.y[$0].isFinite }.prefix(2).count == 2
        }.map { i in
            LegendEntry(label: series[i].name,
                        symbol: .line(color: color(ofSeries: i), width: series[i].lineWidth, dash: series[i].dash))
        }
    }

    /// Draws the chart: the series in order over the gridlines, then frame and legend.
    public func draw(in canvas: Canvas, frame: PlotRect) {
        // Only points finite in both coordinates count for the limits.
        let finite = series.flatMap { s in (0..<s.count).filter { s.x[$0].isFinite && s.y[$0].isFinite }.map { (s.x[$0], s.y[$0]) } }
        var spec = CartesianSpec(title: title, xAxis: xAxis, yAxis: yAxis, style: style,
                                 xData: CartesianRenderer.extent(finite.map(\.0)),
                                 yData: CartesianRenderer.extent(finite.map(\.1)))
        spec.xMargin = 0
        spec.legendPosition = legend
        spec.legendEntries = legendEntries
        CartesianRenderer.render(spec, in: canvas, frame: frame, samples: samples) { layout in
            for (i, s) in series.enumerated() {
                canvas.polyline((0..<s.count).map { layout.point(s.x[$0], s.y[$0]) }, color: color(ofSeries: i),
                                width: s.lineWidth, dash: s.dash)
            }
        }
    }

    /// Drawing positions along every curve, about every 3 units, for placing the legend.
    private func samples(_ layout: AxesLayout) -> [PlotPoint] {
        var out: [PlotPoint] = []
        for s in series {
            var previous: PlotPoint?
            for i in 0..<s.count {
                let p = layout.point(s.x[i], s.y[i])
                guard p.isFinite else {
                    previous = nil
                    continue
                }
                if let q = previous {
                    let steps = min(Int(hypot(p.x - q.x, p.y - q.y) / 3), 400)
                    for k in stride(from: 1, to: steps, by: 1) {
                        let t = Double(k) / Double(steps)
                        out.append(PlotPoint(q.x + (p.x - q.x) * t, q.y + (p.y - q.y) * t))
                    }
                }
                out.append(p)
                previous = p
            }
        }
        return out
    }
}
