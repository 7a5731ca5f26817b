import Foundation
import Plotting

/// JMLR Figure 3's picture: for each domain pair, the proxy A-distance of the inputs (x) against
/// that of a model's features (y), one colour per model (e.g. DANN and the source-only network).
/// Points under the diagonal are pairs the model's features bring closer together than the inputs.
public struct ProxyADistanceFigure: Sendable {
    /// One domain pair's distances.
    public struct Pair: Sendable, Equatable {
        /// `source → target`, as given.
        public var name: String
        /// The distance of the inputs.
        public var inputs: Double
        /// Each model's distance, by the model's name (its method).
        public var models: [(name: String, distance: Double)]

        /// A pair's distances.
        public init(name: String, inputs: Double, models: [(name: String, distance: Double)]) {
            self.name = name
            self.inputs = inputs
            self.models = models
        }

        /// Equal names, input distances and model distances, in order.
        public static func == (a: Pair, b: Pair) -> Bool {
            a.name == b.name && a.inputs == b.inputs && a.models.map(\.name) == b.models.map(\.name)
                && a.models.map(\.distance) == b.models.map(\.distance)
        }
    }

    /// The pairs, in the order given.
    public var pairs: [Pair]

    /// A figure of `pairs`.
    public init(pairs: [Pair]) { self.pairs = pairs }

    /// The models' names, in order of first appearance: the colours and the table's columns.
    public var modelNames: [String] {
        var names: [String] = []
        for pair in pairs { for model in pair.models where !names.contains(model.name) { names.append(model.name) } }
        return names
    }

    /// The scatter plot: both axes 0 … 2, the range of the distance.
    public func chart(title: String = "Proxy A-distance: inputs against features") -> ScatterPlot {
        let names = modelNames
        var x: [Double] = [], y: [Double] = [], colors: [Int] = []
        for pair in pairs {
            for model in pair.models {
                x.append(pair.inputs)
                y.append(model.distance)
                colors.append(names.firstIndex(of: model.name)!)
            }
        }
        var points = ScatterPoints(x: x, y: y, colorCategory: colors, colorNames: names)
        points.colorTitle = "features of"
        points.size = 9
        var plot = ScatterPlot(title: title, xLabel: "PAD of the inputs", yLabel: "PAD of the features", points: points)
        plot.xAxis.range = 0...2
        plot.yAxis.range = 0...2
        return plot
    }

    /// A Markdown table: one row per pair, one column per model.
    public func markdownTable() -> String {
        let names = modelNames
        var lines = ["| pair | inputs | " + names.joined(separator: " | ") + " |",
                     "|---|---|" + String(repeating: "---|", count: names.count)]
        for pair in pairs {
            let cells = names.map { name in pair.models.first { $0.name == name }.map { String(format: "%.3f", $0.distance) } ?? "–" }
            lines.append("| \(pair.name) | " + String(format: "%.3f", pair.inputs) + " | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
