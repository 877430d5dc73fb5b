import Foundation
import Testing

/// `frontier evaluate --suite`, `frontier weights` and `frontier scoring simulate`, end to end.
@Suite("frontier evaluate --suite, weights and scoring", .serialized)
struct EvaluationCommandTests {
    @Test("evaluate plays a suite the same way at any thread count; weights scores its results")
    func evaluateAndWeigh() throws {
        let folder = try temporaryFolder()
        for seed in ["1", "2"] {
            let train = try runFrontier(["train", "--env", "CartPole-v1", "--steps", "2048", "--seed", seed,
                                         "--out", folder + "/m\(seed).h5", "--quiet"])
            #expect(train.status == 0, "\(train.error)")
        }
        let suite = folder + "/suite.yaml"
        try "name: cli\nenvironments:\n  - id: CartPole-v1\n    episodes: 6\n  - id: Pendulum-v1\n    episodes: 2\n"
            .write(toFile: suite, atomically: true, encoding: .utf8)
        let bundles = [folder + "/m1.h5", folder + "/m2.h5"]
        let one = try runFrontier(["evaluate"] + bundles + ["--suite", suite, "--seed", "4", "--threads", "1", "--json"])
        let two = try runFrontier(["evaluate"] + bundles + ["--suite", suite, "--seed", "4", "--threads", "2", "--json",
                                                            "--results", folder + "/results.json"])
        #expect(one.status == 0 && two.status == 0, "\(one.error)\(two.error)")
        #expect(one.output == two.output)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(one.output.utf8)) as? [String: Any])
        let entries = try #require(parsed["bundles"] as? [[String: Any]])
        #expect(entries.count == 2)
        let pendulum = try #require((entries[0]["environments"] as? [[String: Any]])?.last)
        #expect(pendulum["completed"] as? Int == 0 && (pendulum["failures"] as? [String: Int]) == ["missing_policy": 2])

        let weights = try runFrontier(["weights", folder + "/results.json", "--json"])
        #expect(weights.status == 0, "\(weights.error)")
        let vector = try #require(try JSONSerialization.jsonObject(with: Data(weights.output.utf8)) as? [String: Any])
        let floats = try #require(vector["weights"] as? [String: Double])
        #expect(Set(floats.keys) == ["0", "1", "2"] && abs(floats.values.reduce(0, +) - 1) < 1e-9)

        let text = try runFrontier(["weights", folder + "/results.json", "--rule", "champion", "--pareto", "CartPole-v1,Pendulum-v1",
                                    "--svg", folder + "/front.svg"])
        #expect(text.status == 0 && text.output.contains("rule: champion"), "\(text.output)\(text.error)")
        #expect(try String(contentsOfFile: folder + "/front.svg", encoding: .utf8).hasPrefix("<svg"))
    }

    @Test("weights scores a plain CSV table: a later near-copy gets nothing")
    func weightsFromCSV() throws {
        let folder = try temporaryFolder()
        let csv = folder + "/scores.csv"
        try """
        uid,hotkey,first_submitted,env,score,completed,expected
        1,alice,100,A,0.80,100,100
        1,alice,100,B,0.60,100,100
        2,bob,200,A,0.81,100,100
        2,bob,200,B,0.61,100,100
        """.write(toFile: csv, atomically: true, encoding: .utf8)
        let run = try runFrontier(["weights", "--scores", csv, "--json"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("\"2\": 0.0") && run.output.contains("\"1\": 1.0"), "\(run.output)")
        let statistical = try runFrontier(["weights", "--scores", csv, "--rule", "statistical"])
        #expect(statistical.status != 0 && statistical.error.contains("per-task"), "\(statistical.error)")
        let bad = folder + "/bad.csv"
        try "uid,hotkey,first_submitted,env,score,completed,expected\n1,a,1,A,1.5,1,1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try runFrontier(["weights", "--scores", bad])
        #expect(refused.status != 0 && refused.error.contains("line 2"), "\(refused.error)")
    }

    @Test("scoring simulate prints every rule's takeover and recognition rates")
    func simulate() throws {
        let run = try runFrontier(["scoring", "simulate", "--trials", "40", "--tasks", "200", "--environments", "3"])
        #expect(run.status == 0, "\(run.error)")
        for rule in ["affine-subsets", "statistical", "champion"] { #expect(run.output.contains(rule), "\(run.output)") }
        #expect(run.output.contains("paired z-test power"))
    }
}
