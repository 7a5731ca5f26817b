import Foundation
import Testing
@testable import DomainData

@Suite struct SVMLightTests {
    func parse(_ text: String, base: Int? = nil, features: Int? = nil) throws -> SparseDataset {
        try parseSVMLight(Array(text.utf8), file: "data/d.svmlight", options: .init(indexBase: base, featureCount: features))
    }

    func message(_ text: String, base: Int? = nil, features: Int? = nil) -> String {
        do { _ = try parse(text, base: base, features: features); return "parsed" } catch { return "\(error)" }
    }

    @Test func binaryLabelsAndZeroBasedIndices() throws {
        let d = try parse("+1 0:2 3:1.5 # a comment\n\n# skipped\r\n-1 1:4\t4:1e-1\r\n-1\n")
        #expect(d.count == 3 && d.featureCount == 5 && d.indexBase == 0)
        #expect(d.labels == [1, 0, 0])
        #expect(d.rowOffsets == [0, 2, 4, 4] && d.columnIndices == [0, 3, 1, 4] && d.values == [2, 1.5, 4, 0.1])
        #expect(d.densified() == [2, 0, 0, 1.5, 0, 0, 4, 0, 0, 0.1, 0, 0, 0, 0, 0])
    }

    @Test func classIndicesAndOneBasedIndices() throws {
        let d = try parse("2 1:1 3:1\n0 2:5\n1 3:2\n")
        #expect(d.indexBase == 1 && d.featureCount == 3 && d.labels == [2, 0, 1] && d.classCount == 3)
        #expect(d.columnIndices == [0, 2, 1, 2])
    }

    @Test func baseAndDimensionCanBeFixed() throws {
        let d = try parse("1 1:1 3:1\n", base: 0, features: 10)
        #expect(d.featureCount == 10 && d.columnIndices == [1, 3])
        #expect(message("1 0:1\n", base: 1) == "data/d.svmlight: line 1: feature index 0 in a file read as 1-based (0-based indices need --index-base 0)")
        #expect(message("1 1:1\n-1 7:1\n", base: 0, features: 5) == "data/d.svmlight: line 2: feature index 7 is beyond the 5 features (0-based indices, --features 5)")
    }

    @Test func filesReadTogetherShareBaseAndDimension() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("svmlight-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "1 0:1 2:1\n-1 1:3\n".write(toFile: folder + "/a_train.svmlight", atomically: true, encoding: .utf8)
        // No index 0 here: alone it would be read as 1-based and shifted.
        try "1 5:1\n".write(toFile: folder + "/a_test.svmlight", atomically: true, encoding: .utf8)
        let sets = try loadSVMLight(paths: [folder + "/a_train.svmlight", folder + "/a_test.svmlight"])
        #expect(sets.map(\.featureCount) == [6, 6] && sets.map(\.indexBase) == [0, 0])
        #expect(sets[1].columnIndices == [5] && sets[1].labels == [1])
    }

    @Test func malformedLinesAreOneLineErrorsNamingTheLine() {
        let cases: [(String, String)] = [
            ("1 1:1\nx 2:1\n", "line 2: label 'x' is not an integer (−1/+1 or a class index)"),
            ("1.5 1:1\n", "line 1: label '1.5' is not an integer (−1/+1 or a class index)"),
            ("1 1:1 2\n", "line 1: '2' is not INDEX:VALUE"),
            ("1 a:1\n", "line 1: 'a' is not a feature index (digits, at most 16777216)"),
            ("1 -3:1\n", "line 1: '-3' is not a feature index (digits, at most 16777216)"),
            ("1 99999999999:1\n", "line 1: '99999999999' is not a feature index (digits, at most 16777216)"),
            ("1 1:nan\n", "line 1: value 'nan' of feature 1 is not a finite number"),
            ("1 1:1e99\n", "line 1: value '1e99' of feature 1 is not a finite number"),
            ("1 1:\n", "line 1: value '' of feature 1 is not a finite number"),
            ("1 3:1 2:1\n", "line 1: feature index 2 follows 3: indices must be strictly increasing within a line"),
            ("1 2:1 2:1\n", "line 1: feature index 2 follows 2: indices must be strictly increasing within a line"),
            ("1 qid:3 1:1\n", "line 1: qid (ranking) fields are not supported"),
            ("-1 1:1\n2 1:1\n", "line 2: label 2 in a file with label −1: binary files use −1 and +1 only"),
            ("-2 1:1\n", "line 1: label -2 is negative (labels are −1/+1 or class indices 0, 1, 2, …)"),
        ]
        for (text, expected) in cases {
            #expect(message(text) == "data/d.svmlight: " + expected)
        }
        #expect(message("# only a comment\n\n") == "data/d.svmlight: svmlight file has no rows")
        #expect(!message("1 1:1\n\n2 2:\u{0}\n").contains("\n"))
    }

    @Test func rowsAndWidening() throws {
        let d = try parse("1 0:1 2:2\n-1 1:3\n1 2:4\n")
        let picked = d.rows([2, 0])
        #expect(picked.labels == [1, 1] && picked.rowOffsets == [0, 1, 3] && picked.columnIndices == [2, 0, 2] && picked.values == [4, 1, 2])
        #expect(try d.widened(to: 7).featureCount == 7)
        #expect(throws: DataError.self) { try d.widened(to: 2) }
    }
}
