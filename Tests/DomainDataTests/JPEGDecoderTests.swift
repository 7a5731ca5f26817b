import CTurboJPEG
import Testing
@testable import DomainData

/// JPEG fixtures are encoded here with libjpeg-turbo, so no binary files are committed.
enum JPEGFixture {
    /// A smooth gradient (JPEG's lossy coding keeps it close), `channels` 1 or 3.
    static func image(width: Int, height: Int, channels: Int) -> DecodedImage {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { pixels.append(UInt8(min(255, x * 150 / max(1, width - 1) + y * 2 + c * 40))) }
            }
        }
        return try! DecodedImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// A CMYK JPEG (stored as YCCK, as TurboJPEG writes CMYK).
    static func cmyk(width: Int, height: Int) -> [UInt8] {
        let handle = tjInitCompress()!
        defer { tjDestroy(handle) }
        let pixels = [UInt8](repeating: 100, count: width * height * 4)
        var output: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = tjCompress2(handle, pixels, Int32(width), 0, Int32(height), Int32(TJPF_CMYK.rawValue),
                                 &output, &size, Int32(TJSAMP_444.rawValue), 90, 0)
        precondition(status == 0 && output != nil)
        defer { tjFree(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }

    static func maxDifference(_ a: DecodedImage, _ b: DecodedImage) -> Int {
        zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }
}

@Suite struct JPEGDecoderTests {
    @Test func grayscaleRoundTrip() throws {
        let image = JPEGFixture.image(width: 17, height: 9, channels: 1)
        let decoded = try decodeJPEG(try encodeJPEG(image, quality: 100), file: "g.jpg")
        #expect(decoded.width == 17 && decoded.height == 9 && decoded.channels == 1)
        #expect(JPEGFixture.maxDifference(image, decoded) <= 4)
    }

    @Test func rgbRoundTrip() throws {
        let image = JPEGFixture.image(width: 16, height: 12, channels: 3)
        let decoded = try decodeJPEG(try encodeJPEG(image, quality: 100), file: "c.jpg")
        #expect(decoded.width == 16 && decoded.height == 12 && decoded.channels == 3)
        #expect(JPEGFixture.maxDifference(image, decoded) <= 12)
    }

    @Test func progressiveDecodesLikeBaseline() throws {
        let image = JPEGFixture.image(width: 24, height: 20, channels: 3)
        let baseline = try encodeJPEG(image, quality: 95)
        let progressive = try encodeJPEG(image, quality: 95, progressive: true)
        #expect(baseline != progressive)
        // Same coefficients, other scan order: the decoded pixels are identical.
        #expect(try decodeJPEG(progressive, file: "p.jpg") == decodeJPEG(baseline, file: "b.jpg"))
    }

    @Test func cmykIsRefusedInOneLine() throws {
        expectError("k.jpg", "CMYK JPEGs are not supported") { _ = try decodeJPEG(JPEGFixture.cmyk(width: 8, height: 8), file: "k.jpg") }
    }

    @Test func truncatedFilesThrowNamingTheFile() throws {
        let jpeg = try encodeJPEG(JPEGFixture.image(width: 32, height: 32, channels: 3))
        for length in [0, 2, 3, 10, 100, jpeg.count / 2, jpeg.count - 2] {
            expectError("t.jpg", "JPEG") { _ = try decodeJPEG(Array(jpeg.prefix(length)), file: "t.jpg") }
        }
    }

    @Test func aHeaderWithoutAFrameSaysSo() {
        let header: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        expectError("h.jpg", "no image size") { _ = try decodeJPEG(header, file: "h.jpg") }
    }

    @Test func declaredSizeTooLargeForTheFileIsRefusedBeforeAllocating() throws {
        var jpeg = try encodeJPEG(JPEGFixture.image(width: 8, height: 8, channels: 1))
        // The SOF0 segment: FF C0, length (2), precision (1), height (2), width (2).
        let sof = try #require((0 ..< jpeg.count - 1).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
        jpeg.replaceSubrange(sof + 5 ..< sof + 9, with: [0x7F, 0x00, 0x7F, 0x00])
        expectError("big.jpg", "cannot fit") { _ = try decodeJPEG(jpeg, file: "big.jpg") }
    }

    @Test func decodeImageTellsFormatsApartBySignature() throws {
        let image = JPEGFixture.image(width: 4, height: 4, channels: 1)
        #expect(try decodeImage(encodePNG(image), file: "a.jpg") == image)
        #expect(try decodeImage(encodeJPEG(image), file: "a.png").channels == 1)
        expectError("a.png", "neither a PNG nor a JPEG") { _ = try decodeImage([1, 2, 3, 4], file: "a.png") }
        expectError("e.png", "empty") { _ = try decodeImage([], file: "e.png") }
    }

    @Test func imageExtensions() {
        #expect(hasImageExtension("a.PNG") && hasImageExtension("b.jpg") && hasImageExtension("c.JPEG"))
        #expect(!hasImageExtension("d.gif") && !hasImageExtension("jpg"))
    }
}
