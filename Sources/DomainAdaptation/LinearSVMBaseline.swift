import DomainData
import EmbeddingAnalysis

/// The DANN paper's SVM column: a linear SVM (liblinear, squared hinge, as scikit-learn's
/// `LinearSVC`) trained on the labeled source's raw sparse features, its C chosen by accuracy on
/// a held-out share of the source training set (the split early stopping uses), scored on the
/// target test set. No target data is used for training or choosing.
public enum LinearSVMBaseline {
    /// The C values tried: 10⁻⁴ … 10².
    public static let defaultCGrid: [Double] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100]

    /// What the baseline chose and scored.
    public struct Result: Sendable, Codable, Equatable {
        /// C values tried, with the source validation accuracy of each.
        public var cGrid: [Double]
        /// Source validation accuracy of each C.
        public var validationAccuracies: [Double]
        /// The chosen C (best validation accuracy; the smaller C on a tie).
        public var chosenC: Double
        /// Source training samples used, and held out.
        public var trainingCount: Int
        /// Source samples held out for choosing C.
        public var validationCount: Int
        /// The split's rule (share and seed).
        public var split: EarlyStopping
        /// Accuracy of the chosen SVM on the source test set, if there is one.
        public var sourceTestAccuracy: Double?
        /// Accuracy on the target test set, if there is one: the reported number.
        public var targetTestAccuracy: Double?
    }

    /// Trains on `source` (binary labels) and scores the chosen SVM on the test sets.
    public static func run(source: SparseDataset, sourceTest: SparseDataset?, targetTest: SparseDataset?,
                           split rule: EarlyStopping = EarlyStopping(), cGrid: [Double] = defaultCGrid) throws -> Result {
        guard let labels = source.labels, Set(labels).isSubset(of: [0, 1]) else {
            throw TrainingError.incompatibleDomains("the linear SVM baseline needs binary source labels (−1/+1 or 0/1)")
        }
        guard !cGrid.isEmpty, cGrid.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw TrainingError.invalidConfiguration("C values must be positive") }
        let (trainingRows, validationRows) = rule.split(count: source.count)
        let training = source.rows(trainingRows), validation = source.rows(validationRows)
        func fit(_ c: Double) throws -> LinearSVM {
            try LinearSVM.fit(rowOffsets: training.rowOffsets, columnIndices: training.columnIndices, values: training.values,
                              dimension: source.featureCount, labels: training.labels!.map { $0 == 1 }, configuration: .init(c: c))
        }
        func accuracy(_ svm: LinearSVM, on data: SparseDataset) -> Double? {
            guard let labels = data.labels, data.count > 0 else { return nil }
            let widened = (try? data.widened(to: source.featureCount)) ?? data
            let decisions = svm.decision(rowOffsets: widened.rowOffsets, columnIndices: widened.columnIndices, values: widened.values)
            return Double(zip(decisions, labels).filter { ($0 > 0) == ($1 == 1) }.count) / Double(labels.count)
        }
        var accuracies: [Double] = [], best: (accuracy: Double, svm: LinearSVM)?
        for c in cGrid.sorted() {
            let svm = try fit(c)
            let score = accuracy(svm, on: validation) ?? 0
            accuracies.append(score)
            if best == nil || score > best!.accuracy { best = (score, svm) }
        }
        let chosen = best!.svm
        return Result(cGrid: cGrid.sorted(), validationAccuracies: accuracies, chosenC: chosen.configuration.c, trainingCount: training.count,
                      validationCount: validation.count, split: rule, sourceTestAccuracy: sourceTest.flatMap { accuracy(chosen, on: $0) },
                      targetTestAccuracy: targetTest.flatMap { accuracy(chosen, on: $0) })
    }
}
