/// The labels one file holds, for deriving a class count from them or checking them against one.
public struct LabeledFile: Sendable {
    /// The file the labels were read from (named in errors).
    public var file: String
    /// One 0-based label per sample.
    public var labels: [Int]

    /// Labels read from `file`.
    public init(file: String, labels: [Int]) {
        self.file = file
        self.labels = labels
    }
}

/// Class counts come from the labels actually present, so one stray label (a 255 among the
/// digits 0–9) cannot silently widen a 10-class problem to 256 classes.
public enum ClassLabels {
    /// The class count `K` of labels that cover `0..<K` with every class present (over all
    /// `files` together, e.g. a training and a test split). A label above a gap is refused with
    /// the file, the labels beyond the gap and how many samples carry them; `declaring` names
    /// what declares a class count instead (e.g. `--classes K`).
    public static func denseCount(of files: [LabeledFile], declaring: String = "declare the class count") throws -> Int {
        // A dictionary, not an array indexed by label: a label of 10¹⁵ must not allocate.
        var samples: [Int: Int] = [:]
        for file in files { for label in file.labels { samples[label, default: 0] += 1 } }
        var count = 0
        while samples[count] != nil { count += 1 }
        let beyond = samples.keys.filter { $0 >= count }.sorted()
        guard !beyond.isEmpty else { return count }
        let set = Set(beyond)
        let file = files.first { $0.labels.contains(where: set.contains) }!
        let offending = file.labels.filter(set.contains)
        let gap = beyond[0] - 1 == count ? "label \(count) is absent" : "labels \(count)–\(beyond[0] - 1) are absent"
        throw DataError.invalidDataset(file: file.file, reason: "labels must cover 0..<K with every class present, but \(describe(offending)) beyond a gap (\(gap)); \(declaring) if classes are missing on purpose")
    }

    /// Throws unless every label of `files` is below `count`, naming the first file with
    /// labels outside, those labels and how many samples carry them; `source` says where the
    /// count came from (e.g. `the source's classes` or `--classes 10`).
    public static func check(_ files: [LabeledFile], below count: Int, source: String) throws {
        for file in files {
            let outside = file.labels.filter { $0 >= count || $0 < 0 }
            guard !outside.isEmpty else { continue }
            throw DataError.invalidDataset(file: file.file, reason: "\(describe(outside)) outside 0..<\(count) (\(source))")
        }
    }

    /// "label 255 (1 sample)" or "labels 12, 13 (40 samples)", at most five labels listed.
    static func describe(_ labels: [Int]) -> String {
        let distinct = Set(labels).sorted()
        let shown = distinct.prefix(5).map(String.init).joined(separator: ", ") + (distinct.count > 5 ? " and \(distinct.count - 5) more" : "")
        let samples = labels.count == 1 ? "1 sample" : "\(labels.count) samples"
        return distinct.count == 1 ? "label \(shown) (\(samples)) is" : "labels \(shown) (\(samples)) are"
    }
}
