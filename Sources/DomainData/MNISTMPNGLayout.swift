/// The layout of the original MNIST-M release (Ganin & Lempitsky):
///
///     mnist_m/
///       mnist_m_train/00000000.png ...
///       mnist_m_train_labels.txt        ("00000000.png 5" per line)
///       mnist_m_test/00000000.png ...
///       mnist_m_test_labels.txt
///
/// Either split may be missing.
public enum MNISTMPNGLayout {
    /// The image folder of a split, e.g. `mnist_m_train`.
    public static func imagesFolder(_ split: DatasetSplit) -> String { "mnist_m_\(split.rawValue)" }

    /// The labels file of a split, e.g. `mnist_m_train_labels.txt`.
    public static func labelsFile(_ split: DatasetSplit) -> String { "mnist_m_\(split.rawValue)_labels.txt" }

    /// The splits present (folder and labels file both exist) in `directory`.
    public static func availableSplits(in directory: String) -> [DatasetSplit] {
        DatasetSplit.allCases.filter {
            FileIO.isDirectory(FileIO.join(directory, imagesFolder($0)))
                && FileIO.isFile(FileIO.join(directory, labelsFile($0)))
        }
    }

    /// Whether `directory` holds at least one split in this layout.
    public static func isLayout(_ directory: String) -> Bool {
        !availableSplits(in: directory).isEmpty
    }

    /// Parses a labels file: one `NAME LABEL` pair per line, blank lines ignored.
    public static func parseLabels(_ bytes: [UInt8], file: String) throws -> [(name: String, label: Int)] {
        let text = String(decoding: bytes, as: UTF8.self)
        var entries: [(name: String, label: Int)] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw DataError.csv(file: file, line: lineNumber, column: nil,
                                    reason: "expected 'IMAGE LABEL', found \(fields.count) fields")
            }
            guard let label = Int(fields[1]), label >= 0 else {
                throw DataError.csv(file: file, line: lineNumber, column: 2,
                                    reason: "label '\(fields[1])' is not a non-negative integer")
            }
            entries.append((String(fields[0]), label))
        }
        return entries
    }

    /// Loads one split: decodes every listed PNG (in labels-file order).
    ///
    /// All images must have the same size; if any is RGB the dataset is RGB
    /// (grayscale images are replicated). `limit` loads only the first images.
    public static func load(directory: String, split: DatasetSplit, name: String? = nil,
                            limit: Int? = nil, declaredClassCount: Int? = nil) throws -> ImageDataset {
        let labelsPath = FileIO.join(directory, labelsFile(split))
        let folder = FileIO.join(directory, imagesFolder(split))
        guard FileIO.isDirectory(folder) else { throw DataError.notFound(file: folder) }
        var entries = try parseLabels(FileIO.readFile(labelsPath), file: labelsPath)
        if let limit { entries = Array(entries.prefix(max(0, limit))) }
        guard !entries.isEmpty else {
            throw DataError.invalidDataset(file: labelsPath, reason: "lists no images")
        }

        var images: [DecodedImage] = []
        images.reserveCapacity(entries.count)
        var size: (width: Int, height: Int, from: String)?
        for entry in entries {
            let path = FileIO.join(folder, entry.name)
            let image = try readPNG(path)
            if let size {
                guard image.width == size.width, image.height == size.height else {
                    throw DataError.invalidDataset(file: path, reason: "image is \(image.width)x\(image.height) but \(FileIO.baseName(size.from)) is \(size.width)x\(size.height); all images must have the same size")
                }
            } else {
                size = (image.width, image.height, path)
            }
            images.append(image)
        }
        guard let size else { throw DataError.invalidDataset(file: labelsPath, reason: "lists no images") }

        let channels = images.contains(where: { $0.channels == 3 }) ? 3 : 1
        let imageSize = size.width * size.height * channels
        var pixels: [UInt8] = []
        pixels.reserveCapacity(imageSize * images.count)
        for image in images {
            pixels.append(contentsOf: image.channels == channels ? image.pixels : image.toRGB().pixels)
        }
        let base = name ?? FileIO.baseName(FileIO.normalize(directory))
        return try ImageDataset(name: "\(base) (\(split))", height: size.height, width: size.width,
                                channels: channels, pixels: pixels, labels: entries.map(\.label),
                                declaredClassCount: declaredClassCount, labelsFile: labelsPath)
    }
}
