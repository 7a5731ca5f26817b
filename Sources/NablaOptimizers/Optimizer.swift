import Nabla

/// Updates parameters along their gradients. Per-parameter state (velocities, moments) is keyed
/// by parameter identity, so one optimizer can serve any set of parameters safely.
public protocol Optimizer: AnyObject {
    /// The step size used by the next ``update(_:along:)``; schedules set it before each step.
    var learningRate: Float { get set }
    /// Applies one step to every trainable parameter that has a gradient; others are skipped.
    func update(_ parameters: [Parameter], along gradients: Gradients)
    /// The optimizer's state for the named parameters, for checkpoints (`<name>.<slot>`).
    func stateTensors(for parameters: [(name: String, parameter: Parameter)]) -> [String: Tensor]
    /// Restores state saved by ``stateTensors(for:)``.
    func loadState(_ tensors: [String: Tensor], for parameters: [(name: String, parameter: Parameter)]) throws
}

/// The optimizer state in a checkpoint does not match the parameters.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// What is wrong, naming the tensor (e.g. `'fc.weight.momentum' has shape [2], parameter has [3]`).
    public let problem: String
    /// `optimizer state: ` followed by ``problem``.
    public var description: String { "optimizer state: \(problem)" }
}

/// Shared bookkeeping: per-parameter slots of state tensors.
final class SlotStore {
    var slots: [String: [ObjectIdentifier: [Float]]] = [:]

    func values(_ slot: String, for parameter: Parameter) -> [Float] {
        slots[slot]?[ObjectIdentifier(parameter)] ?? [Float](repeating: 0, count: parameter.value.scalarCount)
    }

    /// The slot's values, removed from the store so that updating them in place copies nothing
    /// (put them back with ``set(_:for:_:)``); zeros when there are none yet.
    func take(_ slot: String, for parameter: Parameter) -> [Float] {
        slots[slot]?.removeValue(forKey: ObjectIdentifier(parameter)) ?? [Float](repeating: 0, count: parameter.value.scalarCount)
    }

    func set(_ slot: String, for parameter: Parameter, _ values: [Float]) {
        slots[slot, default: [:]][ObjectIdentifier(parameter)] = values
    }

    func export(_ names: [String], for parameters: [(name: String, parameter: Parameter)]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for slot in names {
            for (name, parameter) in parameters {
                if let values = slots[slot]?[ObjectIdentifier(parameter)] {
                    result["\(name).\(slot)"] = Tensor(shape: parameter.shape, scalars: values)
                }
            }
        }
        return result
    }

    func load(_ names: [String], from tensors: [String: Tensor], for parameters: [(name: String, parameter: Parameter)]) throws {
        slots = [:]
        for slot in names {
            for (name, parameter) in parameters {
                guard let tensor = tensors["\(name).\(slot)"] else { continue }
                guard tensor.shape == parameter.shape else {
                    throw OptimizerStateError(problem: "'\(name).\(slot)' has shape \(tensor.shape), parameter has \(parameter.shape)")
                }
                set(slot, for: parameter, tensor.scalars)
            }
        }
    }
}
