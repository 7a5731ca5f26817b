import DomainData
import Foundation
import SeededRandom
import Testing

/// Seeded fuzzing of what a user types and what a checkpoint may hold: every option of every
/// subcommand (listed by `dann --experimental-dump-help`, so new ones are covered) with values at
/// the edges, and mutated model cards inside valid safetensors files for `dann evaluate` and
/// `dann predict`. Each run must end by itself with a status, not a trap or a signal, within
/// `timeout`, with a peak RSS under `peakRSSBound`. `DANN_FUZZ_ROUNDS=N` runs N values per option
/// and N times the card mutants and combinations (default 1: about 40 s in a debug build);
/// `DANN_FUZZ_VERBOSE=1` prints each combination and how it ended.
@Suite("Fuzzing flags and model cards", .serialized)
struct FlagFuzzTests {
    /// The most memory one run may take, checked on `ru_maxrss` (an upper bound that includes the
    /// test process's own peak, 50–150 MB): the tool's own footprint (40–60 MB in a debug build,
    /// 210 MB for bench) with room to spare, far below what an unbounded allocation reaches.
    /// Under AddressSanitizer (scripts/sanitize.sh sets ASAN_OPTIONS) shadow memory and the
    /// quarantine multiply every footprint (a 2-step train peaked at 1.1 GB), so the bound there
    /// is 4 GiB; the 512 MiB bound holds in the plain run.
    static let peakRSSBound = (ProcessInfo.processInfo.environment["ASAN_OPTIONS"] == nil ? 512 : 4096) * 1024  // KiB
    static let timeout = 60.0
    static let rounds = max(1, Int(ProcessInfo.processInfo.environment["DANN_FUZZ_ROUNDS"] ?? "") ?? 1)

    /// Values at the edges: integers, floats, strings (128 KiB is the longest argument Linux takes).
    static let edgeValues = ["0", "-1", "\(Int.max)", "\(Int.min)", "2147483648", "4294967296", "99999999999999999999",
                             "nan", "inf", "-inf", "1e308", "-0", "1e-320", "", String(repeating: "x", count: 100_000),
                             "é🙂", "../../..", "-", "--", "0,0,0", "1,-1", " 3", "0x10", "1", "2"]

    /// Values that parse for an option (its choices, or small numbers of its default's kind), so
    /// that combinations reach past the parser.
    static func plausibleValues(choices: [String]?, default value: String?) -> [String] {
        if let choices, !choices.isEmpty { return choices }
        guard let value else { return ["1", "2", "3"] }
        if value.contains(",") { return [value, "1", "2,2", "3,1", "1,1,1"] }
        if Int(value) != nil { return [value, "1", "2", "3"] }
        if Double(value) != nil { return [value, "0", "0.5", "1", "1e-9"] }
        return [value]
    }

    /// Fixtures: an image domain, a CSV folder, a trained CSV checkpoint, a run folder, a photo.
    struct Fixtures {
        let root: String, images: String, vectors: String, checkpoint: String, run: String, photos: String, sums: String
    }

    static let fixtures: Fixtures? = {
        let root = temporaryDirectory("fuzz")
        let images = root + "/images", vectors = root + "/vectors", photos = root + "/photos"
        for folder in [images, vectors, photos] { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        guard (try? writeBarsDomain(to: images, size: 8, colour: false, inverted: false, seed: 1, count: 30)) != nil else { return nil }
        for (name, rows) in [("train", 24), ("test", 12)] {
            let lines = (0..<rows).map { "\(Double($0) / 7),\(Double($0 % 5)),\($0 % 3)" }
            guard (try? (["a,b,label"] + lines).joined(separator: "\n").write(toFile: "\(vectors)/\(name).csv", atomically: true, encoding: .utf8)) != nil
            else { return nil }
        }
        guard (try? writePNG(DecodedImage(width: 40, height: 40, channels: 3, pixels: [UInt8](repeating: 90, count: 4800)), to: photos + "/p.png")) != nil,
              (try? "0000000000000000000000000000000000000000000000000000000000000000  train.csv\n"
                .write(toFile: root + "/SHA256SUMS", atomically: true, encoding: .utf8)) != nil,
              let trained = try? runDANN(["train", "--source", vectors, "--target", vectors, "--steps", "2", "--batch-size", "4",
                                          "--embedding-samples", "0", "--quiet", "--out", root + "/run"]), trained.status == 0
        else { return nil }
        return Fixtures(root: root, images: images, vectors: vectors, checkpoint: root + "/run/checkpoint.safetensors", run: root + "/run",
                        photos: photos, sums: root + "/SHA256SUMS")
    }()

    /// Arguments that make each command run for real (and quickly), so a fuzzed option is reached.
    static func base(_ command: String, _ f: Fixtures, out: String) -> (options: [String: String], positionals: [String], flags: [String]) {
        switch command {
        case "train":
            (["source": f.images, "target": f.images, "steps": "2", "batch-size": "4", "conv-channels": "2,2", "padding": "same",
              "label-hidden": "8", "domain-hidden": "8", "embedding-samples": "0", "threads": "1", "out": out], [], ["--quiet"])
        case "evaluate": (["checkpoint": f.checkpoint, "dataset": f.vectors], [], [])
        case "predict": (["checkpoint": f.checkpoint], [f.vectors + "/test.csv"], [])
        case "embed": (["checkpoint": f.checkpoint, "source": f.vectors, "target": f.vectors, "embedding-samples": "6", "out": out], [], [])
        case "demo": (["seeds": "1", "steps": "5", "out": out], [], ["--quiet"])
        case "bench": (["steps": "1", "batch-size": "1", "threads": "1"], [], [])
        case "report": (["out": out + "/r.html"], [f.run], [])
        case "data verify": (["sums": f.sums], [], [])
        case "data download": (["to": out, "mirror": "http://127.0.0.1:9/"], [], [])
        case "data build-mnist-m": (["photos": f.photos, "mnist": f.images, "out": out], [], [])
        default: ([:], [], [])
        }
    }

    /// Every (command, option) pair with a value: long options and positionals, from the tool's
    /// own help dump; with `flags`, the value-less flags instead.
    static func options(flags: Bool = false) throws -> [(command: String, option: String?, values: [String])] {
        let dump = try runDANN(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.output.utf8)) as? [String: Any])
        var found: [(String, String?, [String])] = []
        func walk(_ command: [String: Any], path: [String]) {
            let name = path.joined(separator: " ")
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                switch argument["kind"] as? String {
                case "flag" where flags:
                    guard let long = (argument["names"] as? [[String: Any]])?.first(where: { $0["kind"] as? String == "long" })?["name"] as? String,
                          !["help", "version"].contains(long) else { continue }
                    found.append((name, long, []))
                case "option" where !flags:
                    guard let long = (argument["names"] as? [[String: Any]])?.first(where: { $0["kind"] as? String == "long" })?["name"] as? String else { continue }
                    // Never the network: a download keeps its closed local mirror.
                    if name == "data download" && long == "mirror" { continue }
                    found.append((name, long, plausibleValues(choices: argument["allValues"] as? [String], default: argument["defaultValue"] as? String)))
                case "positional" where name != "help" && !flags: found.append((name, nil, []))
                default: continue
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] where sub["commandName"] as? String != "help" {
                walk(sub, path: path + [sub["commandName"] as? String ?? ""])
            }
        }
        walk(try #require(root["command"] as? [String: Any]), path: [])
        return found.filter { !$0.0.isEmpty }
    }

    /// Fails on a crash, a hang or too much memory; returns the run for the summary.
    @discardableResult
    static func check(_ arguments: [String], in directory: String, sourceLocation: SourceLocation = #_sourceLocation) -> WatchedRun {
        let run = runWatched(arguments, in: directory, timeout: timeout)
        let shown = arguments.map { $0.count > 60 ? "<\($0.count) chars>" : "'\($0)'" }.joined(separator: " ")
        #expect(!run.crashed, "crash (status \(run.exitStatus.map(String.init) ?? "-"), signal \(run.signal.map(String.init) ?? "-")): dann \(shown): \(run.error)",
                sourceLocation: sourceLocation)
        #expect(!run.timedOut, "hang (killed after \(timeout) s): dann \(shown)", sourceLocation: sourceLocation)
        #expect(run.peakRSSKiB < peakRSSBound, "peak RSS \(run.peakRSSKiB / 1024) MiB: dann \(shown)", sourceLocation: sourceLocation)
        return run
    }

    /// The watcher itself: a crash, a hang and a large allocation are seen as such.
    @Test func theWatcherSeesCrashesHangsAndMemory() {
        let directory = temporaryDirectory("watcher")
        let crash = runWatched(["-c", "kill -SEGV $$"], in: directory, timeout: 10, executable: "/bin/sh")
        #expect(crash.crashed && crash.signal == SIGSEGV && !crash.timedOut)
        let hang = runWatched(["-c", "sleep 30"], in: directory, timeout: 0.3, executable: "/bin/sh")
        #expect(hang.timedOut && hang.seconds < 10)
        let fine = runWatched(["-c", "exit 1"], in: directory, timeout: 10, executable: "/bin/sh")
        #expect(!fine.crashed && fine.exitStatus == 1)
        // dd's 64 MiB buffer, filled 20 times: seen in the child's own peak, and within ru_maxrss.
        let big = runWatched(["if=/dev/zero", "of=/dev/null", "bs=64M", "count=20"], in: directory, timeout: 30, executable: "/bin/dd")
        #expect(big.exitStatus == 0 && big.ownPeakRSSKiB > 60 * 1024 && big.ownPeakRSSKiB < 200 * 1024, "\(big.ownPeakRSSKiB) KiB")
        // The kernel's two accountings (wait4's ru_maxrss, /proc's VmHWM) differ by a few pages.
        #expect(big.peakRSSKiB + 1024 >= big.ownPeakRSSKiB, "\(big.peakRSSKiB) vs \(big.ownPeakRSSKiB) KiB")
    }

    @Test func everyOptionAtTheEdges() throws {
        let fixtures = try #require(Self.fixtures, "fixtures failed")
        var generator = SplitMix64(seed: 20_201)
        var runs: [(WatchedRun, String)] = []
        for (command, option, _) in try Self.options() {
            for _ in 0..<Self.rounds {
                let directory = temporaryDirectory("fuzz-run")
                var (options, positionals, flags) = Self.base(command, fixtures, out: directory + "/out")
                let value = Self.edgeValues[generator.below(Self.edgeValues.count)]
                if let option { options[option] = nil } else { positionals = [value] }
                var arguments = command.split(separator: " ").map(String.init)
                arguments += options.sorted { $0.key < $1.key }.map { "--\($0.key)=\($0.value)" } + flags
                if let option { arguments.append("--\(option)=\(value)") }
                arguments += positionals
                runs.append((Self.check(arguments, in: directory), "\(command) --\(option ?? "<positional>") \(value.prefix(20))"))
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        Self.summarize("flags", runs)
    }

    /// Several options of `dann train` at once (and its flags toggled), with values that parse,
    /// so that combinations (batch-norm with per-domain statistics and a batch of 1, …) run.
    @Test func trainOptionCombinations() throws {
        let fixtures = try #require(Self.fixtures, "fixtures failed")
        // Not the paths: the base's data and folder stay.
        let paths: Set<String> = ["source", "target", "out", "config", "data-dir", "tensorboard", "compare-with"]
        let options = try Self.options().filter { $0.command == "train" && !paths.contains($0.option ?? "") }
        let flags = try Self.options(flags: true).filter { $0.command == "train" }.compactMap(\.option)
        var generator = SplitMix64(seed: 4_242)
        var runs: [(WatchedRun, String)] = []
        for _ in 0..<(25 * Self.rounds) {
            let directory = temporaryDirectory("fuzz-combination")
            var (base, _, baseFlags) = Self.base("train", fixtures, out: directory + "/out")
            // A method first (most options belong to one), then three options; one value in four
            // out of range.
            let methods = try #require(options.first { $0.option == "method" }?.values)
            base["method"] = methods[generator.below(methods.count)]
            var chosen = ["--method=\(base["method"]!)"]
            for _ in 0..<3 {
                let (_, name, values) = options[generator.below(options.count)]
                let option = name!
                base[option] = generator.below(4) == 0 ? ["0", "-1", "nan", "\(Int.max)"][generator.below(4)] : values[generator.below(values.count)]
                chosen.append("--\(option)=\(base[option]!)")
            }
            let toggled = (0..<generator.below(3)).map { _ in "--" + flags[generator.below(flags.count)] }
            let arguments = ["train"] + base.sorted { $0.key < $1.key }.map { "--\($0.key)=\($0.value)" } + baseFlags + toggled
            runs.append((Self.check(arguments, in: directory), (chosen + toggled).joined(separator: " ")))
            if ProcessInfo.processInfo.environment["DANN_FUZZ_VERBOSE"] != nil { print("combination:", runs.last!.1, "→", runs.last!.0.exitStatus ?? -1, runs.last!.0.error.prefix(150)) }
            try? FileManager.default.removeItem(atPath: directory)
        }
        Self.summarize("train option combinations", runs)
    }

    @Test func mutatedModelCards() throws {
        let fixtures = try #require(Self.fixtures, "fixtures failed")
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtures.checkpoint)))
        let headerLength = original[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var header = try #require(try JSONSerialization.jsonObject(with: Data(original[8 ..< 8 + headerLength])) as? [String: Any])
        var metadata = try #require(header["__metadata__"] as? [String: String])
        let card = try #require(metadata["dann"])
        let tensors = Array(original[(8 + headerLength)...])
        var generator = SplitMix64(seed: 7_919)
        var runs: [(WatchedRun, String)] = []
        for index in 0..<(60 * Self.rounds) {
            let (mutant, description) = Self.mutate(card, using: &generator)
            metadata["dann"] = mutant
            header["__metadata__"] = metadata
            var json = try [UInt8](JSONSerialization.data(withJSONObject: header))
            while json.count % 8 != 0 { json.append(0x20) }
            let directory = temporaryDirectory("fuzz-card")
            let path = directory + "/mutant.safetensors"
            let length = UInt64(json.count)
            try Data((0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + json + tensors).write(to: URL(fileURLWithPath: path))
            runs.append((Self.check(["evaluate", "--checkpoint", path, "--dataset", fixtures.vectors], in: directory), "evaluate, card \(description)"))
            if index % 3 == 0 {
                runs.append((Self.check(["predict", "--checkpoint", path, fixtures.vectors + "/test.csv"], in: directory), "predict, card \(description)"))
            }
            try? FileManager.default.removeItem(atPath: directory)
        }
        Self.summarize("model cards", runs)
    }

    /// One mutation of the card's JSON text: a value (found by walking the parsed card) set to an
    /// edge value of another type or size, a key removed, or the text itself damaged.
    static func mutate(_ card: String, using generator: inout SplitMix64) -> (String, String) {
        guard var object = try? JSONSerialization.jsonObject(with: Data(card.utf8)) else { return (card, "unchanged") }
        var paths: [[String]] = []
        func collect(_ value: Any, _ path: [String]) {
            if !path.isEmpty { paths.append(path) }
            if let dictionary = value as? [String: Any] { for (key, child) in dictionary { collect(child, path + [key]) } }
            if let array = value as? [Any] { for (i, child) in array.enumerated() { collect(child, path + ["\(i)"]) } }
        }
        collect(object, [])
        paths.sort { $0.joined(separator: ".") < $1.joined(separator: ".") }
        let path = paths[generator.below(paths.count)]
        let replacements: [Any] = [Int.max, Int.min, 0, -1, 2_147_483_648, 1e308, -1e308, 0.5, "", String(repeating: "y", count: 100_000),
                                   [Any](), [String: Any](), NSNull(), true, [Int](repeating: 1, count: 10_000), [-1, -1], ["x"]]
        let kind = generator.below(10)
        if kind == 9 {
            // Damaged text: a byte changed, or NaN where a number was.
            var bytes = Array(card.utf8)
            let at = generator.below(bytes.count)
            if generator.below(2) == 0, let digit = bytes[at...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                bytes.replaceSubrange(digit ... digit, with: Array("NaN".utf8))
                return (String(decoding: bytes, as: UTF8.self), "NaN at byte \(digit)")
            }
            bytes[at] = UInt8(truncatingIfNeeded: generator.below(256))
            return (String(decoding: bytes, as: UTF8.self), "byte \(at) changed")
        }
        let remove = kind == 8
        let replacement = replacements[generator.below(replacements.count)]
        func edit(_ value: Any, _ rest: ArraySlice<String>) -> Any? {
            guard let key = rest.first else { return remove ? nil : replacement }
            if var dictionary = value as? [String: Any], let child = dictionary[key] {
                dictionary[key] = edit(child, rest.dropFirst())
                return dictionary
            }
            if var array = value as? [Any], let i = Int(key), array.indices.contains(i) {
                if let edited = edit(array[i], rest.dropFirst()) { array[i] = edited } else { array.remove(at: i) }
                return array
            }
            return value
        }
        object = edit(object, path[...]) ?? object
        let text = (try? JSONSerialization.data(withJSONObject: object)).map { String(decoding: $0, as: UTF8.self) } ?? card
        let shown = remove ? "removed" : "\(String(describing: replacement).prefix(24))"
        return (text, "\(path.joined(separator: ".")) \(shown)")
    }

    /// One line for the log: how many runs and how they ended, the peak RSS and the slowest run.
    static func summarize(_ what: String, _ runs: [(WatchedRun, String)]) {
        guard let biggest = runs.max(by: { $0.0.ownPeakRSSKiB < $1.0.ownPeakRSSKiB }), let slowest = runs.max(by: { $0.0.seconds < $1.0.seconds }) else { return }
        let bound = runs.map(\.0.peakRSSKiB).max() ?? 0
        let statuses = Dictionary(grouping: runs, by: { $0.0.exitStatus ?? -1 }).map { "\($0.key): \($0.value.count)" }.sorted().joined(separator: ", ")
        print("fuzzing \(what): \(runs.count) runs (exit status \(statuses)), own peak RSS \(biggest.0.ownPeakRSSKiB / 1024) MiB (\(biggest.1)), largest ru_maxrss \(bound / 1024) MiB, slowest \(String(format: "%.1f", slowest.0.seconds)) s (\(slowest.1)), bound \(peakRSSBound / 1024) MiB")
    }
}

/// Seeded choices from the project's generator.
extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
