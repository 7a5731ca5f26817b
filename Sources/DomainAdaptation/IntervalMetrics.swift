import Foundation

extension TrainingRun {
    /// Metrics averaged over one logging interval: one line of `metrics.jsonl`.
    ///
    /// The method's terms are top-level keys beside the fixed ones (`label_loss`, `domain_loss`,
    /// `domain_accuracy` for DANN and CDAN; `mmd_loss` for DDC and DAN; `coral_loss` for Deep CORAL), so
    /// every method's lines read the same way.
    public struct IntervalMetrics: Sendable, Codable, Equatable {
        /// The interval's last step (steps completed when the line was written).
        public var step: Int
        /// The method's logged values (camelCase names; snake_case in the file).
        public var terms: [String: Float]
        /// The method's adaptation weight λ at the interval's last step (DANN: the gradient-reversal
        /// scale); `lambda` in the file.
        public var tradeOff: Float
        /// The learning rate of the interval's last step.
        public var learningRate: Float
        /// Accuracies of the current iterate.
        public var sourceTestAccuracy: Double?
        /// The current iterate's accuracy on the target test set (nil when not evaluated at this line).
        public var targetTestAccuracy: Double?
        /// Accuracies of the running weight average, once averaging has started.
        public var averagedSourceTestAccuracy: Double?
        /// The running weight average's accuracy on the target test set.
        public var averagedTargetTestAccuracy: Double?
        /// A warning about the run at this line (a label loss back at chance), if any.
        public var warning: String?
        /// Label-free validator scores of the current iterate (`--score-every`), by validator name;
        /// `score_<name>` in the file (dashes as underscores).
        public var scores: [String: Double] = [:]
        /// The same for the running weight average; `averaged_score_<name>` in the file.
        public var averagedScores: [String: Double] = [:]

        /// A line without accuracies or warning; `terms` are means over the interval, `lambda` and
        /// `learningRate` those of its last step.
        public init(step: Int, terms: [String: Float], tradeOff: Float, learningRate: Float) {
            self.step = step
            self.terms = terms
            self.tradeOff = tradeOff
            self.learningRate = learningRate
        }

        /// The source label loss (every method but the oracle, whose label loss is the target's).
        public var labelLoss: Float? { terms["labelLoss"] }
        /// DANN's domain-classifier batch accuracy.
        public var domainAccuracy: Float? { terms["domainAccuracy"] }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        static let fixedKeys: Set<String> = ["step", "lambda", "learningRate", "sourceTestAccuracy", "targetTestAccuracy",
                                             "averagedSourceTestAccuracy", "averagedTargetTestAccuracy", "warning"]

        /// Writes the fixed keys and the method's terms as top-level keys (in camelCase; use a
        /// snake-case key strategy for the file's names); absent accuracies are omitted.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(step, forKey: Key("step"))
            for (name, value) in terms { try container.encode(value, forKey: Key(name)) }
            try container.encode(tradeOff, forKey: Key("lambda"))  // the file's name for it
            try container.encode(learningRate, forKey: Key("learningRate"))
            try container.encodeIfPresent(sourceTestAccuracy, forKey: Key("sourceTestAccuracy"))
            try container.encodeIfPresent(targetTestAccuracy, forKey: Key("targetTestAccuracy"))
            try container.encodeIfPresent(averagedSourceTestAccuracy, forKey: Key("averagedSourceTestAccuracy"))
            try container.encodeIfPresent(averagedTargetTestAccuracy, forKey: Key("averagedTargetTestAccuracy"))
            try container.encodeIfPresent(warning, forKey: Key("warning"))
            for (name, value) in scores { try container.encode(value, forKey: Key("score" + Self.scoreSuffix(name))) }
            for (name, value) in averagedScores { try container.encode(value, forKey: Key("averagedScore" + Self.scoreSuffix(name))) }
        }

        /// `information-maximization` → `InformationMaximization` (a camelCase key's tail).
        static func scoreSuffix(_ validator: String) -> String {
            validator.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }

        /// The validator whose key tail `suffix` is, if any.
        static func validatorName(suffix: String) -> String? {
            Validator.allCases.first { scoreSuffix($0.rawValue) == suffix }?.rawValue
        }

        /// Decodes a line written by ``encode(to:)``, with or without a snake-case key strategy.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            func key(_ camel: String) -> Key {
                container.allKeys.first { Self.camelCase($0.stringValue) == camel } ?? Key(camel)
            }
            step = try container.decode(Int.self, forKey: key("step"))
            tradeOff = try container.decode(Float.self, forKey: key("lambda"))
            learningRate = try container.decode(Float.self, forKey: key("learningRate"))
            sourceTestAccuracy = try container.decodeIfPresent(Double.self, forKey: key("sourceTestAccuracy"))
            targetTestAccuracy = try container.decodeIfPresent(Double.self, forKey: key("targetTestAccuracy"))
            averagedSourceTestAccuracy = try container.decodeIfPresent(Double.self, forKey: key("averagedSourceTestAccuracy"))
            averagedTargetTestAccuracy = try container.decodeIfPresent(Double.self, forKey: key("averagedTargetTestAccuracy"))
            warning = try container.decodeIfPresent(String.self, forKey: key("warning"))
            terms = [:]
            for name in container.allKeys where !Self.fixedKeys.contains(Self.camelCase(name.stringValue)) {
                let camel = Self.camelCase(name.stringValue)
                if camel.hasPrefix("averagedScore"), let validator = Self.validatorName(suffix: String(camel.dropFirst("averagedScore".count))) {
                    averagedScores[validator] = try container.decode(Double.self, forKey: name)
                } else if camel.hasPrefix("score"), let validator = Self.validatorName(suffix: String(camel.dropFirst("score".count))) {
                    scores[validator] = try container.decode(Double.self, forKey: name)
                } else if let value = try? container.decode(Float.self, forKey: name) {
                    terms[camel] = value
                }
            }
        }

        /// The encoder of `metrics.jsonl` lines: sorted, snake_case keys.
        static func lineEncoder() -> JSONEncoder {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return encoder
        }

        /// The line's numbers under their `metrics.jsonl` keys (`label_loss`, `lambda`,
        /// `learning_rate`, `target_test_accuracy`, …), sorted by key, `step` left out. Read back from
        /// the encoded line, so that they are the file's keys and values, whatever the method logs.
        public func fileValues() throws -> [(key: String, value: Double)] {
            /// A JSON value: a number, or something else (the warning's text).
            enum Entry: Decodable {
                case number(Double), other
                init(from decoder: Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    self = (try? container.decode(Double.self)).map(Entry.number) ?? .other
                }
            }
            let object = try JSONDecoder().decode([String: Entry].self, from: Self.lineEncoder().encode(self))
            return object.compactMap { key, entry in
                guard key != "step", case .number(let value) = entry else { return nil }
                return (key, value)
            }.sorted { $0.key < $1.key }
        }

        /// `label_loss` → `labelLoss` (names already in camelCase stay).
        static func camelCase(_ name: String) -> String {
            let parts = name.split(separator: "_")
            guard parts.count > 1 else { return name }
            return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
    }
}
