import RL

extension MountainCar {
    /// Hyperparameters that train MountainCar-v0 well (``EnvironmentRegistry/Entry/trainingPresets``):
    /// the RL-Zoo's PPO entry (16 copies × 16 steps, γ 0.99, λ 0.98, 4 epochs, constant learning
    /// rate and clip, normalised observations, 1M steps) with one minibatch per epoch, and the
    /// zoo's DQN entry.
    public static let trainingPresets: [Algorithm: [String: ConfigValue]] = [
        .ppo: [
            "environment_count": 16, "rollout_steps": 16, "epochs": 4, "gae_lambda": 0.98, "gamma": 0.99,
            "anneal_learning_rate": false, "anneal_clip_range": false, "normalize_observations": true,
            "total_steps": 1_000_000,
        ],
        .dqn: [
            "learning_rate": 4e-3, "batch_size": 128, "buffer_size": 10_000, "learning_starts": 1_000, "gamma": 0.98,
            "target_update_interval": 600, "train_frequency": 16, "gradient_steps": 8, "exploration_fraction": 0.2,
            "final_epsilon": 0.07, "hidden_sizes": [256, 256], "total_steps": 120_000,
        ],
    ]
}
