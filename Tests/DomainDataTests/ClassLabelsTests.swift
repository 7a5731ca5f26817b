import Testing
@testable import DomainData

/// Class counts come from the labels present: a gap before a label is an error that names the
/// file, the labels beyond the gap and how many samples carry them.
@Suite struct ClassLabelsTests {
    @Test func denseLabelsGiveTheirCount() throws {
        #expect(try ClassLabels.denseCount(of: [LabeledFile(file: "a", labels: [2, 0, 1, 1])]) == 3)
        // The test split may supply a class the training split lacks.
        #expect(try ClassLabels.denseCount(of: [LabeledFile(file: "train", labels: [0, 2]), LabeledFile(file: "test", labels: [1])]) == 3)
        #expect(try ClassLabels.denseCount(of: []) == 0)
    }

    @Test func aStrayLabelIsNamedWithItsSampleCount() {
        let digits = (0..<100).map { $0 % 10 }
        expectError("labels.gz", "label 255 (1 sample) is beyond a gap", "labels 10–254 are absent", "--classes") {
            _ = try ClassLabels.denseCount(of: [LabeledFile(file: "labels.gz", labels: digits + [255])], declaring: "pass --classes K")
        }
        expectError("test.csv", "labels 5, 7 (3 samples)", "label 4 is absent") {
            _ = try ClassLabels.denseCount(of: [LabeledFile(file: "train.csv", labels: [0, 1, 2, 3]), LabeledFile(file: "test.csv", labels: [5, 7, 7, 0])])
        }
        expectError("many", "labels 3, 4, 5, 6, 7 and 2 more (7 samples)") {
            _ = try ClassLabels.denseCount(of: [LabeledFile(file: "many", labels: [0, 1] + Array(3...9))])
        }
    }

    @Test func aHugeLabelDoesNotAllocateByItsValue() {
        expectError("big.csv", "label 1000000000000000 (1 sample)") {
            _ = try ClassLabels.denseCount(of: [LabeledFile(file: "big.csv", labels: [0, 1, 1_000_000_000_000_000])])
        }
    }

    @Test func checkAgainstAGivenCount() throws {
        try ClassLabels.check([LabeledFile(file: "a", labels: [0, 9])], below: 10, source: "x")
        expectError("b", "labels 10, 12 (3 samples) are outside 0..<10 (the declared 10 classes)") {
            try ClassLabels.check([LabeledFile(file: "a", labels: [0]), LabeledFile(file: "b", labels: [10, 12, 12, 3])],
                                  below: 10, source: "the declared 10 classes")
        }
    }
}
