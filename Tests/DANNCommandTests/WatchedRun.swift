import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How one `dann` run ended, watched from outside: by exit or by signal, within the time allowed
/// or killed, and its peak resident memory.
///
/// Two measures of the peak: `wait4`'s `ru_maxrss` is an upper bound, since Linux folds into it the
/// peak of the memory the child had before `exec` (posix_spawn's child shares the test process's
/// until then, so the test runner's own peak shows through); `VmHWM` of `/proc/PID/status`, read
/// while the child runs, is the executable's own peak (a lower bound if it exits between reads).
struct WatchedRun {
    /// The exit status, or nil when a signal ended the process.
    var exitStatus: Int32?
    /// The signal that ended the process, if one did (SIGKILL after a timeout included).
    var signal: Int32?
    /// Killed after running longer than the time allowed.
    var timedOut: Bool
    /// Peak resident set size in KiB: `ru_maxrss` (at least the test process's own peak too).
    var peakRSSKiB: Int
    /// The executable's own high-water mark in KiB, as last read from `/proc` (0 if never read).
    var ownPeakRSSKiB: Int
    var seconds: Double
    /// The first 300 bytes of standard error.
    var error: String

    /// A trap or crash: a signal we did not send, a shell's 128+signal status for one (132 SIGILL,
    /// 133 SIGTRAP, 134 SIGABRT, 137 SIGKILL, 139 SIGSEGV), or Swift's crash report.
    var crashed: Bool {
        if signal != nil && !timedOut { return true }
        if let status = exitStatus, [132, 133, 134, 137, 139].contains(status) { return true }
        return error.contains("Fatal error") || error.contains("Program crashed")
    }
}

/// Runs `dann arguments` (or another `executable`) with `directory` as its working directory (relative paths in fuzzed
/// values land there), standard input and output discarded, and waits for it with `wait4` so
/// that the peak RSS is this child's alone; kills it with SIGKILL after `timeout` seconds.
func runWatched(_ arguments: [String], in directory: String, timeout: Double, executable: String = dannExecutable) -> WatchedRun {
    let errorFile = directory + "/.stderr-\(UUID().uuidString)"
    // `sh -c 'cd "$0" && exec "$@"'`: a working directory for the child; exec keeps the pid.
    let argv = ["sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var cArguments = argv.map { strdup($0) } + [nil]
    defer { cArguments.forEach { free($0) } }
    var pid: pid_t = 0
    let started = Date()
    guard posix_spawn(&pid, "/bin/sh", &actions, nil, &cArguments, environ) == 0 else {
        return WatchedRun(exitStatus: 127, signal: nil, timedOut: false, peakRSSKiB: 0, ownPeakRSSKiB: 0, seconds: 0, error: "cannot spawn /bin/sh")
    }
    var status: Int32 = 0, usage = rusage(), timedOut = false, ownPeak = 0
    while wait4(pid, &status, WNOHANG, &usage) == 0 {
        // VmHWM belongs to the current image: after the exec, the executable's own peak.
        if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
            ownPeak = max(ownPeak, kib)
        }
        if Date().timeIntervalSince(started) > timeout, !timedOut {
            kill(pid, SIGKILL)
            timedOut = true
        }
        usleep(2000)
    }
    let error = (try? Data(contentsOf: URL(fileURLWithPath: errorFile)).prefix(300)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    try? FileManager.default.removeItem(atPath: errorFile)
    let signal = status & 0x7f
    return WatchedRun(exitStatus: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal, timedOut: timedOut,
                      peakRSSKiB: usage.ru_maxrss, ownPeakRSSKiB: ownPeak, seconds: Date().timeIntervalSince(started), error: error)
}
