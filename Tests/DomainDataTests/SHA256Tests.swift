import Testing
@testable import DomainData

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func standardVectors(message: String, digest: String) {
        #expect(SHA256.hex(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test func millionAs() {
        #expect(SHA256.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingMatchesOneShot() {
        let data = fixtureBytes(1000)
        let expected = SHA256.hash(data)
        for split in [0, 1, 55, 56, 63, 64, 65, 127, 500, 1000] {
            var hasher = SHA256()
            hasher.update(Array(data[..<split]))
            var rest = Array(data[split...])[...]
            while !rest.isEmpty {  // feed in odd-sized pieces
                hasher.update(Array(rest.prefix(13)))
                rest = rest.dropFirst(13)
            }
            #expect(hasher.finalize() == expected, "split at \(split)")
            #expect(hasher.finalize() == expected, "finalize must not change the hasher")
        }
    }

    @Test func fileDigest() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("f", Array("abc".utf8))
        #expect(try SHA256.hexDigest(ofFile: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct ChecksumTests {
    @Test func verifyList() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("mnist/a.gz", Array("abc".utf8))
        try dir.write("mnist/b.gz", Array("abd".utf8))
        let list = """
        # comment
        ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  mnist/a.gz
        BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD *mnist/b.gz

        ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  mnist/missing.gz
        """
        let sums = try dir.write("SHA256SUMS", text: list)
        let results = try verifyChecksums(sumsFile: sums)
        #expect(results.map(\.file) == ["mnist/a.gz", "mnist/b.gz", "mnist/missing.gz"])
        #expect(results.map(\.status) == [.ok, .mismatch, .missing])
        #expect(results.map(\.ok) == [true, false, false])
        #expect(results[0].path == dir.file("mnist/a.gz"))
        #expect(results[1].summary.hasPrefix("mnist/b.gz: MISMATCH (expected ba7816bf"))
        // An explicit root.
        let elsewhere = try verifyChecksums(sumsFile: sums, root: dir.file("mnist"))
        #expect(elsewhere.allSatisfy { $0.status == .missing })
    }

    @Test func malformedLists() {
        expectError("S", "line 2", "64-digit hex") { _ = try parseChecksumList(Array("\nabc  file\n".utf8), file: "S") }
        let hash = String(repeating: "a", count: 64)
        expectError("S", "line 1", "missing file name") { _ = try parseChecksumList(Array("\(hash)  \n".utf8), file: "S") }
        expectError("S", "line 1", "HASH  FILE") { _ = try parseChecksumList(Array("\(hash)xfile\n".utf8), file: "S") }
        expectError("no such file") { _ = try verifyChecksums(sumsFile: "/nonexistent/SUMS") }
    }

    @Test func verifySingleFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("f", Array("abc".utf8))
        try verifyFile(path, expectedSHA256: "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")
        expectError(path, "SHA-256 mismatch", "expected 00") { try verifyFile(path, expectedSHA256: String(repeating: "0", count: 64)) }
    }
}
