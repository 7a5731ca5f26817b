/// A continuous colour scale mapping 0…1 to colours by piecewise-linear
/// interpolation between evenly spaced stops.
public struct Colormap: Sendable, Hashable {
    /// The colours at 0, 1/(n−1), …, 1.
    public var stops: [Color]

    /// Creates a colormap from at least one stop.
    public init(stops: [Color]) {
        precondition(!stops.isEmpty, "a colormap needs at least one stop")
        self.stops = stops
    }

    /// The colour at `t` (clamped to 0…1; NaN gives a transparent colour).
    public func color(at t: Double) -> Color {
        guard !t.isNaN else { return .clear }
        if stops.count == 1 { return stops[0] }
        let x = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], amount: x - Double(i))
    }

    /// The colour of `value` on the scale `range` (lower bound ↦ 0, upper ↦ 1).
    public func color(for value: Double, in range: ClosedRange<Double>) -> Color {
        let span = range.upperBound - range.lowerBound
        return color(at: span > 0 ? (value - range.lowerBound) / span : 0.5)
    }

    /// The same scale run backwards.
    public func reversed() -> Colormap { Colormap(stops: stops.reversed()) }

    /// Perceptually uniform viridis (dark purple → yellow).
    public static let viridis = Colormap(stops: [
        0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E,
        0x1F9E89, 0x35B779, 0x6ECE58, 0xB5DE2B, 0xFDE725,
    ].map { Color(hex: $0) })

    /// Sequential white → blue, good for confusion matrices.
    public static let blues = Colormap(stops: [
        0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
    ].map { Color(hex: $0) })

    /// Diverging blue → white → red.
    public static let blueWhiteRed = Colormap(stops: [
        0x2166AC, 0x67A9CF, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xEF8A62, 0xB2182B,
    ].map { Color(hex: $0) })

    /// Black → white.
    public static let grays = Colormap(stops: [.black, .white])

    /// A diverging scale for two-class probabilities: a light tint of `negative` at 0,
    /// white at 0.5 and a light tint of `positive` at 1. `strength` (0…1) sets how
    /// saturated the ends are.
    public static func twoClass(_ negative: Color, _ positive: Color, strength: Double = 0.5) -> Colormap {
        let lo = Color.white.mixed(with: negative, amount: strength)
        let hi = Color.white.mixed(with: positive, amount: strength)
        return Colormap(stops: [lo, .white, hi])
    }
}
