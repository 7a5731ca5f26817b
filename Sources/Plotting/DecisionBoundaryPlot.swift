/// How a ``DecisionBoundaryPlot`` colours its ``ScalarField``.
public enum FieldShading: Sendable {
    /// The field is P(class 1): regions tinted towards the class-0 colour below
    /// 0.5 and the class-1 colour above, more strongly the more confident.
    /// `nil` colours take palette entries 0 and 1, matching the scatter points.
    case twoClass(negative: Color? = nil, positive: Color? = nil, strength: Double = 0.45)
    /// A continuous colour scale over `range` (`nil` = the field's value range),
    /// explained by a colour bar titled `label`.
    case colormap(Colormap, range: ClosedRange<Double>? = nil, label: String? = nil)
    /// No shading (contours, points and lines only).
    case none
}

/// A classifier's output over the input plane with data on top — the panels of
/// Ganin et al. (JMLR 2016, Fig. 2): label or domain decision boundary (shaded
/// regions plus the 0.5 contour) under source/target points, and hidden neurons'
/// lines `w·x + b = 0` over the data.
///
/// ```swift
/// let field = ScalarField(xRange: -1.5...2.5, yRange: -1.5...1.5) { x, y in model.probability(x, y) }
/// var plot = DecisionBoundaryPlot(title: "Label classifier", field: field, points: moons)
/// plot.lines = hidden.map { ImplicitLine(a: $0.w1, b: $0.w2, c: $0.bias) }
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
    public var contourColor: Color = Color(hex: 0x222222)
    /// Contour line width in pixels.
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

    /// Samples `probability(x, y)` over the rectangle and plots it with `points`.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, xRange: ClosedRange<Double>,
                yRange: ClosedRange<Double>, resolution: Int = 150, points: ScatterPoints? = nil,
                probability: (Double, Double) -> Double) {
        self.init(title: title, xLabel: xLabel, yLabel: yLabel,
                  field: ScalarField(xRange: xRange, yRange: yRange, resolution: resolution, function: probability),
                  points: points)
    }

    /// Draws the chart: shading, contours, points, lines, then frame, legend and colour bar.
    public func draw(in canvas: inout Canvas, region: PixelRegion) {
        var x = xAxis, y = yAxis
        if let field {
            if x.range == nil { x.range = field.xRange }
            if y.range == nil { y.range = field.yRange }
        }
        var spec = CartesianSpec(title: title, xAxis: x, yAxis: y, style: style,
                                 xData: points.flatMap { CartesianRenderer.extent($0.x.prefix($0.count), scale: x.scale) },
                                 yData: points.flatMap { CartesianRenderer.extent($0.y.prefix($0.count), scale: y.scale) })
        spec.legendPosition = legend
        var entries = points?.legendEntries(style: style) ?? []
        if let contourLabel, field != nil, !contourLevels.isEmpty {
            entries.append(LegendEntry(label: contourLabel, symbol: .line(color: contourColor, width: contourWidth,
                                                                          dash: nil, marker: nil)))
        }
        for line in lines {
            if let label = line.label {
                entries.append(LegendEntry(label: label, symbol: .line(color: line.color ?? ImplicitLine.defaultColor,
                                                                       width: line.width, dash: line.dash, marker: nil)))
            }
        }
        spec.legendEntries = entries
        if let field, case let .colormap(map, range, label) = shading, let r = range ?? field.valueRange {
            spec.colorbar = ColorbarSpec(colormap: map, range: r, label: label)
        }
        CartesianRenderer.render(spec, in: &canvas, region: region, samples: { points?.samples($0) ?? [] }) { canvas, layout in
            if let field {
                shade(field, layout: layout, in: &canvas)
                for level in contourLevels {
                    let segments = field.contour(level: level).map { (layout.point($0.0.x, $0.0.y), layout.point($0.1.x, $0.1.y)) }
                    canvas.drawSegments(segments, color: contourColor, width: contourWidth)
                }
            }
            points?.draw(in: &canvas, layout: layout, style: style)
            for line in lines { line.draw(in: &canvas, layout: layout) }
        }
    }

    private func shade(_ field: ScalarField, layout: AxesLayout, in canvas: inout Canvas) {
        let colorOf: (Double) -> Color?
        switch shading {
        case .none:
            return
        case let .twoClass(negative, positive, strength):
            let c0 = negative ?? points.map { $0.color(category: 0, style: style) } ?? style.color(0)
            let c1 = positive ?? points.map { $0.color(category: 1, style: style) } ?? style.color(1)
            let background = style.plotBackground
            colorOf = { p in
                guard p.isFinite else { return nil }
                let confidence = min(abs(2 * min(max(p, 0), 1) - 1), 1)
                return background.mixed(with: p >= 0.5 ? c1 : c0, amount: strength * confidence.squareRoot())
            }
        case let .colormap(map, range, _):
            guard let r = range ?? field.valueRange else { return }
            colorOf = { v in v.isFinite ? map.color(for: v, in: r) : nil }
        }
        let plot = layout.plot
        let clip = canvas.clip
        for row in max(plot.y, clip.y)..<min(plot.maxY, clip.maxY) {
            let dy = layout.dataY(Double(row) + 0.5)
            for col in max(plot.x, clip.x)..<min(plot.maxX, clip.maxX) {
                if let c = colorOf(field.value(x: layout.dataX(Double(col) + 0.5), y: dy)) {
                    canvas.blendPixel(x: col, y: row, color: c)
                }
            }
        }
    }
}
