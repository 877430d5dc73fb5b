import ArgumentParser
import Checkpoint
import Foundation
import NN
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

/// Bundles from strangers are checked in a child process: a file that crashes libhdf5 is refused
/// and this process survives.
@Suite("Isolated bundle reading")
struct IsolatedReadingTests {
    static var hostileDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CheckpointTests/Resources/hostile")
    }

    /// A stand-in checker: a shell script with the given body.
    static func script(_ body: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("checker-\(UUID().uuidString).sh")
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    static func goodBundlePath() throws -> String {
        var generator = PhiloxGenerator(seed: 2)
        let model = MLP(inputSize: 2, hiddenSizes: [3], outputSize: 1, using: &generator)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("good-\(UUID().uuidString).h5").path
        try BundleWriter.write(CheckpointBundle(entries: [try BundleEntry(name: "m", module: model)]), to: path)
        return path
    }

    @Test("a checker that dies by a signal (as libhdf5 does on some damaged files) refuses the file; this process survives")
    func crashesAreContained() throws {
        let path = try Self.goodBundlePath()
        let crashing = try Self.script("kill -SEGV $$")
        do {
            _ = try IsolatedBundleReader.read(path, checker: crashing, timeout: .seconds(30))
            Issue.record("a crashed check was accepted")
        } catch {
            guard case .checkFailed(_, let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason.contains("crashed") && reason.contains("signal 11"), "\(reason)")
        }
    }

    @Test("a checker that hangs (as libhdf5 loops on some damaged files) is killed after the timeout")
    func hangsAreContained() throws {
        let path = try Self.goodBundlePath()
        let hanging = try Self.script("exec sleep 60")
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try IsolatedBundleReader.read(path, checker: hanging, timeout: .milliseconds(500))
            Issue.record("a hung check was accepted")
        } catch {
            guard case .checkFailed(_, let reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reason.contains("took longer"), "\(reason)")
        }
        #expect(clock.now - start < .seconds(10))
    }

    @Test("a good bundle passes the real frontier checker and loads")
    func goodBundle() throws {
        let path = try Self.goodBundlePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bundle = try IsolatedBundleReader.read(path, checker: RestartTests.executable)
        #expect(bundle.entry("m")?.parameters.scalarCount == 2 * 3 + 3 + 3 + 1)
    }

    @Test("a refused file's reason comes back from the checker")
    func refusedReason() throws {
        let path = Self.hostileDirectory.appendingPathComponent("external_link.h5").path
        do {
            _ = try IsolatedBundleReader.read(path, checker: RestartTests.executable)
            Issue.record("an external link was accepted")
        } catch {
            #expect(error.description.contains("external link"), "\(error)")
        }
    }
}
