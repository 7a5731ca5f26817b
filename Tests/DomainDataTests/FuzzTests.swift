import SeededRandom
import Foundation
import Testing
@testable import DomainData

/// A seeded random-mutation fuzzer: each parser gets thousands of corrupted versions of a valid
/// input (bit flips, byte overwrites, truncations, insertions, duplicated slices, extreme header
/// values). Every one must either parse or throw a `DataError`; a crash, hang or runaway
/// allocation fails the whole test process. Run longer with `DANN_FUZZ_ITERATIONS=200000`.
enum Mutator {
    static let iterations = Int(ProcessInfo.processInfo.environment["DANN_FUZZ_ITERATIONS"] ?? "") ?? 3000

    static func mutate(_ input: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + Int(generator.next() % 4)) {
            guard !bytes.isEmpty else { bytes = [UInt8(truncatingIfNeeded: generator.next())]; continue }
            let position = Int(generator.next() % UInt64(bytes.count))
            switch generator.next() % 7 {
            case 0: bytes[position] ^= UInt8(1 << (generator.next() % 8))
            case 1: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            case 2: bytes.removeLast(Int(generator.next() % UInt64(bytes.count)))
            case 3: bytes.insert(contentsOf: (0..<Int(generator.next() % 16)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, at: position)
            case 4: bytes[position] = [0x00, 0xFF, 0x7F, 0x80][Int(generator.next() % 4)]
            case 5:
                let end = min(bytes.count, position + Int(generator.next() % 64))
                bytes.insert(contentsOf: bytes[position..<end], at: Int(generator.next() % UInt64(bytes.count)))
            default:
                // Overwrite a 4-byte window with a large big-endian count (IDX dimensions, PNG sizes).
                for (offset, byte) in [UInt8(0x7F), 0xFF, 0xFF, 0xF0].enumerated() where position + offset < bytes.count {
                    bytes[position + offset] = byte
                }
            }
        }
        return bytes
    }

    /// Runs `parse` on `iterations` mutants of `seed`; any thrown error must be a `DataError`.
    static func fuzz(_ name: String, seed: [UInt8], generatorSeed: UInt64, parse: ([UInt8]) throws -> Void) {
        var generator = SplitMix64(seed: generatorSeed)
        var rejected = 0
        let start = Date()
        for _ in 0..<iterations {
            let mutant = mutate(seed, using: &generator)
            do { try parse(mutant) } catch is DataError { rejected += 1 } catch {
                Issue.record("\(name): unexpected error type \(type(of: error)): \(error)")
                return
            }
        }
        #expect(rejected > 0, "\(name): the mutations should break at least some inputs")
        #expect(Date().timeIntervalSince(start) < 60, "\(name): fuzzing took too long (a hang?)")
    }
}

@Suite("Parser fuzzing (seeded mutations)")
struct FuzzTests {
    func sampleIDX() throws -> [UInt8] {
        try IDXArray(dimensions: [3, 4, 5], bytes: (0..<60).map { UInt8($0) }).encode()
    }

    @Test func idxParser() throws {
        Mutator.fuzz("IDX", seed: try sampleIDX(), generatorSeed: 1) { _ = try IDXArray.decode($0, file: "fuzz.idx") }
    }

    @Test func gzipWrappedIDX() throws {
        let compressed = gzip(try sampleIDX())
        Mutator.fuzz("gzip", seed: compressed, generatorSeed: 2) { bytes in
            _ = try IDXArray.decode(try decompressIfNeeded(bytes, file: "fuzz.gz"), file: "fuzz.gz")
        }
    }

    @Test func pngDecoder() throws {
        var rows: [[UInt8]] = []
        for y in 0..<6 {
            rows.append((0..<18).map { (x: Int) -> UInt8 in UInt8((x * 7 + y * 13) % 256) })
        }
        let png = PNGFixture.make(width: 6, height: 6, bitDepth: 8, colorType: 2, rows: rows)
        Mutator.fuzz("PNG", seed: png, generatorSeed: 3) { _ = try decodePNG($0, file: "fuzz.png") }
    }

    @Test func jpegDecoder() throws {
        let image = JPEGFixture.image(width: 16, height: 16, channels: 3)
        Mutator.fuzz("JPEG", seed: try encodeJPEG(image, quality: 80), generatorSeed: 8) { _ = try decodeJPEG($0, file: "fuzz.jpg") }
        Mutator.fuzz("progressive JPEG", seed: try encodeJPEG(image, quality: 80, progressive: true), generatorSeed: 9) {
            _ = try decodeJPEG($0, file: "fuzz.jpg")
        }
    }

    @Test func csvParser() throws {
        let csv = Array("x1,x2,x3,label\n0.5,1,-2e3,0\n1.5,2,3,1\n2.5,NaN,4,2\n".utf8)
        Mutator.fuzz("CSV", seed: csv, generatorSeed: 4) { _ = try parseCSV($0, file: "fuzz.csv") }
    }

    @Test func svmlightParser() throws {
        let text = Array("+1 0:2 3:1.5 # comment\n-1 1:4\t4:1e-1\n1 2:7\n".utf8)
        Mutator.fuzz("svmlight", seed: text, generatorSeed: 6) { _ = try parseSVMLight($0, file: "fuzz.svmlight") }
        Mutator.fuzz("svmlight fixed", seed: text, generatorSeed: 7) {
            _ = try parseSVMLight($0, file: "fuzz.svmlight", options: .init(indexBase: 1, featureCount: 4))
        }
    }

    @Test func mnistMLabelList() throws {
        let labels = Array("00000000.png 7\n00000001.png 2\n".utf8)
        Mutator.fuzz("labels", seed: labels, generatorSeed: 5) { _ = try MNISTMPNGLayout.parseLabels($0, file: "fuzz.txt") }
    }
}
