/// Several charts arranged in a grid of panels under an overall title, rendered
/// to one canvas — e.g. the four panels of Ganin et al.'s two-moons figure.
///
/// ```swift
/// var figure = Figure(rows: 2, columns: 2, title: "DANN on two moons",
///                     panels: [labelBoundary, pca, domainBoundary, neurons])
/// try figure.write(to: "runs/two-moons.png")
/// ```
public struct Figure: Chart {
    /// Overall title above all panels; `nil` for none.
    public var title: String?
    /// Number of panel rows.
    public var rows: Int
    /// Number of panel columns.
    public var columns: Int
    /// Panels in row-major order; missing ones leave blank cells, extra ones are ignored.
    public var panels: [any Chart]
    /// Size of one panel when rendered with ``render()``.
    public var panelWidth: Int = 560
    /// Size of one panel when rendered with ``render()``.
    public var panelHeight: Int = 440
    /// Whether panels get "(a)", "(b)", … labels in their top-left corners.
    public var panelLabels: Bool = false
    /// Background, title font and colours.
    public var style: ChartStyle = .standard

    /// Creates a figure of `rows × columns` panels.
    public init(rows: Int, columns: Int, title: String? = nil, panels: [any Chart] = []) {
        precondition(rows >= 1 && columns >= 1, "a figure needs at least one row and one column")
        self.rows = rows
        self.columns = columns
        self.title = title
        self.panels = panels
    }

    /// Title height in pixels (0 without a title).
    var titleHeight: Int {
        title == nil ? 0 : BitmapFont.sansBold(size: 20).height + 2 * style.padding
    }

    /// Renders every panel at ``panelWidth`` × ``panelHeight`` under the title.
    public func render() -> Canvas {
        render(width: columns * panelWidth, height: rows * panelHeight + titleHeight)
    }

    /// The figure as PNG bytes (see ``render()``).
    public func pngData() -> [UInt8] { render().pngData() }

    /// Writes the figure as a PNG file atomically (see ``render()``).
    public func write(to path: String) throws { try render().write(to: path) }

    /// Draws the title and every panel into an equal share of `region`.
    public func draw(in canvas: inout Canvas, region: PixelRegion) {
        canvas.withClip(region) { canvas in
            canvas.fill(style.background)
            if let title {
                canvas.drawText(title, at: PlotPoint(Double(region.x) + Double(region.width) / 2,
                                                     Double(region.y + style.padding)),
                                font: .sansBold(size: 20), color: style.textColor, horizontal: .center, vertical: .top)
            }
            let top = region.y + titleHeight
            let height = region.maxY - top
            for (index, panel) in panels.prefix(rows * columns).enumerated() {
                let r = index / columns, c = index % columns
                let x0 = region.x + region.width * c / columns, x1 = region.x + region.width * (c + 1) / columns
                let y0 = top + height * r / rows, y1 = top + height * (r + 1) / rows
                let cell = PixelRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
                panel.draw(in: &canvas, region: cell)
                if panelLabels {
                    canvas.withClip(cell) { canvas in
                        canvas.drawText("(\(Character(Unicode.Scalar(UInt8(97 + index % 26)))))",
                                        at: PlotPoint(Double(cell.x + 6), Double(cell.y + 6)),
                                        font: .sansBold(size: 14), color: style.textColor, horizontal: .left,
                                        vertical: .top)
                    }
                }
            }
        }
    }
}
