import CTurboJPEG

/// The first bytes of every JPEG file (SOI marker and the next marker's 0xFF).
let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]

/// Largest decoded JPEG accepted (bytes), so a lying header cannot trigger a huge allocation.
private let maxDecodedJPEGBytes = 1 << 30

/// TurboJPEG's message for the last error on `handle` (or its global one).
private func turboMessage(_ handle: tjhandle?) -> String {
    guard let text = tjGetErrorStr2(handle) else { return "unknown libjpeg-turbo error" }
    let message = String(cString: text)
    return message.isEmpty ? "unknown libjpeg-turbo error" : message
}

/// Decodes a baseline or progressive JPEG with libjpeg-turbo's TurboJPEG API, which reports
/// errors by return value (libjpeg's default error manager would call `exit()`).
///
/// Grayscale JPEGs give 1 channel, colour (YCbCr or RGB) ones 3. CMYK and YCCK JPEGs are
/// refused. Warnings (a truncated file, corrupt data) are errors, and progressive files with
/// absurdly many scans are refused. Every failure throws `DataError.jpeg` naming `file`.
public func decodeJPEG(_ bytes: [UInt8], file: String) throws -> DecodedImage {
    guard bytes.count >= 3, Array(bytes[0..<3]) == jpegSignature else {
        throw DataError.jpeg(file: file, reason: bytes.isEmpty ? "file is empty" : "not a JPEG file (bad signature)")
    }
    guard let handle = tjInitDecompress() else {
        throw DataError.jpeg(file: file, reason: "cannot start libjpeg-turbo: \(turboMessage(nil))")
    }
    defer { tjDestroy(handle) }
    return try bytes.withUnsafeBufferPointer { raw -> DecodedImage in
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        guard tjDecompressHeader3(handle, raw.baseAddress, UInt(raw.count), &width, &height, &subsampling, &colorspace) == 0 else {
            throw DataError.jpeg(file: file, reason: turboMessage(handle))
        }
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            throw DataError.jpeg(file: file, reason: "CMYK JPEGs are not supported; convert it to RGB (e.g. `convert in.jpg -colorspace sRGB out.jpg`)")
        }
        let gray = colorspace == Int32(TJCS_GRAY.rawValue)
        let channels = gray ? 1 : 3
        let (w, h) = (Int(width), Int(height))
        guard w > 0, h > 0 else {
            throw DataError.jpeg(file: file, reason: "the header gives no image size (a truncated file?)")
        }
        guard w * h <= maxDecodedJPEGBytes / channels else {
            throw DataError.jpeg(file: file, reason: "image size \(w)x\(h) is too large")
        }
        // Even an all-flat image costs a few bits per 8×8 block; a header promising thousands of
        // bytes per byte of file is corrupt, so refuse it before allocating.
        guard w * h * channels <= raw.count * 4096 + (1 << 20) else {
            throw DataError.jpeg(file: file, reason: "image size \(w)x\(h) cannot fit in a \(raw.count)-byte file")
        }
        var pixels = [UInt8](repeating: 0, count: w * h * channels)
        let format = gray ? TJPF_GRAY : TJPF_RGB
        let flags = Int32(TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS | TJFLAG_ACCURATEDCT)
        let status = pixels.withUnsafeMutableBufferPointer { out in
            tjDecompress2(handle, raw.baseAddress, UInt(raw.count), out.baseAddress, width, 0, height, Int32(format.rawValue), flags)
        }
        guard status == 0 else { throw DataError.jpeg(file: file, reason: turboMessage(handle)) }
        return DecodedImage(validatedWidth: w, height: h, channels: channels, pixels: pixels)
    }
}

/// Reads and decodes a JPEG file.
public func readJPEG(_ path: String) throws -> DecodedImage {
    try decodeJPEG(FileIO.readFile(path), file: path)
}

/// Encodes an 8-bit grayscale or RGB image as JPEG (4:2:0 for colour); `progressive` writes a
/// progressive file. Used to make test fixtures and example folders.
public func encodeJPEG(_ image: DecodedImage, quality: Int = 90, progressive: Bool = false) throws -> [UInt8] {
    guard let handle = tjInitCompress() else {
        throw DataError.jpeg(file: "(in-memory image)", reason: "cannot start libjpeg-turbo: \(turboMessage(nil))")
    }
    defer { tjDestroy(handle) }
    var output: UnsafeMutablePointer<UInt8>? = nil
    var size: UInt = 0
    defer { if let output { tjFree(output) } }
    let format = image.channels == 1 ? TJPF_GRAY : TJPF_RGB
    let subsampling = image.channels == 1 ? TJSAMP_GRAY : TJSAMP_420
    let flags = Int32(TJFLAG_ACCURATEDCT) | (progressive ? Int32(TJFLAG_PROGRESSIVE) : 0)
    let status = image.pixels.withUnsafeBufferPointer { src in
        tjCompress2(handle, src.baseAddress, Int32(image.width), 0, Int32(image.height), Int32(format.rawValue),
                    &output, &size, Int32(subsampling.rawValue), Int32(max(1, min(100, quality))), flags)
    }
    guard status == 0, let output else {
        throw DataError.jpeg(file: "(in-memory image)", reason: "cannot encode: \(turboMessage(handle))")
    }
    return Array(UnsafeBufferPointer(start: output, count: Int(size)))
}

/// Decodes a PNG or JPEG, told apart by their signatures (not by the file name).
public func decodeImage(_ bytes: [UInt8], file: String) throws -> DecodedImage {
    if bytes.count >= 3, Array(bytes[0..<3]) == jpegSignature { return try decodeJPEG(bytes, file: file) }
    if bytes.count >= 8, Array(bytes[0..<8]) == pngSignature { return try decodePNG(bytes, file: file) }
    throw DataError.invalidDataset(file: file, reason: bytes.isEmpty ? "file is empty" : "neither a PNG nor a JPEG file (unknown signature)")
}

/// Reads and decodes a PNG or JPEG file.
public func readImage(_ path: String) throws -> DecodedImage {
    try decodeImage(FileIO.readFile(path), file: path)
}

/// Whether a file name has an image extension read by ``readImage(_:)`` (png, jpg, jpeg; any case).
public func hasImageExtension(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasSuffix(".png") || lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg")
}
