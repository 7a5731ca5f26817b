import Nabla

extension Module {
    /// Every parameter value by dotted name, ready for `Safetensors`.
    public func stateTensors() -> [String: Tensor] {
        Dictionary(namedParameters.map { ($0.name, $0.parameter.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// Loads parameter values by name. Every parameter must be present with its exact shape;
    /// tensors with other names are ignored (they may be optimizer state or metadata).
    public func loadState(_ tensors: [String: Tensor], file: String = "<checkpoint>") throws {
        for (name, parameter) in namedParameters {
            guard let tensor = tensors[name] else {
                throw SafetensorsError(file: file, problem: "tensor '\(name)' is missing (the model expects shape \(parameter.shape))")
            }
            guard tensor.shape == parameter.shape else {
                throw SafetensorsError(file: file, problem: "tensor '\(name)' has shape \(tensor.shape) but the model expects \(parameter.shape)")
            }
            guard tensor.isFinite else {
                throw SafetensorsError(file: file, problem: "tensor '\(name)' contains NaN or infinite values")
            }
            parameter.value = tensor
        }
    }
}
