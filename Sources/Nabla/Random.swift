/// A small, fast, seedable random number generator (SplitMix64).
///
/// Every random choice in the library takes one of these explicitly, so the same seed always
/// gives the same result; the system generator is never used.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Float` in `[0, 1)` with 24 random bits.
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// A standard normal sample (Box–Muller).
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * 0x1p-53, Double.leastNonzeroMagnitude)
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// An independent generator derived from this one (for giving sub-tasks their own stream).
    public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }

    /// The raw state, for checkpoints.
    public var stateForCheckpoint: UInt64 { state }
    /// Restores a generator from ``stateForCheckpoint``.
    public init(checkpointState: UInt64) { state = checkpointState }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
