import RL

extension Pendulum {
    /// Hyperparameters that train Pendulum-v1 well (``EnvironmentRegistry/Entry/trainingPresets``).
    /// PPO follows the RL-Zoo's Pendulum entry in copies, γ, λ, epochs and learning rate, with
    /// shorter rollouts split in 32 minibatches and normalised observations and rewards (the zoo
    /// uses gSDE exploration, which Frontier does not have); A2C keeps its defaults but for γ 0.9,
    /// 8 copies and normalised rewards.
    public static let trainingPresets: [Algorithm: [String: ConfigValue]] = [
        .ppo: [
            "environment_count": 4, "rollout_steps": 512, "minibatch_count": 32, "epochs": 10, "learning_rate": 1e-3,
            "anneal_clip_range": false, "gamma": 0.9, "gae_lambda": 0.95, "normalize_observations": true,
            "normalize_rewards": true, "total_steps": 300_000,
        ],
        .a2c: ["environment_count": 8, "gamma": 0.9, "normalize_rewards": true, "total_steps": 500_000],
    ]
}
