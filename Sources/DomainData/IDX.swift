/// An array in the IDX format used by MNIST (`train-images-idx3-ubyte` etc.).
///
/// Layout: two zero bytes, an element-type byte, the dimension count, then one
/// big-endian `UInt32` per dimension, then the elements in row-major order.
/// Only the unsigned-byte element type (`0x08`) is supported, which is what all
/// MNIST-family image and label files use.
public struct IDXArray: Sendable, Equatable {
    /// The size of each dimension, outermost first (e.g. `[60000, 28, 28]`).
    public let dimensions: [Int]
    /// The elements, row-major. `bytes.count` equals the product of `dimensions`.
    public let bytes: [UInt8]

    /// The element-type byte for unsigned bytes, the only supported type.
    public static let unsignedByteType: UInt8 = 0x08
    /// The largest element count accepted (2^31); anything larger is rejected as absurd.
    public static let maxElementCount = 1 << 31
    /// The allowed number of dimensions.
    public static let dimensionCountRange = 1...4

    /// Creates an array, checking that `bytes.count` equals the product of `dimensions`.
    public init(dimensions: [Int], bytes: [UInt8]) throws {
        let name = "IDX array"
        guard IDXArray.dimensionCountRange.contains(dimensions.count) else {
            throw DataError.invalidArgument("\(name): dimension count \(dimensions.count) is outside 1...4")
        }
        guard dimensions.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }) else {
            throw DataError.invalidArgument("\(name): dimensions \(IDXArray.shapeText(dimensions)) must each be in 0...\(UInt32.max)")
        }
        let elements = try IDXArray.elementCount(dimensions, file: name)
        guard elements == bytes.count else {
            throw DataError.invalidArgument("\(name): dimensions \(IDXArray.shapeText(dimensions)) need \(elements) bytes, got \(bytes.count)")
        }
        self.dimensions = dimensions
        self.bytes = bytes
    }

    /// Unchecked initializer for internal use after validation.
    init(validatedDimensions dimensions: [Int], bytes: [UInt8]) {
        self.dimensions = dimensions
        self.bytes = bytes
    }

    /// The number of elements (product of the dimensions).
    public var count: Int { bytes.count }

    /// "60000x28x28".
    static func shapeText(_ dimensions: [Int]) -> String {
        dimensions.map(String.init).joined(separator: "x")
    }

    /// Product of the dimensions, rejecting overflow and anything above `maxElementCount`.
    static func elementCount(_ dimensions: [Int], file: String) throws -> Int {
        var product = 1
        for d in dimensions {
            let (next, overflow) = product.multipliedReportingOverflow(by: d)
            if overflow || next > maxElementCount {
                throw DataError.idx(file: file, reason: "absurd IDX dimensions \(shapeText(dimensions)): more than \(maxElementCount) elements")
            }
            product = next
        }
        return product
    }

    /// Human-readable names of the IDX element types, for error messages.
    static func typeName(_ type: UInt8) -> String? {
        switch type {
        case 0x08: return "unsigned byte"
        case 0x09: return "signed byte"
        case 0x0B: return "int16"
        case 0x0C: return "int32"
        case 0x0D: return "float32"
        case 0x0E: return "float64"
        default: return nil
        }
    }

    /// Parses the header and returns (dimensions, header length), validating
    /// everything against `totalCount` before any allocation.
    static func parseHeader(_ bytes: UnsafeRawBufferPointer, file: String) throws -> (dimensions: [Int], headerLength: Int) {
        guard bytes.count >= 4 else {
            throw DataError.idx(file: file, reason: "file is too short to be IDX (\(bytes.count) bytes, the header alone needs at least 8)")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let magic = (0..<4).map { hex2(bytes[$0]) }.joined(separator: " ")
            throw DataError.idx(file: file, reason: "not an IDX file: magic bytes are \(magic), expected 00 00 08 0N")
        }
        let type = bytes[2]
        guard type == unsignedByteType else {
            if let name = typeName(type) {
                throw DataError.idx(file: file, reason: "unsupported IDX element type 0x\(hex2(type)) (\(name)); only unsigned byte (0x08) is supported")
            }
            throw DataError.idx(file: file, reason: "unknown IDX element type 0x\(hex2(type)); only unsigned byte (0x08) is supported")
        }
        let rank = Int(bytes[3])
        guard dimensionCountRange.contains(rank) else {
            throw DataError.idx(file: file, reason: "IDX dimension count \(rank) is outside the supported range 1...4")
        }
        let headerLength = 4 + 4 * rank
        guard bytes.count >= headerLength else {
            throw DataError.idx(file: file, reason: "IDX header is truncated: \(rank) dimensions need a \(headerLength)-byte header, file has \(bytes.count) bytes")
        }
        var dimensions: [Int] = []
        dimensions.reserveCapacity(rank)
        for i in 0..<rank {
            let o = 4 + 4 * i
            let value = Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
            dimensions.append(value)
        }
        let elements = try elementCount(dimensions, file: file)
        let payload = bytes.count - headerLength
        if payload < elements {
            throw DataError.idx(file: file, reason: "IDX data is truncated: header promises \(elements) bytes (\(shapeText(dimensions))), file has \(payload)")
        }
        if payload > elements {
            throw DataError.idx(file: file, reason: "IDX data has \(payload - elements) unexpected trailing bytes: header promises \(elements) bytes (\(shapeText(dimensions))), file has \(payload)")
        }
        return (dimensions, headerLength)
    }

    /// Decodes an IDX array from (already decompressed) bytes. `file` is used in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws -> IDXArray {
        let header = try bytes.withUnsafeBytes { try parseHeader($0, file: file) }
        return IDXArray(validatedDimensions: header.dimensions, bytes: Array(bytes[header.headerLength...]))
    }

    /// Decodes, taking ownership of `bytes` to avoid a second copy of large payloads.
    static func decode(consuming bytes: inout [UInt8], file: String) throws -> IDXArray {
        let header = try bytes.withUnsafeBytes { try parseHeader($0, file: file) }
        bytes.removeFirst(header.headerLength)
        let payload = bytes
        bytes = []
        return IDXArray(validatedDimensions: header.dimensions, bytes: payload)
    }

    /// Reads an IDX file, transparently gunzipping `.gz` / gzip-magic files. A compressed file's
    /// header is read and checked first, and it may decompress to no more than the header
    /// declares, so a small file cannot claim gigabytes.
    public static func read(from path: String) throws -> IDXArray {
        let raw = try FileIO.readFile(path)
        guard path.hasSuffix(".gz") || isGzip(raw) else {
            var bytes = raw
            return try decode(consuming: &bytes, file: path)
        }
        let head = try gunzip(raw, file: path, prefix: 4 + 4 * dimensionCountRange.upperBound)
        var declared = Int.max
        if head.count >= 4, dimensionCountRange.contains(Int(head[3])), head.count >= 4 + 4 * Int(head[3]) {
            let rank = Int(head[3])
            let dimensions = (0..<rank).map { i in (0..<4).reduce(0) { $0 << 8 | Int(head[4 + 4 * i + $1]) } }
            declared = 4 + 4 * rank + (try elementCount(dimensions, file: path))
        }
        // One byte more than declared lets the parser name surplus data as such.
        var bytes = try gunzip(raw, file: path, limit: declared == Int.max ? 1 << 32 : declared + 1)
        return try decode(consuming: &bytes, file: path)
    }

    /// The IDX encoding (header + elements), uncompressed.
    public func encode() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + 4 * dimensions.count + bytes.count)
        out.append(contentsOf: [0, 0, IDXArray.unsignedByteType, UInt8(truncatingIfNeeded: dimensions.count)])
        for d in dimensions {
            let v = UInt32(truncatingIfNeeded: d)
            out.append(contentsOf: [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16),
                                    UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)])
        }
        out.append(contentsOf: bytes)
        return out
    }

    /// Writes the array to `path` atomically (temporary file + rename),
    /// gzip-compressed when `gzip` is true.
    public func write(to path: String, gzip compress: Bool) throws {
        let encoded = encode()
        try FileIO.writeFileAtomically(path, bytes: compress ? gzip(encoded) : encoded)
    }
}

/// Two-digit lowercase hex.
func hex2(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
}
