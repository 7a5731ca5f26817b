import Foundation
import Nabla
import TOMLKit

/// A `dann sweep` specification, a TOML file: top-level keys are `dann train` options without
/// their dashes (the settings every trial shares); `[grid]` maps options to lists of values (every
/// combination is a trial); `[random]` draws `trials` combinations (seeded by `seed`, default 0)
/// from lists (a choice), `[low, high]` number pairs (uniform) or `{ min, max, log = true }`
/// tables (log-uniform). Both tables may be given: each random draw is combined with every grid point.
struct SweepSpec {
    /// The options every trial shares, as command-line arguments.
    var shared: [String]
    /// Each trial's own options, option name → value as written on the command line.
    var trials: [[(option: String, value: String)]]
    /// The spec's text (a rerun into the same folder must use the same spec).
    var text: String

    /// Options a spec may not set: the sweep decides them per trial.
    static let reserved: Set<String> = ["out", "config", "resume", "force", "quiet", "help"]

    init(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandFailure("\(path): cannot read the sweep spec") }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch { throw CommandFailure("\(path): not valid TOML (\(error))") }
        self.text = text
        var shared: [String] = [], grid: [(String, [String])] = [], random: TOMLTable?
        for (key, value) in table.sorted(by: { $0.0 < $1.0 }) {
            if Self.reserved.contains(key) { throw CommandFailure("\(path): '\(key)' is set by dann sweep itself, per trial") }
            switch key {
            case "grid":
                guard let gridTable = value.table else { throw CommandFailure("\(path): [grid] must be a table") }
                for (option, values) in gridTable.sorted(by: { $0.0 < $1.0 }) {
                    guard let list = values.array, !list.isEmpty else { throw CommandFailure("\(path): grid option '\(option)' must be a non-empty list") }
                    grid.append((option, try list.map { try Self.scalar($0, key: option, file: path) }))
                }
            case "random":
                guard let randomTable = value.table else { throw CommandFailure("\(path): [random] must be a table") }
                random = randomTable
            default:
                shared += try ConfigFile.arguments(key: key, value: value, file: path)
            }
        }
        self.shared = shared
        // Every grid combination, the first option varying slowest.
        var combinations: [[(option: String, value: String)]] = [[]]
        for (option, values) in grid {
            combinations = combinations.flatMap { combination in values.map { combination + [(option, $0)] } }
        }
        if let random {
            let draws = try Self.randomDraws(random, file: path)
            combinations = draws.flatMap { draw in combinations.map { draw + $0 } }
        }
        guard combinations.count <= 10_000 else { throw CommandFailure("\(path): \(combinations.count) trials; at most 10,000") }
        trials = combinations
    }

    static func scalar(_ value: TOMLValueConvertible, key: String, file: String) throws -> String {
        try ConfigFile.scalar(value, key: key, file: file)
    }

    /// `trials` seeded draws from the `[random]` table's distributions.
    static func randomDraws(_ table: TOMLTable, file: String) throws -> [[(option: String, value: String)]] {
        guard let count = table["trials"]?.int, count > 0, count <= 10_000 else {
            throw CommandFailure("\(file): [random] needs trials = N (1…10000)")
        }
        var generator = SeededGenerator(seed: UInt64(table["seed"]?.int ?? 0))
        let options = table.sorted(by: { $0.0 < $1.0 }).filter { $0.0 != "trials" && $0.0 != "seed" }
        return try (0..<count).map { _ in
            try options.map { option, spec -> (option: String, value: String) in
                if let list = spec.array, list.count == 2, let low = list[0].double ?? list[0].int.map(Double.init),
                   let high = list[1].double ?? list[1].int.map(Double.init), list.allSatisfy({ $0.type != .string }) {
                    guard low < high else { throw CommandFailure("\(file): [random] '\(option)' needs low < high") }
                    let u = generator.nextUnitDouble()
                    let isInteger = list.allSatisfy { $0.type == .int }
                    let value = low + u * (high - low)
                    return (option, isInteger ? String(Int(value.rounded(.down))) : String(value))
                }
                if let list = spec.array, !list.isEmpty {
                    return (option, try scalar(list[generator.nextIndex(below: list.count)], key: option, file: file))
                }
                if let range = spec.table, let low = range["min"]?.double, let high = range["max"]?.double, low > 0, low < high {
                    let u = generator.nextUnitDouble()
                    let logUniform = range["log"]?.bool ?? false
                    return (option, String(logUniform ? low * pow(high / low, u) : low + u * (high - low)))
                }
                throw CommandFailure("\(file): [random] '\(option)' must be a list (choice), [low, high] or { min, max, log = true }")
            }
        }
    }
}
