#if canImport(Glibc)
import Glibc
#endif

/// The mean softmax cross-entropy between `logits` and integer class `labels`.
///
/// Computed from log-softmax, so large logits are safe. With `labelSmoothing` ε the target is
/// `(1 − ε)` on the true class plus `ε / classCount` on every class. With `weights`, sample `i`
/// contributes `weights[i] · loss_i` and the mean divides by `Σ weights`.
/// - Parameters:
///   - logits: Unnormalised scores of shape `[batchSize, classCount]`.
///   - labels: Class indices in `0..<classCount`, one per row.
///   - labelSmoothing: ε in [0, 1): the share of the target spread evenly over the classes.
///   - weights: One non-negative weight per row (nil: all 1).
public func softmaxCrossEntropy(
    logits: Tensor, labels: [Int], labelSmoothing: Float = 0, weights: [Float]? = nil
) -> Tensor {
    precondition(logits.rank == 2, "softmaxCrossEntropy: logits must be [batch, classes], got shape \(logits.shape)")
    let (batch, classes) = (logits.shape[0], logits.shape[1])
    precondition(labels.count == batch, "softmaxCrossEntropy: \(labels.count) labels for logits of shape \(logits.shape)")
    precondition(labelSmoothing >= 0 && labelSmoothing < 1, "softmaxCrossEntropy: labelSmoothing must be in [0, 1), got \(labelSmoothing)")
    for label in labels {
        precondition(label >= 0 && label < classes, "softmaxCrossEntropy: label \(label) is outside 0..<\(classes) for logits of shape \(logits.shape)")
    }
    let sampleWeights = weights ?? [Float](repeating: 1, count: batch)
    precondition(sampleWeights.count == batch, "softmaxCrossEntropy: \(sampleWeights.count) weights for \(batch) samples")
    let weightTotal = sampleWeights.reduce(0, +)
    let normaliser: Float = weightTotal > 0 ? 1 / weightTotal : 0
    let offTarget = labelSmoothing / Float(classes), onTarget = 1 - labelSmoothing + offTarget

    // Log-probabilities are kept for the backward pass: d logits = w_i · (softmax − target) / Σw.
    let logProbabilities = logits.detached().logSoftmax()
    let loss = logProbabilities.withUnsafeBufferPointer { lp -> Float in
        var total: Double = 0
        for i in 0..<batch {
            var sample: Float = 0
            for j in 0..<classes { sample -= (j == labels[i] ? onTarget : offTarget) * lp[i * classes + j] }
            total += Double(sampleWeights[i] * sample)
        }
        return Float(total) * normaliser
    }
    return Tensor.recording(Tensor(loss), from: [logits], name: "softmaxCrossEntropy") { upstream in
        let scale = upstream.scalar * normaliser
        return [logProbabilities.withUnsafeBufferPointer { lp in
            Tensor.build(shape: [batch, classes]) { out in
                for i in 0..<batch {
                    for j in 0..<classes {
                        let target = j == labels[i] ? onTarget : offTarget
                        out[i * classes + j] = scale * sampleWeights[i] * (expf(lp[i * classes + j]) - target)
                    }
                }
            }
        }]
    }
}

/// The mean binary cross-entropy between `logits` and `targets` in `[0, 1]` (same shape).
///
/// Uses `max(x, 0) − x·t + log(1 + e^(−|x|))`, which is exact for large `|x|`. With `weights`
/// (one per scalar), the mean divides by `Σ weights`.
public func binaryCrossEntropy(logits: Tensor, targets: Tensor, weights: Tensor? = nil) -> Tensor {
    precondition(logits.shape == targets.shape, "binaryCrossEntropy: logits shape \(logits.shape) and targets shape \(targets.shape) differ")
    if let weights { precondition(weights.shape == logits.shape, "binaryCrossEntropy: weights shape \(weights.shape) and logits shape \(logits.shape) differ") }
    let count = logits.scalarCount
    let w = weights?.scalars ?? [Float](repeating: 1, count: count)
    let weightTotal = w.reduce(0, +)
    let normaliser: Float = weightTotal > 0 ? 1 / weightTotal : 0
    let x = logits.scalars, t = targets.scalars
    var total: Double = 0
    for i in 0..<count {
        total += Double(w[i] * (max(x[i], 0) - x[i] * t[i] + log1pf(expf(-abs(x[i])))))
    }
    let loss = Float(total) * normaliser
    let shape = logits.shape
    return Tensor.recording(Tensor(loss), from: [logits, targets], name: "binaryCrossEntropy") { upstream, needs in
        let scale = upstream.scalar * normaliser
        let dLogits = !needs[0] ? nil : Tensor.build(shape: shape) { out in
            for i in 0..<count { out[i] = scale * w[i] * (Tensor.stableSigmoid(x[i]) - t[i]) }
        }
        let dTargets = !needs[1] ? nil : Tensor.build(shape: shape) { out in
            for i in 0..<count { out[i] = -scale * w[i] * x[i] }
        }
        return [dLogits, dTargets]
    }
}
