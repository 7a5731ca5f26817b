/// How a ``DecisionBoundaryPlot`` colours its ``ScalarField``.
public enum FieldShading: Sendable {
    /// The field is P(class 1): tinted towards the class-0 colour below 0.5 and the class-1
    /// colour above, the more strongly the more confident (see ``Colormap/twoClass(negative:positive:background:strength:)``).
    /// `nil` colours take palette entries 0 and 1, matching the points' colour categories.
    case twoClass(negative: Color? = nil, positive: Color? = nil, strength: Double = 0.45)
    /// No shading (contours, points and lines only).
    case none
}

/// A classifier's output over the input plane with data on top, as in the panels of Ganin et
/// al. (JMLR 2016, Fig. 2): a label or domain decision boundary (shaded regions and the 0.5
/// contour) under source and target points, or hidden neurons' lines `w·x + b = 0` over the data.
///
/// ```swift
/// let field = ScalarField(xRange: -1.5...2.5, yRange: -1.5...1.5) { x, y in model.probability(x, y) }
/// var plot = DecisionBoundaryPlot(title: "Label classifier", field: field, points: moons)
/// plot.contourLabel = "label boundary"
/// try plot.write(to: "runs/boundary.png")
/// ```
public struct DecisionBoundaryPlot: Chart {
    /// Title above the plot.
    public var title: String?
    /// Horizontal axis (by default the field's x range, else the points' extent).
    public var xAxis: ChartAxis
    /// Vertical axis.
    public var yAxis: ChartAxis
    /// The shaded function, if any.
    public var field: ScalarField?
    /// How the field is coloured.
    public var shading: FieldShading = .twoClass()
    /// Field values at which contour lines are drawn.
    public var contourLevels: [Double] = [0.5]
    /// Contour line colour.
    public var contourColor = Color(hex: 0x222222)
    /// Contour line width.
    public var contourWidth: Double = 1.75
    /// Legend label of the contour ("decision boundary"); `nil` keeps it out of the legend.
    public var contourLabel: String?
    /// Points drawn over the shading.
    public var points: ScatterPoints?
    /// Straight lines `a·x + b·y + c = 0`, drawn over everything else.
    public var lines: [ImplicitLine] = []
    /// Legend placement.
    public var legend: LegendPosition = .best
    /// Fonts, colours and spacing.
    public var style: ChartStyle = .standard

    /// Creates a decision-boundary plot.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, field: ScalarField? = nil,
                points: ScatterPoints? = nil, lines: [ImplicitLine] = []) {
        self.title = title
        self.xAxis = ChartAxis(label: xLabel)
        self.yAxis = ChartAxis(label: yLabel)
        self.field = field
        self.points = points
        self.lines = lines
    }

    /// Draws the chart: shading, contours, points and lines, then frame and legend.
    public func draw(in canvas: Canvas, frame: PlotRect) {
        var x = xAxis, y = yAxis
        if let field {
            x.range = x.range ?? field.xRange
            y.range = y.range ?? field.yRange
        }
        let finite = points.map { p in (0..<p.count).filter { p.x[$0].isFinite && p.y[$0].isFinite } } ?? []
        var spec = CartesianSpec(title: title, xAxis: x, yAxis: y, style: style,
                                 xData: CartesianRenderer.extent(finite.map { points!.x[$0] }),
                                 yData: CartesianRenderer.extent(finite.map { points!.y[$0] }))
        spec.legendPosition = legend
        spec.legendEntries = points?.legendEntries(style: style) ?? []
        if let contourLabel, field != nil, !contourLevels.isEmpty {
            spec.legendEntries.append(LegendEntry(label: contourLabel,
                                                  symbol: .line(color: contourColor, width: contourWidth, dash: nil)))
        }
        for line in lines {
            if let label = line.label {
                spec.legendEntries.append(LegendEntry(label: label, symbol: .line(
                    color: line.color ?? ImplicitLine.defaultColor, width: line.width, dash: line.dash)))
            }
        }
        // The legend keeps clear of the points and the contours.
        let contours = field.map { field in contourLevels.flatMap { field.contour(level: $0) } } ?? []
        func samples(_ layout: AxesLayout) -> [PlotPoint] {
            (points?.samples(layout) ?? []) + contours.map { layout.point(($0.0.x + $0.1.x) / 2, ($0.0.y + $0.1.y) / 2) }
        }
        CartesianRenderer.render(spec, in: canvas, frame: frame, samples: samples) { layout in
            if let field {
                shade(field, layout: layout, in: canvas)
                canvas.segments(contours.map { (layout.point($0.0.x, $0.0.y), layout.point($0.1.x, $0.1.y)) },
                                color: contourColor, width: contourWidth)
            }
            points?.draw(in: canvas, layout: layout, style: style)
            for line in lines { line.draw(in: canvas, layout: layout) }
        }
    }

    /// Paints the field's grid as an image, interpolated between the nodes.
    private func shade(_ field: ScalarField, layout: AxesLayout, in canvas: Canvas) {
        guard case let .twoClass(negative, positive, strength) = shading else { return }
        let map = Colormap.twoClass(negative: negative ?? style.color(0), positive: positive ?? style.color(1),
                                    background: style.background, strength: strength)
        // Image row 0 is the top row of the field, i.e. its last row of values.
        var colors: [Color?] = []
        colors.reserveCapacity(field.values.count)
        for row in (0..<field.rows).reversed() {
            for column in 0..<field.columns { colors.append(map.color(at: field.values[row * field.columns + column])) }
        }
        let x0 = layout.px(field.xRange.lowerBound), x1 = layout.px(field.xRange.upperBound)
        let y0 = layout.py(field.yRange.upperBound), y1 = layout.py(field.yRange.lowerBound)
        guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { return }
        canvas.image(colors, columns: field.columns, rows: field.rows,
                     nodes: PlotRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0), clip: layout.plot)
    }
}
