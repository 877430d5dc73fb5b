import ArgumentParser
import Checkpoint
import Foundation
import Models
import NN
import RL
import Tensor

extension Frontier {
    /// `frontier inspect FILE`: what a bundle holds, after the same checks a validator makes,
    /// and which checks those were. Exits non-zero when the file is refused or an entry does not
    /// rebuild.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a checkpoint bundle holds and what was checked; exits non-zero if any check fails.")

        @Argument(help: "The bundle (.h5).")
        var file: String

        @Flag(help: "List every parameter with its shape.")
        var parameters = false

        /// What the isolated reader's child runs: read the whole file in this process, print nothing.
        @Flag(help: .hidden)
        var checkOnly = false

        func run() throws {
            if checkOnly {
                _ = try BundleReader.read(file)
                return
            }
            // A stranger's file is read by a child process first (libhdf5 can crash on damaged
            // files); the child is this command with --check-only.
            let bundle = try IsolatedBundleReader.read(file, checker: SelfExecutable.url)
            let text = { (value: String) in TerminalText.escaped(value) }
            print("bundle \(text(file))")
            print("  format \(CheckpointBundle.formatName) v\(CheckpointBundle.formatVersion), created \(text(bundle.created)), hotkey \(bundle.hotkey.map(text) ?? "-")")
            print("  weights sha256 \(try bundle.weightHash)")
            print("  checked:")
            print("    read completely by a separate process first (a crash or hang there refuses the file)")
            print("    HDF5 structure: no links, external storage, virtual datasets or unknown filters; sizes, names and nesting within limits")
            print("    every parameter float32 or float64 and finite; parameter_count equal to the stored parameters")
            print("    weights_sha256 equal to the hash of every entry's architecture kind and canonical configuration, canonical "
                  + "observation and action spaces, and parameters (names, shapes, values; observation statistics included); "
                  + "metadata and optimizer state are not hashed")
            var failures: [String] = []
            for entry in bundle.entries {
                let rebuild = Self.rebuild(entry, registry: .standard)
                print("  \(text(entry.name)): \(text(entry.architecture.kind)), \(entry.parameters.scalarCount) parameters in \(entry.parameters.count) tensors"
                      + (entry.optimizerState != nil ? ", optimizer state" : ""))
                switch rebuild {
                case .success(let checks):
                    print("    rebuilds: \(checks.joined(separator: "; "))")
                case .failure(let reason):
                    print("    DOES NOT REBUILD: \(text(reason.description))")
                    failures.append("\(text(entry.name)): \(text(reason.description))")
                }
                print("    architecture \(text(entry.architecture.configuration))")
                print("    observation \(text(entry.observationSpace))")
                print("    action \(text(entry.actionSpace))")
                for key in entry.metadata.keys.sorted() { print("    \(text(key)): \(text(entry.metadata[key]!))") }
                if parameters {
                    for (key, tensor) in entry.parameters { print("    \(text(key)) \(tensor.shape) \(tensor.dtype)") }
                }
            }
            if !failures.isEmpty {
                throw ValidationFailure("\(file): \(failures.count) of \(bundle.entries.count) entries do not rebuild: "
                                        + failures.joined(separator: "; "))
            }
        }

        /// Rebuilds an entry's network through `registry` (the one path every loader takes) and
        /// says what that checked, or why it failed.
        static func rebuild(_ entry: BundleEntry, registry: ArchitectureRegistry) -> Result<[String], RebuildFailure> {
            do throws(BundleError) {
                let checked = try registry.check(entry)
                _ = try checked.build()
                return .success(checked.checks + ["the network builds and loads them"])
            } catch {
                return .failure(RebuildFailure(description: error.description))
            }
        }
    }
}

/// Why an entry did not rebuild.
struct RebuildFailure: Error, CustomStringConvertible {
    var description: String
}

/// A command's work found a problem in its input: printed as an error, exit status 1, no usage.
struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
