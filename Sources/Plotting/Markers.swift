import Foundation

/// Filled marker shapes for scatter points and legend swatches, so categories stay apart
/// without colour.
public enum MarkerShape: String, Sendable, Hashable, CaseIterable {
    case circle, triangleUp, square, diamond, triangleDown

    /// The order in which charts give shapes to marker categories.
    public static let defaultSequence: [MarkerShape] = [.circle, .triangleUp, .square, .diamond, .triangleDown]
}

extension Canvas {
    /// Draws `shape` about `size` across, centred on `center`, outlined in `edge` when given.
    /// Shapes of one size have about the same visual weight.
    func marker(_ shape: MarkerShape, at center: PlotPoint, size: Double, color: Color, edge: Color? = nil,
                edgeWidth: Double = 1) {
        guard center.isFinite, size > 0 else { return }
        let r = size / 2
        func polar(_ radius: Double, _ degrees: Double) -> PlotPoint {
            let a = degrees * Double.pi / 180
            return PlotPoint(center.x + radius * cos(a), center.y + radius * sin(a))
        }
        switch shape {
        case .circle:
            circle(center: center, radius: r, fill: color, edge: edge, edgeWidth: edgeWidth)
        case .square:
            polygon([45.0, 135, 225, 315].map { polar(r * 0.886 * 2.0.squareRoot(), $0) }, fill: color, edge: edge,
                    edgeWidth: edgeWidth)
        case .diamond:
            polygon([polar(r * 1.2, -90), polar(r * 0.96, 0), polar(r * 1.2, 90), polar(r * 0.96, 180)],
                    fill: color, edge: edge, edgeWidth: edgeWidth)
        case .triangleUp, .triangleDown:
            // Circumradius 1.3 r around the centroid.
            let start: Double = shape == .triangleUp ? -90 : 90
            polygon([start, start + 120, start + 240].map { polar(r * 1.3, $0) }, fill: color, edge: edge,
                    edgeWidth: edgeWidth)
        }
    }
}
