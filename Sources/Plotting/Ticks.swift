import Foundation

/// How data values map onto an axis.
public enum AxisScale: Sendable, Hashable {
    /// Evenly spaced values.
    case linear
    /// Evenly spaced powers of ten; non-positive values are not drawn.
    case log10

    /// The value in the axis' linear drawing space (NaN when not representable).
    func forward(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log10: return value > 0 ? Foundation.log10(value) : .nan
        }
    }

    /// The inverse of ``forward(_:)``.
    func inverse(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log10: return pow(10, value)
        }
    }
}

/// Tick placement and labelling: "nice" 1-2-5 steps for linear axes, decades
/// for logarithmic ones.
public enum Ticks {
    /// Heckbert's nice number: the 1, 2, 5 or 10 times a power of ten nearest to
    /// `x` (`round == true`) or the smallest one ≥ `x` (`round == false`).
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        let (m, e) = niceMantissa(x, round: round)
        return scaled(m, e)
    }

    /// The 1-2-5 tick spacing that puts closest to `targetCount` ticks inside
    /// `lower … upper` (ties go to the larger step), e.g. 0.2 for 0…1 and 5 ticks.
    public static func step(from lower: Double, to upper: Double, targetCount: Int = 5) -> Double {
        let (m, e) = stepParts(lower: min(lower, upper), upper: max(lower, upper), targetCount: targetCount)
        return scaled(m, e)
    }

    /// Nice tick values inside `lower … upper`: the multiples of the 1-2-5 step
    /// giving closest to `targetCount` ticks. `0…1` gives `[0, 0.2, 0.4, 0.6, 0.8, 1]`;
    /// values are exact decimal literals (0.6, not 0.6000000000000001).
    public static func linear(from lower: Double, to upper: Double, targetCount: Int = 5) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        guard hi > lo else { return [lo] }
        let (m, e) = stepParts(lower: lo, upper: hi, targetCount: targetCount)
        let (first, last) = multiples(lo, hi, scaled(m, e))
        guard last >= first, last - first < 10_000 else { return [] }
        return stride(from: first, through: last, by: 1).map { k in
            k == 0 ? 0 : scaled(k * m, e)
        }
    }

    /// Tick values for a logarithmic axis over `lower … upper` (both > 0): powers
    /// of ten (every n-th decade when there are many), or 1-2-5 multiples when the
    /// range spans less than two decades.
    public static func logarithmic(from lower: Double, to upper: Double, targetCount: Int = 6) -> [Double] {
        guard lower > 0, upper > 0, lower.isFinite, upper.isFinite else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        let k0 = Int((Foundation.log10(lo) - 1e-9).rounded(.up)), k1 = Int((Foundation.log10(hi) + 1e-9).rounded(.down))
        if k1 - k0 + 1 >= 2 {
            let every = max(1, Int((Double(k1 - k0 + 1) / Double(max(targetCount, 2))).rounded(.up)))
            return stride(from: k0, through: k1, by: every).map { power(10, $0) }
        }
        var ticks: [Double] = []
        for k in (k0 - 1)...(k1 + 1) {
            for m in [1.0, 2, 5] {
                let v = k >= 0 ? m * power(10, k) : m / power(10, -k)
                if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { ticks.append(v) }
            }
        }
        return ticks.count >= 2 ? ticks : linear(from: lo, to: hi, targetCount: targetCount)
    }

    /// Unlabelled minor ticks for a logarithmic axis: 2…9 times each decade.
    public static func logarithmicMinor(from lower: Double, to upper: Double) -> [Double] {
        guard lower > 0, upper > 0 else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        let k0 = Int(Foundation.log10(lo).rounded(.down)), k1 = Int(Foundation.log10(hi).rounded(.up))
        guard k1 - k0 <= 12 else { return [] }
        var ticks: [Double] = []
        for k in k0...k1 {
            for m in 2...9 {
                let v = k >= 0 ? Double(m) * power(10, k) : Double(m) / power(10, -k)
                if v > lo && v < hi { ticks.append(v) }
            }
        }
        return ticks
    }

    /// Labels for `ticks`: fixed-point with just enough decimals for the
    /// spacing, scientific ("2.5×10⁻⁵") for very large or small magnitudes,
    /// powers of ten ("10⁻⁶") on log axes, and a true minus sign.
    public static func labels(for ticks: [Double], scale: AxisScale = .linear) -> [String] {
        guard !ticks.isEmpty else { return [] }
        if scale == .log10 {
            return ticks.map(logLabel)
        }
        let spacing = ticks.count > 1 ? zip(ticks.dropFirst(), ticks).map { abs($0 - $1) }.min()! : abs(ticks[0])
        let largest = ticks.map(abs).max()!
        let stepExponent = spacing > 0 ? Int(Foundation.log10(spacing).rounded(.down)) : 0
        if largest >= 1e6 || (largest > 0 && largest < 1e-3) {
            return ticks.map { scientific($0, decimalsFromExponent: stepExponent) }
        }
        var decimals = max(0, -stepExponent)
        // A step like 0.25 (from explicit ticks) needs one more decimal.
        if spacing > 0, abs((spacing / power(10, stepExponent)).rounded() - spacing / power(10, stepExponent)) > 1e-6 {
            decimals += 1
        }
        return ticks.map { fixed($0, decimals: decimals, snap: spacing * 1e-9) }
    }

    /// `value` with `decimals` fractional digits and a Unicode minus sign.
    static func fixed(_ value: Double, decimals: Int, snap: Double = 0) -> String {
        let v = abs(value) <= snap ? 0 : value
        var text = String(format: "%.\(min(decimals, 15))f", v)
        if text.hasPrefix("-") {
            text = text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst())
                : "\u{2212}" + text.dropFirst()
        }
        return text
    }

    static func scientific(_ value: Double, decimalsFromExponent stepExponent: Int) -> String {
        guard value != 0 else { return "0" }
        let exponent = Int(Foundation.log10(abs(value)).rounded(.down) + 1e-9)
        let mantissa = value / Foundation.pow(10, Double(exponent))
        let decimals = max(0, min(6, exponent - stepExponent))
        var m = fixed(mantissa, decimals: decimals)
        if m.contains(".") {
            while m.hasSuffix("0") { m.removeLast() }
            if m.hasSuffix(".") { m.removeLast() }
        }
        let powerText = "10" + superscript(exponent)
        return m == "1" ? powerText : (m == "\u{2212}1" ? "\u{2212}" + powerText : m + "\u{00D7}" + powerText)
    }

    static func logLabel(_ value: Double) -> String {
        guard value > 0 else { return fixed(value, decimals: 0) }
        let exponent = Int(Foundation.log10(value).rounded())
        let isPower = abs(value / power(10, exponent) - 1) < 1e-9 || abs(value * power(10, -exponent) - 1) < 1e-9
        if isPower && (exponent < -3 || exponent > 4) { return "10" + superscript(exponent) }
        if value >= 1 && value < 1e5 { return fixed(value, decimals: 0) }
        let decimals = max(0, -Int(Foundation.log10(value).rounded(.down)))
        return fixed(value, decimals: min(decimals, 12))
    }

    /// `n` in Unicode superscript digits ("⁻¹²").
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["\u{2070}", "\u{00B9}", "\u{00B2}", "\u{00B3}", "\u{2074}",
                                   "\u{2075}", "\u{2076}", "\u{2077}", "\u{2078}", "\u{2079}"]
        return (n < 0 ? "\u{207B}" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
    }

    // MARK: - Exact decimal arithmetic

    static func niceMantissa(_ x: Double, round: Bool) -> (Double, Int) {
        guard x > 0, x.isFinite else { return (1, 0) }
        let e = Int(Foundation.log10(x).rounded(.down))
        let f = x / Foundation.pow(10, Double(e))
        let m: Double
        if round {
            m = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        } else {
            m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        }
        return m == 10 ? (1, e + 1) : (m, e)
    }

    static func stepParts(lower lo: Double, upper hi: Double, targetCount: Int) -> (Double, Int) {
        let span = hi - lo
        guard span > 0, span.isFinite else { return (1, 0) }
        let target = max(targetCount, 2)
        let e0 = Int(Foundation.log10(span / Double(target - 1)).rounded(.down))
        var best: (m: Double, e: Int, score: Int, step: Double)?
        for e in (e0 - 1)...(e0 + 1) {
            for m in [1.0, 2, 5] {
                let step = scaled(m, e)
                let (first, last) = multiples(lo, hi, step)
                let score = abs(Int(last - first + 1) - target)
                if best == nil || score < best!.score || (score == best!.score && step < best!.step) {
                    best = (m, e, score, step)
                }
            }
        }
        return (best!.m, best!.e)
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
