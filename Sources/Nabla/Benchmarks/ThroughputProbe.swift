import CDNNL
import Foundation

/// Throughput probes for benchmarks: what the machine's matrix units deliver, measured the same
/// way as our step so that a benchmark can report a ratio instead of an absolute time.
public enum ThroughputProbe {
    /// GFLOP/s of oneDNN's own sgemm (its AVX-512 kernels where the CPU has them) on a
    /// `size`³ product with the configured thread count: the median of `repeats` runs.
    public static func oneDNNSgemmGflops(size: Int = 1024, repeats: Int = 5) -> Double {
        let a = [Float](repeating: 0.5, count: size * size)
        var c = [Float](repeating: 0, count: size * size)
        omp_set_num_threads(Int32(ComputeContext.current.threads))
        let n = Int64(size)
        var seconds: [Double] = []
        for _ in 0...repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            OneDNN.check(dnnl_sgemm(CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), n, n, n, 1, a, n, a, n, 0, &c, n), "sgemm")
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let median = seconds.dropFirst().sorted()[repeats / 2]  // the first run warms up
        return 2 * pow(Double(size), 3) / 1e9 / median
    }
}
