import CLinear

extension LinearSVM {
    /// Trains on sparse rows (CSR: `rowOffsets`, 0-based `columnIndices`, `values`) of
    /// `dimension` features, used as they are: only the stored entries reach liblinear (word
    /// counts stay sparse; standardising would make them dense), so `configuration.standardizeFeatures`
    /// is ignored.
    public static func fit(rowOffsets: [Int], columnIndices: [Int32], values: [Float], dimension: Int, labels: [Bool],
                           configuration: Configuration = Configuration()) throws -> LinearSVM {
        let count = rowOffsets.count - 1
        guard count >= 1 else { throw EmbeddingAnalysisError.insufficientSamples(required: 1, actual: max(count, 0)) }
        guard labels.count == count else { throw EmbeddingAnalysisError.dimensionMismatch(expected: count, actual: labels.count) }
        guard configuration.c > 0, configuration.c.isFinite, configuration.tolerance > 0, configuration.biasScale > 0, configuration.biasScale.isFinite else {
            throw EmbeddingAnalysisError.invalidParameter("C, tolerance and biasScale must be positive and finite")
        }
        var nodes: [feature_node] = [], starts: [Int] = []
        nodes.reserveCapacity(values.count + 2 * count)
        for row in 0..<count {
            starts.append(nodes.count)
            for entry in rowOffsets[row] ..< rowOffsets[row + 1] {
                nodes.append(feature_node(index: columnIndices[entry] + 1, value: Double(values[entry])))
            }
            nodes.append(feature_node(index: Int32(dimension + 1), value: configuration.biasScale))
            nodes.append(feature_node(index: -1, value: 0))
        }
        let (weights, biasWeight, converged) = Liblinear.train(nodes: nodes, rowStarts: starts, labels: labels, dimension: dimension, configuration: configuration)
        return LinearSVM(weights: weights, bias: biasWeight * configuration.biasScale, converged: converged, configuration: configuration)
    }

    /// Decision values of sparse rows (CSR, as for ``fit(rowOffsets:columnIndices:values:dimension:labels:configuration:)``).
    public func decision(rowOffsets: [Int], columnIndices: [Int32], values: [Float]) -> [Double] {
        (0 ..< rowOffsets.count - 1).map { row in
            (rowOffsets[row] ..< rowOffsets[row + 1]).reduce(bias) { $0 + weights[Int(columnIndices[$1])] * Double(values[$1]) }
        }
    }
}
