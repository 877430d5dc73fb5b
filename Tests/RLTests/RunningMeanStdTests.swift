import Foundation
import Tensor
import TestSupport
import Testing
@testable import RL

@Suite struct RunningMeanStdTests {
    private func randomRows(_ rows: Int, _ columns: Int, seed: UInt64) -> [[Float]] {
        var generator = PhiloxGenerator(seed: seed)
        return (0..<rows).map { _ in (0..<columns).map { column in Float(3 * generator.nextNormal() + Double(column)) } }
    }

    @Test func matchesTheDirectMeanAndVarianceOfTheData() {
        let rows = randomRows(500, 3, seed: 1)
        var statistics = RunningMeanStd(size: 3)
        statistics.update(batch: rows)
        for column in 0..<3 {
            let values = rows.map { Double($0[column]) }
            let mean = values.reduce(0, +) / 500
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 500
            // The prior (mean 0, var 1, count 1e-4) shifts the result by about 1e-4 / 500.
            #expect(abs(statistics.mean[column] - mean) <= 1e-6 * (1 + abs(mean)), "column \(column)")
            #expect(abs(statistics.variance[column] - variance) <= 1e-6 * variance, "column \(column)")
        }
        #expect(abs(statistics.count - 500.0001) < 1e-9)
    }

    @Test func updatingInTwoBatchesEqualsOneBatch() {
        let rows = randomRows(50, 4, seed: 2)
        var whole = RunningMeanStd(size: 4), parts = RunningMeanStd(size: 4), single = RunningMeanStd(size: 4)
        whole.update(batch: rows)
        parts.update(batch: Array(rows[..<20]))
        parts.update(rows: rows[20...].flatMap { $0 }, rowCount: 30)
        for row in rows { single.update(batch: [row]) }
        for other in [parts, single] {
            #expect(firstMismatch(other.mean, whole.mean, relative: 1e-12, absolute: 1e-12) == nil)
            #expect(firstMismatch(other.variance, whole.variance, relative: 1e-12, absolute: 1e-12) == nil)
            #expect(abs(other.count - whole.count) < 1e-9)
        }
    }

    @Test func scalarsUpdateLikeRowsOfOne() {
        var scalars = RunningMeanStd(size: 1), rows = RunningMeanStd(size: 1)
        scalars.update(scalars: [1, 2.5, -4])
        rows.update(rows: [1, 2.5, -4], rowCount: 3)
        #expect(firstMismatch(scalars.mean + scalars.variance, rows.mean + rows.variance, relative: 1e-14, absolute: 0) == nil)
    }

    @Test func normalizeUsesEpsilonAndClip() {
        let statistics = RunningMeanStd(mean: [1, -2], variance: [4, 0], count: 10)
        let values = statistics.normalize([3, -2, 1, 5], epsilon: 1e-8)
        #expect(values == [Float(2 / (4 + 1e-8).squareRoot()), 0, 0, Float(7 / (1e-8).squareRoot())])
        #expect(statistics.normalize([3, 5, -100, -2], clip: 10) == [Float(2 / (4 + 1e-8).squareRoot()), 10, -10, 0])
    }

    @Test func exportRoundTripsAndRefusesBrokenArrays() throws {
        var statistics = RunningMeanStd(size: 2)
        statistics.update(batch: randomRows(7, 2, seed: 3))
        let exported = statistics.export(prefix: "obs/")
        #expect(Set(exported.keys) == ["obs/mean", "obs/var", "obs/count"])
        #expect(try RunningMeanStd(exported: exported, prefix: "obs/") == statistics)

        var missing = exported
        missing["obs/var"] = nil
        #expect(throws: NormalizationError.missing(key: "obs/var")) { try RunningMeanStd(exported: missing, prefix: "obs/") }
        var short = exported
        short["obs/var"] = [1]
        #expect(throws: NormalizationError.self) { try RunningMeanStd(exported: short, prefix: "obs/") }
        var negative = exported
        negative["obs/count"] = [-1]
        #expect(throws: NormalizationError.self) { try RunningMeanStd(exported: negative, prefix: "obs/") }
    }

    @Test func codableUsesGymnasiumNames() throws {
        let statistics = RunningMeanStd(mean: [0.5], variance: [2], count: 3)
        let json = String(decoding: try JSONEncoder().encode(statistics), as: UTF8.self)
        #expect(json.contains("\"var\"") && json.contains("\"mean\"") && json.contains("\"count\""))
        #expect(try JSONDecoder().decode(RunningMeanStd.self, from: Data(json.utf8)) == statistics)
        let broken = #"{"mean":[0],"var":[-1],"count":1}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RunningMeanStd.self, from: Data(broken.utf8)) }
    }
}
