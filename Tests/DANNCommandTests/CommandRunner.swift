import DomainData
import Foundation
import Testing

/// Runs the built `dann` executable and captures its output.
struct CommandResult {
    var status: Int32
    var output: String
    var error: String
}

/// The `dann` binary next to the test bundle (SwiftPM builds it because this target depends on it).
let dannExecutable: String = {
    let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    for directory in candidates {
        let path = directory.appendingPathComponent("dann").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return "dann"
}()

@discardableResult
func runDANN(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dannExecutable)
    process.arguments = arguments
    var variables = ProcessInfo.processInfo.environment
    for (key, value) in environment { variables[key] = value }
    process.environment = variables
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                         error: String(decoding: errData, as: UTF8.self))
}

/// Starts `dann` with `arguments` and kills it with SIGKILL once `out/metrics.jsonl` has `lines`
/// lines (two: it has checkpointed at least once, with `--checkpoint-every` equal to `--log-every`).
func runDANNKilledAfterItLogged(_ arguments: [String], out: String, lines wanted: Int = 2) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dannExecutable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
        let lines = (try? String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8))?.split(separator: "\n").count ?? 0
        if lines >= wanted { break }
        usleep(2000)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}

func temporaryDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "dann-cli-\(name)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes a tiny image domain: 3 classes of bar patterns (horizontal, vertical, diagonal).
/// `inverted` and `colour` make a shifted domain; `size` changes the image size.
func writeBarsDomain(to directory: String, size: Int, colour: Bool, inverted: Bool, seed: UInt64, count: Int = 90) throws {
    var state = seed
    func random() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; return z ^ (z >> 31) }
    for (split, n) in [("train", count), ("test", count / 3)] {
        var pixels: [UInt8] = [], labels: [Int] = []
        let channels = colour ? 3 : 1
        for i in 0..<n {
            let label = i % 3
            let offset = Int(random() % UInt64(size - 2)) + 1
            for y in 0..<size {
                for x in 0..<size {
                    let on = label == 0 ? y == offset : label == 1 ? x == offset : x == y
                    let noise = Int(random() % 40)
                    var value = on ? 215 + noise : noise
                    if inverted { value = 255 - value }
                    for c in 0..<channels { pixels.append(UInt8(clamping: colour ? value - 30 * c : value)) }
                }
            }
            labels.append(label)
        }
        let dataset = try ImageDataset(name: split, height: size, width: size, channels: channels, pixels: pixels, labels: labels)
        try dataset.writeIDX(imagesPath: "\(directory)/\(split)-images-idx\(colour ? 4 : 3)-ubyte.gz",
                             labelsPath: "\(directory)/\(split)-labels-idx1-ubyte.gz", gzip: true)
    }
}

/// CSV rows of two classes, one blob each ((2, 0) and (0, 2), plus `shift` on x), with seeded
/// noise in [−0.5, 0.5): tiny vector domains for command tests.
struct BlobRows {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func noise() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) - 0.5
    }

    /// `count` rows `x,y[,label]`, labels alternating 0, 1, joined by newlines.
    mutating func rows(_ count: Int, shift: Double, labeled: Bool) -> String {
        (0..<count).map { i in
            let label = i % 2
            let x = Double(label) * 2 + shift + noise(), y = Double(1 - label) * 2 + noise()
            return labeled ? "\(x),\(y),\(label)" : "\(x),\(y)"
        }.joined(separator: "\n")
    }
}
