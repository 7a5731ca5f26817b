import Foundation
import Testing
@testable import DomainData

@Suite(.serialized) struct DownloadTests {
    static let body = fixtureBytes(50_000, seed: 5)
    static var bodyHash: String { SHA256.hex(SHA256.hash(body)) }

    @Test func downloadsAndVerifies() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let server = try TinyHTTPServer(routes: ["/mnist/f.gz": .init(status: 200, body: Self.body)], maxRequests: 1)
        defer { server.waitUntilStopped() }
        let path = dir.file("sub/dir/f.gz")
        try download(url: server.baseURL + "/mnist/f.gz", to: path, expectedSHA256: Self.bodyHash.uppercased(), timeout: 10)
        #expect(try FileIO.readFile(path) == Self.body)
        #expect(try FileIO.listDirectory(dir.file("sub/dir")) == ["f.gz"])
    }

    @Test func checksumMismatchWritesNothing() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let server = try TinyHTTPServer(routes: ["/f": .init(status: 200, body: Self.body)], maxRequests: 1)
        defer { server.waitUntilStopped() }
        let url = server.baseURL + "/f"
        expectError(url, "SHA-256 mismatch", "expected " + String(repeating: "0", count: 64), "got \(Self.bodyHash)") {
            try download(url: url, to: dir.file("f"), expectedSHA256: String(repeating: "0", count: 64), timeout: 10)
        }
        #expect(!FileIO.exists(dir.file("f")))
        #expect(try FileIO.listDirectory(dir.path).isEmpty)
    }

    @Test func httpErrorStatus() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let server = try TinyHTTPServer(routes: [:], maxRequests: 1)
        defer { server.waitUntilStopped() }
        let url = server.baseURL + "/missing"
        expectError(url, "download failed", "HTTP status 404") {
            try download(url: url, to: dir.file("f"), expectedSHA256: nil, timeout: 10)
        }
        #expect(!FileIO.exists(dir.file("f")))
    }

    @Test func truncatedTransferFails() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let server = try TinyHTTPServer(routes: ["/t": .init(status: 200, body: Self.body, truncate: true)], maxRequests: 1)
        defer { server.waitUntilStopped() }
        expectError(server.baseURL + "/t", "download failed") {
            try download(url: server.baseURL + "/t", to: dir.file("f"), expectedSHA256: nil, timeout: 10)
        }
        #expect(!FileIO.exists(dir.file("f")))
    }

    @Test func connectionRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let (fd, port) = TinyHTTPServer.refusingPort()
        defer { close(fd) }
        let url = "http://127.0.0.1:\(port)/x"
        expectError(url, "download failed") { try download(url: url, to: dir.file("f"), expectedSHA256: nil, timeout: 5) }
    }

    @Test func badURLs() {
        expectError("ftp://127.0.0.1/x", "not an http(s) URL") { try download(url: "ftp://127.0.0.1/x", to: "/tmp/never", expectedSHA256: nil) }
        expectError("not a url", "not an http(s) URL") { try download(url: "not a url", to: "/tmp/never", expectedSHA256: nil) }
    }

    @Test func mirrorsAreTriedInOrder() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let server = try TinyHTTPServer(routes: ["/good/f.gz": .init(status: 200, body: Self.body)], maxRequests: 2)
        defer { server.waitUntilStopped() }
        try downloadFromMirrors(file: "f.gz", baseURLs: [server.baseURL + "/bad/", server.baseURL + "/good"],
                                to: dir.file("f.gz"), expectedSHA256: Self.bodyHash, timeout: 10)
        #expect(try FileIO.readFile(dir.file("f.gz")) == Self.body)
    }

    @Test func allMirrorsFailing() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let server = try TinyHTTPServer(routes: [:], maxRequests: 2)
        defer { server.waitUntilStopped() }
        expectError("f.gz", "every mirror failed", "/a/f.gz", "/b/f.gz", "404") {
            try downloadFromMirrors(file: "f.gz", baseURLs: [server.baseURL + "/a", server.baseURL + "/b"],
                                    to: dir.file("f.gz"), expectedSHA256: nil, timeout: 10)
        }
    }

    @Test func mirrorListIsConsistent() {
        #expect(MNISTMirrors.files.count == 4)
        #expect(MNISTMirrors.files.allSatisfy { $0.sha256.count == 64 && IDXFileName($0.file) != nil })
        #expect(!MNISTMirrors.baseURLs.isEmpty)
    }
}
