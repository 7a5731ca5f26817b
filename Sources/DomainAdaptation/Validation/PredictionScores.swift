import Foundation

/// Label-free scores of a model's predicted class probabilities on unlabelled target samples
/// (one row of probabilities per sample). Each is cheap and needs no retraining; how well they
/// choose models is measured in docs/validation.md.
public enum PredictionScores {
    /// Mean Shannon entropy (nats) of the rows: confident predictions score low. Lower is better.
    public static func entropy(_ probabilities: [[Float]]) -> Double {
        guard !probabilities.isEmpty else { return .nan }
        return probabilities.reduce(0) { $0 + rowEntropy($1) } / Double(probabilities.count)
    }

    /// Information maximisation: H(mean prediction) − mean H(prediction), high when each sample is
    /// predicted confidently and the classes are used evenly (Shi & Sha 2012; Liang et al. 2020).
    /// Higher is better.
    public static func informationMaximization(_ probabilities: [[Float]]) -> Double {
        guard let classes = probabilities.first?.count else { return .nan }
        var mean = [Double](repeating: 0, count: classes)
        for row in probabilities { for (k, p) in row.enumerated() { mean[k] += Double(p) / Double(probabilities.count) } }
        return rowEntropy(mean) - entropy(probabilities)
    }

    /// Soft neighbourhood density (Saito et al. 2021): the rows are L2-normalised, each row's
    /// similarities to the other rows, divided by the temperature, go through a softmax, and the
    /// score is the mean entropy of those neighbour distributions: high when predictions form
    /// dense clusters. Higher is better. Quadratic in the number of rows.
    public static func softNeighborhoodDensity(_ probabilities: [[Float]], temperature: Double = 0.05) -> Double {
        let n = probabilities.count
        guard n > 1 else { return .nan }
        let normalized = probabilities.map { row -> [Double] in
            let norm = row.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            return row.map { norm > 0 ? Double($0) / norm : 0 }
        }
        var total = 0.0
        var logits = [Double](repeating: 0, count: n - 1)
        for i in 0..<n {
            var slot = 0
            for j in 0..<n where j != i {
                logits[slot] = zip(normalized[i], normalized[j]).reduce(0) { $0 + $1.0 * $1.1 } / temperature
                slot += 1
            }
            // Entropy of softmax(logits), computed stably: H = log Σe^(z−m) − Σ e^(z−m)(z−m) / Σe^(z−m).
            let maximum = logits.max()!
            var sum = 0.0, weighted = 0.0
            for z in logits { let e = exp(z - maximum); sum += e; weighted += e * (z - maximum) }
            total += log(sum) - weighted / sum
        }
        return total / Double(n)
    }

    static func rowEntropy<P: BinaryFloatingPoint>(_ row: [P]) -> Double {
        row.reduce(0) { sum, p in p > 0 ? sum - Double(p) * log(Double(p)) : sum }
    }
}
