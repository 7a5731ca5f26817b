import Foundation

/// What a Cartesian chart hands to ``CartesianRenderer``: titles, axes, data extents, legend.
struct CartesianSpec {
    var title: String?
    var xAxis: ChartAxis
    var yAxis: ChartAxis
    var style: ChartStyle
    /// Finite data extents (`nil` without data on that axis).
    var xData: (min: Double, max: Double)?
    var yData: (min: Double, max: Double)?
    /// Fraction of the data span added on each side when the limits fit the data.
    var xMargin = 0.05, yMargin = 0.05
    var legendEntries: [LegendEntry] = []
    var legendPosition: LegendPosition = .best
}

/// The resolved geometry of a Cartesian chart: plot area, limits and ticks, and the data →
/// drawing mapping.
struct AxesLayout {
    /// The chart's whole frame.
    let frame: PlotRect
    /// The data area, with whole-pixel edges; the frame line runs just outside it.
    let plot: PlotRect
    let xLimits: (lo: Double, hi: Double)
    let yLimits: (lo: Double, hi: Double)
    let xTicks: [Double], xLabels: [String]
    let yTicks: [Double], yLabels: [String]
    /// Left edge of an outside legend (nil when the legend is inside or hidden).
    let outsideLegendX: Double?

    /// Drawing x of data value `x`.
    func px(_ x: Double) -> Double { plot.x + (x - xLimits.lo) / (xLimits.hi - xLimits.lo) * plot.width }
    /// Drawing y of data value `y`.
    func py(_ y: Double) -> Double { plot.maxY - (y - yLimits.lo) / (yLimits.hi - yLimits.lo) * plot.height }
    /// Drawing position of data point `(x, y)`.
    func point(_ x: Double, _ y: Double) -> PlotPoint { PlotPoint(px(x), py(y)) }
}

/// Lays out and draws what every Cartesian chart shares.
enum CartesianRenderer {
    /// Draws background, gridlines, `content` (clipped to the plot area and 3 units around it),
    /// frame, ticks, labels, title and legend. `samples` gives the drawing positions of data the
    /// legend should avoid.
    static func render(_ spec: CartesianSpec, in canvas: Canvas, frame: PlotRect,
                       samples: (AxesLayout) -> [PlotPoint], content: (AxesLayout) -> Void) {
        canvas.clipped(to: frame) {
            canvas.fill(frame, color: spec.style.background)
            let legend = LegendBox(entries: spec.legendEntries, style: spec.style)
            let legendWidth = legend.size(canvas).width
            let showLegend = spec.legendPosition != .hidden && !spec.legendEntries.isEmpty
            var layout = makeLayout(spec, canvas: canvas, frame: frame,
                                    legendWidth: showLegend && spec.legendPosition == .outsideRight ? legendWidth : nil)
            var insideBox: PlotRect?
            if showLegend && spec.legendPosition != .outsideRight {
                let points = samples(layout)
                let inside = legend.bestInside(spec.legendPosition, plot: layout.plot, samples: points, canvas: canvas)
                insideBox = inside?.box
                // `.best` moves the legend out when it would hide data, if the plot stays wide enough.
                if spec.legendPosition == .best, inside.map({ $0.covered > points.count / 500 }) ?? true {
                    let outside = makeLayout(spec, canvas: canvas, frame: frame, legendWidth: legendWidth)
                    if outside.plot.width >= frame.width * 0.55 || inside == nil {
                        layout = outside
                        insideBox = nil
                    }
                }
            }
            drawGrid(spec, layout: layout, in: canvas)
            // A little past the frame, so that a dot or a line on the very edge is drawn whole.
            canvas.clipped(to: layout.plot.inset(by: -3)) { content(layout) }
            drawFrame(spec, layout: layout, in: canvas)
            if showLegend {
                if let box = insideBox {
                    legend.draw(in: canvas, at: PlotPoint(box.x, box.y))
                } else if let x = layout.outsideLegendX {
                    legend.draw(in: canvas, at: PlotPoint(x, layout.plot.y))
                }
            }
        }
    }

    // MARK: - Layout

    static func ticks(limits: (lo: Double, hi: Double), target: Int) -> ([Double], [String]) {
        let eps = (limits.hi - limits.lo) * 1e-9
        let ticks = Ticks.linear(from: limits.lo, to: limits.hi, targetCount: target)
            .filter { $0 >= limits.lo - eps && $0 <= limits.hi + eps }
        return (ticks, Ticks.labels(for: ticks))
    }

    /// The layout with room for an outside legend of `legendWidth`, if given.
    static func makeLayout(_ spec: CartesianSpec, canvas: Canvas, frame: PlotRect, legendWidth: Double?) -> AxesLayout {
        let s = spec.style, pad = s.padding
        let xLimits = spec.xAxis.limits(dataMin: spec.xData?.min, dataMax: spec.xData?.max, margin: spec.xMargin)
        let yLimits = spec.yAxis.limits(dataMin: spec.yData?.min, dataMax: spec.yData?.max, margin: spec.yMargin)
        let tickHeight = canvas.lineHeight(s.tickFont), labelHeight = canvas.lineHeight(s.labelFont)
        let titleHeight = spec.title == nil ? 0 : canvas.lineHeight(s.titleFont) + 8
        let top = (frame.y + pad + max(titleHeight, tickHeight / 2)).rounded()
        let bottom = (frame.maxY - pad - (spec.xAxis.label == nil ? 0 : labelHeight + 2) - tickHeight
            - s.tickLength - 4).rounded()
        let plotHeight = max(bottom - top, 10)
        let (yTicks, yLabels) = ticks(limits: yLimits, target: min(max(Int(plotHeight / 50), 2), 10))
        let yTickWidth = yLabels.map { canvas.width(of: $0, font: s.tickFont) }.max() ?? 0
        let left = (frame.x + pad + (spec.yAxis.label == nil ? 0 : labelHeight + 6) + yTickWidth + 5 + s.tickLength)
            .rounded()
        var right = (frame.maxX - pad - (legendWidth.map { $0 + 12 } ?? 0)).rounded()

        // Fewer x ticks until their labels stand apart.
        var plotWidth = max(right - left, 10)
        var target = min(max(Int(plotWidth / 70), 2), 12)
        var (xTicks, xLabels) = ticks(limits: xLimits, target: target)
        while target > 2 && xTicks.count > 1 {
            let widest = xLabels.map { canvas.width(of: $0, font: s.tickFont) }.max() ?? 0
            let spacing = plotWidth / (xLimits.hi - xLimits.lo) * abs(xTicks[1] - xTicks[0])
            if spacing >= widest + 12 { break }
            target -= 1
            (xTicks, xLabels) = ticks(limits: xLimits, target: target)
        }
        // Keep the last x tick label inside the chart when nothing stands to the right.
        if legendWidth == nil, let last = xTicks.last, let label = xLabels.last {
            let x = left + (last - xLimits.lo) / (xLimits.hi - xLimits.lo) * plotWidth
            let overhang = x + canvas.width(of: label, font: s.tickFont) / 2 - (frame.maxX - 2)
            if overhang > 0 {
                right -= overhang.rounded(.up)
                plotWidth = max(right - left, 10)
            }
        }
        let plot = PlotRect(x: left, y: top, width: plotWidth, height: plotHeight)
        return AxesLayout(frame: frame, plot: plot, xLimits: xLimits, yLimits: yLimits, xTicks: xTicks,
                          xLabels: xLabels, yTicks: yTicks, yLabels: yLabels,
                          outsideLegendX: legendWidth.map { _ in plot.maxX + 12 })
    }

    // MARK: - Drawing

    /// The centre of the pixel column or row containing `v`: 1-pixel lines there are crisp.
    static func snapped(_ v: Double) -> Double { v.rounded(.down) + 0.5 }

    static func drawGrid(_ spec: CartesianSpec, layout: AxesLayout, in canvas: Canvas) {
        let plot = layout.plot, color = spec.style.gridColor
        if spec.xAxis.showGrid {
            for t in layout.xTicks {
                let x = snapped(layout.px(t))
                canvas.polyline([PlotPoint(x, plot.y), PlotPoint(x, plot.maxY)], color: color, width: 1, roundCaps: false)
            }
        }
        if spec.yAxis.showGrid {
            for t in layout.yTicks {
                let y = snapped(layout.py(t))
                canvas.polyline([PlotPoint(plot.x, y), PlotPoint(plot.maxX, y)], color: color, width: 1, roundCaps: false)
            }
        }
    }

    static func drawFrame(_ spec: CartesianSpec, layout: AxesLayout, in canvas: Canvas) {
        let s = spec.style, plot = layout.plot, frame = layout.frame
        canvas.stroke(plot.inset(by: -0.5), color: s.axisColor)
        func tick(_ a: PlotPoint, _ b: PlotPoint) { canvas.polyline([a, b], color: s.axisColor, width: 1, roundCaps: false) }

        let labelTop = plot.maxY + 1 + s.tickLength + 3
        var labelBottom = labelTop + canvas.lineHeight(s.tickFont)
        for (t, label) in zip(layout.xTicks, layout.xLabels) {
            let x = snapped(layout.px(t))
            tick(PlotPoint(x, plot.maxY + 1), PlotPoint(x, plot.maxY + 1 + s.tickLength))
            let box = canvas.text(label, at: PlotPoint(x, labelTop), font: s.tickFont, color: s.tickLabelColor,
                                  horizontal: .center)
            labelBottom = max(labelBottom, box.maxY)
        }
        for (t, label) in zip(layout.yTicks, layout.yLabels) {
            let y = snapped(layout.py(t))
            tick(PlotPoint(plot.x - 1 - s.tickLength, y), PlotPoint(plot.x - 1, y))
            canvas.text(label, at: PlotPoint(plot.x - 1 - s.tickLength - 4, y), font: s.tickFont,
                        color: s.tickLabelColor, horizontal: .right, vertical: .center)
        }
        if let label = spec.xAxis.label {
            canvas.text(label, at: PlotPoint(plot.midX, labelBottom + 2), font: s.labelFont, color: s.textColor,
                        horizontal: .center)
        }
        if let label = spec.yAxis.label {
            canvas.text(label, at: PlotPoint(frame.x + s.padding, plot.midY), font: s.labelFont, color: s.textColor,
                        horizontal: .center, upward: true)
        }
        if let title = spec.title {
            // Centred over the plot when it fits there, else over the chart; shrunk to fit the chart.
            var font = s.titleFont
            let room = frame.width - 2 * s.padding
            let width = canvas.width(of: title, font: font)
            if width > room && room > 0 { font.size = max(8, font.size * room / width) }
            let fitted = canvas.width(of: title, font: font)
            let center = fitted <= plot.width ? plot.midX : frame.midX
            canvas.text(title, at: PlotPoint(min(max(center, frame.x + fitted / 2), frame.maxX - fitted / 2),
                                             frame.y + s.padding),
                        font: font, color: s.textColor, horizontal: .center)
        }
    }

    /// The finite extent of `values` (nil when none is finite).
    static func extent<S: Sequence>(_ values: S) -> (min: Double, max: Double)? where S.Element == Double {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return lo <= hi ? (lo, hi) : nil
    }
}
