import FileWriting
import Foundation
import TensorBoard
#if canImport(Glibc)
import Glibc
#endif

/// The output folder of `dann train`, claimed for one run: it refuses to start over an existing
/// run unless asked to continue it (`--resume`) or replace it (`--force`), holds an exclusive
/// lock so that two processes cannot train into it at once, and a folder it created is removed
/// again if the command fails before writing anything into it. Temporary files that a killed run
/// left behind (an `AtomicFile` write interrupted before its rename) are removed when the folder
/// is claimed.
final class RunFolder {
    /// The files that make a folder a run.
    static let runFiles = ["checkpoint.safetensors", "metrics.jsonl", "summary.json"]

    let path: String
    private let created: Bool
    private var lock: Int32 = -1

    /// Creates or checks `path` and takes its lock.
    init(_ path: String, resume: Bool, force: Bool) throws {
        self.path = path
        created = !FileManager.default.fileExists(atPath: path)
        try prepareOutputDirectory(path)
        lock = open(path + "/.dann.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            throw CommandFailure("\(path) is in use by another dann process (its lock \(path)/.dann.lock is held); wait for it or choose another --out")
        }
        // Under the lock no other dann writes here; a temporary file of a writer that is gone is
        // an orphan of a killed run.
        AtomicFile.removeOrphanedTemporaryFiles(in: path)
        let existing = Self.runFiles.filter { FileManager.default.fileExists(atPath: path + "/" + $0) }
        if !existing.isEmpty && !resume {
            guard force else {
                throw CommandFailure("\(path) already holds a run (\(existing.joined(separator: ", "))); continue it with --resume, or replace it with --force")
            }
            // Replace: nothing of the old run may end up beside the new one.
            let old = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            // Event files too, for `--tensorboard` into --out.
            for file in old where Self.runFiles.contains(file) || file.hasSuffix(".png") || file.hasSuffix(".svg")
                || file.hasPrefix(EventFileWriter.fileNamePrefix) {
                try? FileManager.default.removeItem(atPath: path + "/" + file)
            }
        }
    }

    /// After a failure: a folder this run created and left without results goes again.
    func removeIfUnused() {
        guard created else { return }
        let contents = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0 != ".dann.lock" }
        if contents.isEmpty { try? FileManager.default.removeItem(atPath: path) }
    }

    deinit { if lock >= 0 { close(lock) } }
}
