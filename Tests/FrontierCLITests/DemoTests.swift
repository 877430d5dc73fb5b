import ArgumentParser
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
