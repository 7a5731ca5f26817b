/// Where a text's layout box sits horizontally relative to the anchor point.
public enum HorizontalAnchor: Sendable, Hashable {
    /// The box starts at the anchor.
    case left
    /// The box is centred on the anchor.
    case center
    /// The box ends at the anchor.
    case right
}

/// Where a text's layout box sits vertically relative to the anchor point.
public enum VerticalAnchor: Sendable, Hashable {
    /// The box's top edge is at the anchor.
    case top
    /// The box is centred on the anchor.
    case center
    /// The first line's baseline is at the anchor (horizontal text only; rotated
    /// text treats this as ``center``).
    case baseline
    /// The box's bottom edge is at the anchor.
    case bottom
}

/// The reading direction of drawn text.
public enum TextOrientation: Sendable, Hashable {
    /// Ordinary left-to-right text.
    case horizontal
    /// Rotated 90° counter-clockwise, reading bottom to top (y-axis titles).
    case upward
    /// Rotated 90° clockwise, reading top to bottom.
    case downward
}

/// An alpha mask of laid-out text: `coverage` is `width × height`, and its
/// top-left pixel sits at `(originX, originY)` relative to the layout box's
/// top-left corner (glyph overhangs make these negative or the mask larger).
struct TextMask {
    var width: Int
    var height: Int
    var originX: Int
    var originY: Int
    var coverage: [UInt8]
    /// The layout box size (advance width × line boxes).
    var boxWidth: Int
    var boxHeight: Int
}

extension BitmapFont {
    /// Lays out `text` (lines split at "\n", each aligned within the widest by
    /// `alignment`) into an unrotated coverage mask.
    func mask(for text: String, alignment: HorizontalAnchor = .left) -> TextMask {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let widths = lines.map { lineWidth($0) / scale }
        let boxWidth = widths.max() ?? 0
        // Collect glyph placements in unscaled pixels, relative to the box.
        var placements: [(glyph: Glyph, x: Int, y: Int)] = []
        var minX = 0, minY = 0, maxX = boxWidth, maxY = baseAscent + baseDescent
        for (index, line) in lines.enumerated() {
            var pen: Int
            switch alignment {
            case .left: pen = 0
            case .center: pen = (boxWidth - widths[index]) / 2
            case .right: pen = boxWidth - widths[index]
            }
            let baseline = baseAscent + index * baseLineHeight
            var previous: Unicode.Scalar?
            for scalar in line.unicodeScalars {
                if let p = previous { pen += kern(p, scalar) }
                let g = glyph(for: scalar)
                if g.width > 0 && g.height > 0 {
                    let x = pen + g.left, y = baseline - g.top
                    placements.append((g, x, y))
                    minX = min(minX, x)
                    minY = min(minY, y)
                    maxX = max(maxX, x + g.width)
                    maxY = max(maxY, y + g.height)
                }
                pen += g.advance
                previous = scalar
            }
            maxY = max(maxY, baseline + baseDescent)
        }
        let width = (maxX - minX) * scale, height = (maxY - minY) * scale
        var coverage = [UInt8](repeating: 0, count: width * height)
        for (g, gx, gy) in placements {
            for row in 0..<g.height {
                for col in 0..<g.width {
                    let value = g.coverage[row * g.width + col]
                    guard value > 0 else { continue }
                    let baseX = (gx - minX + col) * scale, baseY = (gy - minY + row) * scale
                    for sy in 0..<scale {
                        let rowStart = (baseY + sy) * width + baseX
                        for sx in 0..<scale {
                            let i = rowStart + sx
                            coverage[i] = max(coverage[i], value)
                        }
                    }
                }
            }
        }
        return TextMask(width: width, height: height, originX: minX * scale, originY: minY * scale,
                        coverage: coverage, boxWidth: boxWidth * scale,
                        boxHeight: (baseAscent + baseDescent + (lines.count - 1) * baseLineHeight) * scale)
    }
}

extension TextMask {
    /// The mask rotated for `orientation` (box and origin rotated with it).
    func rotated(_ orientation: TextOrientation) -> TextMask {
        switch orientation {
        case .horizontal:
            return self
        case .upward:
            var out = [UInt8](repeating: 0, count: width * height)
            for v in 0..<height {
                for u in 0..<width {
                    out[(width - 1 - u) * height + v] = coverage[v * width + u]
                }
            }
            return TextMask(width: height, height: width, originX: originY,
                            originY: boxWidth - originX - width, coverage: out,
                            boxWidth: boxHeight, boxHeight: boxWidth)
        case .downward:
            var out = [UInt8](repeating: 0, count: width * height)
            for v in 0..<height {
                for u in 0..<width {
                    out[u * height + (height - 1 - v)] = coverage[v * width + u]
                }
            }
            return TextMask(width: height, height: width, originX: boxHeight - originY - height,
                            originY: originX, coverage: out, boxWidth: boxHeight, boxHeight: boxWidth)
        }
    }
}

extension Canvas {
    /// Draws `text` anchored at `point` and returns its layout box.
    ///
    /// The layout box is the text's advance width by its line boxes
    /// (`font.ascent + font.descent` per line, plus `font.lineHeight` per extra
    /// line); `horizontal` and `vertical` say which part of the (rotated) box sits
    /// on `point`. Lines are separated by "\n" and aligned by `horizontal`.
    @discardableResult
    public mutating func drawText(_ text: String, at point: PlotPoint, font: BitmapFont = .sans(size: 12),
                                  color: Color = .black, horizontal: HorizontalAnchor = .left,
                                  vertical: VerticalAnchor = .baseline,
                                  orientation: TextOrientation = .horizontal) -> PlotRect {
        let mask = font.mask(for: text, alignment: horizontal).rotated(orientation)
        let box = Canvas.textBox(width: mask.boxWidth, height: mask.boxHeight, ascent: font.ascent, at: point,
                                 horizontal: horizontal, vertical: orientation == .horizontal ? vertical
                                     : (vertical == .baseline ? .center : vertical))
        guard point.isFinite, mask.width > 0, mask.height > 0, color.alpha > 0 else { return box }
        var coverage = CoverageMask(region: PixelRegion(x: Int(box.x) + mask.originX, y: Int(box.y) + mask.originY,
                                                        width: mask.width, height: mask.height))
        for i in 0..<mask.coverage.count { coverage.values[i] = Float(mask.coverage[i]) / 255 }
        blend(coverage, color: color)
        return box
    }

    /// The layout box (whole pixels) of a `width × height` text anchored at `point`.
    static func textBox(width: Int, height: Int, ascent: Int, at point: PlotPoint,
                        horizontal: HorizontalAnchor, vertical: VerticalAnchor) -> PlotRect {
        let w = Double(width), h = Double(height)
        let x: Double
        switch horizontal {
        case .left: x = point.x
        case .center: x = point.x - w / 2
        case .right: x = point.x - w
        }
        let y: Double
        switch vertical {
        case .top: y = point.y
        case .center: y = point.y - h / 2
        case .baseline: y = point.y - Double(ascent)
        case .bottom: y = point.y - h
        }
        let rx = x.isFinite ? x.rounded() : 0, ry = y.isFinite ? y.rounded() : 0
        return PlotRect(x: rx, y: ry, width: w, height: h)
    }
}
