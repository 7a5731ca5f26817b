import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An I/O failure while writing an image file.
public struct PlotWriteError: Error, CustomStringConvertible, Sendable {
    /// The file that could not be written.
    public let path: String
    /// What failed ("open", "write", "rename", …).
    public let operation: String
    /// The `errno` value reported by the system.
    public let code: Int32

    /// A human-readable explanation.
    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
}

/// Writes whole files atomically: the bytes go to a temporary file in the same
/// directory, which is then renamed over the destination, so readers never see a
/// half-written image.
enum AtomicFile {
    static func save(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw PlotWriteError(path: temporary, operation: "open", code: errno) }
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { raw -> Int32? in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return nil
        }
        if let code = failure {
            close(fd)
            unlink(temporary)
            throw PlotWriteError(path: temporary, operation: "write", code: code)
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw PlotWriteError(path: temporary, operation: "close", code: code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw PlotWriteError(path: path, operation: "rename", code: code)
        }
    }
}
