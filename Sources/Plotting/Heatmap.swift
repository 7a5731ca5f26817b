import Foundation

/// A matrix of values as coloured cells with row and column labels, optional
/// in-cell numbers and a colour bar — confusion matrices, weight matrices.
///
/// ```swift
/// var cm = Heatmap(title: "Target confusion", values: counts,
///                  rowLabels: classNames, columnLabels: classNames)
/// cm.xLabel = "Predicted"; cm.yLabel = "True"
/// try cm.write(to: "runs/confusion.png")
/// ```
public struct Heatmap: Chart {
    /// Title above the plot.
    public var title: String?
    /// Cell values by row (row 0 drawn at the top); short rows are padded with NaN.
    public var values: [[Double]]
    /// Labels down the left side, one per row.
    public var rowLabels: [String]
    /// Labels along the bottom, one per column.
    public var columnLabels: [String]
    /// Title of the horizontal (column) axis.
    public var xLabel: String?
    /// Title of the vertical (row) axis.
    public var yLabel: String?
    /// Colour scale.
    public var colormap: Colormap = .blues
    /// Values mapped to the ends of the colour scale; `nil` = the data range.
    public var range: ClosedRange<Double>?
    /// Whether each cell shows its value.
    public var showValues: Bool = true
    /// Decimals for cell values; `nil` prints integers when all values are
    /// whole numbers and 2 decimals otherwise.
    public var valueDecimals: Int?
    /// Whether a colour bar is drawn.
    public var showColorbar: Bool = true
    /// Title of the colour bar.
    public var colorbarLabel: String?
    /// Fonts, colours and spacing.
    public var style: ChartStyle = .standard

    /// Creates a heatmap; missing labels default to row/column indices.
    public init(title: String? = nil, values: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil) {
        self.title = title
        self.values = values
        let columns = values.map(\.count).max() ?? 0
        self.rowLabels = rowLabels ?? values.indices.map { "\($0)" }
        self.columnLabels = columnLabels ?? (0..<columns).map { "\($0)" }
    }

    var rowCount: Int { values.count }
    var columnCount: Int { values.map(\.count).max() ?? 0 }

    func value(_ r: Int, _ c: Int) -> Double { c < values[r].count ? values[r][c] : .nan }

    var resolvedRange: ClosedRange<Double> {
        if let range { return range }
        let finite = values.joined().filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
        return lo < hi ? lo...hi : (lo - 0.5)...(hi + 0.5)
    }

    /// Draws the chart: one cell per value, labels, then the colour bar.
    public func draw(in canvas: inout Canvas, region: PixelRegion) {
        let rows = rowCount, columns = columnCount
        var x = ChartAxis(label: xLabel, range: -0.5...(Double(max(columns, 1)) - 0.5))
        x.showGrid = false
        x.ticks = (0..<columns).map(Double.init)
        x.tickLabels = (0..<columns).map { $0 < columnLabels.count ? columnLabels[$0] : "\($0)" }
        var y = ChartAxis(label: yLabel, range: -0.5...(Double(max(rows, 1)) - 0.5))
        y.showGrid = false
        y.ticks = (0..<rows).map { Double(rows - 1 - $0) }
        y.tickLabels = (0..<rows).map { $0 < rowLabels.count ? rowLabels[$0] : "\($0)" }
        let range = resolvedRange
        var spec = CartesianSpec(title: title, xAxis: x, yAxis: y, style: style, xData: nil, yData: nil)
        spec.legendPosition = .hidden
        if showColorbar { spec.colorbar = ColorbarSpec(colormap: colormap, range: range, label: colorbarLabel) }
        let allWhole = values.joined().allSatisfy { !$0.isFinite || ($0 == $0.rounded() && abs($0) < 1e9) }
        let decimals = valueDecimals ?? (allWhole ? 0 : 2)
        CartesianRenderer.render(spec, in: &canvas, region: region, samples: { _ in [] }) { canvas, layout in
            let font = BitmapFont.sans(size: cellFontSize(layout))
            for r in 0..<rows {
                for c in 0..<columns {
                    let v = value(r, c)
                    guard v.isFinite else { continue }
                    let yCenter = Double(rows - 1 - r)
                    let x0 = Int(layout.px(Double(c) - 0.5).rounded()), x1 = Int(layout.px(Double(c) + 0.5).rounded())
                    let y0 = Int(layout.py(yCenter + 0.5).rounded()), y1 = Int(layout.py(yCenter - 0.5).rounded())
                    let color = colormap.color(for: v, in: range)
                    canvas.fillRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0, color: color)
                    if showValues {
                        let text = Ticks.fixed(v, decimals: decimals)
                        guard font.width(of: text) < x1 - x0 - 2, font.height < y1 - y0 else { continue }
                        canvas.drawText(text, at: PlotPoint(Double(x0 + x1) / 2, Double(y0 + y1) / 2), font: font,
                                        color: color.luminance < 0.5 ? .white : Color(hex: 0x1F1F1F),
                                        horizontal: .center, vertical: .center)
                    }
                }
            }
        }
    }

    private func cellFontSize(_ layout: AxesLayout) -> Int {
        let cell = min(Double(layout.plot.width) / Double(max(columnCount, 1)),
                       Double(layout.plot.height) / Double(max(rowCount, 1)))
        return cell >= 60 ? 14 : cell >= 40 ? 12 : 10
    }
}
