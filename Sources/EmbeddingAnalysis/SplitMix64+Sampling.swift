/// Platform-independent sampling helpers built only on `SplitMix64.next()`.
///
/// These are implemented here (rather than using `Int.random(in:using:)` or
/// `Array.shuffle(using:)`) so that the exact sequence of draws cannot change with the
/// standard library version: the same seed gives the same numbers everywhere.
extension SplitMix64 {
    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<upperBound` (Lemire's unbiased multiply-shift method).
    public mutating func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "upperBound must be positive")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// A standard normal sample (Box–Muller transform; one of the pair is discarded).
    public mutating func nextGaussian() -> Double {
        // u1 in (0, 1] so that log(u1) is finite.
        let u1 = Double((next() >> 11) + 1) * 0x1p-53
        let u2 = nextUnitDouble()
        return (-2 * Math.log(u1)).squareRoot() * Math.cos(2 * Double.pi * u2)
    }

    /// Shuffles `array` in place with the Fisher–Yates algorithm.
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextIndex(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// A uniformly random permutation of `0..<count`.
    public mutating func permutation(count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }
}
