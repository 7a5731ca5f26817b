/// Several charts in a grid of panels under an overall title, e.g. the four panels of Ganin et
/// al.'s two-moons figure.
///
/// ```swift
/// var figure = Figure(rows: 2, columns: 2, title: "DANN on two moons",
///                     panels: [labelBoundary, pca, domainBoundary, neurons])
/// try figure.write(to: "runs/two-moons.png")   // or .svg
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
    /// Width of one panel at the figure's preferred size.
    public var panelWidth = 560
    /// Height of one panel at the figure's preferred size.
    public var panelHeight = 440
    /// Whether panels get "(a)", "(b)", … in their top-left corners.
    public var panelLabels = false
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

    /// The title's font.
    static let titleFont: Font = .sansBold(19)

    /// Height of the title band (0 without a title).
    var titleHeight: Int { title == nil ? 0 : 44 }

    /// Every panel at ``panelWidth`` × ``panelHeight`` under the title.
    public var preferredSize: (width: Int, height: Int) {
        (columns * panelWidth, rows * panelHeight + titleHeight)
    }

    /// Draws the title and every panel into an equal share of the rest of `frame`.
    public func draw(in canvas: Canvas, frame: PlotRect) {
        canvas.clipped(to: frame) {
            canvas.fill(frame, color: style.background)
            // The title band keeps its height when the figure is drawn smaller, within reason.
            let band = min(Double(titleHeight), frame.height / 4)
            if let title {
                var font = Figure.titleFont
                let width = canvas.width(of: title, font: font), room = frame.width - 2 * style.padding
                if width > room && room > 0 { font.size = max(8, font.size * room / width) }
                canvas.text(title, at: PlotPoint(frame.midX, frame.y + band / 2), font: font, color: style.textColor,
                            horizontal: .center, vertical: .center)
            }
            let cellWidth = frame.width / Double(columns), cellHeight = (frame.height - band) / Double(rows)
            for (index, panel) in panels.prefix(rows * columns).enumerated() {
                let (r, c) = index.quotientAndRemainder(dividingBy: columns)
                let cell = PlotRect(x: (frame.x + Double(c) * cellWidth).rounded(),
                                    y: (frame.y + band + Double(r) * cellHeight).rounded(),
                                    width: cellWidth.rounded(.down), height: cellHeight.rounded(.down))
                panel.draw(in: canvas, frame: cell)
                if panelLabels {
                    let letter = Character(Unicode.Scalar(UInt8(97 + index % 26)))
                    canvas.clipped(to: cell) {
                        canvas.text("(\(letter))", at: PlotPoint(cell.x + 6, cell.y + 6), font: .sansBold(14),
                                    color: style.textColor)
                    }
                }
            }
        }
    }
}
