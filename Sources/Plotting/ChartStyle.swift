/// Fonts, colours and spacing shared by all charts.
///
/// The default resembles a clean matplotlib style: white background, light
/// gridlines under the data, a dark frame with outward ticks, bold title.
public struct ChartStyle: Sendable {
    /// Fill of the whole chart.
    public var background: Color = .white
    /// Fill of the plotting area inside the axes.
    public var plotBackground: Color = .white
    /// Titles, axis titles and legend text.
    public var textColor: Color = Color(hex: 0x1F1F1F)
    /// Tick labels.
    public var tickLabelColor: Color = Color(hex: 0x3A3A3A)
    /// Frame (spines) and ticks.
    public var axisColor: Color = Color(hex: 0x555555)
    /// Major gridlines.
    public var gridColor: Color = Color(hex: 0xE5E5E5)
    /// Chart title font.
    public var titleFont: BitmapFont = .sansBold(size: 16)
    /// Axis title font.
    public var labelFont: BitmapFont = .sans(size: 14)
    /// Tick label font.
    public var tickFont: BitmapFont = .sans(size: 12)
    /// Legend text font.
    public var legendFont: BitmapFont = .sans(size: 12)
    /// Legend section-header font.
    public var legendHeaderFont: BitmapFont = .sansBold(size: 12)
    /// Colours assigned to series / categories without an explicit colour.
    public var palette: [Color] = Palette.tableau10
    /// Empty border around the chart, in pixels.
    public var padding: Int = 12
    /// Length of the outward major ticks, in pixels.
    public var tickLength: Int = 5

    /// Creates the default style; adjust properties afterwards.
    public init() {}

    /// The default style.
    public static let standard = ChartStyle()

    /// Smaller fonts and spacing for small panels (about 400 px or less).
    public static let compact: ChartStyle = {
        var style = ChartStyle()
        style.titleFont = .sansBold(size: 14)
        style.labelFont = .sans(size: 12)
        style.tickFont = .sans(size: 10)
        style.legendFont = .sans(size: 10)
        style.legendHeaderFont = .sansBold(size: 12)
        style.padding = 8
        style.tickLength = 4
        return style
    }()

    /// The palette colour for index `i` (cycling with variations past the end).
    public func color(_ i: Int) -> Color { Palette.color(i, in: palette) }
}
