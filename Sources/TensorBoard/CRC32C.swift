/// CRC-32C (Castagnoli), the checksum that TFRecord framing uses, computed a byte at a time from a
/// 256-entry table of the reflected polynomial 0x82F63B78.
public enum CRC32C {
    static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `bytes` (`checksum("123456789".utf8) == 0xE3069283`).
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8) }
        }
        return ~crc
    }

    /// `crc` masked as TFRecord stores it: rotated right by 15 bits plus a constant, because a CRC
    /// computed over data that itself holds CRCs is weak.
    public static func mask(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// The masked CRC-32C of `bytes`: ``mask(_:)`` of ``checksum(_:)``.
    public static func maskedChecksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        mask(checksum(bytes))
    }
}
