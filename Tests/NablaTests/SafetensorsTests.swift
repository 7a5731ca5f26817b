import FileWriting
import Foundation
import Synchronization
import Testing
@testable import Nabla
import NablaNN

@Suite("Safetensors checkpoints")
struct SafetensorsTests {
    func temporaryPath(_ name: String) -> String {
        let directory = NSTemporaryDirectory() + "nabla-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/" + name
    }

    @Test func roundTripPreservesNamesShapesValuesAndMetadata() throws {
        let tensors = ["conv.weight": randomTensor([4, 3, 5, 5], seed: 1), "scalar": Tensor(2.5), "b": Tensor([1, -0.0, .infinity])]
        let path = temporaryPath("model.safetensors")
        try Safetensors.write(tensors, metadata: ["format": "pt", "step": "12"], to: path)
        let loaded = try Safetensors.read(from: path)
        #expect(loaded.metadata == ["format": "pt", "step": "12"])
        for (name, tensor) in tensors {
            #expect(loaded.tensors[name]?.shape == tensor.shape)
            #expect(loaded.tensors[name]?.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect((8 + headerLength) % 8 == 0, "data section is 8-byte aligned")
    }

    @Test func modelStateRoundTrips() throws {
        var generator = SeededGenerator(seed: 2)
        let model = Sequential(Linear(inputSize: 3, outputSize: 2, using: &generator), BatchNorm(featureCount: 2))
        let path = temporaryPath("m.safetensors")
        try Safetensors.write(model.stateTensors(), to: path)
        var other = SeededGenerator(seed: 3)
        let copy = Sequential(Linear(inputSize: 3, outputSize: 2, using: &other), BatchNorm(featureCount: 2))
        try copy.loadState(Safetensors.read(from: path).tensors, file: path)
        #expect(copy.namedParameters.map { $0.parameter.value.scalars } == model.namedParameters.map { $0.parameter.value.scalars })
    }

    @Test func malformedFilesGiveClearErrors() throws {
        let good = Safetensors.encode(["w": Tensor([1, 2, 3])])
        func problem(_ bytes: [UInt8]) -> String {
            do { _ = try Safetensors.decode(bytes, file: "f.safetensors"); return "no error" } catch { return "\(error)" }
        }
        #expect(problem([1, 2, 3]).contains("too short"))
        var hugeHeader = good
        hugeHeader[0] = 0xFF; hugeHeader[1] = 0xFF
        #expect(problem(hugeHeader).contains("exceeds") && problem(hugeHeader).contains("f.safetensors: not a safetensors file"))
        var notJSON = good
        notJSON[8] = UInt8(ascii: "x")
        #expect(problem(notJSON).contains("not a JSON object"))
        #expect(problem(Array(good.dropLast(4))).contains("outside the"))
        let wrongShape = Array(String(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}"#).utf8)
        var file = withUnsafeBytes(of: UInt64(wrongShape.count).littleEndian) { Array($0) } + wrongShape
        file += [UInt8](repeating: 0, count: 12)
        #expect(problem(file).contains("needs 8 bytes but data_offsets span 12"))
        #expect(problem(file).hasPrefix("f.safetensors: "))
    }

    @Test func loadingRejectsMismatchedShapesAndMissingTensors() {
        var generator = SeededGenerator(seed: 4)
        let model = Linear(inputSize: 3, outputSize: 2, using: &generator)
        #expect(throws: SafetensorsError(file: "c", problem: "tensor 'weight' has shape [3, 2] but the model expects [2, 3]")) {
            try model.loadState(["weight": .zeros(shape: [3, 2]), "bias": .zeros(shape: [2])], file: "c")
        }
        #expect(throws: SafetensorsError(file: "c", problem: "tensor 'bias' is missing (the model expects shape [2])")) {
            try model.loadState(["weight": .zeros(shape: [2, 3])], file: "c")
        }
    }

    @Test func atomicWriteLeavesThePreviousFileOnFailure() throws {
        let path = temporaryPath("keep.safetensors")
        try Safetensors.write(["w": Tensor([1])], to: path)
        #expect(throws: (any Error).self) { try AtomicFile.write([1, 2, 3], to: "/nonexistent-directory/x") }
        #expect(try Safetensors.read(from: path).tensors["w"]?.scalars == [1])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["keep.safetensors"])
    }

    @Test func concurrentAtomicWritesToOnePathEachLandWhole() throws {
        let path = temporaryPath("shared.bin")
        let contents = (0..<4).map { [UInt8](repeating: UInt8($0), count: 1 << 16) }
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            do { try AtomicFile.write(contents[index % 4], to: path) } catch { failures.withLock { $0 += 1 } }
        }
        #expect(failures.withLock { $0 } == 0)
        let final = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(contents.contains(final), "one writer's bytes, whole")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["shared.bin"])
    }
}
