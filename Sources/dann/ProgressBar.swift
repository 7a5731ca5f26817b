import Foundation

/// Shows progress of long work on standard error: a redrawn bar with rate and ETA on a
/// terminal, a plain line every 10% otherwise, nothing when quiet.
final class ProgressBar {
    let total: Int
    let label: String
    let isQuiet: Bool
    let isTerminal = isatty(STDERR_FILENO) == 1
    let start = Date()
    var lastDraw = Date.distantPast
    var lastReportedTenth = -1

    init(total: Int, label: String, quiet: Bool) {
        self.total = max(total, 1)
        self.label = label
        isQuiet = quiet
    }

    /// Reports that `done` units are finished; `detail` is appended (e.g. the current loss).
    func update(_ done: Int, detail: String = "") {
        guard !isQuiet else { return }
        let fraction = Double(done) / Double(total)
        let elapsed = Date().timeIntervalSince(start)
        let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        if isTerminal {
            guard done == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = "\r\(label) \(bar) \(done)/\(total) \(Self.format(elapsed)) < \(Self.format(remaining)) \(detail)"
            FileHandle.standardError.write(Data((line + "\u{1B}[K" + (done == total ? "\n" : "")).utf8))
        } else {
            let tenth = Int(fraction * 10)
            guard tenth > lastReportedTenth else { return }
            lastReportedTenth = tenth
            let line = "\(label): \(done)/\(total) (\(tenth * 10)%) elapsed \(Self.format(elapsed)), ETA \(Self.format(remaining)) \(detail)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Says what the command does after the bar is full (final evaluation, pictures), so that the
    /// seconds it takes are not silent.
    func stage(_ text: String) {
        guard !isQuiet else { return }
        FileHandle.standardError.write(Data("\(text)…\n".utf8))
    }

    static func format(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
