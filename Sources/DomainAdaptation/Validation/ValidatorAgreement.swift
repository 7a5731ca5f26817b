/// How well a validator chose among trials, judged afterwards with target labels (reporting only):
/// the trial it selects, its regret, and the rank correlation of its scores with target accuracy.
public struct ValidatorAgreement: Sendable, Equatable {
    /// Index (into the scored trials) of the trial the validator prefers; ties go to the earliest.
    public var selected: Int
    /// Best target accuracy among the trials minus the selected trial's (nil without accuracies).
    public var regret: Double?
    /// Spearman's rank correlation between the validator's preference and target accuracy (nil
    /// without accuracies or with fewer than 3 trials).
    public var rankCorrelation: Double?

    /// Judges `validator` on trials with `scores` (nil where a trial has none) and, when known,
    /// their target accuracies; nil when no trial has a score.
    public init?(validator: Validator, scores: [Double?], targetAccuracies: [Double?]? = nil) {
        let scored = scores.indices.filter { scores[$0]?.isFinite == true }
        guard let best = scored.max(by: { a, b in
            let (pa, pb) = (validator.preference(scores[a]!), validator.preference(scores[b]!))
            return pa < pb || (pa == pb && a > b)
        }) else { return nil }
        selected = best
        guard let accuracies = targetAccuracies, accuracies.count == scores.count,
              let chosen = accuracies[best], let top = accuracies.compactMap({ $0 }).max() else { return nil }
        regret = top - chosen
        let pairs = scored.compactMap { index in accuracies[index].map { (validator.preference(scores[index]!), $0) } }
        rankCorrelation = pairs.count >= 3 ? Self.spearman(pairs.map(\.0), pairs.map(\.1)) : nil
    }

    /// Spearman's ρ: Pearson correlation of the ranks (ties get their average rank); nil when
    /// either side is constant.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "paired values")
        let rx = ranks(x), ry = ranks(y), n = Double(x.count)
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var covariance = 0.0, vx = 0.0, vy = 0.0
        for (a, b) in zip(rx, ry) {
            covariance += (a - mx) * (b - my)
            vx += (a - mx) * (a - mx)
            vy += (b - my) * (b - my)
        }
        guard vx > 0, vy > 0 else { return nil }
        return covariance / (vx * vy).squareRoot()
    }

    /// 1-based ranks, ties sharing their average rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = average }
            start = end + 1
        }
        return ranks
    }
}
