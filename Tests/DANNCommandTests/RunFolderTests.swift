import Foundation
import Testing

/// `dann train --out` never mixes two runs: it refuses an existing run unless continued or
/// replaced, refuses a folder another process trains into, and cleans up after itself.
@Suite("Run folders", .serialized)
struct RunFolderTests {
    let commands = CommandTests()

    @Test func anExistingRunIsNeitherOverwrittenNorMixed() throws {
        let domains = try commands.makeDomains()
        let out = temporaryDirectory("existing")
        let arguments = commands.trainArguments(domains, out: out, steps: 20) + ["--embedding-samples", "0"]
        #expect(try runDANN(arguments).status == 0)
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoint.safetensors"))
        let metrics = try String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8)

        let again = try runDANN(arguments + ["--seed", "4"])
        #expect(again.status != 0 && again.error.contains("already holds a run") && again.error.contains("--resume") && again.error.contains("--force"),
                "\(again.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoint.safetensors")) == checkpoint, "nothing the user saved is touched")
        #expect(try String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8) == metrics)

        let replaced = try runDANN(arguments + ["--seed", "4", "--force"])
        #expect(replaced.status == 0, "\(replaced.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/checkpoint.safetensors")) != checkpoint)
        let both = try runDANN(arguments + ["--resume", "--force"])
        #expect(both.status != 0 && both.error.contains("not both"))
    }

    @Test func aFolderInUseIsRefused() throws {
        let domains = try commands.makeDomains()
        let out = temporaryDirectory("locked")
        // Hold the lock as a training process would.
        let descriptor = open(out + "/.dann.lock", O_RDWR | O_CREAT, 0o644)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        defer { close(descriptor) }
        let run = try runDANN(commands.trainArguments(domains, out: out, steps: 10))
        #expect(run.status != 0 && run.error.contains("in use by another dann process"), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: out + "/metrics.jsonl"))
    }

    @Test func aFailedRunLeavesNoEmptyFolder() throws {
        let out = NSTemporaryDirectory() + "dann-cli-never-\(UUID().uuidString)"
        let run = try runDANN(["train", "--source", "/nonexistent-source", "--target", "/nonexistent-target", "--out", out, "--quiet"])
        #expect(run.status != 0)
        #expect(!FileManager.default.fileExists(atPath: out), "the folder the run created is gone again")
    }

    @Test func resumingOnOtherDataIsRefused() throws {
        let domains = try commands.makeDomains()
        let out = temporaryDirectory("other-data")
        let arguments = commands.trainArguments(domains, out: out, steps: 20) + ["--embedding-samples", "0"]
        #expect(try runDANN(arguments).status == 0)
        let swapped = try runDANN(commands.trainArguments((domains.target, domains.source), out: out, steps: 20) + ["--embedding-samples", "0", "--resume"])
        #expect(swapped.status != 0 && swapped.error.contains("trained on other data"), "\(swapped.error)")
        let limited = try runDANN(arguments + ["--resume", "--limit", "50"])
        #expect(limited.status != 0 && limited.error.contains("input preprocessing"), "\(limited.error)")
        let wider = try runDANN(arguments + ["--resume", "--label-hidden", "8"])
        #expect(wider.status != 0 && wider.error.contains("another network (label_hidden_widths [16], now [8])"), "\(wider.error)")
        let normalised = try runDANN(arguments + ["--resume", "--normalization", "none"])
        #expect(normalised.status != 0 && normalised.error.contains("input preprocessing"), "\(normalised.error)")
    }

    /// A temporary checkpoint that a killed run left (an atomic write stopped before its rename)
    /// is removed when the folder is claimed again; only files named like ours whose writer is
    /// gone, only in the run folder.
    @Test func orphanedTemporaryFilesAreRemoved() throws {
        let domains = try commands.makeDomains()
        let out = temporaryDirectory("orphans")
        let arguments = commands.trainArguments(domains, out: out, steps: 20) + ["--embedding-samples", "0"]
        try runDANNKilledAfterItLogged(arguments, out: out)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = gone.processIdentifier, alive = getpid()
        let orphans = [".checkpoint.safetensors.tmp-\(dead)-12345", ".metrics.jsonl.tmp-\(dead)-9"]
        let kept = [".checkpoint.safetensors.tmp-\(alive)-777", ".notes.tmp-x-1", "checkpoint.safetensors.tmp-\(dead)-5", "mine.txt"]
        try FileManager.default.createDirectory(atPath: out + "/sub", withIntermediateDirectories: true)
        for name in orphans + kept + ["sub/.checkpoint.safetensors.tmp-\(dead)-1"] {
            try Data("partial".utf8).write(to: URL(fileURLWithPath: out + "/" + name))
        }
        let resumed = try runDANN(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.error)")
        for name in orphans { #expect(!FileManager.default.fileExists(atPath: out + "/" + name), "\(name) removed") }
        for name in kept + ["sub/.checkpoint.safetensors.tmp-\(dead)-1"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) kept")
        }
    }
}
