/// A point in canvas coordinates (pixels, origin at the top-left corner, y down).
///
/// Coordinates are continuous: pixel `(i, j)` covers the unit square
/// `[i, i+1) × [j, j+1)`, so its centre is `(i + 0.5, j + 0.5)`.
public struct PlotPoint: Sendable, Hashable {
    /// Horizontal position in pixels.
    public var x: Double
    /// Vertical position in pixels (downwards).
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Creates a point from unlabeled coordinates.
    public init(_ x: Double, _ y: Double) {
        self.init(x: x, y: y)
    }

    /// The centre of pixel `(x, y)`.
    public static func pixelCenter(_ x: Int, _ y: Int) -> PlotPoint {
        PlotPoint(x: Double(x) + 0.5, y: Double(y) + 0.5)
    }

    /// Whether both coordinates are finite.
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// An axis-aligned rectangle in canvas coordinates.
public struct PlotRect: Sendable, Hashable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width (≥ 0).
    public var width: Double
    /// Height (≥ 0).
    public var height: Double

    /// Creates a rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Creates a rectangle from its edges.
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.init(x: minX, y: minY, width: max(0, maxX - minX), height: max(0, maxY - minY))
    }

    /// Left edge.
    public var minX: Double { x }
    /// Right edge.
    public var maxX: Double { x + width }
    /// Top edge.
    public var minY: Double { y }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// Horizontal centre.
    public var midX: Double { x + width / 2 }
    /// Vertical centre.
    public var midY: Double { y + height / 2 }

    /// The rectangle shrunk by `dx` on the left and right and `dy` on top and bottom.
    public func insetBy(dx: Double, dy: Double) -> PlotRect {
        PlotRect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }

    /// Whether `point` lies inside (edges inclusive).
    public func contains(_ point: PlotPoint) -> Bool {
        point.x >= minX && point.x <= maxX && point.y >= minY && point.y <= maxY
    }

    /// Whether the two rectangles overlap with positive area.
    public func intersects(_ other: PlotRect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// The overlapping part of two rectangles (empty rectangles when disjoint).
    public func intersection(_ other: PlotRect) -> PlotRect {
        PlotRect(minX: max(minX, other.minX), minY: max(minY, other.minY),
                 maxX: min(maxX, other.maxX), maxY: min(maxY, other.maxY))
    }
}

/// A rectangle of whole pixels: columns `x ..< x + width`, rows `y ..< y + height`.
public struct PixelRegion: Sendable, Hashable {
    /// First column.
    public var x: Int
    /// First row.
    public var y: Int
    /// Number of columns (≥ 0).
    public var width: Int
    /// Number of rows (≥ 0).
    public var height: Int

    /// Creates a region.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// One past the last column.
    public var maxX: Int { x + width }
    /// One past the last row.
    public var maxY: Int { y + height }
    /// Whether the region holds no pixels.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The pixels in both regions.
    public func intersection(_ other: PixelRegion) -> PixelRegion {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        return PixelRegion(x: x0, y: y0, width: min(maxX, other.maxX) - x0, height: min(maxY, other.maxY) - y0)
    }

    /// The same area as a continuous rectangle.
    public var rect: PlotRect {
        PlotRect(x: Double(x), y: Double(y), width: Double(width), height: Double(height))
    }
}
