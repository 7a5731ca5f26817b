/// Points coloured by one category and optionally shaped by a second, e.g. a
/// t-SNE or PCA embedding with colour = class and marker = domain.
///
/// ```swift
/// var plot = ScatterPlot(title: "PCA of features", xLabel: "PC 1", yLabel: "PC 2",
///                        x: pc1, y: pc2, colorCategory: labels, colorNames: ["0", "1"],
///                        markerCategory: domains, markerNames: ["source", "target"])
/// plot.points.colorTitle = "Class"
/// plot.points.markerTitle = "Domain"
/// try plot.write(to: "runs/pca.png")
/// ```
public struct ScatterPlot: Chart {
    /// Title above the plot.
    public var title: String?
    /// Horizontal axis (by default fitted to the data with a 5 % margin).
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

    /// Creates a scatter plot from coordinates and per-point categories.
    public init(title: String? = nil, xLabel: String? = nil, yLabel: String? = nil, x: [Double], y: [Double],
                colorCategory: [Int] = [], colorNames: [String] = [], markerCategory: [Int]? = nil,
                markerNames: [String] = []) {
        self.init(title: title, xLabel: xLabel, yLabel: yLabel,
                  points: ScatterPoints(x: x, y: y, colorCategory: colorCategory, colorNames: colorNames,
                                        markerCategory: markerCategory, markerNames: markerNames))
    }

    /// Draws the chart: points in input order over the gridlines, then frame and legend.
    public func draw(in canvas: inout Canvas, region: PixelRegion) {
        let n = points.count
        var spec = CartesianSpec(title: title, xAxis: xAxis, yAxis: yAxis, style: style,
                                 xData: CartesianRenderer.extent(points.x.prefix(n), scale: xAxis.scale),
                                 yData: CartesianRenderer.extent(points.y.prefix(n), scale: yAxis.scale))
        spec.legendPosition = legend
        spec.legendEntries = points.legendEntries(style: style)
        CartesianRenderer.render(spec, in: &canvas, region: region, samples: points.samples) { canvas, layout in
            points.draw(in: &canvas, layout: layout, style: style)
        }
    }
}
