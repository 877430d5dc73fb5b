import Foundation
import Testing
@testable import AutoML

/// Log densities of the Parzen estimators against Optuna's own `_ParzenEstimator` on the same
/// observations and points (scripts/golden/tpe_golden.py writes Resources/tpe_golden.json).
@Suite struct ParzenGoldenTests {
    struct Golden: Decodable {
        struct Parameter: Decodable {
            var name: String
            var kind: String
            var low: Double?
            var high: Double?
            var log: Bool?
            var step: Double?
            var choices: Int?

            var distribution: Distribution {
                switch kind {
                case "float": return .float(low: low!, high: high!, log: log!, step: step)
                case "int": return .int(low: Int(low!), high: Int(high!), log: log!, step: Int(step ?? 1))
                default: return .categorical((0..<choices!).map { .int($0) })
                }
            }
        }

        struct Case: Decodable {
            var name: String
            var space: [Parameter]
            var observations: [[Double]]
            var points: [[Double]]
            var log_density: [Double]
        }

        var optuna: String
        var cases: [Case]
    }

    static func golden() throws -> Golden {
        let url = try #require(Bundle.module.url(forResource: "Resources/tpe_golden", withExtension: "json"))
        return try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    }

    @Test func logDensitiesMatchOptunas() throws {
        let golden = try Self.golden()
        #expect(golden.cases.count == 10)
        for item in golden.cases {
            let space = item.space.map { ($0.name, $0.distribution) }
            let estimator = ParzenEstimator(observations: item.observations, observationWeights: TPESampler.weights(item.observations.count),
                                            space: space, configuration: .optuna())
            for (point, expected) in zip(item.points, item.log_density) {
                let actual = estimator.logDensity(point)
                #expect(abs(actual - expected) <= 1e-9 * max(1, abs(expected)), "\(item.name) at \(point): \(actual) against Optuna \(golden.optuna)'s \(expected)")
            }
        }
    }
}
