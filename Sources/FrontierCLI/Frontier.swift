import ArgumentParser
import RL
import Tensor

/// The `frontier` executable: one command for miners, environment authors and validators.
/// Each subcommand parses and validates its arguments, then calls library code.
@main
struct Frontier: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "frontier",
            abstract: "Train, evaluate and score models for incentivised machine-learning subnets.",
            version: VersionReport.text,
            subcommands: [Demo.self, Fit.self, Train.self, Evaluate.self, Env.self, Inspect.self, Info.self],
            defaultSubcommand: nil)
    }

    /// Restarts with the right OpenBLAS kernels first (before any product runs), then parses.
    static func main() {
        BLASRuntime.restartWithBestKernelsIfNeeded()
        TensorRuntime.retainFreedMemory()
        main(nil)
    }
}
