import Foundation

/// Marker shapes for scatter points and legend swatches, chosen so categories
/// stay distinguishable without colour.
public enum MarkerShape: String, Sendable, Hashable, CaseIterable {
    /// Filled disc.
    case circle
    /// Filled square.
    case square
    /// Filled upward triangle.
    case triangleUp
    /// Filled square rotated 45°.
    case diamond
    /// Filled downward triangle.
    case triangleDown
    /// Filled five-pointed star.
    case star
    /// Upright cross "+" (drawn as strokes).
    case plus
    /// Diagonal cross "×" (drawn as strokes).
    case cross
    /// Unfilled ring.
    case ring

    /// The order in which charts assign shapes to categories.
    public static let defaultSequence: [MarkerShape] = [
        .circle, .triangleUp, .square, .diamond, .cross, .triangleDown, .star, .plus, .ring,
    ]

    /// Whether the shape is drawn with strokes rather than filled.
    public var isStroked: Bool { self == .plus || self == .cross || self == .ring }
}

extension Canvas {
    /// Draws a marker centred on `center`, about `size` pixels across.
    ///
    /// Filled shapes are given an outline of `edgeWidth` in `edgeColor` when one
    /// is provided; stroked shapes (plus, cross, ring) get a halo of
    /// `edgeColor` instead, so they stay visible on busy backgrounds. Shapes of
    /// equal `size` have roughly equal visual weight.
    public mutating func drawMarker(_ shape: MarkerShape, at center: PlotPoint, size: Double, color: Color,
                                    edgeColor: Color? = nil, edgeWidth: Double = 1) {
        guard center.isFinite, size > 0 else { return }
        let r = size / 2
        let stroke = max(1.25, size / 5)
        switch shape {
        case .circle:
            fillCircle(center: center, radius: r, color: color)
            if let edgeColor { strokeCircle(center: center, radius: r, color: edgeColor, width: edgeWidth) }
        case .ring:
            if let edgeColor {
                strokeCircle(center: center, radius: r - stroke / 2, color: edgeColor, width: stroke + 2 * edgeWidth)
            }
            strokeCircle(center: center, radius: r - stroke / 2, color: color, width: stroke)
        case .plus, .cross:
            let arm = r * (shape == .cross ? 0.9 : 1.0)
            let angles = shape == .plus ? [0.0, Double.pi / 2] : [Double.pi / 4, 3 * Double.pi / 4]
            let segments = angles.map { a in
                (PlotPoint(center.x - arm * cos(a), center.y - arm * sin(a)),
                 PlotPoint(center.x + arm * cos(a), center.y + arm * sin(a)))
            }
            if let edgeColor {
                for (a, b) in segments {
                    drawLine(from: a, to: b, color: edgeColor, width: stroke + 2 * edgeWidth, cap: .square)
                }
            }
            var mask = CoverageMask(covering: PlotRect(x: center.x - r - 2, y: center.y - r - 2,
                                                       width: size + 4, height: size + 4), clip: clip)
            for (a, b) in segments { mask.addSegment(a, b, width: stroke, cap: .butt) }
            blend(mask, color: color)
        default:
            let outline = Canvas.markerOutline(shape, center: center, radius: r)
            fillPolygon(outline, color: color)
            if let edgeColor { strokePolygon(outline, color: edgeColor, width: edgeWidth) }
        }
    }

    /// The polygon of a filled marker of nominal radius `r`.
    static func markerOutline(_ shape: MarkerShape, center c: PlotPoint, radius r: Double) -> [PlotPoint] {
        func polar(_ radius: Double, _ degrees: Double) -> PlotPoint {
            let a = degrees * Double.pi / 180
            return PlotPoint(c.x + radius * cos(a), c.y + radius * sin(a))
        }
        switch shape {
        case .square:
            let h = r * 0.886
            return [PlotPoint(c.x - h, c.y - h), PlotPoint(c.x + h, c.y - h),
                    PlotPoint(c.x + h, c.y + h), PlotPoint(c.x - h, c.y + h)]
        case .diamond:
            let h = r * 1.2
            return [polar(h, -90), polar(h * 0.8, 0), polar(h, 90), polar(h * 0.8, 180)]
        case .triangleUp, .triangleDown:
            // Circumradius 1.3 r, centroid on the centre: equal-ish visual weight.
            let R = r * 1.3
            let offset: Double = shape == .triangleUp ? -90 : 90
            return [polar(R, offset), polar(R, offset + 120), polar(R, offset + 240)]
        case .star:
            let outer = r * 1.35, inner = outer * 0.45
            return (0..<10).map { k in polar(k % 2 == 0 ? outer : inner, -90 + Double(k) * 36) }
        default:
            return (0..<24).map { k in polar(r, Double(k) * 15) }
        }
    }
}
