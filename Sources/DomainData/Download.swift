import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where the MNIST files can be downloaded from, with their SHA-256 digests.
public enum MNISTMirrors {
    /// Mirror base URLs, tried in order. The file name is appended.
    public static let baseURLs: [String] = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]

    /// The four MNIST files and their SHA-256 digests.
    public static let files: [ChecksumEntry] = [
        ChecksumEntry(sha256: "8c6d586ef0355d55c7c780a5121ba1fbffa45abf382bc1cd164c30f8c66241aa", file: "train-images-idx3-ubyte.gz"),
        ChecksumEntry(sha256: "c09e1078af1a7b3e8c55f099f4688c7047f43312768627c943bdf198eb595fbb", file: "train-labels-idx1-ubyte.gz"),
        ChecksumEntry(sha256: "94486f0b9771011de6c9f06bd7bac452f20e662fc0e95609845490bfffc88101", file: "t10k-images-idx3-ubyte.gz"),
        ChecksumEntry(sha256: "9a0415ee759914bbd6799b29579fe36d981a25dc0510702a24af75382b7f9655", file: "t10k-labels-idx1-ubyte.gz"),
    ]
}

/// Result slot shared between the calling thread and URLSession's callback queue.
private final class DownloadResult: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<(Data, URLResponse?), Error>?

    func set(_ result: Result<(Data, URLResponse?), Error>) {
        lock.lock()
        value = result
        lock.unlock()
    }

    func get() -> Result<(Data, URLResponse?), Error>? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// Downloads `url` (http or https) to `path`, verifying its SHA-256 when given.
///
/// The body is checked before anything is written; the file then appears
/// atomically (temporary file + rename), so `path` never holds partial or
/// unverified data. Parent directories are created.
///
/// - Throws: `DataError.download` for bad URLs, connection failures and non-2xx
///   HTTP status; `DataError.checksumMismatch` (naming the URL) on a digest mismatch.
public func download(url: String, to path: String, expectedSHA256: String?, timeout: Double = 120) throws {
    guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
          scheme == "http" || scheme == "https", parsed.host != nil else {
        throw DataError.download(url: url, reason: "not an http(s) URL")
    }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = max(timeout, 3600)
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }

    let done = DispatchSemaphore(value: 0)
    let slot = DownloadResult()
    let task = session.dataTask(with: parsed) { data, response, error in
        if let error {
            slot.set(.failure(error))
        } else {
            slot.set(.success((data ?? Data(), response)))
        }
        done.signal()
    }
    task.resume()
    done.wait()

    let body: Data
    switch slot.get() {
    case .none:
        throw DataError.download(url: url, reason: "no response")
    case .failure(let error):
        throw DataError.download(url: url, reason: error.localizedDescription)
    case .success(let (data, response)):
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            let reason = HTTPURLResponse.localizedString(forStatusCode: http.statusCode)
            throw DataError.download(url: url, reason: "HTTP status \(http.statusCode) \(reason)")
        }
        body = data
    }
    let bytes = [UInt8](body)
    if let expectedSHA256 {
        let actual = SHA256.hex(SHA256.hash(bytes))
        let expected = expectedSHA256.lowercased()
        guard actual == expected else {
            throw DataError.checksumMismatch(file: url, expected: expected, actual: actual)
        }
    }
    if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
        try FileIO.createDirectory(String(path[..<slash]))
    }
    try FileIO.writeFileAtomically(path, bytes: bytes)
}

/// Downloads `file` from the first mirror that serves it with the right checksum.
///
/// - Throws: `DataError.download` listing each mirror's failure if all fail.
public func downloadFromMirrors(file: String, baseURLs: [String], to path: String,
                                expectedSHA256: String?, timeout: Double = 120) throws {
    var failures: [String] = []
    for base in baseURLs {
        let url = base.hasSuffix("/") ? base + file : base + "/" + file
        do {
            try download(url: url, to: path, expectedSHA256: expectedSHA256, timeout: timeout)
            return
        } catch {
            failures.append("\(error)")
        }
    }
    throw DataError.download(url: file, reason: "every mirror failed: " + failures.joined(separator: "; "))
}

/// Downloads the four MNIST files into `directory` (skipping files already present
/// with the right checksum). Returns the paths.
public func downloadMNIST(to directory: String, baseURLs: [String] = MNISTMirrors.baseURLs,
                          timeout: Double = 120) throws -> [String] {
    try FileIO.createDirectory(directory)
    return try MNISTMirrors.files.map { entry in
        let path = FileIO.join(directory, entry.file)
        if FileIO.isFile(path), (try? verifyFile(path, expectedSHA256: entry.sha256)) != nil {
            return path
        }
        try downloadFromMirrors(file: entry.file, baseURLs: baseURLs, to: path,
                                expectedSHA256: entry.sha256, timeout: timeout)
        return path
    }
}
