#!/usr/bin/env python3
"""Generate golden reference values for Frontier's tensor tests.

    python3 scripts/golden/tensor_golden.py            # writes the file below
    python3 scripts/golden/tensor_golden.py --check    # regenerate in memory, compare
    (--check compares exactly; another NumPy version may differ in the last bits
    of transcendental outputs, which is fine within the tests' tolerances)

Output: Tests/TensorTests/Resources/golden.json

    {"generator": "scripts/golden/tensor_golden.py", "numpy": VERSION,
     "conventions": "...",
     "cases": [{"name", "op", "inputs": [{"shape", "data"}...], "params", "output"}...],
     "philox": [{"key", "counter", "first_block_counter", "raw", "uniform01"}...]}

Needs only NumPy (and the standard library's math.erf). Deterministic: one
np.random.default_rng(1234) drawn in a fixed order.

Conventions (also written into the JSON as "conventions"):
  * data is flat, row-major (C order); shape [] is a scalar with one value.
  * Inputs are quantized to multiples of 2**-10 (or chosen small values), so
    they are exactly representable in Float32 as well as Float64 and print
    short. Outputs are computed in float64 and written with full precision
    (Python repr, round-trips exactly), so a Float32 implementation should
    compare with a relative tolerance of ~1e-5 and a Float64 one ~1e-12.
  * Reduction inputs (and softmax/argmax inputs) have no ties.
  * Axes may be negative (NumPy meaning). Integer outputs (argmax, indices,
    comparisons, one_hot) are written as floats.

Philox (see PHILOX NOTES below) is NumPy's numpy.random.Philox, i.e.
Philox4x64-10 (4 x 64-bit counter words, 2 x 64-bit key words, 10 rounds).
"""

# ---------------------------------------------------------------------------------
# PHILOX NOTES -- how numpy.random.Philox sequences its counter (verified by
# experiment against a pure-Python Philox4x64-10 below; the script asserts it):
#
#  * np.random.Philox(key=K, counter=C) with K = [k0, k1], C = [c0, c1, c2, c3]
#    (pass np.uint64 arrays: Python ints >= 2**63 in a list go through float64
#    and are corrupted). The key is used as is (no seeding hash); a plain int
#    key/counter is split little-endian into 64-bit words (word 0 = low bits).
#    The generator starts with an EMPTY 4-word buffer.
#  * The counter is incremented BEFORE each block is computed, including the
#    first: the first block is Philox4x64_10(C + 1, K), the next C + 2, ...
#    The increment is a 256-bit little-endian add: c0 += 1; on wrap to 0 carry
#    into c1, then c2, then c3 (all four words wrapping to 0 for all-ones).
#  * Each block yields 4 uint64 outputs returned in word order v[0], v[1],
#    v[2], v[3]; so random_raw()[4*j + i] = Philox4x64_10(C + j + 1, K)[i].
#    After random_raw(12), state["counter"] == C + 3.
#  * The block function: 10 rounds; before rounds 2..10 the key is bumped
#    k0 += 0x9E3779B97F4A7C15, k1 += 0xBB67AE8584CAA73B (mod 2**64). One round,
#    with (hi, lo) = 128-bit product split:
#        (hi0, lo0) = mulhilo(0xD2E7470EE14C6C93, v0)
#        (hi1, lo1) = mulhilo(0xCA5A826395121157, v2)
#        v = [hi1 ^ v1 ^ k0, lo1, hi0 ^ v3 ^ k1, lo0]
#  * Derived values (also checked here): Generator(Philox(...)).random() is
#    (raw >> 11) * 2**-53 per 64-bit output; 32-bit draws use the low 32 bits
#    of an output first, then its high 32 bits.
# ---------------------------------------------------------------------------------

import argparse
import json
import math
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "TensorTests", "Resources", "golden.json")

rng = np.random.default_rng(1234)
cases = []
names = set()

Q = 2.0 ** 10


def q(x):
    """Quantize to multiples of 2**-10 (exact in Float32)."""
    return np.round(np.asarray(x, dtype=np.float64) * Q) / Q


def normal(shape, scale=1.0):
    return q(rng.standard_normal(shape) * scale)


def uniform(shape, lo, hi):
    return q(rng.uniform(lo, hi, shape))


def distinct_normal(shape):
    """Normal values with no ties anywhere (for max/min/argmax/softmax)."""
    while True:
        x = normal(shape)
        if np.unique(x).size == x.size:
            return x


def tensor(a):
    a = np.asarray(a, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError("non-finite value in golden data")
    return {"shape": [int(s) for s in a.shape],
            "data": [float(v) for v in a.reshape(-1)]}


def add(name, op, inputs, output, params=None):
    if name in names:
        raise ValueError(f"duplicate case name {name}")
    names.add(name)
    cases.append({"name": name, "op": op, "inputs": [tensor(i) for i in inputs],
                  "params": params or {}, "output": tensor(output)})


def sname(shape):
    return "x".join(str(s) for s in shape) if len(shape) else "scalar"


# --- binary ops with broadcasting ----------------------------------------------------
PAIRS = [([3, 4], [3, 4]), ([3, 4], [4]), ([2, 1, 4], [3, 1]), ([5], []),
         ([2, 3, 1], [1, 1, 4])]


def nonzero(shape):
    s = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    return s * uniform(shape, 0.5, 2.0)


BINARY = {
    "add": (np.add, normal, normal),
    "sub": (np.subtract, normal, normal),
    "mul": (np.multiply, normal, normal),
    "div": (np.divide, normal, nonzero),
    "minimum": (np.minimum, normal, normal),
    "maximum": (np.maximum, normal, normal),
    "pow": (np.power, lambda s: uniform(s, 0.25, 3.0), lambda s: uniform(s, -2.0, 2.0)),
}
for op, (fn, ga, gb) in BINARY.items():
    for sa, sb in PAIRS:
        a, b = ga(sa), gb(sb)
        add(f"{op}_{sname(sa)}_{sname(sb)}", op, [a, b], fn(a, b))
        if sa != sb:  # also the swapped order, broadcasting on the left
            a2, b2 = ga(sb), gb(sa)
            add(f"{op}_{sname(sb)}_{sname(sa)}", op, [a2, b2], fn(a2, b2))

# --- unary ops ---------------------------------------------------------------------------
EDGE = np.array([-20.0, -5.0, -1.0, -2.0 ** -10, 0.0, 2.0 ** -10, 1.0, 5.0, 20.0])
SQ2 = math.sqrt(2.0)


def gelu(x):
    return np.vectorize(lambda v: v * 0.5 * (1.0 + math.erf(v / SQ2)))(x)


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def softplus(x):  # log(1 + exp(x)), stable
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


UNARY = {
    # op: (fn, generator for [2,3,4], params, edge input or None)
    "neg": (np.negative, normal, {}, EDGE),
    "exp": (np.exp, lambda s: normal(s, 2.0), {}, np.array([-20.0, -1.0, 0.0, 1.0, 20.0])),
    "log": (np.log, lambda s: uniform(s, 0.05, 8.0), {}, np.array([2.0 ** -10, 1.0, 1000.0])),
    "sqrt": (np.sqrt, lambda s: uniform(s, 0.0, 9.0), {}, np.array([0.0, 2.0 ** -10, 1.0, 4.0, 1e6])),
    "abs": (np.abs, normal, {}, EDGE),
    "relu": (lambda x: np.maximum(x, 0.0), normal, {}, EDGE),
    "leaky_relu": (lambda x: np.where(x >= 0, x, 0.01 * x), normal, {"slope": 0.01}, EDGE),
    "gelu": (gelu, lambda s: normal(s, 2.0), {}, EDGE),
    "gelu_tanh": (gelu_tanh, lambda s: normal(s, 2.0), {}, EDGE),
    "tanh": (np.tanh, lambda s: normal(s, 2.0), {}, EDGE),
    "sigmoid": (sigmoid, lambda s: normal(s, 3.0), {}, EDGE),
    "softplus": (softplus, lambda s: normal(s, 3.0), {},
                 np.array([-50.0, -20.0, -1.0, 0.0, 1.0, 20.0, 50.0])),
    "clamp": (lambda x: np.clip(x, -0.5, 0.7), normal, {"min": -0.5, "max": 0.7}, EDGE),
}
for op, (fn, gen, params, edge) in UNARY.items():
    x = gen([2, 3, 4])
    add(f"{op}_2x3x4", op, [x], fn(x), dict(params))
    if edge is not None:
        add(f"{op}_edge", op, [edge], fn(edge), dict(params))
    s = gen([])
    add(f"{op}_scalar", op, [s], fn(s), dict(params))

# --- where and comparisons -------------------------------------------------------------
m = (rng.random([3, 1]) < 0.5).astype(np.float64)
m[0, 0], m[1, 0] = 1.0, 0.0
a, b = normal([3, 4]), normal([4])
add("where_3x1_3x4_4", "where", [m, a, b], np.where(m != 0, a, b))
m2 = (rng.random([2, 3]) < 0.5).astype(np.float64)
m2[0, 0], m2[0, 1] = 1.0, 0.0
a2, b2 = normal([2, 3]), normal([2, 3])
add("where_2x3_2x3_2x3", "where", [m2, a2, b2], np.where(m2 != 0, a2, b2))
m3 = np.array(1.0)
add("where_scalar_2x3_3", "where", [m3, a2, b2[0]], np.where(m3 != 0, a2, b2[0]))

for op, fn in (("greater", np.greater), ("less", np.less), ("equal", np.equal)):
    # small integers so that equal values occur
    for sa, sb in (([3, 4], [3, 4]), ([3, 4], [4]), ([2, 1, 3], [4, 1]), ([5], [])):
        a = rng.integers(-2, 3, sa).astype(np.float64)
        b = rng.integers(-2, 3, sb).astype(np.float64)
        add(f"{op}_{sname(sa)}_{sname(sb)}", op, [a, b], fn(a, b).astype(np.float64))
    a, b = normal([6]), normal([6])
    b[1], b[4] = a[1], a[4]
    add(f"{op}_fraction_6_6", op, [a, b], fn(a, b).astype(np.float64))

# --- reductions ---------------------------------------------------------------------------
AXES = [None, [0], [1], [2], [0, 2], [-1]]


def logsumexp(x, axis, keepdims):
    mx = np.max(x, axis=axis, keepdims=True)
    r = mx + np.log(np.sum(np.exp(x - mx), axis=axis, keepdims=True))
    return r if keepdims else np.squeeze(r, axis=axis) if axis is not None else r.reshape(())


REDUCE = {
    "sum": lambda x, ax, kd: np.sum(x, axis=ax, keepdims=kd),
    "mean": lambda x, ax, kd: np.mean(x, axis=ax, keepdims=kd),
    "max": lambda x, ax, kd: np.max(x, axis=ax, keepdims=kd),
    "min": lambda x, ax, kd: np.min(x, axis=ax, keepdims=kd),
    "variance": lambda x, ax, kd: np.var(x, axis=ax, keepdims=kd, ddof=0),
    "variance_unbiased": lambda x, ax, kd: np.var(x, axis=ax, keepdims=kd, ddof=1),
    "logsumexp": logsumexp,
}
for key, fn in REDUCE.items():
    for kd in (False, True):
        for axes in AXES:
            x = distinct_normal([3, 4, 5])
            ax = None if axes is None else tuple(axes)
            op = "variance" if key.startswith("variance") else key
            params = {"axes": axes, "keep_dims": kd}
            if op == "variance":
                params["unbiased"] = key == "variance_unbiased"
            axn = "all" if axes is None else "_".join(str(a) for a in axes).replace("-", "m")
            add(f"{key}_3x4x5_axes_{axn}{'_keep' if kd else ''}", op, [x], fn(x, ax, kd),
                params)
x = np.array(2.5)
add("sum_scalar_all", "sum", [x], x, {"axes": None, "keep_dims": False})

for axis in (0, 1, 2, -1):
    x = distinct_normal([3, 4, 5])
    add(f"argmax_3x4x5_axis_{axis}".replace("-", "m"), "argmax", [x],
        np.argmax(x, axis=axis).astype(np.float64), {"axis": axis})
x = distinct_normal([7])
add("argmax_7_axis_0", "argmax", [x], np.argmax(x, axis=0).astype(np.float64), {"axis": 0})

# --- softmax / log_softmax ------------------------------------------------------------------


def softmax(x, axis):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis):
    z = x - np.max(x, axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


for op, fn in (("softmax", softmax), ("log_softmax", log_softmax)):
    for shape in ([3, 5], [2, 3, 4]):
        for axis in (0, 1, -1):
            x = distinct_normal(shape) * 2.0
            add(f"{op}_{sname(shape)}_axis_{axis}".replace("-", "m"), op, [x], fn(x, axis),
                {"axis": axis})
    x = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]])  # stability
    add(f"{op}_large_2x3_axis_1", op, [x], fn(x, 1), {"axis": 1})

# --- shape ops ------------------------------------------------------------------------------
for shape in ([3, 4], [1, 5]):
    x = normal(shape)
    add(f"transpose_{sname(shape)}", "transpose", [x], x.T)
for perm in ([2, 0, 1], [1, 0, 2], [0, 2, 1]):
    x = normal([2, 3, 4])
    add(f"permute_2x3x4_{''.join(map(str, perm))}", "permute", [x], np.transpose(x, perm),
        {"perm": perm})

for shapes, axis in ((([2, 3], [4, 3]), 0), (([2, 3], [2, 1], [2, 2]), 1),
                     (([2, 3, 4], [2, 3, 1]), -1), (([1, 3, 2], [2, 3, 2], [1, 3, 2]), 0),
                     (([2, 1, 4], [2, 2, 4]), 1)):
    xs = [normal(s) for s in shapes]
    add(f"concatenate_{'_'.join(sname(s) for s in shapes)}_axis_{axis}".replace("-", "m"),
        "concatenate", xs, np.concatenate(xs, axis=axis), {"axis": axis})

for n, shape, axis in ((2, [2, 3], 0), (3, [2, 3], 1), (2, [2, 3], 2), (3, [4], -1),
                       (2, [], 0)):
    xs = [normal(shape) for _ in range(n)]
    add(f"stack_{n}x{sname(shape)}_axis_{axis}".replace("-", "m"), "stack", xs,
        np.stack(xs, axis=axis), {"axis": axis})

for shape, axis, idx in (([4, 3], 0, [2, 0, 2, 3]), ([2, 3, 4], 2, [3, 1]),
                         ([2, 3, 4], 1, [0]), ([5], 0, [4, 0, 1, 1]), ([3, 4], -1, [3, 0])):
    x = normal(shape)
    add(f"index_select_{sname(shape)}_axis_{axis}_{len(idx)}".replace("-", "m"),
        "index_select", [x], np.take(x, idx, axis=axis), {"axis": axis, "indices": idx})


def torch_gather(x, axis, index):
    """torch.gather(input, dim, index): out[..i_d..] = x[.. index[..i_d..] ..] along dim;
    index may be smaller than x in the other dims."""
    axis = axis % x.ndim
    sl = tuple(slice(None) if d == axis else slice(0, index.shape[d]) for d in range(x.ndim))
    return np.take_along_axis(x[sl], index, axis=axis)


for shape, axis, ishape in (([3, 4], 0, [2, 4]), ([3, 4], 1, [3, 2]), ([3, 4], 1, [2, 3]),
                            ([2, 3, 4], 2, [2, 3, 5]), ([2, 3, 4], 0, [1, 2, 2]),
                            ([5], 0, [3])):
    x = normal(shape)
    idx = rng.integers(0, shape[axis], ishape)
    add(f"gather_{sname(shape)}_axis_{axis}_idx_{sname(ishape)}", "gather",
        [x, idx.astype(np.float64)], torch_gather(x, axis, idx), {"axis": axis})

for ind, classes in (([0, 2, 1, 4, 4], 5), ([3], 4), ([1, 0], 2)):
    add(f"one_hot_{len(ind)}_{classes}", "one_hot", [], np.eye(classes)[ind],
        {"indices": ind, "classes": classes})

for shape, ranges in (([4, 5], [[1, 3, 1], [0, 5, 2]]), ([2, 3, 4], [[0, 2, 1], [1, 3, 1]]),
                      ([4, 5], [[0, 4, 3]]), ([6], [[1, 6, 2]]),
                      ([3, 4, 5], [[2, 3, 1], [0, 4, 1], [1, 5, 3]])):
    x = normal(shape)
    sl = tuple(slice(s, e, st) for s, e, st in ranges)
    add(f"slice_{sname(shape)}_{'_'.join('-'.join(map(str, r)) for r in ranges)}", "slice",
        [x], x[sl], {"ranges": ranges})

# --- matmul -----------------------------------------------------------------------------------
for sa, sb in (([5], [5]), ([3, 4], [4]), ([4], [4, 3]), ([3, 4], [4, 5]),
               ([2, 3, 4], [2, 4, 5]), ([2, 3, 4], [4, 5]), ([3, 4], [2, 4, 5]),
               ([2, 1, 2, 3], [3, 3, 2]), ([1, 1], [1, 1]), ([17, 9], [9, 33]),
               ([33, 65], [65, 17])):
    a, b = normal(sa), normal(sb)
    add(f"matmul_{sname(sa)}_{sname(sb)}", "matmul", [a, b], np.matmul(a, b))

# --- creation ---------------------------------------------------------------------------------
for start, end, count in ((0.0, 1.0, 5), (-2.0, 3.0, 11), (5.0, -5.0, 7), (1.5, 1.5, 1),
                          (0.0, 1.0, 2)):
    add(f"linspace_{start}_{end}_{count}", "linspace", [], np.linspace(start, end, count),
        {"start": start, "end": end, "count": count})
for start, end, step in ((0.0, 5.0, 1.0), (-1.0, 1.0, 0.25), (5.0, 0.0, -1.5),
                         (0.0, 1.0, 0.3), (2.0, 2.0, 1.0)):
    add(f"arange_{start}_{end}_{step}", "arange", [], np.arange(start, end, step),
        {"start": start, "end": end, "step": step})
for n in (1, 3, 4):
    add(f"eye_{n}", "eye", [], np.eye(n), {"n": n})

# --- philox ------------------------------------------------------------------------------------
M64 = (1 << 64) - 1


def philox4x64_10(ctr, key):
    v, k = list(ctr), list(key)
    for r in range(10):
        if r:
            k = [(k[0] + 0x9E3779B97F4A7C15) & M64, (k[1] + 0xBB67AE8584CAA73B) & M64]
        p0 = 0xD2E7470EE14C6C93 * v[0]
        p1 = 0xCA5A826395121157 * v[2]
        v = [(p1 >> 64) ^ v[1] ^ k[0], p1 & M64, (p0 >> 64) ^ v[3] ^ k[1], p0 & M64]
    return v


def ctr_add(ctr, n):
    x = sum(c << (64 * i) for i, c in enumerate(ctr)) + n
    x &= (1 << 256) - 1
    return [(x >> (64 * i)) & M64 for i in range(4)]


PHILOX_SETTINGS = [
    ([0, 0], [0, 0, 0, 0]),
    ([1, 2], [0, 0, 0, 0]),
    ([0x0123456789ABCDEF, 0xFEDCBA9876543210], [1, 2, 3, 4]),
    ([12345, 67890], [M64, 0, 0, 0]),            # carry into word 1 on the first block
    ([3, 4], [M64 - 1, M64, 0, 9]),              # carry into word 2 on the second block
    ([M64, M64], [M64, M64, M64, M64]),          # whole counter wraps to 0
    ([1234, 0], [2, 0, 0, 0]),
]
philox = []
for key, ctr in PHILOX_SETTINGS:
    bg = np.random.Philox(key=np.array(key, dtype=np.uint64),
                          counter=np.array(ctr, dtype=np.uint64))
    raw = [int(v) for v in bg.random_raw(12)]
    # verify the documented sequencing (see PHILOX NOTES)
    mine = []
    for j in range(3):
        mine += philox4x64_10(ctr_add(ctr, j + 1), key)
    assert raw == mine, f"Philox sequencing differs from the notes for {key} {ctr}"
    assert [int(c) for c in bg.state["state"]["counter"]] == ctr_add(ctr, 3)
    g = np.random.Generator(np.random.Philox(key=np.array(key, dtype=np.uint64),
                                             counter=np.array(ctr, dtype=np.uint64)))
    u = [float(v) for v in g.random(4)]
    assert u == [(r >> 11) * 2.0 ** -53 for r in raw[:4]]
    philox.append({"key": [str(k) for k in key], "counter": [str(c) for c in ctr],
                   "first_block_counter": [str(c) for c in ctr_add(ctr, 1)],
                   "raw": [str(r) for r in raw], "uniform01": u})
# 32-bit draws: low half first, then high half
g = np.random.Generator(np.random.Philox(key=np.array([7, 8], dtype=np.uint64)))
u32 = [int(v) for v in g.integers(0, 2 ** 32, size=4, dtype=np.uint32)]
r64 = [int(v) for v in np.random.Philox(key=np.array([7, 8], dtype=np.uint64)).random_raw(2)]
assert u32 == [r64[0] & 0xFFFFFFFF, r64[0] >> 32, r64[1] & 0xFFFFFFFF, r64[1] >> 32]

CONVENTIONS = (
    "data is flat row-major; shape [] is a scalar. Inputs are multiples of 2^-10 "
    "(exact in Float32); outputs computed in float64, full precision. Integer results "
    "(argmax, comparisons, one_hot, gather index inputs) are floats. Axes may be negative. "
    "gather follows torch.gather(input, dim, index). slice ranges are [start, end, step] "
    "(Python slice, end exclusive) for the leading axes. variance: unbiased=false is ddof 0, "
    "true is ddof 1. philox: numpy.random.Philox = Philox4x64-10; key/counter/raw are "
    "decimal strings of uint64; the counter is incremented (256-bit, word 0 least significant) "
    "BEFORE each block, so raw[4j+i] = Philox4x64_10(counter + j + 1, key)[i]; "
    "uniform01[i] = (raw[i] >> 11) * 2^-53 (numpy Generator.random).")


def document():
    return {"generator": "scripts/golden/tensor_golden.py", "numpy": np.__version__,
            "conventions": CONVENTIONS, "cases": cases, "philox": philox}


def dumps(doc):
    """Compact JSON, one case / philox setting per line (readable diffs)."""
    sep = (",", ":")
    lines = ["{", f'"generator":{json.dumps(doc["generator"])},',
             f'"numpy":{json.dumps(doc["numpy"])},',
             f'"conventions":{json.dumps(doc["conventions"])},', '"cases":[']
    lines += [json.dumps(c, separators=sep, allow_nan=False) + ("," if i + 1 < len(doc["cases"]) else "")
              for i, c in enumerate(doc["cases"])]
    lines.append("],")
    lines.append('"philox":[')
    lines += [json.dumps(p, separators=sep) + ("," if i + 1 < len(doc["philox"]) else "")
              for i, p in enumerate(doc["philox"])]
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--check", action="store_true",
                    help="compare with the existing file instead of writing")
    args = ap.parse_args()
    text = dumps(document())
    json.loads(text)  # well-formed
    if args.check:
        with open(args.out) as f:
            old = json.load(f)
        new = json.loads(text)
        old.pop("numpy", None)
        new.pop("numpy", None)
        if old != new:
            print(f"{args.out} differs from a fresh generation", file=sys.stderr)
            return 1
        print(f"{args.out}: up to date ({len(cases)} cases)")
        return 0
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out}: {len(cases)} cases, {len(philox)} philox settings, "
          f"{len(text.encode()) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
