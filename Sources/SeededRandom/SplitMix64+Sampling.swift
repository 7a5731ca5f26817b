#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension SplitMix64 {
    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    public mutating func nextUnitDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform `Float` in `[0, 1)` with 24 random bits.
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// A standard normal `Float` (Box–Muller).
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * 0x1p-53, Double.leastNonzeroMagnitude)
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// A standard normal `Double` (Box–Muller with `u1 ∈ (0, 1]`, so `log(u1)` is finite).
    public mutating func nextGaussian() -> Double {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53
        let u2 = nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniform integer in `0..<upperBound`, without modulo bias (Lemire's method).
    public mutating func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextIndex(below:): upperBound must be positive, got \(upperBound)")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// A uniform integer in `0..<bound` by rejection sampling (0 when `bound ≤ 1`).
    public mutating func next(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b  // largest multiple of b
        while true {
            let v = next()
            if v < limit { return Int(v % b) }
        }
    }

    /// Fisher–Yates shuffle driven only by this generator.
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextIndex(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }

    /// An independent generator derived from this one (for giving sub-tasks their own stream).
    public mutating func split() -> SplitMix64 { SplitMix64(seed: next()) }
}
