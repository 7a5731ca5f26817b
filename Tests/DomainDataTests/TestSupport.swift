import SeededRandom
import CZlib
import Foundation
import Testing
@testable import DomainData

/// A fresh temporary directory, removed by `remove()`.
struct TempDir {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/domaindata-test-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else { throw DataError.io(file: "tmp", reason: "mkdtemp failed") }
        path = FileIO.normalize(String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    func file(_ name: String) -> String { FileIO.join(path, name) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let full = file(name)
        let parent = (full as NSString).deletingLastPathComponent
        try FileIO.createDirectory(parent)
        try FileIO.writeFileAtomically(full, bytes: bytes)
        return full
    }

    @discardableResult
    func write(_ name: String, text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func mkdir(_ name: String) throws -> String {
        let full = file(name)
        try FileIO.createDirectory(full)
        return full
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` and returns the `DataError` it throws (recording an issue otherwise).
func dataError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> DataError? {
    do {
        try body()
        Issue.record("expected a DataError, nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as DataError {
        let text = error.description
        #expect(!text.contains("\n"), "error message must be one line: \(text)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a DataError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Asserts `body` throws a DataError whose text contains every fragment.
func expectError(_ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    guard let error = dataError(body, sourceLocation: sourceLocation) else { return }
    let text = error.description
    for fragment in fragments {
        #expect(text.contains(fragment), "'\(text)' should mention '\(fragment)'", sourceLocation: sourceLocation)
    }
}

/// Deterministic pseudo-random bytes for fixtures.
func fixtureBytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
}

/// A minimal PNG writer for fixtures that libpng's simplified writer cannot make
/// (palette, 16-bit, gray+alpha, sub-byte depths, bad CRCs, ...).
enum PNGFixture {
    /// Builds a PNG from raw scanlines (without filter bytes). Every row uses filter 0;
    /// `ancillary` chunks (gAMA, sRGB, …) go right after IHDR.
    static func make(width: Int, height: Int, bitDepth: UInt8, colorType: UInt8,
                     rows: [[UInt8]], palette: [UInt8]? = nil, transparency: [UInt8]? = nil,
                     ancillary: [(type: String, data: [UInt8])] = []) -> [UInt8] {
        var ihdr: [UInt8] = []
        ihdr += be32(UInt32(width)) + be32(UInt32(height))
        ihdr += [bitDepth, colorType, 0, 0, 0]
        var raw: [UInt8] = []
        for row in rows { raw.append(0); raw += row }
        var png = pngSignature
        png += chunk("IHDR", ihdr)
        for extra in ancillary { png += chunk(extra.type, extra.data) }
        if let palette { png += chunk("PLTE", palette) }
        if let transparency { png += chunk("tRNS", transparency) }
        png += chunk("IDAT", zlibCompress(raw))
        png += chunk("IEND", [])
        return png
    }

    static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let crcInput = typeBytes + data
        let crc = crcInput.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        return be32(UInt32(data.count)) + typeBytes + data + be32(crc)
    }

    static func zlibCompress(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let rc = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &size, src.baseAddress, uLong(src.count), 6)
            }
        }
        precondition(rc == Z_OK)  // test-only helper
        return Array(out.prefix(Int(size)))
    }
}
