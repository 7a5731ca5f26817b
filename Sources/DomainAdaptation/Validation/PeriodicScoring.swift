import FileWriting
import Foundation

/// Label-free validation during training (`dann train --score-every N --select-by V`): every
/// `every` steps the iterate (and the running weight average) is scored by `validators`, the
/// scores go into `metrics.jsonl`, and with `selectBy` the iterate that validator prefers is kept
/// as its own checkpoint, beside the final or averaged model.
public struct PeriodicScoring: Sendable {
    /// Steps between scorings (a multiple of the logging interval); the last step is always scored.
    public var every: Int
    /// The held-out source samples, source training samples and label-free target samples.
    public var sets: ValidationSets
    /// The validators computed (reverse validation retrains, so it is left out by default).
    public var validators: [Validator]
    /// The validator whose preferred iterate is kept, if any.
    public var selectBy: Validator?

    /// Scoring every `every` steps with `validators`, keeping `selectBy`'s choice.
    public init(every: Int, sets: ValidationSets, validators: [Validator] = Validator.cheap, selectBy: Validator? = nil) {
        self.every = every
        self.sets = sets
        self.validators = validators
        self.selectBy = selectBy
    }
}

/// The iterate a validator preferred so far: `selected.json` beside its checkpoint.
public struct SelectedIterate: Codable, Sendable, Equatable {
    /// The validator that chose.
    public var validator: String
    /// The step of the kept weights.
    public var step: Int
    /// Its score (see ``Validator/higherIsBetter``).
    public var score: Double
    /// The checkpoint file, relative to the run folder.
    public var checkpoint: String

    /// The record of `directory`, if there is one.
    public static func read(in directory: String) -> SelectedIterate? {
        guard let data = FileManager.default.contents(atPath: directory + "/selected.json") else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(SelectedIterate.self, from: data)
    }

    func write(in directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try AtomicFile.write(Array(try encoder.encode(self)) + [10], to: directory + "/selected.json")
    }
}
