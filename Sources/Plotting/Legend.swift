/// Where a chart puts its legend.
public enum LegendPosition: Sendable, Hashable {
    /// Inside the plot at the corner or edge covering the least data, or outside on the right
    /// when every inside spot would hide data.
    case best
    /// Inside, top right corner.
    case upperRight
    /// Inside, top left corner.
    case upperLeft
    /// Inside, bottom left corner.
    case lowerLeft
    /// Inside, bottom right corner.
    case lowerRight
    /// Outside the plot, to the right of it.
    case outsideRight
    /// No legend.
    case hidden
}

/// One row of a legend.
public struct LegendEntry: Sendable {
    /// The swatch drawn before the label.
    public enum Symbol: Sendable {
        /// A short sample of a line.
        case line(color: Color, width: Double, dash: [Double]?)
        /// A marker.
        case marker(MarkerShape, color: Color)
        /// A filled square.
        case patch(Color)
        /// No swatch: the label is a bold section header.
        case header
    }

    /// The text.
    public var label: String
    /// The swatch.
    public var symbol: Symbol

    /// Creates an entry.
    public init(label: String, symbol: Symbol) {
        self.label = label
        self.symbol = symbol
    }
}

/// Measures, places and draws a legend box.
struct LegendBox {
    let entries: [LegendEntry]
    let style: ChartStyle
    let padding = 7.0, gap = 6.0

    private var symbolWidth: Double {
        entries.contains { if case .line = $0.symbol { true } else { false } } ? 28 : 14
    }

    private func rowHeight(_ canvas: Canvas) -> Double { max(canvas.lineHeight(style.legendFont), 14) + 2 }

    private func font(for entry: LegendEntry) -> Font {
        if case .header = entry.symbol { return style.legendHeaderFont }
        return style.legendFont
    }

    /// The box's size (zero without entries).
    func size(_ canvas: Canvas) -> (width: Double, height: Double) {
        guard !entries.isEmpty else { return (0, 0) }
        let width = entries.map { entry in
            let text = canvas.width(of: entry.label, font: font(for: entry))
            if case .header = entry.symbol { return text }
            return symbolWidth + gap + text
        }.max()!
        return ((width + 2 * padding).rounded(.up), Double(entries.count) * rowHeight(canvas) + 2 * padding - 2)
    }

    /// The inside box for `position` covering the fewest `samples` (all corners and edge
    /// middles for `.best`), and how many it covers; nil when no box fits in `plot`.
    func bestInside(_ position: LegendPosition, plot: PlotRect, samples: [PlotPoint],
                    canvas: Canvas) -> (box: PlotRect, covered: Int)? {
        let (w, h) = size(canvas)
        let inset = 8.0
        let left = plot.x + inset, right = plot.maxX - inset - w, midX = plot.x + ((plot.width - w) / 2).rounded()
        let top = plot.y + inset, bottom = plot.maxY - inset - h, midY = plot.y + ((plot.height - h) / 2).rounded()
        let spots: [(Double, Double)]
        switch position {
        case .upperRight: spots = [(right, top)]
        case .upperLeft: spots = [(left, top)]
        case .lowerLeft: spots = [(left, bottom)]
        case .lowerRight: spots = [(right, bottom)]
        case .best: spots = [(right, top), (left, top), (left, bottom), (right, bottom),
                             (right, midY), (left, midY), (midX, bottom), (midX, top)]
        case .outsideRight, .hidden: spots = []
        }
        var best: (box: PlotRect, covered: Int)?
        for (x, y) in spots {
            let box = PlotRect(x: x, y: y, width: w, height: h)
            guard plot.contains(box) else { continue }
            let margin = box.inset(by: -3)
            let covered = samples.reduce(0) { $0 + (margin.contains($1) ? 1 : 0) }
            if best == nil || covered < best!.covered { best = (box, covered) }
            if covered == 0 { break }
        }
        return best
    }

    /// Draws the legend with its top-left corner at `origin`.
    func draw(in canvas: Canvas, at origin: PlotPoint) {
        let (w, h) = size(canvas)
        canvas.roundedRect(PlotRect(x: origin.x + 0.5, y: origin.y + 0.5, width: w - 1, height: h - 1), radius: 4,
                           fill: style.background.withAlpha(0.88), edge: Color(hex: 0xCCCCCC))
        let row = rowHeight(canvas)
        for (i, entry) in entries.enumerated() {
            let centerY = origin.y + padding + Double(i) * row + (row - 2) / 2
            let symbolX = origin.x + padding, symbolMid = PlotPoint(symbolX + symbolWidth / 2, centerY)
            var textX = symbolX + symbolWidth + gap
            switch entry.symbol {
            case .header:
                textX = symbolX
            case let .line(color, width, dash):
                canvas.polyline([PlotPoint(symbolX, centerY), PlotPoint(symbolX + symbolWidth, centerY)], color: color,
                                width: min(width, 4), dash: dash.map { $0.map { min($0, 6) } }, roundCaps: false)
            case let .marker(shape, color):
                canvas.marker(shape, at: symbolMid, size: 9, color: color)
            case let .patch(color):
                canvas.roundedRect(PlotRect(x: symbolMid.x - 5.5, y: centerY - 5.5, width: 11, height: 11), radius: 2,
                                   fill: color)
            }
            canvas.text(entry.label, at: PlotPoint(textX, centerY), font: font(for: entry), color: style.textColor,
                        vertical: .center)
        }
    }
}
