import Foundation

/// The single-precision FMA peak of one core, the ceiling an sgemm row is read against:
/// clock × fp32 lanes per vector × 2 flops per fused multiply-add × FMA units per core.
///
/// The clock is the kernel's `cpu MHz` for CPU 0 (on a VM the nominal clock, turbo unseen), the
/// lanes come from the widest vector unit `/proc/cpuinfo` reports (16 with AVX-512, 8 with AVX2
/// and FMA, 4 otherwise), and two FMA units per core are assumed, as on every AVX2 and AVX-512
/// server core from Haswell and Zen 2 on (some Xeon Silver/Bronze parts have one 512-bit unit,
/// where this halves the fraction).
struct FMAPeak: CustomStringConvertible {
    var gigahertz: Double
    var lanes: Int
    var units = 2

    /// GFLOP/s of one core at the peak.
    var gflops: Double { gigahertz * Double(lanes) * 2 * Double(units) }

    /// How it was derived, for the row's detail.
    var description: String {
        String(format: "%.2f GHz x %d fp32 lanes x 2 (FMA) x %d units", gigahertz, lanes, units)
    }

    /// Read from `/proc/cpuinfo`, or nil when it says nothing usable.
    static func current() -> FMAPeak? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        var megahertz: Double?
        var flags: Set<Substring> = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "cpu MHz", megahertz == nil { megahertz = Double(parts[1]) }
            if parts[0] == "flags", flags.isEmpty { flags = Set(parts[1].split(separator: " ")) }
        }
        guard let megahertz, megahertz > 0 else { return nil }
        let lanes = flags.contains("avx512f") ? 16 : (flags.contains("avx2") && flags.contains("fma") ? 8 : 4)
        return FMAPeak(gigahertz: megahertz / 1000, lanes: lanes)
    }
}
