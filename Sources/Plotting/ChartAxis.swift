/// One chart axis: title, limits and gridlines.
public struct ChartAxis: Sendable {
    /// Axis title ("step", "accuracy"); `nil` for none.
    public var label: String?
    /// Fixed limits; `nil` fits the data (plus the chart's margin).
    public var range: ClosedRange<Double>?
    /// Whether gridlines are drawn at the ticks.
    public var showGrid: Bool = true

    /// Creates an axis.
    public init(label: String? = nil, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.range = range
    }

    /// The drawn limits: the fixed range, else the finite data extent widened by `margin` (a
    /// fraction of the span on each side), else 0…1. A single value gets a span around it.
    func limits(dataMin: Double?, dataMax: Double?, margin: Double) -> (lo: Double, hi: Double) {
        if let range, range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound > range.lowerBound {
            return (range.lowerBound, range.upperBound)
        }
        guard var lo = dataMin, var hi = dataMax, lo.isFinite, hi.isFinite, (hi - lo).isFinite else { return (0, 1) }
        if hi - lo <= abs(hi) * 1e-12 {
            let pad = lo == 0 ? 0.5 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let m = margin * (hi - lo)
        return (hi + m - (lo - m)).isFinite ? (lo - m, hi + m) : (lo, hi)
    }
}
