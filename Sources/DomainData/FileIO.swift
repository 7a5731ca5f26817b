import FileWriting
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file helpers with `DataError` reporting. Reading and writing go
/// straight into/out of `[UInt8]` storage (no per-byte copies), which matters for
/// the 180 MB MNIST-M files.
public enum FileIO {
    /// The current `errno` as text.
    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Whether `path` names an existing directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` names an existing regular file (or a link to one).
    public static func isFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Whether anything exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The entry names in a directory (no `.`/`..`), sorted.
    public static func listDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else {
            let code = errno
            if code == ENOENT { throw DataError.notFound(file: path) }
            throw DataError.io(file: path, reason: "cannot list directory: \(errnoText(code))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.prefix(while: { $0 != 0 })
                return String(decoding: bytes, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Reads a whole file into memory.
    public static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw DataError.notFound(file: path) }
            throw DataError.io(file: path, reason: "cannot open: \(errnoText(code))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw DataError.io(file: path, reason: "cannot stat: \(errnoText())")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw DataError.io(file: path, reason: "is a directory, expected a file")
        }
        let expected = max(Int(info.st_size), 0)
        var buffer = [UInt8](repeating: 0, count: max(expected, 1 << 16))
        var filled = 0
        while true {
            if filled == buffer.count {
                // The file grew (or is a pipe/proc file without a size): grow geometrically.
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(fd, base + filled, raw.count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw DataError.io(file: path, reason: "read failed: \(errnoText())")
            }
            if got == 0 { break }
            filled += got
        }
        buffer.removeLast(buffer.count - filled)
        return buffer
    }

    /// Streams a file in chunks of at most `chunkSize` bytes (for hashing large files).
    public static func forEachChunk(
        of path: String, chunkSize: Int = 1 << 20,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw DataError.notFound(file: path) }
            throw DataError.io(file: path, reason: "cannot open: \(errnoText(code))")
        }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 4096), alignment: 16)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return }
        while true {
            let got = read(fd, base, buffer.count)
            if got < 0 {
                if errno == EINTR { continue }
                throw DataError.io(file: path, reason: "read failed: \(errnoText())")
            }
            if got == 0 { return }
            try body(UnsafeRawBufferPointer(start: base, count: got))
        }
    }

    /// Writes `bytes` to `path` atomically (``AtomicFile``); failures as `DataError.io`.
    public static func writeFileAtomically(_ path: String, bytes: [UInt8]) throws {
        do { try AtomicFile.write(bytes, to: path) } catch let error as AtomicFileError {
            throw DataError.io(file: path, reason: error.reason)
        }
    }

    /// Creates a directory and any missing parents (like `mkdir -p`).
    public static func createDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if !isDirectory(prefix) {
                if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                    throw DataError.io(file: path, reason: "cannot create directory \(prefix): \(errnoText())")
                }
            }
            prefix += "/"
        }
    }

    /// Joins path components with single slashes.
    public static func join(_ base: String, _ name: String) -> String {
        if base.isEmpty { return name }
        if name.hasPrefix("/") { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// The last path component.
    public static func baseName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        if let slash = trimmed.lastIndex(of: "/") {
            return String(trimmed[trimmed.index(after: slash)...])
        }
        return trimmed
    }

    /// Lexically normalizes a path: removes `.` components, resolves `..` against
    /// preceding components, collapses repeated slashes.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute, parts.isEmpty { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
