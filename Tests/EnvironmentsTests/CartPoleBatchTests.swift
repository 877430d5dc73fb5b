import Environments
import RL
import Tensor
import Testing

/// ``CartPoleBatch`` is `count` copies of `TimeLimit(CartPole(), 500)` under same-step autoreset:
/// every environment's trajectory equals the single environment's bit for bit, through
/// terminations, truncations and the resets that follow them.
@Suite struct CartPoleBatchTests {
    /// Environment `index`'s action at a step: a balancing controller for even indices (so their
    /// episodes reach the 500-step limit), random pushes for odd ones (so they terminate often).
    static func action(_ index: Int, observation: [Float], generator: inout PhiloxGenerator) -> Int {
        if index.isMultiple(of: 2) { return observation[2] + 0.5 * observation[3] > 0 ? 1 : 0 }
        return Int(generator.next() & 1)
    }

    /// Steps a batch and one single environment per batch slot together and compares
    /// everything the batch reports with what the single environments return.
    static func compare(batch: CartPoleBatch, singles: [TimeLimit], steps: Int) throws -> (terminations: Int, truncations: Int) {
        var generator = PhiloxGenerator(seed: 7)
        var (terminations, truncations) = (0, 0)
        for step in 0..<steps {
            let actions = (0..<batch.count).map { action($0, observation: batch.observation($0), generator: &generator) }
            try batch.step(actions)
            for (index, single) in singles.enumerated() {
                let transition = single.step(.discrete(actions[index]))
                let context = "environment \(index), step \(step)"
                #expect(batch.terminated[index] == transition.terminated, "\(context)")
                #expect(batch.truncated[index] == transition.truncated, "\(context)")
                #expect(batch.rewards[index] == transition.reward, "\(context)")
                if transition.isDone {
                    terminations += transition.terminated ? 1 : 0
                    truncations += transition.truncated ? 1 : 0
                    let final = Array(batch.finalObservations[(4 * index)..<(4 * index + 4)])
                    #expect(final.map(\.bitPattern) == transition.observation.map(\.bitPattern), "\(context): final observation")
                    let reset = single.reset(seed: nil)
                    #expect(batch.observation(index).map(\.bitPattern) == reset.observation.map(\.bitPattern), "\(context): reset")
                } else {
                    #expect(batch.observation(index).map(\.bitPattern) == transition.observation.map(\.bitPattern), "\(context)")
                }
                let state = try #require((single.inner as? CartPole)?.state)
                #expect(batch.state(index).map(\.bitPattern) == state.map(\.bitPattern), "\(context): state")
                #expect(batch.elapsedSteps[index] == single.elapsedSteps, "\(context): elapsed steps")
            }
        }
        return (terminations, truncations)
    }

    @Test func seededBatchEqualsSingleEnvironmentsBitForBit() throws {
        let count = 6
        let batch = try CartPoleBatch(count: count)
        batch.reset(seed: 42)
        let singles = (0..<count).map { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        for (index, single) in singles.enumerated() {
            let reset = single.reset(seed: 42 + UInt64(index))
            #expect(batch.observation(index).map(\.bitPattern) == reset.observation.map(\.bitPattern))
        }
        let (terminations, truncations) = try Self.compare(batch: batch, singles: singles, steps: 1_600)
        // The comparison went through both kinds of episode end and the resets after them.
        #expect(terminations > 50)
        #expect(truncations >= 3)
    }

    @Test func givenStatesEqualSingleEnvironments() throws {
        let states: [[Double]] = [[0, 0, 0.2, 0], [2.3, 1, 0, 0], [-1, -0.5, -0.1, 2], [0.01, 0.02, 0.03, 0.04]]
        let batch = try CartPoleBatch(count: states.count)
        batch.reset(seed: 3)
        let singles = (0..<states.count).map { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        for (index, state) in states.enumerated() {
            try batch.reset(index, state: state)
            _ = singles[index].reset(seed: 3 + UInt64(index))
            _ = try singles[index].reset(state: state)
        }
        _ = try Self.compare(batch: batch, singles: singles, steps: 700)
    }

    @Test func badInputThrowsTypedErrorsAndChangesNothing() throws {
        #expect(throws: EnvironmentError.self) { try CartPoleBatch(count: 0) }
        #expect(throws: EnvironmentError.self) { try CartPoleBatch(count: CartPoleBatch.maximumCount + 1) }
        #expect(throws: EnvironmentError.self) { try CartPoleBatch(count: 4, maxEpisodeSteps: 0) }
        let batch = try CartPoleBatch(count: 4)
        let beforeReset = #expect(throws: EnvironmentError.self) { try batch.step([0, 1, 0, 1]) }
        #expect(beforeReset?.description.contains("reset(seed:)") == true)
        batch.reset(seed: 0)
        let before = batch.observations
        let wrongCount = #expect(throws: EnvironmentError.self) { try batch.step([0, 1, 0]) }
        #expect(wrongCount?.description == "CartPole-v1 batch: invalid action array of 3: expected 4 actions, one per environment")
        let tooLarge = #expect(throws: EnvironmentError.self) { try batch.step([0, 1, 2, 1]) }
        #expect(tooLarge?.description.contains("2 at index 2") == true)
        let negative = #expect(throws: EnvironmentError.self) { try batch.step([0, -1, 0, 1]) }
        #expect(negative?.description.contains("-1 at index 1") == true)
        #expect(batch.observations == before)
        #expect(throws: EnvironmentError.self) { try batch.reset(4, state: [0, 0, 0, 0]) }
        #expect(throws: EnvironmentError.self) { try batch.reset(0, state: [0, 0, .nan, 0]) }
        #expect(throws: EnvironmentError.self) { try batch.reset(0, state: [0, 0, 0]) }
    }
}
