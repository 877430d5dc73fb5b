#!/usr/bin/env python3
"""Time to solve CartPole-v1 as whole processes, start to solved bundle: Frontier against
Stable-Baselines3 (issue 11's rows). Standard library only on the Frontier side.

    .venv/bin/python benchmarks/peers/solve_processes.py --side sb3 >> benchmarks/results/peers.jsonl
    python3 benchmarks/peers/solve_processes.py --side frontier --frontier .build/release/frontier \
        >> benchmarks/results/frontier.jsonl

Rows (JSON lines, common.emit's schema; progress on stderr), seconds, lower is better, the median
over seeds 10-19 (seeds that did not solve count as infinitely slow; per-seed times in the detail):

  rl/cartpole_solve_process_zoo    (a) the same hyperparameters on both sides: the RL Zoo's
                                   CartPole-v1 PPO (8 envs x 32 steps, 20 epochs of one
                                   minibatch, lr lin_0.001, clip lin_0.2, gamma 0.98,
                                   lambda 0.8). Frontier: `frontier train --config` with
                                   epochs 20, minibatch_count 1, learning_rate 0.001 over its
                                   CartPole preset (whose other values are the zoo's).
                                   Issue goal: Frontier <= 0.1x SB3 (report.py target 10).
  rl/cartpole_solve_process_best   (b) each side's best preset. Frontier: `frontier train`'s
                                   CartPole preset (4 epochs of 8 minibatches, lr 2e-3; chosen on
                                   seeds 0-9). SB3: the RL Zoo's settings, the tuned preset SB3's
                                   authors publish, so the same runs as row (a).
  rl/cartpole_solve_process_seeds_solved   seeds of 10 solved, per row, as "..._zoo_seeds_solved"
                                   and "..._best_seeds_solved".

Protocol, both sides: one process per seed, timed with time.perf_counter from before the spawn to
its exit (interpreter start, imports, set-up, training, evaluations and writing the bundle all
count). Evaluations every 5,000 environment steps (summed over the 8 copies) on 10 deterministic
episodes of a separate environment; training stops at the first evaluation whose mean return is
>= 475 and the bundle at that point is kept. SB3: benchmarks/peers/sb3_cartpole_solve.py
(EvalCallback with StopTrainingOnRewardThreshold(475), best_model_save_path). Frontier:
`frontier train --env CartPole-v1 --algo ppo --seed S --eval-every 5000 --eval-episodes 10
--stop-at-return 475 --quiet`. Budget 100,000 steps on both sides; torch and Frontier on one
thread. The machine may be shared: run once, read the per-seed times.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = list(range(10, 20))
ZOO_OVERRIDES = "epochs: 20\nminibatch_count: 1\nlearning_rate: 0.001\n"


def log(message):
    print(message, file=sys.stderr, flush=True)


def emit(bench, impl, value, unit, detail, higher_is_better=False, **extra):
    row = {"bench": bench, "impl": impl, "value": float(value), "unit": unit,
           "higher_is_better": bool(higher_is_better), "detail": detail}
    row.update(extra)
    print(json.dumps(row), flush=True)


def timed(command, env=None):
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        log(f"  failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr[-2000:]}")
    return seconds, completed


def run_sb3(seed, folder):
    out = os.path.join(folder, f"sb3-seed{seed}")
    seconds, completed = timed([sys.executable, os.path.join(HERE, "sb3_cartpole_solve.py"), "--seed", str(seed), "--out", out])
    result = {"solved": False, "steps": None}
    for line in completed.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
    solved = result["solved"] and os.path.exists(os.path.join(out, "best_model.zip"))
    return seconds, solved, result.get("steps")


def run_frontier(binary, seed, folder, config):
    out = os.path.join(folder, f"frontier-seed{seed}-{'zoo' if config else 'best'}.h5")
    command = [binary, "train", "--env", "CartPole-v1", "--algo", "ppo", "--seed", str(seed), "--eval-every", "5000",
               "--eval-episodes", "10", "--stop-at-return", "475", "--quiet", "--out", out]
    if config:
        command += ["--config", config]
    seconds, completed = timed(command)
    steps = None
    for line in completed.stdout.splitlines():
        if "solved (≥" in line:
            steps = int(line.rsplit("at step", 1)[1].strip())
    return seconds, steps is not None and os.path.exists(out), steps


def median_row(bench, impl, results, what):
    times = [seconds if solved else math.inf for seconds, solved, _ in results]
    median = statistics.median(times)
    solved = math.isfinite(median)
    if not solved:
        median = statistics.median(seconds for seconds, _, _ in results)
    per_seed = ", ".join(f"seed {seed}: {seconds:.2f} s" + (f" / {steps:,} steps" if ok and steps else "" if ok else " NOT SOLVED")
                         for seed, (seconds, ok, steps) in zip(SEEDS, results))
    note = "" if solved else " (median seed NOT SOLVED: a lower bound)"
    emit(bench, impl, median, "s", f"{what}; whole process, start to solved bundle, median of seeds 10-19{note}: {per_seed}",
         solved=solved, seeds=SEEDS)
    emit(bench + "_seeds_solved", impl, sum(ok for _, ok, _ in results), "seeds", f"of seeds 10-19; {what}", higher_is_better=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--side", choices=["sb3", "frontier"], required=True)
    parser.add_argument("--frontier", default=".build/release/frontier", help="the frontier binary (--side frontier)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="frontier-solve-") as folder:
        if args.side == "sb3":
            results = []
            for seed in SEEDS:
                results.append(run_sb3(seed, folder))
                log(f"SB3 PPO seed {seed}: {results[-1][0]:.2f} s, solved {results[-1][1]}, steps {results[-1][2]}")
            import stable_baselines3
            what = (f"SB3 {stable_baselines3.__version__} PPO, RL Zoo CartPole-v1 settings, EvalCallback + "
                    f"StopTrainingOnRewardThreshold(475) every 5,000 steps on 10 episodes")
            median_row("rl/cartpole_solve_process_zoo", "stable-baselines3", results, what)
            median_row("rl/cartpole_solve_process_best", "stable-baselines3", results,
                       what + " (SB3's best preset is the zoo's: the same runs as the _zoo row)")
        else:
            config = os.path.join(folder, "zoo.yaml")
            with open(config, "w") as file:
                file.write(ZOO_OVERRIDES)
            for label, bench, override in [("zoo", "rl/cartpole_solve_process_zoo", config),
                                           ("preset", "rl/cartpole_solve_process_best", None)]:
                results = []
                for seed in SEEDS:
                    results.append(run_frontier(args.frontier, seed, folder, override))
                    log(f"frontier PPO ({label}) seed {seed}: {results[-1][0]:.2f} s, solved {results[-1][1]}, steps {results[-1][2]}")
                what = ("frontier train, the RL Zoo's CartPole-v1 settings (--config: epochs 20, minibatch_count 1, "
                        "learning_rate 0.001)" if override else
                        "frontier train's CartPole-v1 preset (4 epochs of 8 minibatches, lr 2e-3)")
                median_row(bench, "frontier", results, what + ", --eval-every 5000 --eval-episodes 10 --stop-at-return 475")
    return 0


if __name__ == "__main__":
    sys.exit(main())
