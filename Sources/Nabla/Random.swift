import SeededRandom

/// The seedable generator every random choice of the library takes (SplitMix64).
public typealias SeededGenerator = SplitMix64
