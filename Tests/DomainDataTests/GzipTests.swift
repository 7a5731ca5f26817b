import Foundation
import Testing
@testable import DomainData

@Suite struct GzipTests {
    @Test(arguments: [0, 1, 100, 200_000])
    func roundTrip(size: Int) throws {
        let data = fixtureBytes(size, seed: UInt64(size))
        let compressed = gzip(data)
        #expect(isGzip(compressed))
        #expect(try gunzip(compressed, file: "x.gz") == data)
    }

    @Test func compressibleDataRoundTrips() throws {
        // Highly compressible: exercises output-buffer growth beyond the ISIZE hint path.
        let data = [UInt8](repeating: 7, count: 3_000_000)
        let compressed = gzip(data, level: 9)
        #expect(compressed.count < 10_000)
        #expect(try gunzip(compressed, file: "x.gz") == data)
    }

    @Test func multiMemberIsConcatenated() throws {
        let a = fixtureBytes(1000, seed: 1), b = fixtureBytes(500, seed: 2)
        #expect(try gunzip(gzip(a) + gzip(b), file: "x.gz") == a + b)
    }

    @Test func trailingZeroPaddingIsIgnored() throws {
        let a = fixtureBytes(100)
        #expect(try gunzip(gzip(a) + [0, 0, 0, 0], file: "x.gz") == a)
    }

    @Test func trailingGarbageIsAnError() {
        expectError("x.gz", "trailing") { _ = try gunzip(gzip(fixtureBytes(100)) + [1, 2, 3], file: "x.gz") }
    }

    @Test func zlibStreamsAreAccepted() throws {
        let data = fixtureBytes(300)
        #expect(try gunzip(PNGFixture.zlibCompress(data), file: "x.z") == data)
    }

    @Test func truncatedStreamIsReported() {
        let compressed = gzip(fixtureBytes(10_000))
        for cut in [3, 10, compressed.count / 2, compressed.count - 4] {
            expectError("data/t.gz", "truncated") { _ = try gunzip(Array(compressed.prefix(cut)), file: "data/t.gz") }
        }
    }

    @Test func corruptStreamIsReported() {
        var compressed = gzip(fixtureBytes(10_000))
        compressed[compressed.count / 2] ^= 0xFF
        compressed[compressed.count / 2 + 1] ^= 0x55
        expectError("c.gz", "gzip data is invalid") { _ = try gunzip(compressed, file: "c.gz") }
    }

    @Test func corruptChecksumIsReported() {
        var compressed = gzip(fixtureBytes(1000))
        compressed[compressed.count - 6] ^= 0x01  // CRC32 in the trailer
        expectError("c.gz", "corrupt", "incorrect data check") { _ = try gunzip(compressed, file: "c.gz") }
    }

    @Test func notGzipAtAll() {
        expectError("plain.gz", "incorrect header check") { _ = try gunzip(Array("hello world".utf8), file: "plain.gz") }
        expectError("empty.gz", "empty") { _ = try gunzip([], file: "empty.gz") }
    }

    @Test func decompressIfNeededDetectsByNameOrMagic() throws {
        let data = fixtureBytes(64)
        #expect(try decompressIfNeeded(data, file: "raw") == data)
        #expect(try decompressIfNeeded(gzip(data), file: "raw") == data)
        expectError("raw.gz") { _ = try decompressIfNeeded(data, file: "raw.gz") }
    }
}

@Suite struct GzipLimitTests {
    @Test func outputBeyondTheLimitIsRefused() throws {
        let packed = gzip([UInt8](repeating: 7, count: 100_000))
        #expect(try gunzip(packed, file: "z.gz").count == 100_000)
        #expect(throws: DataError.self) { try gunzip(packed, file: "z.gz", limit: 1000) }
        #expect(try gunzip(packed, file: "z.gz", prefix: 10) == [UInt8](repeating: 7, count: 10))
    }

    @Test func aCompressedIDXFileMayNotHoldMoreThanItsHeaderDeclares() throws {
        let directory = NSTemporaryDirectory() + "idx-bomb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A header for 2×2 images of 3 samples (12 bytes), followed by 10 MB of zeros.
        let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2]
        try Data(gzip(header + [UInt8](repeating: 0, count: 10_000_000))).write(to: URL(fileURLWithPath: directory + "/bomb-idx3-ubyte.gz"))
        #expect(throws: DataError.self) { try IDXArray.read(from: directory + "/bomb-idx3-ubyte.gz") }
        // A header declaring an absurd size is refused before anything is inflated.
        let absurd: [UInt8] = [0, 0, 8, 3, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]
        try Data(gzip(absurd + [1, 2, 3])).write(to: URL(fileURLWithPath: directory + "/absurd-idx3-ubyte.gz"))
        do { _ = try IDXArray.read(from: directory + "/absurd-idx3-ubyte.gz"); Issue.record("should fail") } catch {
            #expect("\(error)".contains("absurd IDX dimensions"))
        }
        // A well-formed compressed file still reads.
        try Data(gzip(header + Array(1...12))).write(to: URL(fileURLWithPath: directory + "/good-idx3-ubyte.gz"))
        #expect(try IDXArray.read(from: directory + "/good-idx3-ubyte.gz").bytes == Array(1...12))
    }
}
