import Foundation
import SwiftProtobuf
import Testing
@testable import TensorBoard

@Suite("TensorBoard event files")
struct EventFileWriterTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tensorboard-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func events(at path: String) throws -> [Tensorflow_Event] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try TFRecord.records(in: bytes).map { try Tensorflow_Event(serializedBytes: $0) }
    }

    @Test func anEventFileHoldsTheVersionThenTheScalarsAtTheirSteps() throws {
        let directory = try temporaryDirectory()
        let writer = try EventFileWriter(directory: directory, hostname: "test-host", wallTime: 1_700_000_000.25)
        #expect(writer.path == directory + "/events.out.tfevents.1700000000.test-host")
        try writer.addSessionStart(step: 1, wallTime: 1_700_000_001)
        try writer.addScalars([(tag: "label_loss", value: 0.75), (tag: "lambda", value: 0)], step: 10, wallTime: 1_700_000_002)
        try writer.flush()
        #expect(try events(at: writer.path).count == 3, "flush writes what was queued")
        try writer.addScalars([(tag: "label_loss", value: 0.5), (tag: "target_test_accuracy", value: 0.875)], step: 20, wallTime: 1_700_000_003)
        try writer.close()
        try writer.close()

        let read = try events(at: writer.path)
        try #require(read.count == 4)
        #expect(read[0].fileVersion == "brain.Event:2" && read[0].wallTime == 1_700_000_000.25 && read[0].step == 0)
        #expect(read[1].sessionLog.status == .start && read[1].step == 1)
        #expect(read[2].step == 10 && read[2].wallTime == 1_700_000_002)
        #expect(read[2].summary.value.map(\.tag) == ["label_loss", "lambda"])
        #expect(read[2].summary.value.map(\.simpleValue) == [0.75, 0])
        // A zero is written: the oneof marks it present, as TensorBoard's HasField('simple_value') needs.
        #expect(read[2].summary.value[1].value == .simpleValue(0))
        #expect(read[3].step == 20)
        #expect(read[3].summary.value.map(\.tag) == ["label_loss", "target_test_accuracy"])
        #expect(read[3].summary.value.map(\.simpleValue) == [0.5, 0.875])
    }

    @Test func eventsAreTheBytesTensorBoardsOwnProtosGive() throws {
        // Event(...).SerializeToString() of Python tensorboard's tensorboard.compat.proto.event_pb2
        // for the same three events: the field numbers are TensorFlow's.
        let expected: [[UInt8]] = [
            [9, 0, 0, 16, 64, 252, 84, 217, 65, 26, 13, 98, 114, 97, 105, 110, 46, 69, 118, 101, 110, 116, 58, 50],
            [9, 0, 0, 64, 64, 252, 84, 217, 65, 16, 1, 58, 2, 8, 1],
            [9, 0, 0, 128, 64, 252, 84, 217, 65, 16, 10, 42, 34, 10, 17, 10, 10, 108, 97, 98, 101, 108, 95, 108, 111, 115, 115, 21, 0, 0, 64, 63,
             10, 13, 10, 6, 108, 97, 109, 98, 100, 97, 21, 0, 0, 0, 0],
        ]
        let directory = try temporaryDirectory()
        let writer = try EventFileWriter(directory: directory, hostname: "h", wallTime: 1_700_000_000.25)
        try writer.addSessionStart(step: 1, wallTime: 1_700_000_001)
        try writer.addScalars([(tag: "label_loss", value: 0.75), (tag: "lambda", value: 0)], step: 10, wallTime: 1_700_000_002)
        try writer.close()
        #expect(try TFRecord.records(in: [UInt8](Data(contentsOf: URL(fileURLWithPath: writer.path)))) == expected)
    }

    @Test func aSecondFileInTheSameSecondSortsAfterTheFirst() throws {
        let directory = try temporaryDirectory()
        let first = try EventFileWriter(directory: directory, hostname: "h", wallTime: 1_700_000_000)
        let second = try EventFileWriter(directory: directory, hostname: "h", wallTime: 1_700_000_000.5)
        #expect(first.path.hasSuffix("/events.out.tfevents.1700000000.h"))
        #expect(second.path.hasSuffix("/events.out.tfevents.1700000001.h"))
        #expect(try events(at: second.path).first?.fileVersion == "brain.Event:2", "the version is on disk before any flush")
    }

    @Test func aHostnameCannotLeaveTheFolder() throws {
        let directory = try temporaryDirectory()
        let writer = try EventFileWriter(directory: directory, hostname: "../evil/host", wallTime: 1_700_000_000)
        #expect(writer.path == directory + "/events.out.tfevents.1700000000...evilhost", "no slash survives")
    }

    @Test func aMissingFolderIsAnError() {
        #expect(throws: EventFileError.self) { try EventFileWriter(directory: "/nonexistent/tensorboard") }
    }
}
