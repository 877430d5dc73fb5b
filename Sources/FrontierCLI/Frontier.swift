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
            subcommands: [Demo.self, Fit.self, Train.self, Search.self, Evaluate.self, Weights.self, Scoring.self, Keys.self, Submit.self,
                          ValidatorCommand.self, Env.self, DSL.self, Inspect.self, Info.self],
            defaultSubcommand: nil)
    }

    /// Restarts with the right OpenBLAS kernels first (before any product runs), then parses and
    /// runs. Problems found while parsing print the usage of the subcommand that was named;
    /// problems found while running (a bad file, a refused config) print only their message, with
    /// control characters escaped, since it may quote a stranger's file.
    static func main() {
        // The isolated reader's child (`inspect --check-only`) does no BLAS work: restarting it
        // would only double the cost of every check a validator makes.
        if !CommandLine.arguments.contains("--check-only") { BLASRuntime.restartWithBestKernelsIfNeeded() }
        TensorRuntime.retainFreedMemory()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(nil)
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: ValidationFailure(TerminalText.escaped(error.message, keepingLineBreaks: true)))
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // A command group run without a subcommand (`frontier env --help`, `frontier dsl`)
            // throws the parser's own internal error: it prints the help and the right status.
            exit(withError: error)
        } catch {
            exit(withError: ValidationFailure(TerminalText.escaped("\(error)", keepingLineBreaks: true)))
        }
    }
}
