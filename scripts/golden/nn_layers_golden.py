#!/usr/bin/env python3
"""Generate golden reference values for Frontier's sequence and attention layers from PyTorch.

    .venv/bin/python scripts/golden/nn_layers_golden.py           # writes the file below
    .venv/bin/python scripts/golden/nn_layers_golden.py --check   # regenerate in memory, compare

Output: Tests/NNTests/Resources/layers_golden.json

    {"generator": ..., "torch": VERSION, "conventions": "...",
     "cases": [{"name", "layer", "config": {...},
                "parameters": [{"name", "shape", "data"}...],   # state_dict order
                "inputs":     [{"name", "shape", "data"}...],
                "outputs":    [{"name", "shape", "data", "weight": [...]}...],
                "gradients":  [{"name", "shape", "data"}...]}...]}

Conventions (also written into the JSON):
  * data is flat, row-major; every tensor is float64.
  * Parameters start from torch's default initialisation, are perturbed (so that ones, zeros
    and symmetric values become generic) and quantized to multiples of 2**-10, as are the
    inputs and the output weights: all are exact in Float32 as well as Float64.
  * The scalar differentiated is sum over outputs of sum(output * weight); "gradients" holds its
    gradient with respect to each differentiable input (by input name) and each parameter (by
    state-dict name). Integer inputs (indices) are stored as floats and have no gradient.
  * Every value is computed in float64 and written with full precision (Python repr).

Module naming matches Frontier's: GRU(batch_first=True), nn.MultiheadAttention for
CausalSelfAttention, and a pre-LN block with attributes ln1, attention, ln2, feedForward.
Deterministic: torch.manual_seed(20240611) once, layers built in a fixed order.
"""

import argparse
import json
import os
import sys

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "NNTests", "Resources", "layers_golden.json")
CONVENTIONS = (
    "flat row-major float64 data; parameters, inputs and output weights are multiples of 2**-10; "
    "objective = sum over outputs of sum(output * weight); gradients by input name and state-dict name"
)

torch.set_default_dtype(torch.float64)


def q(x):
    """Quantize to multiples of 2**-10 (exact in Float32)."""
    return torch.round(x * 1024) / 1024


def tensor_record(name, t):
    t = t.detach().to(torch.float64)
    return {"name": name, "shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def perturb_parameters(module):
    """Torch's initialisation plus noise, quantized; every parameter ends up generic."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(q(p + 0.2 * torch.randn_like(p)))


class CausalAttention(nn.Module):
    """nn.MultiheadAttention used as causal self-attention: state-dict keys in_proj_weight,
    in_proj_bias, out_proj.weight, out_proj.bias."""

    def __init__(self, embed, heads):
        super().__init__()
        self.mha = nn.MultiheadAttention(embed, heads, batch_first=True)

    def forward(self, x):
        t = x.shape[1]
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)  # True = not allowed
        out, _ = self.mha(x, x, x, attn_mask=mask, need_weights=False)
        return out


class Block(nn.Module):
    """Pre-LN decoder block with Frontier's child names."""

    def __init__(self, embed, heads, hidden):
        super().__init__()
        self.ln1 = nn.LayerNorm(embed)
        self.attention = nn.MultiheadAttention(embed, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(embed)
        self.feedForward = nn.Sequential(nn.Linear(embed, hidden), nn.GELU(), nn.Linear(hidden, embed))

    def forward(self, x):
        t = x.shape[1]
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        h = self.ln1(x)
        x = x + self.attention(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.feedForward(self.ln2(x))


class Positional(nn.Module):
    """A learned position table added to the input (an nn.Embedding's `weight`)."""

    def __init__(self, max_length, dim):
        super().__init__()
        self.table = nn.Embedding(max_length, dim)

    def forward(self, x):
        return x + self.table(torch.arange(x.shape[1]))


def run_case(name, layer, config, module, inputs, forward, export=None):
    """inputs: list of (name, tensor, differentiable); export: the state dict under Frontier's
    names (the module's own state_dict when None)."""
    perturb_parameters(module)
    state = dict((export or module.state_dict)())
    leaves = []
    for input_name, value, differentiable in inputs:
        leaf = value.clone()
        if differentiable:
            leaf.requires_grad_(True)
        leaves.append((input_name, leaf, differentiable))
    outputs = forward(*[leaf for _, leaf, _ in leaves])
    if not isinstance(outputs, tuple):
        outputs = (("output", outputs),)
    objective = 0
    output_records = []
    for output_name, value in outputs:
        weight = q(torch.rand(value.shape) + 0.5)
        objective = objective + (value * weight).sum()
        record = tensor_record(output_name, value)
        record["weight"] = [float(v) for v in weight.reshape(-1).tolist()]
        output_records.append(record)
    objective.backward()
    gradients = [tensor_record(n, leaf.grad) for n, leaf, d in leaves if d]
    # Exported names can differ from named_parameters (a wrapper's prefix): match by storage.
    for key, value in state.items():
        match = next(p for p in module.parameters() if p.data_ptr() == value.data_ptr())
        gradients.append(tensor_record(key, match.grad))
    return {
        "name": name,
        "layer": layer,
        "config": config,
        "parameters": [tensor_record(k, v) for k, v in state.items()],
        "inputs": [tensor_record(n, leaf) for n, leaf, _ in leaves],
        "outputs": output_records,
        "gradients": gradients,
    }


def build_cases():
    torch.manual_seed(20240611)
    cases = []

    # Embedding: repeated indices, so the weight gradient must accumulate.
    embedding = nn.Embedding(7, 4)
    indices = torch.tensor([[0, 3, 6], [3, 3, 1]])
    cases.append(run_case(
        "embedding", "Embedding", {"count": 7, "dimension": 4}, embedding,
        [("indices", indices.to(torch.float64), False)],
        lambda i: embedding(i.long())))

    norm = nn.LayerNorm(6)
    cases.append(run_case(
        "layer_norm", "LayerNorm", {"features": 6, "epsilon": 1e-5}, norm,
        [("input", q(torch.randn(2, 3, 6) * 2 + 0.5), True)], norm))

    cell = nn.GRUCell(3, 4)
    cases.append(run_case(
        "gru_cell", "GRUCell", {"inputSize": 3, "hiddenSize": 4}, cell,
        [("input", q(torch.randn(2, 3)), True), ("hidden", q(torch.randn(2, 4) * 0.5), True)],
        lambda x, h: cell(x, h)))

    gru = nn.GRU(3, 4, num_layers=2, batch_first=True)
    cases.append(run_case(
        "gru_2_layers", "GRU", {"inputSize": 3, "hiddenSize": 4, "layers": 2}, gru,
        [("input", q(torch.randn(2, 5, 3)), True), ("hidden", q(torch.randn(2, 2, 4) * 0.5), True)],
        lambda x, h: tuple(zip(("output", "hidden"), gru(x, h)))))

    attention = CausalAttention(8, 2)
    cases.append(run_case(
        "causal_self_attention", "CausalSelfAttention", {"modelDimension": 8, "heads": 2}, attention,
        [("input", q(torch.randn(2, 5, 8)), True)], attention,
        export=attention.mha.state_dict))

    block = Block(8, 2, 16)
    cases.append(run_case(
        "transformer_block", "TransformerBlock",
        {"modelDimension": 8, "heads": 2, "feedForwardDimension": 16}, block,
        [("input", q(torch.randn(2, 5, 8)), True)], block))

    positional = Positional(6, 4)
    cases.append(run_case(
        "positional_embedding", "PositionalEmbedding", {"maxLength": 6, "dimension": 4}, positional,
        [("input", q(torch.randn(2, 5, 4)), True)], positional,
        export=lambda: {"weight": positional.table.weight.detach()}))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the checked-in file instead of writing")
    args = parser.parse_args()
    document = {
        "generator": "scripts/golden/nn_layers_golden.py",
        "torch": torch.__version__,
        "conventions": CONVENTIONS,
        "cases": build_cases(),
    }
    text = json.dumps(document, separators=(",", ":")) + "\n"
    if args.check:
        with open(OUT) as f:
            existing = json.load(f)
        same = existing["cases"] == document["cases"]
        print("golden file is up to date" if same else "golden file differs from a fresh run")
        sys.exit(0 if same else 1)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT} ({len(text)} bytes, {len(document['cases'])} cases)")


if __name__ == "__main__":
    main()
