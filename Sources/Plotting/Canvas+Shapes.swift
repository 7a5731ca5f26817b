import Foundation

/// Anti-aliased vector shapes: lines, polylines, rectangles, circles, polygons.
///
/// Every shape is rasterised into a coverage mask first and blended once, so
/// overlapping parts of one shape (polyline joins, say) never darken each other,
/// and semi-transparent colours stay uniform.
extension Canvas {
    /// Draws a straight line of `width` pixels from `start` to `end`.
    ///
    /// Pixel `(i, j)` has its centre at `(i + 0.5, j + 0.5)`; use
    /// ``PlotPoint/pixelCenter(_:_:)`` to draw exactly through pixels. `dash`
    /// alternates on/off lengths in pixels; `nil` draws solid.
    public mutating func drawLine(from start: PlotPoint, to end: PlotPoint, color: Color,
                                  width: Double = 1, dash: [Double]? = nil, cap: LineCap = .round) {
        drawPolyline([start, end], color: color, width: width, dash: dash, cap: cap)
    }

    /// Draws connected line segments through `points`.
    ///
    /// A non-finite point (NaN or infinite coordinate) breaks the line into
    /// separate pieces; a piece with a single point is drawn as a dot. `dash`
    /// alternates on/off lengths in pixels (e.g. `[6, 4]`); `nil` draws solid.
    public mutating func drawPolyline(_ points: [PlotPoint], color: Color, width: Double = 1,
                                      dash: [Double]? = nil, cap: LineCap = .round) {
        guard width > 0, color.alpha > 0 else { return }
        let finite = points.filter(\.isFinite)
        guard !finite.isEmpty else { return }
        var mask = CoverageMask(covering: Canvas.bounds(of: finite, padding: width / 2 + 1), clip: clip)
        guard !mask.isEmpty else { return }
        var runs: [[PlotPoint]] = [[]]
        for p in points {
            if p.isFinite { runs[runs.count - 1].append(p) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        for run in runs where !run.isEmpty {
            if run.count == 1 {
                mask.addCircle(center: run[0], radius: max(width / 2, 0.75), ringWidth: nil)
                continue
            }
            let pieces: [[PlotPoint]]
            if let dash, dash.count >= 2, dash.allSatisfy({ $0 >= 0 }), dash.contains(where: { $0 > 0 }) {
                pieces = Canvas.dashPieces(run, pattern: dash, width: width, cap: cap)
            } else {
                pieces = [run]
            }
            for piece in pieces {
                if piece.count == 1 {
                    mask.addSegment(piece[0], piece[0], width: width, cap: cap)
                }
                for i in 0..<(piece.count - 1) {
                    mask.addSegment(piece[i], piece[i + 1], width: width, cap: piece.count > 2 ? .round : cap)
                }
            }
        }
        blend(mask, color: color)
    }

    /// Fills a polygon (any shape, self-intersections filled by the non-zero rule).
    public mutating func fillPolygon(_ points: [PlotPoint], color: Color) {
        fillPath([points], color: color)
    }

    /// Fills several closed contours together under the non-zero winding rule;
    /// a contour wound opposite to its enclosing one cuts a hole.
    public mutating func fillPath(_ contours: [[PlotPoint]], color: Color) {
        guard color.alpha > 0 else { return }
        let all = contours.flatMap { $0 }.filter(\.isFinite)
        guard all.count >= 3 else { return }
        var mask = CoverageMask(covering: Canvas.bounds(of: all, padding: 1), clip: clip)
        mask.addPolygon(contours)
        blend(mask, color: color)
    }

    /// Strokes the closed outline of a polygon.
    public mutating func strokePolygon(_ points: [PlotPoint], color: Color, width: Double = 1) {
        guard let first = points.first else { return }
        drawPolyline(points + [first], color: color, width: width, cap: .round)
    }

    /// Fills `rect` with exact area coverage at fractional edges.
    public mutating func fillRect(_ rect: PlotRect, color: Color) {
        guard color.alpha > 0, rect.width > 0, rect.height > 0 else { return }
        var mask = CoverageMask(covering: rect, clip: clip)
        guard !mask.isEmpty else { return }
        let region = mask.region
        for row in 0..<region.height {
            let py = Double(region.y + row)
            let cy = CoverageMask.overlap(py, py + 1, rect.minY, rect.maxY)
            guard cy > 0 else { continue }
            for col in 0..<region.width {
                let px = Double(region.x + col)
                mask.values[row * region.width + col] = Float(cy * CoverageMask.overlap(px, px + 1, rect.minX, rect.maxX))
            }
        }
        blend(mask, color: color)
    }

    /// Strokes the outline of `rect` with a line of `width` centred on its edges.
    public mutating func strokeRect(_ rect: PlotRect, color: Color, width: Double = 1) {
        let h = width / 2
        let outer = PlotRect(x: rect.x - h, y: rect.y - h, width: rect.width + width, height: rect.height + width)
        let inner = rect.insetBy(dx: min(h, rect.width / 2), dy: min(h, rect.height / 2))
        fillPath([Canvas.corners(outer), Canvas.corners(inner).reversed()], color: color)
    }

    /// Fills `rect` with corners rounded to `radius`.
    public mutating func fillRoundedRect(_ rect: PlotRect, radius: Double, color: Color) {
        fillPolygon(Canvas.roundedRectPath(rect, radius: radius), color: color)
    }

    /// Strokes the outline of a rounded rectangle (line centred on the edge).
    public mutating func strokeRoundedRect(_ rect: PlotRect, radius: Double, color: Color, width: Double = 1) {
        let h = width / 2
        let outer = PlotRect(x: rect.x - h, y: rect.y - h, width: rect.width + width, height: rect.height + width)
        let inner = rect.insetBy(dx: min(h, rect.width / 2), dy: min(h, rect.height / 2))
        fillPath([Canvas.roundedRectPath(outer, radius: radius + h),
                  Canvas.roundedRectPath(inner, radius: max(radius - h, 0)).reversed()], color: color)
    }

    /// Fills the disc of `radius` around `center`.
    public mutating func fillCircle(center: PlotPoint, radius: Double, color: Color) {
        guard color.alpha > 0 else { return }
        var mask = CoverageMask(covering: PlotRect(x: center.x - radius - 1, y: center.y - radius - 1,
                                                   width: 2 * radius + 2, height: 2 * radius + 2), clip: clip)
        mask.addCircle(center: center, radius: radius, ringWidth: nil)
        blend(mask, color: color)
    }

    /// Strokes the circle of `radius` around `center` with a line of `width`.
    public mutating func strokeCircle(center: PlotPoint, radius: Double, color: Color, width: Double = 1) {
        guard color.alpha > 0 else { return }
        let r = radius + width / 2 + 1
        var mask = CoverageMask(covering: PlotRect(x: center.x - r, y: center.y - r, width: 2 * r, height: 2 * r),
                                clip: clip)
        mask.addCircle(center: center, radius: radius, ringWidth: width)
        blend(mask, color: color)
    }

    // MARK: - Helpers

    static func bounds(of points: [PlotPoint], padding: Double) -> PlotRect {
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for p in points where p.isFinite {
            minX = min(minX, p.x)
            minY = min(minY, p.y)
            maxX = max(maxX, p.x)
            maxY = max(maxY, p.y)
        }
        guard minX <= maxX else { return PlotRect(x: 0, y: 0, width: 0, height: 0) }
        return PlotRect(minX: minX - padding, minY: minY - padding, maxX: maxX + padding, maxY: maxY + padding)
    }

    static func corners(_ r: PlotRect) -> [PlotPoint] {
        [PlotPoint(r.minX, r.minY), PlotPoint(r.maxX, r.minY), PlotPoint(r.maxX, r.maxY), PlotPoint(r.minX, r.maxY)]
    }

    /// Clockwise (on screen) outline of a rounded rectangle.
    static func roundedRectPath(_ r: PlotRect, radius: Double) -> [PlotPoint] {
        let rad = max(0, min(radius, r.width / 2, r.height / 2))
        guard rad > 0.01 else { return corners(r) }
        let steps = max(3, Int(rad.rounded(.up)))
        var path: [PlotPoint] = []
        let centers = [(r.maxX - rad, r.minY + rad, -Double.pi / 2), (r.maxX - rad, r.maxY - rad, 0.0),
                       (r.minX + rad, r.maxY - rad, Double.pi / 2), (r.minX + rad, r.minY + rad, Double.pi)]
        for (cx, cy, start) in centers {
            for k in 0...steps {
                let angle = start + Double(k) / Double(steps) * Double.pi / 2
                path.append(PlotPoint(cx + rad * cos(angle), cy + rad * sin(angle)))
            }
        }
        return path
    }

    /// Splits a polyline into the "on" pieces of a dash pattern. Round and square
    /// caps grow each dash by the line width, so dashes are shortened (and gaps
    /// lengthened) to keep the visible pattern.
    static func dashPieces(_ points: [PlotPoint], pattern: [Double], width: Double, cap: LineCap) -> [[PlotPoint]] {
        let grow = cap == .butt ? 0 : width
        let lengths = pattern.enumerated().map { i, v in i % 2 == 0 ? max(v - grow, 0) : v + grow }
        var pieces: [[PlotPoint]] = []
        var index = 0
        var remaining = lengths[0]
        var on = true
        var piece: [PlotPoint] = [points[0]]
        var guardCount = 0
        for i in 0..<(points.count - 1) {
            let a = points[i], b = points[i + 1]
            let length = hypot(b.x - a.x, b.y - a.y)
            guard length > 0 else { continue }
            var position = 0.0
            while length - position > remaining {
                guardCount += 1
                if guardCount > 1_000_000 { return pieces }
                position += remaining
                let t = position / length
                let p = PlotPoint(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
                if on {
                    piece.append(p)
                    pieces.append(piece)
                    piece = []
                } else {
                    piece = [p]
                }
                on.toggle()
                index = (index + 1) % lengths.count
                remaining = lengths[index]
            }
            remaining -= length - position
            if on { piece.append(b) }
        }
        if on && !piece.isEmpty { pieces.append(piece) }
        return pieces
    }
}

extension Canvas {
    /// Draws many independent line segments as one shape (joins between touching
    /// segments stay smooth and never double-blend), e.g. contour lines.
    public mutating func drawSegments(_ segments: [(PlotPoint, PlotPoint)], color: Color, width: Double = 1) {
        guard width > 0, color.alpha > 0, !segments.isEmpty else { return }
        let ends = segments.flatMap { [$0.0, $0.1] }
        var mask = CoverageMask(covering: Canvas.bounds(of: ends, padding: width / 2 + 1), clip: clip)
        guard !mask.isEmpty else { return }
        for (a, b) in segments { mask.addSegment(a, b, width: width, cap: .round) }
        blend(mask, color: color)
    }
}
