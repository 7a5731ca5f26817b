import SeededRandom
import Testing
@testable import DomainData

@Suite struct MNISTMBuilderTests {
    static func digits() throws -> ImageDataset {
        try ImageDataset(name: "digits", height: 2, width: 2, channels: 1,
                         pixels: [255, 0, 0, 255, 10, 20, 30, 40], labels: [3, 7])
    }

    @Test func recipeIsAbsoluteDifferenceOverPaddedDigit() throws {
        // A constant photo makes the patch position irrelevant.
        let photo = try DecodedImage(width: 6, height: 5, channels: 3, pixels: Array(repeating: [100, 150, 200], count: 30).flatMap { $0 })
        let built = try buildMNISTMStyle(digits: Self.digits(), photos: [photo], seed: 1, padTo: 4)
        #expect(built.count == 2 && built.height == 4 && built.width == 4 && built.channels == 3)
        #expect(built.labels == [3, 7] && built.classCount == 8)
        let first = Array(built.image(at: 0))
        // Border (padding) pixel: |0 - photo|.
        #expect(Array(first[0..<3]) == [100, 150, 200])
        // Pixel (1,1) is digit pixel (0,0) = 255.
        let o = (1 * 4 + 1) * 3
        #expect(Array(first[o..<o + 3]) == [155, 105, 55])
        let second = Array(built.image(at: 1))
        let p = (2 * 4 + 2) * 3  // digit pixel (1,1) = 40
        #expect(Array(second[p..<p + 3]) == [60, 110, 160])
    }

    @Test func deterministicForASeed() throws {
        let photos = try (0..<3).map { i in try DecodedImage(width: 9, height: 7, channels: 3, pixels: fixtureBytes(189, seed: UInt64(i))) }
        let a = try buildMNISTMStyle(digits: Self.digits(), photos: photos, seed: 42, padTo: 4)
        let b = try buildMNISTMStyle(digits: Self.digits(), photos: photos, seed: 42, padTo: 4)
        let c = try buildMNISTMStyle(digits: Self.digits(), photos: photos, seed: 43, padTo: 4)
        #expect(a == b)
        #expect(a.pixels != c.pixels)
    }

    @Test func grayscalePhotosAreAccepted() throws {
        let photo = try DecodedImage(width: 4, height: 4, channels: 1, pixels: Array(repeating: 50, count: 16))
        let built = try buildMNISTMStyle(digits: Self.digits(), photos: [photo], seed: 0, padTo: 4)
        #expect(Array(built.image(at: 0).prefix(3)) == [50, 50, 50])
    }

    @Test func badInputs() throws {
        let photo = try DecodedImage(width: 3, height: 8, channels: 3, pixels: fixtureBytes(72))
        expectError("photo #0 is 3x8", "smaller than the 4x4") { _ = try buildMNISTMStyle(digits: Self.digits(), photos: [photo], seed: 0, padTo: 4) }
        expectError("at least one background photo") { _ = try buildMNISTMStyle(digits: Self.digits(), photos: [], seed: 0, padTo: 4) }
        expectError("larger than the 1x1") { _ = try buildMNISTMStyle(digits: Self.digits(), photos: [photo], seed: 0, padTo: 1) }
        let rgb = try Self.digits().toRGB()
        expectError("grayscale digits") { _ = try buildMNISTMStyle(digits: rgb, photos: [photo], seed: 0, padTo: 4) }
    }

    @Test func splitMix64KnownValues() {
        // Reference values of SplitMix64 seeded with 1234567.
        var rng = SplitMix64(seed: 1234567)
        #expect(rng.next() == 6457827717110365317)
        #expect(rng.next() == 3203168211198807973)
        var bounded = SplitMix64(seed: 9)
        for _ in 0..<1000 { #expect((0..<7).contains(bounded.next(below: 7))) }
        #expect(bounded.next(below: 1) == 0)
    }
}
