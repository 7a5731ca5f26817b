/// Configuration of one chart axis: title, limits, scale, ticks and gridlines.
public struct ChartAxis: Sendable {
    /// Axis title ("Epoch", "Accuracy"); `nil` for none.
    public var label: String?
    /// Fixed limits; `nil` fits the data (with the chart's margin).
    public var range: ClosedRange<Double>?
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// Whether major gridlines are drawn.
    public var showGrid: Bool = true
    /// Explicit major tick positions; `nil` chooses nice ones automatically.
    public var ticks: [Double]?
    /// Labels for explicit ``ticks`` (same count); `nil` formats the values.
    public var tickLabels: [String]?
    /// Fraction of the data span added on each side when fitting data; `nil`
    /// uses the chart's default (no margin on a line chart's x axis, 5 % otherwise).
    public var margin: Double?

    /// Creates an axis configuration.
    public init(label: String? = nil, range: ClosedRange<Double>? = nil, scale: AxisScale = .linear) {
        self.label = label
        self.range = range
        self.scale = scale
    }

    /// The drawn limits in the axis' linear drawing space (log10 of values on
    /// log axes), from the fixed range or the data extent plus margin.
    func resolvedLimits(dataMin: Double?, dataMax: Double?, defaultMargin: Double) -> (lo: Double, hi: Double) {
        if let range {
            let lo = scale.forward(range.lowerBound), hi = scale.forward(range.upperBound)
            if lo.isFinite && hi.isFinite && hi > lo { return (lo, hi) }
        }
        guard var lo = dataMin.map(scale.forward), var hi = dataMax.map(scale.forward),
              lo.isFinite, hi.isFinite else {
            return (0, 1)
        }
        if hi - lo <= abs(hi) * 1e-12 {
            let pad = scale == .log10 ? 0.5 : (lo == 0 ? 0.5 : abs(lo) * 0.1)
            lo -= pad
            hi += pad
        }
        let m = (margin ?? defaultMargin) * (hi - lo)
        return (lo - m, hi + m)
    }
}
