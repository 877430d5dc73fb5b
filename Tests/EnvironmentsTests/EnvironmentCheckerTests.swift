import RL
import Testing

/// The environment checker reports each deliberate fault of a test environment, and nothing
/// for the sound version.
@Suite struct EnvironmentCheckerTests {
    @Test(arguments: [
        (FaultyWalk.Fault.none, [] as [EnvironmentCheckFinding.Kind]),
        (.ignoresSeed, [.seeding]),
        (.notReproducible, [.determinism]),
        (.observationOutsideSpace, [.observation]),
        (.nanObservation, [.observation]),
        (.nanReward, [.reward]),
        (.rewardOutsideRange, [.reward]),
        (.neverEnds, [.episodeEnd]),
        (.incompleteState, [.state]),
        (.inPlaceStepDiffers, [.contract]),
    ])
    func reportsTheFault(_ fault: FaultyWalk.Fault, _ expected: [EnvironmentCheckFinding.Kind]) {
        let findings = EnvironmentChecker.check(FaultyWalk.made(fault), seed: 3, steps: 400)
        #expect(Set(findings.map(\.kind)) == Set(expected), "\(fault): \(findings.map(\.description))")
        for finding in findings {
            #expect(!finding.message.isEmpty && finding.description.hasPrefix(finding.kind.rawValue + ": "))
        }
    }

    @Test func messagesSayWhatAndWhere() {
        let findings = EnvironmentChecker.check(FaultyWalk.made(.observationOutsideSpace), seed: 1, steps: 100)
        let message = findings.first?.message ?? ""
        #expect(message.contains("outside the observation space") && message.contains("step"), "\(message)")
        let endless = EnvironmentChecker.check(FaultyWalk.made(.neverEnds), seed: 1, steps: 100).first?.message ?? ""
        #expect(endless.contains("limit is 50"), "\(endless)")
    }
}
