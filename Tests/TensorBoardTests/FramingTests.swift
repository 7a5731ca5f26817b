import Testing
@testable import TensorBoard

@Suite("CRC-32C and TFRecord framing")
struct FramingTests {
    @Test func crc32cMatchesTheStandardVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        // RFC 3720 (iSCSI), appendix B.4.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map(UInt8.init)) == 0x46DD_794E)
    }

    @Test func maskRotatesAndAddsTheConstant() {
        #expect(CRC32C.mask(0) == 0xA282_EAD8)
        #expect(CRC32C.mask(1 << 15) == 0xA282_EAD9)
        #expect(CRC32C.mask(1) == (1 << 17) + 0xA282_EAD8)
    }

    @Test func aRecordIsFramedAsTensorBoardFramesIt() {
        // The bytes Python's tensorboard package (its record writer's framing) gives for "hello".
        #expect(TFRecord.frame(Array("hello".utf8)) == [5, 0, 0, 0, 0, 0, 0, 0, 234, 178, 4, 62, 104, 101, 108, 108, 111, 187, 31, 28, 25])
    }

    @Test func framedRecordsReadBackWithBothCRCsChecked() throws {
        let payloads: [[UInt8]] = [[], [0], Array("brain.Event:2".utf8), (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }]
        let file = payloads.flatMap(TFRecord.frame)
        #expect(try TFRecord.records(in: file) == payloads)

        // By hand: length, masked CRC of the length bytes, data, masked CRC of the data.
        var offset = 0
        for payload in payloads {
            let length = Array(file[offset..<offset + 8])
            #expect(length == TFRecord.littleEndianBytes(UInt64(payload.count)))
            #expect(TFRecord.readUInt32(file, at: offset + 8) == CRC32C.mask(CRC32C.checksum(length)))
            #expect(Array(file[offset + 12..<offset + 12 + payload.count]) == payload)
            #expect(TFRecord.readUInt32(file, at: offset + 12 + payload.count) == CRC32C.mask(CRC32C.checksum(payload)))
            offset += 16 + payload.count
        }
        #expect(offset == file.count)
    }

    @Test func damagedRecordsAreRefused() {
        let file = TFRecord.frame(Array("scalar".utf8)) + TFRecord.frame(Array("second".utf8))
        var data = file
        data[14] ^= 1  // a data byte of the first record
        #expect(throws: TFRecordError.self) { try TFRecord.records(in: data) }
        var length = file
        length[0] ^= 1  // its length
        #expect(throws: TFRecordError.self) { try TFRecord.records(in: length) }
        #expect(throws: TFRecordError.self) { try TFRecord.records(in: Array(file.dropLast())) }
        var huge = TFRecord.frame([])  // a length far past the end, with a valid CRC
        huge.replaceSubrange(0..<12, with: TFRecord.littleEndianBytes(UInt64.max) + TFRecord.littleEndianBytes(CRC32C.maskedChecksum(TFRecord.littleEndianBytes(UInt64.max))))
        #expect(throws: TFRecordError.self) { try TFRecord.records(in: huge) }
    }
}
