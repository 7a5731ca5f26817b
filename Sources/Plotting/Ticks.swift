import Foundation

/// Tick placement and labelling for linear axes: "nice" 1-2-5 steps.
public enum Ticks {
    /// The 1-2-5 tick spacing that puts closest to `targetCount` ticks inside `lower … upper`
    /// (ties go to the smaller step), e.g. 0.2 for 0…1 and 5 ticks.
    public static func step(from lower: Double, to upper: Double, targetCount: Int = 5) -> Double {
        let (m, e) = stepParts(lower: min(lower, upper), upper: max(lower, upper), targetCount: targetCount)
        return scaled(m, e)
    }

    /// Nice tick values inside `lower … upper`: the multiples of the 1-2-5 step giving closest to
    /// `targetCount` ticks. `0…1` gives `[0, 0.2, 0.4, 0.6, 0.8, 1]`; values are exact decimal
    /// literals (0.6, not 0.6000000000000001). Non-finite bounds give no ticks.
    public static func linear(from lower: Double, to upper: Double, targetCount: Int = 5) -> [Double] {
        guard lower.isFinite, upper.isFinite, (upper - lower).isFinite else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        guard hi > lo else { return [lo] }
        let (m, e) = stepParts(lower: lo, upper: hi, targetCount: targetCount)
        let (first, last) = multiples(lo, hi, scaled(m, e))
        guard last >= first, last - first < 10_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { k in k == 0 ? 0 : scaled(k * m, e) }
    }

    /// Labels for evenly spaced `ticks`: fixed-point with just enough decimals for the spacing,
    /// scientific ("2.5×10⁻⁵") for very large or small magnitudes, and a true minus sign.
    public static func labels(for ticks: [Double]) -> [String] {
        guard !ticks.isEmpty else { return [] }
        let spacing = ticks.count > 1 ? zip(ticks.dropFirst(), ticks).map { abs($0 - $1) }.min()! : abs(ticks[0])
        let largest = ticks.map(abs).max()!
        let stepExponent = spacing > 0 ? Int(log10(spacing).rounded(.down)) : 0
        if largest >= 1e6 || (largest > 0 && largest < 1e-3) {
            return ticks.map { scientific($0, stepExponent: stepExponent) }
        }
        var decimals = max(0, -stepExponent)
        // A step like 0.25 needs one more decimal than its exponent says.
        let mantissa = spacing / power(10, stepExponent)
        if spacing > 0, abs(mantissa.rounded() - mantissa) > 1e-6 { decimals += 1 }
        return ticks.map { fixed($0, decimals: decimals, snap: spacing * 1e-9) }
    }

    /// `value` with `decimals` fractional digits and a Unicode minus sign ("−0" becomes "0").
    static func fixed(_ value: Double, decimals: Int, snap: Double = 0) -> String {
        let v = abs(value) <= snap ? 0 : value
        var text = String(format: "%.\(min(decimals, 15))f", v)
        if text.hasPrefix("-") {
            text = text.dropFirst().allSatisfy { $0 == "0" || $0 == "." } ? String(text.dropFirst())
                : "\u{2212}" + text.dropFirst()
        }
        return text
    }

    /// "m×10ⁿ" with as many mantissa digits as the tick step needs ("10ⁿ" when m is 1).
    static func scientific(_ value: Double, stepExponent: Int) -> String {
        guard value != 0 else { return "0" }
        let exponent = Int((log10(abs(value)) + 1e-9).rounded(.down))
        var m = fixed(value / pow(10, Double(exponent)), decimals: max(0, min(6, exponent - stepExponent)))
        if m.contains(".") {
            while m.hasSuffix("0") { m.removeLast() }
            if m.hasSuffix(".") { m.removeLast() }
        }
        let powerText = "10" + superscript(exponent)
        return m == "1" ? powerText : m == "\u{2212}1" ? "\u{2212}" + powerText : m + "\u{00D7}" + powerText
    }

    /// `n` in Unicode superscript digits ("⁻¹²").
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["\u{2070}", "\u{00B9}", "\u{00B2}", "\u{00B3}", "\u{2074}",
                                   "\u{2075}", "\u{2076}", "\u{2077}", "\u{2078}", "\u{2079}"]
        return (n < 0 ? "\u{207B}" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
    }

    // MARK: - Exact decimal arithmetic

    /// The mantissa (1, 2 or 5) and exponent of the step that best meets `targetCount`.
    static func stepParts(lower lo: Double, upper hi: Double, targetCount: Int) -> (Double, Int) {
        let span = hi - lo
        guard span > 0, span.isFinite else { return (1, 0) }
        let target = max(targetCount, 2)
        let e0 = Int(log10(span / Double(target - 1)).rounded(.down))
        var best: (m: Double, e: Int, score: Int, step: Double)?
        for e in (e0 - 1)...(e0 + 1) {
            for m in [1.0, 2, 5] {
                let step = scaled(m, e)
                let (first, last) = multiples(lo, hi, step)
                // Spans near the limits of Double (denormal, say) can give no usable step.
                guard step > 0, (last - first).isFinite, abs(last - first) < 1e6 else { continue }
                let score = abs(Int(last - first + 1) - target)
                if best == nil || score < best!.score || (score == best!.score && step < best!.step) {
                    best = (m, e, score, step)
                }
            }
        }
        return best.map { ($0.m, $0.e) } ?? (1, e0)
    }

    /// First and last integer k with k·step inside lo…hi (tolerating rounding).
    static func multiples(_ lo: Double, _ hi: Double, _ step: Double) -> (Double, Double) {
        ((lo / step - 1e-9).rounded(.up), (hi / step + 1e-9).rounded(.down))
    }

    /// `m × 10^e`, rounded once (division by an exact power for negative `e`).
    static func scaled(_ m: Double, _ e: Int) -> Double {
        e >= 0 ? m * power(10, e) : m / power(10, -e)
    }

    static func power(_ base: Double, _ n: Int) -> Double {
        guard n >= 0 else { return 1 / power(base, -n) }
        var result = 1.0
        for _ in 0..<n { result *= base }
        return result
    }
}
