import Dispatch

/// How image datasets are read: the size images are brought to, the class names labels index
/// into, whether labels may be missing, and a progress callback for large folders.
public struct ImageLoadingOptions: Sendable {
    /// When set, every image is resized (shorter side) and centre-cropped to `inputSize × inputSize`
    /// as it is decoded (see ``DecodedImage/fitted(to:)``), so folders of varied sizes load.
    public var inputSize: Int?
    /// Class names labels must index into (a source domain's, a trained model's); class folders
    /// with other names are an error. Nil: the folder's own sorted class names.
    public var classNames: [String]?
    /// Whether a split without labels (a flat folder of images, an IDX images file without a
    /// labels file) loads as unlabelled images instead of being an error.
    public var labelsOptional = false
    /// Called as `(decoded, total)` after each batch of decoded files (on the calling thread).
    public var progress: (@Sendable (Int, Int) -> Void)?

    /// Options with every field at its default unless given.
    public init(inputSize: Int? = nil, classNames: [String]? = nil, labelsOptional: Bool = false,
                progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.inputSize = inputSize
        self.classNames = classNames
        self.labelsOptional = labelsOptional
        self.progress = progress
    }
}

/// torchvision's `ImageFolder` layout, PNG and JPEG files:
///
///     ROOT/train/CLASS/*.{png,jpg,jpeg}     labelled: class index = position in the sorted class names
///     ROOT/test/CLASS/*                     (optional) labelled test split
///     ROOT/train/*.jpg                      unlabelled training images (a target domain)
///     ROOT/CLASS/*  or  ROOT/*.jpg          no split folders: the whole tree is the training split
///
/// Class folders are searched recursively, files taken in name order; names starting with `.`
/// and files with other extensions are skipped (as torchvision does).
public enum ImageFolderLayout {
    /// The folder holding `split`, or nil when there is none.
    public static func splitFolder(_ directory: String, split: DatasetSplit) -> String? {
        let hasSplitFolders = DatasetSplit.allCases.contains { FileIO.isDirectory(FileIO.join(directory, $0.rawValue)) }
        if hasSplitFolders {
            let folder = FileIO.join(directory, split.rawValue)
            return FileIO.isDirectory(folder) ? folder : nil
        }
        return split == .train ? directory : nil
    }

    /// Whether `directory` holds images in this layout (image files, or class folders of them).
    public static func isLayout(_ directory: String) -> Bool {
        DatasetSplit.allCases.contains { split in
            guard let folder = splitFolder(directory, split: split), let entries = try? visibleEntries(folder) else { return false }
            return entries.contains { entry in
                let path = FileIO.join(folder, entry)
                if FileIO.isFile(path) { return hasImageExtension(entry) }
                return FileIO.isDirectory(path) && ((try? visibleEntries(path))?.contains(where: hasImageExtension) ?? false)
            }
        }
    }

    /// Whether `split` exists and has class folders (so it can report accuracy).
    public static func hasLabeledSplit(_ directory: String, split: DatasetSplit) -> Bool {
        guard let folder = splitFolder(directory, split: split), let listing = try? listing(of: folder) else { return false }
        return listing.classes != nil
    }

    /// The image files of a split folder: per class (sorted class names) or, for a folder of
    /// images without class folders, all of them with `classes` nil.
    public static func listing(of folder: String) throws -> (classes: [String]?, files: [(path: String, classIndex: Int)]) {
        let entries = try visibleEntries(folder)
        let images = entries.filter { hasImageExtension($0) && FileIO.isFile(FileIO.join(folder, $0)) }
        let classFolders = entries.filter { FileIO.isDirectory(FileIO.join(folder, $0)) }
        if classFolders.isEmpty || (!images.isEmpty && classFolders.allSatisfy({ (try? imageFiles(under: FileIO.join(folder, $0)))?.isEmpty ?? true })) {
            guard !images.isEmpty else {
                throw DataError.invalidDataset(file: folder, reason: "holds no PNG or JPEG files and no class folders of them")
            }
            return (nil, images.map { (FileIO.join(folder, $0), 0) })
        }
        if let stray = images.first {
            throw DataError.invalidDataset(file: FileIO.join(folder, stray), reason: "an image beside class folders; put it in its class's folder (or move the class folders out for an unlabelled folder)")
        }
        var files: [(path: String, classIndex: Int)] = []
        for (index, name) in classFolders.enumerated() {
            let classFiles = try imageFiles(under: FileIO.join(folder, name))
            guard !classFiles.isEmpty else {
                throw DataError.invalidDataset(file: FileIO.join(folder, name), reason: "class folder holds no PNG or JPEG files")
            }
            files += classFiles.map { ($0, index) }
        }
        return (classFolders, files)
    }

    /// Loads one split (see the type's description for the layout).
    public static func load(directory: String, split: DatasetSplit, name: String? = nil,
                            options: ImageLoadingOptions = .init()) throws -> ImageDataset {
        guard let folder = splitFolder(directory, split: split) else {
            throw DataError.invalidDataset(file: directory, reason: "no \(split.rawValue)/ folder of images")
        }
        let listing = try listing(of: folder)
        var labels = listing.files.map(\.classIndex)
        var classNames = listing.classes
        if let folderClasses = listing.classes, let wanted = options.classNames {
            let position = Dictionary(wanted.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let mapped = try folderClasses.map { name in
                guard let index = position[name] else {
                    throw DataError.invalidDataset(file: FileIO.join(folder, name), reason: "class '\(name)' is not one of the \(wanted.count) classes \(wanted.prefix(8).joined(separator: ", "))\(wanted.count > 8 ? ", …" : "")")
                }
                return index
            }
            labels = labels.map { mapped[$0] }
            classNames = wanted
        }
        if listing.classes == nil && !options.labelsOptional {
            throw DataError.invalidDataset(file: folder, reason: "holds images but no class folders, so no labels; put them in \(FileIO.baseName(folder))/CLASS/ folders")
        }
        let images = try decodeAll(listing.files.map(\.path), options: options)
        let channels = images.contains { $0.channels == 3 } ? 3 : 1
        let first = images[0]
        if let index = images.firstIndex(where: { $0.width != first.width || $0.height != first.height }) {
            throw DataError.invalidDataset(file: listing.files[index].path, reason: "image is \(images[index].width)x\(images[index].height) but \(FileIO.baseName(listing.files[0].path)) is \(first.width)x\(first.height); give --input-size N to resize (shorter side) and centre-crop every image to NxN")
        }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(images.count * first.width * first.height * channels)
        for image in images { pixels += image.channels == channels ? image.pixels : image.toRGB().pixels }
        let base = name ?? FileIO.baseName(FileIO.normalize(directory))
        var dataset = try ImageDataset(name: "\(base) (\(split))", height: first.height, width: first.width, channels: channels,
                                       pixels: pixels, labels: labels, declaredClassCount: classNames.map { max(1, $0.count) })
        dataset.classNames = classNames
        dataset.isLabeled = listing.classes != nil
        return dataset
    }

    /// Decodes (and, with an input size, fits) every file, in parallel batches, in file order;
    /// the first failing file's error is thrown.
    static func decodeAll(_ paths: [String], options: ImageLoadingOptions) throws -> [DecodedImage] {
        let batch = 256
        var images: [DecodedImage] = []
        images.reserveCapacity(paths.count)
        for start in stride(from: 0, to: paths.count, by: batch) {
            let part = Array(paths[start ..< min(start + batch, paths.count)])
            let results = ResultSlots(count: part.count)
            DispatchQueue.concurrentPerform(iterations: part.count) { i in
                results.set(i, Result {
                    let image = try readImage(part[i])
                    return options.inputSize.map { image.fitted(to: $0) } ?? image
                })
            }
            for result in results.values { images.append(try result!.get()) }
            options.progress?(images.count, paths.count)
        }
        return images
    }

    /// Directory entries not starting with `.`, sorted by code point (Python's order).
    static func visibleEntries(_ folder: String) throws -> [String] {
        try FileIO.listDirectory(folder).filter { !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Image files anywhere under `folder`, walked in sorted order.
    static func imageFiles(under folder: String, depth: Int = 0) throws -> [String] {
        guard depth < 16 else { return [] }   // a symlink loop ends here
        var files: [String] = []
        for entry in try visibleEntries(folder) {
            let path = FileIO.join(folder, entry)
            if FileIO.isDirectory(path) { files += try imageFiles(under: path, depth: depth + 1) } else if hasImageExtension(entry) && FileIO.isFile(path) { files.append(path) }
        }
        return files
    }
}

/// One slot per parallel iteration; each iteration writes only its own slot (raw memory, so
/// concurrent writes to different slots are not exclusive accesses to one array).
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result<DecodedImage, any Error>?>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }
    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    func set(_ index: Int, _ value: Result<DecodedImage, any Error>) { slots[index] = value }
    var values: [Result<DecodedImage, any Error>?] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
