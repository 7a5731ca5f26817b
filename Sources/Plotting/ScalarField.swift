/// Values of a function sampled on a regular grid over a data rectangle, e.g. a
/// classifier's probability of class 1 over the input plane.
///
/// Grid nodes include the rectangle's edges: column `i` lies at
/// `x = xRange.lowerBound + i · (xRange.upperBound − xRange.lowerBound) / (columns − 1)`
/// and row `j` (counted from the bottom) likewise in y.
public struct ScalarField: Sendable {
    /// Horizontal extent in data units.
    public var xRange: ClosedRange<Double>
    /// Vertical extent in data units.
    public var yRange: ClosedRange<Double>
    /// Grid nodes per row (≥ 2).
    public let columns: Int
    /// Grid nodes per column (≥ 2).
    public let rows: Int
    /// Row-major values, `rows × columns`, row 0 at `yRange.lowerBound`.
    public var values: [Double]

    /// Wraps precomputed grid values (see ``gridPoints(xRange:yRange:columns:rows:)``
    /// for the matching coordinates, handy for batched model evaluation).
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int, values: [Double]) {
        precondition(columns >= 2 && rows >= 2, "a field needs at least 2×2 grid nodes")
        precondition(values.count == columns * rows, "expected \(columns * rows) values, got \(values.count)")
        self.xRange = xRange
        self.yRange = yRange
        self.columns = columns
        self.rows = rows
        self.values = values
    }

    /// Samples `function(x, y)` on a `resolution × resolution` grid.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, resolution: Int = 150,
                function: (Double, Double) -> Double) {
        let n = max(resolution, 2)
        let grid = ScalarField.gridPoints(xRange: xRange, yRange: yRange, columns: n, rows: n)
        self.init(xRange: xRange, yRange: yRange, columns: n, rows: n,
                  values: zip(grid.x, grid.y).map { function($0, $1) })
    }

    /// The grid's node coordinates in the order of ``values`` (row-major from the bottom row).
    public static func gridPoints(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                                  columns: Int, rows: Int) -> (x: [Double], y: [Double]) {
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity(columns * rows)
        ys.reserveCapacity(columns * rows)
        for j in 0..<rows {
            let y = yRange.lowerBound + Double(j) / Double(max(rows - 1, 1)) * (yRange.upperBound - yRange.lowerBound)
            for i in 0..<columns {
                xs.append(xRange.lowerBound + Double(i) / Double(max(columns - 1, 1))
                    * (xRange.upperBound - xRange.lowerBound))
                ys.append(y)
            }
        }
        return (xs, ys)
    }

    /// Bilinearly interpolated value at `(x, y)`; NaN outside the rectangle.
    public func value(x: Double, y: Double) -> Double {
        let fx = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(columns - 1)
        let fy = (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * Double(rows - 1)
        guard fx >= 0, fy >= 0, fx <= Double(columns - 1), fy <= Double(rows - 1) else { return .nan }
        let i = min(Int(fx), columns - 2), j = min(Int(fy), rows - 2)
        let tx = fx - Double(i), ty = fy - Double(j)
        let v00 = values[j * columns + i], v10 = values[j * columns + i + 1]
        let v01 = values[(j + 1) * columns + i], v11 = values[(j + 1) * columns + i + 1]
        return (v00 * (1 - tx) + v10 * tx) * (1 - ty) + (v01 * (1 - tx) + v11 * tx) * ty
    }

    /// Smallest and largest finite value.
    public var valueRange: ClosedRange<Double>? {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return lo <= hi ? lo...hi : nil
    }

    /// The iso-line `value == level` as segments in data coordinates (marching
    /// squares; saddle cells resolved by the cell's mean).
    public func contour(level: Double) -> [(PlotPoint, PlotPoint)] {
        var segments: [(PlotPoint, PlotPoint)] = []
        let dx = (xRange.upperBound - xRange.lowerBound) / Double(columns - 1)
        let dy = (yRange.upperBound - yRange.lowerBound) / Double(rows - 1)
        for j in 0..<(rows - 1) {
            for i in 0..<(columns - 1) {
                let v = [values[j * columns + i], values[j * columns + i + 1],
                         values[(j + 1) * columns + i + 1], values[(j + 1) * columns + i]]
                guard v.allSatisfy(\.isFinite) else { continue }
                let x0 = xRange.lowerBound + Double(i) * dx, y0 = yRange.lowerBound + Double(j) * dy
                let corners = [PlotPoint(x0, y0), PlotPoint(x0 + dx, y0), PlotPoint(x0 + dx, y0 + dy), PlotPoint(x0, y0 + dy)]
                var index = 0
                for k in 0..<4 where v[k] >= level { index |= 1 << k }
                if index == 0 || index == 15 { continue }
                // Crossing on edge k (between corner k and k+1).
                func cross(_ k: Int) -> PlotPoint {
                    let a = corners[k], b = corners[(k + 1) % 4]
                    let va = v[k], vb = v[(k + 1) % 4]
                    let t = va == vb ? 0.5 : (level - va) / (vb - va)
                    return PlotPoint(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
                }
                let crossed = (0..<4).filter { k in (v[k] >= level) != (v[(k + 1) % 4] >= level) }
                if crossed.count == 2 {
                    segments.append((cross(crossed[0]), cross(crossed[1])))
                } else if crossed.count == 4 {
                    // Saddle: when the centre agrees with corner 0, corners 0 and 2 are
                    // joined through the middle, so cut off corners 1 and 3; else 0 and 2.
                    let centerHigh = (v[0] + v[1] + v[2] + v[3]) / 4 >= level
                    if centerHigh == (v[0] >= level) {
                        segments.append((cross(0), cross(1)))
                        segments.append((cross(2), cross(3)))
                    } else {
                        segments.append((cross(3), cross(0)))
                        segments.append((cross(1), cross(2)))
                    }
                }
            }
        }
        return segments
    }
}

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

    func draw(in canvas: inout Canvas, layout: AxesLayout) {
        let v = layout.visibleData
        guard let (s, e) = clipped(x0: v.x0, x1: v.x1, y0: v.y0, y1: v.y1) else { return }
        let points = (0...64).map { k -> PlotPoint in
            let t = Double(k) / 64
            return layout.point(s.x + (e.x - s.x) * t, s.y + (e.y - s.y) * t)
        }
        canvas.drawPolyline(points, color: color ?? ImplicitLine.defaultColor, width: width, dash: dash, cap: .butt)
    }

    static let defaultColor = Color(hex: 0x333333)
}
