import Environments
import RL
import Testing

/// Frontier's classic-control environments replay Gymnasium's recorded episodes: same
/// observations, rewards and internal states (to 1e-5), same terminated/truncated flags.
@Suite struct GoldenTrajectoryTests {
    @Test(arguments: GoldenTrajectories.caseKeys)
    func replayMatchesGymnasium(_ key: GoldenCaseKey) throws {
        if let problem = try firstDisagreement(replaying: key.goldenCase, in: key.id) {
            Issue.record("\(key.testDescription): \(problem)")
        }
    }

    /// The same episodes through `step(_:into:)`, one transition kept across the steps: CartPole's
    /// own in-place step, the default (`transition = step(action)`) for the others.
    @Test(arguments: GoldenTrajectories.caseKeys)
    func inPlaceReplayMatchesGymnasium(_ key: GoldenCaseKey) throws {
        if let problem = try firstDisagreement(replaying: key.goldenCase, in: key.id, inPlace: true) {
            Issue.record("\(key.testDescription): \(problem)")
        }
    }

    @Test func everyEnvironmentHasCasesEndingEachWay() {
        let golden = GoldenTrajectories.shared
        #expect(golden.gymnasiumVersion == "1.4.0")
        #expect(golden.environments.keys.sorted() == EnvironmentRegistry.classicControlIDs)
        for (id, environment) in golden.environments {
            #expect(environment.cases.contains { $0.truncated.last == true }, "\(id): no case reaches the time limit")
            if id != Pendulum.id {
                #expect(environment.cases.contains { $0.terminated.last == true }, "\(id): no case terminates")
            }
        }
    }
}
