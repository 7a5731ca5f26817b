import DomainAdaptation
import TensorBoard

/// `dann train --tensorboard DIR`: every line of `metrics.jsonl` also goes to a TensorBoard event
/// file in DIR, one scalar per number, tagged with the line's JSON key, at the line's step.
///
/// Each run (also a resumed one) writes a new file, opened with a session start at the first step
/// it will train: TensorBoard then drops the events of DIR's earlier files from that step on, i.e.
/// the lines a resumed run cut from `metrics.jsonl`, or a whole earlier run replaced with `--force`.
final class TensorBoardLog {
    let writer: EventFileWriter
    /// The first failure to write; training stops at the next step once there is one.
    private(set) var failure: Error?

    /// Creates `directory` if needed and checks that it is writable, before any data is loaded.
    static func prepare(_ directory: String) throws {
        do { try prepareOutputDirectory(directory) } catch let failure as CommandFailure {
            throw CommandFailure("--tensorboard: \(failure)")
        }
    }

    /// A new event file in `directory` for a run whose next step is `firstStep`.
    init(directory: String, firstStep: Int) throws {
        do {
            writer = try EventFileWriter(directory: directory)
            try writer.addSessionStart(step: firstStep)
            try writer.flush()
        } catch { throw CommandFailure("--tensorboard: \(error)") }
    }

    /// Writes `line`'s numbers and flushes, so that TensorBoard sees each interval as it ends.
    func log(_ line: TrainingRun.IntervalMetrics) {
        guard failure == nil else { return }
        do {
            try writer.addScalars(line.fileValues().map { (tag: $0.key, value: Float($0.value)) }, step: line.step)
            try writer.flush()
        } catch { failure = error }
    }

    /// Closes the file.
    func close() throws {
        do { try writer.close() } catch { throw CommandFailure("--tensorboard: \(error)") }
    }
}
