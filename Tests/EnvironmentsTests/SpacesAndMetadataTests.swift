import Environments
import RL
import Testing

/// Spaces, time limits, thresholds and versions are Gymnasium's.
@Suite struct SpacesAndMetadataTests {
    @Test(arguments: EnvironmentRegistry.classicControlIDs)
    func spacesMatchGymnasium(_ id: String) throws {
        let golden = try #require(GoldenTrajectories.shared.environments[id])
        let environment = try EnvironmentRegistry.builtIn.make(id)
        guard case let .box(observations) = environment.observationSpace else {
            Issue.record("\(id): observation space is not a box")
            return
        }
        #expect(observations.low == golden.observationSpace.low?.map(Float.init))
        #expect(observations.high == golden.observationSpace.high?.map(Float.init))
        #expect(observations.shape == golden.observationSpace.shape)
        switch environment.actionSpace {
        case let .discrete(actions):
            #expect(actions.count == golden.actionSpace.n)
            #expect(actions.start == golden.actionSpace.start)
        case let .box(actions):
            #expect(actions.low == golden.actionSpace.low?.map(Float.init))
            #expect(actions.high == golden.actionSpace.high?.map(Float.init))
            #expect(actions.shape == golden.actionSpace.shape)
        default:
            Issue.record("\(id): unexpected action space \(environment.actionSpace)")
        }
        let stateful = try #require(environment.unwrapped as? any StatefulEnvironment)
        #expect(stateful.stateNames == golden.stateNames)
    }

    @Test(arguments: EnvironmentRegistry.classicControlIDs)
    func metadataMatchesGymnasium(_ id: String) throws {
        let golden = try #require(GoldenTrajectories.shared.environments[id])
        let entry = try #require(EnvironmentRegistry.builtIn.entry(id))
        #expect(entry.metadata.id == id)
        #expect(entry.metadata.maxEpisodeSteps == golden.maxEpisodeSteps)
        #expect(entry.metadata.rewardThreshold == golden.rewardThreshold)
        #expect("\(id.prefix(while: { $0 != "-" }))-v\(entry.metadata.version)" == id)
        #expect(!entry.summary.isEmpty && !entry.summary.contains("\n"))
        // make() applies the time limit; the instance reports the registry's record.
        let made = try EnvironmentRegistry.builtIn.make(id)
        #expect((made as? TimeLimit)?.maxEpisodeSteps == golden.maxEpisodeSteps)
        #expect(made.metadata == entry.metadata)
        #expect(!(try EnvironmentRegistry.builtIn.make(id, timeLimit: false) is TimeLimit))
    }

    @Test func rewardRanges() throws {
        let ranges = EnvironmentRegistry.builtIn.all.filter { EnvironmentRegistry.classicControlIDs.contains($0.metadata.id) }.map { ($0.metadata.id, $0.metadata.rewardRange) }
        #expect(ranges.map(\.0) == ["Acrobot-v1", "CartPole-v1", "MountainCar-v0", "Pendulum-v1"])
        #expect(ranges[0].1 == -1...0)
        #expect(ranges[1].1 == 0...1)
        #expect(ranges[2].1 == -1 ... -1)
        #expect(abs(ranges[3].1.lowerBound - -16.2736044) < 1e-6 && ranges[3].1.upperBound == 0)
        let suttonBarto = try EnvironmentRegistry.builtIn.make(CartPole.id, options: ["sutton_barto_reward": 1])
        #expect(suttonBarto.metadata.rewardRange == -1...0)
    }

    /// Every reward in the golden episodes lies in the metadata's range.
    @Test func goldenRewardsLieInRange() {
        for (id, golden) in GoldenTrajectories.shared.environments {
            let options = golden.cases.map(\.options)
            for (caseIndex, goldenCase) in golden.cases.enumerated() {
                guard let environment = try? EnvironmentRegistry.builtIn.make(id, options: EnvironmentOptions(options[caseIndex])) else {
                    Issue.record("\(id): cannot make with \(options[caseIndex])")
                    continue
                }
                for reward in goldenCase.rewards where !environment.metadata.rewardRange.contains(reward) {
                    Issue.record("\(id) case \(caseIndex): reward \(reward) outside \(environment.metadata.rewardRange)")
                }
            }
        }
    }
}
