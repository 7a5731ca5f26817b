/// Points coloured by one category and optionally shaped by a second, e.g. a t-SNE or PCA
/// embedding with colour = class and marker = domain.
///
/// ```swift
/// var points = ScatterPoints(x: pc1, y: pc2, colorCategory: labels, colorNames: ["0", "1"],
///                            markerCategory: domains, markerNames: ["source", "target"])
/// points.colorTitle = "class"
/// try ScatterPlot(title: "PCA of features", xLabel: "PC 1", yLabel: "PC 2", points: points)
///     .write(to: "runs/pca.png")
/// ```
public struct ScatterPlot: Chart {
    /// Title above the plot.
    public var title: String?
    /// Horizontal axis (fitted to the data with a 5 % margin unless given a range).
    public var xAxis: ChartAxis
    /// Vertical axis.
    public var yAxis: ChartAxis
    /// The points, their categories and marker styling.
    public var points: ScatterPoints
    /// Legend placement.
    public var legend: LegendPosition = .best
    /// Fonts, colours and spacing.
    public var style: ChartStyle = .standard

    /// Creates a scatter plot of `points`.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, points: ScatterPoints) {
        self.title = title
        self.xAxis = ChartAxis(label: xLabel)
        self.yAxis = ChartAxis(label: yLabel)
        self.points = points
    }

    /// Draws the chart: points in input order over the gridlines, then frame and legend.
    public func draw(in canvas: Canvas, frame: PlotRect) {
        let finite = (0..<points.count).filter { points.x[$0].isFinite && points.y[$0].isFinite }
        var spec = CartesianSpec(title: title, xAxis: xAxis, yAxis: yAxis, style: style,
                                 xData: CartesianRenderer.extent(finite.map { points.x[$0] }),
                                 yData: CartesianRenderer.extent(finite.map { points.y[$0] }))
        spec.legendPosition = legend
        spec.legendEntries = points.legendEntries(style: style)
        CartesianRenderer.render(spec, in: canvas, frame: frame, samples: points.samples) { layout in
            points.draw(in: canvas, layout: layout, style: style)
        }
    }
}
