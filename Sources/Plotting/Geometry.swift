/// A point in drawing coordinates (pixels of a PNG, user units of an SVG; origin at the top-left
/// corner, y down), or in data coordinates where a chart says so.
public struct PlotPoint: Sendable, Hashable {
    /// Horizontal position.
    public var x: Double
    /// Vertical position.
    public var y: Double

    /// Creates a point.
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    /// Whether both coordinates are finite.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// An axis-aligned rectangle in drawing coordinates.
public struct PlotRect: Sendable, Hashable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width (≥ 0).
    public var width: Double
    /// Height (≥ 0).
    public var height: Double

    /// Creates a rectangle from its top-left corner and size (negative sizes become 0).
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// Horizontal centre.
    public var midX: Double { x + width / 2 }
    /// Vertical centre.
    public var midY: Double { y + height / 2 }

    /// Whether `point` lies inside (edges included).
    public func contains(_ point: PlotPoint) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }

    /// Whether `other` lies wholly inside.
    func contains(_ other: PlotRect) -> Bool {
        other.x >= x - 1e-9 && other.y >= y - 1e-9 && other.maxX <= maxX + 1e-9 && other.maxY <= maxY + 1e-9
    }

    /// The rectangle grown by `d` on every side (shrunk for negative `d`).
    func inset(by d: Double) -> PlotRect {
        PlotRect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d)
    }
}
