import Testing
@testable import DomainData

@Suite struct PNGDecoderTests {
    @Test func gray8() throws {
        let png = PNGFixture.make(width: 3, height: 2, bitDepth: 8, colorType: 0, rows: [[0, 128, 255], [1, 2, 3]])
        let image = try decodePNG(png, file: "g.png")
        #expect(image.width == 3 && image.height == 2 && image.channels == 1)
        #expect(image.pixels == [0, 128, 255, 1, 2, 3])
    }

    @Test func gray1BitIsExpanded() throws {
        let png = PNGFixture.make(width: 8, height: 1, bitDepth: 1, colorType: 0, rows: [[0b1010_0001]])
        #expect(try decodePNG(png, file: "g.png").pixels == [255, 0, 255, 0, 0, 0, 0, 255])
    }

    @Test func rgb8() throws {
        let png = PNGFixture.make(width: 2, height: 1, bitDepth: 8, colorType: 2, rows: [[10, 20, 30, 40, 50, 60]])
        let image = try decodePNG(png, file: "c.png")
        #expect(image.channels == 3 && image.pixels == [10, 20, 30, 40, 50, 60])
    }

    @Test func rgbaAlphaIsStripped() throws {
        let png = PNGFixture.make(width: 2, height: 1, bitDepth: 8, colorType: 6, rows: [[10, 20, 30, 255, 40, 50, 60, 255]])
        let image = try decodePNG(png, file: "c.png")
        #expect(image.channels == 3 && image.pixels == [10, 20, 30, 40, 50, 60])
    }

    @Test func translucentColoursAreKeptAsStored() throws {
        let png = PNGFixture.make(width: 2, height: 1, bitDepth: 8, colorType: 6, rows: [[10, 20, 30, 0, 40, 50, 60, 128]])
        #expect(try decodePNG(png, file: "c.png").pixels == [10, 20, 30, 40, 50, 60])
    }

    @Test func grayAlphaIsStripped() throws {
        let png = PNGFixture.make(width: 2, height: 1, bitDepth: 8, colorType: 4, rows: [[7, 255, 9, 255]])
        let image = try decodePNG(png, file: "c.png")
        #expect(image.channels == 1 && image.pixels == [7, 9])
    }

    @Test func paletteIsExpanded() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let png = PNGFixture.make(width: 3, height: 1, bitDepth: 8, colorType: 3, rows: [[2, 0, 1]], palette: palette)
        let image = try decodePNG(png, file: "p.png")
        #expect(image.channels == 3 && image.pixels == [0, 0, 255, 255, 0, 0, 0, 255, 0])
        let withTransparency = PNGFixture.make(width: 3, height: 1, bitDepth: 8, colorType: 3, rows: [[2, 0, 1]],
                                               palette: palette, transparency: [255, 255, 255])
        #expect(try decodePNG(withTransparency, file: "p.png").pixels == image.pixels)
    }

    @Test func sixteenBitIsReducedTo8() throws {
        let samples: [UInt16] = [0x0000, 0x8080, 0xFFFF, 0x1234, 0xABCD, 0x7F7F]
        let row = samples.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let png = PNGFixture.make(width: 2, height: 1, bitDepth: 16, colorType: 2, rows: [row])
        let image = try decodePNG(png, file: "d.png")
        #expect(image.channels == 3)
        for (got, sample) in zip(image.pixels, samples) {
            #expect(abs(Int(got) - Int(sample >> 8)) <= 1, "16-bit \(sample) decoded as \(got)")
        }
        let gray = PNGFixture.make(width: 1, height: 1, bitDepth: 16, colorType: 0, rows: [[0xC0, 0x00]])
        #expect(try decodePNG(gray, file: "d.png").pixels.first.map { abs(Int($0) - 0xC0) <= 1 } == true)
    }

    /// A gAMA chunk (or sRGB, cHRM, iCCP) does not change the samples: like libpng without
    /// transformations and PIL, the decoder returns the stored values. libpng's simplified API
    /// would convert a linear (gamma 1.0) file to sRGB, 128 becoming about 188.
    @Test func colourSpaceChunksDoNotChangeSamples() throws {
        let linear = (type: "gAMA", data: PNGFixture.be32(100_000))
        let dark = (type: "gAMA", data: PNGFixture.be32(20_000))
        let chrm = (type: "cHRM", data: [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000].flatMap { PNGFixture.be32($0) })
        let srgb = (type: "sRGB", data: [UInt8(0)])
        let gray: [UInt8] = [0, 1, 64, 128, 200, 254, 255]
        for chunks in [[linear], [dark], [linear, chrm], [srgb], [dark, chrm]] {
            let png = PNGFixture.make(width: gray.count, height: 1, bitDepth: 8, colorType: 0, rows: [gray], ancillary: chunks)
            #expect(try decodePNG(png, file: "g.png").pixels == gray, "\(chunks.map(\.type))")
            let rgb = PNGFixture.make(width: 2, height: 1, bitDepth: 8, colorType: 2, rows: [[10, 100, 200, 30, 128, 250]], ancillary: chunks)
            #expect(try decodePNG(rgb, file: "c.png").pixels == [10, 100, 200, 30, 128, 250])
            let rgba = PNGFixture.make(width: 1, height: 1, bitDepth: 8, colorType: 6, rows: [[10, 100, 200, 77]], ancillary: chunks)
            #expect(try decodePNG(rgba, file: "c.png").pixels == [10, 100, 200])
            let grayAlpha = PNGFixture.make(width: 1, height: 1, bitDepth: 8, colorType: 4, rows: [[128, 255]], ancillary: chunks)
            #expect(try decodePNG(grayAlpha, file: "c.png").pixels == [128])
            let palette = PNGFixture.make(width: 2, height: 1, bitDepth: 8, colorType: 3, rows: [[1, 0]],
                                          palette: [128, 64, 32, 200, 100, 50], ancillary: chunks)
            #expect(try decodePNG(palette, file: "p.png").pixels == [200, 100, 50, 128, 64, 32])
            let deep = PNGFixture.make(width: 1, height: 1, bitDepth: 16, colorType: 0, rows: [[0x80, 0x80]], ancillary: chunks)
            #expect(try decodePNG(deep, file: "d.png").pixels == [0x80])
        }
    }

    @Test func encodeDecodeRoundTrip() throws {
        for channels in [1, 3] {
            let image = try DecodedImage(width: 5, height: 4, channels: channels, pixels: fixtureBytes(20 * channels))
            #expect(try decodePNG(encodePNG(image), file: "r.png") == image)
        }
    }

    @Test func badSignatureAndEmpty() {
        expectError("x.png", "not a PNG file") { _ = try decodePNG(Array("GIF89a....".utf8), file: "x.png") }
        expectError("x.png", "empty") { _ = try decodePNG([], file: "x.png") }
    }

    @Test func truncatedPNGIsRejected() throws {
        let png = try encodePNG(DecodedImage(width: 16, height: 16, channels: 3, pixels: fixtureBytes(768)))
        for cut in [12, 30, png.count / 2, png.count - 20] {
            expectError("t.png", "cannot decode PNG") { _ = try decodePNG(Array(png.prefix(cut)), file: "t.png") }
        }
    }

    @Test func corruptCRCIsRejected() throws {
        var png = PNGFixture.make(width: 2, height: 1, bitDepth: 8, colorType: 0, rows: [[1, 2]])
        png[16] ^= 0x01  // inside IHDR data: the CRC no longer matches
        expectError("crc.png", "cannot decode PNG", "CRC") { _ = try decodePNG(png, file: "crc.png") }
    }

    @Test func corruptImageDataIsRejected() throws {
        // Valid chunks (CRCs recomputed) but an IDAT stream that is not zlib data.
        var png = pngSignature
        png += PNGFixture.chunk("IHDR", PNGFixture.be32(2) + PNGFixture.be32(2) + [8, 0, 0, 0, 0])
        png += PNGFixture.chunk("IDAT", [1, 2, 3, 4, 5, 6, 7, 8])
        png += PNGFixture.chunk("IEND", [])
        expectError("z.png", "cannot decode PNG") { _ = try decodePNG(png, file: "z.png") }
    }

    @Test func decodedImageValidation() {
        expectError("needs 4 bytes, got 3") { _ = try DecodedImage(width: 2, height: 2, channels: 1, pixels: [0, 0, 0]) }
        expectError("channels 1 or 3") { _ = try DecodedImage(width: 1, height: 1, channels: 2, pixels: [0, 0]) }
    }
}
