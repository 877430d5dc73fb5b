"""Shared helpers for the peer benchmark scripts (tensor_peers.py, nn_peers.py).

Import this module BEFORE numpy / torch / h5py: importing it sets up the
single-threaded environment.

Environment: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed (OpenBLAS
reads them in its load-time constructor, so removing them before `import
numpy` is enough) and OMP/OPENBLAS/MKL/VECLIB/NUMEXPR_NUM_THREADS are set to
1. The scripts also run inside threadpoolctl.threadpool_limits(1), and
get_torch() calls torch.set_num_threads(1) / set_num_interop_threads(1).

Timing method (function `measure`):
  1. warm-up: call the operation repeatedly for at least 0.2 s (and >= 3 calls);
  2. calibrate: find the smallest n in 1, 2, 4, 8, ... such that n back-to-back
     calls take >= MIN_TIME (default 0.5 s) by time.perf_counter;
  3. measure: 5 repeats of n back-to-back calls, each timed with
     time.perf_counter around the whole loop; per-call time = best (minimum)
     repeat / n.

Output: one JSON object per line on stdout (function `emit`),
    {"bench": NAME, "impl": IMPL, "value": FLOAT, "unit": UNIT,
     "higher_is_better": BOOL, "detail": "..."}
progress messages go to stderr (function `log`).
"""

import os
import sys

# --- environment: must happen before numpy / OpenBLAS is loaded -------------
for _var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
    os.environ.pop(_var, None)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

DEFAULT_MIN_TIME = 0.5
MIN_TIME = DEFAULT_MIN_TIME  # seconds per measured repeat; set by parse_args()
REPEATS = 5


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def emit(bench, impl, value, unit, detail, higher_is_better=True, **extra):
    """One JSON line; `extra` keys are added as they are (report.py ignores those it does not know)."""
    row = {"bench": bench, "impl": impl, "value": float(value), "unit": unit,
           "higher_is_better": bool(higher_is_better), "detail": detail}
    row.update(extra)
    print(json.dumps(row), flush=True)


def measure(fn, min_time=None, repeats=REPEATS):
    """Return (best seconds per call, calls per repeat). See module docstring."""
    min_time = MIN_TIME if min_time is None else min_time
    perf = time.perf_counter
    # 1. warm-up
    t0 = perf()
    k = 0
    while k < 3 or perf() - t0 < min(0.2, min_time):
        fn()
        k += 1
    # 2. calibrate
    n = 1
    while True:
        t0 = perf()
        for _ in range(n):
            fn()
        dt = perf() - t0
        if dt >= min_time:
            break
        # jump close to the target, at least doubling
        n = max(n * 2, int(n * min_time / max(dt, 1e-9) * 1.1))
    # 3. measure
    best = float("inf")
    for _ in range(repeats):
        t0 = perf()
        for _ in range(n):
            fn()
        best = min(best, perf() - t0)
    return best / n, n


def method(n):
    return f"best of {REPEATS} x {n} calls, each repeat >= {MIN_TIME} s, after warm-up"


def parse_args(description):
    """Parse --only / --min-time; set MIN_TIME. Returns a predicate want(name)."""
    global MIN_TIME
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--only", default="", help="comma-separated bench names")
    ap.add_argument("--min-time", type=float, default=DEFAULT_MIN_TIME,
                    help=f"seconds per measured repeat (default {DEFAULT_MIN_TIME:g})")
    args = ap.parse_args()
    MIN_TIME = args.min_time
    only = {s for s in args.only.split(",") if s}

    def want(name):
        return not only or name in only

    return want


# --- pytorch ---------------------------------------------------------------------------
_torch = None


def get_torch():
    """Import torch (once) pinned to one intra-op and one inter-op thread."""
    global _torch
    if _torch is None:
        import torch
        torch.set_num_threads(1)
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass
        _torch = torch
    return _torch


def torch_detail(torch):
    cap = ""
    try:
        cap = torch.backends.cpu.get_cpu_capability()
    except Exception:
        pass
    return (f"torch {torch.__version__}, threads={torch.get_num_threads()}, "
            f"cpu_capability={cap}, mkl={torch.backends.mkl.is_available()}, "
            f"mkldnn={torch.backends.mkldnn.is_available()}")


def time_training_step(bench, model, opt, loss_of, desc):
    """Times one training step (zero_grad, loss_of(), backward, opt.step) and emits a steps/s row."""
    torch = get_torch()
    state = {"loss": None}

    def step():
        opt.zero_grad()
        loss = loss_of()
        loss.backward()
        opt.step()
        state["loss"] = loss

    step()
    first = state["loss"].item()
    sec, calls = measure(step)
    last = state["loss"].item()
    nparams = sum(p.numel() for p in model.parameters())
    emit(bench, "pytorch", 1.0 / sec, "steps/s",
         f"{desc}; {nparams:,} params; step = zero_grad, forward, loss, backward, opt.step "
         f"on a fixed batch ({sec * 1e3:.3f} ms/step); {method(calls)}; "
         f"loss first={first:.6g} last={last:.6g}; {torch_detail(torch)}")
