#!/usr/bin/env python3
"""Peer benchmarks (Optuna) for Frontier's AutoML rows.

Run with the project venv (scripts/venv.sh bench):

    .venv/bin/python benchmarks/peers/automl_peers.py

Rows (JSON lines on stdout, common.emit's schema; progress on stderr), the same names as
FrontierBench's AutoMLBenchmarks.tpeRows:

  automl/tpe_{branin,hartmann6}_best50     optuna  best value (lower is better): the median over
  automl/tpe_{branin,hartmann6}_best200            seeds 0-4 of the best value after 50 / 200 trials
  automl/tpe_{branin,hartmann6}_ms_per_trial optuna ms: study.optimize wall time / 200 trials
                                           (median over the seeds); the objective costs microseconds,
                                           so this is the sampler's and the study's time.
  automl/tpe_{...}_best{50,200}_30seeds    the same medians over seeds 0-29: how far five seeds'
                                           medians move (not a bar).

Protocol: optuna.samplers.TPESampler(seed=s) with every default (n_startup_trials=10,
n_ei_candidates=24, multivariate left unset, which Optuna 5.0 takes as True for one objective,
consider_magic_clip, consider_endpoints=False, prior_weight 1.0, gamma min(ceil(0.1 n), 25) and
default_weights), an in-memory study (optuna.create_study(direction="minimize", sampler=...)),
suggest_float over the standard domains, 200 trials, logging silenced. Same functions, domains,
seeds and trial counts as Frontier's side.
"""

import math
import statistics
import time

import common  # noqa: F401  (single-threaded environment before numpy loads)
from common import emit, log

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def branin(x1, x2):
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        exponent = sum(A[i][j] * (x[j] - P[i][j] * 1e-4) ** 2 for j in range(6))
        total += ALPHA[i] * math.exp(-exponent)
    return -total


OBJECTIVES = {
    "branin": lambda trial: branin(trial.suggest_float("x1", -5, 10), trial.suggest_float("x2", 0, 15)),
    "hartmann6": lambda trial: hartmann6([trial.suggest_float(f"x{j}", 0, 1) for j in range(6)]),
}


def rows(seeds, suffix=""):
    for name, objective in OBJECTIVES.items():
        best50, best200, per_trial = [], [], []
        for seed in seeds:
            study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
            start = time.perf_counter()
            study.optimize(objective, n_trials=200)
            per_trial.append((time.perf_counter() - start) / 200)
            values = [t.value for t in study.trials]
            best50.append(min(values[:50]))
            best200.append(min(values))
            log(f"automl {name} seed {seed}: best50 {best50[-1]:.4f} best200 {best200[-1]:.4f} {per_trial[-1] * 1e3:.2f} ms/trial")
        detail = f"optuna {optuna.__version__} TPESampler defaults, seeds {seeds[0]}-{seeds[-1]}: "
        emit(f"automl/tpe_{name}_best50{suffix}", "optuna", statistics.median(best50), "best value",
             detail + ", ".join(f"{v:.4f}" for v in best50), higher_is_better=False)
        emit(f"automl/tpe_{name}_best200{suffix}", "optuna", statistics.median(best200), "best value",
             detail + ", ".join(f"{v:.4f}" for v in best200), higher_is_better=False)
        if suffix:
            continue
        emit(f"automl/tpe_{name}_ms_per_trial", "optuna", statistics.median(per_trial) * 1e3, "ms",
             "study.optimize / 200 trials, in-memory study, median of the seeds", higher_is_better=False)


def main():
    rows([0, 1, 2, 3, 4])
    rows(list(range(30)), "_30seeds")


if __name__ == "__main__":
    main()
