/// A continuous colour scale: 0…1 mapped to colours by piecewise-linear interpolation between
/// evenly spaced stops.
public struct Colormap: Sendable, Hashable {
    /// The colours at 0, 1/(n−1), …, 1.
    public var stops: [Color]

    /// Creates a colormap from at least one stop.
    public init(stops: [Color]) {
        precondition(!stops.isEmpty, "a colormap needs at least one stop")
        self.stops = stops
    }

    /// The colour at `t` (clamped to 0…1; NaN gives `nil`).
    public func color(at t: Double) -> Color? {
        guard !t.isNaN else { return nil }
        guard stops.count > 1 else { return stops[0] }
        let x = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], amount: x - Double(i))
    }

    /// A scale for a probability of class 1: a tint of `negative` at 0 fading to `background` at 0.5
    /// and to a tint of `positive` at 1. The tint grows with the square root of the confidence
    /// |2p − 1| (sampled at 17 stops), so that uncertain regions near the boundary stay visible;
    /// `strength` (0…1) is the tint at full confidence.
    public static func twoClass(negative: Color, positive: Color, background: Color = .white,
                                strength: Double = 0.45) -> Colormap {
        Colormap(stops: (0...16).map { k in
            let p = Double(k) / 16, confidence = abs(2 * p - 1)
            return background.mixed(with: p < 0.5 ? negative : positive, amount: strength * confidence.squareRoot())
        })
    }
}
