import Foundation

/// One cell of the report's summary table: its text, and whether it is a number (numbers are right-aligned so that
/// their digits line up; text is left-aligned).
struct ReportCell: Equatable {
    var text: String
    var isNumeric: Bool

    init(text: String, isNumeric: Bool) {
        self.text = text
        self.isNumeric = isNumeric
    }

    /// A JSON value: whole numbers as integers (unless `measure`), other numbers to 4 decimals, strings as they are,
    /// absent as a dash. A `measure` (an accuracy, a loss, a distance) always gets its 4 decimals: JSON writes 2.0 as `2`.
    init(value: Any?, measure: Bool = false) {
        switch value {
        case let number as NSNumber:
            let double = number.doubleValue
            let whole = !measure && double.rounded() == double && abs(double) < 1e15
            self.init(text: whole ? String(Int64(double)) : String(format: "%.4f", double), isNumeric: true)
        case let text as String: self.init(text: text, isNumeric: false)
        case nil, is NSNull: self.init(text: "–", isNumeric: false)
        default: self.init(text: "…", isNumeric: false)
        }
    }

    /// Seconds as minutes:seconds (`9:05`), or hours:minutes:seconds from an hour on (`1:02:05`).
    init(wallSeconds value: Any?) {
        guard let seconds = (value as? NSNumber)?.doubleValue, seconds.isFinite, seconds >= 0 else {
            self.init(value: value)
            return
        }
        self.init(text: Self.clock(seconds), isNumeric: true)
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }

    /// `reported_model` of summary.json: a sentence in older runs, an object in newer ones
    /// (`{"weights": "averaged", "first_step": 15001, "last_step": 20000}` or `{"weights": "final", "step": 20000}`).
    init(reportedModel value: Any?) {
        guard let object = value as? [String: Any] else {
            self.init(value: value)
            return
        }
        func step(_ key: String) -> String? { (object[key] as? NSNumber).map { String($0.int64Value) } }
        switch object["weights"] as? String {
        case "averaged":
            if let first = step("first_step"), let last = step("last_step") {
                self.init(text: "average of steps \(first)–\(last)", isNumeric: false)
                return
            }
        case "final":
            self.init(text: "final iterate" + (step("step").map { " (step \($0))" } ?? ""), isNumeric: false)
            return
        default: break
        }
        // A shape this report does not know yet: its fields as they are.
        let fields = object.keys.sorted().map { "\($0): \(ReportCell(value: object[$0]).text)" }
        self.init(text: fields.joined(separator: ", "), isNumeric: false)
    }
}
