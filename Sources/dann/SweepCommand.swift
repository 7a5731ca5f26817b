import ArgumentParser
import DomainAdaptation
import FileWriting
import Foundation
import Nabla

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train a grid or random search of settings, score every trial with label-free validators, and select one without target labels.",
        discussion: """
            SPEC is a TOML file: top-level keys are dann train options without dashes (shared by every \
            trial); [grid] maps options to lists of values (every combination is a trial); [random] has \
            trials = N, an optional seed, and per option a list (a choice), [low, high] (uniform) or \
            { min = a, max = b, log = true } (log-uniform). Each trial is a dann train run in OUT/trial-NNN \
            holding out 10% of the source training samples (unless the spec sets source-validation). \
            A killed sweep continues where it stopped: finished trials are not rerun, an interrupted one \
            resumes from its checkpoint. Writes OUT/sweep.json (the trials, their scores, the selected \
            trial) and OUT/sweep.csv; where the target test set has labels, each trial's target accuracy \
            is added for reporting only (never used to select), with each validator's regret and rank \
            correlation and a figure per validator.
            """)

    @Argument(help: "The sweep's TOML spec.") var spec: String
    @Option(help: "Output folder.") var out = "dann-sweep"
    @Option(help: "Data folder to search for named datasets.") var dataDir: String?
    @Option(help: "Trials trained at once; the threads are divided between them.") var parallel = 1
    @Option(help: ArgumentHelp("The validator that selects the trial.", discussion: Validator.allCases.map(\.rawValue).joined(separator: ", ")))
    var selectBy: Validator = .reverseValidation
    @Option(help: "Samples of each set the validators use.") var samples = 2000
    @Option(help: "Training steps of reverse validation's reverse model (0 skips it).") var reverseSteps = 1000
    @Option(help: "Train and score only trial K (0-based), e.g. one task of a job array; then dann sweep --collect.") var trial: Int?
    @Flag(help: "Only gather the finished trials into sweep.json and sweep.csv.") var collect = false
    @Option(help: "Write a job script instead of training: slurm (OUT/sweep.slurm, a job array of one trial per task; then dann sweep SPEC --out OUT --collect).")
    var emit: JobScheduler?
    @Flag(help: "No progress output.") var quiet = false
    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard parallel >= 1 && parallel <= 64 else { throw ValidationError("--parallel must be in 1…64, got \(parallel)") }
        guard samples >= 10 && samples <= 20_000 else { throw ValidationError("--samples must be in 10…20000, got \(samples)") }
        guard reverseSteps >= 0 && reverseSteps <= 1_000_000 else { throw ValidationError("--reverse-steps must be in 0…1000000") }
        if selectBy == .reverseValidation && reverseSteps == 0 { throw ValidationError("--select-by reverse-validation needs --reverse-steps above 0") }
        if let trial, trial < 0 { throw ValidationError("--trial must be 0 or more, got \(trial)") }
        if [trial != nil, collect, emit != nil].filter({ $0 }).count > 1 { throw ValidationError("give one of --trial K, --collect and --emit") }
    }

    func run() throws {
        compute.apply()
        let sweep = try SweepSpec(path: spec)
        guard !sweep.trials.isEmpty else { throw CommandFailure("\(spec): no trials") }
        try claim(sweep)
        if emit == .slurm {
            try writeSlurmScript(sweep)
            return
        }
        let indices = trial.map { [$0] } ?? Array(sweep.trials.indices)
        if let trial, trial >= sweep.trials.count { throw CommandFailure("--trial \(trial): the spec has \(sweep.trials.count) trials (0…\(sweep.trials.count - 1))") }
        if !collect {
            try train(sweep, indices: indices)
            try score(indices)
        }
        if trial == nil { try SweepSummary(sweep: sweep, folder: out, selectBy: selectBy).write(quiet: quiet) }
    }

    func folder(_ index: Int) -> String { out + String(format: "/trial-%03d", index) }

    /// A Slurm job array, one task per trial, each running `dann sweep … --trial $SLURM_ARRAY_TASK_ID`
    /// with this sweep's settings (absolute paths, so the tasks may start anywhere).
    func writeSlurmScript(_ sweep: SweepSpec) throws {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }
        var arguments = [executable, "sweep", absolute(spec), "--out", absolute(out), "--select-by", selectBy.rawValue,
                         "--samples", String(samples), "--reverse-steps", String(reverseSteps), "--quiet"]
        if let dataDir { arguments += ["--data-dir", absolute(dataDir)] }
        if let threads = compute.threads { arguments += ["--threads", String(threads)] }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = """
            #!/bin/bash
            # dann sweep as a Slurm job array: one trial per task. Submit with `sbatch \(absolute(out))/sweep.slurm`,
            # then gather with: \(quoted.replacingOccurrences(of: " '--quiet'", with: "")) --collect
            #SBATCH --job-name=dann-sweep
            #SBATCH --array=0-\(sweep.trials.count - 1)
            #SBATCH --output=\(absolute(out))/slurm-%A_%a.log
            set -euo pipefail
            exec \(quoted) --trial "$SLURM_ARRAY_TASK_ID"

            """
        try AtomicFile.write(Array(script.utf8), to: out + "/sweep.slurm")
        print("wrote \(out)/sweep.slurm (\(sweep.trials.count) tasks); submit it with sbatch, then run the same sweep with --collect")
    }

    /// The output folder belongs to this spec: a rerun continues it, another spec is refused.
    func claim(_ sweep: SweepSpec) throws {
        try prepareOutputDirectory(out)
        let copy = out + "/sweep-spec.toml"
        if let existing = try? String(contentsOfFile: copy, encoding: .utf8) {
            guard existing == sweep.text else { throw CommandFailure("\(out) holds a sweep of another spec (\(copy)); choose another --out") }
        } else {
            try AtomicFile.write(Array(sweep.text.utf8), to: copy)
        }
    }

    /// Trains the unfinished trials, `parallel` at a time, each as its own `dann train` process.
    func train(_ sweep: SweepSpec, indices: [Int]) throws {
        let pending = indices.filter { !FileManager.default.fileExists(atPath: folder($0) + "/summary.json") }
        let threads = max(1, (compute.threads ?? ComputeContext.current.threads) / parallel)
        let slots = DispatchSemaphore(value: parallel), group = DispatchGroup(), failures = FailureList()
        for index in pending {
            slots.wait()
            // A failed trial stops the launching of new ones: the cause is usually shared.
            guard failures.items.isEmpty else { slots.signal(); break }
            let runFolder = folder(index)
            var arguments = ["train"] + sweep.shared + sweep.trials[index].flatMap { ConfigFile.option($0.option, $0.value) } + ["--out", runFolder, "--quiet"]
            if !arguments.contains(where: { $0.hasPrefix("--source-validation") }) { arguments.append("--source-validation=0.1") }
            if !arguments.contains(where: { $0.hasPrefix("--threads") }) { arguments.append("--threads=\(threads)") }
            if let dataDir { arguments += ["--data-dir", dataDir] }
            // Continue an interrupted trial from its checkpoint; one killed before it has none starts over.
            let hasCheckpoint = FileManager.default.fileExists(atPath: runFolder + "/checkpoint.safetensors")
            arguments.append(hasCheckpoint ? "--resume" : "--force")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            process.arguments = arguments
            try prepareOutputDirectory(runFolder)
            FileManager.default.createFile(atPath: runFolder + "/train.log", contents: nil)
            let log = FileHandle(forWritingAtPath: runFolder + "/train.log")
            process.standardOutput = log
            process.standardError = log
            group.enter()
            process.terminationHandler = { finished in
                try? log?.close()
                if finished.terminationStatus != 0 {
                    let firstLine = ((try? String(contentsOfFile: runFolder + "/train.log", encoding: .utf8)) ?? "").split(separator: "\n").first ?? ""
                    failures.append("trial \(index) (exit \(finished.terminationStatus): \(firstLine); see \(runFolder)/train.log)")
                }
                if !quiet {
                    let options = sweep.trials[index].map { "\($0.option)=\($0.value)" }.joined(separator: " ")
                    FileHandle.standardError.write(Data("trial \(index) of 0…\(sweep.trials.count - 1) \(finished.terminationStatus == 0 ? "trained" : "FAILED"): \(options)\n".utf8))
                }
                slots.signal()
                group.leave()
            }
            do { try process.run() } catch {
                slots.signal()
                group.leave()
                throw CommandFailure("cannot start trial \(index): \(error)")
            }
        }
        group.wait()
        let failed = failures.items
        guard failed.isEmpty else {
            throw CommandFailure("\(failed.count) trial(s) failed, no further trials started; first: \(failed[0]); rerun the sweep to continue")
        }
    }

    /// Scores each trained trial that has no scores of these settings yet (scores.json).
    func score(_ indices: [Int]) throws {
        for index in indices {
            let runFolder = folder(index), path = runFolder + "/scores.json"
            if let data = FileManager.default.contents(atPath: path), let saved = try? snakeCaseDecoder().decode(RunScores.self, from: data),
               saved.samples == samples, saved.reverseSteps == reverseSteps, saved.scores.count == Validator.allCases.count - (reverseSteps == 0 ? 1 : 0) {
                continue
            }
            let validators = reverseSteps == 0 ? Validator.cheap : Validator.allCases
            try writeJSON(try RunScores(run: runFolder, validators: validators, samples: samples, reverseSteps: reverseSteps, dataDir: dataDir), to: path)
        }
    }
}

/// Messages of failed trials, appended from the processes' termination handlers.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func append(_ message: String) { lock.withLock { messages.append(message) } }
    var items: [String] { lock.withLock { messages } }
}

func snakeCaseDecoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return decoder
}

extension Validator: ExpressibleByArgument {}

/// Job schedulers `dann sweep --emit` writes scripts for.
enum JobScheduler: String, ExpressibleByArgument, CaseIterable {
    case slurm
}
