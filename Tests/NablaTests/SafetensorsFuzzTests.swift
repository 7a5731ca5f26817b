import Foundation
import Testing
@testable import Nabla

/// Seeded random mutations of a valid safetensors file: each must decode or throw a
/// `SafetensorsError`, never crash. `DANN_FUZZ_ITERATIONS` raises the count.
@Suite("Safetensors fuzzing (seeded mutations)")
struct SafetensorsFuzzTests {
    @Test func decoderSurvivesMutations() {
        let iterations = Int(ProcessInfo.processInfo.environment["DANN_FUZZ_ITERATIONS"] ?? "") ?? 3000
        let valid = Safetensors.encode(["a": randomTensor([2, 3], seed: 1), "b": Tensor([1, 2])], metadata: ["k": "v"])
        var generator = SeededGenerator(seed: 7)
        var rejected = 0
        for _ in 0..<iterations {
            var bytes = valid
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 5 {
                case 0: bytes[position] ^= UInt8(1 << (generator.next() % 8))
                case 1: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 2: bytes.removeLast(Int(generator.next() % UInt64(bytes.count)))
                case 3: bytes.insert(UInt8(ascii: ["9", "-", "\"", "{", "]"][Int(generator.next() % 5)]), at: position)
                default: bytes[min(position, 7)] = 0xFF  // absurd header length
                }
                if bytes.isEmpty { bytes = [0] }
            }
            do { _ = try Safetensors.decode(bytes, file: "fuzz.safetensors") } catch is SafetensorsError { rejected += 1 } catch {
                Issue.record("unexpected error type \(type(of: error))")
                return
            }
        }
        #expect(rejected > iterations / 10)
    }
}
