/// An embedded bitmap font: per-glyph coverage bitmaps with advances, bearings
/// and kerning, drawn with ``Canvas/drawText(_:at:font:color:horizontal:vertical:orientation:)``.
///
/// Built-in faces are "PlotSans" (anti-aliased, proportional, see
/// `EmbeddedFontData.swift`), regular in ``regularSizes`` and bold in
/// ``boldSizes`` pixels, covering printable ASCII 32–126 plus a few symbols
/// used on plots (− × ± · ° … ≤ ≥ ≈ ∞ → ←, superscript digits and signs, and
/// the Greek letters α β γ δ ε η θ λ μ π ρ σ τ φ ω Δ Σ). ``pixel5x7`` is a small
/// monospaced 1-bit font. Any font can be enlarged by an integer factor with
/// ``scaled(by:)``. Characters without a glyph are drawn as `?`.
public struct BitmapFont: Sendable {
    struct Glyph: Sendable {
        var advance: Int
        var left: Int
        var top: Int
        var width: Int
        var height: Int
        var coverage: [UInt8]
    }

    /// A descriptive name, e.g. "PlotSans 12".
    public let name: String
    /// The nominal size (em height) in unscaled pixels.
    public let pixelSize: Int
    /// The integer magnification applied when drawing (1 = native).
    public let scale: Int
    let baseAscent: Int
    let baseDescent: Int
    let baseLineHeight: Int
    let glyphs: [UInt32: Glyph]
    let kerning: [UInt64: Int]

    /// Pixels from the top of a line to its baseline.
    public var ascent: Int { baseAscent * scale }
    /// Pixels from the baseline to the bottom of a line.
    public var descent: Int { baseDescent * scale }
    /// Height of one line box (`ascent + descent`).
    public var height: Int { ascent + descent }
    /// Distance between the baselines of consecutive lines.
    public var lineHeight: Int { baseLineHeight * scale }

    /// The same font magnified by `factor` (≥ 1) on top of the current scale.
    public func scaled(by factor: Int) -> BitmapFont {
        BitmapFont(name: name, pixelSize: pixelSize, scale: scale * max(1, factor), baseAscent: baseAscent,
                   baseDescent: baseDescent, baseLineHeight: baseLineHeight, glyphs: glyphs, kerning: kerning)
    }

    /// Whether the font has a glyph for `scalar`.
    public func hasGlyph(_ scalar: Unicode.Scalar) -> Bool { glyphs[scalar.value] != nil }

    /// Width and height in pixels of the layout box of `text` (lines split at "\n").
    public func size(of text: String) -> (width: Int, height: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let width = lines.map { lineWidth(Substring($0)) }.max() ?? 0
        return (width, height + (lines.count - 1) * lineHeight)
    }

    /// Advance width of `text` in pixels (the widest line for multi-line text).
    public func width(of text: String) -> Int { size(of: text).width }

    func glyph(for scalar: Unicode.Scalar) -> Glyph {
        if let g = glyphs[scalar.value] { return g }
        if scalar == "\t", let space = glyphs[32] { return space }
        return glyphs[63] ?? glyphs.values.first ?? Glyph(advance: 0, left: 0, top: 0, width: 0, height: 0, coverage: [])
    }

    func kern(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
        kerning.isEmpty ? 0 : kerning[UInt64(a.value) << 32 | UInt64(b.value)] ?? 0
    }

    func lineWidth(_ line: Substring) -> Int {
        var width = 0
        var previous: Unicode.Scalar?
        for s in line.unicodeScalars {
            if let p = previous { width += kern(p, s) }
            width += glyph(for: s).advance
            previous = s
        }
        return width * scale
    }

    // MARK: - Built-in fonts

    /// Pixel sizes available for ``sans(size:)``.
    public static let regularSizes = [10, 12, 14, 16, 20]
    /// Pixel sizes available for ``sansBold(size:)``.
    public static let boldSizes = [12, 14, 16, 20]

    private static let regular10 = BitmapFont(parsing: EmbeddedFontData.regular10, name: "PlotSans 10")
    private static let regular12 = BitmapFont(parsing: EmbeddedFontData.regular12, name: "PlotSans 12")
    private static let regular14 = BitmapFont(parsing: EmbeddedFontData.regular14, name: "PlotSans 14")
    private static let regular16 = BitmapFont(parsing: EmbeddedFontData.regular16, name: "PlotSans 16")
    private static let regular20 = BitmapFont(parsing: EmbeddedFontData.regular20, name: "PlotSans 20")
    private static let bold12 = BitmapFont(parsing: EmbeddedFontData.bold12, name: "PlotSans Bold 12")
    private static let bold14 = BitmapFont(parsing: EmbeddedFontData.bold14, name: "PlotSans Bold 14")
    private static let bold16 = BitmapFont(parsing: EmbeddedFontData.bold16, name: "PlotSans Bold 16")
    private static let bold20 = BitmapFont(parsing: EmbeddedFontData.bold20, name: "PlotSans Bold 20")

    /// The regular sans-serif face at the available size nearest to `size` pixels;
    /// sizes of 40 and more use the 20-pixel face magnified by an integer factor.
    public static func sans(size: Int) -> BitmapFont {
        let factor = max(1, size / 20)
        let base: BitmapFont
        switch nearest(size / factor, in: regularSizes) {
        case 10: base = regular10
        case 12: base = regular12
        case 14: base = regular14
        case 16: base = regular16
        default: base = regular20
        }
        return factor > 1 ? base.scaled(by: factor) : base
    }

    /// The bold sans-serif face at the available size nearest to `size` pixels.
    public static func sansBold(size: Int) -> BitmapFont {
        let factor = max(1, size / 20)
        let base: BitmapFont
        switch nearest(size / factor, in: boldSizes) {
        case 12: base = bold12
        case 14: base = bold14
        case 16: base = bold16
        default: base = bold20
        }
        return factor > 1 ? base.scaled(by: factor) : base
    }

    private static func nearest(_ size: Int, in sizes: [Int]) -> Int {
        sizes.min { abs($0 - size) < abs($1 - size) } ?? sizes[0]
    }

    // MARK: - Construction

    init(name: String, pixelSize: Int, scale: Int, baseAscent: Int, baseDescent: Int, baseLineHeight: Int,
         glyphs: [UInt32: Glyph], kerning: [UInt64: Int]) {
        self.name = name
        self.pixelSize = pixelSize
        self.scale = scale
        self.baseAscent = baseAscent
        self.baseDescent = baseDescent
        self.baseLineHeight = baseLineHeight
        self.glyphs = glyphs
        self.kerning = kerning
    }

    /// Parses the text format of `EmbeddedFontData.swift`.
    init(parsing data: String, name: String) {
        var size = 0, ascent = 0, descent = 0, lineHeight = 0
        var glyphs: [UInt32: Glyph] = [:]
        var kerning: [UInt64: Int] = [:]
        for line in data.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let tag = fields.first else { continue }
            let numbers = fields.dropFirst().prefix(6).map { Int($0) ?? 0 }
            switch tag {
            case "M" where numbers.count >= 4:
                (size, ascent, descent, lineHeight) = (numbers[0], numbers[1], numbers[2], numbers[3])
            case "G" where numbers.count >= 6:
                let (w, h) = (numbers[4], numbers[5])
                var coverage = [UInt8](repeating: 0, count: w * h)
                if fields.count > 7 {
                    var i = 0
                    for c in fields[7].utf8 where i < coverage.count {
                        let nibble = c <= 57 ? c - 48 : c - 87  // '0'…'9', 'a'…'f'
                        coverage[i] = nibble &* 17
                        i += 1
                    }
                }
                glyphs[UInt32(numbers[0])] = Glyph(advance: numbers[1], left: numbers[2], top: numbers[3],
                                                   width: w, height: h, coverage: coverage)
            case "K" where numbers.count >= 3:
                kerning[UInt64(numbers[0]) << 32 | UInt64(numbers[1])] = numbers[2]
            default:
                continue
            }
        }
        self.init(name: name, pixelSize: size, scale: 1, baseAscent: ascent, baseDescent: descent,
                  baseLineHeight: lineHeight, glyphs: glyphs, kerning: kerning)
    }

    /// Builds a 1-bit font from pixel drawings: each glyph is a list of rows of
    /// equal length in which `#` (or any character but `.` and space) marks an
    /// inked pixel. All glyphs share the cell height `rows.count`; `baseline` is the
    /// number of rows above the baseline, and glyphs advance by their width plus
    /// `spacing` pixels.
    public init(name: String, baseline: Int, spacing: Int = 1, glyphs drawings: [Character: [String]]) {
        var glyphs: [UInt32: Glyph] = [:]
        var cellHeight = 0
        for (character, rows) in drawings {
            guard let scalar = character.unicodeScalars.first else { continue }
            cellHeight = max(cellHeight, rows.count)
            let width = rows.map(\.count).max() ?? 0
            var coverage = [UInt8](repeating: 0, count: width * rows.count)
            for (y, row) in rows.enumerated() {
                for (x, c) in row.enumerated() where c != "." && c != " " {
                    coverage[y * width + x] = 255
                }
            }
            glyphs[scalar.value] = Glyph(advance: width + spacing, left: 0, top: baseline,
                                         width: width, height: rows.count, coverage: coverage)
        }
        self.init(name: name, pixelSize: cellHeight, scale: 1, baseAscent: baseline,
                  baseDescent: max(0, cellHeight - baseline), baseLineHeight: cellHeight + 2,
                  glyphs: glyphs, kerning: [:])
    }
}
