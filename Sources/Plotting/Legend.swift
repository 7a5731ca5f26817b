/// Where a chart puts its legend.
public enum LegendPosition: Sendable, Hashable {
    /// Inside the plot at the spot covering the fewest data points, or outside on
    /// the right when every inside spot would hide data.
    case best
    /// Inside, top right corner.
    case upperRight
    /// Inside, top left corner.
    case upperLeft
    /// Inside, bottom left corner.
    case lowerLeft
    /// Inside, bottom right corner.
    case lowerRight
    /// Inside, top centre.
    case upperCenter
    /// Inside, bottom centre.
    case lowerCenter
    /// Outside the plot, to the right of the axes.
    case outsideRight
    /// No legend.
    case hidden
}

/// One row of a legend.
public struct LegendEntry: Sendable {
    /// The swatch drawn before the label.
    public enum Symbol: Sendable {
        /// A short line sample, optionally with a marker on it.
        case line(color: Color, width: Double, dash: [Double]?, marker: MarkerShape?)
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
    let padding = 7
    let gap = 6

    var hasLines: Bool {
        entries.contains { if case .line = $0.symbol { return true } else { return false } }
    }
    var symbolWidth: Int { hasLines ? 28 : 14 }
    var rowHeight: Int { max(style.legendFont.height, 14) + 2 }

    func font(for entry: LegendEntry) -> BitmapFont {
        if case .header = entry.symbol { return style.legendHeaderFont }
        return style.legendFont
    }

    /// Box size in pixels (zero when there is nothing to show).
    var size: (width: Int, height: Int) {
        guard !entries.isEmpty else { return (0, 0) }
        var width = 0
        for entry in entries {
            let text = font(for: entry).width(of: entry.label)
            if case .header = entry.symbol { width = max(width, text) } else {
                width = max(width, symbolWidth + gap + text)
            }
        }
        return (width + 2 * padding, entries.count * rowHeight + 2 * padding - 2)
    }

    /// The candidate boxes for `position` inside `plot` (one, or all inside spots for `.best`).
    func candidates(for position: LegendPosition, in plot: PixelRegion) -> [PixelRegion] {
        let (w, h) = size
        let inset = 8
        let left = plot.x + inset, right = plot.maxX - inset - w
        let top = plot.y + inset, bottom = plot.maxY - inset - h
        let midX = plot.x + (plot.width - w) / 2
        func box(_ x: Int, _ y: Int) -> PixelRegion { PixelRegion(x: x, y: y, width: w, height: h) }
        switch position {
        case .upperRight: return [box(right, top)]
        case .upperLeft: return [box(left, top)]
        case .lowerLeft: return [box(left, bottom)]
        case .lowerRight: return [box(right, bottom)]
        case .upperCenter: return [box(midX, top)]
        case .lowerCenter: return [box(midX, bottom)]
        case .best:
            let midY = plot.y + (plot.height - h) / 2
            return [box(right, top), box(left, top), box(left, bottom), box(right, bottom),
                    box(right, midY), box(left, midY), box(midX, bottom), box(midX, top)]
        case .outsideRight, .hidden: return []
        }
    }

    /// The inside box covering the fewest `samples` and how many it covers.
    func bestInside(_ position: LegendPosition, plot: PixelRegion, samples: [PlotPoint]) -> (PixelRegion, Int)? {
        var best: (PixelRegion, Int)?
        for box in candidates(for: position, in: plot) {
            guard box.x >= plot.x, box.y >= plot.y, box.maxX <= plot.maxX, box.maxY <= plot.maxY else { continue }
            let x0 = Double(box.x - 3), x1 = Double(box.maxX + 3), y0 = Double(box.y - 3), y1 = Double(box.maxY + 3)
            var count = 0
            for p in samples where p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 { count += 1 }
            if best == nil || count < best!.1 { best = (box, count) }
            if count == 0 { break }
        }
        return best
    }

    func draw(in canvas: inout Canvas, box: PixelRegion) {
        let rect = box.rect
        canvas.fillRoundedRect(rect, radius: 4, color: style.background.withAlpha(0.88))
        canvas.strokeRoundedRect(rect.insetBy(dx: 0.5, dy: 0.5), radius: 4, color: Color(hex: 0xCCCCCC))
        var y = box.y + padding
        for entry in entries {
            let centerY = Double(y) + Double(rowHeight - 2) / 2
            let textX: Int
            let symbolX = Double(box.x + padding)
            switch entry.symbol {
            case .header:
                textX = box.x + padding
            case let .line(color, width, dash, marker):
                let w = min(width, 4)
                canvas.drawLine(from: PlotPoint(symbolX, centerY), to: PlotPoint(symbolX + Double(symbolWidth), centerY),
                                color: color, width: w, dash: dash.map { $0.map { min($0, 6) } }, cap: .butt)
                if let marker {
                    canvas.drawMarker(marker, at: PlotPoint(symbolX + Double(symbolWidth) / 2, centerY), size: 7,
                                      color: color, edgeColor: .white, edgeWidth: 0.75)
                }
                textX = box.x + padding + symbolWidth + gap
            case let .marker(shape, color):
                canvas.drawMarker(shape, at: PlotPoint(symbolX + Double(symbolWidth) / 2, centerY), size: 9,
                                  color: color)
                textX = box.x + padding + symbolWidth + gap
            case let .patch(color):
                let s = 11.0
                let x0 = symbolX + (Double(symbolWidth) - s) / 2
                canvas.fillRoundedRect(PlotRect(x: x0, y: (centerY - s / 2).rounded(), width: s, height: s),
                                       radius: 2, color: color)
                textX = box.x + padding + symbolWidth + gap
            }
            canvas.drawText(entry.label, at: PlotPoint(Double(textX), centerY), font: font(for: entry),
                            color: style.textColor, horizontal: .left, vertical: .center)
            y += rowHeight
        }
    }
}
