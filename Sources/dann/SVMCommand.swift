import ArgumentParser
import DomainAdaptation
import DomainData
import Foundation

/// `dann svm`: the paper's linear SVM baseline on raw sparse features.
struct SVMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svm",
        abstract: "Linear SVM baseline (liblinear) on svmlight domains: trains on the source's raw features, chooses C on a held-out 10% of the source, reports target test accuracy.")

    @Option(help: "Labeled source domain: svmlight file, folder or NAME_train–NAME_test prefix (e.g. amazon-reviews/books).") var source: String
    @Option(help: "Target domain (only its test split is used, to report accuracy).") var target: String
    @Option(help: "Data folder to search for named datasets.") var dataDir: String?
    @Option(help: "svmlight feature indices: 0- or 1-based (default: detected).") var indexBase: Int?
    @Option(help: "svmlight feature dimension (default: the largest index of either domain).") var features: Int?
    @Option(help: "C values to choose from, comma-separated.") var cGrid = LinearSVMBaseline.defaultCGrid.map { String($0) }.joined(separator: ",")
    @Option(help: "Share of the source training set held out for choosing C.") var validationShare = 0.1
    @Option(help: "Seed of the held-out rows.") var seed: UInt64 = 0
    @Option(help: "Write the result as JSON to this file.") var out: String?

    func run() throws {
        let grid = cGrid.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !grid.isEmpty, grid.allSatisfy({ ($0 ?? 0) > 0 && $0!.isFinite }) else { throw ValidationError("--c-grid must be positive numbers separated by commas, got '\(cGrid)'") }
        var rule = EarlyStopping(seed: seed)
        rule.validationFraction = validationShare
        if let problem = rule.validationProblem() { throw ValidationError("--validation-share: \(problem)") }
        let locator = DatasetLocator(dataDirectory: dataDir)
        let options = SVMLightOptions(indexBase: indexBase, featureCount: features)
        guard case .sparse(let sourceName, let sourceTrain, let sourceTest) = try DomainFiles.load(source, locator: locator, needsLabels: true, svmlight: options),
              case .sparse(let targetName, _, let targetTest) = try DomainFiles.load(target, locator: locator, needsLabels: false, svmlight: options) else {
            throw CommandFailure("dann svm takes svmlight domains (a .svmlight/.libsvm file, a folder with train.svmlight, or a NAME_train.svmlight prefix)")
        }
        let width = max(sourceTrain.featureCount, targetTest?.featureCount ?? 0)
        let result = try LinearSVMBaseline.run(source: sourceTrain.widened(to: width), sourceTest: sourceTest, targetTest: targetTest,
                                               split: rule, cGrid: grid.map { $0! })
        if let out { try writeJSON(result, to: out) }
        func format(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "none (no test split)" }
        print("svm \(sourceName) → \(targetName): C \(result.chosenC) (source validation accuracy \(format(result.validationAccuracies[result.cGrid.firstIndex(of: result.chosenC)!]))), source test accuracy \(format(result.sourceTestAccuracy)), target test accuracy \(format(result.targetTestAccuracy))")
    }
}
