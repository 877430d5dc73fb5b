#!/usr/bin/env python3
"""Golden trajectories of PyTorch's optimisers for Frontier's NN tests.

Each case: two parameters (a [3, 4] weight and a [5] bias) with fixed float64 values, a fixed
sequence of hand-made gradients (set as p.grad, so autograd plays no part), and the parameters
after every optimizer step. Also global-norm clipping. Writes
Tests/NNTests/Resources/optim_golden.json. Run with a Python that has torch (make bench's .venv).
"""
import json
import os

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "NNTests", "Resources", "optim_golden.json")
STEPS = 6

CONFIGS = [
    ("sgd", {"lr": 0.1}),
    ("sgd", {"lr": 0.05, "momentum": 0.9}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}),
    ("sgd", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.001}),
    ("adam", {"lr": 0.01}),
    ("adam", {"lr": 0.02, "betas": [0.8, 0.99], "eps": 1e-5, "weight_decay": 0.1}),
    ("adamw", {"lr": 0.01}),
    ("adamw", {"lr": 0.03, "weight_decay": 0.2, "eps": 1e-6}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.01}),
    ("rmsprop", {"lr": 0.005, "centered": True, "momentum": 0.3}),
]


def make(kind, params, options):
    options = dict(options)
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    return {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
            "rmsprop": torch.optim.RMSprop}[kind](params, foreach=False, **options)


def main():
    rng = np.random.default_rng(2026)
    weight0 = rng.normal(size=(3, 4))
    bias0 = rng.normal(size=(5,))
    gradients = [(rng.normal(size=(3, 4)), rng.normal(size=(5,))) for _ in range(STEPS)]
    cases = []
    for kind, options in CONFIGS:
        weight = torch.tensor(weight0, dtype=torch.float64, requires_grad=True)
        bias = torch.tensor(bias0, dtype=torch.float64, requires_grad=True)
        optimizer = make(kind, [weight, bias], options)
        trajectory = []
        for gw, gb in gradients:
            weight.grad = torch.tensor(gw, dtype=torch.float64)
            bias.grad = torch.tensor(gb, dtype=torch.float64)
            optimizer.step()
            trajectory.append({"weight": weight.detach().numpy().ravel().tolist(),
                               "bias": bias.detach().numpy().ravel().tolist()})
        cases.append({"optimizer": kind, "options": options, "trajectory": trajectory})

    # clip_grad_norm_ on the first gradients, for two limits.
    clipping = []
    for max_norm in [0.5, 100.0]:
        weight = torch.tensor(weight0, dtype=torch.float64, requires_grad=True)
        bias = torch.tensor(bias0, dtype=torch.float64, requires_grad=True)
        weight.grad = torch.tensor(gradients[0][0])
        bias.grad = torch.tensor(gradients[0][1])
        norm = torch.nn.utils.clip_grad_norm_([weight, bias], max_norm)
        clipping.append({"max_norm": max_norm, "norm": float(norm),
                         "weight_grad": weight.grad.numpy().ravel().tolist(),
                         "bias_grad": bias.grad.numpy().ravel().tolist()})

    result = {"generator": "scripts/golden/nn_optim_golden.py", "torch": torch.__version__,
              "weight": weight0.ravel().tolist(), "bias": bias0.ravel().tolist(),
              "gradients": [{"weight": gw.ravel().tolist(), "bias": gb.ravel().tolist()} for gw, gb in gradients],
              "cases": cases, "clipping": clipping}
    with open(OUT, "w") as f:
        json.dump(result, f)
    print(f"wrote {OUT}: {len(cases)} optimizer cases, {STEPS} steps each")


if __name__ == "__main__":
    main()
