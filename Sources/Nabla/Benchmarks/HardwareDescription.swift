import CDNNL
import Foundation

/// The machine a benchmark ran on, so that its figures can be compared with others': speed ratios
/// against a reference vary with the CPU (its vector width above all).
public struct HardwareDescription: Sendable, Codable, Equatable {
    /// The CPU's model name as `/proc/cpuinfo` gives it ("unknown" where there is none).
    public var cpuModel: String
    /// Processors online.
    public var cores: Int
    /// The widest instruction set oneDNN's generated kernels use on this CPU (`avx512_core`, `avx2`, …).
    public var oneDNNISA: String

    /// This machine.
    public static var current: HardwareDescription {
        HardwareDescription(cpuModel: cpuModel(), cores: ComputeContext.cores(), oneDNNISA: oneDNNISAName(dnnl_get_effective_cpu_isa()))
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") { return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return "unknown"
    }

    static func oneDNNISAName(_ isa: dnnl_cpu_isa_t) -> String {
        switch isa {
        case dnnl_cpu_isa_sse41: "sse41"
        case dnnl_cpu_isa_avx: "avx"
        case dnnl_cpu_isa_avx2: "avx2"
        case dnnl_cpu_isa_avx2_vnni: "avx2_vnni"
        case dnnl_cpu_isa_avx512_core: "avx512_core"
        case dnnl_cpu_isa_avx512_core_vnni: "avx512_core_vnni"
        case dnnl_cpu_isa_avx512_core_bf16: "avx512_core_bf16"
        case dnnl_cpu_isa_avx512_core_amx: "avx512_core_amx"
        case dnnl_cpu_isa_all: "all"
        default: "isa 0x\(String(isa.rawValue, radix: 16))"
        }
    }
}
