import EmbeddingAnalysis
import Foundation
import Testing
@testable import DANNVisualization

/// A `.npy` file read back by the rules of NumPy's format 1.0, independently of the writer.
struct NPYArray {
    var majorVersion: UInt8, minorVersion: UInt8
    var headerLength: Int
    var header: String
    var shape: [Int]
    var values: [Float]

    init(_ bytes: [UInt8]) throws {
        struct Malformed: Error { var reason: String }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else { throw Malformed(reason: "magic") }
        majorVersion = bytes[6]
        minorVersion = bytes[7]
        headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + headerLength else { throw Malformed(reason: "header length") }
        header = String(decoding: bytes[10 ..< 10 + headerLength], as: UTF8.self)
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
            throw Malformed(reason: "no shape")
        }
        shape = header[open.upperBound ..< close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let data = bytes[(10 + headerLength)...]
        guard data.count % 4 == 0 else { throw Malformed(reason: "data length") }
        values = stride(from: data.startIndex, to: data.endIndex, by: 4).map { i in
            Float(bitPattern: UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24)
        }
    }
}

@Suite struct FeatureExportTests {
    let features = try! FeatureMatrix(rowVectors: [[1, -2.5, 0.1], [3e-8, 4, 5], [6, 7, -8]])

    @Test func npyHasNumPysHeaderAndLittleEndianFloats() throws {
        let bytes = FeatureExport.npy(features)
        let array = try NPYArray(bytes)
        #expect(array.majorVersion == 1 && array.minorVersion == 0)
        #expect((10 + array.headerLength) % 64 == 0, "the data starts 64-byte aligned")
        #expect(array.header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 3), }"))
        #expect(array.header.hasSuffix("\n") && array.header.dropLast().allSatisfy { $0.isASCII && $0 != "\n" })
        #expect(array.shape == [3, 3])
        #expect(array.values == features.values)
        #expect(bytes.count == 10 + array.headerLength + 4 * 9)
        // 1.0 as float32 is 0x3F800000: little-endian, it is stored as 00 00 80 3F.
        #expect(Array(bytes[(10 + array.headerLength)...].prefix(4)) == [0, 0, 0x80, 0x3F])
    }

    @Test func npyOfAnEmptyMatrixStillParses() throws {
        let array = try NPYArray(FeatureExport.npy(try FeatureMatrix(rows: 0, columns: 4, values: [])))
        #expect(array.shape == [0, 4] && array.values.isEmpty)
    }

    @Test func csvHasDomainLabelAndEveryFeature() throws {
        let text = FeatureExport.csv(features: features, domains: [0, 0, 1], labels: [2, 0, 1])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "domain,label,f0,f1,f2")
        #expect(lines[1] == "source,2,1.0,-2.5,0.1")
        #expect(lines[3] == "target,1,6.0,7.0,-8.0")
        #expect(lines.count == 5 && lines.last == "", "one row per sample, ending in a newline")
        // Every value reads back to the same Float.
        let second = lines[2].split(separator: ",").dropFirst(2).map { Float(String($0))! }
        #expect(second == [3e-8, 4, 5])
        #expect(FeatureExport.labelsCSV(domains: [0, 1], labels: [3, 4]) == "domain,label\nsource,3\ntarget,4\n")
    }

    @Test func formatsAreChosenByExtension() {
        #expect(FeatureExport.Format(path: "out/features.csv") == .csv)
        #expect(FeatureExport.Format(path: "F.NPY") == .npy)
        #expect(FeatureExport.Format(path: "features.txt") == nil && FeatureExport.Format(path: "features") == nil)
        #expect(FeatureExport.Format(path: "out.npy/features") == nil)
        #expect(FeatureExport.labelsPath(besideNPY: "out/features.npy") == "out/features.labels.csv")
    }
}
