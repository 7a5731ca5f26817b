import Testing
@testable import DomainData

@Suite struct CSVDatasetTests {
    func parse(_ text: String, _ labelColumn: CSVLabelColumn = .automatic, hasHeader: Bool? = nil,
               labelsOptional: Bool = false) throws -> VectorDataset {
        try parseCSV(Array(text.utf8), file: "data/v.csv", labelColumn: labelColumn, hasHeader: hasHeader, labelsOptional: labelsOptional)
    }

    @Test func headerWithLabelColumn() throws {
        let d = try parse("x, label ,y\n1.5,2,3\n-4,0,5e1\n")
        #expect(d.count == 2 && d.featureCount == 2)
        #expect(d.features == [1.5, 3, -4, 50])
        #expect(d.labels == [2, 0] && d.classCount == 3)
        #expect(d.featureNames == ["x", "y"])
        #expect(d.description == "v.csv: 2 rows x 2 features, 3 classes")
    }

    @Test func noHeaderLastColumnIsLabel() throws {
        let d = try parse("1,2,1\r\n3,4,0\r\n\r\n# comment\n5,6,2.0")
        #expect(d.features == [1, 2, 3, 4, 5, 6] && d.labels == [1, 0, 2] && d.featureNames == nil)
        #expect(Array(d.row(at: 2)) == [5, 6])
    }

    @Test func explicitColumns() throws {
        #expect(try parse("7,1,2\n8,3,4", .index(0)).labels == [7, 8])
        #expect(try parse("7,1,2\n8,3,4", .index(-2)).features == [7, 2, 8, 4])
        #expect(try parse("a,b,c\n7,1,2", .named("b")).labels == [1])
        let unlabelled = try parse("1,2\n3,4", .none)
        #expect(unlabelled.labels == nil && unlabelled.featureCount == 2 && unlabelled.classCount == nil)
    }

    @Test func quotedCells() throws {
        let d = try parse("\"x\",\"the \"\"label\"\"\"\n\"1.5\" , 2", .index(1))
        #expect(d.featureNames == ["x"] && d.features == [1.5] && d.labels == [2])
        // A doubled quote inside quotes is one literal quote.
        let named = try parse("\"width \"\"in\"\"\",label\n3,1")
        #expect(named.featureNames == ["width \"in\""])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstCell() throws {
        let d = try parseCSV([0xEF, 0xBB, 0xBF] + Array("x,label\r\n1.5,1\r\n".utf8), file: "bom.csv")
        #expect(d.featureNames == ["x"] && d.features == [1.5] && d.labels == [1])
        let unnamed = try parseCSV([0xEF, 0xBB, 0xBF] + Array("2,0\n".utf8), file: "bom.csv")
        #expect(unnamed.features == [2] && unnamed.labels == [0], "numbers after a BOM are data, not a header")
    }

    @Test func pandasNamesForUnnamedColumnsAreAHeader() throws {
        let d = try parse("0,1,2\n0.5,1.5,1\n2.5,3.5,0\n")
        #expect(d.count == 2 && d.featureNames == ["0", "1"] && d.labels == [1, 0])
        #expect(try parse("0,1,2\n0.5,1.5,1\n", hasHeader: false).count == 2, "hasHeader: false reads it as data")
    }

    @Test func headerDetectionCanBeForced() throws {
        #expect(try parse("1,2\n3,4", hasHeader: true, labelsOptional: true).count == 1)
        expectError("data/v.csv", "line 1, column 1", "'a' is not a finite number") { _ = try parse("a,1\n2,3", hasHeader: false) }
    }

    @Test func optionalLabels() throws {
        let d = try parse("x,y\n1,2\n3,4", labelsOptional: true)
        #expect(d.labels == nil && d.featureCount == 2)
        // One rule: a header without 'label' makes the file unlabelled, also where labels are needed.
        expectError("data/v.csv", "header has no 'label' column", "unlabelled") { _ = try parse("x,y\n1,2\n3,4") }
        #expect(try parse("1,2\n3,4").labels == [2, 4], "without a header the last column is the label")
        #expect(try parse("x,y\n1,2", .named("label"), labelsOptional: true).labels == nil)
        expectError("data/v.csv", "no column named 'label'", "x, y") { _ = try parse("x,y\n1,2", .named("label")) }
        expectError("data/v.csv", "index 5 is out of range for 2 columns") { _ = try parse("1,2", .index(5)) }
        expectError("data/v.csv", "no header row") { _ = try parse("1,2", .named("label")) }
    }

    @Test func raggedRowsNameTheLine() {
        expectError("data/v.csv", "line 3", "row has 2 columns, expected 3") { _ = try parse("a,b,label\n1,2,0\n1,2\n") }
    }

    @Test func badCellsNameLineAndColumn() {
        expectError("data/v.csv", "line 2, column 2", "'abc' is not a finite number") { _ = try parse("1,2,0\n1,abc,0") }
        expectError("data/v.csv", "line 1, column 1", "empty cell") { _ = try parse(",2,0") }
        expectError("data/v.csv", "line 2, column 3", "label '1.5'") { _ = try parse("1,2,0\n1,2,1.5") }
        expectError("data/v.csv", "line 1, column 3", "label '-1'") { _ = try parse("1,2,-1") }
        expectError("data/v.csv", "line 1, column 1", "'nan'") { _ = try parse("nan,2,1") }
        expectError("data/v.csv", "line 1, column 1", "'1e300'") { _ = try parse("1e300,2,1") }
        expectError("data/v.csv", "line 1, column 2", "unterminated") { _ = try parse("1,\"2,1") }
    }

    @Test func emptyFiles() {
        expectError("data/v.csv", "no rows") { _ = try parse("\n\n") }
        expectError("data/v.csv", "no data rows") { _ = try parse("x,label\n") }
        expectError("data/v.csv", "no feature columns") { _ = try parse("1\n2") }
    }

    @Test func loadFromFileAndTabDelimiter() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("t.tsv", text: "f1\tf2\tlabel\n1\t2\t3\n")
        let d = try loadCSV(path: path, delimiter: "\t")
        #expect(d.features == [1, 2] && d.labels == [3] && d.name == "t.tsv")
        expectError(dir.file("none.csv"), "no such file") { _ = try loadCSV(path: dir.file("none.csv")) }
    }
}
