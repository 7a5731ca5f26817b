import Nabla
import NablaNN

/// The running mean of a network's weights over the steps it has seen (Polyak averaging of the
/// SGD iterates, as in stochastic weight averaging). Late in DANN training the iterates keep
/// moving along the adversarial game, so the target accuracy of the last iterate depends on
/// where training happens to stop; the mean of the last iterates does not, and needs no labels.
///
/// Every named parameter is averaged, batch-norm running statistics included.
public final class WeightAverage {
    /// Names in the network's `namedParameters` order.
    public let names: [String]
    /// How many snapshots the mean holds.
    public private(set) var count = 0
    private var means: [[Float]]
    private let shapes: [[Int]]

    /// An empty average (``count`` 0) for the parameters of `network`, which later snapshots must
    /// match in names and shapes.
    public init(for network: Module) {
        let named = network.namedParameters
        names = named.map(\.name)
        shapes = named.map(\.parameter.shape)
        means = named.map { [Float](repeating: 0, count: $0.parameter.value.scalarCount) }
    }

    /// Adds the network's current weights: mean += (θ − mean) / count, which stays exact in
    /// float for thousands of snapshots where a running sum would not.
    public func accumulate(_ network: Module) {
        count += 1
        let weight = 1 / Float(count)
        for (index, (_, parameter)) in network.namedParameters.enumerated() {
            parameter.value.withUnsafeBufferPointer { values in
                means[index].withUnsafeMutableBufferPointer { mean in
                    for i in mean.indices { mean[i] += (values[i] - mean[i]) * weight }
                }
            }
        }
    }

    /// The mean by parameter name (what a checkpoint stores to resume the average).
    public var tensors: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: names.indices.map { (names[$0], Tensor(shape: shapes[$0], scalars: means[$0])) })
    }

    /// Continues an average saved as ``tensors`` that held `count` snapshots.
    public func restore(_ saved: [String: Tensor], count: Int) throws {
        var restored = means
        for (index, name) in names.enumerated() {
            guard let tensor = saved[name], tensor.shape == shapes[index] else {
                throw TrainingError.invalidConfiguration("the checkpoint's weight average has no tensor '\(name)' of shape \(shapes[index])")
            }
            restored[index] = tensor.scalars
        }
        means = restored
        self.count = count
    }

    /// Writes the mean into the network's parameters.
    public func apply(to network: Module) {
        precondition(count > 0, "no weights were averaged")
        for (index, (_, parameter)) in network.namedParameters.enumerated() {
            parameter.value = Tensor(shape: shapes[index], scalars: means[index])
        }
    }
}
