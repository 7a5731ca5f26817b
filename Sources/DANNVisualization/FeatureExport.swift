import EmbeddingAnalysis

/// Feature vectors as files other tools read: CSV with domain and label columns, or a NumPy `.npy` array.
public enum FeatureExport {
    /// The formats, by file extension.
    public enum Format: String, CaseIterable, Sendable {
        case csv, npy

        /// The format of `path` by its extension (any case), or nil.
        public init?(path: String) {
            guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
            self.init(rawValue: path[path.index(after: dot)...].lowercased())
        }
    }

    /// `domain,label,f0,f1,…`: one row per sample, domain `source` or `target`, features in Float's shortest
    /// round-trip spelling.
    public static func csv(features: FeatureMatrix, domains: [Int], labels: [Int]) -> String {
        var text = "domain,label" + (0..<features.columns).map { ",f\($0)" }.joined() + "\n"
        for row in 0..<features.rows {
            text += domainName(domains[row]) + "," + String(labels[row])
            for column in 0..<features.columns { text += "," + String(features[row, column]) }
            text += "\n"
        }
        return text
    }

    /// `domain,label` per row of the `.npy` array, in the same order.
    public static func labelsCSV(domains: [Int], labels: [Int]) -> String {
        "domain,label\n" + zip(domains, labels).map { "\(domainName($0)),\($1)\n" }.joined()
    }

    /// The `domain,label` file beside a `.npy` export: `features.npy` → `features.labels.csv`.
    public static func labelsPath(besideNPY path: String) -> String {
        (Format(path: path) == .npy ? String(path.dropLast(4)) : path) + ".labels.csv"
    }

    /// `features` as a NumPy `.npy` file (format version 1.0): a little-endian float32 array of shape
    /// (rows, columns) in C order, loadable with `numpy.load`.
    public static func npy(_ features: FeatureMatrix) -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(features.rows), \(features.columns)), }"
        // Magic (6) + version (2) + length (2) + header, ending in a newline, padded to a multiple of 64 bytes so the
        // data is aligned, as NumPy writes it.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(header.utf8.count)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        bytes.reserveCapacity(bytes.count + 4 * features.values.count)
        for value in features.values {
            let bits = value.bitPattern
            bytes += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
        return bytes
    }

    static func domainName(_ domain: Int) -> String { domain == 0 ? "source" : "target" }
}
