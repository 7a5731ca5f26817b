import Foundation
import FileWriting
import CZlib

/// The pixel layouts ``PNGEncoder`` can write (all 8 bits per channel).
public enum PNGColorType: Sendable, Hashable {
    /// One luminance byte per pixel.
    case gray
    /// Luminance and alpha bytes per pixel.
    case grayAlpha
    /// Red, green, blue bytes per pixel.
    case rgb
    /// Red, green, blue, alpha bytes per pixel (straight alpha).
    case rgba

    /// Bytes per pixel.
    public var channels: Int {
        switch self {
        case .gray: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }

    /// The PNG `IHDR` colour-type code.
    var code: UInt8 {
        switch self {
        case .gray: 0
        case .grayAlpha: 4
        case .rgb: 2
        case .rgba: 6
        }
    }
}

/// How ``PNGEncoder`` chooses the per-row filter that precedes compression.
public enum PNGFilterStrategy: Sendable, Hashable {
    /// No filtering (type 0) on every row.
    case none
    /// "Sub" (type 1) on every row.
    case sub
    /// "Up" (type 2) on every row.
    case up
    /// "Paeth" (type 4) on every row.
    case paeth
    /// Per row, the filter whose output has the smallest sum of absolute signed
    /// byte values (libpng's heuristic); usually the smallest files.
    case adaptive
}

/// A minimal, complete PNG encoder for 8-bit gray, gray+alpha, RGB and RGBA
/// images: signature, `IHDR`, one `IDAT` (zlib stream of filtered rows), `IEND`,
/// each chunk with its CRC-32.
///
/// ```swift
/// let png = PNGEncoder(width: 2, height: 1, colorType: .rgb, pixels: [255, 0, 0, 0, 0, 255])
/// try png.write(to: "/tmp/two-pixels.png")
/// ```
public struct PNGEncoder: Sendable {
    /// Image width in pixels (≥ 1).
    public let width: Int
    /// Image height in pixels (≥ 1).
    public let height: Int
    /// Layout of ``pixels``.
    public let colorType: PNGColorType
    /// Row-major pixel bytes, top row first, `width * height * colorType.channels` long.
    public let pixels: [UInt8]
    /// zlib compression level 0 (store) … 9 (smallest); default 6.
    public var compressionLevel: Int = 6
    /// Row filter selection; default ``PNGFilterStrategy/adaptive``.
    public var filter: PNGFilterStrategy = .adaptive

    /// The 8-byte PNG file signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Wraps pixel bytes for encoding.
    ///
    /// - Precondition: `width` and `height` are in 1…2³¹−1 and `pixels.count`
    ///   equals `width * height * colorType.channels`.
    public init(width: Int, height: Int, colorType: PNGColorType, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && width <= Int(Int32.max) && height <= Int(Int32.max),
                     "PNG dimensions must be positive, got \(width)×\(height)")
        precondition(pixels.count == width * height * colorType.channels,
                     "expected \(width * height * colorType.channels) pixel bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.colorType = colorType
        self.pixels = pixels
    }

    /// The complete PNG file.
    public func pngData() -> [UInt8] {
        var out = PNGEncoder.signature
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, colorType.code, 0, 0, 0]  // bit depth, colour type, deflate, adaptive filtering, no interlace
        PNGEncoder.appendChunk("IHDR", header, to: &out)
        PNGEncoder.appendChunk("IDAT", compress(filteredRows()), to: &out)
        PNGEncoder.appendChunk("IEND", [], to: &out)
        return out
    }

    /// Writes the PNG file to `path` atomically (temporary file, then rename),
    /// creating missing parent directories.
    public func write(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try AtomicFile.write(pngData(), to: path)
    }

    // MARK: - Filtering

    /// Each row prefixed by its filter-type byte.
    func filteredRows() -> [UInt8] {
        let bpp = colorType.channels
        let rowBytes = width * bpp
        var out = [UInt8](repeating: 0, count: height * (rowBytes + 1))
        var scratch = [UInt8](repeating: 0, count: rowBytes)
        let zeroRow = [UInt8](repeating: 0, count: rowBytes)
        let candidates: [UInt8]
        switch filter {
        case .none: candidates = [0]
        case .sub: candidates = [1]
        case .up: candidates = [2]
        case .paeth: candidates = [4]
        case .adaptive: candidates = [0, 1, 2, 3, 4]
        }
        pixels.withUnsafeBufferPointer { src in
            zeroRow.withUnsafeBufferPointer { zero in
                out.withUnsafeMutableBufferPointer { dst in
                    scratch.withUnsafeMutableBufferPointer { tmp in
                        for y in 0..<height {
                            let cur = UnsafeBufferPointer(rebasing: src[(y * rowBytes)..<((y + 1) * rowBytes)])
                            let prev = y == 0 ? zero
                                : UnsafeBufferPointer(rebasing: src[((y - 1) * rowBytes)..<(y * rowBytes)])
                            let rowStart = y * (rowBytes + 1)
                            var bestScore = Int.max
                            for type in candidates {
                                let score = PNGEncoder.apply(type, cur, prev, bpp, into: tmp)
                                if candidates.count == 1 || score < bestScore {
                                    bestScore = score
                                    dst[rowStart] = type
                                    for i in 0..<rowBytes { dst[rowStart + 1 + i] = tmp[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Filters one row with `type` into `out`; returns the sum of absolute signed bytes.
    static func apply(_ type: UInt8, _ cur: UnsafeBufferPointer<UInt8>, _ prev: UnsafeBufferPointer<UInt8>,
                      _ bpp: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var score = 0
        for i in 0..<cur.count {
            let x = cur[i]
            let a = i >= bpp ? cur[i - bpp] : 0
            let b = prev[i]
            let c = i >= bpp ? prev[i - bpp] : 0
            let predictor: UInt8
            switch type {
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = UInt8((Int(a) + Int(b)) / 2)
            case 4: predictor = paeth(a, b, c)
            default: predictor = 0
            }
            let v = x &- predictor
            out[i] = v
            score += v < 128 ? Int(v) : 256 - Int(v)
        }
        return score
    }

    /// The Paeth predictor of the PNG specification.
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    // MARK: - zlib

    /// A zlib stream (RFC 1950) of `data`, as `IDAT` requires.
    func compress(_ data: [UInt8]) -> [UInt8] {
        var bound = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let level = Int32(min(max(compressionLevel, 0), 9))
        let status = out.withUnsafeMutableBufferPointer { dst in
            data.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &bound, src.baseAddress, uLong(src.count), level)
            }
        }
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        out.removeSubrange(Int(bound)...)
        return out
    }

    /// Appends length, type, data and CRC-32 (over type and data) of one chunk.
    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        precondition(typeBytes.count == 4)
        out.appendBigEndian(UInt32(data.count))
        out += typeBytes
        out += data
        out.appendBigEndian(crc32(of: typeBytes + data))
    }

    /// CRC-32 (ISO 3309 / ITU-T V.42, as used by PNG and zlib) of `bytes`.
    public static func crc32(of bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buf in
            UInt32(CZlib.crc32(CZlib.crc32(0, nil, 0), buf.baseAddress, uInt(buf.count)))
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }
}
