#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the files of a dataset directory are organised.
public enum DatasetLayout: String, Sendable, Equatable {
    /// MNIST-style IDX files (`train-images-idx3-ubyte.gz`, ...).
    case idx
    /// The original MNIST-M PNG release (`mnist_m_train/`, `mnist_m_train_labels.txt`, ...).
    case mnistMPNG
    /// torchvision's ImageFolder layout of PNG/JPEG files (see ``ImageFolderLayout``).
    case imageFolder
}

/// A dataset name the locator knows how to find.
public struct KnownDataset: Sendable, Equatable {
    /// Canonical name, e.g. "mnist-m".
    public let name: String
    /// Other accepted spellings, e.g. "mnist_m".
    public let aliases: [String]
    /// Sub-folders of a data root that may hold it, in preference order.
    public let folders: [String]
    /// One-line description for listings.
    public let summary: String
}

/// A dataset directory found by `DatasetLocator`.
public struct ResolvedDataset: Sendable, Equatable {
    /// The dataset name (canonical name, or the directory name for a directory argument).
    public let name: String
    /// The directory holding the files.
    public let directory: String
    /// How the files are organised.
    public let layout: DatasetLayout
}

/// Turns a dataset NAME (`mnist`, `mnist-m`) or a DIRECTORY into files on disk.
///
/// Search roots, in order: the explicit data directory, `$DANN_DATA_DIR`, the per-user data
/// directory (`$XDG_DATA_HOME/dann`, else `~/.local/share/dann`), `../shared/data`, `./data`
/// (relative roots are taken from `workingDirectory`).
/// An argument naming an existing directory that holds dataset files is used
/// directly (a known name like `mnist` is looked up in the roots if `./mnist`
/// holds no dataset files).
public struct DatasetLocator: Sendable {
    /// Environment variable naming an extra data root.
    public static let environmentVariable = "DANN_DATA_DIR"
    /// Roots searched after the explicit and environment ones.
    public static let defaultRelativeRoots = ["../shared/data", "./data"]

    /// The datasets that can be requested by name.
    public static let knownDatasets: [KnownDataset] = [
        KnownDataset(name: "mnist", aliases: [], folders: ["mnist"],
                     summary: "MNIST handwritten digits, 28x28 grayscale, 10 classes"),
        KnownDataset(name: "mnist-m", aliases: ["mnist_m", "mnistm"], folders: ["mnist_m", "mnist-m"],
                     summary: "MNIST-M: MNIST digits blended over colour photo patches, 32x32 RGB, 10 classes"),
    ]

    /// Explicit data root (e.g. from `--data-dir`); searched first.
    public var dataDirectory: String?
    /// Environment used to read `DANN_DATA_DIR` (pass the process environment in production).
    public var environment: [String: String]
    /// Directory relative paths are resolved against.
    public var workingDirectory: String

    /// - Parameters:
    ///   - dataDirectory: explicit data root, searched first.
    ///   - environment: variables to read `DANN_DATA_DIR` from; defaults to the process's.
    ///   - workingDirectory: base for relative paths; defaults to the process's current directory.
    public init(dataDirectory: String? = nil, environment: [String: String] = DatasetLocator.processEnvironment(),
                workingDirectory: String? = nil) {
        self.dataDirectory = dataDirectory
        self.environment = environment
        self.workingDirectory = workingDirectory ?? DatasetLocator.currentDirectory()
    }

    /// The variables of the process environment that the locator uses (`DANN_DATA_DIR`, and
    /// `XDG_DATA_HOME` and `HOME` for the per-user directory).
    public static func processEnvironment() -> [String: String] {
        var variables: [String: String] = [:]
        for name in [environmentVariable, "XDG_DATA_HOME", "HOME"] {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return variables
    }

    /// The per-user data directory, as the XDG base-directory convention places it:
    /// `$XDG_DATA_HOME/dann`, else `$HOME/.local/share/dann`; nil without either variable.
    /// `dann data download` writes there by default.
    public var userDataDirectory: String? {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return FileIO.join(xdg, "dann") }
        if let home = environment["HOME"], home.hasPrefix("/") { return FileIO.join(home, ".local/share/dann") }
        return nil
    }

    /// The process's current directory ("." if it cannot be determined).
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` made absolute against `workingDirectory` and normalised.
    public func absolute(_ path: String) -> String {
        FileIO.normalize(path.hasPrefix("/") ? path : FileIO.join(workingDirectory, path))
    }

    /// The data roots to search, in order, without duplicates.
    public var searchRoots: [String] {
        var roots: [String] = []
        if let dataDirectory, !dataDirectory.isEmpty { roots.append(absolute(dataDirectory)) }
        if let env = environment[DatasetLocator.environmentVariable], !env.isEmpty { roots.append(absolute(env)) }
        if let user = userDataDirectory { roots.append(FileIO.normalize(user)) }
        roots += DatasetLocator.defaultRelativeRoots.map(absolute)
        var seen = Set<String>()
        return roots.filter { seen.insert($0).inserted }
    }

    /// The known dataset for a name or alias (case-insensitive), if any.
    public static func knownDataset(named name: String) -> KnownDataset? {
        let key = name.lowercased()
        return knownDatasets.first { $0.name == key || $0.aliases.contains(key) }
    }

    /// The layout of `directory`, or `nil` if it holds no recognisable dataset.
    public static func detectLayout(of directory: String) -> DatasetLayout? {
        if let files = try? idxFileNames(in: directory), !files.isEmpty { return .idx }
        if MNISTMPNGLayout.isLayout(directory) { return .mnistMPNG }
        if ImageFolderLayout.isLayout(directory) { return .imageFolder }
        return nil
    }

    /// Resolves a dataset name or directory.
    ///
    /// - Throws: `DataError.datasetNotFound` listing every place searched, or
    ///   `DataError.invalidDataset` for a directory without dataset files.
    public func resolve(_ argument: String) throws -> ResolvedDataset {
        let asPath = absolute(argument)
        let known = argument.contains("/") ? nil : DatasetLocator.knownDataset(named: argument)
        if FileIO.isDirectory(asPath) {
            if let layout = DatasetLocator.detectLayout(of: asPath) {
                return ResolvedDataset(name: known?.name ?? FileIO.baseName(asPath), directory: asPath, layout: layout)
            }
            // A same-named folder without dataset files (e.g. source code) does not
            // shadow a known dataset name: fall through to the search roots.
            if known == nil {
                throw DataError.invalidDataset(file: asPath, reason: "no dataset files found: expected MNIST-style IDX files (e.g. train-images-idx3-ubyte.gz), the MNIST-M PNG layout (mnist_m_train/ + mnist_m_train_labels.txt), or PNG/JPEG images (train/CLASS/*.jpg, or a flat folder)")
            }
        }
        guard let known else {
            if argument.contains("/") { throw DataError.notFound(file: argument) }
            let names = DatasetLocator.knownDatasets.map(\.name).joined(separator: ", ")
            throw DataError.invalidArgument("unknown dataset '\(argument)': known datasets are \(names), or pass a dataset directory")
        }
        var searched: [String] = []
        for root in searchRoots {
            for folder in known.folders {
                let candidate = FileIO.join(root, folder)
                if FileIO.isDirectory(candidate) {
                    if let layout = DatasetLocator.detectLayout(of: candidate) {
                        return ResolvedDataset(name: known.name, directory: candidate, layout: layout)
                    }
                    searched.append("\(candidate) (exists, but holds no dataset files)")
                } else {
                    searched.append(candidate)
                }
            }
        }
        throw DataError.datasetNotFound(name: known.name, searched: searched)
    }

    /// Resolves `argument` and loads one split of it; `options.inputSize` fits every layout's
    /// images to one size, the other options concern image folders (and unlabelled IDX files).
    public func load(_ argument: String, split: DatasetSplit, declaredClassCount: Int? = nil,
                     options: ImageLoadingOptions = .init()) throws -> ImageDataset {
        let dataset = try resolve(argument)
        let loaded: ImageDataset
        switch dataset.layout {
        case .idx:
            loaded = try loadIDXDataset(directory: dataset.directory, split: split, name: dataset.name,
                                        declaredClassCount: declaredClassCount, labelsOptional: options.labelsOptional)
        case .mnistMPNG:
            loaded = try MNISTMPNGLayout.load(directory: dataset.directory, split: split, name: dataset.name,
                                              declaredClassCount: declaredClassCount)
        case .imageFolder:
            return try ImageFolderLayout.load(directory: dataset.directory, split: split, name: dataset.name, options: options)
        }
        return options.inputSize.map { loaded.fitted(to: $0) } ?? loaded
    }

    /// Whether `dataset` has a labelled `split` (one that can report accuracy).
    public static func hasLabeledSplit(_ dataset: ResolvedDataset, split: DatasetSplit) -> Bool {
        switch dataset.layout {
        case .idx: (try? findIDXSplit(in: dataset.directory, split: split)) != nil
        case .mnistMPNG: MNISTMPNGLayout.availableSplits(in: dataset.directory).contains(split)
        case .imageFolder: ImageFolderLayout.hasLabeledSplit(dataset.directory, split: split)
        }
    }

    /// Every known dataset with the directory it resolves to, or `nil` where it is missing
    /// (for a `dann data` listing).
    public func listKnownDatasets() -> [(name: String, path: String?)] {
        DatasetLocator.knownDatasets.map { known in
            (known.name, try? resolve(known.name).directory)
        }
    }
}
