import Foundation
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

@Suite("Hyperparameters and run length: defaults, presets, config files")
struct LearnerConfigurationTests {
    /// A registry with one environment carrying a PPO preset.
    static func registry(preset: [String: ConfigValue]) -> EnvironmentRegistry {
        var registry = EnvironmentRegistry()
        registry.register(.init(metadata: EnvironmentMetadata(id: "Bandit-v0", version: 0), summary: "a bandit",
                                factory: { _ throws(EnvironmentError) in BanditEnvironment() }, trainingPresets: [.ppo: preset]))
        return registry
    }

    @Test("a config file's keys override the preset's, which override the defaults; total_steps is the run length")
    func layering() throws {
        let registry = Self.registry(preset: ["epochs": 4, "learning_rate": 2e-3, "total_steps": 5_000])
        let (preset, presetSteps) = try LearnerFactory.configuration(PPOConfig.self, environmentID: "Bandit-v0", registry: registry)
        #expect(preset.epochs == 4 && preset.learningRate == 2e-3 && preset.minibatchCount == PPOConfig().minibatchCount)
        #expect(presetSteps == 5_000)
        let (file, fileSteps) = try LearnerFactory.configuration(PPOConfig.self, environmentID: "Bandit-v0", registry: registry,
                                                                 overrides: ["epochs": 2, "total_steps": 4_096])
        #expect(file.epochs == 2 && file.learningRate == 2e-3 && fileSteps == 4_096)
        let (plain, plainSteps) = try LearnerFactory.configuration(PPOConfig.self, environmentID: "Bandit-v0", registry: registry,
                                                                   usePreset: false)
        #expect(plain == PPOConfig() && plainSteps == Algorithm.ppo.defaultTotalSteps)
        #expect(try LearnerFactory.configuration(A2CConfig.self, environmentID: "Bandit-v0", registry: registry).totalSteps
                == Algorithm.a2c.defaultTotalSteps)
        // YAML writes 1e5 as a float; a whole float is a run length.
        #expect(try LearnerFactory.totalSteps(.ppo, environmentID: "Bandit-v0", registry: registry, overrides: ["total_steps": 1e5]) == 100_000)
    }

    @Test("hyperparameters stored by bundles that still held total_steps rebuild the same learner")
    func olderBundleHyperparameters() throws {
        var config = PPOConfig()
        config.epochs = 3
        var stored = try #require(try JSONSerialization.jsonObject(with: Data(ConfigLoading.json(config).utf8)) as? [String: Any])
        #expect(stored["total_steps"] == nil)
        stored["total_steps"] = 2_048
        let made = try LearnerFactory.make(.ppo, environmentID: "Bandit-v0", registry: Self.registry(preset: ["epochs": 9]),
                                           overrides: stored, usePreset: false, seed: 0)
        #expect((made.learner as? PPO)?.config == config && made.totalSteps == 2_048)
    }

    @Test("a bad run length or preset key is an error naming it")
    func errors() {
        let registry = Self.registry(preset: ["epoch": 4])
        for (overrides, expected) in [(["total_steps": -1] as [String: Any], "total_steps"), (["total_steps": 1.5], "total_steps"),
                                      (["total_steps": "long"], "total_steps")] {
            #expect(throws: TrainingError.self) {
                _ = try LearnerFactory.configuration(PPOConfig.self, environmentID: "Bandit-v0", registry: registry, overrides: overrides,
                                                     usePreset: false)
            }
            do {
                _ = try LearnerFactory.totalSteps(.a2c, environmentID: "Bandit-v0", registry: registry, overrides: overrides)
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
        do {
            _ = try LearnerFactory.configuration(PPOConfig.self, environmentID: "Bandit-v0", registry: registry)
            Issue.record("a misspelt preset key was accepted")
        } catch {
            #expect("\(error)".contains("Bandit-v0's ppo preset") && "\(error)".contains("unknown key 'epoch'"), "\(error)")
        }
    }

    @Test("PPO's and A2C's shared fields are written at the top level, with the keys config files have always used")
    func flatKeys() throws {
        let ppo = try #require(try JSONSerialization.jsonObject(with: Data(ConfigLoading.json(PPOConfig()).utf8)) as? [String: Any])
        #expect(ppo.keys.sorted() == [
            "activation", "adam_epsilon", "anneal_clip_range", "anneal_learning_rate", "clip_range", "clip_value_loss",
            "entropy_coefficient", "environment_count", "epochs", "gae_lambda", "gamma", "hidden_sizes", "initial_log_std",
            "learning_rate", "max_gradient_norm", "minibatch_count", "normalize_advantages", "normalize_observations",
            "normalize_rewards", "rollout_steps", "value_coefficient",
        ])
        let a2c = try #require(try JSONSerialization.jsonObject(with: Data(ConfigLoading.json(A2CConfig()).utf8)) as? [String: Any])
        #expect(a2c.keys.sorted() == [
            "activation", "anneal_learning_rate", "entropy_coefficient", "environment_count", "gae_lambda", "gamma", "hidden_sizes",
            "initial_log_std", "learning_rate", "max_gradient_norm", "normalize_advantages", "normalize_observations",
            "normalize_rewards", "rms_prop_alpha", "rms_prop_epsilon", "rollout_steps", "value_coefficient",
        ])
        // A shared field set from a file lands in the shared part.
        let merged = try ConfigLoading.merge(A2CConfig(), overrides: ["gamma": 0.9, "rms_prop_alpha": 0.9])
        #expect(merged.onPolicy.gamma == 0.9 && merged.rmsPropAlpha == 0.9)
    }
}
