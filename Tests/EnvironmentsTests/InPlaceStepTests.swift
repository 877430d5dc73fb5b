import Environments
import RL
import Tensor
import Testing

/// `step(_:into:)` is `step(_:)` writing over a transition the caller keeps: the same values,
/// bit for bit, and never a change to an observation array someone else still holds.
@Suite struct InPlaceStepTests {
    /// Two copies of one environment, one stepped each way under the same actions for many
    /// episodes (resets included), agree exactly on every field.
    @Test(arguments: [[:], ["semi_implicit_euler": 1.0], ["sutton_barto_reward": 1.0]] as [[String: Double]])
    func cartPoleInPlaceEqualsStep(_ options: [String: Double]) throws {
        let byValue = try EnvironmentRegistry.builtIn.make(CartPole.id, options: EnvironmentOptions(options))
        let inPlace = try EnvironmentRegistry.builtIn.make(CartPole.id, options: EnvironmentOptions(options))
        #expect(byValue.reset(seed: 3).observation == inPlace.reset(seed: 3).observation)
        var kept = Transition(observation: [], reward: 0, terminated: false, truncated: false)
        var actions = PhiloxGenerator(seed: 4)
        var episodes = 0
        for _ in 0..<20_000 {
            let action = Action.discrete(actions.nextInt(below: 2))
            let expected = byValue.step(action)
            inPlace.step(action, into: &kept)
            #expect(kept.observation == expected.observation)
            #expect(kept.reward.bitPattern == expected.reward.bitPattern)
            #expect(kept.terminated == expected.terminated && kept.truncated == expected.truncated)
            #expect(kept.info == expected.info)
            if expected.isDone {
                episodes += 1
                #expect(byValue.reset().observation == inPlace.reset().observation)
            }
        }
        #expect(episodes > 100)
    }

    /// An observation array the caller shares (kept from an earlier step) is left as it was:
    /// the new observation goes into a fresh array.
    @Test func sharedObservationIsNotOverwritten() throws {
        let environment = try EnvironmentRegistry.builtIn.make(CartPole.id)
        var kept = Transition(observation: environment.reset(seed: 0).observation, reward: 0, terminated: false, truncated: false)
        environment.step(.discrete(1), into: &kept)
        let earlier = kept.observation
        let snapshot = Array(earlier)
        environment.step(.discrete(0), into: &kept)
        #expect(earlier == snapshot)
        #expect(kept.observation != earlier)
    }

    /// A kept transition of another length (or the empty one a loop starts with) gets an array of
    /// the observation's length; leftover info from an earlier step is cleared.
    @Test func wrongLengthAndStaleInfoAreReplaced() throws {
        let environment = try EnvironmentRegistry.builtIn.make(CartPole.id)
        _ = environment.reset(seed: 0)
        let info = Info(values: ["stale": 1])
        var kept = Transition(observation: [1, 2, 3, 4, 5, 6], reward: 9, terminated: true, truncated: true, info: info)
        environment.step(.discrete(0), into: &kept)
        #expect(kept.observation.count == 4)
        #expect(kept.info == Info())
        #expect(kept.reward == 1 && !kept.truncated)
    }

    /// Environments without their own in-place step get the default, which equals `step(_:)`.
    @Test func defaultInPlaceStepEqualsStep() throws {
        let byValue = try EnvironmentRegistry.builtIn.make(Acrobot.id)
        let inPlace = try EnvironmentRegistry.builtIn.make(Acrobot.id)
        _ = byValue.reset(seed: 8)
        _ = inPlace.reset(seed: 8)
        var kept = Transition(observation: [], reward: 0, terminated: false, truncated: false)
        for step in 0..<200 {
            let action = Action.discrete(step % 3)
            let expected = byValue.step(action)
            inPlace.step(action, into: &kept)
            #expect(kept.observation == expected.observation && kept.reward == expected.reward)
            #expect(kept.terminated == expected.terminated && kept.truncated == expected.truncated)
        }
    }
}
