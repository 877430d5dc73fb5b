import Environments
import RL
import Testing

/// Seeded resets repeat, unseeded resets continue the stream, and initial states cover
/// Gymnasium's ranges and nothing more.
@Suite struct SeededResetTests {
    private func stateful(_ id: String, _ options: EnvironmentOptions = [:]) throws -> any StatefulEnvironment {
        try #require(try EnvironmentRegistry.builtIn.make(id, options: options, timeLimit: false) as? any StatefulEnvironment)
    }

    @Test(arguments: EnvironmentRegistry.classicControlIDs)
    func sameSeedSameStart(_ id: String) throws {
        let environment = try stateful(id)
        let first = environment.reset(seed: 42).observation
        let firstState = environment.state
        let next = environment.reset(seed: nil).observation
        #expect(next != first, "\(id): reset(seed: nil) repeated the seeded start")
        #expect(environment.reset(seed: 42).observation == first)
        #expect(environment.state == firstState)
        #expect(environment.reset(seed: nil).observation == next, "\(id): the stream after a seed is not reproducible")
        #expect(try stateful(id).reset(seed: 42).observation == first, "\(id): a fresh instance differs for the same seed")
        #expect(environment.reset(seed: 43).observation != first)
    }

    @Test(arguments: EnvironmentRegistry.classicControlIDs)
    func unseededInstancesDiffer(_ id: String) throws {
        // Seeded from the system's entropy, like Gymnasium's np_random without a seed.
        #expect(try stateful(id).reset(seed: nil).observation != (try stateful(id).reset(seed: nil).observation))
    }

    @Test(arguments: EnvironmentRegistry.classicControlIDs)
    func initialStatesCoverGymnasiumRanges(_ id: String) throws {
        let golden = try #require(GoldenTrajectories.shared.environments[id])
        let environment = try stateful(id)
        var lowest = [Double](repeating: .infinity, count: golden.initialStateLow.count)
        var highest = [Double](repeating: -.infinity, count: golden.initialStateLow.count)
        for seed in 0..<500 as Range<UInt64> {
            let observation = environment.reset(seed: seed).observation
            #expect(environment.observationSpace.contains(observation: observation), "\(id) seed \(seed): \(observation)")
            for (index, value) in environment.state.enumerated() {
                lowest[index] = min(lowest[index], value)
                highest[index] = max(highest[index], value)
            }
        }
        for index in lowest.indices {
            let (low, high) = (golden.initialStateLow[index], golden.initialStateHigh[index])
            let name = golden.stateNames[index]
            // Acrobot stores its start as float32, which may round onto a bound: allow that.
            let slack = 1e-7 * max(1, abs(high))
            #expect(lowest[index] >= low - slack && highest[index] <= high + slack,
                    "\(id): \(name) drawn in \(lowest[index])...\(highest[index]), Gymnasium \(low)...\(high)")
            if high > low {
                #expect(highest[index] - lowest[index] > 0.95 * (high - low),
                        "\(id): \(name) drawn in \(lowest[index])...\(highest[index]) covers too little of \(low)...\(high)")
            }
        }
    }

    @Test func resetBoundOptionsNarrowTheStart() throws {
        let cases: [(String, EnvironmentOptions, Double)] = [
            (CartPole.id, ["low": -0.01, "high": 0.01], 0.01),
            (Acrobot.id, ["low": -0.02, "high": 0.02], 0.02),
            (Pendulum.id, ["x_init": 0.5, "y_init": 0.25], 0.5),
        ]
        for (id, options, bound) in cases {
            let environment = try stateful(id, options)
            for seed in 0..<50 as Range<UInt64> {
                _ = environment.reset(seed: seed)
                #expect(environment.state.allSatisfy { abs($0) <= bound + 1e-7 }, "\(id): \(environment.state) with \(options.values)")
            }
        }
        let car = try stateful(MountainCar.id, ["low": -0.3, "high": -0.2])
        _ = car.reset(seed: 3)
        #expect((-0.3 ... -0.2).contains(car.state[0]) && car.state[1] == 0)
    }

    @Test func acrobotStartsFromFloat32Values() throws {
        // Gymnasium casts Acrobot's initial state to float32; so does Frontier.
        let environment = try stateful(Acrobot.id)
        _ = environment.reset(seed: 9)
        #expect(environment.state.allSatisfy { Double(Float($0)) == $0 })
    }
}
