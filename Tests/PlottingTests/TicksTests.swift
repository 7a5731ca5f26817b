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
    }

    @Test func logarithmicTicks() {
        #expect(Ticks.logarithmic(from: 0.001, to: 10) == [0.001, 0.01, 0.1, 1, 10])
        #expect(Ticks.logarithmic(from: 1, to: 1e12, targetCount: 6) == [1, 1e3, 1e6, 1e9, 1e12])
        #expect(Ticks.logarithmic(from: 1.5, to: 9) == [2, 5])
        #expect(Ticks.logarithmicMinor(from: 1, to: 10) == [2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test func tickLabels() {
        #expect(Ticks.labels(for: [0, 0.2, 0.4, 0.6, 0.8, 1]) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(Ticks.labels(for: [-10, 0, 10]) == ["\u{2212}10", "0", "10"])
        #expect(Ticks.labels(for: [0, 2e6, 4e6]) == ["0", "2×10⁶", "4×10⁶"])
        #expect(Ticks.labels(for: [1e-6, 1e-3, 1, 1e5], scale: .log10) == ["10⁻⁶", "0.001", "1", "10⁵"])
        #expect(Ticks.labels(for: [0.25, 0.5, 0.75]) == ["0.25", "0.50", "0.75"])
    }
}
