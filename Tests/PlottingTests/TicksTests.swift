import Foundation
import Testing
@testable import Plotting

@Suite struct TicksTests {
    @Test func niceLinearTicks() {
        #expect(Ticks.linear(from: 0, to: 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.linear(from: 0, to: 10) == [0, 2, 4, 6, 8, 10])
        #expect(Ticks.linear(from: 0, to: 100) == [0, 20, 40, 60, 80, 100])
        #expect(Ticks.linear(from: -1, to: 1) == [-1, -0.5, 0, 0.5, 1])
        #expect(Ticks.linear(from: 0.13, to: 0.92, targetCount: 4) == [0.2, 0.4, 0.6, 0.8])
        #expect(Ticks.linear(from: 1, to: 60, targetCount: 6) == [10, 20, 30, 40, 50, 60])
        #expect(Ticks.linear(from: 0, to: 0.003) == [0, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003]
            || Ticks.linear(from: 0, to: 0.003) == [0, 0.001, 0.002, 0.003])
        #expect(Ticks.step(from: 0, to: 1) == 0.2)
        #expect(Ticks.linear(from: 5, to: 5) == [5])
        #expect(Ticks.linear(from: .nan, to: 1).isEmpty)
        #expect(Ticks.linear(from: -.infinity, to: 1).isEmpty)
        #expect(Ticks.linear(from: -1e308, to: 1e308).isEmpty)  // the span overflows
        #expect(Ticks.linear(from: 0, to: 1e-310).count <= 1)  // denormal: no usable step
        // Every tick is a 1, 2 or 5 times a power of ten multiple.
        for (lo, hi) in [(0.0, 0.37), (-3.2, 17.9), (1234.0, 98765.0), (0.0011, 0.0013)] {
            let step = Ticks.step(from: lo, to: hi)
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1, 2, 5].contains(where: { abs($0 - mantissa) < 1e-9 }), "step \(step)")
            #expect(Ticks.linear(from: lo, to: hi).allSatisfy { abs(($0 / step).rounded() * step - $0) < step * 1e-9 })
        }
    }

    @Test func tickLabels() {
        #expect(Ticks.labels(for: [0, 0.2, 0.4, 0.6, 0.8, 1]) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.labels(for: [-10, 0, 10]) == ["\u{2212}10", "0", "10"])
        #expect(Ticks.labels(for: [0, 2e6, 4e6]) == ["0", "2×10⁶", "4×10⁶"])
        #expect(Ticks.labels(for: [0, 0.0002, 0.0004]) == ["0", "2×10⁻⁴", "4×10⁻⁴"])
        #expect(Ticks.labels(for: [0.25, 0.5, 0.75]) == ["0.25", "0.50", "0.75"])
    }
}
