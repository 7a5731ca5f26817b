/// An 8-bit sRGB colour with straight (non-premultiplied) alpha.
///
/// Colours are plain values: create them from components, from a `0xRRGGBB` literal
/// or from unit-interval doubles, and derive variants with ``withAlpha(_:)``,
/// ``mixed(with:amount:)``, ``lightened(_:)`` and ``darkened(_:)``.
public struct Color: Sendable, Hashable, CustomStringConvertible {
    /// Red component, 0–255.
    public var red: UInt8
    /// Green component, 0–255.
    public var green: UInt8
    /// Blue component, 0–255.
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
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF),
                  blue: UInt8(hex & 0xFF), alpha: alpha)
    }

    /// Creates a colour from components in 0…1 (values outside are clamped).
    public init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.init(red: Color.byte(r), green: Color.byte(g), blue: Color.byte(b), alpha: Color.byte(a))
    }

    /// Opaque white.
    public static let white = Color(hex: 0xFFFFFF)
    /// Opaque black.
    public static let black = Color(hex: 0x000000)
    /// Fully transparent black.
    public static let clear = Color(red: 0, green: 0, blue: 0, alpha: 0)
    /// Opaque mid gray.
    public static let gray = Color(hex: 0x808080)
    /// Opaque light gray.
    public static let lightGray = Color(hex: 0xD3D3D3)
    /// Opaque dark gray.
    public static let darkGray = Color(hex: 0x404040)
    /// Opaque pure red.
    public static let red = Color(hex: 0xFF0000)
    /// Opaque pure green.
    public static let green = Color(hex: 0x00FF00)
    /// Opaque pure blue.
    public static let blue = Color(hex: 0x0000FF)

    /// An opaque gray of the given level (0 = black, 1 = white).
    public static func gray(_ level: Double) -> Color {
        Color(r: level, g: level, b: level)
    }

    /// Opacity as a unit-interval double.
    public var opacity: Double { Double(alpha) / 255 }

    /// The same colour with opacity `opacity` (0…1).
    public func withAlpha(_ opacity: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: Color.byte(opacity))
    }

    /// Linear interpolation towards `other` (all four channels): `amount` 0 gives
    /// `self`, 1 gives `other`.
    public func mixed(with other: Color, amount: Double) -> Color {
        let t = amount.isNaN ? 0 : min(max(amount, 0), 1)
        func lerp(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return Color(red: lerp(red, other.red), green: lerp(green, other.green),
                     blue: lerp(blue, other.blue), alpha: lerp(alpha, other.alpha))
    }

    /// Mixes towards white by `amount` (0…1), keeping the alpha.
    public func lightened(_ amount: Double) -> Color {
        mixed(with: Color.white.withAlpha(opacity), amount: amount)
    }

    /// Mixes towards black by `amount` (0…1), keeping the alpha.
    public func darkened(_ amount: Double) -> Color {
        mixed(with: Color.black.withAlpha(opacity), amount: amount)
    }

    /// Relative luminance (Rec. 709 weights on sRGB values), 0…1; used to choose
    /// readable text colours on coloured backgrounds.
    public var luminance: Double {
        (0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue)) / 255
    }

    /// `#RRGGBB` or `#RRGGBBAA` when not opaque.
    public var description: String {
        let digits = Array("0123456789ABCDEF")
        var text = "#"
        for byte in alpha == 255 ? [red, green, blue] : [red, green, blue, alpha] {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    static func byte(_ value: Double) -> UInt8 {
        guard value.isFinite else { return value == .infinity ? 255 : 0 }
        return UInt8((min(max(value, 0), 1) * 255).rounded())
    }
}
