/// Categorical colour palettes for distinguishing classes, domains and series.
///
/// The default, ``tableau10``, is Tableau's 2016 palette, designed to stay
/// distinguishable for the common forms of colour-vision deficiency.
public enum Palette {
    /// Tableau 10 (2016 revision): blue, orange, red, teal, green, yellow, purple,
    /// pink, brown, gray.
    public static let tableau10: [Color] = [
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
        0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
    ].map { Color(hex: $0) }

    /// Matplotlib's `tab10` (the classic Tableau 10).
    public static let tab10: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { Color(hex: $0) }

    /// Okabe & Ito's eight colours, safe for all common colour-vision deficiencies.
    public static let okabeIto: [Color] = [
        0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x000000,
    ].map { Color(hex: $0) }

    /// Colour number `index` of `palette`, for any non-negative index.
    ///
    /// Past the end of the palette the colours repeat, alternately lightened and
    /// darkened so that categories 0 and 10 (say) still differ.
    public static func color(_ index: Int, in palette: [Color] = tableau10) -> Color {
        guard !palette.isEmpty else { return .black }
        let i = max(index, 0)
        let base = palette[i % palette.count]
        let cycle = i / palette.count
        if cycle == 0 { return base }
        let strength = min(0.25 * Double((cycle + 1) / 2), 0.6)
        return cycle % 2 == 1 ? base.darkened(strength) : base.lightened(strength)
    }
}
