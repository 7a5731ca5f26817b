import Foundation
import Testing

/// Ctrl-C and SIGTERM during the final stages (features, t-SNE, PCA, proxy A-distance) of
/// `dann train` and during `dann embed` stop within about a second: the checkpoint is saved,
/// the exit status is 130 (SIGINT) or 143 (SIGTERM), no picture or summary is half written.
@Suite("signals during the final stages", .serialized)
struct SignalTests {
    /// A CSV folder of 3 Gaussian classes with `testRows` test rows: with as many embedding
    /// samples the exact t-SNE takes minutes in a debug build, so a signal lands in it.
    func domain(testRows: Int) throws -> String {
        let directory = temporaryDirectory("signal-domain")
        var state: UInt64 = 7
        func noise() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) - 0.5 }
        for (name, rows) in [("train", 60), ("test", testRows)] {
            let lines = (0..<rows).map { i in (0..<4).map { _ in String(format: "%.4f", Double(i % 3) + noise()) }.joined(separator: ",") + ",\(i % 3)" }
            try (["a,b,c,d,label"] + lines).joined(separator: "\n").write(toFile: "\(directory)/\(name).csv", atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// Runs `dann arguments`, waits until `ready()` and `delay` more seconds, sends `signal`, and
    /// returns the exit status, the seconds from the signal to the exit, and stdout.
    func interrupt(_ arguments: [String], signal: Int32, delay: Double, ready: () -> Bool) throws -> (status: Int32, latency: Double, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dannExecutable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while !ready() && Date() < deadline && process.isRunning { usleep(10_000) }
        usleep(UInt32(delay * 1_000_000))
        #expect(process.isRunning, "still in its final stages when signalled")
        let sent = Date()
        kill(process.processIdentifier, signal)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "exits by itself rather than dying of the signal")
        return (process.terminationStatus, Date().timeIntervalSince(sent), text)
    }

    @Test(arguments: [(SIGTERM, Int32(143)), (SIGINT, Int32(130))])
    func trainStopsDuringTheEmbedding(signal: Int32, status: Int32) throws {
        let data = try domain(testRows: 1500)
        let out = temporaryDirectory("signal-train")
        let result = try interrupt(["train", "--source", data, "--target", data, "--steps", "10", "--batch-size", "8", "--log-every", "10",
                                    "--checkpoint-every", "10", "--embedding-samples", "1500", "--threads", "1", "--quiet", "--out", out],
                                   signal: signal, delay: 1.5) {
            (try? String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8))?.contains("\"step\":10") == true
        }
        #expect(result.status == status)
        #expect(result.latency < 2, "stopped \(result.latency) s after the signal")
        #expect(result.output.contains("interrupted at step 10; checkpoint saved"), "\(result.output)")
        #expect(result.output.contains("rerun with --resume to write the summary and pictures"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.contains("checkpoint.safetensors"))
        #expect(!files.contains("summary.json") && !files.contains { $0.hasPrefix("embedding-") }, "\(files)")
    }

    @Test func embedStopsAndWritesNothing() throws {
        let data = try domain(testRows: 1500)
        let model = temporaryDirectory("signal-model")
        #expect(try runDANN(["train", "--source", data, "--target", data, "--steps", "2", "--batch-size", "8", "--embedding-samples", "0",
                             "--quiet", "--out", model]).status == 0)
        let out = temporaryDirectory("signal-embed")
        let started = Date()
        let result = try interrupt(["embed", "--checkpoint", model + "/checkpoint.safetensors", "--source", data, "--target", data,
                                    "--embedding-samples", "1500", "--threads", "1", "--out", out], signal: SIGTERM, delay: 1.5) {
            Date().timeIntervalSince(started) > 0.5
        }
        #expect(result.status == 143)
        #expect(result.latency < 2, "stopped \(result.latency) s after the signal")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
    }
}
