/// Scalar functions as types, for ``BroadcastKernels``: a generic loop over one is specialised
/// and vectorised, where a closure would stay an indirect call per element. Each computes
/// exactly what the closure it replaces did, so results keep their bits.
protocol ScalarBinary {
    func callAsFunction(_ x: Float, _ y: Float) -> Float
}

/// A one-argument scalar function as a type (see ``ScalarBinary``).
protocol ScalarUnary {
    func callAsFunction(_ x: Float) -> Float
}

/// Any closure, called indirectly: for the functions not worth a type of their own.
struct ClosureBinary: ScalarBinary {
    let f: (Float, Float) -> Float
    @inline(__always) func callAsFunction(_ x: Float, _ y: Float) -> Float { f(x, y) }
}

/// Any closure, called indirectly (see ``ClosureBinary``).
struct ClosureUnary: ScalarUnary {
    let f: (Float) -> Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { f(x) }
}

/// `x + y`.
struct AddScalars: ScalarBinary { @inline(__always) func callAsFunction(_ x: Float, _ y: Float) -> Float { x + y } }
/// `x − y`.
struct SubtractScalars: ScalarBinary { @inline(__always) func callAsFunction(_ x: Float, _ y: Float) -> Float { x - y } }
/// `x · y`.
struct MultiplyScalars: ScalarBinary { @inline(__always) func callAsFunction(_ x: Float, _ y: Float) -> Float { x * y } }
/// `x / y`.
struct DivideScalars: ScalarBinary { @inline(__always) func callAsFunction(_ x: Float, _ y: Float) -> Float { x / y } }
/// ReLU's backward pass: the upstream gradient `g` where the output `y` is positive, else 0.
struct ReLUBackward: ScalarBinary { @inline(__always) func callAsFunction(_ g: Float, _ y: Float) -> Float { y > 0 ? g : 0 } }

/// `max(x, 0)`, written as ReLU always was (`x > 0 ? x : 0`, so −0 and NaN map as before).
struct ReLUScalar: ScalarUnary { @inline(__always) func callAsFunction(_ x: Float) -> Float { x > 0 ? x : 0 } }
/// `−x`.
struct NegateScalar: ScalarUnary { @inline(__always) func callAsFunction(_ x: Float) -> Float { -x } }
/// `x · factor`.
struct ScaleScalar: ScalarUnary {
    let factor: Float
    @inline(__always) func callAsFunction(_ x: Float) -> Float { x * factor }
}
