/// A straight line `a·x + b·y + c = 0` in data coordinates, drawn clipped to
/// the plot area: a linear decision boundary or one hidden neuron's
/// `w₁x + w₂y + b = 0`.
public struct ImplicitLine: Sendable {
    /// Coefficient of x.
    public var a: Double
    /// Coefficient of y.
    public var b: Double
    /// Constant term.
    public var c: Double
    /// Line colour; `nil` uses a neutral dark gray.
    public var color: Color?
    /// Line width in pixels.
    public var width: Double = 1.5
    /// Dash pattern; `nil` for solid.
    public var dash: [Double]?
    /// Legend label; unlabelled lines get no legend row.
    public var label: String?

    /// Creates the line `a·x + b·y + c = 0`.
    public init(a: Double, b: Double, c: Double, color: Color? = nil, width: Double = 1.5, dash: [Double]? = nil,
                label: String? = nil) {
        self.a = a
        self.b = b
        self.c = c
        self.color = color
        self.width = width
        self.dash = dash
        self.label = label
    }

    /// The part of the line inside `x0…x1 × y0…y1` (Liang–Barsky), or nil.
    public func clipped(x0: Double, x1: Double, y0: Double, y1: Double) -> (PlotPoint, PlotPoint)? {
        let norm = a * a + b * b
        guard norm > 0, norm.isFinite, c.isFinite else { return nil }
        // Closest point to the origin, then direction along the line.
        let p = PlotPoint(-a * c / norm, -b * c / norm)
        let d = PlotPoint(-b, a)
        var t0 = -Double.infinity, t1 = Double.infinity
        for (pk, dk, lo, hi) in [(p.x, d.x, min(x0, x1), max(x0, x1)), (p.y, d.y, min(y0, y1), max(y0, y1))] {
            if dk == 0 {
                if pk < lo || pk > hi { return nil }
            } else {
                let ta = (lo - pk) / dk, tb = (hi - pk) / dk
                t0 = max(t0, min(ta, tb))
                t1 = min(t1, max(ta, tb))
            }
        }
        guard t0 <= t1, t0.isFinite, t1.isFinite else { return nil }
        return (PlotPoint(p.x + d.x * t0, p.y + d.y * t0), PlotPoint(p.x + d.x * t1, p.y + d.y * t1))
    }

    /// Draws the visible part of the line.
    func draw(in canvas: Canvas, layout: AxesLayout) {
        let (x, y) = (layout.xLimits, layout.yLimits)
        guard let (s, e) = clipped(x0: x.lo, x1: x.hi, y0: y.lo, y1: y.hi) else { return }
        canvas.polyline([layout.point(s.x, s.y), layout.point(e.x, e.y)], color: color ?? ImplicitLine.defaultColor,
                        width: width, dash: dash, roundCaps: false)
    }

    static let defaultColor = Color(hex: 0x333333)
}
