/// Categorical colours for classes, domains and series.
public enum Palette {
    /// Tableau 10 (2016 revision): blue, orange, red, teal, green, yellow, purple, pink, brown,
    /// gray; designed to stay distinguishable under the common colour-vision deficiencies.
    public static let tableau10: [Color] = [
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
        0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
    ].map { Color(hex: $0) }

    /// Colour number `index` of `palette`, for any index: past the end the colours repeat,
    /// alternately darkened and lightened so that categories 0 and 10 still differ.
    public static func color(_ index: Int, in palette: [Color] = tableau10) -> Color {
        guard !palette.isEmpty else { return .black }
        let i = max(index, 0)
        let base = palette[i % palette.count], cycle = i / palette.count
        if cycle == 0 { return base }
        let strength = min(0.25 * Double((cycle + 1) / 2), 0.6)
        return base.mixed(with: (cycle % 2 == 1 ? Color.black : .white).withAlpha(base.opacity), amount: strength)
    }
}
