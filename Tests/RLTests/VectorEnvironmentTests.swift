import Tensor
import Testing
@testable import RL

@Suite struct VectorEnvironmentTests {
    @Test func copyIIsSeededWithSeedPlusIAndStepsLikeASingleEnvironment() {
        let vector = VectorEnvironment(count: 4) { _ in RandomWalkEnvironment() }
        let singles = (0..<4).map { _ in RandomWalkEnvironment() }
        let reset = vector.reset(seed: 10)
        for index in 0..<4 { #expect(reset.observation(index) == singles[index].reset(seed: 10 + UInt64(index)).observation) }
        var generator = PhiloxGenerator(seed: 5)
        var endings = 0
        for _ in 0..<200 {
            let actions = (0..<4).map { _ in Action.discrete(generator.nextInt(below: 2)) }
            let batch = vector.step(actions)
            for index in 0..<4 {
                var transition = singles[index].step(actions[index])
                if transition.isDone {
                    endings += 1
                    #expect(batch.infos[index].finalObservation == transition.observation)
                    transition.observation = singles[index].reset(seed: nil).observation
                }
                #expect(batch.observation(index) == transition.observation)
                #expect(batch.rewards[index] == transition.reward && batch.terminated[index] == transition.terminated)
            }
        }
        #expect(endings > 0, "the walk should end some episodes in 200 steps")
    }

    @Test func resetWithoutSeedContinuesEachCopysStream() {
        let vector = VectorEnvironment(count: 2) { _ in RandomWalkEnvironment() }
        let first = vector.reset(seed: 3), second = vector.reset(seed: nil), again = vector.reset(seed: 3)
        #expect(first.observations == again.observations)
        #expect(first.observations != second.observations)
    }

    @Test func sameStepAutoresetReturnsTheNextEpisodesFirstObservation() {
        let vector = VectorEnvironment(count: 2) { index in CountingEnvironment(length: 2 + index) }
        #expect(vector.reset(seed: 0).observations == [0, 0])
        let first = vector.step([.discrete(0), .discrete(0)])
        #expect(first.observations == [1, 1] && first.finishedEpisodes.isEmpty)
        #expect(first.infos.allSatisfy { $0.finalObservation == nil })

        let second = vector.step([.discrete(0), .discrete(0)])
        #expect(second.terminated == [true, false] && second.truncated == [false, false])
        #expect(second.observations == [0, 2], "copy 0 already shows its next episode's first observation")
        #expect(second.infos[0].finalObservation == [2] && second.infos[1].finalObservation == nil)
        #expect(second.rewards == [2, 2])
        #expect(second.finishedEpisodes.map(\.copy) == [0])
        #expect(second.infos[0].episode?.episodeReturn == 3 && second.infos[0].episode?.length == 2)

        let third = vector.step([.discrete(0), .discrete(0)])
        #expect(third.observations == [1, 0] && third.terminated == [false, true])
        #expect(third.infos[1].finalObservation == [3])
        #expect(third.finishedEpisodes.map(\.copy) == [1] && third.infos[1].episode?.episodeReturn == 6)
    }

    @Test func statisticsCanBeLeftOut() {
        let vector = VectorEnvironment(count: 1, recordEpisodeStatistics: false) { _ in CountingEnvironment(length: 1) }
        _ = vector.reset(seed: 0)
        let batch = vector.step([.discrete(0)])
        #expect(batch.terminated == [true] && batch.infos[0].episode == nil && batch.infos[0].finalObservation == [1])
    }

    /// Everything a step returns except the wall-clock seconds.
    private struct Record: Equatable {
        var observations: [Float], rewards: [Double], terminated: [Bool], truncated: [Bool]
        var finals: [[Float]?], returns: [Double?], lengths: [Int?]
        init(_ batch: VectorStep) {
            observations = batch.observations
            rewards = batch.rewards
            terminated = batch.terminated
            truncated = batch.truncated
            finals = batch.infos.map(\.finalObservation)
            returns = batch.infos.map { $0.episode?.episodeReturn }
            lengths = batch.infos.map { $0.episode?.length }
        }
    }

    private func run(_ parallelism: VectorEnvironment.Parallelism, switchingTo later: VectorEnvironment.Parallelism? = nil) -> [Record] {
        let vector = VectorEnvironment(count: 7, parallelism: parallelism) { _ in
            TimeLimit(RandomWalkEnvironment(), maxEpisodeSteps: 15)
        }
        var records = [Record]()
        var generator = PhiloxGenerator(seed: 9)
        records.append(Record(VectorStep(observations: vector.reset(seed: 100).observations, rewards: [], terminated: [],
                                         truncated: [], infos: [], observationSize: 2)))
        for step in 0..<300 {
            if step == 150, let later { vector.parallelism = later }
            records.append(Record(vector.step((0..<7).map { _ in .discrete(generator.nextInt(below: 2)) })))
        }
        return records
    }

    @Test func threadedSteppingIsIdenticalToSerial() {
        let serial = run(.serial)
        #expect(serial.contains { $0.truncated.contains(true) } && serial.contains { $0.terminated.contains(true) })
        #expect(run(.threads(3)) == serial)
        #expect(run(.threads(16)) == serial)
        #expect(run(.threads(2), switchingTo: .serial) == serial)
    }

    @Test func aWrongNumberOfActionsStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let vector = VectorEnvironment(count: 3) { _ in CountingEnvironment(length: 5) }
            _ = vector.reset(seed: 0)
            _ = vector.step([.discrete(0), .discrete(1)])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("VectorEnvironment.step: got 2 actions for 3 environments"))
    }

    @Test func steppingBeforeAResetStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let vector = VectorEnvironment(count: 1) { _ in CountingEnvironment(length: 5) }
            _ = vector.step([.discrete(0)])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("call reset(seed:) before the first step"))
    }
}

/// Counts like ``CountingEnvironment``, then breaks its contract at step `breakAt`: `how` 0 gives
/// an observation of the wrong size, 1 a NaN reward, 2 an infinite observation.
final class BreakingEnvironment: Environment {
    let breakAt: Int, how: Int
    private(set) var t = 0
    init(breakAt: Int, how: Int) { (self.breakAt, self.how) = (breakAt, how) }

    var observationSpace: Space { .box(BoxSpace(low: 0, high: 100, shape: [1])) }
    var actionSpace: Space { .discrete(DiscreteSpace(2)) }
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "Breaking-v0", version: 0) }

    func reset(seed: UInt64?) -> Reset {
        t = 0
        return Reset(observation: [0])
    }

    func step(_ action: Action) -> Transition {
        t += 1
        guard t == breakAt else { return Transition(observation: [Float(t)], reward: 1, terminated: t >= 50, truncated: false) }
        switch how {
        case 0: return Transition(observation: [1, 2, 3], reward: 1, terminated: false, truncated: false)
        case 1: return Transition(observation: [Float(t)], reward: .nan, terminated: false, truncated: false)
        default: return Transition(observation: [.infinity], reward: 1, terminated: false, truncated: false)
        }
    }
}

@Suite("A third-party environment that breaks its contract")
struct BrokenEnvironmentTests {
    @Test("the vector environment records the fault, keeps the batch's shape and goes on", arguments: [0, 1, 2])
    func vectorRecordsFaults(how: Int) {
        let vector = VectorEnvironment(count: 3, parallelism: .threads(2)) { index -> any Environment in
            index == 1 ? BreakingEnvironment(breakAt: 2, how: how) : CountingEnvironment(length: 50)
        }
        _ = vector.reset(seed: 0)
        _ = vector.step([.discrete(0), .discrete(0), .discrete(0)])
        #expect(vector.fault == nil)
        let step = vector.step([.discrete(0), .discrete(0), .discrete(0)])
        #expect(step.observations.count == 3 && step.observations.allSatisfy(\.isFinite) && step.rewards.allSatisfy(\.isFinite))
        let fault = vector.fault
        #expect(fault?.copy == 1)
        #expect(fault?.reason.contains(["observation of 3 values", "non-finite reward", "non-finite observation"][how]) == true,
                "\(String(describing: fault))")
        #expect(step.truncated[1])
    }

    @Test("PPO, A2C and DQN stop training and say why instead of stopping the process")
    func learnersStop() throws {
        let make: (Int) -> any Environment = { _ in BreakingEnvironment(breakAt: 30, how: 0) }
        var ppo = PPOConfig()
        (ppo.environmentCount, ppo.rolloutSteps, ppo.hiddenSizes) = (2, 16, [8])
        var a2c = A2CConfig()
        (a2c.environmentCount, a2c.hiddenSizes) = (2, [8])
        var dqn = DQNConfig()
        (dqn.hiddenSizes, dqn.learningStarts) = ([8], 10)
        let learners: [any Learner] = [try PPO(config: ppo, seed: 0, makeEnvironment: make), try A2C(config: a2c, seed: 0, makeEnvironment: make),
                                       try DQN(config: dqn, seed: 0, makeEnvironment: make)]
        for learner in learners {
            let summary = learner.train(totalSteps: 2_000, hooks: TrainingHooks())
            #expect(summary.failure?.reason.contains("observation of 3 values") == true, "\(type(of: learner))")
            #expect(summary.steps < 2_000)
        }
    }
}
