import Foundation
import NN
import Tensor
import Testing
@testable import Checkpoint
@testable import Models

/// Models' families in the architecture registry: predictions that match the networks, and
/// descriptions that are refused before anything is built.
@Suite("Architecture registry: models")
struct ModelArchitectureTests {
    static let registry = ArchitectureRegistry.models

    static let architectures: [Architecture] = [
        Architecture(kind: "mlp", configurationJSON: #"{"sizes": [3, 5, 2], "activation": "tanh"}"#),
        Architecture(kind: "mlp", configurationJSON: #"{"sizes": [7, 1], "activation": "relu"}"#),
        Architecture(kind: "mlp", configurationJSON: #"{"sizes": [2, 4, 4, 4, 3], "activation": "gelu"}"#),
        Architecture(kind: "quantile_forecaster", configurationJSON: #"{"kind": "gru", "context": 6, "horizon": 2, "quantiles": [0.1, 0.5, 0.9], "hidden": 4}"#),
        Architecture(kind: "quantile_forecaster", configurationJSON: #"{"kind": "mlp", "context": 12, "horizon": 3, "quantiles": [0.5], "hidden": 8}"#),
        Architecture(kind: "char_transformer", configurationJSON: #"{"vocabularySize": 5, "context": 8, "modelDimension": 8, "heads": 2, "layers": 2, "feedForwardDimension": 16, "dropout": 0.1}"#),
        Architecture(kind: "char_transformer", configurationJSON: #"{"vocabularySize": 30, "context": 4, "modelDimension": 6, "heads": 3, "layers": 1, "feedForwardDimension": 5, "dropout": 0}"#),
    ]

    /// Keys and shapes in order, as text, for comparing a plan with a network.
    static func layout(_ plan: ArchitecturePlan) -> [String] { plan.parameters.map { "\($0.key) \($0.shape)" } }
    static func layout(_ module: any Module) -> [String] { module.namedParameters.map { "\($0.name) \($0.parameter.shape)" } }

    @Test("every model family predicts exactly the keys, shapes and count its network holds")
    func plansMatchNetworks() throws {
        #expect(Self.registry.kinds == ["mlp", "quantile_forecaster", "char_transformer"])
        for architecture in Self.architectures {
            let plan = try Self.registry.plan(architecture)
            let network = try Self.registry.build(architecture)
            #expect(Self.layout(plan) == Self.layout(network), "\(architecture.kind) \(architecture.configuration)")
            #expect(plan.parameterCount == network.parameterCount)
        }
    }

    @Test("a huge feed-forward width is refused by the prediction instead of trapping in Linear.init")
    func hugeFeedForward() throws {
        let widths: [(String, String)] = [("4611686018427387904", "is 4611686018427388000; it must lie in 1...65536"), ("1099511627776", "must lie in 1...65536"),
                                          ("65537", "must lie in 1...65536"), ("0", "must be positive"), ("-5", "must be positive"),
                                          ("1e300", "does not decode"), ("2.5", "does not decode"), ("\"wide\"", "does not decode")]
        for (width, reason) in widths {
            let architecture = Architecture(kind: "char_transformer", configurationJSON: """
                {"vocabularySize": 5, "context": 8, "modelDimension": 8, "heads": 2, "layers": 1, "feedForwardDimension": \(width), "dropout": 0}
                """)
            do {
                _ = try ModelFactory.build(architecture)
                Issue.record("built feedForwardDimension \(width)")
            } catch {
                #expect(error.description.contains(reason), "\(width): \(error)")
            }
        }
        // Every size within its own bound, the whole beyond the parameter limit: refused by count.
        let large = Architecture(kind: "char_transformer", configurationJSON: """
            {"vocabularySize": 65536, "context": 65536, "modelDimension": 65536, "heads": 1, "layers": 64, "feedForwardDimension": 65536, "dropout": 0}
            """)
        #expect(throws: BundleError.invalidArchitecture(kind: "char_transformer", reason: "the architecture needs 1662194483200 parameters, more than the limit of 67108864")) {
            try ModelFactory.build(large)
        }
    }

    @Test("limits are settings, checked on the prediction")
    func limits() throws {
        let architecture = Self.architectures[0]  // 3·5 + 5 + 5·2 + 2 = 32 parameters
        #expect(try Self.registry.plan(architecture).parameterCount == 32)
        #expect(throws: BundleError.self) { try Self.registry.plan(architecture, limits: ArchitectureLimits(maximumParameterCount: 31)) }
        #expect(throws: BundleError.self) { try Self.registry.plan(architecture, limits: ArchitectureLimits(maximumWidth: 4)) }
        #expect(throws: BundleError.self) {
            try Self.registry.plan(Self.architectures[2], limits: ArchitectureLimits(maximumDepth: 2))
        }
        #expect(throws: Never.self) { try Self.registry.plan(Self.architectures[2], limits: ArchitectureLimits(maximumDepth: 3)) }
    }

    @Test("an entry whose architecture its parameters do not pay for is refused before a network is built")
    func comparedBeforeBuilding() throws {
        // 60 Mi parameters predicted (within the limit), 32 stored: building it would allocate
        // 240 MB and take seconds; the count comparison refuses it at once.
        var entry = try BundleEntry(name: "m", module: try ModelFactory.build(Self.architectures[0]))
        entry.architecture = Architecture(kind: "mlp", configurationJSON: #"{"sizes": [7680, 8192], "activation": "relu"}"#)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: BundleError.invalidEntry(entry: "m", reason: "the architecture needs 62922752 parameters, the entry stores 32")) {
            try ModelFactory.load(entry)
        }
        #expect(clock.now - start < .seconds(1))
        // Same count, other keys and shapes: every difference named.
        // [5, 3, 2] needs 15 + 3 + 6 + 2 = 26; stored 15 + 6 + 2 + 3 = 26 under other keys and shapes.
        entry.architecture = Architecture(kind: "mlp", configurationJSON: #"{"sizes": [5, 3, 2], "activation": "tanh"}"#)
        entry.parameters["layers.0.weight"] = Tensor.zeros([3, 5])
        entry.parameters["layers.0.bias"] = nil
        entry.parameters["layers.2.weight"] = Tensor.zeros([3, 2])
        entry.parameters["extra"] = Tensor.zeros([3])
        do {
            _ = try ModelFactory.load(entry)
            Issue.record("loaded mismatched parameters")
        } catch {
            #expect(error.description.contains("missing layers.0.bias") && error.description.contains("unexpected extra")
                    && error.description.contains("layers.2.weight has shape [3, 2], the architecture needs [2, 3]"), "\(error)")
        }
    }

    @Test("an unknown kind names the kinds this registry builds")
    func unknownKind() {
        #expect(throws: BundleError.invalidArchitecture(kind: "resnet", reason: "unknown kind; this Frontier builds mlp, quantile_forecaster, char_transformer")) {
            try ModelFactory.build(Architecture(kind: "resnet", configurationJSON: "{}"))
        }
    }
}
