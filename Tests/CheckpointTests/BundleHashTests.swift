import Foundation
import NN
import Tensor
import Testing
@testable import Checkpoint

/// The bundle hash, format version 2: what it covers, what it ignores, its golden value, and the
/// Python version in docs/checkpoint-format.md.
@Suite("Bundle hash (format version 2)")
struct BundleHashTests {
    /// A bundle written out by hand, so its hash depends on nothing but the format.
    static func fixedBundle() -> CheckpointBundle {
        let weight = Tensor(shape: [2, 2], scalars: [0.5, -1, 2, 0.25])
        let bias = Tensor(shape: [2], doubles: [0.125, -3])
        let entry = BundleEntry(
            name: "CartPole-v1", architecture: Architecture(kind: "mlp", configurationJSON: #"{"activation":"tanh","sizes":[2,2]}"#),
            parameters: StateDict([("layers.0.weight", weight), ("layers.0.bias", bias)]),
            optimizerState: StateDict([("layers.0.weight.step", Tensor(shape: [1], scalars: [3]))]),
            observationSpace: #"{"box":{"high":[1,1],"low":[-1,-1],"shape":[2]}}"#,
            actionSpace: #"{"discrete":{"count":2,"start":0}}"#, metadata: ["algorithm": "ppo"])
        return CheckpointBundle(entries: [entry], hotkey: "abc", created: "2026-01-01T00:00:00Z")
    }

    /// `bundle_hash` of scripts/check_bundle.py on a file h5py wrote with `fixedBundle()`'s
    /// attributes and datasets (no Frontier code involved); recorded once, so that any change of
    /// the byte layout or the canonical form fails here.
    static let goldenHash = "a531a873cc42e1d96265dce9529abc5d4f4b18464fa25edeedea143d3e80dda6"

    @Test("the hash of a fixed bundle is the golden value Python computed")
    func golden() throws {
        #expect(try Self.fixedBundle().weightHash == Self.goldenHash)
    }

    @Test("every change of behaviour changes the hash")
    func coversBehaviour() throws {
        let base = Self.fixedBundle()
        let original = try base.weightHash
        var changes: [(String, (inout BundleEntry) -> Void)] = [
            ("activation", { $0.architecture.configuration = #"{"activation":"relu","sizes":[2,2]}"# }),
            ("kind", { $0.architecture.kind = "other" }),
            ("observation space bound", { $0.observationSpace = #"{"box":{"high":[2,1],"low":[-1,-1],"shape":[2]}}"# }),
            ("action space start", { $0.actionSpace = #"{"discrete":{"count":2,"start":1}}"# }),
            ("a weight", { $0.parameters["layers.0.weight"] = Tensor(shape: [2, 2], scalars: [0.5, -1, 2, 0.2500001]) }),
            ("a shape", { $0.parameters["layers.0.weight"] = Tensor(shape: [4], scalars: [0.5, -1, 2, 0.25]) }),
            ("a dtype", { $0.parameters["layers.0.bias"] = Tensor(shape: [2], scalars: [0.125, -3]) }),
            ("a key", {
                $0.parameters = StateDict([("layers.0.weight", $0.parameters["layers.0.weight"]!), ("layers.1.bias", $0.parameters["layers.0.bias"]!)])
            }),
            ("observation statistics", { $0.parameters["observation_normalizer.mean"] = Tensor(shape: [2], doubles: [0, 0]) }),
            ("the entry's name", { $0.name = "CartPole-v0" }),
        ]
        // Moving a byte from one field to the next must change the hash too: "CartPole-v1" + "mlp"
        // and "CartPole-v" + "1mlp" concatenate alike, but every field is length-prefixed.
        changes.append(("a byte moved from the name to the kind", { $0.name = "CartPole-v"; $0.architecture.kind = "1mlp" }))
        for (what, change) in changes {
            var bundle = base
            change(&bundle.entries[0])
            let hash = try? bundle.weightHash
            #expect(hash != original, "\(what) did not change the hash")
        }
        var twoEntries = base
        twoEntries.entries.append(BundleEntry(name: "Other-v0", architecture: base.entries[0].architecture,
                                              parameters: base.entries[0].parameters))
        #expect(try twoEntries.weightHash != original)
    }

    @Test("training facts, optimiser state, JSON formatting and order do not change the hash")
    func ignoresPresentation() throws {
        let base = Self.fixedBundle()
        let original = try base.weightHash
        let sameModel: [(String, (inout CheckpointBundle) -> Void)] = [
            ("metadata", { $0.entries[0].metadata = ["algorithm": "dqn", "seed": "7"] }),
            ("optimiser state", { $0.entries[0].optimizerState = nil }),
            ("hotkey and date", { $0.hotkey = "other"; $0.created = "2030-01-01T00:00:00Z" }),
            ("reformatted architecture", {
                $0.entries[0].architecture.configuration = "{\n  \"sizes\" : [ 2.0, 0.2e1 ],\n  \"activation\" : \"t\\u0061nh\"\n}"
            }),
            ("reformatted spaces", {
                $0.entries[0].observationSpace = #"{ "box": { "shape": [2], "low": [-1.0, -1e0], "high": [1, 10E-1] } }"#
                $0.entries[0].actionSpace = #"{"discrete": {"start": -0, "count": 2}}"#
            }),
            ("parameter order", {
                let parameters = $0.entries[0].parameters
                $0.entries[0].parameters = StateDict(parameters.reversed().map { ($0.key, $0.value) })
            }),
        ]
        for (what, change) in sameModel {
            var bundle = base
            change(&bundle)
            #expect(try bundle.weightHash == original, "\(what) changed the hash")
        }
        var reordered = base
        reordered.entries.append(BundleEntry(name: "Acrobot-v1", architecture: base.entries[0].architecture, parameters: base.entries[0].parameters))
        var other = reordered
        other.entries.reverse()
        #expect(try reordered.weightHash == other.weightHash)
    }

    @Test("an architecture or space that is not JSON is refused before anything is written")
    func invalidJSON() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for field in ["architecture", "observation_space", "action_space"] {
            var bundle = Self.fixedBundle()
            switch field {
            case "architecture": bundle.entries[0].architecture.configuration = #"{"sizes": [2, 2], "sizes": [3, 3]}"#
            case "observation_space": bundle.entries[0].observationSpace = "{box}"
            default: bundle.entries[0].actionSpace = #"{"discrete": {"count": 1e999}}"#
            }
            let path = directory.path("\(field).h5")
            do {
                try BundleWriter.write(bundle, to: path)
                Issue.record("wrote a bundle with an invalid \(field)")
            } catch {
                guard case .invalidEntry(let entry, let reason) = error else { Issue.record("\(error)"); continue }
                #expect(entry == "CartPole-v1" && reason.hasPrefix(field), "\(reason)")
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("a version-1 bundle is refused with a message naming the version and what to do")
    func versionOne() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("v1.h5")
        try BundleWriter.write(Self.fixedBundle(), to: path)
        let handle = try HDF5File.open(at: path, mode: .readWrite)
        try handle.root.setAttribute("format_version", to: .int64(1))
        try handle.close()
        do {
            _ = try BundleReader.read(path)
            Issue.record("read a version-1 bundle")
        } catch {
            #expect(error == .unsupportedVersion(path: path, version: 1))
            #expect(error.description.contains("format version 1") && error.description.contains("reads only version 2")
                    && error.description.contains("re-export the model (or re-train it) with this Frontier"), "\(error)")
        }
    }

    @Test("the Python hash in docs/checkpoint-format.md recomputes Swift's", .enabled(if: venvPython != nil, "needs .venv with h5py"))
    func documentedPython() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var bundle = Self.fixedBundle()
        // A second entry with escapes and a number to canonicalise in its configuration, and a float64 scalar.
        bundle.entries.append(BundleEntry(
            name: "Acrobot-v1", architecture: Architecture(kind: "mlp", configurationJSON: "{\"sizes\": [3, 1.0], \"note\": \"a\\tb\\u0001\", \"activation\": \"relu\"}"),
            parameters: StateDict([("scale", Tensor(shape: [], doubles: [1e-7])), ("layers.0.weight", Tensor.ones([1, 3]))]),
            observationSpace: "{ \"discrete\": {\"count\": 3} }"))
        let path = directory.path("doc.h5")
        try BundleWriter.write(bundle, to: path)
        let script = """
            import re, sys, h5py
            text = open(sys.argv[1]).read()
            section = text[text.index("## Bundle hash"):]
            code = re.search(r"```python\\n(.*?)```", section, re.S).group(1)
            namespace = {}
            exec(code, namespace)
            with h5py.File(sys.argv[2], "r") as f:
                print(namespace["bundle_hash"](f))
            """
        let (status, output) = try runPython(try #require(venvPython),
                                             ["-c", script, repositoryRoot.appendingPathComponent("docs/checkpoint-format.md").path, path],
                                             mergingErrors: true)
        #expect(status == 0, "\(output)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == (try bundle.weightHash), "\(output)")
    }
}
