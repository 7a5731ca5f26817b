/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, seedable generator whose
/// output sequence is fixed for a seed on every platform and Swift version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The internal state; advancing it by the golden-ratio increment yields the next value.
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (`bound` > 0), by rejection sampling so
    /// the result does not depend on the standard library's algorithm.
    public mutating func next(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b  // largest multiple of b
        while true {
            let v = next()
            if v < limit { return Int(v % b) }
        }
    }
}
