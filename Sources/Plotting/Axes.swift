import Foundation

/// A colour scale legend drawn to the right of the plot.
struct ColorbarSpec: Sendable {
    var colormap: Colormap
    var range: ClosedRange<Double>
    var label: String?
}

/// Everything a Cartesian chart needs laid out: titles, axes, data extents,
/// legend and optional colour bar.
struct CartesianSpec {
    var title: String?
    var xAxis: ChartAxis
    var yAxis: ChartAxis
    var style: ChartStyle
    /// Finite data extents (`nil` when there is no data on that axis).
    var xData: (min: Double, max: Double)?
    var yData: (min: Double, max: Double)?
    var xMargin: Double = 0.05
    var yMargin: Double = 0.05
    var legendEntries: [LegendEntry] = []
    var legendPosition: LegendPosition = .best
    var colorbar: ColorbarSpec?
}

/// The resolved geometry of a Cartesian chart: plot area, limits and ticks,
/// plus the data → canvas mapping.
struct AxesLayout {
    /// The chart's whole region.
    let region: PixelRegion
    /// Pixels inside the frame; the frame (spines) is the 1-pixel ring around it.
    let plot: PixelRegion
    let xScale: AxisScale
    let yScale: AxisScale
    /// Limits in drawing space (log10 of values on log axes).
    let xLimits: (lo: Double, hi: Double)
    let yLimits: (lo: Double, hi: Double)
    let xTicks: [Double]
    let xLabels: [String]
    let yTicks: [Double]
    let yLabels: [String]
    let xMinor: [Double]
    let yMinor: [Double]
    /// Where an outside legend goes (nil when the legend is inside or hidden).
    let outsideLegend: PixelRegion?
    /// Where the colour bar goes.
    let colorbarBar: PixelRegion?
    /// Whether x tick labels are drawn rotated (reading upwards) because they
    /// would overlap horizontally.
    let rotateXLabels: Bool

    /// The data rectangle edges sit on the centres of the frame pixels.
    var dataRect: PlotRect {
        PlotRect(x: Double(plot.x) - 0.5, y: Double(plot.y) - 0.5,
                 width: Double(plot.width) + 1, height: Double(plot.height) + 1)
    }

    /// The plot area plus its frame: where data may be drawn.
    var clipRegion: PixelRegion {
        PixelRegion(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2)
    }

    /// Canvas x of data value `x` (NaN when not representable, e.g. ≤ 0 on a log axis).
    func px(_ x: Double) -> Double {
        let f = xScale.forward(x)
        return dataRect.minX + (f - xLimits.lo) / (xLimits.hi - xLimits.lo) * dataRect.width
    }

    /// Canvas y of data value `y`.
    func py(_ y: Double) -> Double {
        let f = yScale.forward(y)
        return dataRect.maxY - (f - yLimits.lo) / (yLimits.hi - yLimits.lo) * dataRect.height
    }

    /// Canvas position of data point `(x, y)`.
    func point(_ x: Double, _ y: Double) -> PlotPoint { PlotPoint(px(x), py(y)) }

    /// Data x at canvas x.
    func dataX(_ canvasX: Double) -> Double {
        xScale.inverse(xLimits.lo + (canvasX - dataRect.minX) / dataRect.width * (xLimits.hi - xLimits.lo))
    }

    /// Data y at canvas y.
    func dataY(_ canvasY: Double) -> Double {
        yScale.inverse(yLimits.lo + (dataRect.maxY - canvasY) / dataRect.height * (yLimits.hi - yLimits.lo))
    }

    /// The visible data rectangle (x0, x1, y0, y1) in data units.
    var visibleData: (x0: Double, x1: Double, y0: Double, y1: Double) {
        (xScale.inverse(xLimits.lo), xScale.inverse(xLimits.hi), yScale.inverse(yLimits.lo), yScale.inverse(yLimits.hi))
    }
}

/// Lays out and draws the common parts of every Cartesian chart.
enum CartesianRenderer {
    /// Draws a chart: background, gridlines, `content` (clipped to the plot),
    /// frame, ticks, labels, title, legend and colour bar. `samples` gives data
    /// positions (canvas coordinates) that the legend should avoid.
    static func render(_ spec: CartesianSpec, in canvas: inout Canvas, region: PixelRegion,
                       samples: (AxesLayout) -> [PlotPoint],
                       content: (inout Canvas, AxesLayout) -> Void) {
        canvas.withClip(region) { canvas in
            canvas.fill(spec.style.background)
            let legend = LegendBox(entries: spec.legendEntries, style: spec.style)
            let showLegend = spec.legendPosition != .hidden && !spec.legendEntries.isEmpty
            var layout = makeLayout(spec, region: region, outsideLegend: showLegend && spec.legendPosition == .outsideRight
                                        ? legend.size.width : nil)
            var insideBox: PixelRegion?
            if showLegend && spec.legendPosition != .outsideRight {
                let points = samples(layout)
                if let (box, covered) = legend.bestInside(spec.legendPosition, plot: layout.plot, samples: points) {
                    insideBox = box
                    if spec.legendPosition == .best && covered > points.count / 500 {
                        let outside = makeLayout(spec, region: region, outsideLegend: legend.size.width)
                        if outside.plot.width >= region.width * 11 / 20 {
                            layout = outside
                            insideBox = nil
                        }
                    }
                } else if spec.legendPosition == .best {
                    layout = makeLayout(spec, region: region, outsideLegend: legend.size.width)
                }
            }
            drawBackground(spec, layout: layout, in: &canvas)
            canvas.withClip(layout.clipRegion) { content(&$0, layout) }
            drawFrame(spec, layout: layout, in: &canvas)
            if showLegend {
                if let box = insideBox {
                    legend.draw(in: &canvas, box: box)
                } else if let box = layout.outsideLegend {
                    legend.draw(in: &canvas, box: box)
                }
            }
            if let colorbar = spec.colorbar, let bar = layout.colorbarBar {
                drawColorbar(colorbar, bar: bar, style: spec.style, in: &canvas)
            }
        }
    }

    // MARK: - Layout

    static func ticks(for axis: ChartAxis, limits: (lo: Double, hi: Double), target: Int) -> ([Double], [String]) {
        let lo = axis.scale.inverse(limits.lo), hi = axis.scale.inverse(limits.hi)
        let inside: (Double) -> Bool = { v in
            let f = axis.scale.forward(v)
            let eps = (limits.hi - limits.lo) * 1e-9
            return f.isFinite && f >= limits.lo - eps && f <= limits.hi + eps
        }
        if let explicit = axis.ticks {
            var ticks: [Double] = [], labels: [String] = []
            let given = axis.tickLabels?.count == explicit.count ? axis.tickLabels! : Ticks.labels(for: explicit, scale: axis.scale)
            for (t, l) in zip(explicit, given) where inside(t) {
                ticks.append(t)
                labels.append(l)
            }
            return (ticks, labels)
        }
        let ticks = axis.scale == .log10 ? Ticks.logarithmic(from: lo, to: hi, targetCount: target)
            : Ticks.linear(from: lo, to: hi, targetCount: target).filter(inside)
        return (ticks, Ticks.labels(for: ticks, scale: axis.scale))
    }

    static func makeLayout(_ spec: CartesianSpec, region: PixelRegion, outsideLegend legendWidth: Int?) -> AxesLayout {
        let s = spec.style
        let pad = s.padding
        let xLimits = spec.xAxis.resolvedLimits(dataMin: spec.xData?.min, dataMax: spec.xData?.max,
                                                defaultMargin: spec.xMargin)
        let yLimits = spec.yAxis.resolvedLimits(dataMin: spec.yData?.min, dataMax: spec.yData?.max,
                                                defaultMargin: spec.yMargin)
        let titleHeight = spec.title == nil ? 0 : s.titleFont.height + 8
        let xLabelHeight = spec.xAxis.label == nil ? 0 : s.labelFont.height + 4
        let yLabelWidth = spec.yAxis.label == nil ? 0 : s.labelFont.height + 6
        let top = region.y + pad + max(titleHeight, s.tickFont.height / 2)
        let bottom = region.maxY - pad - xLabelHeight - s.tickFont.height - s.tickLength - 4
        let plotHeight = max(bottom - top, 10)
        let (yTicks, yLabels) = ticks(for: spec.yAxis, limits: yLimits, target: min(max(plotHeight / 50, 2), 10))
        let yTickWidth = yLabels.map { s.tickFont.width(of: $0) }.max() ?? 0
        let left = region.x + pad + yLabelWidth + yTickWidth + 5 + s.tickLength

        var colorbarWidth = 0
        if let bar = spec.colorbar {
            let labels = Ticks.labels(for: Ticks.linear(from: bar.range.lowerBound, to: bar.range.upperBound))
            colorbarWidth = 14 + 14 + 4 + (labels.map { s.tickFont.width(of: $0) }.max() ?? 0)
                + (bar.label == nil ? 0 : s.labelFont.height + 6)
        }
        let legendSpace = legendWidth.map { $0 + 12 } ?? 0
        var right = region.maxX - pad - legendSpace - colorbarWidth
        var plotWidth = max(right - left, 10)

        var target = min(max(plotWidth / 70, 2), 12)
        var (xTicks, xLabels) = ticks(for: spec.xAxis, limits: xLimits, target: target)
        while target > 2 && spec.xAxis.ticks == nil && xTicks.count > 1 {
            let widest = xLabels.map { s.tickFont.width(of: $0) }.max() ?? 0
            let spacing = Double(plotWidth) / max(xLimits.hi - xLimits.lo, 1e-300)
                * abs(spec.xAxis.scale.forward(xTicks[1]) - spec.xAxis.scale.forward(xTicks[0]))
            if spacing >= Double(widest + 12) { break }
            target -= 1
            (xTicks, xLabels) = ticks(for: spec.xAxis, limits: xLimits, target: target)
        }
        // Keep the last x tick label inside the chart.
        if legendSpace == 0 && colorbarWidth == 0, let last = xTicks.last, let lastLabel = xLabels.last {
            let t = (spec.xAxis.scale.forward(last) - xLimits.lo) / (xLimits.hi - xLimits.lo)
            if t > 0.9 {
                let overhang = s.tickFont.width(of: lastLabel) / 2 - pad + 2
                if overhang > 0 {
                    right -= overhang
                    plotWidth = max(right - left, 10)
                }
            }
        }
        // Labels that still collide (explicit ticks such as class names) are turned upright.
        var rotate = false
        var height = plotHeight
        if xTicks.count > 1 {
            let widest = xLabels.map { s.tickFont.width(of: $0) }.max() ?? 0
            let spacing = Double(plotWidth) / Double(xTicks.count)
            if Double(widest + 6) > spacing {
                rotate = true
                height = max(plotHeight - max(0, widest - s.tickFont.height), 10)
            }
        }
        let plot = PixelRegion(x: left, y: top, width: plotWidth, height: height)
        let outsideBox = legendWidth.map { w -> PixelRegion in
            let h = LegendBox(entries: spec.legendEntries, style: s).size.height
            return PixelRegion(x: plot.maxX + 12, y: plot.y, width: w, height: h)
        }
        let bar = spec.colorbar == nil ? nil
            : PixelRegion(x: plot.maxX + legendSpace + 14, y: plot.y, width: 14, height: plot.height)
        let xMinor = spec.xAxis.scale == .log10 && spec.xAxis.ticks == nil
            ? Ticks.logarithmicMinor(from: pow(10, xLimits.lo), to: pow(10, xLimits.hi)) : []
        let yMinor = spec.yAxis.scale == .log10 && spec.yAxis.ticks == nil
            ? Ticks.logarithmicMinor(from: pow(10, yLimits.lo), to: pow(10, yLimits.hi)) : []
        return AxesLayout(region: region, plot: plot, xScale: spec.xAxis.scale, yScale: spec.yAxis.scale,
                          xLimits: xLimits, yLimits: yLimits, xTicks: xTicks, xLabels: xLabels,
                          yTicks: yTicks, yLabels: yLabels, xMinor: xMinor, yMinor: yMinor,
                          outsideLegend: outsideBox, colorbarBar: bar, rotateXLabels: rotate)
    }

    // MARK: - Drawing

    static func drawBackground(_ spec: CartesianSpec, layout: AxesLayout, in canvas: inout Canvas) {
        let plot = layout.plot
        canvas.fillRect(x: plot.x, y: plot.y, width: plot.width, height: plot.height, color: spec.style.plotBackground)
        if spec.xAxis.showGrid {
            for t in layout.xTicks {
                let col = Int(layout.px(t).rounded(.down))
                if col > plot.x && col < plot.maxX - 1 {
                    canvas.fillRect(x: col, y: plot.y, width: 1, height: plot.height, color: spec.style.gridColor)
                }
            }
        }
        if spec.yAxis.showGrid {
            for t in layout.yTicks {
                let row = Int(layout.py(t).rounded(.down))
                if row > plot.y && row < plot.maxY - 1 {
                    canvas.fillRect(x: plot.x, y: row, width: plot.width, height: 1, color: spec.style.gridColor)
                }
            }
        }
    }

    static func drawFrame(_ spec: CartesianSpec, layout: AxesLayout, in canvas: inout Canvas) {
        let s = spec.style
        let plot = layout.plot
        let axis = s.axisColor
        canvas.fillRect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: 1, color: axis)
        canvas.fillRect(x: plot.x - 1, y: plot.maxY, width: plot.width + 2, height: 1, color: axis)
        canvas.fillRect(x: plot.x - 1, y: plot.y, width: 1, height: plot.height, color: axis)
        canvas.fillRect(x: plot.maxX, y: plot.y, width: 1, height: plot.height, color: axis)

        let labelTop = Double(plot.maxY + 1 + s.tickLength + 3)
        var labelBottom = labelTop + Double(s.tickFont.height)
        for (t, label) in zip(layout.xTicks, layout.xLabels) {
            let col = Int(layout.px(t).rounded(.down))
            canvas.fillRect(x: col, y: plot.maxY + 1, width: 1, height: s.tickLength, color: axis)
            let box = canvas.drawText(label, at: PlotPoint(Double(col) + 0.5, labelTop), font: s.tickFont,
                                      color: s.tickLabelColor, horizontal: .center, vertical: .top,
                                      orientation: layout.rotateXLabels ? .upward : .horizontal)
            labelBottom = max(labelBottom, box.maxY)
        }
        for t in layout.xMinor {
            let col = Int(layout.px(t).rounded(.down))
            canvas.fillRect(x: col, y: plot.maxY + 1, width: 1, height: max(2, s.tickLength / 2 + 1), color: axis)
        }
        let labelRight = Double(plot.x - 1 - s.tickLength - 4)
        for (t, label) in zip(layout.yTicks, layout.yLabels) {
            let row = Int(layout.py(t).rounded(.down))
            canvas.fillRect(x: plot.x - 1 - s.tickLength, y: row, width: s.tickLength, height: 1, color: axis)
            canvas.drawText(label, at: PlotPoint(labelRight, Double(row) + 0.5), font: s.tickFont,
                            color: s.tickLabelColor, horizontal: .right, vertical: .center)
        }
        for t in layout.yMinor {
            let row = Int(layout.py(t).rounded(.down))
            let length = max(2, s.tickLength / 2 + 1)
            canvas.fillRect(x: plot.x - 1 - length, y: row, width: length, height: 1, color: axis)
        }
        if let label = spec.xAxis.label {
            canvas.drawText(label, at: PlotPoint(Double(plot.x) + Double(plot.width) / 2, labelBottom + 4),
                            font: s.labelFont, color: s.textColor, horizontal: .center, vertical: .top)
        }
        if let label = spec.yAxis.label {
            canvas.drawText(label, at: PlotPoint(Double(layout.region.x + s.padding), Double(plot.y) + Double(plot.height) / 2),
                            font: s.labelFont, color: s.textColor, horizontal: .left, vertical: .center,
                            orientation: .upward)
        }
        if let title = spec.title {
            let width = s.titleFont.width(of: title)
            let center = width <= plot.width ? Double(plot.x) + Double(plot.width) / 2
                : Double(layout.region.x) + Double(layout.region.width) / 2
            canvas.drawText(title, at: PlotPoint(center, Double(layout.region.y + s.padding)), font: s.titleFont,
                            color: s.textColor, horizontal: .center, vertical: .top)
        }
    }

    static func drawColorbar(_ spec: ColorbarSpec, bar: PixelRegion, style s: ChartStyle, in canvas: inout Canvas) {
        for row in 0..<bar.height {
            let t = 1 - (Double(row) + 0.5) / Double(bar.height)
            canvas.fillRect(x: bar.x, y: bar.y + row, width: bar.width, height: 1, color: spec.colormap.color(at: t))
        }
        canvas.strokeRect(PlotRect(x: Double(bar.x) - 0.5, y: Double(bar.y) - 0.5, width: Double(bar.width) + 1,
                                   height: Double(bar.height) + 1), color: s.axisColor)
        let lo = spec.range.lowerBound, hi = spec.range.upperBound
        let ticks = Ticks.linear(from: lo, to: hi, targetCount: max(2, min(bar.height / 50, 8)))
        var labelEnd = bar.maxX
        for (t, label) in zip(ticks, Ticks.labels(for: ticks)) {
            let frac = hi > lo ? (t - lo) / (hi - lo) : 0.5
            let row = min(Int((Double(bar.maxY) - frac * Double(bar.height)).rounded(.down)), bar.maxY - 1)
            canvas.fillRect(x: bar.maxX, y: row, width: 4, height: 1, color: s.axisColor)
            let box = canvas.drawText(label, at: PlotPoint(Double(bar.maxX + 7), Double(row) + 0.5), font: s.tickFont,
                                      color: s.tickLabelColor, horizontal: .left, vertical: .center)
            labelEnd = max(labelEnd, Int(box.maxX))
        }
        if let label = spec.label {
            canvas.drawText(label, at: PlotPoint(Double(labelEnd + 6), Double(bar.y) + Double(bar.height) / 2),
                            font: s.labelFont, color: s.textColor, horizontal: .left, vertical: .center,
                            orientation: .upward)
        }
    }

    /// Finite extent of `values` (nil when none; non-positive values skipped on log axes).
    static func extent<S: Sequence>(_ values: S, scale: AxisScale) -> (min: Double, max: Double)? where S.Element == Double {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite && (scale == .linear || v > 0) {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return lo <= hi ? (lo, hi) : nil
    }

    static func union(_ a: (min: Double, max: Double)?, _ b: (min: Double, max: Double)?) -> (min: Double, max: Double)? {
        guard let a else { return b }
        guard let b else { return a }
        return (min(a.min, b.min), max(a.max, b.max))
    }
}
