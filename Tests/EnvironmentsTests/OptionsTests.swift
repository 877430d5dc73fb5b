import Environments
import RL
import Testing

/// Options are Gymnasium's keywords and reset options; anything else is refused by name.
@Suite struct OptionsTests {
    private let registry = EnvironmentRegistry.builtIn

    @Test func unknownOptionsAreRefusedByName() {
        #expect(throws: EnvironmentError.invalidOption(
            environment: "CartPole-v1", option: "gravity",
            reason: "not an option of this environment (options: high, low, semi_implicit_euler, sutton_barto_reward)")) {
            try registry.make("CartPole-v1", options: ["gravity": 9.8])
        }
        for id in registry.ids {
            #expect(throws: EnvironmentError.self, "\(id) accepted a misspelt option") {
                try registry.make(id, options: ["gravty": 1])
            }
        }
        #expect(throws: EnvironmentError.unknownEnvironment(id: "CartPole-v0", known: registry.ids)) {
            try registry.make("CartPole-v0")
        }
    }

    @Test func invalidValuesAreRefused() {
        let refused: [(String, EnvironmentOptions, String)] = [
            (CartPole.id, ["sutton_barto_reward": 2], "sutton_barto_reward"),
            (CartPole.id, ["semi_implicit_euler": 0.5], "semi_implicit_euler"),
            (CartPole.id, ["low": 0.1, "high": -0.1], "low"),
            (Acrobot.id, ["torque_noise_max": -0.1], "torque_noise_max"),
            (MountainCar.id, ["low": -0.2, "high": -0.5], "low"),
            (Pendulum.id, ["g": .nan], "g"),
            (Pendulum.id, ["x_init": .infinity], "x_init"),
        ]
        for (id, options, option) in refused {
            do {
                _ = try registry.make(id, options: options)
                Issue.record("\(id) accepted \(options.values)")
            } catch let error {
                guard case let .invalidOption(environment, name, _) = error else {
                    Issue.record("\(id): unexpected \(error)")
                    continue
                }
                #expect(environment == id && name == option, "\(error)")
                #expect(error.description.hasPrefix("\(id): option '\(option)'"))
            }
        }
    }

    @Test func optionsReachTheEnvironment() throws {
        let pendulum = try #require(try registry.make(Pendulum.id, options: ["g": 9.81]).unwrapped as? Pendulum)
        #expect(pendulum.gravity == 9.81)
        let cartPole = try #require(try registry.make(CartPole.id, options: ["sutton_barto_reward": 1, "semi_implicit_euler": 1]).unwrapped as? CartPole)
        #expect(cartPole.suttonBartoReward && cartPole.integrator == .semiImplicitEuler)
        let car = try #require(try registry.make(MountainCar.id, options: ["goal_velocity": 0.01]).unwrapped as? MountainCar)
        #expect(car.goalVelocity == 0.01)
        let acrobot = try #require(try registry.make(Acrobot.id, options: ["torque_noise_max": 0.2]).unwrapped as? Acrobot)
        #expect(acrobot.torqueNoiseMax == 0.2)
    }

    @Test func torqueNoiseIsSeeded() throws {
        func episode(noise: Double, seed: UInt64) throws -> [[Float]] {
            let environment = try registry.make(Acrobot.id, options: ["torque_noise_max": noise])
            _ = environment.reset(seed: seed)
            return (0..<20).map { environment.step(.discrete($0 % 3)).observation }
        }
        #expect(try episode(noise: 0.5, seed: 1) == episode(noise: 0.5, seed: 1))
        #expect(try episode(noise: 0.5, seed: 1) != episode(noise: 0, seed: 1))
    }

    @Test(arguments: EnvironmentRegistry.classicControlIDs)
    func invalidStatesAreRefused(_ id: String) throws {
        let environment = try #require(try registry.make(id).unwrapped as? any StatefulEnvironment)
        let count = environment.stateNames.count
        #expect(throws: EnvironmentError.self) { try environment.reset(state: Array(repeating: 0, count: count + 1)) }
        var bad = Array(repeating: 0.0, count: count)
        bad[count - 1] = .nan
        do {
            _ = try environment.reset(state: bad)
            Issue.record("\(id) accepted a NaN state")
        } catch {
            #expect(error == .invalidState(environment: id, reason: "\(environment.stateNames[count - 1]) must be finite, got nan"))
        }
    }
}
