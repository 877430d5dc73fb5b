import Testing
@testable import RL

/// A counter whose observations live in `[5, 9]`, to see zero padding clamp into the box.
private final class OffsetEnvironment: Environment {
    private var t = 0
    var observationSpace: Space { .box(BoxSpace(low: [5, -9], high: [9, -5])) }
    var actionSpace: Space { .discrete(DiscreteSpace(2)) }
    var metadata: EnvironmentMetadata { EnvironmentMetadata(id: "Offset-v0", version: 0) }
    func reset(seed: UInt64?) -> Reset { t = 0; return Reset(observation: [5, -5]) }
    func step(_ action: Action) -> Transition {
        t += 1
        return Transition(observation: [Float(5 + t), Float(-5 - t)], reward: 0, terminated: false, truncated: false)
    }
}

@Suite struct FrameStackTests {
    @Test func resetPaddingRepeatsTheFirstObservationAndStepsRollOldestFirst() {
        let environment = FrameStack(CountingEnvironment(length: 10), stackSize: 3)
        #expect(environment.reset(seed: nil).observation == [0, 0, 0])
        #expect(environment.step(.discrete(0)).observation == [0, 0, 1])
        #expect(environment.step(.discrete(0)).observation == [0, 1, 2])
        #expect(environment.step(.discrete(0)).observation == [1, 2, 3])
        #expect(environment.step(.discrete(0)).observation == [2, 3, 4])
        #expect(environment.reset(seed: nil).observation == [0, 0, 0])
        #expect(environment.observationSpace == .box(BoxSpace(low: 0, high: 100, shape: [3, 1])))
    }

    @Test func zeroPaddingUsesTheSpacesValueNearestZero() {
        let environment = FrameStack(OffsetEnvironment(), stackSize: 3, padding: .zero)
        #expect(environment.reset(seed: nil).observation == [5, -5, 5, -5, 5, -5])
        #expect(environment.step(.discrete(0)).observation == [5, -5, 5, -5, 6, -6])
        let counting = FrameStack(CountingEnvironment(length: 10), stackSize: 2, padding: .zero)
        _ = counting.reset(seed: nil)
        #expect(counting.step(.discrete(0)).observation == [0, 1])
        if case let .box(box) = environment.observationSpace {
            #expect(box.shape == [3, 2] && box.low == [5, -9, 5, -9, 5, -9] && box.high == [9, -5, 9, -5, 9, -5])
        } else {
            Issue.record("expected a box, got \(environment.observationSpace)")
        }
    }
}
