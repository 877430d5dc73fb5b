import ArgumentParser
import Foundation
import Testing
@testable import FrontierCLI
import Tensor

/// `frontier demo`: the model learns, runs are reproducible, bad arguments are refused.
@Suite("frontier demo")
struct DemoTests {
    @Test("the toy regression's loss falls by more than ten times and generalises")
    func learns() {
        var model = ToyRegression(hidden: 16, seed: 3)
        var logged: [Int] = []
        let report = model.train(steps: 600, learningRate: 0.05) { step, _ in logged.append(step) }
        #expect(report.finalLoss < report.initialLoss / 10, "\(report.initialLoss) -> \(report.finalLoss)")
        #expect(report.validationLoss < 2 * report.finalLoss + 0.01)
        #expect(logged.first == 1 && logged.last == 600 && logged.count == 11)
    }

    @Test("the same seed trains to bit-identical losses")
    func reproducible() {
        func run() -> [Float] {
            var model = ToyRegression(hidden: 8, seed: 11)
            var losses: [Float] = []
            _ = model.train(steps: 50, learningRate: 0.05) { _, loss in losses.append(loss) }
            return losses
        }
        #expect(run() == run())
    }

    @Test("invalid options are refused with a message naming them")
    func validation() {
        #expect(throws: (any Error).self) { try Frontier.Demo.parse(["--steps", "0"]) }
        #expect(throws: (any Error).self) { try Frontier.Demo.parse(["--learning-rate", "-1"]) }
        #expect(throws: (any Error).self) { try Frontier.Demo.parse(["--hidden", "x"]) }
        let message = Frontier.Demo.message(for: ValidationError("--steps must be positive, got 0"))
        #expect(message.contains("--steps"))
    }

    @Test("--version names the BLAS kernels and HDF5")
    func version() {
        #expect(VersionReport.text.contains("OpenBLAS core \(BLASRuntime.coreName)"))
        #expect(VersionReport.text.contains("HDF5: 1."))
    }
}

/// The OpenBLAS restart, end to end: the real `frontier` binary, told that OpenBLAS chose its
/// Prescott kernels, must exec itself again with the core that suits this CPU.
@Suite("OpenBLAS kernel restart")
struct RestartTests {
    /// The `frontier` executable SwiftPM built beside the test bundle.
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("frontier").path),
              directory.pathComponents.count > 1 {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("frontier")
    }

    static func runVersion(_ environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--version"]
        var merged = ProcessInfo.processInfo.environment
        merged["OPENBLAS_CORETYPE"] = nil
        merged["FRONTIER_OPENBLAS_RESTARTED"] = nil
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: output, as: UTF8.self)
    }

    @Test("a weaker core than the CPU supports triggers one restart with the right core",
          .enabled(if: CPUFeatures.current.recommendedOpenBLASCore != nil))
    func restarts() throws {
        let expected = try #require(CPUFeatures.current.recommendedOpenBLASCore)
        let output = try Self.runVersion(["FRONTIER_OPENBLAS_ASSUME_CORE": "Prescott"])
        #expect(output.contains("(chosen by Frontier)"), "\(output)")
        #expect(output.lowercased().contains("openblas core \(expected.lowercased())"), "\(output)")
    }

    @Test("a core the user set is respected")
    func respectsTheUser() throws {
        let output = try Self.runVersion(["OPENBLAS_CORETYPE": "Haswell", "FRONTIER_OPENBLAS_ASSUME_CORE": "Prescott"])
        #expect(output.contains("OPENBLAS_CORETYPE=Haswell set by the user"), "\(output)")
        #expect(output.contains("OpenBLAS core Haswell"), "\(output)")
    }
}
