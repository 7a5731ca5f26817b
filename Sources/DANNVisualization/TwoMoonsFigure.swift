import DomainAdaptation
import EmbeddingAnalysis
import Nabla
import NablaNN
import Plotting

/// The four panels of Ganin et al. (JMLR 2016, Fig. 2) for one trained two-moons network:
/// the label decision boundary over source and target points, the PCA of the hidden
/// representation coloured by domain, the domain classifier's boundary, and the hidden neurons'
/// lines over the data.
public enum TwoMoonsFigure {
    public static func render(network: AdaptationNetwork, domains: TwoMoonsExperiment.Domains,
                              title: String) throws -> Figure {
        let source = domains.source.data.scalars, target = domains.target.data.scalars
        let all = source + target
        let xs = stride(from: 0, to: all.count, by: 2).map { Double(all[$0]) }
        let ys = stride(from: 1, to: all.count, by: 2).map { Double(all[$0]) }
        let pad = 0.4
        let xRange = (xs.min()! - pad)...(xs.max()! + pad), yRange = (ys.min()! - pad)...(ys.max()! + pad)
        let sourceCount = source.count / 2
        let labels = (domains.source.labels ?? []) + domains.targetLabels
        let domainOfPoint = [Int](repeating: 0, count: sourceCount) + [Int](repeating: 1, count: target.count / 2)
        var points = ScatterPoints(x: xs, y: ys, colorCategory: labels, colorNames: ["class 0", "class 1"],
                                   markerCategory: domainOfPoint, markerNames: ["source (labeled)", "target (unlabeled)"])
        points.size = 6

        network.setTraining(false)
        defer { network.setTraining(true) }
        let resolution = 120
        let grid = ScalarField.gridPoints(xRange: xRange, yRange: yRange, columns: resolution, rows: resolution)
        let gridInputs = Tensor(shape: [grid.x.count, 2], scalars: zip(grid.x, grid.y).flatMap { [Float($0), Float($1)] })
        let (classProbability, domainProbability) = withoutGradients { () -> ([Double], [Double]) in
            let features = network.features(gridInputs)
            let classLogits = network.labelPredictor(features), domainLogits = DANN.domainClassifier(of: network)(features)
            let classOne = classLogits.softmax().slice(alongAxis: 1, 1..<2).scalars.map(Double.init)
            return (classOne, domainLogits.sigmoid().scalars.map(Double.init))
        }

        var labelPanel = DecisionBoundaryPlot(title: "Label classification", xLabel: "x₁", yLabel: "x₂",
            field: ScalarField(xRange: xRange, yRange: yRange, columns: resolution, rows: resolution, values: classProbability),
            points: points)
        labelPanel.contourLabel = "label boundary"

        var domainPoints = points
        domainPoints.colorCategory = domainOfPoint
        domainPoints.colorNames = ["source", "target"]
        domainPoints.markerCategory = nil
        var domainPanel = DecisionBoundaryPlot(title: "Domain classification", xLabel: "x₁", yLabel: "x₂",
            field: ScalarField(xRange: xRange, yRange: yRange, columns: resolution, rows: resolution, values: domainProbability),
            points: domainPoints)
        domainPanel.shading = .twoClass(negative: Palette.tableau10[2], positive: Palette.tableau10[3])
        domainPanel.contourLabel = "domain boundary"

        let hidden = withoutGradients { network.features(Tensor(shape: [xs.count, 2], scalars: all)) }
        let width = hidden.shape[1]
        let matrix = try FeatureMatrix(rows: xs.count, columns: width, values: hidden.scalars)
        let projected = try PCA.fit(matrix, componentCount: 2).transform(matrix)
        var pcaPoints = domainPoints
        pcaPoints.x = (0..<xs.count).map { Double(projected[$0, 0]) }
        pcaPoints.y = (0..<xs.count).map { Double(projected[$0, 1]) }
        pcaPoints.colorCategory = labels
        pcaPoints.colorNames = ["class 0", "class 1"]
        pcaPoints.markerCategory = domainOfPoint
        pcaPoints.markerNames = ["source", "target"]
        let pcaPanel = ScatterPlot(title: "PCA of the hidden layer", xLabel: "component 1", yLabel: "component 2", points: pcaPoints)

        // Hidden unit i is the line w_i · x + b_i = 0 of the extractor's first layer.
        var neuronPanel = DecisionBoundaryPlot(title: "Hidden neurons", xLabel: "x₁", yLabel: "x₂", points: points)
        neuronPanel.xAxis.range = xRange
        neuronPanel.yAxis.range = yRange
        if let layer = network.featureExtractor.layers.first as? Linear {
            let w = layer.weight.value.scalars, b = layer.bias?.value.scalars ?? []
            neuronPanel.lines = (0..<layer.outputSize).map { i in
                ImplicitLine(a: Double(w[2 * i]), b: Double(w[2 * i + 1]), c: Double(b.isEmpty ? 0 : b[i]),
                             color: Color(hex: 0x444444), width: 1.2)
            }
        }
        var figure = Figure(rows: 2, columns: 2, title: title, panels: [labelPanel, pcaPanel, domainPanel, neuronPanel])
        figure.panelLabels = true
        return figure
    }
}
