import Foundation
import Testing
import Tensor
@testable import Checkpoint
@testable import Models
import NN

/// Checkpoint bundles: round trips, the reference reader (h5py), tampering, refusals, resume.
@Suite("Checkpoint bundles")
struct BundleTests {
    /// A bundle with an MLP (float32, with optimiser state) and a forecaster holding one float64 tensor.
    static func makeBundle() throws -> (CheckpointBundle, MLP, QuantileForecaster) {
        var g = PhiloxGenerator(seed: 21)
        let mlp = MLP(inputSize: 3, hiddenSizes: [5], outputSize: 2, activation: .tanh, using: &g)
        var adam = Adam()
        mlp(Tensor.ones([4, 3])).sum().backward()
        adam.step(mlp)
        let forecaster = QuantileForecaster(kind: .gru, context: 6, horizon: 2, quantiles: [0.1, 0.5, 0.9], hidden: 4, using: &g)
        var forecasterEntry = try BundleEntry(name: "forecast-v0", module: forecaster, metadata: ["series": "test", "seed": "21"])
        forecasterEntry.parameters["head.bias"] = forecasterEntry.parameters["head.bias"]!.converted(to: .float64)
        let bundle = CheckpointBundle(entries: [
            try BundleEntry(name: "CartPole-v1", module: mlp, optimizerState: adam.stateDict(),
                            observationSpace: "{\"box\": [3]}", actionSpace: "{\"discrete\": 2}", metadata: ["algorithm": "ppo"]),
            forecasterEntry,
        ], hotkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY")
        return (bundle, mlp, forecaster)
    }

    @Test("write then read gives bit-identical parameters, the same hash and the same outputs")
    func roundTrip() throws {
        let (bundle, mlp, forecaster) = try Self.makeBundle()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("round.h5")
        try BundleWriter.write(bundle, to: path)
        let read = try BundleReader.read(path)
        #expect(try read.weightHash == bundle.weightHash)
        #expect(read.hotkey == bundle.hotkey && read.created == bundle.created)
        for original in bundle.entries {
            let loaded = try #require(read.entry(original.name))
            #expect(loaded.architecture == original.architecture && loaded.metadata == original.metadata)
            #expect(loaded.observationSpace == original.observationSpace && loaded.actionSpace == original.actionSpace)
            for (key, value) in original.parameters {
                #expect(loaded.parameters[key]?.dtype == value.dtype && loaded.parameters[key]?.doubles == value.doubles, "\(key)")
            }
            #expect(loaded.optimizerState?.keys.sorted() == original.optimizerState?.keys.sorted())
        }
        let x = Tensor(shape: [2, 3], scalars: [0.1, 0.2, -0.3, 1, -1, 2])
        let rebuilt = try ModelFactory.load(read.entry("CartPole-v1")!)
        #expect(noGrad { rebuilt(x).scalars } == noGrad { mlp(x).scalars })
        let context = Tensor(shape: [1, 6], scalars: [0.5, -0.2, 0.1, 0.3, -0.4, 0.2])
        var entry = read.entry("forecast-v0")!
        entry.parameters["head.bias"] = entry.parameters["head.bias"]!.converted(to: .float32)
        let rebuiltForecaster = try ModelFactory.load(entry)
        forecaster.eval()
        #expect(noGrad { rebuiltForecaster(context).scalars } == noGrad { forecaster(context).scalars })
    }

    @Test("h5py reads every name, shape and value, and recomputes the bundle hash from the spec")
    func readByH5py() throws {
        let (bundle, _, _) = try Self.makeBundle()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("h5py.h5")
        try BundleWriter.write(bundle, to: path)
        var expected: [String: [String: [String: Any]]] = [:]
        for entry in bundle.entries {
            var tensors: [String: [String: Any]] = [:]
            for (key, value) in entry.parameters {
                tensors[key] = ["shape": value.shape, "dtype": value.dtype.rawValue, "data": value.doubles]
            }
            expected[entry.name] = tensors
        }
        let expectedPath = path + ".json"
        try JSONSerialization.data(withJSONObject: ["entries": expected]).write(to: URL(fileURLWithPath: expectedPath))
        let python = try #require(venvPython, "h5py lives in the project's venv: run `scripts/venv.sh test` (make test does)")
        let (status, text) = try runPython(python, [repositoryRoot.appendingPathComponent("scripts/check_bundle.py").path,
                                                    path, expectedPath])
        #expect(status == 0, "\(text)")
        #expect(text.contains("check_bundle: ok"))
    }

    @Test("a changed weight is caught by the hash")
    func tampering() throws {
        let (bundle, _, _) = try Self.makeBundle()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("tampered.h5")
        try BundleWriter.write(bundle, to: path)
        // Contiguous, uncompressed storage: the weight's bytes sit verbatim in the file.
        let value = bundle.entries[0].parameters["layers.0.bias"]!.scalars[0]
        let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let offset = try #require((0...(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == pattern })
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: BundleError.self) { try BundleReader.read(path) }
        do {
            _ = try BundleReader.read(path)
        } catch {
            guard case .hashMismatch = error else { Issue.record("expected a hash mismatch, got \(error)"); return }
        }
    }

    @Test("bad content is refused before anything is written, and an existing bundle survives")
    func refusals() throws {
        let (bundle, _, _) = try Self.makeBundle()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("keep.h5")
        try BundleWriter.write(bundle, to: path)
        var broken = bundle
        broken.entries[0].parameters["layers.0.weight"] = Tensor(shape: [5, 3], scalars: [Float](repeating: .nan, count: 15))
        #expect(throws: BundleError.nonFinite(entry: "CartPole-v1", key: "layers.0.weight")) { try BundleWriter.write(broken, to: path) }
        var badName = bundle
        badName.entries[0].name = "a/b"
        #expect(throws: BundleError.self) { try BundleWriter.write(badName, to: path) }
        #expect(try BundleReader.read(path).weightHash == bundle.weightHash)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        #expect(leftovers == ["keep.h5"])
    }

    @Test("other files are refused with the reason named")
    func foreignFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("plain.h5")
        let file = try HDF5File.create(at: path)
        _ = try file.root.writeDataset("w", shape: [2], elements: [Float(1), 2])
        try file.close()
        #expect(throws: BundleError.invalidFile(path: path, reason: "the root has no format attribute \"frontier-bundle\"")) {
            try BundleReader.read(path)
        }
        let text = directory.path("text.h5")
        try "not hdf5".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: BundleError.unsafe(.notHDF5(path: text))) { try BundleReader.read(text) }
        let (bundle, _, _) = try Self.makeBundle()
        let future = directory.path("future.h5")
        try BundleWriter.write(bundle, to: future)
        let handle = try HDF5File.open(at: future, mode: .readWrite)
        try handle.root.setAttribute("format_version", to: .int64(7))
        try handle.close()
        #expect(throws: BundleError.unsupportedVersion(path: future, version: 7)) { try BundleReader.read(future) }
        #expect(BundleError.unsupportedVersion(path: future, version: 7).description.contains("use the Frontier that wrote it"))
    }

    @Test("unknown or absurd architectures are refused")
    func architectures() throws {
        #expect(throws: BundleError.self) { try ModelFactory.build(Architecture(kind: "resnet", configurationJSON: "{}")) }
        #expect(throws: BundleError.self) {
            try ModelFactory.build(Architecture(kind: "mlp", configurationJSON: "{\"sizes\": [4, 100000000], \"activation\": \"relu\"}"))
        }
        #expect(throws: BundleError.self) { try ModelFactory.build(Architecture(kind: "mlp", configurationJSON: "not json")) }
    }

    @Test("training resumed from a bundle continues exactly")
    func resume() throws {
        var g = PhiloxGenerator(seed: 8)
        let x = Tensor.randomNormal([16, 3], using: &g)
        let y = Tensor.randomNormal([16, 1], using: &g)
        func train(_ model: MLP, _ adam: inout Adam, steps: Int) {
            for _ in 0..<steps {
                model.zeroGrad()
                (model(x) - y).squared().mean().backward()
                adam.step(model)
            }
        }
        let model = MLP(inputSize: 3, hiddenSizes: [8], outputSize: 1, using: &g)
        var adam = Adam(learningRate: 0.01)
        train(model, &adam, steps: 5)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("resume.h5")
        try BundleWriter.write(CheckpointBundle(entries: [try BundleEntry(name: "m", module: model, optimizerState: adam.stateDict())]), to: path)
        train(model, &adam, steps: 5)

        let entry = try #require(try BundleReader.read(path).entry("m"))
        let restored = try #require(try ModelFactory.load(entry) as? MLP)
        restored.train()
        var restoredAdam = Adam(learningRate: 0.01)
        try restoredAdam.load(stateDict: entry.optimizerState!, for: restored)
        train(restored, &restoredAdam, steps: 5)
        #expect(restored.stateDict().map(\.value.scalars) == model.stateDict().map(\.value.scalars))
    }
}
