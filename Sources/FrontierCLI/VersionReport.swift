import ArgumentParser
import CHDF5
import Tensor

/// What `frontier --version` and `frontier info` print: the version and the native libraries
/// Frontier runs on, with the BLAS kernels it chose.
enum VersionReport {
    static let version = "0.1.0"

    static var hdf5Version: String {
        var major: UInt32 = 0
        var minor: UInt32 = 0
        var release: UInt32 = 0
        guard H5get_libversion(&major, &minor, &release) >= 0 else { return "unknown" }
        return "\(major).\(minor).\(release)"
    }

    static var text: String {
        """
        frontier \(version)
        BLAS: \(BLASRuntime.kernelSummary), \(BLASRuntime.threadCount) threads
        HDF5: \(hdf5Version)
        """
    }
}

extension Frontier {
    /// Prints the versions and the BLAS kernel choice, with the reference check of BLAS products.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show versions, the CPU level and the BLAS kernels in use.")

        func run() {
            print(VersionReport.text)
            print("CPU: \(CPUFeatures.current.vendor.isEmpty ? "unknown vendor" : CPUFeatures.current.vendor), \(CPUFeatures.current.level)")
            print("OpenBLAS: \(BLASRuntime.configuration)")
            let check = BLASRuntime.verification
            print("BLAS reference check: \(check.passed ? "passed" : "FAILED") (max relative error \(check.maxError))")
        }
    }
}
