import CPNG
import Foundation
import Plotting

/// Decodes PNG bytes with libpng's simplified API, for checking what cairo encodes.
struct DecodedPNG {
    var width: Int
    var height: Int
    var channels: Int
    var pixels: [UInt8]
}

enum PNGDecodeError: Error {
    case header(String)
    case body(String)
}

/// Decodes `data` into 8-bit pixels with `channels` channels (1 gray, 2 gray+alpha,
/// 3 RGB, 4 RGBA), converting if the file's layout differs.
func decodePNG(_ data: [UInt8], channels: Int) throws -> DecodedPNG {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    let began = data.withUnsafeBytes { raw in
        png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
    }
    guard began != 0 else { throw PNGDecodeError.header(message(of: image)) }
    // PNG_FORMAT_FLAG_ALPHA = 1, PNG_FORMAT_FLAG_COLOR = 2.
    let formats: [Int: UInt32] = [1: 0, 2: 1, 3: 2, 4: 3]
    image.format = formats[channels]!
    let width = Int(image.width), height = Int(image.height)
    var pixels = [UInt8](repeating: 0, count: width * height * channels)
    let finished = pixels.withUnsafeMutableBytes { raw in
        png_image_finish_read(&image, nil, raw.baseAddress, 0, nil)
    }
    guard finished != 0 else { throw PNGDecodeError.body(message(of: image)) }
    png_image_free(&image)
    return DecodedPNG(width: width, height: height, channels: channels, pixels: pixels)
}

private func message(of image: png_image) -> String {
    var copy = image.message
    return withUnsafeBytes(of: &copy) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// Where the example figures go (not part of the repository).
let exampleDirectory = NSTemporaryDirectory() + "plot-examples"

extension DecodedPNG {
    /// The RGB colour at column `x`, row `y` (a 3-channel decode).
    subscript(x: Int, y: Int) -> Color {
        let i = (y * width + x) * channels
        return Color(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
    }

    /// Every colour in the image.
    var colors: Set<Color> {
        var set = Set<Color>()
        for y in 0..<height { for x in 0..<width { set.insert(self[x, y]) } }
        return set
    }
}

/// `chart` rendered as PNG and decoded to RGB.
func renderedPixels(_ chart: some Chart, width: Int? = nil, height: Int? = nil) throws -> DecodedPNG {
    try decodePNG(chart.pngData(width: width, height: height), channels: 3)
}
