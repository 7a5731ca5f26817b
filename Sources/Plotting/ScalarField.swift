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
