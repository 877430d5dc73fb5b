#!/usr/bin/env python3
"""One whole Stable-Baselines3 process that trains PPO on CartPole-v1 until it is solved.

The child of benchmarks/peers/solve_processes.py (the SB3 side of the time-to-solve rows);
run on its own as

    .venv/bin/python benchmarks/peers/sb3_cartpole_solve.py --seed 10 --out /tmp/sb3-seed10

It does what an SB3 user who wants a solved CartPole policy writes: the RL Zoo's CartPole-v1
PPO hyperparameters (hyperparams/ppo.yml: n_envs 8, n_steps 32, batch_size 256, gae_lambda 0.8,
gamma 0.98, n_epochs 20, ent_coef 0, learning_rate lin_0.001, clip_range lin_0.2, n_timesteps
1e5; SB3's defaults otherwise), an EvalCallback every 5,000 environment steps (eval_freq counts
calls, one per step of the 8 copies: 625) on 10 deterministic episodes of a separate env with
callback_on_new_best=StopTrainingOnRewardThreshold(475), best_model_save_path=OUT (the bundle:
best_model.zip is written at the evaluation that solves). The caller times the whole process,
interpreter start and imports included. Prints one JSON line: seed, solved, steps.
"""

import argparse
import json
import os
import sys

# One thread, as every peer here (and as `frontier train`, which trains on one thread).
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True, help="folder for best_model.zip")
    parser.add_argument("--steps", type=int, default=100_000)
    args = parser.parse_args()

    import torch
    torch.set_num_threads(1)
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import EvalCallback, StopTrainingOnRewardThreshold
    from stable_baselines3.common.env_util import make_vec_env

    n_envs = 8

    def linear(initial):
        return lambda progress_remaining: progress_remaining * initial

    env = make_vec_env("CartPole-v1", n_envs=n_envs, seed=args.seed)
    eval_env = make_vec_env("CartPole-v1", n_envs=1, seed=args.seed + 1000)
    stop = StopTrainingOnRewardThreshold(reward_threshold=475, verbose=0)
    evaluation = EvalCallback(eval_env, callback_on_new_best=stop, eval_freq=5_000 // n_envs, n_eval_episodes=10,
                              deterministic=True, best_model_save_path=args.out, verbose=0)
    model = PPO("MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20, ent_coef=0.0,
                learning_rate=linear(0.001), clip_range=linear(0.2), seed=args.seed, device="cpu", verbose=0)
    model.learn(total_timesteps=args.steps, callback=evaluation)
    solved = evaluation.best_mean_reward >= 475
    print(json.dumps({"seed": args.seed, "solved": bool(solved), "steps": int(model.num_timesteps),
                      "best_mean_reward": float(evaluation.best_mean_reward)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
