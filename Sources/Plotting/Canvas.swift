import CCairo
import Foundation

/// Where charts draw: a thin wrapper around one cairo context, whose surface is a PNG image or an
/// SVG document (see ``Chart``). Coordinates are pixels of the PNG (user units of the SVG), with
/// the origin at the top-left corner and y pointing down. Everything is anti-aliased.
public final class Canvas {
    /// The cairo context (`cairo_t *`).
    let context: OpaquePointer
    /// The whole drawing area.
    public let bounds: PlotRect

    /// Wraps `context` (not retained: the caller owns it for the canvas's lifetime).
    init(context: OpaquePointer, width: Double, height: Double) {
        self.context = context
        self.bounds = PlotRect(x: 0, y: 0, width: width, height: height)
        // Gray anti-aliasing and unhinted advances: glyphs are placed alike in PNG and SVG output.
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
    }

    // MARK: - State

    /// Runs `body` and then restores the clip, transform and drawing settings.
    func withSavedState(_ body: () -> Void) {
        cairo_save(context)
        body()
        cairo_restore(context)
    }

    /// Runs `body` with drawing restricted to `rect`.
    func clipped(to rect: PlotRect, _ body: () -> Void) {
        withSavedState {
            cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
            cairo_clip(context)
            body()
        }
    }

    private func setSource(_ color: Color) {
        cairo_set_source_rgba(context, Double(color.red) / 255, Double(color.green) / 255,
                              Double(color.blue) / 255, color.opacity)
    }

    /// Sets line width, dash pattern (nil for solid; non-positive or non-finite patterns are
    /// ignored) and cap style for the next stroke.
    private func setStroke(width: Double, dash: [Double]?, cap: cairo_line_cap_t) {
        cairo_set_line_width(context, width.isFinite && width > 0 ? width : 1)
        cairo_set_line_cap(context, cap)
        if let dash, dash.allSatisfy({ $0.isFinite && $0 >= 0 }), dash.contains(where: { $0 > 0 }) {
            cairo_set_dash(context, dash, Int32(dash.count), 0)
        } else {
            cairo_set_dash(context, nil, 0, 0)
        }
    }

    /// Keeps far-off points (a data value far outside fixed axis limits) within cairo's
    /// fixed-point range.
    private func limited(_ v: Double) -> Double { min(max(v, -1e5), 1e5) }

    private func move(_ p: PlotPoint) { cairo_move_to(context, limited(p.x), limited(p.y)) }
    private func line(_ p: PlotPoint) { cairo_line_to(context, limited(p.x), limited(p.y)) }

    // MARK: - Shapes

    /// Fills `rect` with `color`.
    func fill(_ rect: PlotRect, color: Color) {
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        setSource(color)
        cairo_fill(context)
    }

    /// Outlines `rect` (the stroke is centred on its edges).
    func stroke(_ rect: PlotRect, color: Color, width: Double = 1) {
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        setSource(color)
        setStroke(width: width, dash: nil, cap: CAIRO_LINE_CAP_BUTT)
        cairo_stroke(context)
    }

    /// Fills a rectangle with rounded corners and outlines it when `edge` is given.
    func roundedRect(_ rect: PlotRect, radius: Double, fill: Color, edge: Color? = nil) {
        let r = min(radius, rect.width / 2, rect.height / 2)
        cairo_new_sub_path(context)
        cairo_arc(context, rect.maxX - r, rect.y + r, r, -Double.pi / 2, 0)
        cairo_arc(context, rect.maxX - r, rect.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(context, rect.x + r, rect.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(context, rect.x + r, rect.y + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(context)
        setSource(fill)
        if let edge {
            cairo_fill_preserve(context)
            setSource(edge)
            setStroke(width: 1, dash: nil, cap: CAIRO_LINE_CAP_BUTT)
            cairo_stroke(context)
        } else {
            cairo_fill(context)
        }
    }

    /// Strokes the line through `points`; non-finite points leave gaps, and a lone finite point
    /// between gaps is drawn as a dot.
    func polyline(_ points: [PlotPoint], color: Color, width: Double, dash: [Double]? = nil, roundCaps: Bool = true) {
        var run = 0, dots: [PlotPoint] = []
        for (i, p) in points.enumerated() {
            guard p.isFinite else {
                run = 0
                continue
            }
            if run == 0 { move(p) } else { line(p) }
            run += 1
            if run == 1 && (i + 1 == points.count || !points[i + 1].isFinite) { dots.append(p) }
        }
        setSource(color)
        setStroke(width: width, dash: dash, cap: roundCaps ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        cairo_stroke(context)
        for p in dots { circle(center: p, radius: max(width, 2) + 0.5, fill: color) }
    }

    /// Strokes separate segments (e.g. a contour) as one path with round caps.
    func segments(_ segments: [(PlotPoint, PlotPoint)], color: Color, width: Double) {
        for (a, b) in segments where a.isFinite && b.isFinite {
            move(a)
            line(b)
        }
        setSource(color)
        setStroke(width: width, dash: nil, cap: CAIRO_LINE_CAP_ROUND)
        cairo_stroke(context)
    }

    /// Fills the polygon through `points` and outlines it in `edge` (of `edgeWidth`) when given.
    func polygon(_ points: [PlotPoint], fill: Color, edge: Color? = nil, edgeWidth: Double = 1) {
        guard points.count >= 3, points.allSatisfy(\.isFinite) else { return }
        move(points[0])
        for p in points.dropFirst() { line(p) }
        cairo_close_path(context)
        fillAndOutline(fill: fill, edge: edge, edgeWidth: edgeWidth)
    }

    /// Fills the disc of `radius` around `center` and outlines it in `edge` when given.
    func circle(center: PlotPoint, radius: Double, fill: Color, edge: Color? = nil, edgeWidth: Double = 1) {
        guard center.isFinite, radius > 0 else { return }
        cairo_new_sub_path(context)
        cairo_arc(context, limited(center.x), limited(center.y), radius, 0, 2 * Double.pi)
        cairo_close_path(context)
        fillAndOutline(fill: fill, edge: edge, edgeWidth: edgeWidth)
    }

    private func fillAndOutline(fill: Color, edge: Color?, edgeWidth: Double) {
        setSource(fill)
        guard let edge, edgeWidth > 0 else {
            cairo_fill(context)
            return
        }
        cairo_fill_preserve(context)
        setSource(edge)
        setStroke(width: edgeWidth, dash: nil, cap: CAIRO_LINE_CAP_BUTT)
        cairo_stroke(context)
    }

    // MARK: - Images

    /// Paints a grid of colours (row 0 at the top; `nil` is transparent) so that the centres of
    /// its corner cells fall on the corners of `nodes`, interpolating bilinearly in between, and
    /// clipped to `clip`.
    func image(_ colors: [Color?], columns: Int, rows: Int, nodes: PlotRect, clip: PlotRect) {
        guard columns >= 2, rows >= 2, colors.count == columns * rows, nodes.width > 0, nodes.height > 0,
              let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(columns), Int32(rows)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        guard let data = cairo_image_surface_get_data(surface) else { return }
        data.withMemoryRebound(to: UInt32.self, capacity: stride * rows) { pixels in
            for row in 0..<rows {
                for column in 0..<columns {
                    // Native-endian 0xAARRGGBB with premultiplied alpha.
                    guard let c = colors[row * columns + column] else {
                        pixels[row * stride + column] = 0
                        continue
                    }
                    let a = UInt32(c.alpha)
                    func premultiplied(_ v: UInt8) -> UInt32 { (UInt32(v) * a + 127) / 255 }
                    pixels[row * stride + column] = a << 24 | premultiplied(c.red) << 16
                        | premultiplied(c.green) << 8 | premultiplied(c.blue)
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        clipped(to: clip) {
            let sx = nodes.width / Double(columns - 1), sy = nodes.height / Double(rows - 1)
            cairo_translate(context, nodes.x - sx / 2, nodes.y - sy / 2)
            cairo_scale(context, sx, sy)
            cairo_set_source_surface(context, surface, 0, 0)
            let pattern = cairo_get_source(context)
            cairo_pattern_set_filter(pattern, CAIRO_FILTER_BILINEAR)
            cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
            cairo_paint(context)
        }
    }
}
