import Foundation
import Nabla
import NablaNN

/// CDAN's multilinear map `T⊗(f, g) = f ⊗ g` (Long et al. 2018): for each row, the outer product of
/// the features `f` and the class predictions `g`, flattened so that `g_c · f_j` is value
/// `c · F + j` of the row (the layout of TLlib's `MultiLinearMap` and thuml/CDAN's `bmm`).
///
/// Differentiable in both arguments; pass `predictions` detached to hold them constant.
/// - Parameters:
///   - features: `[N, F]`.
///   - predictions: `[N, C]`, usually softmax probabilities.
/// - Returns: `[N, C · F]`.
public func multilinearMap(features: Tensor, predictions: Tensor) -> Tensor {
    precondition(features.rank == 2 && predictions.rank == 2 && features.shape[0] == predictions.shape[0],
                 "multilinearMap: expected features [N, F] and predictions [N, C], got shapes \(features.shape) and \(predictions.shape)")
    let (rows, featureCount, classCount) = (features.shape[0], features.shape[1], predictions.shape[1])
    let outer = predictions.reshaped(to: [rows, classCount, 1]) * features.reshaped(to: [rows, 1, featureCount])
    return outer.reshaped(to: [rows, classCount * featureCount])
}

/// CDAN's randomized multilinear map `T⊙(f, g) = (f R_f) ⊙ (g R_g) / √d`, with fixed random
/// Gaussian matrices `R_f` (`[F, d]`) and `R_g` (`[C, d]`): an unbiased estimate of the inner
/// products of `f ⊗ g` in `d` dimensions, for when `F · C` is too wide for the discriminator.
///
/// The matrices are drawn once, from the generator that draws the network's initial weights, and
/// are non-trainable parameters: optimizers skip them, checkpoints save them, so resuming and
/// evaluating use the same map. (thuml/CDAN's `RandomLayer` and TLlib's `RandomizedMultiLinearMap`
/// keep theirs outside the state dict, drawn from the global seed.)
public final class RandomizedMultilinearMap: Module {
    /// `R_f`, `[featureCount, dimension]`, entries from N(0, 1); not trainable.
    public let featureProjection: Parameter
    /// `R_g`, `[classCount, dimension]`, entries from N(0, 1); not trainable.
    public let predictionProjection: Parameter

    /// A map with `R_f` and then `R_g` drawn from `generator`. Traps unless the sizes are positive.
    public init(featureCount: Int, classCount: Int, dimension: Int, using generator: inout SeededGenerator) {
        precondition(featureCount > 0 && classCount > 0 && dimension > 0,
                     "RandomizedMultilinearMap: sizes must be positive, got \(featureCount) features, \(classCount) classes, dimension \(dimension)")
        featureProjection = Parameter(.normal(shape: [featureCount, dimension], using: &generator), isTrainable: false)
        predictionProjection = Parameter(.normal(shape: [classCount, dimension], using: &generator), isTrainable: false)
    }

    /// `d`, the width of the map's output.
    public var dimension: Int { featureProjection.shape[1] }

    /// `(f R_f) ⊙ (g R_g) / √d` for features `[N, F]` and predictions `[N, C]`: `[N, d]`.
    public func callAsFunction(features: Tensor, predictions: Tensor) -> Tensor {
        let projectedFeatures = matmul(features, featureProjection.value)
        let projectedPredictions = matmul(predictions, predictionProjection.value)
        return projectedFeatures * projectedPredictions * (1 / Float(dimension).squareRoot())
    }
}

/// CDAN+E's entropy weights `w = 1 + e^(−H(g))`, `H(g) = −Σ_c g_c log g_c` the entropy of the
/// softmax of each row of `logits`: confident predictions weigh up to 2, uniform ones
/// `1 + 1/C`. Computed from the log-softmax, so exactly (the reference code adds 10⁻⁵ inside the
/// logarithm); never differentiated (the result records no gradient).
/// - Parameter logits: `[N, C]` class logits.
/// - Returns: `[N]`, unnormalised; a weighted mean divides by their sum.
public func entropyWeights(logits: Tensor) -> Tensor {
    precondition(logits.rank == 2, "entropyWeights: expected logits [N, C], got shape \(logits.shape)")
    let (rows, classes) = (logits.shape[0], logits.shape[1])
    let logProbabilities = logits.detached().logSoftmax()
    return logProbabilities.withUnsafeBufferPointer { lp in
        Tensor(shape: [rows], initializingWith: { out in
            for i in 0..<rows {
                var entropy: Float = 0
                for c in 0..<classes {
                    let logP = lp[i * classes + c]
                    entropy -= expf(logP) * logP
                }
                out[i] = 1 + expf(-entropy)
            }
        })
    }
}
