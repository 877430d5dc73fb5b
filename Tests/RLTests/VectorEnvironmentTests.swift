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
