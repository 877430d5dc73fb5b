#!/usr/bin/env python3
"""Generate golden reference values for Frontier's loss tests (Tests/NNTests/LossTests.swift).

    .venv/bin/python scripts/golden/nn_losses_golden.py            # writes the file below
    .venv/bin/python scripts/golden/nn_losses_golden.py --check    # regenerate in memory, compare

Output: Tests/NNTests/Resources/losses_golden.json

    {"generator", "torch", "conventions",
     "cases": [{"name", "loss", "reduction", "params",
                "inputs":    {NAME: {"shape", "data"}},
                "output":    {"shape", "data"},
                "upstream":  {"shape", "data"},
                "gradients": {NAME: {"shape", "data"}}}]}

Conventions (also written into the JSON):
  * data is flat, row-major; shape [] is a scalar.
  * "loss" names the Swift function (Loss.<loss>); "inputs" are its tensor arguments by
    argument label (prediction/target, logits/targets, mean/variance/target, ...), every one
    differentiable; labels, options and BCE's positive_weight (not differentiable in
    PyTorch) live in "params".
  * Inputs are multiples of 2**-10 (exact in float32 and float64); ties at the kinks of
    non-smooth losses (|d| = delta for Huber, e = 0 for pinball) are avoided.
  * "gradients" are d/d input of sum(output * upstream), computed by torch.autograd in float64
    (upstream is 1 for a scalar output).
  * The Gaussian CRPS has no PyTorch function: it is computed from the closed form with
    math.erf and its analytic gradients (d/dmu = 1 - 2 Phi(z), d/dsigma = 2 phi(z) - 1/sqrt(pi),
    d/dy = 2 Phi(z) - 1), which this script checks against central differences; the output is
    also checked against torch.special.erf.
  * The quantile CRPS is (1/Q) sum_q 2 * pinball_q, averaged per observation (shape [...]).

Deterministic: one np.random.default_rng(20240601) drawn in a fixed order.
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

OUTPUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "NNTests", "Resources", "losses_golden.json")
STEP = 2.0**-10
rng = np.random.default_rng(20240601)


def quantized(values):
    return np.round(np.asarray(values, dtype=np.float64) / STEP) * STEP


def normal(shape, scale=1.0):
    return quantized(rng.normal(size=shape) * scale)


def uniform(shape, low, high):
    return quantized(rng.uniform(low, high, size=shape))


def array(values):
    values = np.asarray(values, dtype=np.float64)
    return {"shape": list(values.shape), "data": [float(v) for v in values.reshape(-1)]}


def upstream_for(output_shape):
    if output_shape == ():
        return np.array(1.0)
    return uniform(output_shape, 0.5, 1.5)


def reduce(losses, reduction):
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


def torch_case(name, loss, reduction, inputs, params, function):
    """Runs `function(**tensors)` in float64 with autograd; records output and gradients."""
    tensors = {key: torch.tensor(value, dtype=torch.float64, requires_grad=True) for key, value in inputs.items()}
    output = function(**tensors)
    upstream = upstream_for(tuple(output.shape))
    (output * torch.tensor(upstream)).sum().backward()
    return {
        "name": name, "loss": loss, "reduction": reduction, "params": params,
        "inputs": {key: array(value) for key, value in inputs.items()},
        "output": array(output.detach().numpy()),
        "upstream": array(upstream),
        "gradients": {key: array(tensor.grad.numpy()) for key, tensor in tensors.items()},
    }


def away_from(values, kinks, gap):
    """Moves elements within `gap` of any kink by 2*gap, so no tie decides a gradient."""
    values = values.copy()
    for kink in kinks:
        close = np.abs(values - kink) < gap
        values[close] += 2 * gap
    return quantized(values)


# -- losses with a PyTorch peer ------------------------------------------------------------------

def mse_cases():
    cases = []
    for reduction, shape in [("mean", (4, 3)), ("sum", (5,)), ("none", (2, 3))]:
        inputs = {"prediction": normal(shape), "target": normal(shape)}
        cases.append(torch_case(f"meanSquaredError {reduction} {list(shape)}", "meanSquaredError", reduction, inputs, {},
                                lambda prediction, target, r=reduction: F.mse_loss(prediction, target, reduction=r)))
    return cases


def huber_cases():
    cases = []
    for reduction, delta, shape in [("mean", 1.0, (4, 3)), ("sum", 0.5, (6,)), ("none", 2.0, (2, 4))]:
        target = normal(shape)
        difference = away_from(normal(shape, 1.5), [delta, -delta, 0.0], 0.02)
        inputs = {"prediction": quantized(target + difference), "target": target}
        cases.append(torch_case(f"huber {reduction} delta {delta}", "huber", reduction, inputs, {"delta": delta},
                                lambda prediction, target, r=reduction, d=delta: F.huber_loss(prediction, target, reduction=r, delta=d)))
    return cases


def cross_entropy_cases():
    cases = []
    for reduction, smoothing, rows, classes, scale in [
        ("mean", 0.0, 5, 4, 1.0), ("mean", 0.1, 5, 4, 1.0), ("sum", 0.0, 3, 6, 2.0),
        ("none", 0.2, 4, 3, 1.0), ("mean", 0.0, 3, 5, 40.0),
    ]:
        labels = [int(v) for v in rng.integers(0, classes, size=rows)]
        inputs = {"logits": normal((rows, classes), scale)}
        params = {"labels": labels, "label_smoothing": smoothing}

        def function(logits, r=reduction, s=smoothing, l=labels):
            return F.cross_entropy(logits, torch.tensor(l), reduction=r, label_smoothing=s)
        cases.append(torch_case(f"crossEntropy {reduction} smoothing {smoothing} scale {scale}", "crossEntropy",
                                reduction, inputs, params, function))
    return cases


def bce_cases():
    cases = []
    for reduction, shape, scale, weighted in [
        ("mean", (4, 3), 1.0, False), ("sum", (5,), 3.0, False), ("none", (3, 2), 1.0, True),
        ("mean", (2, 4), 40.0, False), ("mean", (3, 4), 2.0, True),
    ]:
        inputs = {"logits": normal(shape, scale), "targets": uniform(shape, 0, 1)}
        # PyTorch does not differentiate with respect to pos_weight, so it is a parameter here.
        weight = [float(v) for v in uniform(shape[-1:], 0.5, 3)] if weighted else None
        params = {"positive_weight": weight} if weighted else {}

        def function(logits, targets, r=reduction, w=weight):
            pos_weight = None if w is None else torch.tensor(w, dtype=torch.float64)
            return F.binary_cross_entropy_with_logits(logits, targets, pos_weight=pos_weight, reduction=r)
        name = f"binaryCrossEntropyWithLogits {reduction} scale {scale}" + (" positiveWeight" if weighted else "")
        cases.append(torch_case(name, "binaryCrossEntropyWithLogits", reduction, inputs, params, function))
    return cases


def gaussian_nll_cases():
    cases = []
    specs = [
        ("mean", (4, 3), (4, 3), False, "heteroscedastic"),
        ("sum", (3, 2), (3, 2), True, "full"),
        ("none", (3, 4), (3,), False, "variance without last axis"),
        ("mean", (2, 3), (2, 1), False, "variance size 1 on last axis"),
        ("none", (2, 3), (1, 3), False, "variance size 1 on first axis"),
        ("none", (2, 3), (2, 3), False, "variances below eps"),
    ]
    for reduction, shape, variance_shape, full, label in specs:
        variance = uniform(variance_shape, 0.25, 2)
        if label == "variances below eps":
            variance.reshape(-1)[:3] = [0.0, 2.0**-24, 2.0**-21]  # all below 1e-6, so clamped
        mean = normal(shape)
        target = quantized(mean + normal(shape, 0.01 if label == "variances below eps" else 1.0))
        inputs = {"mean": mean, "variance": variance, "target": target}
        params = {"full": full, "epsilon": 1e-6}

        def function(mean, variance, target, r=reduction, f=full):
            return F.gaussian_nll_loss(mean, target, variance, full=f, eps=1e-6, reduction=r)
        cases.append(torch_case(f"gaussianNegativeLogLikelihood {reduction} {label}", "gaussianNegativeLogLikelihood",
                                reduction, inputs, params, function))
    return cases


def pinball_elementwise(prediction, target, quantiles):
    levels = torch.tensor(quantiles, dtype=torch.float64)
    error = target.unsqueeze(-1) - prediction
    return torch.maximum(levels * error, (levels - 1) * error)


def quantile_inputs(target_shape, quantiles):
    target = normal(target_shape)
    offsets = away_from(normal(tuple(target_shape) + (len(quantiles),)), [0.0], 0.02)
    return {"prediction": quantized(target[..., None] + offsets), "target": target}


def pinball_cases():
    cases = []
    for reduction, target_shape, quantiles in [
        ("mean", (4,), [0.1, 0.5, 0.9]), ("sum", (2, 3), [0.25, 0.75]), ("none", (3,), [0.05, 0.5, 0.95, 0.3]),
    ]:
        inputs = quantile_inputs(target_shape, quantiles)

        def function(prediction, target, r=reduction, q=quantiles):
            return reduce(pinball_elementwise(prediction, target, q), r)
        cases.append(torch_case(f"pinball {reduction} {len(quantiles)} levels", "pinball", reduction, inputs,
                                {"quantiles": quantiles}, function))
    return cases


def quantile_crps_cases():
    cases = []
    for reduction, target_shape, levels in [("mean", (5,), 4), ("sum", (2, 3), 3), ("none", (4,), 5)]:
        quantiles = [(q + 0.5) / levels for q in range(levels)]
        inputs = quantile_inputs(target_shape, quantiles)

        def function(prediction, target, r=reduction, q=quantiles):
            return reduce(2 * pinball_elementwise(prediction, target, q).mean(dim=-1), r)
        cases.append(torch_case(f"quantileCRPS {reduction} {levels} levels", "quantileCRPS", reduction, inputs,
                                {"quantiles": quantiles}, function))
    return cases


# -- Gaussian CRPS: closed form, analytic gradients, checked numerically --------------------------

def crps_elementwise(mu, sigma, y):
    z = (y - mu) / sigma
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    pdf = math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    value = sigma * (z * (2 * cdf - 1) + 2 * pdf - 1 / math.sqrt(math.pi))
    return value, (1 - 2 * cdf, 2 * pdf - 1 / math.sqrt(math.pi), 2 * cdf - 1)


def crps_reduced(mu, sigma, y, reduction, upstream):
    values = np.array([crps_elementwise(m, s, t)[0] for m, s, t in zip(mu.ravel(), sigma.ravel(), y.ravel())])
    return float((reduce(values.reshape(mu.shape), reduction) * upstream).sum())


def gaussian_crps_cases():
    cases = []
    for reduction, shape in [("mean", (4, 3)), ("sum", (5,)), ("none", (2, 3))]:
        mu, sigma = normal(shape), uniform(shape, 0.25, 2)
        y = quantized(mu + normal(shape, 1.5))
        if reduction == "sum":
            y.reshape(-1)[0] = mu.reshape(-1)[0] + 8 * sigma.reshape(-1)[0]  # a far tail: Phi(z) ~ 1 - 6e-16
        elements = [crps_elementwise(m, s, t) for m, s, t in zip(mu.ravel(), sigma.ravel(), y.ravel())]
        values = np.array([e[0] for e in elements]).reshape(shape)
        output = reduce(values, reduction)
        upstream = upstream_for(np.shape(output))
        # Upstream gradient reaching each element before the reduction.
        if reduction == "none":
            element_upstream = upstream
        else:
            element_upstream = np.full(shape, float(upstream) / (values.size if reduction == "mean" else 1))
        gradients = [np.array([e[1][k] for e in elements]).reshape(shape) * element_upstream for k in range(3)]

        # Independent checks: central differences and torch's erf.
        inputs = [mu, sigma, y]
        for k, gradient in enumerate(gradients):
            for index in range(values.size):
                h = 1e-6
                plus, minus = [a.copy() for a in inputs], [a.copy() for a in inputs]
                plus[k].reshape(-1)[index] += h
                minus[k].reshape(-1)[index] -= h
                numeric = (crps_reduced(*plus, reduction, upstream) - crps_reduced(*minus, reduction, upstream)) / (2 * h)
                assert abs(numeric - gradient.reshape(-1)[index]) < 1e-7, (reduction, k, index, numeric, gradient)
        tm, ts, ty = (torch.tensor(a) for a in inputs)
        tz = (ty - tm) / ts
        torch_values = ts * (tz * torch.special.erf(tz / math.sqrt(2)) + 2 * torch.exp(-0.5 * tz**2) / math.sqrt(2 * math.pi)
                             - 1 / math.sqrt(math.pi))
        assert np.allclose(torch_values.numpy(), values, rtol=1e-12, atol=1e-14)

        cases.append({
            "name": f"gaussianCRPS {reduction} {list(shape)}", "loss": "gaussianCRPS", "reduction": reduction,
            "params": {},
            "inputs": {"mean": array(mu), "standardDeviation": array(sigma), "target": array(y)},
            "output": array(output), "upstream": array(upstream),
            "gradients": {"mean": array(gradients[0]), "standardDeviation": array(gradients[1]),
                          "target": array(gradients[2])},
        })
    return cases


def build():
    cases = (mse_cases() + huber_cases() + cross_entropy_cases() + bce_cases() + gaussian_nll_cases()
             + pinball_cases() + quantile_crps_cases() + gaussian_crps_cases())
    conventions = __doc__.split("Conventions (also written into the JSON):")[1].split("Deterministic:")[0]
    return {
        "generator": "scripts/golden/nn_losses_golden.py",
        "torch": torch.__version__,
        "conventions": " ".join(conventions.split()),
        "cases": cases,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    arguments = parser.parse_args()
    text = json.dumps(build(), separators=(",", ":")) + "\n"
    path = os.path.normpath(OUTPUT)
    if arguments.check:
        with open(path) as file:
            same = file.read() == text
        print("up to date" if same else f"{path} differs from a fresh run")
        sys.exit(0 if same else 1)
    with open(path, "w") as file:
        file.write(text)
    print(f"wrote {path} ({len(text)} bytes, {len(json.loads(text)['cases'])} cases)")


if __name__ == "__main__":
    main()
