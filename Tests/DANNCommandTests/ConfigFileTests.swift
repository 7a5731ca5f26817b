import Foundation
import Testing

/// `dann train --config FILE`: the file's options, overridden by the command line; every run
/// writes config.toml, and training from it repeats the run.
@Suite("Config files", .serialized)
struct ConfigFileTests {
    let commands = CommandTests()

    @Test func aConfigFileTrainsAndItsRunCanBeRepeated() throws {
        let domains = try commands.makeDomains()
        let folder = temporaryDirectory("config")
        let file = folder + "/train.toml"
        try """
            source = "\(domains.source)"
            target = "\(domains.target)"
            method = "coral"
            steps = 10
            batch-size = 16
            conv-channels = [4, 6]
            label-hidden = [16]
            domain-hidden = ""
            padding = "same"
            log-every = 5
            checkpoint-every = 5
            threads = 1
            embedding-samples = 0
            seed = 3
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let first = try runDANN(["train", "--config", file, "--steps", "15", "--out", folder + "/a", "--quiet"])
        #expect(first.status == 0, "\(first.error)")
        let summary = try commands.summary(folder + "/a")
        #expect(summary["method"] as? String == "coral" && summary["steps"] as? Int == 15, "the command line overrides the file")
        let written = try String(contentsOfFile: folder + "/a/config.toml", encoding: .utf8)
        #expect(written.contains("steps = 15") && written.contains("method = 'coral'") && !written.contains("quiet"))
        // An empty value (no hidden layer) survives the round trip (`--domain-hidden=` would read as missing).
        #expect(written.contains("domain-hidden = ''"), "\(written)")

        let again = try runDANN(["train", "--config", folder + "/a/config.toml", "--out", folder + "/b", "--quiet"])
        #expect(again.status == 0, "\(again.error)")
        let a = try Data(contentsOf: URL(fileURLWithPath: folder + "/a/checkpoint.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/b/checkpoint.safetensors"))
        #expect(a == b, "config.toml repeats the run")
    }

    @Test func aBrokenConfigFileFailsWithOneLine() throws {
        let file = temporaryDirectory("bad-config") + "/bad.toml"
        try "steps = = 3".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runDANN(["train", "--config", file])
        #expect(result.status != 0 && result.error.contains("not valid TOML"), "\(result.error)")
        let missing = try runDANN(["train", "--config", "/nonexistent.toml"])
        #expect(missing.status != 0 && missing.error.contains("cannot read"), "\(missing.error)")
    }
}
