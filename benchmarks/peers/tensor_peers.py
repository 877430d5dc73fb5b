#!/usr/bin/env python3
"""Peer benchmarks (NumPy / PyTorch) for Frontier's tensor benchmarks.

Run with the project venv (scripts/venv.sh bench):

    .venv/bin/python benchmarks/peers/tensor_peers.py            # all rows
    .venv/bin/python benchmarks/peers/tensor_peers.py --only sgemm_n64,add_1m
    .venv/bin/python benchmarks/peers/tensor_peers.py --min-time 0.1   # quick

Output: one JSON object per line on stdout,
    {"bench": NAME, "impl": "numpy"|"pytorch", "value": FLOAT, "unit": UNIT,
     "higher_is_better": BOOL, "detail": "..."}
progress messages go to stderr.

Everything runs on ONE thread: OMP/OPENBLAS/MKL_NUM_THREADS=1 are set before
NumPy is imported, threadpoolctl caps every BLAS/OpenMP pool at 1, and
torch.set_num_threads(1) / set_num_interop_threads(1).

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the environment
before NumPy (and so its bundled OpenBLAS) is loaded: OpenBLAS reads them in
its load-time constructor, so removing them (in common.py, imported before
`import numpy`) is enough (checked: with OPENBLAS_CORETYPE=Prescott exported by the caller, the
sgemm detail still reports OpenBLAS' auto-detected core, e.g. "Zen").

Timing method (function `measure`, shared with nn_peers.py in common.py):
  1. warm-up: call the operation repeatedly for at least 0.2 s (and >= 3 calls);
  2. calibrate: find the smallest n in 1, 2, 4, 8, ... such that n back-to-back
     calls take >= MIN_TIME (default 0.5 s) by time.perf_counter;
  3. measure: 5 repeats of n back-to-back calls, each timed with
     time.perf_counter around the whole loop; per-call time = best (minimum)
     repeat / n;
  4. report throughput = work per call / per-call time (best of 5).
"""

import os
import platform
import sys

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts when importing common

import common  # noqa: E402  first: sets up the one-thread environment before numpy is loaded
from common import emit, get_torch, log, measure, method, time_training_step, torch_detail  # noqa: E402

import numpy as np  # noqa: E402
import threadpoolctl  # noqa: E402


# --- numpy ----------------------------------------------------------------------
def numpy_blas_detail():
    infos = threadpoolctl.threadpool_info()
    blas = [i for i in infos if i.get("user_api") == "blas"]
    parts = []
    for i in blas:
        parts.append("blas: internal_api={} version={} architecture={} num_threads={} "
                     "threading_layer={} file={}".format(
                         i.get("internal_api"), i.get("version"), i.get("architecture"),
                         i.get("num_threads"), i.get("threading_layer"),
                         os.path.basename(i.get("filepath", ""))))
    return "; ".join(parts) if parts else "blas: none found by threadpoolctl"


def numpy_simd_detail():
    try:
        from numpy._core._multiarray_umath import (__cpu_baseline__, __cpu_dispatch__,
                                                   __cpu_features__)
        active = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
        return "simd baseline={} dispatched-active={}".format(
            ",".join(__cpu_baseline__), ",".join(active))
    except Exception as e:  # pragma: no cover
        return f"simd: unknown ({e})"


def bench_sgemm(n, blas_detail):
    rng = np.random.default_rng(n)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    c = np.empty((n, n), dtype=np.float32)

    def fn():
        np.matmul(a, b, out=c)

    sec, calls = measure(fn)
    gflops = 2.0 * n ** 3 / sec / 1e9
    emit(f"sgemm_n{n}", "numpy", gflops, "GFLOP/s",
         f"np.matmul(A,B,out=C) float32 {n}x{n}, 2n^3 flops; {method(calls)}; "
         f"numpy {np.__version__}; {blas_detail}")


def bench_add():
    rng = np.random.default_rng(1)
    a = rng.standard_normal(1_000_000, dtype=np.float32)
    b = rng.standard_normal(1_000_000, dtype=np.float32)

    def fn():
        np.add(a, b)  # allocates the output, like a + b

    sec, calls = measure(fn)
    emit("add_1m", "numpy", a.size / sec / 1e6, "Melem/s",
         f"np.add(a,b) float32 1e6 elems, allocating output; {method(calls)}; "
         f"numpy {np.__version__}; {numpy_simd_detail()}")


def bench_exp():
    rng = np.random.default_rng(2)
    a = rng.uniform(-5.0, 5.0, 1_000_000).astype(np.float32)

    def fn():
        np.exp(a)

    sec, calls = measure(fn)
    emit("exp_1m", "numpy", a.size / sec / 1e6, "Melem/s",
         f"np.exp(a) float32 1e6 elems, a~U[-5,5], allocating output; {method(calls)}; "
         f"numpy {np.__version__}; {numpy_simd_detail()}")


# --- pytorch ---------------------------------------------------------------------------
def bench_mlp(bench, kind, foreach):
    torch = get_torch()
    nn = torch.nn
    F = torch.nn.functional
    torch.manual_seed(0)
    if kind == "tanh":
        model = nn.Sequential(nn.Linear(4, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(),
                              nn.Linear(64, 2))
        x = torch.randn(64, 4)
        y = torch.randn(64, 2)
        loss_fn = F.mse_loss
        desc = "Linear(4,64)-tanh-Linear(64,64)-tanh-Linear(64,2), batch 64, MSE"
    else:
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                              nn.Linear(256, 10))
        x = torch.randn(128, 784)
        y = torch.randint(0, 10, (128,))
        loss_fn = F.cross_entropy
        desc = "Linear(784,256)-relu-Linear(256,256)-relu-Linear(256,10), batch 128, CE"
    kwargs = {"lr": 1e-3}
    if foreach:
        kwargs["foreach"] = True
    opt = torch.optim.Adam(model.parameters(), **kwargs)
    adam = ", foreach=True" if foreach else ", defaults (foreach=None)"
    time_training_step(bench, model, opt, lambda: loss_fn(model(x), y), f"{desc}; Adam(lr=1e-3{adam})")


# --- main ------------------------------------------------------------------------------
def main():
    want = common.parse_args(__doc__.split("\n")[0])

    log(f"tensor_peers: python {platform.python_version()}, numpy {np.__version__}, "
        f"min-time {common.MIN_TIME}s, best of {common.REPEATS}")
    with threadpoolctl.threadpool_limits(limits=1):
        blas = numpy_blas_detail()  # before torch is imported: numpy's BLAS only
        log("tensor_peers: " + blas)
        for n in (64, 256, 1024, 2048):
            if want(f"sgemm_n{n}"):
                log(f"  sgemm_n{n} ...")
                bench_sgemm(n, blas)
        if want("add_1m"):
            log("  add_1m ...")
            bench_add()
        if want("exp_1m"):
            log("  exp_1m ...")
            bench_exp()
        for name, kind, fe in (("mlp_tanh_step", "tanh", False),
                               ("mlp_tanh_step_foreach", "tanh", True),
                               ("mlp_relu_ce_step", "relu_ce", False),
                               ("mlp_relu_ce_step_foreach", "relu_ce", True)):
            if want(name):
                log(f"  {name} ...")
                bench_mlp(name, kind, fe)


if __name__ == "__main__":
    main()
