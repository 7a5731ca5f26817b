import CCairo

/// A size and weight of the DejaVu Sans family (Debian's fonts-dejavu-core), which covers the
/// subscripts, Greek letters and minus signs that chart labels use.
public struct Font: Sendable, Hashable {
    /// Em size in pixels (user units in SVG).
    public var size: Double
    /// Bold instead of regular.
    public var bold: Bool

    /// Regular DejaVu Sans of `size`.
    public static func sans(_ size: Double) -> Font { Font(size: size, bold: false) }
    /// Bold DejaVu Sans of `size`.
    public static func sansBold(_ size: Double) -> Font { Font(size: size, bold: true) }

    /// The family name handed to cairo (resolved through fontconfig).
    static let family = "DejaVu Sans"
}

/// Which point of a piece of text its anchor is, horizontally.
enum HorizontalAnchor { case left, center, right }

/// Which point of a piece of text its anchor is, vertically (`center` is the middle of the
/// font's ascent-to-descent box).
enum VerticalAnchor { case top, center, bottom }

extension Canvas {
    private func select(_ font: Font) {
        cairo_select_font_face(context, Font.family, CAIRO_FONT_SLANT_NORMAL,
                               font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, font.size)
    }

    /// The advance width of `text` set in `font`.
    func width(of text: String, font: Font) -> Double {
        guard !text.isEmpty else { return 0 }
        select(font)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// The height of a line of `font` (ascent plus descent).
    func lineHeight(_ font: Font) -> Double {
        let (ascent, descent) = metrics(font)
        return ascent + descent
    }

    private func metrics(_ font: Font) -> (ascent: Double, descent: Double) {
        select(font)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return (extents.ascent, extents.descent)
    }

    /// Draws `text` with the given point of its box at `anchor`; `upward` turns it to read
    /// bottom to top (a y axis title). Returns the box the text occupies.
    @discardableResult
    func text(_ text: String, at anchor: PlotPoint, font: Font, color: Color,
              horizontal: HorizontalAnchor = .left, vertical: VerticalAnchor = .top, upward: Bool = false) -> PlotRect {
        let width = self.width(of: text, font: font)
        let (ascent, descent) = metrics(font)
        // Start of the baseline relative to the anchor, in the text's own (possibly turned) frame.
        let dx = horizontal == .left ? 0 : horizontal == .center ? -width / 2 : -width
        let dy = vertical == .top ? ascent : vertical == .center ? (ascent - descent) / 2 : -descent
        guard anchor.isFinite else { return PlotRect(x: 0, y: 0, width: 0, height: 0) }
        if !text.isEmpty {
            withSavedState {
                cairo_translate(context, anchor.x, anchor.y)
                if upward { cairo_rotate(context, -Double.pi / 2) }
                cairo_move_to(context, dx, dy)
                cairo_set_source_rgba(context, Double(color.red) / 255, Double(color.green) / 255,
                                      Double(color.blue) / 255, color.opacity)
                cairo_show_text(context, text)
            }
        }
        // Turned by −90°, the text frame's (u, v) lands on (x + v, y − u).
        return upward
            ? PlotRect(x: anchor.x + dy - ascent, y: anchor.y - dx - width, width: ascent + descent, height: width)
            : PlotRect(x: anchor.x + dx, y: anchor.y + dy - ascent, width: width, height: ascent + descent)
    }
}
