import Foundation
import Testing
@testable import Plotting

@Suite struct PNGEncoderTests {
    static func randomPixels(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        // Mix smooth gradients (exercise Sub/Up/Paeth) with noise.
        return (0..<count).map { i in i % 5 == 0 ? UInt8(truncatingIfNeeded: random.next()) : UInt8(truncatingIfNeeded: i / 7) }
    }

    static let sizes: [(Int, Int)] = [(1, 1), (3, 7), (257, 13), (16, 16)]

    @Test(arguments: [PNGColorType.rgb, .rgba, .gray, .grayAlpha])
    func roundTripsThroughLibpng(colorType: PNGColorType) throws {
        for (w, h) in Self.sizes {
            let pixels = Self.randomPixels(w * h * colorType.channels, seed: UInt64(w * 1000 + h))
            let png = PNGEncoder(width: w, height: h, colorType: colorType, pixels: pixels)
            let decoded = try decodePNG(png.pngData(), channels: colorType.channels)
            #expect(decoded.width == w && decoded.height == h)
            #expect(decoded.pixels == pixels, "\(colorType) \(w)×\(h) pixels differ after decoding")
        }
    }

    @Test(arguments: [PNGFilterStrategy.none, .sub, .up, .paeth, .adaptive])
    func everyFilterStrategyDecodes(filter: PNGFilterStrategy) throws {
        let pixels = Self.randomPixels(257 * 13 * 3, seed: 99)
        var png = PNGEncoder(width: 257, height: 13, colorType: .rgb, pixels: pixels)
        png.filter = filter
        png.compressionLevel = 9
        #expect(try decodePNG(png.pngData(), channels: 3).pixels == pixels)
    }

    @Test func hasSignatureChunksAndValidCRCs() throws {
        let data = PNGEncoder(width: 3, height: 7, colorType: .rgba,
                              pixels: Self.randomPixels(3 * 7 * 4, seed: 1)).pngData()
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var types: [String] = []
        while offset < data.count {
            let length = data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = Array(data[(offset + 4)..<(offset + 8 + length)])
            let stored = data[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(stored == bitwiseCRC32(body), "bad CRC on \(type)")
            if type == "IHDR" {
                #expect(length == 13)
                #expect(Array(body[4..<12]) == [0, 0, 0, 3, 0, 0, 0, 7])
                #expect(Array(body[12..<17]) == [8, 6, 0, 0, 0])
            }
            types.append(type)
            offset += 12 + length
        }
        #expect(offset == data.count)
        #expect(types == ["IHDR", "IDAT", "IEND"])
    }

    @Test func zlibCRCMatchesReference() {
        #expect(PNGEncoder.crc32(of: Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.crc32(of: Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test func canvasPNGDecodesToCanvasPixels() throws {
        var canvas = Canvas(width: 31, height: 17, background: Color(hex: 0x102030))
        canvas.drawLine(from: PlotPoint(0, 0), to: PlotPoint(31, 17), color: .white, width: 2)
        let decoded = try decodePNG(canvas.pngData(), channels: 3)
        #expect(decoded.pixels == canvas.pixels)
    }

    @Test func writesAtomicallyAndCreatesDirectories() throws {
        let directory = NSTemporaryDirectory() + "plotting-test-\(getpid())/nested"
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let path = directory + "/image.png"
        let canvas = Canvas(width: 4, height: 3, background: .black)
        try canvas.write(to: path)
        try canvas.write(to: path)  // overwrite in place
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == canvas.pngData())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["image.png"])
    }

    @Test func writeFailureThrows() {
        #expect(throws: (any Error).self) {
            try Canvas(width: 1, height: 1).write(to: "/proc/definitely/not/writable.png")
        }
    }

    /// An independent bit-by-bit CRC-32 (reflected, polynomial 0xEDB88320).
    func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
