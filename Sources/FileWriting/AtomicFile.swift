import Foundation

/// Writes files so that a reader (or a crash) never sees a half-written one: the one writer that
/// checkpoints, datasets, figures and summaries all use.
public enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `path` (created exclusively, named uniquely per
    /// call so two threads saving one path never share it), flushes it to disk, then renames it
    /// over `path`. On any failure the previous file at `path`, if any, is left untouched and the
    /// temporary file is removed.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        // Unique per call, not just per process: two threads saving the same path must not share it.
        let temporary = (directory.isEmpty ? "." : directory)
            + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt64.random(in: 0 ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw AtomicFileError(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { raw -> String? in
            while written < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if n < 0 { if errno == EINTR { continue }; return String(cString: strerror(errno)) }
                written += n
            }
            // The fsync makes the rename publish a complete file after a crash; file systems that
            // cannot sync (EINVAL: pipes, some FUSE mounts) are accepted as they are.
            return fsync(descriptor) == 0 || errno == EINVAL ? nil : String(cString: strerror(errno))
        }
        let closeFailure = close(descriptor) == 0 ? nil : String(cString: strerror(errno))
        if let failure = failure ?? closeFailure { unlink(temporary); throw AtomicFileError(path: path, reason: failure) }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AtomicFileError(path: path, reason: reason)
        }
    }
}

extension AtomicFile {
    /// The writing process's id if `fileName` is one of `write`'s temporary files
    /// (`.NAME.tmp-PID-RANDOM`), else nil.
    public static func temporaryFileWriter(_ fileName: String) -> Int32? {
        guard fileName.hasPrefix("."), let marker = fileName.range(of: ".tmp-", options: .backwards) else { return nil }
        let parts = fileName[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, UInt64(parts[1]) != nil else { return nil }
        return pid
    }

    /// Removes the temporary files that `write` left in `directory` (not below it) when its
    /// process was killed between creating and renaming one: only files named like ours, and only
    /// those whose writing process is gone. Returns the names removed.
    @discardableResult
    public static func removeOrphanedTemporaryFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            guard let pid = temporaryFileWriter(name), kill(pid, 0) != 0 && errno == ESRCH else { return false }
            return unlink(directory + "/" + name) == 0
        }
    }
}

/// A file could not be written.
public struct AtomicFileError: Error, CustomStringConvertible {
    public let path: String, reason: String
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): cannot write file: \(reason)" }
}
