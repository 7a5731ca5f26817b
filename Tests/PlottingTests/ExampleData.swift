import Foundation

/// Deterministic pseudo-random numbers (SplitMix64) for example data.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// The two-moons toy problem of Ganin et al. (2016): source moons, and a target
/// domain rotated by 35°.
struct TwoMoons {
    var x: [Double] = []
    var y: [Double] = []
    var label: [Int] = []
    var domain: [Int] = []

    init(pointsPerMoon: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let angle = 35.0 * Double.pi / 180
        for domain in 0..<2 {
            for label in 0..<2 {
                for _ in 0..<pointsPerMoon {
                    let t = random.uniform() * Double.pi
                    var px = label == 0 ? cos(t) : 1 - cos(t)
                    var py = label == 0 ? sin(t) : 0.5 - sin(t)
                    px += random.normal() * 0.1 - 0.5
                    py += random.normal() * 0.1 - 0.25
                    if domain == 1 {
                        (px, py) = (px * cos(angle) - py * sin(angle), px * sin(angle) + py * cos(angle))
                    }
                    x.append(px)
                    y.append(py)
                    self.label.append(label)
                    self.domain.append(domain)
                }
            }
        }
    }
}
