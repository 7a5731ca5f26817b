import Foundation
import TOMLKit

/// `dann train --config FILE`: a TOML file whose keys are `dann train` options without their
/// dashes (`source = "mnist"`, `steps = 1500`, `batch-norm = true`, `label-hidden = [100, 100]`).
/// Options on the command line override the file's. Every run writes the options it was given,
/// file and command line together, to `config.toml` in its folder, so that
/// `dann train --config RUN/config.toml --out NEW` repeats it, and `dann train --out RUN --resume`
/// continues it without retyping a flag.
enum ConfigFile {
    /// The `train` arguments after expansion, for `config.toml` (nil for other commands).
    nonisolated(unsafe) static var trainArguments: [String]?

    /// Options that describe how to run rather than what to train; not written to `config.toml`.
    /// (`tensorboard` too: a run repeated from the file would otherwise log into the original's folder.)
    static let notRecorded: Set<String> = ["config", "resume", "force", "quiet", "help", "tensorboard"]

    /// `arguments` with a `train` command's `--config FILE` replaced by the file's options, placed
    /// before the command line's so that those win. Without `--config`, `--resume` reads the
    /// run's own `config.toml` (in `--out`) the same way.
    static func expand(_ arguments: [String]) throws -> [String] {
        guard arguments.first == "train" else { return arguments }
        var rest = Array(arguments.dropFirst()), path: String?
        if let index = rest.firstIndex(of: "--config") {
            guard index + 1 < rest.count else { throw CommandFailure("--config needs a file") }
            path = rest[index + 1]
            rest.removeSubrange(index...(index + 1))
        } else if let index = rest.firstIndex(where: { $0.hasPrefix("--config=") }) {
            path = String(rest[index].dropFirst("--config=".count))
            rest.remove(at: index)
        }
        if path == nil, rest.contains("--resume") {
            let saved = runFolder(in: rest) + "/config.toml"
            if FileManager.default.fileExists(atPath: saved) { path = saved }
        }
        guard let path else { return arguments }
        return ["train"] + (try options(inFile: path)) + rest
    }

    /// The `--out` folder named in `arguments`, or the default.
    static func runFolder(in arguments: [String]) -> String {
        var folder = "dann-run"
        for (index, argument) in arguments.enumerated() {
            if argument == "--out", index + 1 < arguments.count { folder = arguments[index + 1] }
            if argument.hasPrefix("--out=") { folder = String(argument.dropFirst("--out=".count)) }
        }
        return folder
    }

    /// The file's options as command-line arguments (`--key=value`, or `--key` for `true`).
    static func options(inFile path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("--config \(path): cannot read the file")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw CommandFailure("--config \(path): not valid TOML (\(error))")
        }
        return try table.map { key, value in try arguments(key: key, value: value, file: "--config \(path)") }.flatMap { $0 }
    }

    /// One TOML option as command-line arguments: `--key=value`, `--key` for `true`, nothing for
    /// `false`, a list joined by commas.
    static func arguments(key: String, value: TOMLValueConvertible, file: String) throws -> [String] {
        if value.type == .bool { return value.bool! ? ["--\(key)"] : [] }
        if value.type == .array { return option(key, try value.array!.map { try scalar($0, key: key, file: file) }.joined(separator: ",")) }
        return option(key, try scalar(value, key: key, file: file))
    }

    /// A string, number or boolean as written on the command line.
    static func scalar(_ value: TOMLValueConvertible, key: String, file: String) throws -> String {
        switch value.type {
        case .string: return value.string!
        case .int: return String(value.int!)
        case .double: return String(value.double!)
        case .bool: return String(value.bool!)
        default: throw CommandFailure("\(file): '\(key)' must be a string, number, boolean or list of those")
        }
    }

    /// `--key=value` (which keeps values such as `-2,-1` from reading as options), or `--key ""`
    /// for an empty value, which the `=` form would leave missing.
    static func option(_ key: String, _ value: String) -> [String] {
        value.isEmpty ? ["--\(key)", ""] : ["--\(key)=\(value)"]
    }

    /// TOML text of the options in `arguments` (`--key value`, `--key=value` or a bare `--flag`).
    static func text(of arguments: [String]) -> String {
        let table = TOMLTable()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else { continue }
            var key = String(argument.dropFirst(2)), value: String?
            if let equals = key.firstIndex(of: "=") {
                value = String(key[key.index(after: equals)...])
                key = String(key[..<equals])
            } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                value = arguments[index]
                index += 1
            }
            guard !notRecorded.contains(key) else { continue }
            switch value {
            case nil: table[key] = true
            case let text? where Int(text) != nil: table[key] = Int(text)!
            case let text? where Double(text) != nil && !text.contains(","): table[key] = Double(text)!
            case let text?: table[key] = text
            }
        }
        return "# The options of this run (file and command line); repeat it with\n"
            + "#   dann train --config THIS_FILE --out NEW_FOLDER\n" + table.convert() + "\n"
    }
}
