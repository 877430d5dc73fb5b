import Environments
import Foundation
import RL
import Testing

@Suite("frontier env check and env new", .serialized)
struct EnvironmentAuthoringTests {
    /// The checkout these tests were built from.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("env check passes every built-in environment and reports its speed", arguments: EnvironmentRegistry.builtIn.ids)
    func checkBuiltIn(_ id: String) throws {
        let run = try runFrontier(["env", "check", id, "--stress-steps", "20000", "--json"])
        #expect(run.status == 0, "\(run.output) \(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect((report["findings"] as? [Any])?.isEmpty == true)
        #expect((report["steps_per_second"] as? Double ?? 0) > 1_000)
    }

    @Test("env check takes options, and exits 1 naming a bad one")
    func checkOptions() throws {
        let good = try runFrontier(["env", "check", "SAT-v0", "--option", "variables=50", "--option", "k=4", "--stress-steps", "5000"])
        #expect(good.status == 0, "\(good.output) \(good.error)")
        #expect(good.output.contains("SAT-v0 (k=4, variables=50): passes"))
        let bad = try runFrontier(["env", "check", "SAT-v0", "--option", "variable=50"])
        #expect(bad.status == 1)
        #expect(bad.output.contains("FAIL make") && bad.output.contains("'variable'"))
        let malformed = try runFrontier(["env", "check", "SAT-v0", "--option", "variables"])
        #expect(malformed.status == 64)
        #expect(malformed.error.contains("not key=value"))
        // A command group without a subcommand prints its help (it used to print the parser's error).
        let help = try runFrontier(["env", "--help"])
        #expect(help.status == 0 && help.output.contains("USAGE: frontier env <subcommand>"), "\(help.output) \(help.error)")
        let unknown = try runFrontier(["env", "check", "Nope-v0"])
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("unknown") || unknown.output.contains("Nope-v0"))
    }

    @Test("env new writes a skeleton, its registration and tests that type-check against the built modules; it refuses clashes")
    func newEnvironment() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/Environments", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.packageRoot.path + "/Environments/AuthoredEnvironments.swift",
                                         toPath: root + "/Environments/AuthoredEnvironments.swift")
        try "// a checkout\n".write(toFile: root + "/Package.swift", atomically: true, encoding: .utf8)

        let made = try runFrontier(["env", "new", "Walker", "--root", root])
        #expect(made.status == 0, "\(made.error)")
        for path in ["Environments/Walker/Walker.swift", "Environments/Walker/Walker+Registration.swift",
                     "Tests/EnvironmentsTests/Walker/WalkerTests.swift"] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + path), "\(path) missing")
        }
        let registry = try String(contentsOfFile: root + "/Environments/AuthoredEnvironments.swift", encoding: .utf8)
        #expect(registry.contains("Walker.registryEntry,"))

        // The generated environment, its registration and its tests compile as part of the
        // Environments module (the tests' `import Environments` is the module itself here).
        let tests = try String(contentsOfFile: root + "/Tests/EnvironmentsTests/Walker/WalkerTests.swift", encoding: .utf8)
            .replacingOccurrences(of: "import Environments\n", with: "")
        try tests.write(toFile: root + "/WalkerTestsInModule.swift", atomically: true, encoding: .utf8)
        let existing = try FileManager.default.subpathsOfDirectory(atPath: Self.packageRoot.path + "/Environments")
            .filter { $0.hasSuffix(".swift") && $0 != "AuthoredEnvironments.swift" }
            .map { Self.packageRoot.path + "/Environments/" + $0 }
        let modules = RestartTests.executable.deletingLastPathComponent().appendingPathComponent("Modules").path
        let sources = Self.packageRoot.path + "/Sources"
        let typecheck = Process()
        typecheck.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The package's identity (its folder's name, lowercased) names the package its `package`
        // declarations belong to.
        typecheck.arguments = ["swiftc", "-typecheck", "-parse-as-library", "-module-name", "Environments",
                               "-package-name", Self.packageRoot.lastPathComponent.lowercased(), "-I", modules,
                               "-I", sources + "/CBLAS", "-I", sources + "/CFrontierSystem", "-I", sources + "/CHDF5",
                               "-I", "/usr/include/hdf5/serial"]
            + existing + [root + "/Environments/AuthoredEnvironments.swift", root + "/Environments/Walker/Walker.swift",
                          root + "/Environments/Walker/Walker+Registration.swift", root + "/WalkerTestsInModule.swift"]
        let errors = Pipe()
        typecheck.standardError = errors
        try typecheck.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        typecheck.waitUntilExit()
        #expect(typecheck.terminationStatus == 0, "the generated files do not compile: \(message.prefix(2_000))")

        let again = try runFrontier(["env", "new", "Walker", "--root", root])
        #expect(again.status != 0)
        #expect(again.error.contains("already exists"))
        let lowercase = try runFrontier(["env", "new", "walker", "--root", root])
        #expect(lowercase.status == 64)
        let clash = try runFrontier(["env", "new", "CartPole", "--root", root])
        #expect(clash.status != 0, "CartPole-v0 is not registered, but the folder name is the type CartPole")
        let notACheckout = try runFrontier(["env", "new", "Other", "--root", root + "/Environments"])
        #expect(notACheckout.status != 0)
        #expect(notACheckout.error.contains("not the root of a Frontier checkout"))
    }
}
