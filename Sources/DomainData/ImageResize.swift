extension DecodedImage {
    /// The image resized so its shorter side is `size` and centre-cropped to `size × size`
    /// (torchvision's `Resize(size)` then `CenterCrop(size)`); `self` when already `size × size`.
    ///
    /// Resampling is separable and antialiased like PIL's bilinear filter: a triangle filter whose
    /// support widens with the reduction factor, so shrinking a photo averages its pixels instead
    /// of skipping them.
    public func fitted(to size: Int) -> DecodedImage {
        precondition(size > 0, "fitted(to:) needs a positive size")
        if width == size && height == size { return self }
        // The shorter side becomes `size`; the longer keeps the aspect ratio (rounded as torchvision).
        let scale = Double(size) / Double(min(width, height))
        let newWidth = width <= height ? size : max(size, Int((Double(width) * scale).rounded()))
        let newHeight = height < width ? size : max(size, Int((Double(height) * scale).rounded()))
        let resized = self.resized(width: newWidth, height: newHeight)
        let top = (newHeight - size) / 2, left = (newWidth - size) / 2
        var out = [UInt8](repeating: 0, count: size * size * channels)
        for y in 0..<size {
            let from = ((top + y) * newWidth + left) * channels
            out.replaceSubrange(y * size * channels ..< (y + 1) * size * channels,
                                with: resized.pixels[from ..< from + size * channels])
        }
        return DecodedImage(validatedWidth: size, height: size, channels: channels, pixels: out)
    }

    /// The image resampled to `width × height` (separable antialiased bilinear); both must be positive.
    public func resized(width newWidth: Int, height newHeight: Int) -> DecodedImage {
        let horizontal = ResampleTaps(from: width, to: newWidth)
        let vertical = ResampleTaps(from: height, to: newHeight)
        // Rows first (height × newWidth), then columns, in Float to round once at the end.
        var rows = [Float](repeating: 0, count: height * newWidth * channels)
        for y in 0..<height {
            for x in 0..<newWidth {
                for c in 0..<channels {
                    var total: Float = 0
                    for (index, weight) in horizontal.taps(x) { total += weight * Float(pixels[(y * width + index) * channels + c]) }
                    rows[(y * newWidth + x) * channels + c] = total
                }
            }
        }
        var out = [UInt8](repeating: 0, count: newHeight * newWidth * channels)
        for y in 0..<newHeight {
            let taps = vertical.taps(y)
            for x in 0..<newWidth {
                for c in 0..<channels {
                    var total: Float = 0
                    for (index, weight) in taps { total += weight * rows[(index * newWidth + x) * channels + c] }
                    out[(y * newWidth + x) * channels + c] = UInt8(max(0, min(255, total.rounded())))
                }
            }
        }
        return DecodedImage(validatedWidth: newWidth, height: newHeight, channels: channels, pixels: out)
    }
}

/// For each output position along one axis: the input positions and normalised weights of a
/// triangle filter centred on it (support widened by the reduction factor).
private struct ResampleTaps {
    let starts: [Int]
    let weights: [[Float]]

    init(from input: Int, to output: Int) {
        let scale = Double(input) / Double(output)
        let support = max(1, scale)
        var starts: [Int] = [], weights: [[Float]] = []
        for i in 0..<output {
            let centre = (Double(i) + 0.5) * scale
            let first = max(0, Int((centre - support).rounded(.down)))
            let last = min(input - 1, Int((centre + support).rounded(.up)))
            var row: [Double] = []
            for j in first...last { row.append(max(0, 1 - abs(Double(j) + 0.5 - centre) / support)) }
            let sum = row.reduce(0, +)
            starts.append(first)
            weights.append(row.map { Float(sum > 0 ? $0 / sum : 1 / Double(row.count)) })
        }
        self.starts = starts
        self.weights = weights
    }

    func taps(_ i: Int) -> [(Int, Float)] {
        weights[i].enumerated().map { (starts[i] + $0.offset, $0.element) }
    }
}
