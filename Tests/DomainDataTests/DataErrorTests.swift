import Testing
@testable import DomainData

@Suite struct DataErrorTests {
    @Test func messagesNameTheFileAndStayOnOneLine() {
        let errors: [DataError] = [
            .notFound(file: "a/b.gz"),
            .io(file: "a/b.gz", reason: "permission denied"),
            .gzip(file: "a/b.gz", reason: "stream is truncated"),
            .idx(file: "a/b.gz", reason: "bad\nmagic"),
            .png(file: "a/b.gz", reason: "CRC error"),
            .csv(file: "a/b.gz", line: 3, column: 2, reason: "not a number"),
            .csv(file: "a/b.gz", line: 3, column: nil, reason: "ragged"),
            .invalidDataset(file: "a/b.gz", reason: "label count"),
            .checksumMismatch(file: "a/b.gz", expected: "00", actual: "11"),
            .checksumList(file: "a/b.gz", line: 1, reason: "bad line"),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("a/b.gz: "))
            #expect(!error.description.contains("\n"))
        }
        #expect(DataError.idx(file: "f", reason: "bad\nmagic").description == "f: bad magic")
        #expect(DataError.csv(file: "f", line: 3, column: 2, reason: "x").description == "f: line 3, column 2: x")
    }

    @Test func datasetNotFoundListsEveryPlace() {
        let error = DataError.datasetNotFound(name: "mnist", searched: ["/a/mnist", "/b/mnist"])
        #expect(error.description == "dataset 'mnist' not found; looked in: /a/mnist, /b/mnist; give --data-dir DIR, set DANN_DATA_DIR, or fetch it with 'dann data download'")
    }

    @Test func equatable() {
        #expect(DataError.notFound(file: "x") == DataError.notFound(file: "x"))
        #expect(DataError.notFound(file: "x") != DataError.notFound(file: "y"))
    }
}
