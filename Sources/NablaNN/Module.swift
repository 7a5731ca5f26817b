import Nabla

/// A building block of a model that owns parameters and, possibly, other modules.
///
/// Parameters and sub-modules are found by reflection over stored properties, so a new layer
/// only declares them; names are the dotted property paths (`featureExtractor.0.weight`).
public protocol Module: AnyObject {
    /// The direct sub-modules with their names. The default finds stored properties (and arrays)
    /// of module type.
    var namedChildren: [(name: String, module: any Module)] { get }
    /// The module's own parameters (not its children's) with their names. The default finds
    /// stored properties of type `Parameter` (or `Parameter?`), named after the property.
    var namedOwnParameters: [(name: String, parameter: Parameter)] { get }
    /// Switches training behaviour (dropout, batch statistics) for this module and its children.
    func setTraining(_ isTraining: Bool)
}

/// A module that maps one tensor to another.
public protocol Layer: Module {
    func callAsFunction(_ input: Tensor) -> Tensor
}

extension Module {
    /// The stored properties of module type, and the elements of stored arrays of modules (named
    /// `property.index`), found by reflection, in declaration order.
    public var namedChildren: [(name: String, module: any Module)] {
        var children: [(String, any Module)] = []
        for child in Mirror(reflecting: self).children {
            guard let label = child.label.map(Self.publicName) else { continue }
            if let module = child.value as? any Module {
                children.append((label, module))
            } else if let array = child.value as? [Any] {
                for (index, element) in array.enumerated() {
                    if let module = element as? any Module { children.append(("\(label).\(index)", module)) }
                }
            }
        }
        return children
    }

    /// Passes the mode on to every child; layers with their own behaviour (``Dropout``,
    /// ``BatchNorm``) implement it themselves.
    public func setTraining(_ isTraining: Bool) {
        for (_, child) in namedChildren { child.setTraining(isTraining) }
    }

    /// The stored properties of type `Parameter` (or a present `Parameter?`), in declaration order.
    public var namedOwnParameters: [(name: String, parameter: Parameter)] {
        var result: [(String, Parameter)] = []
        for child in Mirror(reflecting: self).children {
            guard let label = child.label.map(Self.publicName) else { continue }
            if let parameter = child.value as? Parameter {
                result.append((label, parameter))
            } else if let optional = child.value as? Parameter?, let parameter = optional {
                result.append((label, parameter))
            }
        }
        return result
    }

    /// Every parameter of this module and its descendants, with its dotted name, in a stable order.
    public var namedParameters: [(name: String, parameter: Parameter)] {
        var result = namedOwnParameters
        for (name, child) in namedChildren {
            result += child.namedParameters.map { ("\(name).\($0.name)", $0.parameter) }
        }
        return result
    }

    /// Every descendant module of type `T`, depth first in the order of `namedChildren`.
    public func descendants<T>(ofType type: T.Type) -> [T] {
        namedChildren.flatMap { child -> [T] in
            ((child.module as? T).map { [$0] } ?? []) + child.module.descendants(ofType: type)
        }
    }

    /// Every dropout layer: their generators are training state that a checkpoint keeps for an
    /// exact resume.
    public var dropoutLayers: [Dropout] { descendants(ofType: Dropout.self) }

    /// The parameters that optimizers update.
    public var trainableParameters: [Parameter] { namedParameters.map(\.parameter).filter(\.isTrainable) }

    /// The total number of trainable scalars.
    public var trainableScalarCount: Int { trainableParameters.reduce(0) { $0 + $1.value.scalarCount } }

    /// A property's name without the leading underscore of a lazy or wrapped storage.
    static func publicName(_ label: String) -> String { label.hasPrefix("_") ? String(label.dropFirst()) : label }
}
