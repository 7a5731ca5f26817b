/// Which half of a dataset to load.
public enum DatasetSplit: String, Sendable, CaseIterable, CustomStringConvertible {
    case train
    case test

    public var description: String { rawValue }
}

/// The images file and labels file of one split of an IDX dataset (full paths).
public struct DatasetSplitFiles: Sendable, Equatable {
    /// Path of the images file, e.g. `.../train-images-idx3-ubyte.gz`.
    public var images: String
    /// Path of the labels file, e.g. `.../train-labels-idx1-ubyte.gz`.
    public var labels: String

    public init(images: String, labels: String) {
        self.images = images
        self.labels = labels
    }
}

/// A file name in the MNIST naming scheme: `[prefix]{train,test,t10k}-{images,labels}-idxN-ubyte[.gz]`.
struct IDXFileName: Equatable {
    enum Kind: String { case images, labels }

    let fileName: String
    let prefix: String
    let splitWord: String
    let kind: Kind
    let rank: Int
    let compressed: Bool

    var split: DatasetSplit { splitWord == "train" ? .train : .test }

    /// Parses a directory entry; `nil` if it does not follow the scheme.
    init?(_ fileName: String) {
        var rest = Substring(fileName)
        let compressed = rest.hasSuffix(".gz")
        if compressed { rest = rest.dropLast(3) }
        guard rest.hasSuffix("-ubyte") else { return nil }
        rest = rest.dropLast(6)
        // "idxN"
        guard let digit = rest.last, let rank = digit.wholeNumberValue, (1...4).contains(rank) else { return nil }
        rest = rest.dropLast()
        guard rest.hasSuffix("-idx") else { return nil }
        rest = rest.dropLast(4)
        let kind: Kind
        if rest.hasSuffix("-images") { kind = .images } else if rest.hasSuffix("-labels") { kind = .labels } else { return nil }
        rest = rest.dropLast(7)
        guard let word = ["train", "test", "t10k"].first(where: { rest.hasSuffix($0) }) else { return nil }
        rest = rest.dropLast(word.count)
        // The prefix must end at a separator ("mnist_m-train", not "mnist_mtrain").
        if let last = rest.last, last.isLetter || last.isNumber { return nil }
        if kind == .labels && rank != 1 { return nil }
        self.fileName = fileName
        self.prefix = String(rest)
        self.splitWord = word
        self.kind = kind
        self.rank = rank
        self.compressed = compressed
    }
}

/// The MNIST-style IDX files in `directory` (parsed names), in name order.
func idxFileNames(in directory: String) throws -> [IDXFileName] {
    try FileIO.listDirectory(directory).compactMap(IDXFileName.init).filter {
        FileIO.isFile(FileIO.join(directory, $0.fileName))
    }
}

/// Picks the one file of `kind` for `split`, or explains why there is none / several.
private func pickFile(_ files: [IDXFileName], kind: IDXFileName.Kind, split: DatasetSplit,
                      directory: String) throws -> IDXFileName {
    let matches = files.filter { $0.kind == kind && $0.split == split }
    guard !matches.isEmpty else {
        let example = kind == .images ? "\(split)-images-idx3-ubyte.gz" : "\(split)-labels-idx1-ubyte.gz"
        throw DataError.invalidDataset(file: directory, reason: "no \(split) \(kind.rawValue) file found (expected a name like \(example))")
    }
    // "file" and "file.gz" side by side (e.g. after `gunzip -k`): prefer the uncompressed one.
    var distinct = matches.filter { !$0.compressed }
    for m in matches where m.compressed {
        let plain = String(m.fileName.dropLast(3))
        if !distinct.contains(where: { $0.fileName == plain }) { distinct.append(m) }
    }
    guard distinct.count == 1, let chosen = distinct.first else {
        let names = distinct.map(\.fileName).sorted().joined(separator: ", ")
        throw DataError.invalidDataset(file: directory, reason: "ambiguous \(split) \(kind.rawValue) files: \(names); keep only one")
    }
    return chosen
}

/// Finds the images and labels files of one split of an MNIST-style IDX dataset.
///
/// Accepted names: `[prefix]train-images-idxN-ubyte[.gz]`, `[prefix]train-labels-idx1-ubyte[.gz]`,
/// and for the test split `test-` or `t10k-`. All IDX files in the directory must
/// share one prefix (e.g. `mnist_m-`); mixed prefixes or several candidates throw.
public func findIDXSplit(in directory: String, split: DatasetSplit) throws -> DatasetSplitFiles {
    let files = try idxFileNames(in: directory)
    let prefixes = Set(files.map(\.prefix))
    if prefixes.count > 1 {
        let shown = prefixes.sorted().map { $0.isEmpty ? "(none)" : "'\($0)'" }.joined(separator: ", ")
        throw DataError.invalidDataset(file: directory, reason: "IDX files with different name prefixes: \(shown); put each dataset in its own directory")
    }
    let images = try pickFile(files, kind: .images, split: split, directory: directory)
    let labels = try pickFile(files, kind: .labels, split: split, directory: directory)
    return DatasetSplitFiles(images: FileIO.join(directory, images.fileName),
                             labels: FileIO.join(directory, labels.fileName))
}

/// Finds both splits of an MNIST-style IDX dataset (see `findIDXSplit`); both must exist.
public func findIDXDataset(in directory: String) throws -> (train: DatasetSplitFiles, test: DatasetSplitFiles) {
    (try findIDXSplit(in: directory, split: .train), try findIDXSplit(in: directory, split: .test))
}

/// Loads one split of the IDX dataset in `directory`.
///
/// - Parameter name: dataset name used in messages; defaults to the directory's name.
/// - Parameter labelsOptional: an images file without a labels file loads as unlabelled images.
public func loadIDXDataset(directory: String, split: DatasetSplit, name: String? = nil,
                           declaredClassCount: Int? = nil, labelsOptional: Bool = false) throws -> ImageDataset {
    let base = name ?? FileIO.baseName(FileIO.normalize(directory))
    let all = try idxFileNames(in: directory)
    if labelsOptional, !all.contains(where: { $0.kind == .labels && $0.split == split }) {
        let images = try pickFile(all, kind: .images, split: split, directory: directory)
        return try ImageDataset.loadUnlabeledIDX(imagesPath: FileIO.join(directory, images.fileName), name: "\(base) (\(split))")
    }
    let files = try findIDXSplit(in: directory, split: split)
    return try ImageDataset.loadIDX(imagesPath: files.images, labelsPath: files.labels,
                                    name: "\(base) (\(split))", declaredClassCount: declaredClassCount)
}
