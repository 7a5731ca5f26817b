import CZlib

/// The two magic bytes every gzip member starts with.
let gzipMagic: (UInt8, UInt8) = (0x1f, 0x8b)

/// Whether `bytes` start with the gzip magic `1f 8b`.
public func isGzip(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == gzipMagic.0 && bytes[1] == gzipMagic.1
}

/// Decompresses gzip (or zlib) data with zlib's `inflate`.
///
/// The header is auto-detected (`windowBits` 15+32). Concatenated gzip members
/// (as produced by `cat a.gz b.gz`) are decompressed one after another; trailing
/// zero padding is ignored. Corrupt, truncated or trailing-garbage input throws
/// `DataError.gzip` naming `file`.
/// - Parameters:
///   - limit: The most bytes the data may decompress to (4 GiB by default); more throws, so a
///     small file cannot fill the memory.
///   - prefix: Decompress only this many bytes and stop (to read a header before the rest).
public func gunzip(_ data: [UInt8], file: String, limit: Int = 1 << 32, prefix: Int? = nil) throws -> [UInt8] {
    guard !data.isEmpty else { throw DataError.gzip(file: file, reason: "file is empty") }

    var stream = z_stream()
    var rc = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard rc == Z_OK else {
        throw DataError.gzip(file: file, reason: "cannot initialise zlib (code \(rc))")
    }
    defer { inflateEnd(&stream) }

    // Initial output size: gzip's trailer stores the uncompressed size mod 2^32.
    // Trust it only if plausible (deflate cannot exceed ~1032:1); grow otherwise.
    var capacity = max(data.count * 4, 1 << 16)
    if isGzip(data), data.count >= 18 {
        let n = data.count
        let isize = Int(data[n - 4]) | Int(data[n - 3]) << 8 | Int(data[n - 2]) << 16 | Int(data[n - 1]) << 24
        if isize > 0, isize <= data.count * 1032 + 1024 { capacity = isize + 64 }
    }
    capacity = min(capacity, limit + 1, prefix ?? Int.max)
    var out = [UInt8](repeating: 0, count: capacity)
    var produced = 0
    var failure: DataError?

    data.withUnsafeBytes { input in
        guard let inBase = input.baseAddress else { return }
        let inPtr = UnsafeMutablePointer(mutating: inBase.assumingMemoryBound(to: UInt8.self))
        var fed = 0  // bytes of `input` handed to zlib so far
        func feed(from position: Int) {
            let chunk = min(input.count - position, Int(UInt32.max))
            stream.next_in = inPtr + position
            stream.avail_in = uInt(chunk)
            fed = position + chunk
        }
        feed(from: 0)
        while true {
            if stream.avail_in == 0 && fed < input.count { feed(from: fed) }
            if let prefix, produced >= prefix { return }
            if produced > limit {
                failure = .gzip(file: file, reason: "decompresses to more than \(limit) bytes, more than it may hold")
                return
            }
            if produced == out.count {
                // Grow, but never past what the limit (or the prefix) allows: one byte more than
                // the limit shows that it is exceeded.
                let ceiling = min(limit + 1, prefix ?? Int.max)
                out.append(contentsOf: repeatElement(0, count: max(1, min(max(out.count, 1 << 16), ceiling - out.count))))
            }
            let room = min(out.count - produced, Int(UInt32.max))
            rc = out.withUnsafeMutableBytes { raw -> Int32 in
                guard let outBase = raw.baseAddress else { return Z_MEM_ERROR }
                stream.next_out = (outBase + produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(room)
                let result = inflate(&stream, Z_NO_FLUSH)
                return result
            }
            produced += room - Int(stream.avail_out)

            switch rc {
            case Z_STREAM_END:
                let position = fed - Int(stream.avail_in)
                let rest = input.count - position
                if rest == 0 { return }
                if rest >= 2 && input[position] == gzipMagic.0 && input[position + 1] == gzipMagic.1 {
                    // Another gzip member follows.
                    guard inflateReset(&stream) == Z_OK else {
                        failure = .gzip(file: file, reason: "cannot reset zlib for the next gzip member")
                        return
                    }
                    feed(from: position)
                    continue
                }
                if input[position...].allSatisfy({ $0 == 0 }) { return }  // zero padding
                failure = .gzip(file: file, reason: "\(rest) unexpected trailing bytes after the end of the compressed stream")
                return
            case Z_OK:
                if stream.avail_in == 0 && fed == input.count && stream.avail_out > 0 {
                    failure = .gzip(file: file, reason: "stream is truncated (input ended after \(input.count) bytes, before the end of the compressed data)")
                    return
                }
            case Z_BUF_ERROR:
                if stream.avail_in == 0 && fed == input.count {
                    failure = .gzip(file: file, reason: "stream is truncated (input ended after \(input.count) bytes, before the end of the compressed data)")
                    return
                }
                // Otherwise the output buffer was full; the loop grows it.
            case Z_DATA_ERROR:
                let detail = stream.msg.map { String(cString: $0) } ?? "invalid data"
                let where_ = fed - Int(stream.avail_in)
                failure = .gzip(file: file, reason: "corrupt compressed data near byte \(where_) (\(detail))")
                return
            case Z_NEED_DICT:
                failure = .gzip(file: file, reason: "stream needs a preset dictionary, which is not supported")
                return
            case Z_MEM_ERROR:
                failure = .gzip(file: file, reason: "out of memory while decompressing")
                return
            default:
                failure = .gzip(file: file, reason: "zlib error code \(rc)")
                return
            }
        }
    }
    if let failure { throw failure }
    out.removeLast(out.count - produced)
    if let prefix, out.count > prefix { out.removeLast(out.count - prefix) }
    return out
}

/// Compresses `bytes` as a single gzip member (deflate, `windowBits` 15+16).
///
/// `level` is the zlib compression level, 0 (store) ... 9 (best); default 6.
public func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
    var stream = z_stream()
    let clamped = min(max(level, 0), 9)
    guard deflateInit2_(&stream, clamped, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                        zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        return []  // Only possible when out of memory.
    }
    defer { deflateEnd(&stream) }
    let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 64
    var out = [UInt8](repeating: 0, count: bound)
    var produced = 0
    bytes.withUnsafeBytes { input in
        let inPtr = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self))
        }
        var fed = 0
        while true {
            if stream.avail_in == 0 && fed < input.count, let inPtr {
                let chunk = min(input.count - fed, Int(UInt32.max))
                stream.next_in = inPtr + fed
                stream.avail_in = uInt(chunk)
                fed += chunk
            }
            if produced == out.count {
                out.append(contentsOf: repeatElement(0, count: max(out.count, 1 << 16)))
            }
            let flush = fed == input.count ? Z_FINISH : Z_NO_FLUSH
            let room = min(out.count - produced, Int(UInt32.max))
            let rc = out.withUnsafeMutableBytes { raw -> Int32 in
                guard let outBase = raw.baseAddress else { return Z_MEM_ERROR }
                stream.next_out = (outBase + produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(room)
                return deflate(&stream, flush)
            }
            produced += room - Int(stream.avail_out)
            if rc == Z_STREAM_END || rc == Z_STREAM_ERROR || rc == Z_MEM_ERROR { return }
        }
    }
    out.removeLast(out.count - produced)
    return out
}

/// Returns `bytes` decompressed when they look gzip-compressed (the name ends in
/// `.gz` or the data starts with `1f 8b`), otherwise unchanged.
public func decompressIfNeeded(_ bytes: [UInt8], file: String) throws -> [UInt8] {
    if file.hasSuffix(".gz") || isGzip(bytes) {
        return try gunzip(bytes, file: file)
    }
    return bytes
}

/// Reads a file, transparently decompressing it if it is gzip-compressed.
public func readMaybeCompressedFile(_ path: String) throws -> [UInt8] {
    try decompressIfNeeded(FileIO.readFile(path), file: path)
}
