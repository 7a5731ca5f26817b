import Foundation
import Testing

/// `dann sweep` on tiny generated domains: trials, scores, selection, and a killed sweep that
/// continues without repeating finished trials and ends with the same sweep.json.
@Suite("dann sweep", .serialized)
struct SweepCommandTests {
    func spec(_ domains: (source: String, target: String)) throws -> String {
        let path = temporaryDirectory("sweep-spec") + ".toml"
        try """
            source = "\(domains.source)"
            target = "\(domains.target)"
            steps = 200
            batch-size = 16
            extractor-hidden = 12
            label-hidden = 12
            domain-hidden = 8
            embedding-samples = 0
            threads = 1
            checkpoint-every = 100

            [grid]
            method = ["dann", "source-only"]
            lambda-max = [0.1, 1.0]
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func sweepJSON(_ out: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/sweep.json"))) as! [String: Any]
    }

    @Test func aKilledSweepContinuesWithoutRepeatingTrialsAndEndsTheSame() throws {
        let domains = try ScoreCommandTests().makeDomains()
        let specPath = try spec(domains)
        let whole = temporaryDirectory("sweep-whole"), killed = temporaryDirectory("sweep-killed")
        let first = try runDANN(["sweep", specPath, "--out", whole, "--reverse-steps", "50", "--select-by", "dev"])
        #expect(first.status == 0, "\(first.error)")
        let summary = try sweepJSON(whole)
        #expect((summary["trials"] as? [[String: Any]])?.count == 4)
        #expect((summary["selected"] as? [String: Any])?["trial"] is Int && summary["select_by"] as? String == "dev")
        #expect(Set((summary["validators"] as? [String: Any])?.keys ?? [:].keys).count == 7)
        let csv = try String(contentsOfFile: whole + "/sweep.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 5 && csv[0].hasPrefix("trial,lambda-max,method,source-accuracy"))
        #expect(FileManager.default.fileExists(atPath: whole + "/sweep-dev.png"))
        // dann report renders a sweep: the selection, each validator's choice, the trials, the figures.
        let report = try runDANN(["report", whole])
        #expect(report.status == 0, "\(report.error)")
        let html = try String(contentsOfFile: whole + "/report.html", encoding: .utf8)
        #expect(html.contains("Selected by dev: trial") && html.contains("dev (selects)") && html.contains("How each validator would have chosen"))
        #expect(html.components(separatedBy: "data:image/svg+xml;base64,").count - 1 == 7, "one figure per validator")
        #expect(try String(contentsOfFile: whole + "/report.md", encoding: .utf8).contains("| trial | lambda-max | method |"))

        // The same sweep, killed (with its trial processes) once two trials have finished.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dannExecutable)
        process.arguments = ["sweep", specPath, "--out", killed, "--reverse-steps", "50", "--select-by", "dev", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && !FileManager.default.fileExists(atPath: killed + "/trial-001/summary.json") { usleep(5000) }
        // Stop the sweep, kill the trial it is training, then the sweep itself.
        kill(process.processIdentifier, SIGSTOP)
        let children = Process()
        children.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        children.arguments = ["-KILL", "-P", "\(process.processIdentifier)"]
        try children.run()
        children.waitUntilExit()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let finished = try FileManager.default.attributesOfItem(atPath: killed + "/trial-000/summary.json")[.modificationDate] as? Date
        #expect(!FileManager.default.fileExists(atPath: killed + "/sweep.json"))

        let rerun = try runDANN(["sweep", specPath, "--out", killed, "--reverse-steps", "50", "--select-by", "dev"])
        #expect(rerun.status == 0, "\(rerun.error)")
        #expect(!rerun.error.contains("trial 0 of"), "a finished trial is not trained again: \(rerun.error)")
        #expect(try FileManager.default.attributesOfItem(atPath: killed + "/trial-000/summary.json")[.modificationDate] as? Date == finished)
        #expect(try Data(contentsOf: URL(fileURLWithPath: whole + "/sweep.json")) == Data(contentsOf: URL(fileURLWithPath: killed + "/sweep.json")),
                "the continued sweep writes the same sweep.json")
    }

    @Test func garbageTargetLabelsLeaveEverySelectionUnchanged() throws {
        let domains = try ScoreCommandTests().makeDomains()
        // The same domains, the target test labels flipped: only the reported accuracies may change.
        let flipped = temporaryDirectory("flipped-target")
        try FileManager.default.createDirectory(atPath: flipped, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: domains.target + "/train.csv", toPath: flipped + "/train.csv")
        let test = try String(contentsOfFile: domains.target + "/test.csv", encoding: .utf8).split(separator: "\n").enumerated().map { index, line in
            index == 0 ? String(line) : line.split(separator: ",").dropLast().joined(separator: ",") + (line.hasSuffix(",0") ? ",1" : ",0")
        }
        try (test.joined(separator: "\n") + "\n").write(toFile: flipped + "/test.csv", atomically: true, encoding: .utf8)
        func selections(target: String) throws -> (selected: Int?, validators: [String: Int], accuracy: Double?) {
            let out = temporaryDirectory("sweep-labels")
            let result = try runDANN(["sweep", try spec((domains.source, target)), "--out", out, "--reverse-steps", "30", "--quiet"])
            #expect(result.status == 0, "\(result.error)")
            let summary = try sweepJSON(out)
            let validators = (summary["validators"] as? [String: [String: Any]] ?? [:]).mapValues { $0["selected_trial"] as? Int ?? -1 }
            let selected = summary["selected"] as? [String: Any]
            return (selected?["trial"] as? Int, validators, selected?["target_test_accuracy"] as? Double)
        }
        let honest = try selections(target: domains.target), garbage = try selections(target: flipped)
        #expect(honest.selected != nil && honest.selected == garbage.selected)
        #expect(honest.validators.count == 7 && honest.validators == garbage.validators)
        #expect(honest.accuracy != garbage.accuracy, "the flipped labels do change the reported accuracy")
    }

    @Test func specMistakesAreOneLineErrors() throws {
        let path = temporaryDirectory("bad-spec") + ".toml"
        try "out = \"x\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let reserved = try runDANN(["sweep", path, "--out", temporaryDirectory("bad-sweep")])
        #expect(reserved.status != 0 && reserved.error.contains("'out' is set by dann sweep itself"), "\(reserved.error)")
        try "[grid]\nseed = []\n".write(toFile: path, atomically: true, encoding: .utf8)
        let empty = try runDANN(["sweep", path, "--out", temporaryDirectory("bad-sweep")])
        #expect(empty.status != 0 && empty.error.contains("must be a non-empty list"), "\(empty.error)")
        try "[random]\nlearning-rate = [0.1]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let noTrials = try runDANN(["sweep", path, "--out", temporaryDirectory("bad-sweep")])
        #expect(noTrials.status != 0 && noTrials.error.contains("trials = N"), "\(noTrials.error)")
    }

    @Test func anotherSpecCannotReuseTheFolder() throws {
        let domains = try ScoreCommandTests().makeDomains()
        let out = temporaryDirectory("sweep-claimed")
        let one = try spec(domains)
        let two = temporaryDirectory("other-spec") + ".toml"
        try ("seed = 4\n" + String(contentsOfFile: one, encoding: .utf8)).write(toFile: two, atomically: true, encoding: .utf8)
        #expect(try runDANN(["sweep", one, "--out", out, "--collect"]).status == 0)
        let other = try runDANN(["sweep", two, "--out", out, "--collect"])
        #expect(other.status != 0 && other.error.contains("holds a sweep of another spec"), "\(other.error)")
    }
}
