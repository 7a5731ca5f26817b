import SeededRandom
import Testing
import EmbeddingAnalysis

@Suite struct LinearSVMTests {
    @Test(arguments: [LinearSVM.Loss.squaredHinge, .hinge])
    func separatesLinearlySeparableData(loss: LinearSVM.Loss) throws {
        // Labels given by a hyperplane with a margin, in 4-D, with an offset (needs the bias).
        var generator = SplitMix64(seed: 21)
        let normal: [Double] = [1, -2, 0.5, 1.5]
        var values: [Float] = []
        var labels: [Bool] = []
        while labels.count < 200 {
            let x = (0..<4).map { _ in 3 * generator.nextGaussian() + 10 }
            let margin = TestData.dot(x, normal) - 5
            if abs(margin) < 1 { continue }
            values.append(contentsOf: x.map(Float.init))
            labels.append(margin > 0)
        }
        let data = try FeatureMatrix(rows: 200, columns: 4, values: values)
        let model = try LinearSVM.fit(data, labels: labels,
                                      configuration: .init(c: 100, loss: loss))
        #expect(model.errorRate(data, labels: labels) == 0)
        #expect(model.predict(data) == labels)
        let cosine = TestData.dot(model.weights, normal)
            / (TestData.dot(model.weights, model.weights).squareRoot() * TestData.dot(normal, normal).squareRoot())
        #expect(cosine > 0.95)

        let again = try LinearSVM.fit(data, labels: labels,
                                      configuration: .init(c: 100, loss: loss))
        #expect(again.weights == model.weights && again.bias == model.bias)
    }

    @Test func randomLabelsGiveChanceLevelError() throws {
        let train = TestData.gaussian(rows: 300, columns: 5, seed: 31)
        let test = TestData.gaussian(rows: 300, columns: 5, seed: 32)
        var generator = SplitMix64(seed: 33)
        let trainLabels = (0..<300).map { _ in generator.next() & 1 == 1 }
        let testLabels = (0..<300).map { _ in generator.next() & 1 == 1 }
        let model = try LinearSVM.fit(train, labels: trainLabels, configuration: .init(c: 1))
        let trainError = model.errorRate(train, labels: trainLabels)
        let testError = model.errorRate(test, labels: testLabels)
        #expect(trainError > 0.3 && trainError < 0.6)
        #expect(testError > 0.4 && testError < 0.6)
    }

    @Test func integerLabelsAndValidation() throws {
        let data = try FeatureMatrix(rowVectors: [[0], [1], [4], [5]])
        let model = try LinearSVM.fit(data, labels: [0, 0, 1, 1])
        #expect(model.predict(data) == [false, false, true, true])
        #expect(model.decision(data)[0] < 0 && model.decision(data)[3] > 0)
        #expect(throws: EmbeddingAnalysisError.invalidLabel(index: 1, value: 2)) {
            try LinearSVM.fit(data, labels: [0, 2, 1, 1])
        }
        #expect(throws: EmbeddingAnalysisError.self) { try LinearSVM.fit(data, labels: [true]) }
        #expect(throws: EmbeddingAnalysisError.self) {
            try LinearSVM.fit(data, labels: [0, 0, 1, 1], configuration: .init(c: 0))
        }
    }
}

@Suite struct SparseLinearSVMTests {
    /// Sparse rows reach liblinear as their stored entries: the same fit as the dense rows unstandardised.
    @Test func sparseFitEqualsTheDenseFit() throws {
        let dense: [Float] = [1, 0, 2, 0, 0, 3, 0, 1, 2, 0, 0, 0, 0, 1, 0, 4]
        let labels = [true, false, true, false]
        let configuration = LinearSVM.Configuration(c: 0.5, standardizeFeatures: false)
        let viaDense = try LinearSVM.fit(FeatureMatrix(rows: 4, columns: 4, values: dense), labels: labels, configuration: configuration)
        var offsets = [0], columns: [Int32] = [], values: [Float] = []
        for row in 0..<4 {
            for column in 0..<4 where dense[row * 4 + column] != 0 { columns.append(Int32(column)); values.append(dense[row * 4 + column]) }
            offsets.append(columns.count)
        }
        let viaSparse = try LinearSVM.fit(rowOffsets: offsets, columnIndices: columns, values: values, dimension: 4, labels: labels, configuration: configuration)
        #expect(zip(viaSparse.weights, viaDense.weights).allSatisfy { abs($0 - $1) < 1e-9 } && abs(viaSparse.bias - viaDense.bias) < 1e-9)
        #expect(zip(viaSparse.decision(rowOffsets: offsets, columnIndices: columns, values: values), labels).allSatisfy { ($0 > 0) == $1 })
    }
}
