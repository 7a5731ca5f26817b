import CCairo
import FileWriting

/// Anything that draws itself into a rectangle of a ``Canvas``: every chart type and ``Figure``.
/// The same drawing code makes the PNG and the SVG form.
///
/// ```swift
/// try chart.write(to: "runs/loss.png")          // PNG image, 640 × 480 pixels
/// try chart.write(to: "runs/loss.svg")          // the same picture as SVG
/// let svg = try chart.svgText()                  // for embedding in HTML
/// ```
public protocol Chart: Sendable {
    /// The size (PNG pixels, SVG user units) the chart is rendered at unless a size is given.
    var preferredSize: (width: Int, height: Int) { get }
    /// Draws the whole chart (background, axes, data, titles, legend) filling `frame`.
    func draw(in canvas: Canvas, frame: PlotRect)
}

/// The chart could not be rendered or written.
public enum PlottingError: Error, CustomStringConvertible {
    /// cairo reported an error (e.g. an image too large, out of memory).
    case cairo(String)
    /// `write(to:)` was given a path that ends neither in `.png` nor in `.svg`.
    case unsupportedFormat(path: String)

    public var description: String {
        switch self {
        case let .cairo(message): return "cairo: \(message)"
        case let .unsupportedFormat(path): return "\(path): cannot tell the format; use .png or .svg"
        }
    }
}

extension Chart {
    /// 640 × 480.
    public var preferredSize: (width: Int, height: Int) { (640, 480) }

    /// The chart as PNG bytes (anti-aliased, opaque RGB), `width × height` pixels (by default its
    /// ``preferredSize``). Sizes below 1 are raised to 1.
    public func pngData(width: Int? = nil, height: Int? = nil) throws -> [UInt8] {
        let (w, h) = resolvedSize(width, height)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(clamping: w), Int32(clamping: h))
        else { throw PlottingError.cairo("no image surface") }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface))
        try check(draw(on: surface, width: w, height: h))
        return try collectingBytes { write, sink in
            cairo_surface_write_to_png_stream(surface, write, sink)
        }
    }

    /// The chart as an SVG document (UTF-8 bytes), `width × height` user units (by default its
    /// ``preferredSize``); text is set as glyph outlines, so it looks alike everywhere.
    public func svgData(width: Int? = nil, height: Int? = nil) throws -> [UInt8] {
        Array(try svgText(width: width, height: height).utf8)
    }

    /// The chart as SVG text (see ``svgData(width:height:)``), ready to embed in HTML.
    public func svgText(width: Int? = nil, height: Int? = nil) throws -> String {
        let (w, h) = resolvedSize(width, height)
        let document = String(decoding: try collectingBytes { write, sink in
            guard let surface = cairo_svg_surface_create_for_stream(write, sink, Double(w), Double(h)) else {
                return CAIRO_STATUS_NO_MEMORY
            }
            defer { cairo_surface_destroy(surface) }
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
            let status = draw(on: surface, width: w, height: h)
            guard status == CAIRO_STATUS_SUCCESS else { return status }
            cairo_surface_finish(surface)  // writes the document out
            return cairo_surface_status(surface)
        }, as: UTF8.self)
        // cairo names embedded images after process-wide surface counters ("image455"); number
        // them in order of appearance instead, so that equal charts give equal documents.
        var numbers: [Substring: Int] = [:]
        return document.replacing(/(["#])(image|surface)([0-9]+)/) { match in
            let (_, prefix, kind, number) = match.output
            let key = kind + number
            let renumbered = numbers[key] ?? numbers.count
            numbers[key] = renumbered
            return "\(prefix)\(kind)\(renumbered)"
        }
    }

    /// Writes the chart atomically as PNG or SVG, chosen by the extension of `path` (`.png`,
    /// `.svg`, any case), at `width × height` (by default its ``preferredSize``).
    public func write(to path: String, width: Int? = nil, height: Int? = nil) throws {
        let bytes: [UInt8]
        switch path.split(separator: ".").last?.lowercased() {
        case "png": bytes = try pngData(width: width, height: height)
        case "svg": bytes = try svgData(width: width, height: height)
        default: throw PlottingError.unsupportedFormat(path: path)
        }
        try AtomicFile.write(bytes, to: path)
    }

    private func resolvedSize(_ width: Int?, _ height: Int?) -> (Int, Int) {
        (max(1, width ?? preferredSize.width), max(1, height ?? preferredSize.height))
    }

    /// Draws the chart over the whole of `surface`; returns cairo's verdict.
    private func draw(on surface: OpaquePointer, width: Int, height: Int) -> cairo_status_t {
        guard let context = cairo_create(surface) else { return CAIRO_STATUS_NO_MEMORY }
        defer { cairo_destroy(context) }
        let canvas = Canvas(context: context, width: Double(width), height: Double(height))
        draw(in: canvas, frame: canvas.bounds)
        cairo_surface_flush(surface)
        return cairo_status(context)
    }
}

private func check(_ status: cairo_status_t) throws {
    guard status == CAIRO_STATUS_SUCCESS else { throw PlottingError.cairo(String(cString: cairo_status_to_string(status))) }
}

/// The bytes that `produce` hands to a cairo write function (given with its closure argument).
private func collectingBytes(
    _ produce: (cairo_write_func_t, UnsafeMutableRawPointer) -> cairo_status_t
) throws -> [UInt8] {
    let sink = ByteSink()
    let status = withExtendedLifetime(sink) {
        produce({ closure, data, length in
            guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
    }
    try check(status)
    return sink.bytes
}

/// Collects what cairo writes.
private final class ByteSink { var bytes: [UInt8] = [] }
