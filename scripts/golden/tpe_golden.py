#!/usr/bin/env python3
"""Golden values for AutoML's Parzen estimators: Optuna's own `_ParzenEstimator` (the l(x) and
g(x) of its TPESampler) fitted to fixed observations, and its log densities at fixed points.

Needs optuna (in the bench set: scripts/venv.sh bench). Writes
Tests/AutoMLTests/Resources/tpe_golden.json; run from the repository root:

    .venv/bin/python scripts/golden/tpe_golden.py
"""

import json
import os

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights


def spec(distribution):
    if isinstance(distribution, FloatDistribution):
        return {"kind": "float", "low": distribution.low, "high": distribution.high, "log": distribution.log, "step": distribution.step}
    if isinstance(distribution, IntDistribution):
        return {"kind": "int", "low": distribution.low, "high": distribution.high, "log": distribution.log, "step": distribution.step}
    return {"kind": "categorical", "choices": len(distribution.choices)}


def case(name, space, observations, points):
    """space: {param: distribution}; observations, points: {param: [internal values]}."""
    fields = _ParzenEstimatorParameters._fields
    arguments = dict(prior_weight=1.0, consider_magic_clip=True, consider_endpoints=False,
                     weights=default_weights, multivariate=True)
    if "categorical_distance_func" in fields:
        arguments["categorical_distance_func"] = {}
    if "consider_prior" in fields:
        arguments["consider_prior"] = True
    parameters = _ParzenEstimatorParameters(**arguments)
    estimator = _ParzenEstimator({k: np.asarray(v, dtype=float) for k, v in observations.items()}, space, parameters)
    log_pdf = estimator.log_pdf({k: np.asarray(v, dtype=float) for k, v in points.items()})
    names = list(space)
    rows = len(next(iter(observations.values())))
    return {
        "name": name,
        "space": [dict(spec(space[n]), name=n) for n in names],
        "observations": [[observations[n][i] for n in names] for i in range(rows)],
        "points": [[points[n][i] for n in names] for i in range(len(next(iter(points.values()))))],
        "log_density": [float(v) for v in log_pdf],
    }


def main():
    rng = np.random.default_rng(0)
    cases = [
        case("float", {"x": FloatDistribution(-5, 10)}, {"x": [1.0, 2.5, -3.0, 9.0]}, {"x": [-5.0, -2.9, 0.0, 2.4, 9.9, 10.0]}),
        case("float, no observations", {"x": FloatDistribution(0, 1)}, {"x": []}, {"x": [0.0, 0.3, 1.0]}),
        case("float, 40 observations (weights ramp)", {"x": FloatDistribution(0, 1)},
             {"x": list(rng.uniform(0, 1, 40))}, {"x": [0.01, 0.25, 0.5, 0.75, 0.99]}),
        case("log float", {"lr": FloatDistribution(1e-5, 1, log=True)}, {"lr": [1e-4, 3e-3, 0.5]}, {"lr": [1e-5, 2e-4, 0.01, 1.0]}),
        case("int", {"n": IntDistribution(0, 10)}, {"n": [2, 3, 3, 7]}, {"n": [0, 3, 5, 10]}),
        case("int with step", {"n": IntDistribution(64, 2048, step=64)}, {"n": [128, 1024, 2048]}, {"n": [64, 192, 1024, 1984]}),
        case("log int", {"n": IntDistribution(1, 64, log=True)}, {"n": [1, 4, 16, 60]}, {"n": [1, 2, 5, 33, 64]}),
        case("float with step", {"c": FloatDistribution(0, 1, step=0.1)}, {"c": [0.2, 0.5]}, {"c": [0.0, 0.2, 0.3, 1.0]}),
        case("categorical", {"k": CategoricalDistribution(["a", "b", "c"])}, {"k": [0, 2, 2]}, {"k": [0, 1, 2]}),
        case("joint", {"x": FloatDistribution(-1, 1), "n": IntDistribution(1, 8, log=True), "k": CategoricalDistribution(["a", "b"])},
             {"x": [0.1, -0.5, 0.9], "n": [1, 3, 8], "k": [0, 1, 1]},
             {"x": [0.0, 0.1, -1.0], "n": [2, 3, 8], "k": [1, 0, 1]}),
    ]
    path = os.path.join("Tests", "AutoMLTests", "Resources", "tpe_golden.json")
    with open(path, "w") as handle:
        json.dump({"optuna": optuna.__version__, "cases": cases}, handle, indent=1)
    print(f"wrote {path} ({len(cases)} cases, optuna {optuna.__version__})")


if __name__ == "__main__":
    main()
