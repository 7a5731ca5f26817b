#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#elseif canImport(ucrt)
import ucrt
#endif

// File-scope wrappers: inside `Math` the names `exp`/`log`/`cos` would refer to the
// static members themselves, so the C functions are reached from here.
@inline(__always) private func cExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func cCos(_ x: Double) -> Double { cos(x) }

/// Thin wrappers over the C math library so that the module does not need Foundation.
enum Math {
    /// e^x.
    @inline(__always) static func exp(_ x: Double) -> Double { cExp(x) }
    /// Natural logarithm.
    @inline(__always) static func log(_ x: Double) -> Double { cLog(x) }
    /// Cosine (radians).
    @inline(__always) static func cos(_ x: Double) -> Double { cCos(x) }

    /// `sqrt(a² + b²)` without undue overflow or underflow.
    @inline(__always) static func hypot(_ a: Double, _ b: Double) -> Double {
        let x = abs(a), y = abs(b)
        let big = max(x, y), small = min(x, y)
        if big == 0 { return 0 }
        let ratio = small / big
        return big * (1 + ratio * ratio).squareRoot()
    }
}
