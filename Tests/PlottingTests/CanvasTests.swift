import Testing
@testable import Plotting

@Suite struct CanvasTests {
    static let red = Color(hex: 0xD62728)

    func inked(_ canvas: Canvas, background: Color = .white) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for y in 0..<canvas.height {
            for x in 0..<canvas.width where canvas[x, y] != background { out.append((x, y)) }
        }
        return out
    }

    @Test func lineColoursEndpointsAndMidpoint() {
        for width in [1.0, 2.5] {
            var canvas = Canvas(width: 64, height: 48)
            canvas.drawLine(from: .pixelCenter(5, 7), to: .pixelCenter(55, 37), color: Self.red, width: width)
            #expect(canvas[5, 7] == Self.red)
            #expect(canvas[55, 37] == Self.red)
            #expect(canvas[30, 22] == Self.red)
            #expect(canvas[5, 40] == .white)
            #expect(canvas[60, 2] == .white)
        }
    }

    @Test func linesAreAntiAliased() {
        var canvas = Canvas(width: 40, height: 40)
        canvas.drawLine(from: PlotPoint(2, 2), to: PlotPoint(38, 20), color: .black, width: 1)
        let grays = Set(inked(canvas).map { canvas[$0.0, $0.1].red })
        #expect(grays.contains { $0 > 30 && $0 < 225 }, "expected intermediate coverage values")
    }

    @Test func polylineSkipsNonFinitePoints() {
        var canvas = Canvas(width: 40, height: 20)
        canvas.drawPolyline([.pixelCenter(2, 10), .pixelCenter(12, 10), PlotPoint(.nan, 3),
                             .pixelCenter(25, 10), .pixelCenter(37, 10)], color: .black, width: 2)
        #expect(canvas[7, 10] == .black)
        #expect(canvas[18, 10] == .white, "gap between the NaN-separated pieces")
        #expect(canvas[30, 10] == .black)
    }

    @Test func dashedLineHasGaps() {
        var canvas = Canvas(width: 100, height: 10)
        canvas.drawPolyline([PlotPoint(0, 5), PlotPoint(100, 5)], color: .black, width: 2, dash: [10, 10], cap: .butt)
        let row = (0..<100).map { canvas[$0, 4] == .black }
        #expect(row[2...8].allSatisfy { $0 })
        #expect(row[12...18].allSatisfy { !$0 })
        #expect(row[22...28].allSatisfy { $0 })
    }

    @Test func blendingAndRectangles() {
        var canvas = Canvas(width: 10, height: 10, background: .black)
        canvas.fillRect(x: 2, y: 2, width: 3, height: 3, color: .white)
        #expect(canvas[2, 2] == .white && canvas[4, 4] == .white && canvas[5, 5] == .black)
        canvas.blendPixel(x: 8, y: 8, color: Color.white.withAlpha(0.5))
        #expect(canvas[8, 8].red == 128)
        canvas.fillRect(PlotRect(x: 6, y: 0, width: 2.5, height: 1), color: .white)
        #expect(canvas[6, 0] == .white && canvas[7, 0] == .white && canvas[8, 0].red == 128)
    }

    @Test func clippingProtectsOutsidePixels() {
        var canvas = Canvas(width: 30, height: 30)
        canvas.withClip(PixelRegion(x: 10, y: 10, width: 10, height: 10)) { c in
            c.fillCircle(center: PlotPoint(15, 15), radius: 20, color: .black)
            c.drawText("Clipped", at: PlotPoint(0, 15), font: .sans(size: 14))
        }
        let ink = inked(canvas)
        #expect(ink.count == 100)
        #expect(ink.allSatisfy { $0.0 >= 10 && $0.0 < 20 && $0.1 >= 10 && $0.1 < 20 })
        #expect(canvas.clip == canvas.bounds)
    }

    @Test func circlesAndMarkersAreDistinct() {
        var footprints: [MarkerShape: Set<Int>] = [:]
        for shape in MarkerShape.allCases {
            var canvas = Canvas(width: 24, height: 24)
            canvas.drawMarker(shape, at: PlotPoint(12, 12), size: 14, color: .black)
            let ink = inked(canvas)
            #expect(!ink.isEmpty, "\(shape) drew nothing")
            footprints[shape] = Set(ink.filter { canvas[$0.0, $0.1].red < 128 }.map { $0.1 * 24 + $0.0 })
        }
        let shapes = MarkerShape.allCases
        for i in shapes.indices {
            for j in shapes.indices where j > i {
                #expect(footprints[shapes[i]] != footprints[shapes[j]], "\(shapes[i]) looks like \(shapes[j])")
            }
        }
    }

    @Test func textInksInsideItsBox() {
        for font in [BitmapFont.sans(size: 12), .sansBold(size: 20), .pixel5x7, BitmapFont.pixel5x7.scaled(by: 3)] {
            var canvas = Canvas(width: 300, height: 80)
            let box = canvas.drawText("Accuracy 0.93", at: PlotPoint(20, 20), font: font, horizontal: .left, vertical: .top)
            let ink = inked(canvas)
            #expect(ink.count > 20, "\(font.name) drew too little")
            #expect(Int(box.width) == font.width(of: "Accuracy 0.93"))
            #expect(ink.allSatisfy { p in
                Double(p.0) >= box.minX - 2 && Double(p.0) < box.maxX + 2 && Double(p.1) >= box.minY && Double(p.1) < box.maxY
            }, "\(font.name) inked outside its box")
        }
    }

    @Test func verticalTextIsRotated() {
        var canvas = Canvas(width: 60, height: 200)
        let box = canvas.drawText("Loss / accuracy", at: PlotPoint(30, 100), font: .sans(size: 14),
                                  horizontal: .center, vertical: .center, orientation: .upward)
        #expect(box.height > 3 * box.width)
        let ink = inked(canvas)
        let xs = ink.map(\.0), ys = ink.map(\.1)
        #expect(ys.max()! - ys.min()! > 3 * (xs.max()! - xs.min()!))
        #expect(ink.allSatisfy { box.contains(PlotPoint(Double($0.0) + 0.5, Double($0.1) + 0.5)) })
    }

    @Test func fontsCoverPrintableASCII() {
        let fonts = BitmapFont.regularSizes.map(BitmapFont.sans) + BitmapFont.boldSizes.map(BitmapFont.sansBold)
            + [BitmapFont.pixel5x7]
        for font in fonts {
            for v in UInt32(32)...126 {
                #expect(font.hasGlyph(Unicode.Scalar(v)!), "\(font.name) lacks \(Character(Unicode.Scalar(v)!))")
            }
        }
        #expect(BitmapFont.sans(size: 12).hasGlyph("λ"))
        #expect(BitmapFont.sans(size: 13).pixelSize == 12 || BitmapFont.sans(size: 13).pixelSize == 14)
        #expect(BitmapFont.sans(size: 40).scale == 2)
        #expect(BitmapFont.pixel5x7.scaled(by: 2).width(of: "ab") == 2 * BitmapFont.pixel5x7.width(of: "ab"))
    }

    @Test func wrapsAndScalesExistingPixels() {
        let gray = Canvas(width: 2, height: 1, pixels: [0, 255], channels: 1)
        #expect(gray[0, 0] == .black && gray[1, 0] == .white)
        let rgba = Canvas(width: 1, height: 1, pixels: [0, 0, 0, 128], channels: 4, background: .white)
        #expect(rgba[0, 0] == Color(red: 127, green: 127, blue: 127))
        let big = gray.scaled(by: 3)
        #expect(big.width == 6 && big.height == 3)
        #expect(big[2, 2] == .black && big[3, 0] == .white)
        var sheet = Canvas(width: 10, height: 10)
        sheet.draw(big, x: 2, y: 2)
        #expect(sheet[4, 4] == .black && sheet[5, 4] == .white && sheet[1, 1] == .white)
    }

    @Test func colorHelpers() {
        #expect(Color(hex: 0x4E79A7).description == "#4E79A7")
        #expect(Color.black.mixed(with: .white, amount: 0.5) == Color(red: 128, green: 128, blue: 128))
        #expect(Palette.tableau10.count == 10)
        #expect(Set((0..<20).map { Palette.color($0) }).count == 20)
        #expect(Colormap.viridis.color(at: 0) == Color(hex: 0x440154))
        #expect(Colormap.viridis.color(at: 1) == Color(hex: 0xFDE725))
    }
}
