import Foundation
import Testing
@testable import Nabla
import NablaNN

/// Whether `python3` can import the reference `safetensors` package.
let pythonSafetensorsAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import safetensors, numpy"]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

/// CI installs the Python package, so there the test must run; elsewhere it runs when it can.
let interopRequired = ProcessInfo.processInfo.environment["CI"] == "true"

@Suite("Interoperability")
struct InteropTests {
    @Test("a checkpoint we write is read by Python's safetensors package",
          .enabled(if: pythonSafetensorsAvailable || interopRequired, "python3 with safetensors and numpy is not installed"))
    func pythonReadsOurCheckpoint() throws {
        var generator = SeededGenerator(seed: 11)
        let model = Sequential(Conv2D(inputChannels: 3, outputChannels: 4, kernelSize: (5, 5), using: &generator),
                               BatchNorm(featureCount: 4), Flatten(), Linear(inputSize: 16, outputSize: 10, using: &generator))
        let tensors = model.stateTensors()
        let directory = NSTemporaryDirectory() + "interop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let metadata = ["format": "pt", "architecture": "test"]
        try Safetensors.write(tensors, metadata: metadata, to: directory + "/model.safetensors")
        let expectation: [String: Any] = [
            "metadata": metadata,
            "tensors": tensors.mapValues { ["shape": $0.shape, "values": $0.scalars.map(Double.init)] as [String: Any] },
        ]
        try JSONSerialization.data(withJSONObject: expectation).write(to: URL(fileURLWithPath: directory + "/expected.json"))
        #expect(Set(tensors.keys) == ["0.weight", "0.bias", "1.scale", "1.offset", "1.runningMean", "1.runningVariance", "3.weight", "3.bias"])

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/check_safetensors.py").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory + "/model.safetensors", directory + "/expected.json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "python: \(text)")
        #expect(text.contains("ok: 8 tensors"))
    }
}
