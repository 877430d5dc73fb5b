#!/usr/bin/env python3
"""Peer benchmarks (Gymnasium / Stable-Baselines3) for Frontier's reinforcement-learning benchmarks.

Run with the project venv (scripts/venv.sh bench):

    .venv/bin/python benchmarks/peers/rl_peers.py                 # everything (PPO takes minutes)
    .venv/bin/python benchmarks/peers/rl_peers.py --skip-ppo      # only the steps/s rows (~10 s)
    RL_PEERS_SKIP_PPO=1 .venv/bin/python benchmarks/peers/rl_peers.py   # the same
    .venv/bin/python benchmarks/peers/rl_peers.py --only rl/ppo_cartpole --seeds 0

Rows (JSON lines on stdout, the schema of common.emit plus optional extra keys; progress on stderr):

  rl/cartpole_steps            gymnasium  steps/s  gymnasium.make("CartPole-v1") (TimeLimit,
                               OrderEnforcing and PassiveEnvChecker wrappers, as users get it),
                               action = env.action_space.sample() every step, env.reset() when
                               terminated or truncated. Issue target: Frontier >= 100x.
  rl/cartpole_steps_unwrapped  gymnasium  steps/s  the fastest plain-Python baseline: env.unwrapped
                               (the bare CartPoleEnv, no wrappers), actions from a pre-drawn numpy
                               int array, reset when terminated. Peer-only variant: report.py
                               compares it with Frontier's rl/cartpole_steps row.
     Both are timed like the other peers (common.measure): one call = 1,000 steps (resets counted
     inside), warm-up, then the best of 5 repeats of n back-to-back calls, each repeat >= --min-time.

  rl/ppo_cartpole_time_to_solve_seed{S}  stable-baselines3  s (lower is better), S = 0, 1, 2
  rl/ppo_cartpole_time_to_solve          stable-baselines3  s  median over the seeds.
                                         Issue target: Frontier <= 0.1x, i.e. ratio >= 10.
  rl/ppo_cartpole_steps_to_solve         stable-baselines3  steps (lower is better), median
  rl/ppo_cartpole_seeds_solved           stable-baselines3  seeds (higher is better); Frontier
                                         must solve all of them (absolute target in report.py)
     Extra keys on the per-seed rows: "seed", "solved" (bool), "steps_to_solve" (int or null),
     "best_mean_return", "total_steps", "eval_seconds" (excluded from value), "evals"
     ([[env steps, mean return], ...]). The median rows carry "solved" (false when the median seed
     did not solve; the value is then a lower bound, the seed's whole training time).

Time-to-solve protocol (Frontier's side implements the same):
  * PPO with the RL-Zoo tuned hyperparameters for CartPole-v1 (rl-baselines3-zoo,
    hyperparams/ppo.yml): n_envs 8, MlpPolicy, n_timesteps 1e5, n_steps 32, batch_size 256,
    gae_lambda 0.8, gamma 0.98, n_epochs 20, ent_coef 0.0, learning_rate lin_0.001,
    clip_range lin_0.2 (lin_x: x * progress_remaining, progress measured against 1e5 steps).
    Everything else is SB3's default (64-64 tanh actor and critic, Adam eps 1e-5,
    max_grad_norm 0.5, vf_coef 0.5, advantage normalisation on).
  * Training env: make_vec_env("CartPole-v1", n_envs=8, seed=seed) (DummyVecEnv + Monitor),
    PPO(..., seed=seed, device="cpu"), torch on one thread.
  * After every PPO iteration (rollout of 8 x 32 = 256 steps + update) the script checks whether the
    environment-step count (summed over the 8 envs) crossed the next multiple of 5,000. If so it
    evaluates the current policy deterministically (argmax action) on 10 episodes of a separate
    gymnasium.make("CartPole-v1") env, episode i reset with seed seed+1000+i (i = 0..9).
  * The clock is time.perf_counter around model.learn() (so it includes SB3's setup and first env
    reset, not the PPO/policy construction or make_vec_env), MINUS the time spent evaluating:
    the timer is paused during evaluation. Time to solve = that training wall-clock at the first
    evaluation whose mean return is >= 475; steps to solve = the step count at that evaluation.
    Training then stops.
  * Budget: the zoo's 1e5 steps (--ppo-max-steps changes it; it also sets the horizon of the
    linear schedules, as n_timesteps does in the zoo). A seed that never reaches 475 is reported as
    not solved, with its whole training time as a lower bound and its best mean return.
"""

import argparse
import os
import platform
import statistics
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts when importing common

import common  # noqa: E402  first: sets up the one-thread environment before numpy is loaded
from common import emit, get_torch, log, measure, method, torch_detail  # noqa: E402

import numpy as np  # noqa: E402
import threadpoolctl  # noqa: E402

ENV_ID = "CartPole-v1"
STEPS_PER_CALL = 1_000
SOLVED_RETURN = 475.0
EVAL_EVERY = 5_000
EVAL_EPISODES = 10
EVAL_SEED_OFFSET = 1000
ZOO_TIMESTEPS = 100_000

# rl-baselines3-zoo hyperparams/ppo.yml, CartPole-v1 ("# Tuned")
ZOO_PPO_CARTPOLE = dict(n_envs=8, policy="MlpPolicy", n_timesteps=1e5, n_steps=32, batch_size=256,
                        gae_lambda=0.8, gamma=0.98, n_epochs=20, ent_coef=0.0,
                        learning_rate="lin_0.001", clip_range="lin_0.2")


def gym_detail(gymnasium):
    return f"gymnasium {gymnasium.__version__}, numpy {np.__version__}, Python {platform.python_version()}"


# --- raw environment steps/s -----------------------------------------------------------
def bench_cartpole_steps():
    import gymnasium

    env = gymnasium.make(ENV_ID)
    env.reset(seed=0)
    env.action_space.seed(0)
    state = {"episodes": 0}

    def run():
        sample = env.action_space.sample
        step = env.step
        for _ in range(STEPS_PER_CALL):
            _, _, terminated, truncated, _ = step(sample())
            if terminated or truncated:
                env.reset()
                state["episodes"] += 1

    sec, calls = measure(run)
    wrappers = []
    e = env
    while hasattr(e, "env"):
        wrappers.append(type(e).__name__)
        e = e.env
    emit("rl/cartpole_steps", "gymnasium", STEPS_PER_CALL / sec, "steps/s",
         f"gymnasium.make('{ENV_ID}') [{' > '.join(wrappers)} > {type(e).__name__}], "
         f"env.action_space.sample() each step, reset on terminated/truncated; "
         f"{sec / STEPS_PER_CALL * 1e6:.3f} µs/step; one call = {STEPS_PER_CALL} steps; "
         f"{method(calls)}; {gym_detail(gymnasium)}")

    # the fastest plain-Python baseline: the bare CartPoleEnv and pre-drawn actions
    raw = gymnasium.make(ENV_ID).unwrapped
    raw.reset(seed=0)
    actions = np.random.default_rng(0).integers(0, 2, size=1 << 20)
    pos = {"i": 0}

    def run_raw():
        i = pos["i"]
        if i + STEPS_PER_CALL > actions.shape[0]:
            i = 0
        step = raw.step
        for a in actions[i:i + STEPS_PER_CALL]:
            if step(a)[2]:
                raw.reset()
        pos["i"] = i + STEPS_PER_CALL

    sec, calls = measure(run_raw)
    emit("rl/cartpole_steps_unwrapped", "gymnasium", STEPS_PER_CALL / sec, "steps/s",
         f"gymnasium.make('{ENV_ID}').unwrapped ({type(raw).__name__}, no wrappers), actions from a "
         f"pre-drawn numpy int64 array, reset on terminated; "
         f"{sec / STEPS_PER_CALL * 1e6:.3f} µs/step; one call = {STEPS_PER_CALL} steps; "
         f"{method(calls)}; {gym_detail(gymnasium)}")


# --- PPO time to solve -----------------------------------------------------------------
def linear_schedule(initial):
    """The zoo's lin_<x>: x * progress_remaining (1 at the start, 0 at n_timesteps)."""
    def schedule(progress_remaining):
        return progress_remaining * initial
    return schedule


class _Solved(Exception):
    pass


def evaluate(model, env, seed):
    """Mean return of 10 deterministic episodes, episode i reset with seed + 1000 + i."""
    returns = []
    for i in range(EVAL_EPISODES):
        obs, _ = env.reset(seed=seed + EVAL_SEED_OFFSET + i)
        total, done = 0.0, False
        while not done:
            action, _ = model.predict(obs, deterministic=True)
            obs, reward, terminated, truncated, _ = env.step(action)
            total += float(reward)
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns))


def ppo_time_to_solve(seed, max_steps):
    import gymnasium
    import stable_baselines3
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    torch = get_torch()
    z = ZOO_PPO_CARTPOLE
    perf = time.perf_counter
    clock = {"start": None, "eval": 0.0}
    record = {"evals": [], "solved_at": None, "best": -1.0, "next": EVAL_EVERY}
    eval_env = gymnasium.make(ENV_ID)

    class TimedPPO(PPO):
        """PPO that evaluates after each iteration crossing a 5,000-step boundary, off the clock."""

        def train(self):
            super().train()
            if self.num_timesteps < record["next"]:
                return
            t_pause = perf()
            train_seconds = t_pause - clock["start"] - clock["eval"]
            mean = evaluate(self, eval_env, seed)
            clock["eval"] += perf() - t_pause
            record["evals"].append([int(self.num_timesteps), mean])
            record["best"] = max(record["best"], mean)
            record["next"] = (self.num_timesteps // EVAL_EVERY + 1) * EVAL_EVERY
            log(f"  seed {seed}: {self.num_timesteps:>6} steps  train {train_seconds:6.2f} s  "
                f"eval mean {mean:6.1f}")
            if mean >= SOLVED_RETURN:
                record["solved_at"] = (int(self.num_timesteps), train_seconds)
                raise _Solved()

    env = make_vec_env(ENV_ID, n_envs=z["n_envs"], seed=seed)
    model = TimedPPO(z["policy"], env, n_steps=z["n_steps"], batch_size=z["batch_size"],
                     gae_lambda=z["gae_lambda"], gamma=z["gamma"], n_epochs=z["n_epochs"],
                     ent_coef=z["ent_coef"], learning_rate=linear_schedule(0.001),
                     clip_range=linear_schedule(0.2), seed=seed, device="cpu", verbose=0)
    clock["start"] = perf()
    try:
        model.learn(total_timesteps=max_steps)
    except _Solved:
        pass
    total_seconds = perf() - clock["start"] - clock["eval"]
    env.close()
    eval_env.close()

    solved = record["solved_at"] is not None
    steps, seconds = record["solved_at"] if solved else (None, total_seconds)
    detail = (f"SB3 {stable_baselines3.__version__} PPO, RL-Zoo CartPole-v1 hyperparameters "
              f"(n_envs 8, n_steps 32, batch 256, gae_lambda 0.8, gamma 0.98, n_epochs 20, "
              f"ent_coef 0, lr lin_0.001, clip lin_0.2, horizon {max_steps:,} steps); "
              f"make_vec_env(seed={seed}), device cpu; eval every {EVAL_EVERY:,} steps on "
              f"{EVAL_EPISODES} deterministic episodes (seeds {seed + EVAL_SEED_OFFSET}.."
              f"{seed + EVAL_SEED_OFFSET + EVAL_EPISODES - 1}), eval time excluded "
              f"({clock['eval']:.2f} s); ")
    if solved:
        detail += f"solved at {steps:,} steps (mean {record['evals'][-1][1]:.1f})"
    else:
        detail += (f"NOT SOLVED within {model.num_timesteps:,} steps (best mean "
                   f"{record['best']:.1f}); value = whole training time, a lower bound")
    detail += f"; {gym_detail(gymnasium)}; {torch_detail(torch)}"
    return {"seed": seed, "solved": solved, "seconds": seconds, "steps_to_solve": steps,
            "best_mean_return": record["best"], "total_steps": int(model.num_timesteps),
            "eval_seconds": clock["eval"], "evals": record["evals"], "detail": detail}


def bench_ppo(seeds, max_steps):
    results = []
    for seed in seeds:
        log(f"SB3 PPO CartPole-v1, seed {seed} (budget {max_steps:,} steps)")
        r = ppo_time_to_solve(seed, max_steps)
        results.append(r)
        log(f"  seed {seed}: {'solved' if r['solved'] else 'NOT solved'} in {r['seconds']:.2f} s "
            f"of training, {r['steps_to_solve'] or r['total_steps']:,} steps")
        emit(f"rl/ppo_cartpole_time_to_solve_seed{seed}", "stable-baselines3", r["seconds"], "s",
                 r["detail"], higher_is_better=False, seed=seed, solved=r["solved"],
                 steps_to_solve=r["steps_to_solve"], best_mean_return=r["best_mean_return"],
                 total_steps=r["total_steps"], eval_seconds=round(r["eval_seconds"], 4),
                 evals=r["evals"])

    # median with unsolved seeds counted as infinitely slow
    inf = float("inf")
    times = [r["seconds"] if r["solved"] else inf for r in results]
    med_t = statistics.median(times)
    med_s = statistics.median([r["steps_to_solve"] if r["solved"] else inf for r in results])
    n_solved = sum(r["solved"] for r in results)
    per_seed = ", ".join(
        f"seed {r['seed']}: " + (f"{r['seconds']:.2f} s / {r['steps_to_solve']:,} steps" if r["solved"]
                                 else f"not solved ({r['seconds']:.2f} s, best {r['best_mean_return']:.1f})")
        for r in results)
    median_solved = med_t != inf
    if not median_solved:
        # a lower bound: the median of (time to solve, or the whole training time when unsolved)
        med_t = statistics.median([r["seconds"] for r in results])
        med_s = statistics.median([r["steps_to_solve"] or r["total_steps"] for r in results])
    note = "" if median_solved else " (median seed NOT SOLVED: value is a lower bound)"
    emit("rl/ppo_cartpole_time_to_solve", "stable-baselines3", med_t, "s",
             f"median over seeds {','.join(map(str, seeds))}{note}; {per_seed}; protocol: see "
             f"rl_peers.py docstring", higher_is_better=False, solved=median_solved,
             seeds=list(seeds))
    emit("rl/ppo_cartpole_steps_to_solve", "stable-baselines3", med_s, "steps",
             f"median env steps (summed over the 8 envs) at the first evaluation with mean >= "
             f"{SOLVED_RETURN:g}{note}; {per_seed}", higher_is_better=False, solved=median_solved,
             seeds=list(seeds))
    emit("rl/ppo_cartpole_seeds_solved", "stable-baselines3", n_solved, "seeds",
             f"{n_solved} of {len(results)} seeds reach a mean of {SOLVED_RETURN:g} within "
             f"{max_steps:,} steps; {per_seed}", seeds=list(seeds))


def main():
    ap = argparse.ArgumentParser(description="Gymnasium / Stable-Baselines3 peer benchmarks")
    ap.add_argument("--only", default="",
                    help="comma-separated bench name prefixes (rl/cartpole_steps, rl/ppo_cartpole)")
    ap.add_argument("--min-time", type=float, default=common.DEFAULT_MIN_TIME,
                    help=f"seconds per measured repeat (default {common.DEFAULT_MIN_TIME:g})")
    ap.add_argument("--skip-ppo", action="store_true",
                    default=os.environ.get("RL_PEERS_SKIP_PPO", "") not in ("", "0"),
                    help="skip the SB3 PPO time-to-solve rows (also: RL_PEERS_SKIP_PPO=1)")
    ap.add_argument("--seeds", default="0,1,2", help="PPO seeds (default 0,1,2)")
    ap.add_argument("--ppo-max-steps", type=int, default=ZOO_TIMESTEPS,
                    help=f"PPO budget and schedule horizon (default the zoo's {ZOO_TIMESTEPS:,})")
    args = ap.parse_args()
    common.MIN_TIME = args.min_time
    only = [s for s in args.only.split(",") if s]

    def want(name):
        return not only or any(name.startswith(p) for p in only)

    with threadpoolctl.threadpool_limits(1):
        if want("rl/cartpole_steps"):
            log("Gymnasium CartPole-v1 steps/s")
            bench_cartpole_steps()
        if want("rl/ppo_cartpole") and not args.skip_ppo:
            bench_ppo([int(s) for s in args.seeds.split(",") if s], args.ppo_max_steps)
        elif args.skip_ppo:
            log("skipping SB3 PPO (--skip-ppo / RL_PEERS_SKIP_PPO)")


if __name__ == "__main__":
    main()
