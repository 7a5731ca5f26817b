import DomainData
import Nabla

/// How raw 8-bit images of any domain become model inputs of one shape: channel conversion,
/// padding or resizing, scaling to [0, 1], then per-channel normalisation with statistics of
/// the training data. Codable, so checkpoints carry it and evaluation repeats it exactly.
public struct ImagePreprocessing: Sendable, Codable, Equatable {
    /// How a stored image is brought to the model's height and width.
    public enum Resize: String, Sendable, Codable, CaseIterable {
        /// Zero-pad around the centre (or centre-crop when larger). MNIST 28×28 → 32×32 this way
        /// puts the digits where MNIST-M's are.
        case pad
        /// Bilinear resampling.
        case bilinear
    }

    /// What is subtracted and divided per channel after scaling to [0, 1].
    public enum Normalization: String, Sendable, Codable, CaseIterable {
        /// Subtract the per-channel mean of the training data (the paper's "mean subtraction").
        case mean
        /// Subtract the mean and divide by the standard deviation.
        case standardize
        /// Only scale to [0, 1].
        case none
    }

    /// Channels of the model input: 1 (grey) or 3 (colour). Grey images are copied into every
    /// channel; colour images become grey as the mean of their channels.
    public var channels: Int
    /// Height of the model input, in pixels.
    public var height: Int
    /// Width of the model input, in pixels.
    public var width: Int
    /// How images of another size reach `height × width`.
    public var resize: Resize = .pad
    /// When set (`--input-size`), every image is first resized (shorter side) and centre-cropped
    /// to `inputSize × inputSize` (``DomainData/DecodedImage/fitted(to:)``), at training and at
    /// prediction alike. Nil in cards written before it existed and for runs without it.
    public var inputSize: Int?
    /// What is subtracted (and divided) per channel after scaling to [0, 1].
    public var normalization: Normalization = .mean
    /// Per-channel mean of the training pixels in [0, 1] (zeros until ``fitStatistics(on:sampleLimit:)``).
    public var channelMean: [Float]
    /// Per-channel standard deviation of the training pixels in [0, 1] (ones until
    /// ``fitStatistics(on:sampleLimit:)``); used only by ``Normalization/standardize``.
    public var channelStandardDeviation: [Float]

    /// A preprocessing to `[channels, height, width]` with neutral statistics (mean 0, deviation 1):
    /// call ``fitStatistics(on:sampleLimit:)`` before using a normalisation other than `none`.
    /// - Parameters:
    ///   - channels: Channels of the model input (1 or 3).
    ///   - height: Height of the model input.
    ///   - width: Width of the model input.
    ///   - resize: How images of another size are brought to `height × width`.
    ///   - normalization: What is subtracted and divided per channel.
    public init(channels: Int, height: Int, width: Int, resize: Resize = .pad, normalization: Normalization = .mean) {
        self.channels = channels
        self.height = height
        self.width = width
        self.resize = resize
        self.normalization = normalization
        channelMean = [Float](repeating: 0, count: channels)
        channelStandardDeviation = [Float](repeating: 1, count: channels)
    }

    /// An image as it enters ``convert(_:indices:)``: fitted to ``inputSize`` when set.
    public func prepared(_ image: DecodedImage) -> DecodedImage {
        inputSize.map { image.fitted(to: $0) } ?? image
    }

    /// The model input shape `[channels, height, width]`.
    public var inputShape: [Int] { [channels, height, width] }

    /// A preprocessing that brings both domains to one shape: the larger height and width, and
    /// 3 channels if either domain is in colour.
    public static func common(for datasets: [ImageDataset], resize: Resize = .pad, normalization: Normalization = .mean) -> ImagePreprocessing {
        ImagePreprocessing(channels: datasets.contains { $0.channels == 3 } ? 3 : 1,
                           height: datasets.map(\.height).max() ?? 1, width: datasets.map(\.width).max() ?? 1,
                           resize: resize, normalization: normalization)
    }

    /// Sets the normalisation statistics from `datasets` (pooled, each given equal weight),
    /// using at most `sampleLimit` images of each.
    public mutating func fitStatistics(on datasets: [ImageDataset], sampleLimit: Int = 10_000) {
        var sums = [Double](repeating: 0, count: channels), squares = sums, total = 0.0
        var unnormalised = self
        unnormalised.normalization = .none
        for dataset in datasets where dataset.count > 0 {
            let step = max(1, dataset.count / sampleLimit)
            let indices = Array(stride(from: 0, to: dataset.count, by: step))
            let plane = Double(height * width), weight = 1 / Double(indices.count)
            for chunk in stride(from: 0, to: indices.count, by: 512) {
                let batch = unnormalised.convert(dataset, indices: Array(indices[chunk ..< min(chunk + 512, indices.count)]))
                batch.withUnsafeBufferPointer { values in
                    for image in 0 ..< batch.shape[0] {
                        for c in 0..<channels {
                            let base = (image * channels + c) * height * width
                            var s = 0.0, q = 0.0
                            for i in 0 ..< height * width { let v = Double(values[base + i]); s += v; q += v * v }
                            sums[c] += weight * s / plane
                            squares[c] += weight * q / plane
                        }
                    }
                }
            }
            total += 1
        }
        guard total > 0 else { return }
        channelMean = sums.map { Float($0 / total) }
        channelStandardDeviation = zip(sums, squares).map { s, q in
            let mean = s / total
            return Float(max(q / total - mean * mean, 1e-12).squareRoot())
        }
    }

    /// Model inputs `[indices.count, channels, height, width]` for images of `dataset`.
    public func convert(_ dataset: ImageDataset, indices: [Int]) -> Tensor {
        let (inHeight, inWidth, inChannels) = (dataset.height, dataset.width, dataset.channels)
        let plane = height * width, imageSize = dataset.imageSize
        let scale: [Float] = (0..<channels).map { c in
            normalization == .standardize ? 1 / (255 * channelStandardDeviation[c]) : 1 / 255
        }
        let offset: [Float] = (0..<channels).map { c in
            switch normalization {
            case .none: 0
            case .mean: -channelMean[c]
            case .standardize: -channelMean[c] / channelStandardDeviation[c]
            }
        }
        // Where each output pixel reads from: one source offset (pad) or four weighted ones (bilinear).
        let sampling = SamplingPlan(resize: resize, from: (inHeight, inWidth), to: (height, width))
        return dataset.pixels.withUnsafeBufferPointer { pixels in
            Tensor(shape: [indices.count, channels, height, width]) { buffer in
                let out = buffer.baseAddress!
                for (slot, index) in indices.enumerated() {
                    let image = pixels.baseAddress! + index * imageSize
                    for c in 0..<channels {
                        let sourceChannel = inChannels == 1 ? 0 : (channels == 1 ? -1 : c)
                        let destination = out + (slot * channels + c) * plane
                        for p in 0..<plane {
                            let raw = sampling.sample(image, pixel: p, channel: sourceChannel, channels: inChannels)
                            destination[p] = raw * scale[c] + offset[c]
                        }
                    }
                }
            }
        }
    }
}

/// Precomputed source positions for one input size → output size mapping.
struct SamplingPlan {
    /// Per output pixel: up to four (source pixel index, weight) pairs; index −1 means zero.
    let taps: [(Int32, Float)]
    let tapsPerPixel: Int

    init(resize: ImagePreprocessing.Resize, from input: (Int, Int), to output: (Int, Int)) {
        var taps: [(Int32, Float)] = []
        switch resize {
        case .pad:
            tapsPerPixel = 1
            let top = (output.0 - input.0) / 2, left = (output.1 - input.1) / 2
            for y in 0..<output.0 {
                for x in 0..<output.1 {
                    let sy = y - top, sx = x - left
                    taps.append(sy >= 0 && sy < input.0 && sx >= 0 && sx < input.1 ? (Int32(sy * input.1 + sx), 1) : (-1, 0))
                }
            }
        case .bilinear:
            tapsPerPixel = 4
            for y in 0..<output.0 {
                for x in 0..<output.1 {
                    // Align pixel centres (as PyTorch's align_corners=False).
                    let fy = max(0, (Float(y) + 0.5) * Float(input.0) / Float(output.0) - 0.5)
                    let fx = max(0, (Float(x) + 0.5) * Float(input.1) / Float(output.1) - 0.5)
                    let y0 = min(Int(fy), input.0 - 1), x0 = min(Int(fx), input.1 - 1)
                    let y1 = min(y0 + 1, input.0 - 1), x1 = min(x0 + 1, input.1 - 1)
                    let wy = fy - Float(y0), wx = fx - Float(x0)
                    taps += [(Int32(y0 * input.1 + x0), (1 - wy) * (1 - wx)), (Int32(y0 * input.1 + x1), (1 - wy) * wx),
                             (Int32(y1 * input.1 + x0), wy * (1 - wx)), (Int32(y1 * input.1 + x1), wy * wx)]
                }
            }
        }
        self.taps = taps
    }

    /// The value (0…255) of output pixel `pixel` in `channel` (−1: the mean of all channels).
    @inline(__always)
    func sample(_ image: UnsafePointer<UInt8>, pixel: Int, channel: Int, channels: Int) -> Float {
        var total: Float = 0
        for t in 0..<tapsPerPixel {
            let (index, weight) = taps[pixel * tapsPerPixel + t]
            guard index >= 0 else { continue }
            let base = Int(index) * channels
            let value: Float
            if channel >= 0 {
                value = Float(image[base + channel])
            } else {
                var sum: Float = 0
                for c in 0..<channels { sum += Float(image[base + c]) }
                value = sum / Float(channels)
            }
            total += weight * value
        }
        return total
    }
}

/// The images of one domain as model inputs (kept as 8-bit in memory, converted per batch).
public struct ImageSamples: SampleSource {
    /// The raw images and labels.
    public let dataset: ImageDataset
    /// The conversion applied to each batch.
    public let preprocessing: ImagePreprocessing
    /// `false` for a target domain whose labels must not be used in training.
    public let exposesLabels: Bool

    /// The images of `dataset` through `preprocessing`; `exposesLabels: false` hides the labels.
    public init(_ dataset: ImageDataset, preprocessing: ImagePreprocessing, exposesLabels: Bool = true) {
        self.dataset = dataset
        self.preprocessing = preprocessing
        self.exposesLabels = exposesLabels
    }

    /// The number of images.
    public var count: Int { dataset.count }
    /// `[channels, height, width]` of the preprocessing, whatever the stored size.
    public var sampleShape: [Int] { preprocessing.inputShape }
    /// The dataset's labels, or nil when hidden (``exposesLabels`` false).
    public var labels: [Int]? { exposesLabels ? dataset.labels : nil }
    /// The images at `indices`, converted: `[indices.count, channels, height, width]`.
    public func inputs(at indices: [Int]) -> Tensor { preprocessing.convert(dataset, indices: indices) }
}
