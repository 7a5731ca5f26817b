import Foundation

/// One named curve of a ``LineChart``.
///
/// Non-finite values (NaN, ±∞) leave gaps; an isolated finite point between gaps
/// is drawn as a dot. On a log axis, non-positive values also leave gaps.
public struct LineSeries: Sendable {
    /// Legend label.
    public var name: String
    /// X values (only the first `min(x.count, y.count)` points are used).
    public var x: [Double]
    /// Y values.
    public var y: [Double]
    /// Line colour; `nil` takes the next palette colour.
    public var color: Color?
    /// Line width in pixels.
    public var lineWidth: Double = 2
    /// Dash pattern (on, off, … pixels); `nil` for a solid line.
    public var dash: [Double]?
    /// Marker drawn on every point, if any.
    public var marker: MarkerShape?
    /// Marker size in pixels.
    public var markerSize: Double = 6
    /// Optional shaded band (e.g. mean ± std over seeds): lower and upper y per point.
    public var band: (lower: [Double], upper: [Double])?
    /// Opacity of the band fill.
    public var bandOpacity: Double = 0.2

    /// Creates a series from x and y values.
    public init(name: String, x: [Double], y: [Double], color: Color? = nil, lineWidth: Double = 2,
                dash: [Double]? = nil, marker: MarkerShape? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.lineWidth = lineWidth
        self.dash = dash
        self.marker = marker
    }

    /// Creates a series whose x values are `firstX, firstX + 1, …` (e.g. epochs).
    public init(name: String, y: [Double], firstX: Double = 0, color: Color? = nil, lineWidth: Double = 2,
                dash: [Double]? = nil, marker: MarkerShape? = nil) {
        self.init(name: name, x: y.indices.map { firstX + Double($0) }, y: y, color: color,
                  lineWidth: lineWidth, dash: dash, marker: marker)
    }

    /// The series smoothed by a debiased exponential moving average (as in
    /// TensorBoard): `weight` 0 leaves it unchanged, 0.9 smooths strongly. Gaps stay gaps.
    public func smoothed(_ weight: Double) -> LineSeries {
        let w = min(max(weight, 0), 0.999)
        var copy = self
        var average = 0.0, count = 0
        copy.y = y.map { v in
            guard v.isFinite else { return v }
            count += 1
            average = average * w + (1 - w) * v
            let debias = 1 - pow(w, Double(count))
            return debias > 0 ? average / debias : v
        }
        return copy
    }

    var count: Int { min(x.count, y.count) }
}

/// Several named series of (x, y) points with axes, gridlines and a legend:
/// learning curves, accuracies, losses.
///
/// ```swift
/// var chart = LineChart(title: "Training", xLabel: "Epoch", yLabel: "Loss")
/// chart.add(LineSeries(name: "label loss", y: labelLoss, firstX: 1))
/// chart.add(LineSeries(name: "domain loss", y: domainLoss, firstX: 1, dash: [6, 4]))
/// try chart.write(to: "runs/loss.png")
/// ```
public struct LineChart: Chart {
    /// Title above the plot.
    public var title: String?
    /// Horizontal axis (by default fitted to the data without margin).
    public var xAxis: ChartAxis
    /// Vertical axis (by default fitted to the data with a 5 % margin).
    public var yAxis: ChartAxis
    /// The curves, drawn in order.
    public var series: [LineSeries]
    /// Legend placement.
    public var legend: LegendPosition = .best
    /// Fonts, colours and spacing.
    public var style: ChartStyle = .standard

    /// Creates a line chart; `logY` makes the y axis logarithmic.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, logY: Bool = false,
                series: [LineSeries] = []) {
        self.title = title
        self.xAxis = ChartAxis(label: xLabel)
        self.yAxis = ChartAxis(label: yLabel, scale: logY ? .log10 : .linear)
        self.series = series
    }

    /// Appends a series.
    public mutating func add(_ series: LineSeries) {
        self.series.append(series)
    }

    /// The colour series `index` is drawn in.
    public func color(ofSeries index: Int) -> Color {
        series[index].color ?? style.color(index)
    }

    /// Draws the chart: bands, then lines and markers in series order, then frame and legend.
    public func draw(in canvas: inout Canvas, region: PixelRegion) {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for i in 0..<s.count where s.x[i].isFinite && s.y[i].isFinite {
                xs.append(s.x[i])
                ys.append(s.y[i])
            }
            if let band = s.band {
                for i in 0..<min(s.count, band.lower.count, band.upper.count) where s.x[i].isFinite {
                    ys.append(band.lower[i])
                    ys.append(band.upper[i])
                }
            }
        }
        var spec = CartesianSpec(title: title, xAxis: xAxis, yAxis: yAxis, style: style,
                                 xData: CartesianRenderer.extent(xs, scale: xAxis.scale),
                                 yData: CartesianRenderer.extent(ys, scale: yAxis.scale))
        spec.xMargin = 0
        spec.legendPosition = legend
        spec.legendEntries = series.indices.map { i in
            LegendEntry(label: series[i].name, symbol: .line(color: color(ofSeries: i), width: series[i].lineWidth,
                                                             dash: series[i].dash, marker: series[i].marker))
        }
        CartesianRenderer.render(spec, in: &canvas, region: region, samples: samples) { canvas, layout in
            for (i, s) in series.enumerated() {
                drawBand(s, color: color(ofSeries: i), layout: layout, in: &canvas)
            }
            for (i, s) in series.enumerated() {
                let c = color(ofSeries: i)
                let points = (0..<s.count).map { layout.point(s.x[$0], s.y[$0]) }
                canvas.drawPolyline(points, color: c, width: s.lineWidth, dash: s.dash)
                if let marker = s.marker {
                    for p in points where p.isFinite {
                        canvas.drawMarker(marker, at: p, size: s.markerSize, color: c, edgeColor: style.plotBackground,
                                          edgeWidth: 0.75)
                    }
                }
            }
        }
    }

    private func drawBand(_ s: LineSeries, color: Color, layout: AxesLayout, in canvas: inout Canvas) {
        guard let band = s.band else { return }
        let n = min(s.count, band.lower.count, band.upper.count)
        var run: [(Double, Double, Double)] = []
        func flush() {
            if run.count >= 2 {
                let upper = run.map { layout.point($0.0, $0.2) }
                let lower = run.reversed().map { layout.point($0.0, $0.1) }
                canvas.fillPolygon(upper + lower, color: color.withAlpha(s.bandOpacity))
            }
            run.removeAll()
        }
        for i in 0..<n {
            let p = (s.x[i], band.lower[i], band.upper[i])
            if layout.point(p.0, p.1).isFinite && layout.point(p.0, p.2).isFinite { run.append(p) } else { flush() }
        }
        flush()
    }

    /// Canvas points along every curve, about every 3 pixels.
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
                    for k in 1..<max(steps, 1) {
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
