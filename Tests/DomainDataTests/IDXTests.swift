import Testing
@testable import DomainData

@Suite struct IDXTests {
    static func header(type: UInt8 = 0x08, dims: [UInt32]) -> [UInt8] {
        [0, 0, type, UInt8(dims.count)] + dims.flatMap { PNGFixture.be32($0) }
    }

    @Test func encodeDecodeRoundTrip() throws {
        let array = try IDXArray(dimensions: [2, 3, 4], bytes: fixtureBytes(24))
        let encoded = array.encode()
        #expect(encoded.prefix(16) == [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4])
        #expect(try IDXArray.decode(encoded, file: "f") == array)
    }

    @Test(arguments: [false, true])
    func writeReadRoundTrip(compressed: Bool) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let array = try IDXArray(dimensions: [5, 2, 2, 3], bytes: fixtureBytes(60))
        let path = dir.file(compressed ? "a-idx4-ubyte.gz" : "a-idx4-ubyte")
        try array.write(to: path, gzip: compressed)
        let raw = try FileIO.readFile(path)
        #expect(isGzip(raw) == compressed)
        #expect(try IDXArray.read(from: path) == array)
        // Atomic write leaves no temporary files behind.
        #expect(try FileIO.listDirectory(dir.path) == [FileIO.baseName(path)])
    }

    @Test func gzipMagicWithoutGzSuffixIsDecompressed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let array = try IDXArray(dimensions: [3], bytes: [1, 2, 3])
        let path = try dir.write("labels-idx1-ubyte", gzip(array.encode()))
        #expect(try IDXArray.read(from: path) == array)
    }

    @Test func missingFile() {
        expectError("/nonexistent/x-idx1-ubyte", "no such file") { _ = try IDXArray.read(from: "/nonexistent/x-idx1-ubyte") }
    }

    @Test func badMagic() {
        expectError("f.idx", "not an IDX file", "12 34 08 01") { _ = try IDXArray.decode([0x12, 0x34, 8, 1, 0, 0, 0, 0], file: "f.idx") }
        // Each of the two zero bytes is checked, not only the first.
        expectError("f.idx", "not an IDX file", "00 01 08 01") { _ = try IDXArray.decode([0, 1, 8, 1, 0, 0, 0, 0], file: "f.idx") }
    }

    @Test func unsupportedTypeIsNamed() {
        expectError("f.idx", "0x0d", "float32", "only unsigned byte") {
            _ = try IDXArray.decode(Self.header(type: 0x0D, dims: [1]) + [0, 0, 0, 0], file: "f.idx")
        }
        expectError("f.idx", "unknown IDX element type 0x42") {
            _ = try IDXArray.decode(Self.header(type: 0x42, dims: [1]) + [0], file: "f.idx")
        }
    }

    @Test func dimensionCountOutOfRange() {
        expectError("f", "dimension count 0") { _ = try IDXArray.decode([0, 0, 8, 0], file: "f") }
        expectError("f", "dimension count 5") { _ = try IDXArray.decode(Self.header(dims: [1, 1, 1, 1, 1]) + [0], file: "f") }
    }

    @Test func truncatedHeader() {
        expectError("f", "too short") { _ = try IDXArray.decode([0, 0], file: "f") }
        expectError("f", "header is truncated") { _ = try IDXArray.decode([0, 0, 8, 3, 0, 0, 0, 2], file: "f") }
    }

    @Test func truncatedData() {
        expectError("mnist/train-images-idx3-ubyte.gz", "IDX data is truncated", "header promises 12 bytes", "file has 5") {
            _ = try IDXArray.decode(Self.header(dims: [3, 2, 2]) + [1, 2, 3, 4, 5], file: "mnist/train-images-idx3-ubyte.gz")
        }
    }

    @Test func trailingBytes() {
        expectError("f", "2 unexpected trailing bytes") {
            _ = try IDXArray.decode(Self.header(dims: [2]) + [1, 2, 3, 4], file: "f")
        }
    }

    @Test func absurdDimensionsAreRejectedBeforeAllocating() {
        expectError("f", "absurd") {
            _ = try IDXArray.decode(Self.header(dims: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF]), file: "f")
        }
        expectError("f", "absurd") {
            _ = try IDXArray.decode(Self.header(dims: [0x10000, 0x10000]), file: "f")
        }
    }

    @Test func checkedInitializer() {
        expectError("need 6 bytes, got 5") { _ = try IDXArray(dimensions: [2, 3], bytes: [1, 2, 3, 4, 5]) }
        expectError("need 6 bytes, got 7") { _ = try IDXArray(dimensions: [2, 3], bytes: [1, 2, 3, 4, 5, 6, 7]) }
        expectError("dimension count 0") { _ = try IDXArray(dimensions: [], bytes: []) }
        expectError("must each be in") { _ = try IDXArray(dimensions: [-1], bytes: []) }
    }

    @Test func emptyArrayIsAllowed() throws {
        let array = try IDXArray(dimensions: [0, 28, 28], bytes: [])
        #expect(try IDXArray.decode(array.encode(), file: "f") == array)
    }
}
