import ArgumentParser
import Environments
import RL
import Foundation

extension Frontier.Env {
    /// `frontier env new`: a new environment folder with a working skeleton, its registration
    /// and its tests, in a Frontier checkout.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write Environments/NAME/ (a working skeleton environment and its registration) and its tests.",
            discussion: "Run it at the root of a Frontier checkout, then `make test`; docs/environments.md walks through filling it in.")

        @Argument(help: "The environment's Swift type name, like CartPole; the id becomes NAME-v0.")
        var name: String

        @Option(help: "The root of the Frontier checkout.")
        var root = "."

        func validate() throws {
            if let problem = EnvironmentTemplate.problem(name) { throw ValidationError(problem) }
        }

        func run() throws {
            let rootURL = URL(fileURLWithPath: root)
            let registry = rootURL.appendingPathComponent("Environments/AuthoredEnvironments.swift")
            guard FileManager.default.fileExists(atPath: rootURL.appendingPathComponent("Package.swift").path),
                  let listing = try? String(contentsOf: registry, encoding: .utf8) else {
                throw ValidationFailure("\(root) is not the root of a Frontier checkout (no Package.swift and Environments/AuthoredEnvironments.swift)")
            }
            guard listing.contains(EnvironmentTemplate.registryMarker) else {
                throw ValidationFailure("Environments/AuthoredEnvironments.swift lost its marker line '\(EnvironmentTemplate.registryMarker.trimmingCharacters(in: .whitespaces))'")
            }
            let id = "\(name)-v0"
            // Any version of the name counts: CartPole-v0 would clash with the type CartPole.
            if EnvironmentRegistry.builtIn.ids.contains(where: { $0.hasPrefix(name + "-v") }) || FileManager.default.fileExists(atPath: rootURL.appendingPathComponent("Environments/\(name)").path) {
                throw ValidationFailure("an environment named \(name) already exists")
            }
            let files = EnvironmentTemplate.files(name: name)
            for file in files where FileManager.default.fileExists(atPath: rootURL.appendingPathComponent(file.path).path) {
                throw ValidationFailure("\(file.path) already exists; nothing was written")
            }
            for file in files {
                let url = rootURL.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
                print("wrote \(file.path)")
            }
            let updated = listing.replacingOccurrences(of: EnvironmentTemplate.registryMarker,
                                                       with: EnvironmentTemplate.registryLine(name: name) + "\n" + EnvironmentTemplate.registryMarker)
            try updated.write(to: registry, atomically: true, encoding: .utf8)
            print("registered \(id) in Environments/AuthoredEnvironments.swift")
            print("next: make test (the new tests run with the rest), then frontier env check \(id)")
        }
    }
}
