import SeededRandom
/// Builds an MNIST-M-style dataset with the published recipe (Ganin & Lempitsky, 2015):
/// each grayscale digit is zero-padded (centred) to `padTo × padTo`, a random
/// `padTo × padTo` patch is cut from a randomly chosen colour photo, and the output
/// pixel is `|digit − patch|` for every channel.
///
/// The result is RGB, keeps the digits' labels and class count, and is fully
/// determined by `seed` (SplitMix64; the same seed gives the same dataset everywhere).
///
/// - Throws: `DataError.invalidArgument` if the digits are not grayscale, larger than
///   `padTo`, there are no photos, or a photo is smaller than `padTo × padTo`.
public func buildMNISTMStyle(digits: ImageDataset, photos: [DecodedImage], seed: UInt64,
                             padTo size: Int = 32, name: String = "mnist-m-style") throws -> ImageDataset {
    guard digits.channels == 1 else {
        throw DataError.invalidArgument("\(digits.name): MNIST-M builder needs grayscale digits, got \(digits.channels) channels")
    }
    guard size >= digits.height, size >= digits.width else {
        throw DataError.invalidArgument("\(digits.name): digits are \(digits.height)x\(digits.width), larger than the \(size)x\(size) output")
    }
    guard !photos.isEmpty else {
        throw DataError.invalidArgument("MNIST-M builder needs at least one background photo")
    }
    if let small = photos.firstIndex(where: { $0.width < size || $0.height < size }) {
        throw DataError.invalidArgument("background photo #\(small) is \(photos[small].width)x\(photos[small].height), smaller than the \(size)x\(size) patch")
    }
    let rgbPhotos = photos.map { $0.toRGB() }

    // The padded digit canvas, reused for every image.
    let top = (size - digits.height) / 2
    let left = (size - digits.width) / 2
    var canvas = [UInt8](repeating: 0, count: size * size)
    let outSize = size * size * 3
    var output = [UInt8](repeating: 0, count: digits.count * outSize)
    var rng = SplitMix64(seed: seed)

    digits.pixels.withUnsafeBufferPointer { source in
        output.withUnsafeMutableBufferPointer { out in
            canvas.withUnsafeMutableBufferPointer { canvas in
                for index in 0..<digits.count {
                    let digit = index * digits.height * digits.width
                    for y in 0..<digits.height {
                        for x in 0..<digits.width {
                            canvas[(top + y) * size + left + x] = source[digit + y * digits.width + x]
                        }
                    }
                    let photo = rgbPhotos[rng.next(below: rgbPhotos.count)]
                    let px = rng.next(below: photo.width - size + 1)
                    let py = rng.next(below: photo.height - size + 1)
                    photo.pixels.withUnsafeBufferPointer { patch in
                        let base = index * outSize
                        for y in 0..<size {
                            let row = ((py + y) * photo.width + px) * 3
                            for x in 0..<size {
                                let d = Int(canvas[y * size + x])
                                let o = base + (y * size + x) * 3
                                for c in 0..<3 {
                                    out[o + c] = UInt8(abs(d - Int(patch[row + x * 3 + c])))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return ImageDataset(unchecked: name, height: size, width: size, channels: 3,
                        pixels: output, labels: digits.labels, classCount: digits.classCount)
}
