import ArgumentParser
import Checkpoint
import Tensor

/// What `frontier --version` and `frontier info` print: the version and the native libraries
/// Frontier runs on, with the BLAS kernels it chose.
enum VersionReport {
    static let version = "0.1.0"

    /// Through Checkpoint, the one layer that talks to libhdf5 (DESIGN.md's layering).
    static var hdf5Version: String { HDF5Library.version }

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
