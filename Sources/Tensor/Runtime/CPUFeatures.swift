#if canImport(Glibc)
import Glibc
#endif

/// What the processor supports, as far as choosing a BLAS kernel is concerned.
public struct CPUFeatures: Sendable, Equatable {
    /// The instruction-set level, ordered.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case baseline = 0, avx, avx2, avx512

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .baseline: return "SSE"
            case .avx: return "AVX"
            case .avx2: return "AVX2+FMA"
            case .avx512: return "AVX-512"
            }
        }
    }

    /// The CPU vendor string (`GenuineIntel`, `AuthenticAMD`, …), empty when unknown.
    public var vendor: String
    /// The best level the CPU and operating system support.
    public var level: Level

    /// Features read from a `/proc/cpuinfo` text (Linux).
    public init(cpuinfo: String) {
        var flags: Set<Substring> = []
        var vendor = ""
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimming(" \t")
            if key == "flags" && flags.isEmpty { flags = Set(parts[1].split(separator: " ")) }
            if key == "vendor_id" && vendor.isEmpty { vendor = String(parts[1].trimming(" \t")) }
        }
        self.vendor = vendor
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"].allSatisfy({ flags.contains($0) }) {
            level = .avx512
        } else if flags.contains("avx2") && flags.contains("fma") {
            level = .avx2
        } else if flags.contains("avx") {
            level = .avx
        } else {
            level = .baseline
        }
    }

    /// The running machine's features (baseline when `/proc/cpuinfo` cannot be read).
    public static let current: CPUFeatures = {
        guard let text = try? readTextFile("/proc/cpuinfo") else { return CPUFeatures(cpuinfo: "") }
        return CPUFeatures(cpuinfo: text)
    }()

    /// The OpenBLAS core (`OPENBLAS_CORETYPE` value) whose kernels suit this CPU best, or nil
    /// when the baseline kernels are as good as any.
    public var recommendedOpenBLASCore: String? {
        switch level {
        case .avx512: return "SkylakeX"
        case .avx2: return vendor == "AuthenticAMD" ? "Zen" : "Haswell"
        case .avx: return "Sandybridge"
        case .baseline: return nil
        }
    }

    /// The instruction-set level an OpenBLAS core name's kernels use (nil when unknown).
    public static func level(ofOpenBLASCore name: String) -> Level? {
        switch name.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": return .avx512
        case "haswell", "zen", "excavator", "steamroller": return .avx2
        case "sandybridge", "bulldozer", "piledriver": return .avx
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
            "northwood", "banias", "opteron", "opteron_sse3", "barcelona", "bobcat", "nano":
            return .baseline
        default: return nil
        }
    }
}
