import FileWriting
import Foundation

/// Reading and writing the `safetensors` format, so that PyTorch and NumPy users can read our
/// weights (`safetensors.numpy.load_file`) and we can read theirs.
///
/// Layout: an 8-byte little-endian header length `n`, `n` bytes of JSON mapping each tensor name
/// to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data section),
/// an optional `"__metadata__"` map of strings, then the raw little-endian data.
public enum Safetensors {
    /// Encodes named `Float` tensors (stored as `F32`) and string metadata.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> [UInt8] {
        let names = tensors.keys.sorted()
        var header: [String: Any] = [:]
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let length = tensor.scalarCount * MemoryLayout<Float>.size
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + length]] as [String: Any]
            offset += length
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])).map { [UInt8]($0) } ?? Array("{}".utf8)
        while (8 + json.count) % 8 != 0 { json.append(UInt8(ascii: " ")) }  // align the data section
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        for name in names {
            tensors[name]!.withUnsafeBufferPointer { buffer in
                for value in buffer { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
            }
        }
        return bytes
    }

    /// Writes tensors atomically to `path`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata), to: path)
    }

    /// The contents of a safetensors file.
    public struct Contents: Sendable {
        /// Every tensor by name (the reader accepts only `F32` tensors).
        public var tensors: [String: Tensor]
        /// The file's `__metadata__` string map (empty when absent).
        public var metadata: [String: String]
    }

    /// Reads and validates a safetensors file.
    public static func read(from path: String) throws -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SafetensorsError(file: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        return try decode([UInt8](data), file: path)
    }

    /// Decodes and validates safetensors bytes; `file` names the source in errors.
    public static func decode(_ bytes: [UInt8], file: String = "<memory>") throws -> Contents {
        func fail(_ problem: String) -> SafetensorsError { SafetensorsError(file: file, problem: problem) }
        guard bytes.count >= 8 else {
            throw fail("not a safetensors file: \(bytes.count) bytes, too short for the 8-byte header length")
        }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail("not a safetensors file: its first 8 bytes give a header length of \(headerLength), which exceeds the \(bytes.count - 8) bytes after it")
        }
        // The header is a JSON object: anything else (an image, a text file) is not a checkpoint.
        guard headerLength >= 2, bytes[8] == UInt8(ascii: "{") else {
            throw fail("not a safetensors file: the header after the 8-byte length is not a JSON object")
        }
        let dataStart = 8 + Int(headerLength)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
              let header = object as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let map = raw as? [String: String] else { throw fail("__metadata__ is not a map of strings") }
            metadata = map
        }
        let dataLength = bytes.count - dataStart
        var tensors: [String: Tensor] = [:]
        for (name, entry) in header where name != "__metadata__" {
            guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [Any], let offsetValues = info["data_offsets"] as? [Any] else {
                throw fail("tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard dtype == "F32" else { throw fail("tensor '\(name)' has dtype \(dtype); only F32 is supported") }
            let shape = try shapeValues.map { value -> Int in
                guard let n = (value as? NSNumber)?.intValue, n >= 0, n < 1 << 31 else { throw fail("tensor '\(name)' has an invalid shape \(shapeValues)") }
                return n
            }
            let offsets = try offsetValues.map { value -> Int in
                guard let n = (value as? NSNumber)?.intValue, n >= 0 else { throw fail("tensor '\(name)' has invalid data_offsets \(offsetValues)") }
                return n
            }
            guard offsets.count == 2, offsets[0] <= offsets[1], offsets[1] <= dataLength else {
                throw fail("tensor '\(name)' has data_offsets \(offsets) outside the \(dataLength)-byte data section")
            }
            let (count, overflow) = shape.reduce((1, false)) { acc, n in
                let (product, o) = acc.0.multipliedReportingOverflow(by: n)
                return (product, acc.1 || o)
            }
            guard !overflow, count * 4 == offsets[1] - offsets[0] else {
                throw fail("tensor '\(name)' of shape \(shape) needs \(count * 4) bytes but data_offsets span \(offsets[1] - offsets[0])")
            }
            let tensor = Tensor.build(shape: shape) { out in
                for i in 0..<count {
                    let base = dataStart + offsets[0] + 4 * i
                    let bits = UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16 | UInt32(bytes[base + 3]) << 24
                    out[i] = Float(bitPattern: bits)
                }
            }
            tensors[name] = tensor
        }
        return Contents(tensors: tensors, metadata: metadata)
    }
}

/// A safetensors file is missing, malformed, or does not fit what was asked of it.
public struct SafetensorsError: Error, CustomStringConvertible, Equatable {
    /// The file concerned, and what is wrong with it (naming the tensor where there is one).
    public let file: String, problem: String
    /// An error about `file`.
    public init(file: String, problem: String) { self.file = file; self.problem = problem }
    /// `<file>: <problem>`.
    public var description: String { "\(file): \(problem)" }
}
