/// TFRecord framing, the container of TensorBoard's event files: each record is its length as a
/// little-endian UInt64, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of
/// the data (both CRCs little-endian UInt32).
public enum TFRecord {
    /// `data` framed as one record.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        let length = littleEndianBytes(UInt64(data.count))
        var record: [UInt8] = []
        record.reserveCapacity(data.count + 16)
        record += length
        record += littleEndianBytes(CRC32C.maskedChecksum(length))
        record += data
        record += littleEndianBytes(CRC32C.maskedChecksum(data))
        return record
    }

    /// The data of every record in `bytes` (a whole file of records), in order; throws when a
    /// record is cut short or either of its CRCs does not match.
    public static func records(in bytes: [UInt8]) throws -> [[UInt8]] {
        var records: [[UInt8]] = [], offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 12 else { throw TFRecordError(offset: offset, reason: "truncated length header") }
            let header = bytes[offset..<offset + 8]
            guard CRC32C.maskedChecksum(header) == readUInt32(bytes, at: offset + 8) else {
                throw TFRecordError(offset: offset, reason: "the length's CRC does not match")
            }
            let length = header.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let start = offset + 12
            guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= 4 else {
                throw TFRecordError(offset: offset, reason: "truncated record of \(length) bytes")
            }
            let data = Array(bytes[start..<start + Int(length)])
            guard CRC32C.maskedChecksum(data) == readUInt32(bytes, at: start + Int(length)) else {
                throw TFRecordError(offset: offset, reason: "the data's CRC does not match")
            }
            records.append(data)
            offset = start + Int(length) + 4
        }
        return records
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << ($1 * 8) }
    }
}

/// A file of TFRecords could not be read back.
public struct TFRecordError: Error, CustomStringConvertible {
    /// Where the bad record starts.
    public let offset: Int
    /// What is wrong with it.
    public let reason: String
    /// `record at byte OFFSET: REASON`.
    public var description: String { "record at byte \(offset): \(reason)" }
}
