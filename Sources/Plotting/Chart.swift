/// Anything that can draw itself into a rectangle of a ``Canvas``: every chart
/// type and ``Figure``.
public protocol Chart: Sendable {
    /// Draws the whole chart (background, axes, data, title, legend) filling
    /// `region` of `canvas`.
    func draw(in canvas: inout Canvas, region: PixelRegion)
}

extension Chart {
    /// Renders the chart alone onto a new `width × height` canvas.
    public func render(width: Int = 640, height: Int = 480) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        draw(in: &canvas, region: canvas.bounds)
        return canvas
    }

    /// The chart rendered at `width × height` as PNG bytes.
    public func pngData(width: Int = 640, height: Int = 480) -> [UInt8] {
        render(width: width, height: height).pngData()
    }

    /// Renders the chart at `width × height` and writes it as a PNG file
    /// atomically, creating missing directories.
    public func write(to path: String, width: Int = 640, height: Int = 480) throws {
        try render(width: width, height: height).write(to: path)
    }
}
