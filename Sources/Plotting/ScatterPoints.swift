/// Categorised points for ``ScatterPlot`` and ``DecisionBoundaryPlot``: each
/// point has a colour category (e.g. class) and optionally a marker category
/// (e.g. domain), plus how to draw them.
public struct ScatterPoints: Sendable {
    /// X coordinates (only the first `min(x.count, y.count)` points are used).
    public var x: [Double]
    /// Y coordinates.
    public var y: [Double]
    /// Per-point colour category (index into the palette); empty means all 0.
    public var colorCategory: [Int]
    /// Legend names of the colour categories (by index); categories without a
    /// name are shown as "0", "1", ….
    public var colorNames: [String]
    /// Legend section title for the colour categories ("Class").
    public var colorTitle: String?
    /// Per-point marker category (index into ``markers``); `nil` gives every point
    /// the first marker.
    public var markerCategory: [Int]?
    /// Legend names of the marker categories.
    public var markerNames: [String]
    /// Legend section title for the marker categories ("Domain").
    public var markerTitle: String?
    /// Colours by category; `nil` uses the chart style's palette.
    public var palette: [Color]?
    /// Marker shapes by marker category.
    public var markers: [MarkerShape] = MarkerShape.defaultSequence
    /// Marker size in pixels.
    public var size: Double = 7
    /// Marker opacity (lower it for thousands of overlapping points).
    public var opacity: Double = 0.85
    /// Outline colour separating overlapping markers; `nil` for none.
    public var edgeColor: Color? = .white
    /// Outline width in pixels.
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

    func color(category: Int, style: ChartStyle) -> Color {
        Palette.color(category, in: palette ?? style.palette)
    }

    func marker(category: Int) -> MarkerShape {
        markers.isEmpty ? .circle : markers[category % markers.count]
    }

    /// Legend rows: a colour section, then a marker section when markers vary.
    func legendEntries(style: ChartStyle) -> [LegendEntry] {
        let n = count
        let colorCount = max(colorNames.count, (0..<n).map(colorIndex).max().map { $0 + 1 } ?? 0)
        let markerCount = markerCategory == nil ? 0
            : max(markerNames.count, (0..<n).map(markerIndex).max().map { $0 + 1 } ?? 0)
        var entries: [LegendEntry] = []
        if colorCount > 1 || !colorNames.isEmpty {
            if let colorTitle { entries.append(LegendEntry(label: colorTitle, symbol: .header)) }
            for c in 0..<colorCount {
                let name = c < colorNames.count ? colorNames[c] : "\(c)"
                let swatch: LegendEntry.Symbol = markerCount > 0 ? .patch(color(category: c, style: style))
                    : .marker(marker(category: 0), color: color(category: c, style: style))
                entries.append(LegendEntry(label: name, symbol: swatch))
            }
        }
        if markerCount > 0 {
            if let markerTitle { entries.append(LegendEntry(label: markerTitle, symbol: .header)) }
            for m in 0..<markerCount {
                let name = m < markerNames.count ? markerNames[m] : "\(m)"
                entries.append(LegendEntry(label: name, symbol: .marker(marker(category: m), color: Color(hex: 0x555555))))
            }
        }
        return entries
    }

    func draw(in canvas: inout Canvas, layout: AxesLayout, style: ChartStyle) {
        let edge = edgeColor.map { $0.withAlpha($0.opacity * opacity) }
        for i in 0..<count {
            let p = layout.point(x[i], y[i])
            guard p.isFinite else { continue }
            let c = color(category: colorIndex(i), style: style)
            canvas.drawMarker(marker(category: markerIndex(i)), at: p, size: size,
                              color: c.withAlpha(c.opacity * opacity), edgeColor: edge, edgeWidth: edgeWidth)
        }
    }

    func samples(_ layout: AxesLayout) -> [PlotPoint] {
        (0..<count).map { layout.point(x[$0], y[$0]) }.filter(\.isFinite)
    }
}
