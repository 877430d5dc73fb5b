import NN
import Tensor
import Testing
@testable import RL

@Suite("On-policy rollouts")
struct OnPolicyCollectorTests {
    @Test("truncation bootstraps from the final observation's value; termination does not")
    func truncationBootstraps() {
        // Copy 0 terminates after 2 steps; copy 1 never terminates but is truncated after 3.
        let environments = VectorEnvironment(count: 2) { index -> any Environment in
            index == 0 ? CountingEnvironment(length: 2) : TimeLimit(CountingEnvironment(length: 100), maxEpisodeSteps: 3)
        }
        var generator = PhiloxGenerator(seed: 1)
        let model = ActorCritic(.init(observationSize: 1, actionSpace: .discrete(DiscreteSpace(2))), using: &generator)
        var session = TrainingSession(environments: environments, seed: 0)
        let collector = OnPolicyCollector(environments: environments, normalizer: nil, gamma: 0.9, generator: PhiloxGenerator(seed: 2))
        var buffer = RolloutBuffer(steps: 4, environments: 2, observationSize: 1, actionWidth: 1)
        _ = collector.collect(into: &buffer, model: model, session: &session, metrics: .discard)

        let finalValue = Double(noGrad { model.value(Tensor(shape: [1, 1], scalars: [3])).scalars[0] })
        // Step index t (0-based) of copy c is entry t*2+c; CountingEnvironment rewards t+1.
        #expect(buffer.rewards[1 * 2 + 0] == 2, "termination: no bootstrap")
        #expect(buffer.dones[1 * 2 + 0] && buffer.dones[2 * 2 + 1])
        #expect(abs(buffer.rewards[2 * 2 + 1] - (3 + 0.9 * finalValue)) < 1e-6, "truncation adds γ·V(final)")
        #expect(buffer.rewards[0 * 2 + 1] == 1 && buffer.rewards[3 * 2 + 1] == 1)
        // The episode statistics were recorded for both endings.
        #expect(session.episodes.map { $0.episodeReturn } == [3, 6, 3])
    }
}

@Suite("DQN replay")
struct DQNReplayTests {
    @Test("truncated transitions keep their final observation and bootstrap; terminated ones do not")
    func replayStoresFinalObservations() throws {
        // Copy 0 terminates after 2 steps; copy 1 is truncated after 3. No learning: only storage.
        var config = DQNConfig()
        config.environmentCount = 2
        config.learningStarts = 1_000
        config.bufferSize = 64
        config.batchSize = 8
        let dqn = try DQN(config: config, seed: 0) { index -> any Environment in
            index == 0 ? CountingEnvironment(length: 2) : TimeLimit(CountingEnvironment(length: 100), maxEpisodeSteps: 3)
        }
        dqn.train(totalSteps: 8)
        let stored = dqn.replayContents()
        // Entries alternate copy 0, copy 1 per vector step.
        #expect(stored.count == 8)
        #expect(stored[2].observation == [1] && stored[2].nextObservation == [2] && stored[2].terminated, "copy 0 ends by termination")
        #expect(stored[5].observation == [2] && stored[5].nextObservation == [3] && !stored[5].terminated, "copy 1 truncated: bootstraps")
        #expect(stored[7].observation == [0], "after the truncation copy 1 starts again from its reset observation")
    }
}
