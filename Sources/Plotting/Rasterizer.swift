/// How the ends of an open line are drawn.
public enum LineCap: Sendable, Hashable {
    /// The line stops exactly at its end points.
    case butt
    /// A half-disc of the line's width rounds each end (also rounds joins).
    case round
    /// The line extends half its width past each end point.
    case square
}

/// Per-pixel coverage (0…1) of a shape over a pixel region: the anti-aliasing
/// buffer shapes are rasterised into before being blended onto a ``Canvas``.
struct CoverageMask {
    /// The canvas pixels the mask spans.
    let region: PixelRegion
    /// Row-major coverage values.
    var values: [Float]

    init(region: PixelRegion) {
        self.region = region
        values = [Float](repeating: 0, count: region.width * region.height)
    }

    /// A mask over the pixels touched by `bounds` (continuous), limited to `clip`.
    init(covering bounds: PlotRect, clip: PixelRegion) {
        guard bounds.x.isFinite, bounds.y.isFinite, bounds.width.isFinite, bounds.height.isFinite else {
            self.init(region: PixelRegion(x: 0, y: 0, width: 0, height: 0))
            return
        }
        let x0 = Int(max(bounds.minX, Double(clip.x) - 1).rounded(.down))
        let y0 = Int(max(bounds.minY, Double(clip.y) - 1).rounded(.down))
        let x1 = Int(min(bounds.maxX, Double(clip.maxX) + 1).rounded(.up))
        let y1 = Int(min(bounds.maxY, Double(clip.maxY) + 1).rounded(.up))
        self.init(region: PixelRegion(x: x0, y: y0, width: x1 - x0, height: y1 - y0).intersection(clip))
    }

    var isEmpty: Bool { region.isEmpty }

    /// Length of the overlap of `[a0, a1]` and `[b0, b1]`, clamped to 0…1 — the
    /// one-dimensional box filter used for anti-aliasing.
    @inline(__always)
    static func overlap(_ a0: Double, _ a1: Double, _ b0: Double, _ b1: Double) -> Double {
        max(0, min(1, min(a1, b1) - max(a0, b0)))
    }

    /// Adds (by maximum) a straight stroke from `p0` to `p1` of width `width`.
    mutating func addSegment(_ p0: PlotPoint, _ p1: PlotPoint, width: Double, cap: LineCap) {
        guard !isEmpty, p0.isFinite, p1.isFinite, width > 0 else { return }
        let half = width / 2
        let pad = half + 1
        let x0 = max(region.x, Int((min(p0.x, p1.x) - pad).rounded(.down)))
        let x1 = min(region.maxX, Int((max(p0.x, p1.x) + pad).rounded(.up)))
        let y0 = max(region.y, Int((min(p0.y, p1.y) - pad).rounded(.down)))
        let y1 = min(region.maxY, Int((max(p0.y, p1.y) + pad).rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }
        let dx = p1.x - p0.x, dy = p1.y - p0.y
        let length = (dx * dx + dy * dy).squareRoot()
        let ux = length > 0 ? dx / length : 1, uy = length > 0 ? dy / length : 0
        let start: Double = cap == .square ? -half : 0
        let end: Double = cap == .square ? length + half : length
        let w = region.width
        values.withUnsafeMutableBufferPointer { v in
            for py in y0..<y1 {
                let qy = Double(py) + 0.5 - p0.y
                var m = (py - region.y) * w + (x0 - region.x)
                for px in x0..<x1 {
                    let qx = Double(px) + 0.5 - p0.x
                    let t = qx * ux + qy * uy
                    let c: Double
                    if cap == .round {
                        let tc = min(max(t, 0), length)
                        let ex = qx - tc * ux, ey = qy - tc * uy
                        let d = (ex * ex + ey * ey).squareRoot()
                        c = CoverageMask.overlap(d - 0.5, d + 0.5, -half, half)
                    } else {
                        let s = abs(qx * uy - qy * ux)
                        c = CoverageMask.overlap(s - 0.5, s + 0.5, -half, half)
                            * CoverageMask.overlap(t - 0.5, t + 0.5, start, end)
                    }
                    if Float(c) > v[m] { v[m] = Float(c) }
                    m += 1
                }
            }
        }
    }

    /// Adds (by maximum) a ring of width `width` centred on the circle of `radius`;
    /// with `width == nil`, the filled disc.
    mutating func addCircle(center: PlotPoint, radius: Double, ringWidth width: Double?) {
        guard !isEmpty, center.isFinite, radius.isFinite, radius >= 0 else { return }
        let outer = radius + (width ?? 0) / 2
        let inner = width.map { radius - $0 / 2 } ?? -outer
        let x0 = max(region.x, Int((center.x - outer - 1).rounded(.down)))
        let x1 = min(region.maxX, Int((center.x + outer + 1).rounded(.up)))
        let y0 = max(region.y, Int((center.y - outer - 1).rounded(.down)))
        let y1 = min(region.maxY, Int((center.y + outer + 1).rounded(.up)))
        guard x0 < x1, y0 < y1 else { return }
        // Tiny discs: scale by area so sub-pixel dots fade instead of vanishing.
        let areaScale = outer < 0.5 && width == nil ? (Double.pi * outer * outer) : 1
        let w = region.width
        values.withUnsafeMutableBufferPointer { v in
            for py in y0..<y1 {
                let qy = Double(py) + 0.5 - center.y
                var m = (py - region.y) * w + (x0 - region.x)
                for px in x0..<x1 {
                    let qx = Double(px) + 0.5 - center.x
                    let d = (qx * qx + qy * qy).squareRoot()
                    var c = CoverageMask.overlap(d - 0.5, d + 0.5, inner, outer)
                    if areaScale < 1 { c = d < 0.75 ? areaScale : 0 }
                    if Float(c) > v[m] { v[m] = Float(c) }
                    m += 1
                }
            }
        }
    }

    /// Adds (by maximum) the area enclosed by `contours` under the non-zero
    /// winding rule, sampled with 5 sub-scanlines per pixel and exact horizontal
    /// coverage.
    mutating func addPolygon(_ contours: [[PlotPoint]]) {
        guard !isEmpty else { return }
        var edges: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
        var minY = Double.infinity, maxY = -Double.infinity
        for contour in contours where contour.count >= 3 {
            for i in contour.indices {
                let a = contour[i], b = contour[(i + 1) % contour.count]
                guard a.isFinite, b.isFinite else { continue }
                if a.y != b.y { edges.append((a.x, a.y, b.x, b.y)) }
                minY = min(minY, a.y)
                maxY = max(maxY, a.y)
            }
        }
        guard !edges.isEmpty else { return }
        let rowStart = max(region.y, Int(minY.rounded(.down)))
        let rowEnd = min(region.maxY, Int(maxY.rounded(.up)))
        guard rowStart < rowEnd else { return }
        let samples = 5
        let weight = 1.0 / Double(samples)
        let w = region.width
        let left = Double(region.x)
        var accumulator = [Double](repeating: 0, count: w)
        var crossings: [(x: Double, winding: Int)] = []
        for py in rowStart..<rowEnd {
            for k in 0..<w { accumulator[k] = 0 }
            var touched = false
            for s in 0..<samples {
                let sy = Double(py) + (Double(s) + 0.5) * weight
                crossings.removeAll(keepingCapacity: true)
                for e in edges {
                    let lo = min(e.y0, e.y1), hi = max(e.y0, e.y1)
                    guard sy >= lo && sy < hi else { continue }
                    let x = e.x0 + (sy - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0)
                    crossings.append((x, e.y1 > e.y0 ? 1 : -1))
                }
                guard crossings.count >= 2 else { continue }
                crossings.sort { $0.x < $1.x }
                var winding = 0
                for j in 0..<(crossings.count - 1) {
                    winding += crossings[j].winding
                    guard winding != 0 else { continue }
                    let a = max(crossings[j].x - left, 0), b = min(crossings[j + 1].x - left, Double(w))
                    guard b > a else { continue }
                    touched = true
                    let ia = Int(a), ib = Int(b)
                    if ia == ib {
                        accumulator[ia] += (b - a) * weight
                    } else {
                        accumulator[ia] += (Double(ia + 1) - a) * weight
                        if ia + 1 < ib { for k in (ia + 1)..<ib { accumulator[k] += weight } }
                        if ib < w { accumulator[ib] += (b - Double(ib)) * weight }
                    }
                }
            }
            guard touched else { continue }
            let base = (py - region.y) * w
            for k in 0..<w where accumulator[k] > 0 {
                let c = Float(min(accumulator[k], 1))
                if c > values[base + k] { values[base + k] = c }
            }
        }
    }
}
