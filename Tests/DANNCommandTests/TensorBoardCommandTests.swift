import Foundation
import SwiftProtobuf
import TensorBoard
import Testing

@Suite("dann train --tensorboard", .serialized)
struct TensorBoardCommandTests {
    struct Point: Equatable, CustomStringConvertible {
        var step: Int, value: Float
        var description: String { "\(step): \(value)" }
    }

    func arguments(_ domains: (source: String, target: String), out: String, board: String, steps: Int) -> [String] {
        CommandTests().trainArguments(domains, out: out, steps: steps) + ["--tensorboard", board, "--embedding-samples", "0"]
    }

    /// Every number of `metrics.jsonl` (but the step) by key, as a float32 like TensorBoard's scalars.
    func metrics(_ out: String) throws -> [String: [Point]] {
        var series: [String: [Point]] = [:]
        for line in try String(contentsOfFile: out + "/metrics.jsonl", encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let step = try #require(object["step"] as? Int)
            for (key, value) in object where key != "step" {
                guard let number = value as? NSNumber, !(value is String) else { continue }
                series[key, default: []].append(Point(step: step, value: Float(number.doubleValue)))
            }
        }
        return series.mapValues { $0.sorted { $0.step < $1.step } }
    }

    /// What TensorBoard shows for `directory`, by its rules: the event files in name order, and a
    /// SessionLog START at step s drops the scalars read before it at steps ≥ s.
    func tensorBoardScalars(in directory: String) throws -> (scalars: [String: [Point]], files: Int) {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("events.out.tfevents.") }.sorted()
        var series: [String: [Point]] = [:]
        for file in files {
            let records = try TFRecord.records(in: [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))))
            let events = try records.map { try Tensorflow_Event(serializedBytes: $0) }
            #expect(events.first?.fileVersion == "brain.Event:2", "\(file) starts with its version")
            for event in events {
                switch event.what {
                case .sessionLog(let log) where log.status == .start:
                    series = series.mapValues { $0.filter { $0.step < Int(event.step) } }
                case .summary(let summary):
                    for value in summary.value {
                        guard case .simpleValue(let scalar) = value.value else { Issue.record("\(value.tag) is not a scalar"); continue }
                        series[value.tag, default: []].append(Point(step: Int(event.step), value: scalar))
                    }
                default: break
                }
            }
        }
        return (series.filter { !$0.value.isEmpty }, files.count)
    }

    @Test func everyMetricGoesToTensorBoardAtItsStepAlsoAfterAResume() throws {
        let domains = try CommandTests().makeDomains()
        let root = temporaryDirectory("tensorboard")
        let (out, board) = (root + "/run", root + "/board")  // the board folder is created
        let train = try runDANN(arguments(domains, out: out, board: board, steps: 40))
        #expect(train.status == 0, "\(train.error)")
        let (scalars, files) = try tensorBoardScalars(in: board)
        #expect(files == 1 && train.output.contains("TensorBoard events: \(board)/events.out.tfevents."), "\(train.output)")
        let expected = try metrics(out)
        #expect(Set(expected.keys).isSuperset(of: ["label_loss", "domain_loss", "domain_accuracy", "lambda", "learning_rate",
                                                   "source_test_accuracy", "target_test_accuracy", "averaged_target_test_accuracy"]))
        #expect(scalars == expected)
        let config = try String(contentsOfFile: out + "/config.toml", encoding: .utf8)
        #expect(config.contains("steps = 40") && !config.contains("\ntensorboard ="), "a run repeated from config.toml must not log into this run's folder")

        // Killed after a checkpoint, then resumed: a second file, and the old file's events past
        // the checkpoint are dropped, so that TensorBoard shows exactly the final metrics.jsonl.
        let killed = root + "/killed", killedBoard = root + "/killed-board"
        try runDANNKilledAfterItLogged(arguments(domains, out: killed, board: killedBoard, steps: 60), out: killed)
        let resumed = try runDANN(arguments(domains, out: killed, board: killedBoard, steps: 60) + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.error)")
        let afterResume = try tensorBoardScalars(in: killedBoard)
        #expect(afterResume.files == 2)
        let resumedMetrics = try metrics(killed)
        #expect(afterResume.scalars == resumedMetrics)

        // Replaced with --force by a shorter run (other λ and learning rates at the same steps): its
        // session start hides every event of the two earlier files.
        let replaced = try runDANN(arguments(domains, out: killed, board: killedBoard, steps: 20) + ["--force"])
        #expect(replaced.status == 0, "\(replaced.error)")
        let afterReplacing = try tensorBoardScalars(in: killedBoard), replacedMetrics = try metrics(killed)
        #expect(afterReplacing.files == 3 && afterReplacing.scalars == replacedMetrics)
        #expect(replacedMetrics["lambda"]?.map(\.step) == [10, 20] && replacedMetrics["lambda"] != resumedMetrics["lambda"]?.prefix(2).map { $0 })

        // Event files in --out itself are the run's: --force removes them with the rest.
        for _ in 0..<2 {
            let result = try runDANN(arguments(domains, out: killed, board: killed, steps: 20) + ["--force"])
            #expect(result.status == 0, "\(result.error)")
        }
        let inOut = try tensorBoardScalars(in: killed), inOutMetrics = try metrics(killed)
        #expect(inOut.files == 1 && inOut.scalars == inOutMetrics)
    }

    @Test func anUnusableTensorBoardFolderFailsWithOneLine() throws {
        let domains = try CommandTests().makeDomains()
        let root = temporaryDirectory("tensorboard-bad")
        #expect(FileManager.default.createFile(atPath: root + "/file", contents: Data("x".utf8)))
        for (board, message) in [(root + "/file", "--tensorboard: output path \(root)/file exists and is not a folder"),
                                 (root + "/file/board", "--tensorboard: cannot create output folder \(root)/file/board")] {
            let result = try runDANN(arguments(domains, out: root + "/run", board: board, steps: 5))
            #expect(result.status == 1)
            #expect(result.error.hasPrefix("Error: " + message) && result.error.split(separator: "\n").count == 1, "\(result.error)")
            #expect(!FileManager.default.fileExists(atPath: root + "/run"), "the run folder it created goes again")
        }
        let empty = try runDANN(arguments(domains, out: root + "/run", board: "", steps: 5))
        #expect(empty.status != 0 && empty.error.contains("--tensorboard needs a folder"), "\(empty.error)")
    }
}
