import Tensor

/// One problem ``EnvironmentChecker`` found.
public struct EnvironmentCheckFinding: Sendable, Equatable, CustomStringConvertible {
    /// Which property of a sound environment is violated.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The same seed and actions did not give the same episode.
        case determinism
        /// Different seeds gave the same episode: the seed has no effect.
        case seeding
        /// An observation of the wrong size, outside the observation space, or not finite.
        case observation
        /// A reward that is not finite or lies outside the metadata's reward range.
        case reward
        /// A sampled action the action space itself does not contain.
        case action
        /// An episode ran past the metadata's step limit without ending.
        case episodeEnd
        /// Setting a state read back from the environment did not reproduce it.
        case state
        /// The reset/step contract: an action space no action fits, info values that are not
        /// finite numbers.
        case contract
        /// The process stopped (a trap or signal) while the environment ran.
        case crash
        /// A step or reset did not return within the time allowed.
        case hang
        /// The environment could not be made with the given options.
        case make
    }

    /// Which property is violated.
    public var kind: Kind
    /// What happened, with the step and values involved.
    public var message: String

    /// A finding.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// `kind: message`.
    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Checks that an environment behaves as Gymnasium's contract requires (in the spirit of
/// Gymnasium's `utils.env_checker.check_env`), by running it: what `frontier env check`
/// reports to an environment author.
///
/// It checks that the same seed and the same actions reproduce an episode exactly (also for
/// the episodes after it, reset without a seed), that different seeds change something, that
/// observations are finite and inside the observation space, that rewards are finite and
/// inside the metadata's reward range, that actions sampled from the action space belong to
/// it (and are accepted), that episodes end by the metadata's step limit, that stepping into a
/// kept transition (``Environment/step(_:into:)``) gives what ``Environment/step(_:)`` gives, and, for a
/// ``StatefulEnvironment``, that setting a state read back from it reproduces the observation
/// and the next step.
///
/// An action the environment refuses stops the process (environments stop on invalid
/// actions), so the checker only ever steps with actions from the action space.
public enum EnvironmentChecker {
    /// The problems found while running `environment` for `steps` steps per pass from `seed`;
    /// empty when it is sound. Checking resets and steps the environment.
    public static func check(_ environment: any Environment, seed: UInt64 = 0, steps: Int = 1000) -> [EnvironmentCheckFinding] {
        precondition(steps > 0, "EnvironmentChecker: steps must be positive, got \(steps)")
        var findings: [EnvironmentCheckFinding] = []
        func report(_ kind: EnvironmentCheckFinding.Kind, _ message: String) {
            // One finding per kind is enough to act on; more would repeat it step after step.
            if !findings.contains(where: { $0.kind == kind }) { findings.append(.init(kind: kind, message: message)) }
        }
        guard environment.actionSpace.isActionSpace else {
            report(.contract, "the action space \(environment.actionSpace) is an observation space: no action belongs to it")
            return findings
        }

        let first = run(environment, seed: seed, actionSeed: seed, steps: steps, report: report)
        let second = run(environment, seed: seed, actionSeed: seed, steps: steps, report: report)
        if let difference = first.firstDifference(from: second) {
            report(.determinism, "two runs with seed \(seed) and the same actions differ at \(difference)")
        } else {
            // The same run through step(_:into:), one transition kept: it must give what step(_:) gives.
            let inPlace = run(environment, seed: seed, actionSeed: seed, steps: steps, inPlace: true, report: report)
            if let difference = inPlace.firstDifference(from: first) {
                report(.contract, "step(_:into:) and step(_:) differ with seed \(seed) and the same actions at \(difference)")
            }
        }
        // Other seeds, the same actions: if every episode is identical, the seed is ignored.
        let others = [seed &+ 1, seed &+ 2].map { run(environment, seed: $0, actionSeed: seed, steps: steps, report: report) }
        if others.allSatisfy({ $0.firstDifference(from: first) == nil }) {
            report(.seeding, "seeds \(seed), \(seed &+ 1) and \(seed &+ 2) give identical episodes: reset(seed:) ignores its seed")
        }
        if let stateful = environment.unwrapped as? any StatefulEnvironment {
            checkStateRoundTrip(stateful, seed: seed, report: report)
        }
        return findings
    }

    /// What one pass saw: the reset observations and every step, in order.
    private struct Record {
        var events: [(observation: [Float], reward: Double, terminated: Bool, truncated: Bool)] = []

        /// Where two records first disagree (bit for bit), or nil when they are identical.
        func firstDifference(from other: Record) -> String? {
            for (index, (a, b)) in zip(events, other.events).enumerated() {
                // Bit patterns: the contract is bit-identity, and NaN must equal NaN here.
                if a.observation.map(\.bitPattern) != b.observation.map(\.bitPattern) {
                    return "event \(index): observation \(a.observation) vs \(b.observation)"
                }
                if a.reward.bitPattern != b.reward.bitPattern {
                    return "event \(index): reward \(a.reward) vs \(b.reward)"
                }
                if a.terminated != b.terminated || a.truncated != b.truncated {
                    return "event \(index): end flags (\(a.terminated), \(a.truncated)) vs (\(b.terminated), \(b.truncated))"
                }
            }
            return events.count == other.events.count ? nil : "length \(events.count) vs \(other.events.count)"
        }
    }

    /// Resets with `seed`, steps `steps` times with actions drawn from `actionSeed`, resetting
    /// without a seed after each episode, and checks every observation and reward. `inPlace`
    /// steps through ``Environment/step(_:into:)`` with one transition kept across the steps.
    private static func run(_ environment: any Environment, seed: UInt64, actionSeed: UInt64, steps: Int,
                            inPlace: Bool = false,
                            report: (EnvironmentCheckFinding.Kind, String) -> Void) -> Record {
        let metadata = environment.metadata
        let observationSpace = environment.observationSpace
        let actionSpace = environment.actionSpace
        var actions = PhiloxGenerator(seed: actionSeed, stream: 0x6163_7469_6f6e)  // "action"
        var record = Record()

        func checkObservation(_ observation: [Float], _ when: String) {
            if observation.count != observationSpace.flatSize {
                report(.observation, "\(when): observation has \(observation.count) values, the space \(observationSpace.flatSize)")
            } else if let index = observation.firstIndex(where: { !$0.isFinite }) {
                report(.observation, "\(when): observation element \(index) is \(observation[index])")
            } else if !observationSpace.contains(observation: observation) {
                report(.observation, "\(when): observation \(observation) lies outside the observation space")
            }
        }

        var observation = environment.reset(seed: seed).observation
        checkObservation(observation, "reset(seed: \(seed))")
        record.events.append((observation, 0, false, false))
        var episodeLength = 0
        var kept = Transition(observation: [], reward: 0, terminated: false, truncated: false)
        for step in 0..<steps {
            let action = actionSpace.sample(using: &actions)
            if !actionSpace.contains(action) {
                report(.action, "the action space sampled \(action), which it does not contain")
            }
            let transition: Transition
            if inPlace {
                environment.step(action, into: &kept)
                transition = kept
            } else {
                transition = environment.step(action)
            }
            episodeLength += 1
            let when = "step \(step) (episode step \(episodeLength), action \(action))"
            checkObservation(transition.observation, when)
            if !transition.reward.isFinite {
                report(.reward, "\(when): reward \(transition.reward) is not finite")
            } else if !metadata.rewardRange.contains(transition.reward) {
                report(.reward, "\(when): reward \(transition.reward) lies outside the metadata's range "
                    + "\(metadata.minimumReward)...\(metadata.maximumReward)")
            }
            if let (key, value) = transition.info.values.first(where: { !$0.value.isFinite }) {
                report(.contract, "\(when): info['\(key)'] is \(value)")
            }
            record.events.append((transition.observation, transition.reward, transition.terminated, transition.truncated))
            if let limit = metadata.maxEpisodeSteps, episodeLength > limit, !transition.isDone {
                report(.episodeEnd, "an episode ran \(episodeLength) steps without ending; the metadata's limit is \(limit) "
                    + "(is the environment wrapped in a TimeLimit?)")
            }
            if transition.isDone {
                observation = environment.reset(seed: nil).observation
                checkObservation(observation, "reset(seed: nil) after step \(step)")
                record.events.append((observation, 0, false, false))
                episodeLength = 0
            }
        }
        return record
    }

    /// Reads the state a few steps into an episode, sets it again, and expects the same
    /// observation; when two replays of the next action from that state agree with each other
    /// (the transition is deterministic), they must also agree with the original episode,
    /// or the state misses something the dynamics use.
    private static func checkStateRoundTrip(_ environment: any StatefulEnvironment, seed: UInt64,
                                            report: (EnvironmentCheckFinding.Kind, String) -> Void) {
        var actions = PhiloxGenerator(seed: seed, stream: 0x7374_6174_65)  // "state"
        var observation = environment.reset(seed: seed).observation
        for _ in 0..<3 {
            let transition = environment.step(environment.actionSpace.sample(using: &actions))
            observation = transition.isDone ? environment.reset(seed: nil).observation : transition.observation
        }
        let state = environment.state
        guard state.count == environment.stateNames.count else {
            report(.state, "state has \(state.count) values but stateNames \(environment.stateNames.count)")
            return
        }
        let action = environment.actionSpace.sample(using: &actions)
        let original = environment.step(action)
        var replays: [Transition] = []
        for _ in 0..<2 {
            let restored: Reset
            do {
                restored = try environment.reset(state: state)
            } catch {
                report(.state, "reset(state:) refused the environment's own state \(state): \(error)")
                return
            }
            if restored.observation != observation {
                report(.state, "reset(state: \(state)) gives observation \(restored.observation), the episode had \(observation)")
                return
            }
            replays.append(environment.step(action))
        }
        func same(_ a: Transition, _ b: Transition) -> Bool {
            a.observation == b.observation && a.reward == b.reward && a.terminated == b.terminated
        }
        if same(replays[0], replays[1]) && !same(replays[0], original) {
            report(.state, "after reset(state: \(state)), action \(action) gives \(replays[0].observation), reward "
                + "\(replays[0].reward); the original episode gave \(original.observation), reward \(original.reward)")
        }
    }
}

extension EnvironmentChecker {
    /// Steps `environment` `steps` times with actions sampled from its action space (resetting
    /// at each episode's end, the first time with `seed`) and returns the steps per second,
    /// resets included: the figure `frontier env check` reports.
    public static func measureSteps(_ environment: any Environment, seed: UInt64, steps: Int) -> (stepsPerSecond: Double, episodes: Int) {
        precondition(steps > 0, "EnvironmentChecker.measureSteps: steps must be positive, got \(steps)")
        let actionSpace = environment.actionSpace
        var actions = PhiloxGenerator(seed: seed, stream: 0x7370_6565_64)  // "speed"
        // Sampled up front, so the figure is the environment's cost, not the sampler's.
        let planned = (0..<Swift.min(steps, 4096)).map { _ in actionSpace.sample(using: &actions) }
        var episodes = 0
        let clock = ContinuousClock()
        let start = clock.now
        _ = environment.reset(seed: seed)
        for step in 0..<steps where environment.step(planned[step % planned.count]).isDone {
            episodes += 1
            _ = environment.reset(seed: nil)
        }
        let elapsed = (clock.now - start).seconds
        return (Double(steps) / Swift.max(elapsed, 1e-9), episodes)
    }
}
