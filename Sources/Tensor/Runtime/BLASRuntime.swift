import CBLAS

#if canImport(Glibc)
import Glibc
#endif

/// The OpenBLAS library Frontier runs on: which kernels it chose, whether its products are
/// right, and how to start the process again with better kernels.
///
/// Debian's OpenBLAS 0.3.21 does not recognise some recent CPUs and silently falls back to its
/// slowest (Prescott) kernels: about a fifth of the speed on an AVX-512 machine. The library reads
/// `OPENBLAS_CORETYPE` once, when it loads, so the only cure from inside is to restart the process
/// with the variable set: ``restartWithBestKernelsIfNeeded()`` does that (once, and never against a
/// value the user set).
public enum BLASRuntime {
    /// The variable OpenBLAS reads to choose its kernels.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set in the restarted process so it never restarts twice.
    static let restartMarker = "FRONTIER_OPENBLAS_RESTARTED"
    /// Diagnostics: makes Frontier treat OpenBLAS as having chosen this core, so the restart can
    /// be exercised on machines whose CPU OpenBLAS does recognise. Cleared before the restart.
    public static let assumedCoreVariable = "FRONTIER_OPENBLAS_ASSUME_CORE"

    /// The kernel family OpenBLAS chose (`Zen`, `Haswell`, `SkylakeX`, `Prescott`, …).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build description (version, options, core).
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// Threads OpenBLAS uses for one product.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the threads OpenBLAS uses for one product (1 for reproducible single-thread runs).
    public static func setThreadCount(_ count: Int) {
        check(count >= 1, "BLASRuntime.setThreadCount: count must be at least 1, got \(count)")
        openblas_set_num_threads(Int32(count))
    }

    /// The value of `OPENBLAS_CORETYPE` in this process, if set.
    public static var requestedCore: String? {
        guard let value = getenv(coreTypeVariable) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    /// Why the kernels are what they are, for `frontier --version` and benchmark tables.
    public static var kernelSummary: String {
        let cpu = CPUFeatures.current
        var text = "OpenBLAS core \(coreName) (CPU level \(cpu.level))"
        if let requested = requestedCore {
            text += getenv(restartMarker) != nil ? " (chosen by Frontier)" : " (\(coreTypeVariable)=\(requested) set by the user)"
        }
        if !isUsable { text += "; products FAILED the reference check, using Swift kernels" }
        return text
    }

    /// The core to restart with, or nil when the current kernels already suit the CPU, the user
    /// chose a core, or the process was already restarted once.
    public static var betterCore: String? {
        let assumed = getenv(assumedCoreVariable).map { String(cString: $0) }
        return betterCore(current: assumed ?? coreName, cpu: CPUFeatures.current, requested: requestedCore,
                   alreadyRestarted: getenv(restartMarker) != nil)
    }

    /// The decision behind ``betterCore``, as a pure function of its inputs.
    public static func betterCore(current: String, cpu: CPUFeatures, requested: String?, alreadyRestarted: Bool) -> String? {
        guard requested == nil, !alreadyRestarted,
              let recommended = cpu.recommendedOpenBLASCore,
              let currentLevel = CPUFeatures.level(ofOpenBLASCore: current), currentLevel < cpu.level
        else { return nil }
        return recommended
    }

    /// Restarts this executable with `OPENBLAS_CORETYPE` set when OpenBLAS chose kernels below what
    /// the CPU supports. Call it first thing in `main`. Returns only when no restart is needed or
    /// the restart failed (a warning is printed then; computing continues, correctly but slower).
    public static func restartWithBestKernelsIfNeeded() {
        #if os(Linux)
        guard let core = betterCore else { return }
        setenv(coreTypeVariable, core, 1)
        setenv(restartMarker, "1", 1)
        unsetenv(assumedCoreVariable)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when exec failed.
        let message = "frontier: warning: could not restart with \(coreTypeVariable)=\(core) (errno \(errno)); "
            + "OpenBLAS keeps its \(coreName) kernels\n"
        writeToStandardError(message)
        unsetenv(coreTypeVariable)
        #endif
    }

    /// Whether OpenBLAS's products match a plain reference (checked once, on first use). When
    /// they do not, every product runs in Swift and a warning is printed.
    public static var isUsable: Bool { verification.passed }

    /// The result of the one-time check of OpenBLAS against a plain reference product.
    public static let verification: (passed: Bool, maxError: Double) = {
        let (m, n, k) = (67, 53, 71)  // odd sizes reach the kernels' edge cases
        let a = (0..<(m * k)).map { Float(($0 * 37) % 101) / 50 - 1 }
        let b = (0..<(k * n)).map { Float(($0 * 53) % 97) / 48 - 1 }
        var blas = [Float](repeating: 0, count: m * n)
        Float.blasGEMM(a, b, &blas, m: m, n: n, k: k, transposeA: false, transposeB: false)
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var reference = 0.0
                for p in 0..<k { reference += Double(a[i * k + p]) * Double(b[p * n + j]) }
                worst = Swift.max(worst, Swift.abs(reference - Double(blas[i * n + j])) / (1 + Swift.abs(reference)))
            }
        }
        let passed = worst < 1e-4
        if !passed {
            writeToStandardError(
                "frontier: warning: OpenBLAS (\(coreName)) products differ from the reference by \(worst); "
                    + "using Swift matrix kernels instead\n")
        }
        return (passed, worst)
    }()
}

/// Writes a message to standard error (file descriptor 2) without Foundation.
func writeToStandardError(_ message: String) {
    var text = message
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
