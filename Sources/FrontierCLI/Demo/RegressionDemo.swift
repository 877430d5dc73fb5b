import ArgumentParser
import Tensor

extension Frontier.Demo {
    /// `frontier demo regression`: trains a small MLP on a toy regression and prints the loss falling.
    struct Regression: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a small MLP on a toy regression (y = sin 3x + x²/2) and print the loss falling.")

        @Option(help: "Training steps (full-batch).")
        var steps = 1500

        @Option(help: "Seed for the data and the initial weights.")
        var seed: UInt64 = 0

        @Option(help: "Hidden units per layer.")
        var hidden = 32

        @Option(help: "Learning rate of SGD with momentum 0.9.")
        var learningRate: Float = 0.05

        func validate() throws {
            guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
            guard hidden > 0 else { throw ValidationError("--hidden must be positive, got \(hidden)") }
            guard learningRate > 0, learningRate.isFinite else {
                throw ValidationError("--learning-rate must be a positive number, got \(learningRate)")
            }
        }

        func run() {
            print(VersionReport.text)
            print()
            var model = ToyRegression(hidden: hidden, seed: seed)
            let report = model.train(steps: steps, learningRate: learningRate) { step, loss in
                print("step \(String(step).leftPadded(to: 5))  loss \(loss.formatted(digits: 6))")
            }
            print()
            print("loss \(report.initialLoss.formatted(digits: 5)) -> \(report.finalLoss.formatted(digits: 5)) in \(steps) steps, "
                  + "\(Int(report.stepsPerSecond)) steps/s; held-out loss \(report.validationLoss.formatted(digits: 5))")
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}

extension BinaryFloatingPoint where Self: LosslessStringConvertible {
    /// The value rounded to `digits` decimals, printed in Swift's shortest form.
    func formatted(digits: Int) -> String {
        var scale: Self = 1
        for _ in 0..<digits { scale *= 10 }
        return String((self * scale).rounded() / scale)
    }
}
