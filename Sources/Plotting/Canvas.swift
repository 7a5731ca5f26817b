/// An opaque 8-bit RGB raster that charts draw into.
///
/// Coordinates are in pixels from the top-left corner, y pointing down; pixel
/// `(i, j)` covers `[i, i+1) × [j, j+1)` (see ``PlotPoint``). All drawing respects
/// the current ``clip`` region and blends colours with their alpha.
///
/// Drawing methods live in extensions: shapes (`Canvas+Shapes.swift`), markers
/// (`Markers.swift`) and text (`Canvas+Text.swift`).
public struct Canvas: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major RGB bytes, top row first (`width * height * 3`).
    public internal(set) var pixels: [UInt8]
    /// The pixels drawing may change; the whole canvas unless narrowed with
    /// ``setClip(_:)`` or ``withClip(_:_:)``.
    public private(set) var clip: PixelRegion

    /// Creates a canvas filled with `background` (its alpha is ignored).
    public init(width: Int, height: Int, background: Color = .white) {
        precondition(width > 0 && height > 0, "canvas must be at least 1×1, got \(width)×\(height)")
        self.width = width
        self.height = height
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: bytes.count, by: 3) {
            bytes[i] = background.red
            bytes[i + 1] = background.green
            bytes[i + 2] = background.blue
        }
        pixels = bytes
        clip = PixelRegion(x: 0, y: 0, width: width, height: height)
    }

    /// Wraps existing pixels: `gray` (1), RGB (3) or RGBA (4, composited over
    /// `background`) bytes per pixel, row-major, top row first — e.g. to show
    /// input samples in a figure.
    ///
    /// - Precondition: `pixels.count == width * height * channels` with
    ///   `channels` in {1, 3, 4}.
    public init(width: Int, height: Int, pixels: [UInt8], channels: Int = 3, background: Color = .white) {
        precondition([1, 3, 4].contains(channels), "channels must be 1, 3 or 4")
        precondition(pixels.count == width * height * channels,
                     "expected \(width * height * channels) bytes, got \(pixels.count)")
        self.init(width: width, height: height, background: background)
        for i in 0..<(width * height) {
            switch channels {
            case 1:
                let v = pixels[i]
                self.pixels[3 * i] = v
                self.pixels[3 * i + 1] = v
                self.pixels[3 * i + 2] = v
            case 3:
                self.pixels[3 * i] = pixels[3 * i]
                self.pixels[3 * i + 1] = pixels[3 * i + 1]
                self.pixels[3 * i + 2] = pixels[3 * i + 2]
            default:
                let a = Double(pixels[4 * i + 3]) / 255
                for k in 0..<3 { self.pixels[3 * i + k] = Canvas.mix(self.pixels[3 * i + k], pixels[4 * i + k], a) }
            }
        }
    }

    /// A copy enlarged `factor` times with nearest-neighbour sampling (crisp
    /// pixels for small images such as 28×28 digits).
    public func scaled(by factor: Int) -> Canvas {
        let f = max(1, factor)
        guard f > 1 else { return self }
        var out = Canvas(width: width * f, height: height * f)
        for y in 0..<out.height {
            for x in 0..<out.width {
                let s = ((y / f) * width + x / f) * 3, d = (y * out.width + x) * 3
                out.pixels[d] = pixels[s]
                out.pixels[d + 1] = pixels[s + 1]
                out.pixels[d + 2] = pixels[s + 2]
            }
        }
        return out
    }

    /// The whole canvas as a region.
    public var bounds: PixelRegion { PixelRegion(x: 0, y: 0, width: width, height: height) }

    /// The colour of pixel `(x, y)` (opaque); writing replaces it, ignoring alpha
    /// and clipping. Out-of-range reads return transparent black.
    public subscript(x: Int, y: Int) -> Color {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .clear }
            let i = (y * width + x) * 3
            return Color(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let i = (y * width + x) * 3
            pixels[i] = newValue.red
            pixels[i + 1] = newValue.green
            pixels[i + 2] = newValue.blue
        }
    }

    // MARK: - Clipping

    /// Restricts drawing to `region` (intersected with the canvas).
    public mutating func setClip(_ region: PixelRegion) {
        clip = region.intersection(bounds)
    }

    /// Lets drawing reach the whole canvas again.
    public mutating func resetClip() {
        clip = bounds
    }

    /// Runs `body` with drawing restricted to `region` (intersected with the current
    /// clip), then restores the previous clip.
    public mutating func withClip(_ region: PixelRegion, _ body: (inout Canvas) -> Void) {
        let saved = clip
        clip = region.intersection(saved)
        body(&self)
        clip = saved
    }

    // MARK: - Pixels

    /// Sets pixel `(x, y)` to `color` (alpha ignored) if it is inside the clip.
    public mutating func setPixel(x: Int, y: Int, color: Color) {
        guard x >= clip.x, y >= clip.y, x < clip.maxX, y < clip.maxY else { return }
        self[x, y] = color
    }

    /// Blends `color` over pixel `(x, y)` with opacity `color.alpha × coverage`
    /// if the pixel is inside the clip.
    public mutating func blendPixel(x: Int, y: Int, color: Color, coverage: Double = 1) {
        guard x >= clip.x, y >= clip.y, x < clip.maxX, y < clip.maxY else { return }
        let a = color.opacity * min(max(coverage, 0), 1)
        guard a > 0 else { return }
        let i = (y * width + x) * 3
        pixels[i] = Canvas.mix(pixels[i], color.red, a)
        pixels[i + 1] = Canvas.mix(pixels[i + 1], color.green, a)
        pixels[i + 2] = Canvas.mix(pixels[i + 2], color.blue, a)
    }

    /// Paints the whole clip region with `color` (blended by its alpha).
    public mutating func fill(_ color: Color) {
        fillRect(x: clip.x, y: clip.y, width: clip.width, height: clip.height, color: color)
    }

    /// Paints whole pixels `x ..< x+width`, `y ..< y+height` (clipped, blended by alpha).
    public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
        let region = PixelRegion(x: x, y: y, width: w, height: h).intersection(clip)
        guard !region.isEmpty, color.alpha > 0 else { return }
        let a = color.opacity
        let canvasWidth = width
        pixels.withUnsafeMutableBufferPointer { px in
            for row in region.y..<region.maxY {
                var i = (row * canvasWidth + region.x) * 3
                for _ in 0..<region.width {
                    px[i] = Canvas.mix(px[i], color.red, a)
                    px[i + 1] = Canvas.mix(px[i + 1], color.green, a)
                    px[i + 2] = Canvas.mix(px[i + 2], color.blue, a)
                    i += 3
                }
            }
        }
    }

    /// Copies `image` with its top-left corner at `(x, y)` (clipped).
    public mutating func draw(_ image: Canvas, x: Int, y: Int) {
        let region = PixelRegion(x: x, y: y, width: image.width, height: image.height).intersection(clip)
        guard !region.isEmpty else { return }
        let canvasWidth = width
        pixels.withUnsafeMutableBufferPointer { dst in
            image.pixels.withUnsafeBufferPointer { src in
                for row in region.y..<region.maxY {
                    let d = (row * canvasWidth + region.x) * 3
                    let s = ((row - y) * image.width + (region.x - x)) * 3
                    for k in 0..<(region.width * 3) { dst[d + k] = src[s + k] }
                }
            }
        }
    }

    /// Blends a coverage mask (values 0…1) in `color`; mask pixel `(u, v)` lands on
    /// canvas pixel `(region.x + u, region.y + v)`.
    mutating func blend(_ mask: CoverageMask, color: Color) {
        let visible = mask.region.intersection(clip)
        guard !visible.isEmpty, color.alpha > 0 else { return }
        let opacity = color.opacity
        let canvasWidth = width
        pixels.withUnsafeMutableBufferPointer { px in
            mask.values.withUnsafeBufferPointer { cov in
                for row in visible.y..<visible.maxY {
                    var m = (row - mask.region.y) * mask.region.width + (visible.x - mask.region.x)
                    var i = (row * canvasWidth + visible.x) * 3
                    for _ in 0..<visible.width {
                        let c = cov[m]
                        if c > 0 {
                            let a = opacity * Double(min(c, 1))
                            px[i] = Canvas.mix(px[i], color.red, a)
                            px[i + 1] = Canvas.mix(px[i + 1], color.green, a)
                            px[i + 2] = Canvas.mix(px[i + 2], color.blue, a)
                        }
                        m += 1
                        i += 3
                    }
                }
            }
        }
    }

    @inline(__always)
    static func mix(_ dst: UInt8, _ src: UInt8, _ a: Double) -> UInt8 {
        if a >= 1 { return src }
        return UInt8(Double(dst) + (Double(src) - Double(dst)) * a + 0.5)
    }

    // MARK: - Output

    /// The canvas as a PNG encoder (RGB).
    public var pngEncoder: PNGEncoder {
        PNGEncoder(width: width, height: height, colorType: .rgb, pixels: pixels)
    }

    /// The canvas encoded as a PNG file.
    public func pngData() -> [UInt8] { pngEncoder.pngData() }

    /// Writes the canvas as a PNG file, atomically (temporary file + rename).
    public func write(to path: String) throws { try pngEncoder.write(to: path) }
}
