/// The SplitMix64 pseudo-random generator (Steele, Lea & Flood 2014; Vigna's reference constants).
///
/// All randomness in this module comes from this generator, seeded explicitly, so the
/// same seed always yields bit-identical results on every platform. The system RNG is
/// never used.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The internal 64-bit state; advances by the golden-ratio increment on every draw.
    public private(set) var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
