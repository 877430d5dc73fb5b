import NN
import Testing
@testable import RL

@Suite("Config loading")
struct ConfigLoadingTests {
    @Test("missing keys keep defaults, given keys replace them")
    func partialOverride() throws {
        let config = try ConfigLoading.merge(PPOConfig(), overrides: ["learning_rate": 0.0003, "hidden_sizes": [32, 32],
                                                                      "target_kl": 0.02, "activation": "relu"])
        var expected = PPOConfig()
        expected.learningRate = 0.0003
        expected.hiddenSizes = [32, 32]
        expected.targetKL = 0.02
        expected.activation = .relu
        #expect(config == expected)
        let dqn = try ConfigLoading.merge(DQNConfig(), overrides: ["double_dqn": false])
        #expect(dqn.doubleDQN == false)
    }

    @Test("unknown keys and wrong types are errors naming the key")
    func errors() {
        do {
            _ = try ConfigLoading.merge(PPOConfig(), overrides: ["learning_rat": 0.1])
            Issue.record("a misspelt key was accepted")
        } catch {
            #expect("\(error)".contains("unknown key 'learning_rat'") && "\(error)".contains("learning_rate"))
        }
        do {
            _ = try ConfigLoading.merge(PPOConfig(), overrides: ["epochs": "many"])
            Issue.record("a string was accepted for an integer")
        } catch {
            #expect("\(error)".contains("epochs"), "\(error)")
        }
        for (key, value, reason) in [("epochs", 1.5 as Any, "not a whole number"), ("learning_rate", Double.nan, "not a finite number"),
                                     ("hidden_sizes", [64.0, 0.5] as [Any], "not a whole number")] {
            do {
                _ = try ConfigLoading.merge(PPOConfig(), overrides: [key: value])
                Issue.record("\(key): \(value) was accepted")
            } catch {
                #expect("\(error)".contains("key '\(key)'") && "\(error)".contains(reason), "\(error)")
            }
        }
        var huge = PPOConfig()
        huge.rolloutSteps = 4_611_686_018_427_387_904
        #expect(throws: TrainingError.self) { try huge.validate() }
        huge = PPOConfig()
        huge.environmentCount = 1_000_000_000
        #expect(throws: TrainingError.self) { try huge.validate() }
        do {
            _ = try ConfigLoading.merge(A2CConfig(), overrides: ["activation": "swish"])
            Issue.record("an unknown activation was accepted")
        } catch {
            #expect("\(error)".contains("activation"), "\(error)")
        }
    }

    @Test("snake_case names treat acronyms as words, and JSON round-trips")
    func naming() throws {
        #expect(ConfigLoading.snakeCase("learningRate") == "learning_rate")
        #expect(ConfigLoading.snakeCase("doubleDQN") == "double_dqn")
        #expect(ConfigLoading.snakeCase("targetKL") == "target_kl")
        #expect(ConfigLoading.snakeCase("rmsPropAlpha") == "rms_prop_alpha")
        let json = ConfigLoading.json(DQNConfig())
        #expect(json.contains("\"double_dqn\":true"))
        #expect(json.contains("\"learning_starts\":1000"))
    }
}
