import CPNG

/// A decoded 8-bit image: `height × width × channels` bytes, row-major, channels interleaved.
public struct DecodedImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// 1 (grayscale) or 3 (RGB).
    public let channels: Int
    public let pixels: [UInt8]

    /// Creates an image, checking that `pixels.count == width × height × channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws {
        guard width > 0, height > 0, channels == 1 || channels == 3 else {
            throw DataError.invalidArgument("image \(width)x\(height)x\(channels): size must be positive and channels 1 or 3")
        }
        let (area, o1) = width.multipliedReportingOverflow(by: height)
        let (size, o2) = area.multipliedReportingOverflow(by: channels)
        guard !o1, !o2, size == pixels.count else {
            throw DataError.invalidArgument("image \(width)x\(height)x\(channels) needs \(o1 || o2 ? "too many" : String(size)) bytes, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    init(validatedWidth width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The image with 3 channels (grayscale replicated), or `self` if already RGB.
    public func toRGB() -> DecodedImage {
        guard channels == 1 else { return self }
        var rgb = [UInt8](repeating: 0, count: pixels.count * 3)
        pixels.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count {
                    dst[3 * i] = src[i]
                    dst[3 * i + 1] = src[i]
                    dst[3 * i + 2] = src[i]
                }
            }
        }
        return DecodedImage(validatedWidth: width, height: height, channels: 3, pixels: rgb)
    }
}

/// The 8-byte PNG signature.
let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

// libpng simplified-API format flags (png.h PNG_FORMAT_FLAG_*).
private let formatFlagAlpha: UInt32 = 0x01
private let formatFlagColor: UInt32 = 0x02
private let imageFlag16BitSRGB: UInt32 = 0x04
/// Largest decoded image accepted (bytes), so a lying header cannot trigger a huge allocation.
private let maxDecodedBytes = 1 << 30

/// The error/warning message libpng left in a `png_image`.
private func pngMessage(_ image: png_image) -> String {
    withUnsafeBytes(of: image.message) { raw in
        let text = String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        return text.isEmpty ? "unknown libpng error" : text
    }
}

/// Chunks that describe the colour space (gamma, chromaticities, ICC profile, sRGB intent).
private let colourSpaceChunks: Set<[UInt8]> = [Array("gAMA".utf8), Array("cHRM".utf8), Array("sRGB".utf8), Array("iCCP".utf8)]

/// `bytes` without its colour-space chunks, so that libpng's simplified API, which converts a
/// file with a non-sRGB gAMA to sRGB, returns the stored samples instead. Whole chunks (with
/// their CRCs) are dropped, so the rest stays valid; a malformed chunk list is copied from there
/// on unchanged for libpng to report.
func withoutColourSpaceChunks(_ bytes: [UInt8]) -> [UInt8] {
    var kept = Array(bytes.prefix(8))
    var offset = 8
    while offset + 12 <= bytes.count {
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        let end = offset + 12 + length
        guard end <= bytes.count else { break }
        if !colourSpaceChunks.contains(Array(bytes[offset + 4..<offset + 8])) {
            kept += bytes[offset..<end]
        }
        offset = end
    }
    kept += bytes[offset...]
    return kept
}

/// Decodes a PNG with libpng's simplified API (no setjmp/longjmp crosses Swift frames).
///
/// Every PNG colour type and bit depth is accepted: palette images are expanded,
/// 16-bit samples reduced to 8 bits (no gamma change), and alpha is dropped (colour
/// values kept as stored). Gray and gray+alpha give 1 channel; RGB, RGBA and palette
/// give 3. The samples are the stored ones: gAMA, cHRM, sRGB and iCCP chunks are
/// ignored, as libpng without transformations and PIL do. Corrupt or truncated files
/// throw `DataError.png` naming `file`.
public func decodePNG(_ bytes: [UInt8], file: String) throws -> DecodedImage {
    guard bytes.count >= 8, Array(bytes[0..<8]) == pngSignature else {
        throw DataError.png(file: file, reason: bytes.isEmpty ? "file is empty" : "not a PNG file (bad signature)")
    }
    let bytes = withoutColourSpaceChunks(bytes)
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    defer { png_image_free(&image) }

    // libpng keeps a pointer to the input between begin_read and finish_read,
    // so both calls happen inside one withUnsafeBytes scope.
    let result: Result<(pixels: [UInt8], width: Int, height: Int, components: Int, color: Bool), DataError>
    result = bytes.withUnsafeBytes { raw in
        guard png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count) != 0 else {
            return .failure(.png(file: file, reason: pngMessage(image)))
        }
        let color = image.format & formatFlagColor != 0
        let alpha = image.format & formatFlagAlpha != 0
        let width = Int(image.width)
        let height = Int(image.height)
        let components = (color ? 3 : 1) + (alpha ? 1 : 0)
        guard width > 0, height > 0, width * height <= maxDecodedBytes / components else {
            return .failure(.png(file: file, reason: "image size \(width)x\(height) is too large"))
        }
        // Deflate expands at most ~1032:1, so a header promising far more pixels than the file
        // could hold is corrupt; refuse it before allocating the buffer.
        guard width * height * components <= raw.count * 1032 + (1 << 20) else {
            return .failure(.png(file: file, reason: "image size \(width)x\(height) cannot fit in a \(raw.count)-byte file"))
        }
        image.format = (color ? formatFlagColor : 0) | (alpha ? formatFlagAlpha : 0)
        image.flags |= imageFlag16BitSRGB
        var buffer = [UInt8](repeating: 0, count: width * height * components)
        let ok = buffer.withUnsafeMutableBytes { out in
            png_image_finish_read(&image, nil, out.baseAddress, Int32(width * components), nil)
        }
        guard ok != 0 else {
            return .failure(.png(file: file, reason: pngMessage(image)))
        }
        return .success((buffer, width, height, components, color))
    }
    let decoded = try result.get()
    let channels = decoded.color ? 3 : 1
    if decoded.components == channels {
        return DecodedImage(validatedWidth: decoded.width, height: decoded.height, channels: channels, pixels: decoded.pixels)
    }
    // Drop the alpha channel (last component of each pixel).
    let pixelCount = decoded.width * decoded.height
    var stripped = [UInt8](repeating: 0, count: pixelCount * channels)
    decoded.pixels.withUnsafeBufferPointer { src in
        stripped.withUnsafeMutableBufferPointer { dst in
            for p in 0..<pixelCount {
                for c in 0..<channels {
                    dst[p * channels + c] = src[p * decoded.components + c]
                }
            }
        }
    }
    return DecodedImage(validatedWidth: decoded.width, height: decoded.height, channels: channels, pixels: stripped)
}

/// Reads and decodes a PNG file.
public func readPNG(_ path: String) throws -> DecodedImage {
    try decodePNG(FileIO.readFile(path), file: path)
}

/// Encodes an 8-bit grayscale or RGB image as PNG (libpng simplified write API).
public func encodePNG(_ decoded: DecodedImage) throws -> [UInt8] {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = UInt32(decoded.width)
    image.height = UInt32(decoded.height)
    image.format = decoded.channels == 3 ? formatFlagColor : 0
    defer { png_image_free(&image) }
    let stride = Int32(decoded.width * decoded.channels)
    var size: png_alloc_size_t = 0
    let sized = decoded.pixels.withUnsafeBytes { raw in
        png_image_write_to_memory(&image, nil, &size, 0, raw.baseAddress, stride, nil)
    }
    guard sized != 0, size > 0 else {
        throw DataError.png(file: "(in-memory image)", reason: "cannot encode: \(pngMessage(image))")
    }
    var out = [UInt8](repeating: 0, count: Int(size))
    let ok = out.withUnsafeMutableBytes { dst in
        decoded.pixels.withUnsafeBytes { raw in
            png_image_write_to_memory(&image, dst.baseAddress, &size, 0, raw.baseAddress, stride, nil)
        }
    }
    guard ok != 0 else {
        throw DataError.png(file: "(in-memory image)", reason: "cannot encode: \(pngMessage(image))")
    }
    out.removeLast(out.count - Int(size))
    return out
}

/// Encodes and writes a PNG file atomically.
public func writePNG(_ image: DecodedImage, to path: String) throws {
    try FileIO.writeFileAtomically(path, bytes: encodePNG(image))
}
