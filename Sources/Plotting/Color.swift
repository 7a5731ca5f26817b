/// An 8-bit sRGB colour with straight (not premultiplied) alpha.
public struct Color: Sendable, Hashable, CustomStringConvertible {
    /// Red, 0–255.
    public var red: UInt8
    /// Green, 0–255.
    public var green: UInt8
    /// Blue, 0–255.
    public var blue: UInt8
    /// Opacity, 0 (transparent) – 255 (opaque).
    public var alpha: UInt8

    /// Creates a colour from 8-bit components.
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// Creates a colour from a `0xRRGGBB` value, e.g. `Color(hex: 0x4E79A7)`.
    public init(hex: UInt32, alpha: UInt8 = 255) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF),
                  alpha: alpha)
    }

    /// Opaque white.
    public static let white = Color(hex: 0xFFFFFF)
    /// Opaque black.
    public static let black = Color(hex: 0x000000)

    /// Opacity in 0…1.
    public var opacity: Double { Double(alpha) / 255 }

    /// The same colour with opacity `opacity` (0…1, clamped).
    public func withAlpha(_ opacity: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: Color.byte(opacity))
    }

    /// Linear interpolation of all four channels towards `other`: `amount` 0 gives `self`, 1 gives `other`.
    public func mixed(with other: Color, amount: Double) -> Color {
        let t = amount.isNaN ? 0 : min(max(amount, 0), 1)
        func lerp(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return Color(red: lerp(red, other.red), green: lerp(green, other.green), blue: lerp(blue, other.blue),
                     alpha: lerp(alpha, other.alpha))
    }

    /// `#RRGGBB`, or `#RRGGBBAA` when not opaque.
    public var description: String {
        let digits = Array("0123456789ABCDEF")
        let bytes = alpha == 255 ? [red, green, blue] : [red, green, blue, alpha]
        return "#" + String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }

    /// `value` in 0…1 as a byte (NaN gives 0).
    static func byte(_ value: Double) -> UInt8 {
        value.isNaN ? 0 : UInt8((min(max(value, 0), 1) * 255).rounded())
    }
}
