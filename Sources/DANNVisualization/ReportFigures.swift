import Foundation

/// The pictures of a report, grouped by kind (one file name without extension, as `learning-curves`), so that each
/// kind becomes one row with every run's picture in that run's column.
struct ReportFigureKind: Equatable {
    /// The file name without extension.
    var name: String
    /// A short title (`Learning curves`).
    var title: String
    /// What the picture shows.
    var caption: String

    /// The pictures `dann train`, `dann embed` and `dann demo` write, in the order the report shows them:
    /// learning curves first, then the feature embeddings, then the rest.
    static let known: [ReportFigureKind] = [
        ReportFigureKind(
            name: "learning-curves", title: "Learning curves",
            caption: "Over the training steps: the training losses; the domain classifier's batch accuracy (DANN; source-only "
                + "trains one that does not reach the extractor) or the discrepancy term (DDC, DAN, Deep CORAL); the source and target test accuracies (dashed: of the averaged "
                + "weights); and the λ and learning-rate schedules."),
        ReportFigureKind(
            name: "embedding-tsne", title: "t-SNE of the features",
            caption: "t-SNE of the feature extractor's output on evenly spaced source and target test samples (up to "
                + "--embedding-samples per domain): left coloured by domain, right coloured by class with source as "
                + "circles and target as triangles."),
        ReportFigureKind(
            name: "embedding-pca", title: "PCA of the features",
            caption: "The first two principal components of the same features on the same samples: left coloured by "
                + "domain, right coloured by class with source as circles and target as triangles."),
        ReportFigureKind(
            name: "baseline-embedding-tsne", title: "t-SNE of the compared model's features",
            caption: "As the t-SNE above, for the checkpoint given to --compare-with, on the same samples."),
        ReportFigureKind(
            name: "baseline-embedding-pca", title: "PCA of the compared model's features",
            caption: "As the PCA above, for the checkpoint given to --compare-with, on the same samples."),
        ReportFigureKind(
            name: "two-moons-dann", title: "Two moons: DANN",
            caption: "DANN on the pictured seed (the median by target accuracy): (a) its label decision boundary over "
                + "the source (labeled) and target points, (b) PCA of its hidden layer, (c) its domain classifier's "
                + "boundary, (d) the lines of its hidden neurons."),
        ReportFigureKind(
            name: "two-moons-plain-network", title: "Two moons: plain network",
            caption: "The same four panels for the network trained on the source alone, on the same seed."),
    ]

    /// The known kind of `name`, or one captioned by its file name.
    init(name: String) {
        self = Self.known.first { $0.name == name } ?? ReportFigureKind(name: name, title: name, caption: "")
    }

    init(name: String, title: String, caption: String) {
        self.name = name
        self.title = title
        self.caption = caption
    }
}

extension RunReport {
    /// One row of pictures: the kind, and each run's picture files of that kind (PNG and/or SVG; empty where the run
    /// has none).
    struct FigureRow {
        var kind: ReportFigureKind
        var files: [[String]]
    }

    /// Every kind of picture any run has, known kinds first in their order, then the others by name.
    var figureRows: [FigureRow] {
        func base(_ file: String) -> String { (file as NSString).deletingPathExtension }
        let names = Set(runs.flatMap { $0.pictures.map(base) })
        let knownNames = ReportFigureKind.known.map(\.name).filter(names.contains)
        let ordered = knownNames + names.subtracting(knownNames).sorted()
        return ordered.map { name in
            FigureRow(kind: ReportFigureKind(name: name), files: runs.map { run in run.pictures.filter { base($0) == name } })
        }
    }
}
