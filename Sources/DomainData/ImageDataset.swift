/// A labelled image dataset held in memory.
///
/// Pixels are stored as `count × height × width × channels` bytes: images one
/// after another, each row-major with interleaved channels (HWC). Labels are
/// 0-based class indices, one per image. All invariants are checked by the
/// initializer, so an `ImageDataset` value is always consistent.
public struct ImageDataset: Sendable, Equatable, CustomStringConvertible {
    /// A short name for messages, e.g. "mnist (train)".
    public var name: String
    /// Number of images.
    public let count: Int
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int
    /// 1 (grayscale) or 3 (RGB).
    public let channels: Int
    /// `count × height × width × channels` bytes, HWC per image.
    public let pixels: [UInt8]
    /// One 0-based class label per image.
    public let labels: [Int]
    /// Number of classes: the declared count if one was given, else max label + 1 (training
    /// derives its class count with `ClassLabels`, which refuses gaps).
    public let classCount: Int
    /// The file the labels were read from, when loaded from one (named in label errors).
    public var labelsFile: String?
    /// The class names by label (an image folder's sorted class folders), nil when the layout has none.
    public var classNames: [String]?
    /// False for images without labels (a flat folder, an IDX images file without a labels
    /// file): `labels` are then placeholders (all 0) that must not be used.
    public var isLabeled = true

    /// Creates a dataset, validating every invariant.
    ///
    /// - Parameters:
    ///   - declaredClassCount: if given, every label must be in `0..<declaredClassCount`.
    ///   - labelsFile: the file the labels came from, for messages.
    /// - Throws: `DataError.invalidDataset` naming `name` and the problem.
    public init(name: String, height: Int, width: Int, channels: Int,
                pixels: [UInt8], labels: [Int], declaredClassCount: Int? = nil, labelsFile: String? = nil) throws {
        guard height > 0, width > 0 else {
            throw DataError.invalidDataset(file: name, reason: "image size \(height)x\(width) must be positive")
        }
        guard channels == 1 || channels == 3 else {
            throw DataError.invalidDataset(file: name, reason: "images have \(channels) channels; only 1 (grayscale) or 3 (RGB) are supported")
        }
        let (perImage, o1) = height.multipliedReportingOverflow(by: width)
        let (imageSize, o2) = perImage.multipliedReportingOverflow(by: channels)
        guard !o1, !o2 else {
            throw DataError.invalidDataset(file: name, reason: "image size \(height)x\(width)x\(channels) is absurd")
        }
        guard pixels.count % imageSize == 0 else {
            throw DataError.invalidDataset(file: name, reason: "pixel buffer of \(pixels.count) bytes is not a whole number of \(height)x\(width)x\(channels) images")
        }
        let count = pixels.count / imageSize
        guard labels.count == count else {
            throw DataError.invalidDataset(file: name, reason: "label count \(labels.count) does not match image count \(count)")
        }
        if let declaredClassCount, declaredClassCount <= 0 {
            throw DataError.invalidDataset(file: name, reason: "declared class count \(declaredClassCount) must be positive")
        }
        var maxLabel = -1
        for (i, label) in labels.enumerated() {
            if label < 0 {
                throw DataError.invalidDataset(file: name, reason: "label \(label) of image \(i) is negative")
            }
            if let declaredClassCount, label >= declaredClassCount {
                throw DataError.invalidDataset(file: name, reason: "label \(label) of image \(i) is outside 0..<\(declaredClassCount)")
            }
            maxLabel = max(maxLabel, label)
        }
        self.name = name
        self.count = count
        self.height = height
        self.width = width
        self.channels = channels
        self.pixels = pixels
        self.labels = labels
        self.classCount = declaredClassCount ?? (maxLabel + 1)
        self.labelsFile = labelsFile
    }

    /// Equal contents: name, images, labels and class count (not where the labels were read from).
    public static func == (a: ImageDataset, b: ImageDataset) -> Bool {
        a.name == b.name && a.height == b.height && a.width == b.width && a.channels == b.channels
            && a.classCount == b.classCount && a.labels == b.labels && a.pixels == b.pixels
    }

    /// Bytes per image (`height × width × channels`).
    public var imageSize: Int { height * width * channels }

    /// The pixels of image `index` (HWC). `index` must be in `0..<count`.
    public func image(at index: Int) -> ArraySlice<UInt8> {
        pixels[index * imageSize ..< (index + 1) * imageSize]
    }

    /// One line, e.g. "mnist (train): 60000 images 28x28x1, 10 classes".
    public var description: String {
        "\(name): \(count) images \(height)x\(width)x\(channels), \(classCount) classes"
    }

    /// Number of images per class (index = label).
    public var classHistogram: [Int] {
        var histogram = [Int](repeating: 0, count: classCount)
        for label in labels where label < histogram.count { histogram[label] += 1 }
        return histogram
    }

    /// Checks the labels against a class count (e.g. the source dataset's, when
    /// this is the target domain). Throws if any label is `>= classCount`.
    public func validate(classCount expected: Int) throws {
        if let bad = labels.firstIndex(where: { $0 >= expected }) {
            throw DataError.invalidDataset(file: name, reason: "label \(labels[bad]) of image \(bad) is outside 0..<\(expected)")
        }
    }

    /// The dataset converted to 3 channels (grayscale replicated), or `self` if already RGB.
    public func toRGB() -> ImageDataset {
        guard channels == 1 else { return self }
        var rgb = [UInt8](repeating: 0, count: pixels.count * 3)
        pixels.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count {
                    let v = src[i]
                    dst[3 * i] = v
                    dst[3 * i + 1] = v
                    dst[3 * i + 2] = v
                }
            }
        }
        var converted = ImageDataset(unchecked: name, height: height, width: width, channels: 3,
                                     pixels: rgb, labels: labels, classCount: classCount, labelsFile: labelsFile)
        converted.classNames = classNames
        converted.isLabeled = isLabeled
        return converted
    }

    /// The first `n` images (or all, if fewer).
    public func prefix(_ n: Int) -> ImageDataset {
        let k = max(0, min(n, count))
        var first = ImageDataset(unchecked: name, height: height, width: width, channels: channels,
                                 pixels: Array(pixels[0 ..< k * imageSize]), labels: Array(labels[0 ..< k]),
                                 classCount: classCount, labelsFile: labelsFile)
        first.classNames = classNames
        first.isLabeled = isLabeled
        return first
    }

    /// Memberwise initializer for values already known to be consistent.
    init(unchecked name: String, height: Int, width: Int, channels: Int,
         pixels: [UInt8], labels: [Int], classCount: Int, labelsFile: String? = nil) {
        self.name = name
        self.count = labels.count
        self.height = height
        self.width = width
        self.channels = channels
        self.pixels = pixels
        self.labels = labels
        self.classCount = classCount
        self.labelsFile = labelsFile
    }
}

extension ImageDataset {
    /// Builds a dataset from an IDX image array and an IDX label array.
    ///
    /// Images may be `N×H×W` (grayscale) or `N×H×W×C` with `C` in {1, 3};
    /// labels must be a 1-D array of `N` bytes. File names are used in errors.
    public init(images: IDXArray, labels: IDXArray, name: String,
                imagesFile: String, labelsFile: String, declaredClassCount: Int? = nil) throws {
        let dims = images.dimensions
        let channels: Int
        switch dims.count {
        case 3:
            channels = 1
        case 4:
            guard dims[3] == 1 || dims[3] == 3 else {
                throw DataError.invalidDataset(file: imagesFile, reason: "images have \(dims[3]) channels (shape \(IDXArray.shapeText(dims))); only 1 or 3 are supported")
            }
            channels = dims[3]
        default:
            throw DataError.invalidDataset(file: imagesFile, reason: "image array has shape \(IDXArray.shapeText(dims)); expected N×H×W or N×H×W×C")
        }
        guard dims[1] > 0, dims[2] > 0 else {
            throw DataError.invalidDataset(file: imagesFile, reason: "image size \(dims[1])x\(dims[2]) must be positive")
        }
        guard labels.dimensions.count == 1 else {
            throw DataError.invalidDataset(file: labelsFile, reason: "label array has shape \(IDXArray.shapeText(labels.dimensions)); expected a 1-D array")
        }
        guard labels.dimensions[0] == dims[0] else {
            throw DataError.invalidDataset(file: labelsFile, reason: "has \(labels.dimensions[0]) labels but \(FileIO.baseName(imagesFile)) has \(dims[0]) images")
        }
        let intLabels = labels.bytes.map { Int($0) }
        if let declaredClassCount, let bad = intLabels.firstIndex(where: { $0 >= declaredClassCount }) {
            throw DataError.invalidDataset(file: labelsFile, reason: "label \(intLabels[bad]) at index \(bad) is outside 0..<\(declaredClassCount)")
        }
        try self.init(name: name, height: dims[1], width: dims[2], channels: channels,
                      pixels: images.bytes, labels: intLabels, declaredClassCount: declaredClassCount, labelsFile: labelsFile)
    }

    /// Unlabelled images from an IDX images file alone (`labels` all 0, `isLabeled` false).
    public static func loadUnlabeledIDX(imagesPath: String, name: String) throws -> ImageDataset {
        let images = try IDXArray.read(from: imagesPath)
        let count = images.dimensions.first ?? 0
        var dataset = try ImageDataset(images: images, labels: IDXArray(validatedDimensions: [count], bytes: [UInt8](repeating: 0, count: count)),
                                       name: name, imagesFile: imagesPath, labelsFile: imagesPath)
        dataset.isLabeled = false
        return dataset
    }

    /// Every image resized (shorter side) and centre-cropped to `size × size` (see
    /// ``DecodedImage/fitted(to:)``); `self` when the images already are that size.
    public func fitted(to size: Int) -> ImageDataset {
        if height == size && width == size { return self }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(count * size * size * channels)
        for index in 0..<count {
            let image = DecodedImage(validatedWidth: width, height: height, channels: channels, pixels: Array(image(at: index)))
            pixels += image.fitted(to: size).pixels
        }
        var fitted = ImageDataset(unchecked: name, height: size, width: size, channels: channels,
                                  pixels: pixels, labels: labels, classCount: classCount)
        fitted.classNames = classNames
        fitted.isLabeled = isLabeled
        return fitted
    }

    /// Loads a dataset from an images file and a labels file (IDX, optionally gzip'd).
    public static func loadIDX(imagesPath: String, labelsPath: String, name: String,
                               declaredClassCount: Int? = nil) throws -> ImageDataset {
        let labels = try IDXArray.read(from: labelsPath)
        let images = try IDXArray.read(from: imagesPath)
        return try ImageDataset(images: images, labels: labels, name: name,
                                imagesFile: imagesPath, labelsFile: labelsPath,
                                declaredClassCount: declaredClassCount)
    }

    /// The dataset as IDX arrays: images `N×H×W` (grayscale) or `N×H×W×3`, labels `N`.
    /// Throws if a label does not fit in a byte.
    public func idxArrays() throws -> (images: IDXArray, labels: IDXArray) {
        var labelBytes = [UInt8]()
        labelBytes.reserveCapacity(count)
        for (i, label) in labels.enumerated() {
            guard let byte = UInt8(exactly: label) else {
                throw DataError.invalidDataset(file: name, reason: "label \(label) of image \(i) does not fit in an IDX unsigned byte")
            }
            labelBytes.append(byte)
        }
        let dims = channels == 1 ? [count, height, width] : [count, height, width, channels]
        return (IDXArray(validatedDimensions: dims, bytes: pixels),
                IDXArray(validatedDimensions: [count], bytes: labelBytes))
    }

    /// Writes the dataset as an IDX images file and an IDX labels file (atomically).
    public func writeIDX(imagesPath: String, labelsPath: String, gzip: Bool) throws {
        let arrays = try idxArrays()
        try arrays.images.write(to: imagesPath, gzip: gzip)
        try arrays.labels.write(to: labelsPath, gzip: gzip)
    }
}
