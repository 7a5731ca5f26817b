import FileWriting
import ArgumentParser
import Foundation
import Nabla

extension ConvolutionBackend: ExpressibleByArgument {}

/// Options shared by commands that compute.
struct ComputeOptions: ParsableArguments {
    @Option(help: "Threads for BLAS and parallel loops (default: all cores).")
    var threads: Int?

    @Option(help: ArgumentHelp("Convolution code: onednn (oneDNN) or im2col (OpenBLAS sgemm); results differ in the last bits.",
                               valueName: "backend"))
    var convolution: ConvolutionBackend = .oneDNN

    func validate() throws {
        if let threads, threads < 1 || threads > 1024 { throw ValidationError("--threads must be in 1…1024, got \(threads)") }
    }

    func apply() {
        var backend = convolution
        if backend == .oneDNN && !ConvolutionBackend.isOneDNNAvailable {
            // Say so, and record the code that really runs (summary.json names it).
            FileHandle.standardError.write(Data("warning: oneDNN has no CPU engine here; convolutions use im2col\n".utf8))
            backend = .im2col
        }
        ComputeContext.setProcessDefault(ComputeContext(threads: threads ?? ComputeContext.current.threads, convolution: backend))
    }
}

/// A user-facing failure: printed as one line, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Creates `path` (and parents) or fails with a clear message.
func prepareOutputDirectory(_ path: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw CommandFailure("output path \(path) exists and is not a folder") }
    } else {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw CommandFailure("cannot create output folder \(path): \(error.localizedDescription)")
        }
    }
    guard FileManager.default.isWritableFile(atPath: path) else { throw CommandFailure("output folder \(path) is not writable") }
}

/// Encodes `value` as pretty, key-sorted JSON and writes it atomically.
func writeJSON(_ value: some Encodable, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    try AtomicFile.write([UInt8](encoder.encode(value)) + [10], to: path)
}

func jsonString(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
