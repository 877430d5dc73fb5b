import Environments
import RL
import Testing

/// An action outside the space stops the process with a message naming the environment and
/// the action; Pendulum clips out-of-range torques as Gymnasium does.
@Suite struct InvalidActionTests {
    @Test func outOfRangeDiscreteActionStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let environment = CartPole()
            _ = environment.reset(seed: 0)
            _ = environment.step(.discrete(2))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("CartPole-v1: invalid action 2"), "stderr: \(message)")
    }

    @Test func wrongKindOfActionStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let environment = Pendulum()
            _ = environment.reset(seed: 0)
            _ = environment.step(.discrete(1))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Pendulum-v1: invalid action 1"), "stderr: \(message)")
    }

    @Test func stepBeforeResetStops() async {
        await #expect(processExitsWith: .failure) {
            _ = MountainCar().step(.discrete(1))
        }
    }

    @Test func pendulumClipsLargeTorques() throws {
        let clipped = Pendulum(), limit = Pendulum()
        _ = try clipped.reset(state: [0.3, 0.1])
        _ = try limit.reset(state: [0.3, 0.1])
        let a = clipped.step(.continuous([7.5])), b = limit.step(.continuous([2]))
        #expect(a.observation == b.observation && a.reward == b.reward)
    }
}
