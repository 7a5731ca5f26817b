/// Categorised points for ``ScatterPlot`` and ``DecisionBoundaryPlot``: each point has a colour
/// category (e.g. class) and optionally a marker category (e.g. domain).
public struct ScatterPoints: Sendable {
    /// X coordinates (only the first `min(x.count, y.count)` points are used).
    public var x: [Double]
    /// Y coordinates.
    public var y: [Double]
    /// Per-point colour category (index into the chart's palette); missing entries mean 0.
    public var colorCategory: [Int]
    /// Legend names of the colour categories; unnamed ones are shown as "0", "1", ….
    public var colorNames: [String]
    /// Legend header over the colour categories ("class"); `nil` for none.
    public var colorTitle: String?
    /// Per-point marker category (index into ``MarkerShape/defaultSequence``); `nil` draws circles.
    public var markerCategory: [Int]?
    /// Legend names of the marker categories.
    public var markerNames: [String]
    /// Legend header over the marker categories ("domain"); `nil` for none.
    public var markerTitle: String?
    /// Marker size.
    public var size: Double = 7
    /// Marker opacity (lower it for thousands of overlapping points).
    public var opacity: Double = 0.85
    /// Outline separating overlapping markers; `nil` for none.
    public var edgeColor: Color? = .white
    /// Outline width.
    public var edgeWidth: Double = 0.6

    /// Creates categorised points.
    public init(x: [Double], y: [Double], colorCategory: [Int] = [], colorNames: [String] = [],
                markerCategory: [Int]? = nil, markerNames: [String] = []) {
        self.x = x
        self.y = y
        self.colorCategory = colorCategory
        self.colorNames = colorNames
        self.markerCategory = markerCategory
        self.markerNames = markerNames
    }

    var count: Int { min(x.count, y.count) }

    func colorIndex(_ i: Int) -> Int { i < colorCategory.count ? max(colorCategory[i], 0) : 0 }

    func markerIndex(_ i: Int) -> Int {
        guard let m = markerCategory, i < m.count else { return 0 }
        return max(m[i], 0)
    }

    func marker(_ category: Int) -> MarkerShape {
        MarkerShape.defaultSequence[category % MarkerShape.defaultSequence.count]
    }

    /// Legend rows: the colour categories (as patches when markers vary), then the marker
    /// categories in gray.
    func legendEntries(style: ChartStyle) -> [LegendEntry] {
        let n = count
        let colorCount = max(colorNames.count, ((0..<n).map(colorIndex).max() ?? -1) + 1)
        let markerCount = markerCategory == nil ? 0 : max(markerNames.count, ((0..<n).map(markerIndex).max() ?? -1) + 1)
        var entries: [LegendEntry] = []
        if colorCount > 1 || !colorNames.isEmpty {
            if let colorTitle { entries.append(LegendEntry(label: colorTitle, symbol: .header)) }
            for c in 0..<colorCount {
                let color = style.color(c)
                entries.append(LegendEntry(label: c < colorNames.count ? colorNames[c] : "\(c)",
                                           symbol: markerCount > 0 ? .patch(color) : .marker(.circle, color: color)))
            }
        }
        if markerCount > 0 {
            if let markerTitle { entries.append(LegendEntry(label: markerTitle, symbol: .header)) }
            for m in 0..<markerCount {
                entries.append(LegendEntry(label: m < markerNames.count ? markerNames[m] : "\(m)",
                                           symbol: .marker(marker(m), color: Color(hex: 0x555555))))
            }
        }
        return entries
    }

    /// Draws the points in input order; non-finite ones are skipped.
    func draw(in canvas: Canvas, layout: AxesLayout, style: ChartStyle) {
        let edge = edgeColor.map { $0.withAlpha($0.opacity * opacity) }
        for i in 0..<count {
            let color = style.color(colorIndex(i))
            canvas.marker(marker(markerIndex(i)), at: layout.point(x[i], y[i]), size: size,
                          color: color.withAlpha(color.opacity * opacity), edge: edge, edgeWidth: edgeWidth)
        }
    }

    /// The points' drawing positions, for placing the legend.
    func samples(_ layout: AxesLayout) -> [PlotPoint] {
        (0..<count).map { layout.point(x[$0], y[$0]) }.filter(\.isFinite)
    }
}
