import DomainData
import Foundation
import Testing
@testable import DomainAdaptation

@Suite("CSV test columns")
struct CSVColumnsTests {
    func folder(train: String, test: String) throws -> String {
        let path = NSTemporaryDirectory() + "csv-columns-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try train.write(toFile: path + "/train.csv", atomically: true, encoding: .utf8)
        try test.write(toFile: path + "/test.csv", atomically: true, encoding: .utf8)
        return path
    }

    @Test func testColumnsAreMatchedByHeaderName() throws {
        let path = try folder(train: "a,b,label\n1,2,0\n", test: "b,label,a\n20,1,10\n")
        guard case .vectors(_, _, let test?) = try DomainFiles.load(path, locator: DatasetLocator(dataDirectory: nil), needsLabels: true) else {
            Issue.record("expected vectors with a test split"); return
        }
        #expect(test.features == [10, 20] && test.featureNames == ["a", "b"] && test.labels == [1])
    }

    @Test func otherColumnsAreAnErrorNamingThem() throws {
        let renamed = try folder(train: "a,b,label\n1,2,0\n", test: "a,c,label\n1,2,0\n")
        #expect(throws: DataError.self) { try DomainFiles.load(renamed, locator: DatasetLocator(dataDirectory: nil), needsLabels: true) }
        let wider = try folder(train: "1,2,0\n", test: "1,2,3,0\n")
        do { _ = try DomainFiles.load(wider, locator: DatasetLocator(dataDirectory: nil), needsLabels: true); Issue.record("should fail") } catch {
            #expect("\(error)".contains("3 feature columns, but train.csv has 2"), "\(error)")
        }
    }
}
