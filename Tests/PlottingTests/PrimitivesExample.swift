import Testing
import Plotting

@Suite struct PrimitivesExample {
    @Test func drawsPrimitivesSheet() throws {
        var c = Canvas(width: 620, height: 470)
        c.drawLine(from: PlotPoint(20, 20), to: PlotPoint(200, 80), color: Palette.tableau10[0], width: 1)
        c.drawLine(from: PlotPoint(20, 40), to: PlotPoint(200, 100), color: Palette.tableau10[1], width: 2.5)
        c.drawPolyline([PlotPoint(20, 130), PlotPoint(80, 100), PlotPoint(140, 150), PlotPoint(200, 110)],
                       color: Palette.tableau10[2], width: 3, dash: [8, 5])
        c.fillRect(PlotRect(x: 230.5, y: 20, width: 60, height: 40), color: Palette.tableau10[3])
        c.strokeRect(PlotRect(x: 300, y: 20, width: 60, height: 40), color: .black, width: 1)
        c.fillRoundedRect(PlotRect(x: 370, y: 20, width: 120, height: 40), radius: 8,
                          color: Palette.tableau10[4].withAlpha(0.6))
        c.strokeRoundedRect(PlotRect(x: 370, y: 20, width: 120, height: 40), radius: 8, color: .darkGray)
        var x = 240.0
        for shape in MarkerShape.allCases {
            c.drawMarker(shape, at: PlotPoint(x, 100), size: 14, color: Palette.color(Int(x) % 10), edgeColor: .white)
            c.drawMarker(shape, at: PlotPoint(x, 130), size: 8, color: Palette.tableau10[0])
            x += 28
        }
        var y = 170.0
        for size in BitmapFont.regularSizes {
            c.drawText("PlotSans \(size): Accuracy 0.937, λ = 0.1, 10⁻³ −5 Wave AVA gjpqy", at: PlotPoint(10, y),
                       font: .sans(size: size), color: .black)
            y += Double(size) + 6
        }
        for size in BitmapFont.boldSizes {
            c.drawText("Bold \(size): Domain classifier", at: PlotPoint(10, y), font: .sansBold(size: size))
            y += Double(size) + 6
        }
        c.drawText("Pixel 5x7: The quick brown fox, 0123456789 gjpqy!", at: PlotPoint(10, y + 4),
                   font: .pixel5x7, color: .darkGray)
        let ascii = String((32...126).map { Character(Unicode.Scalar(UInt8($0))) })
        c.drawText(String(ascii.prefix(48)) + "\n" + String(ascii.dropFirst(48)), at: PlotPoint(10, y + 16),
                   font: BitmapFont.pixel5x7.scaled(by: 2), vertical: .top)
        c.drawText("Upward label", at: PlotPoint(605, 180), font: .sans(size: 14), horizontal: .center,
                   vertical: .center, orientation: .upward)
        c.drawText("Down", at: PlotPoint(580, 180), font: .sans(size: 12), horizontal: .center,
                   vertical: .center, orientation: .downward)
        try c.write(to: "\(exampleDirectory)/primitives.png")
    }
}
