import DomainData
import Foundation
import Nabla

/// Seeded training-time augmentation of image batches, torchvision's `RandomResizedCrop` (area
/// share in `[cropScale, 1]`, aspect ratio in `[3/4, 4/3]`, resized back to the stored size) and
/// `RandomHorizontalFlip` (p = 0.5). Off unless asked for; evaluation never augments. The draws
/// depend only on the seed, the step, the domain and the position in the batch, so a resumed run
/// augments exactly as an uninterrupted one.
public struct ImageAugmentation: Sendable, Codable, Equatable {
    /// The smallest share of the image area a random crop keeps (torchvision: 0.08); nil: no crop.
    public var cropScale: Float?
    /// Whether to mirror half of the images left to right.
    public var horizontalFlip: Bool

    /// An augmentation; `ImageAugmentation()` does nothing.
    public init(cropScale: Float? = nil, horizontalFlip: Bool = false) {
        self.cropScale = cropScale
        self.horizontalFlip = horizontalFlip
    }

    /// Whether it changes anything.
    public var isActive: Bool { cropScale != nil || horizontalFlip }

    /// What is wrong with the settings, or nil.
    public func validationProblem() -> String? {
        if let cropScale, !(cropScale > 0 && cropScale <= 1) { return "the random crop's smallest area share must be in (0, 1], got \(cropScale)" }
        return nil
    }

    /// `image` cropped, resized back to its size and flipped as the generator's draws say.
    public func apply(to image: DecodedImage, using generator: inout SeededGenerator) -> DecodedImage {
        var result = image
        if let cropScale {
            let (x, y, width, height) = Self.cropBox(width: image.width, height: image.height, minimumScale: Double(cropScale), using: &generator)
            var pixels: [UInt8] = []
            pixels.reserveCapacity(width * height * image.channels)
            for row in y ..< y + height {
                let start = (row * image.width + x) * image.channels
                pixels += image.pixels[start ..< start + width * image.channels]
            }
            let crop = try! DecodedImage(width: width, height: height, channels: image.channels, pixels: pixels)
            result = crop.resized(width: image.width, height: image.height)
        }
        if horizontalFlip && generator.next() & 1 == 1 {
            var pixels = result.pixels
            let (width, channels) = (result.width, result.channels)
            for row in 0 ..< result.height {
                for x in 0 ..< width / 2 {
                    for c in 0 ..< channels {
                        pixels.swapAt((row * width + x) * channels + c, (row * width + width - 1 - x) * channels + c)
                    }
                }
            }
            result = try! DecodedImage(width: width, height: result.height, channels: channels, pixels: pixels)
        }
        return result
    }

    /// torchvision's `RandomResizedCrop.get_params`: ten tries at a box of random area share and
    /// log-uniform aspect ratio, then the whole image clamped to the ratio range.
    static func cropBox(width: Int, height: Int, minimumScale: Double, using generator: inout SeededGenerator) -> (Int, Int, Int, Int) {
        let area = Double(width * height)
        let logRatio = (log(3.0 / 4.0), log(4.0 / 3.0))
        for _ in 0..<10 {
            let target = area * Double.random(in: minimumScale...1, using: &generator)
            let ratio = exp(Double.random(in: logRatio.0...logRatio.1, using: &generator))
            let w = Int((target * ratio).squareRoot().rounded()), h = Int((target / ratio).squareRoot().rounded())
            if w > 0 && h > 0 && w <= width && h <= height {
                return (Int.random(in: 0...(width - w), using: &generator), Int.random(in: 0...(height - h), using: &generator), w, h)
            }
        }
        let ratio = Double(width) / Double(height)
        let (w, h) = ratio < 3.0 / 4.0 ? (width, min(height, Int((Double(width) / (3.0 / 4.0)).rounded())))
            : ratio > 4.0 / 3.0 ? (min(width, Int((Double(height) * 4.0 / 3.0).rounded())), height) : (width, height)
        return ((width - w) / 2, (height - h) / 2, w, h)
    }
}

/// Training images with an augmentation applied to training batches (``SampleSource/trainingBatch(at:step:seed:)``);
/// ``inputs(at:)`` and ``batch(at:)`` stay unaugmented for evaluation.
public struct AugmentedImageSamples: SampleSource {
    /// The images, preprocessing and label visibility.
    public let base: ImageSamples
    /// What is done to each training image.
    public let augmentation: ImageAugmentation
    /// Mixed into the seed so the two domains draw differently.
    public let stream: UInt64

    /// `base` augmented in training batches; `stream` tells the domains' draws apart.
    public init(_ base: ImageSamples, augmentation: ImageAugmentation, stream: UInt64) {
        self.base = base
        self.augmentation = augmentation
        self.stream = stream
    }

    public var count: Int { base.count }
    public var sampleShape: [Int] { base.sampleShape }
    public var labels: [Int]? { base.labels }
    public func inputs(at indices: [Int]) -> Tensor { base.inputs(at: indices) }

    public func trainingBatch(at indices: [Int], step: Int, seed: UInt64) -> ModelInput {
        let dataset = base.dataset
        var pixels: [UInt8] = []
        pixels.reserveCapacity(indices.count * dataset.imageSize)
        for (slot, index) in indices.enumerated() {
            // One generator per (seed, step, domain, slot): independent of batching history.
            var generator = SeededGenerator(seed: seed ^ 0xA06_0000_0000 ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(step) &* 0xBF58_476D_1CE4_E5B9) ^ (UInt64(slot) &* 0x94D0_49BB_1331_11EB))
            let original = try! DecodedImage(width: dataset.width, height: dataset.height, channels: dataset.channels, pixels: Array(dataset.image(at: index)))
            pixels += augmentation.apply(to: original, using: &generator).pixels
        }
        let batch = try! ImageDataset(name: dataset.name, height: dataset.height, width: dataset.width, channels: dataset.channels,
                                      pixels: pixels, labels: [Int](repeating: 0, count: indices.count))
        return .dense(base.preprocessing.convert(batch, indices: Array(0..<indices.count)))
    }
}
