/// Fonts, colours and spacing shared by all charts: a clean matplotlib-like look with a white
/// background, light gridlines under the data, a gray frame with outward ticks and a bold title.
public struct ChartStyle: Sendable {
    /// Fill of the whole chart.
    public var background: Color = .white
    /// Titles, axis titles and legend text.
    public var textColor = Color(hex: 0x1F1F1F)
    /// Tick labels.
    public var tickLabelColor = Color(hex: 0x3A3A3A)
    /// Frame and ticks.
    public var axisColor = Color(hex: 0x555555)
    /// Major gridlines.
    public var gridColor = Color(hex: 0xE5E5E5)
    /// Chart title.
    public var titleFont: Font = .sansBold(16)
    /// Axis titles.
    public var labelFont: Font = .sans(14)
    /// Tick labels.
    public var tickFont: Font = .sans(12)
    /// Legend text.
    public var legendFont: Font = .sans(12)
    /// Legend section headers.
    public var legendHeaderFont: Font = .sansBold(12)
    /// Colours of series and categories without an explicit colour.
    public var palette: [Color] = Palette.tableau10
    /// Empty border around the chart.
    public var padding: Double = 12
    /// Length of the outward ticks.
    public var tickLength: Double = 5

    /// The default style; adjust properties afterwards.
    public init() {}

    /// The default style.
    public static let standard = ChartStyle()

    /// Palette colour number `i` (see ``Palette/color(_:in:)``).
    public func color(_ i: Int) -> Color { Palette.color(i, in: palette) }
}
