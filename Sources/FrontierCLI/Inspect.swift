import ArgumentParser
import Checkpoint
import Models
import NN
import RL
import Tensor

extension Frontier {
    /// `frontier inspect FILE`: what a bundle holds, after the same checks a validator makes.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a checkpoint bundle holds: models, architectures, parameter counts, hash, metadata.")

        @Argument(help: "The bundle (.h5).")
        var file: String

        @Flag(help: "List every parameter with its shape.")
        var parameters = false

        func run() throws {
            let bundle = try BundleReader.read(file)
            print("bundle \(file)")
            print("  format \(CheckpointBundle.formatName) v\(CheckpointBundle.formatVersion), created \(bundle.created), hotkey \(bundle.hotkey ?? "-")")
            print("  weights sha256 \(bundle.weightHash) (verified)")
            for entry in bundle.entries {
                // Models (forecasters, language models) or policies (actor-critics, Q-networks).
                let buildable = PolicyBundle.kinds.contains(entry.architecture.kind)
                    ? (try? PolicyBundle.load(entry)) != nil
                    : (try? ModelFactory.load(entry)) != nil
                print("  \(entry.name): \(entry.architecture.kind), \(entry.parameters.scalarCount) parameters in \(entry.parameters.count) tensors"
                      + (entry.optimizerState != nil ? ", optimizer state" : "") + (buildable ? ", rebuilds" : ", DOES NOT REBUILD"))
                print("    architecture \(entry.architecture.configuration)")
                print("    observation \(entry.observationSpace)")
                print("    action \(entry.actionSpace)")
                for key in entry.metadata.keys.sorted() { print("    \(key): \(entry.metadata[key]!)") }
                if parameters {
                    for (key, tensor) in entry.parameters { print("    \(key) \(tensor.shape) \(tensor.dtype)") }
                }
            }
        }
    }
}
