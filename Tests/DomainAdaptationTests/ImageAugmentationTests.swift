import DomainData
import Nabla
import Testing
@testable import DomainAdaptation

@Suite struct ImageAugmentationTests {
    /// 3 images of 4×6 grey ramps (column index × 40 + image).
    func samples() throws -> ImageSamples {
        var pixels: [UInt8] = []
        for image in 0..<3 { for _ in 0..<4 { for x in 0..<6 { pixels.append(UInt8(x * 40 + image)) } } }
        let dataset = try ImageDataset(name: "ramps", height: 4, width: 6, channels: 1, pixels: pixels, labels: [0, 1, 0])
        return ImageSamples(dataset, preprocessing: ImagePreprocessing(channels: 1, height: 4, width: 6, normalization: .none))
    }

    func values(_ input: ModelInput) -> [Float] { input.denseTensor.withUnsafeBufferPointer { Array($0) } }

    @Test func flippingMirrorsRowsAndIsSeededByStepAndSeed() throws {
        let plain = try samples()
        let augmented = AugmentedImageSamples(plain, augmentation: ImageAugmentation(horizontalFlip: true), stream: 1)
        let indices = [0, 1, 2, 0, 1, 2, 0, 1]
        let batch = values(augmented.trainingBatch(at: indices, step: 7, seed: 3))
        #expect(batch == values(augmented.trainingBatch(at: indices, step: 7, seed: 3)), "same seed and step, same batch")
        #expect(batch != values(augmented.trainingBatch(at: indices, step: 8, seed: 3)))
        #expect(values(augmented.batch(at: indices)) == values(plain.batch(at: indices)), "evaluation batches are not augmented")
        var flipped = 0
        for (slot, index) in indices.enumerated() {
            let row = Array(batch[slot * 24 ..< slot * 24 + 6]).map { Int(($0 * 255).rounded()) }
            let ramp = (0..<6).map { $0 * 40 + index }
            #expect(row == ramp || row == ramp.reversed())
            if row != ramp { flipped += 1 }
        }
        #expect(flipped > 0 && flipped < indices.count)
    }

    @Test func randomResizedCropKeepsTheSizeAndStaysInside() throws {
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            let (x, y, w, h) = ImageAugmentation.cropBox(width: 20, height: 12, minimumScale: 0.08, using: &generator)
            #expect(w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= 20 && y + h <= 12)
        }
        let image = try DecodedImage(width: 6, height: 4, channels: 3, pixels: (0..<72).map { UInt8($0) })
        let cropped = ImageAugmentation(cropScale: 0.3).apply(to: image, using: &generator)
        #expect(cropped.width == 6 && cropped.height == 4 && cropped.channels == 3)
        #expect(ImageAugmentation(cropScale: 0).validationProblem() != nil && ImageAugmentation(cropScale: 1).validationProblem() == nil)
    }
}
