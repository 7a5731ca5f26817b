import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes one TensorBoard event file: TFRecords of `Event` protocol buffers, the first holding the
/// file version `brain.Event:2`, then scalars and session markers. Events collect in memory and
/// reach the file at ``flush()`` (call it once per logging interval) and ``close()``.
///
/// The file is `events.out.tfevents.<unix seconds>.<hostname>`, TensorBoard's own naming. TensorBoard
/// reads a folder's event files in name order, so the seconds are taken past those of any event file
/// already in the folder: a run resumed within the same second still sorts after the one it continues.
public final class EventFileWriter {
    /// The version string TensorBoard expects in a file's first event.
    public static let fileVersion = "brain.Event:2"
    /// The prefix TensorBoard recognizes event files by.
    public static let fileNamePrefix = "events.out.tfevents."

    /// The event file's path.
    public let path: String
    private var descriptor: Int32
    private var pending: [UInt8] = []

    /// Creates a new event file in `directory` (which must exist) and writes its version event.
    /// `hostname` names the file (default: this machine's); `wallTime` (seconds since 1970) is
    /// the version event's time and, rounded down, the file name's.
    public init(directory: String, hostname: String? = nil, wallTime: Double = Date().timeIntervalSince1970) throws {
        let seconds = max(Int(wallTime), Self.latestFileSeconds(in: directory).map { $0 + 1 } ?? 0)
        path = directory + "/" + Self.fileNamePrefix + "\(seconds)." + Self.sanitized(hostname ?? Self.hostname())
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw EventFileError(path: path, reason: String(cString: strerror(errno))) }
        var event = Tensorflow_Event()
        event.wallTime = wallTime
        event.fileVersion = Self.fileVersion
        try append(event)
        try flush()
    }

    /// Queues scalars logged at `step`, one `Summary.Value` per tag, in one event.
    public func addScalars(_ values: [(tag: String, value: Float)], step: Int, wallTime: Double = Date().timeIntervalSince1970) throws {
        var summary = Tensorflow_Summary()
        summary.value = values.map { tag, value in
            var entry = Tensorflow_Summary.Value()
            entry.tag = tag
            entry.simpleValue = value
            return entry
        }
        var event = Tensorflow_Event()
        event.wallTime = wallTime
        event.step = Int64(step)
        event.summary = summary
        try append(event)
    }

    /// Queues a `SessionLog` START at `step`: TensorBoard then drops the events at `step` and
    /// later that it read before this one (from this folder's earlier files), as it does for a
    /// TensorFlow job restarted from a checkpoint. Write it before the first scalars of a run.
    public func addSessionStart(step: Int, wallTime: Double = Date().timeIntervalSince1970) throws {
        var log = Tensorflow_SessionLog()
        log.status = .start
        var event = Tensorflow_Event()
        event.wallTime = wallTime
        event.step = Int64(step)
        event.sessionLog = log
        try append(event)
    }

    /// Writes the queued events to the file.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        guard descriptor >= 0 else { throw EventFileError(path: path, reason: "already closed") }
        var written = 0
        let failure: String? = pending.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if n < 0 { if errno == EINTR { continue }; return String(cString: strerror(errno)) }
                written += n
            }
            return nil
        }
        pending.removeAll(keepingCapacity: true)
        if let failure { throw EventFileError(path: path, reason: failure) }
    }

    /// Flushes and closes the file; later calls do nothing.
    public func close() throws {
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        try flush()
        guard Glibc.close(descriptor) == 0 else { throw EventFileError(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { try? close() }

    private func append(_ event: Tensorflow_Event) throws {
        let bytes: [UInt8] = try event.serializedBytes()
        pending += TFRecord.frame(bytes)
    }

    /// The largest `<seconds>` of the event files in `directory`, if any.
    static func latestFileSeconds(in directory: String) -> Int? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(fileNamePrefix) }
            .compactMap { Int($0.dropFirst(fileNamePrefix.count).prefix { $0 != "." }) }
            .max()
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Letters, digits, `.`, `-` and `_` only: a host name never holds a `/`, but a file name must not.
    static func sanitized(_ name: String) -> String {
        let kept = String(name.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) })
        return kept.isEmpty ? "localhost" : kept
    }
}

/// An event file could not be created or written.
public struct EventFileError: Error, CustomStringConvertible {
    /// The event file.
    public let path: String
    /// Why (the system's message).
    public let reason: String
    /// `PATH: cannot write event file: REASON`.
    public var description: String { "\(path): cannot write event file: \(reason)" }
}
