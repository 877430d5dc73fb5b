#!/usr/bin/env python3
"""Markdown comparison table of Frontier's benchmark rows against its peers.

    python3 benchmarks/report.py frontier.jsonl peers.jsonl > table.md
    cat *.jsonl | python3 benchmarks/report.py            # stdin
    python3 benchmarks/report.py --check a.jsonl b.jsonl  # exit 1 if a target is missed

Input: JSON lines, one row per line (other lines are ignored):
    {"bench": NAME, "impl": "frontier"|"numpy"|"pytorch"|..., "value": FLOAT,
     "unit": UNIT, "higher_is_better": BOOL, "detail": "..."}
If the same (bench, impl) appears several times the best value is kept.

Each peer row gives one table line, compared with Frontier's row of the same
bench name; a peer bench named "<base>_foreach" or "<base>_loop" (no Frontier
row of its own) is compared with Frontier's "<base>" row. ratio = frontier/peer for
higher-is-better units and peer/frontier otherwise (e.g. seconds to solve), so
ratio > 1 always means Frontier is faster. Targets (minimum ratio) are in
TARGETS below; ABSOLUTE_TARGETS are minimum Frontier values (e.g. seeds solved).
A row may carry "solved": false (an RL run that never reached its return
threshold; its value is then a lower bound on the time): a Frontier row like
that misses its target, and a peer row like that makes the ratio a lower bound
(shown as "≥").
Standard library only.
"""

import argparse
import json
import os
import sys

# minimum ratio frontier/peer, keyed by the peer row's bench name
TARGETS = {
    "sgemm_n1024": 0.9,
    "sgemm_n2048": 0.9,
    "add_1m_1thread": 1.0,    # one thread each: NumPy is single-threaded
    "exp_1m_1thread": 1.0,
    "mlp_tanh_step": 5.0,      # against PyTorch with default Adam
    "mlp_relu_ce_step": 1.0,
    "adam_1m": 1.0,            # against every torch Adam: foreach=True, the per-tensor loop
    "adam_1m_loop": 1.0,       # and fused=True (usually the fastest)
    "adam_1m_fused": 1.0,
    "gru_step": 1.0,
    "transformer_step": 1.3,   # issue 12: >= 1.3x PyTorch on every run
    "hdf5_write_1m": 1.0,      # ms, lower is better: ratio = h5py ms / Frontier ms
    "hdf5_read_1m": 1.0,
    "rl/cartpole_steps": 100.0,             # Frontier steps/s >= 100x gymnasium.make("CartPole-v1")
    "rl/cartpole_steps_c_loop": 0.5,        # and >= 0.5x a hand-written C loop (float64, one env)
    "rl/cartpole_batched_4096_steps": 1.0,  # CartPoleBatch >= gymnax's 4,096 vmapped CartPoles, one core each
    "rl/ppo_cartpole_time_to_solve": 10.0,  # s, lower is better: Frontier <= 0.1x SB3 PPO (median)
    # whole processes, start to solved bundle, the same (RL Zoo) hyperparameters on both sides
    "rl/cartpole_solve_process_zoo": 10.0,
    "automl/tpe_branin_ms_per_trial": 5.0,      # ms, lower is better: Frontier <= 0.2x Optuna's TPESampler
    "automl/tpe_hartmann6_ms_per_trial": 5.0,
}

# Frontier's value must be at least as good as the peer's (in the row's direction); for values
# whose sign rules out a ratio (Hartmann-6's minimum is negative)
NOT_WORSE = {"automl/tpe_branin_best50", "automl/tpe_branin_best200",
             "automl/tpe_hartmann6_best50", "automl/tpe_hartmann6_best200",
             "automl/tpe_branin_best50_30seeds", "automl/tpe_branin_best200_30seeds",
             "automl/tpe_hartmann6_best50_30seeds", "automl/tpe_hartmann6_best200_30seeds"}

# minimum Frontier value, keyed by bench name (the peer's value is shown for comparison)
ABSOLUTE_TARGETS = {
    "rl/ppo_cartpole_seeds_solved": 3,      # PPO solves CartPole-v1 for 3 seeds out of 3
    "rl/ppo_pendulum_return": -200,         # mean of 100 deterministic episodes
    "rl/ppo_acrobot_return": -100,
    "rl/dqn_cartpole_return": 475,
}

# peer-only variants compared with Frontier's row of the base bench ("adam_1m_loop" -> "adam_1m")
ALIAS_SUFFIXES = ("_foreach", "_loop", "_fused", "_unwrapped", "_c_loop", "_c_loop_float32")
# Frontier-only variants (e.g. "add_1m_1thread": Frontier pinned to one thread) are compared with
# the peer rows of their base bench.
VARIANT_SUFFIXES = ("_1thread", "_durable", "_optuna_settings")

# peer rows judged against a Frontier row other than their base bench's: the C loop hands out no
# observation array, so its peer is the loop that keeps one transition (step(_:into:)), not the
# Gymnasium-style loop that receives a new observation array every step
PEER_FRONTIER = {"rl/cartpole_steps_c_loop": "rl/cartpole_steps_in_place"}

# table order for the known benches; others follow in the order first seen
ORDER = ["sgemm_n64", "sgemm_n256", "sgemm_n1024", "sgemm_n2048", "sgemm_fma_peak", "sgemm_fraction_of_peak",
         "add_1m", "exp_1m",
         "add_1m_1thread", "exp_1m_1thread",
         "mlp_tanh_step", "mlp_tanh_step_foreach", "mlp_relu_ce_step",
         "mlp_relu_ce_step_foreach",
         "adam_1m", "adam_1m_loop", "adam_1m_fused", "gru_step", "transformer_step",
         "hdf5_write_1m", "hdf5_read_1m",
         "rl/cartpole_steps", "rl/cartpole_steps_unwrapped", "rl/cartpole_steps_in_place", "rl/cartpole_steps_c_loop",
         "rl/cartpole_batched_4096_steps", "rl/cartpole_batched_4096_steps_c_loop",
         "rl/cartpole_batched_4096_steps_c_loop_float32",
         "rl/ppo_cartpole_500k_train_seconds", "rl/ppo_cartpole_500k_compile_seconds", "rl/ppo_cartpole_500k_return",
         "rl/ppo_cartpole_time_to_solve_seed0", "rl/ppo_cartpole_time_to_solve_seed1",
         "rl/ppo_cartpole_time_to_solve_seed2", "rl/ppo_cartpole_time_to_solve",
         "rl/ppo_cartpole_steps_to_solve", "rl/ppo_cartpole_seeds_solved",
         "rl/cartpole_solve_process_zoo", "rl/cartpole_solve_process_zoo_seeds_solved",
         "rl/cartpole_solve_process_best", "rl/cartpole_solve_process_best_seeds_solved",
         "rl/ppo_acrobot_return", "rl/ppo_pendulum_return", "rl/dqn_cartpole_return"]


def read_rows(paths):
    rows = []
    for name in paths or ["-"]:
        f = sys.stdin if name == "-" else open(name)
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                r = json.loads(line)
                r["value"] = float(r["value"])
                r["bench"], r["impl"]
            except (ValueError, KeyError, TypeError) as e:
                print(f"report.py: {name}:{lineno}: skipped bad row ({e})", file=sys.stderr)
                continue
            r.setdefault("unit", "")
            r.setdefault("higher_is_better", True)
            r.setdefault("detail", "")
            rows.append(r)
        if f is not sys.stdin:
            f.close()
    return rows


def unsolved(r):
    return r is not None and r.get("solved") is False


def better(a, b):
    """The better of two rows of the same (bench, impl); a solved row beats an unsolved one."""
    if a is None:
        return b
    if unsolved(a) != unsolved(b):
        return a if unsolved(b) else b
    hib = a.get("higher_is_better", True)
    return b if (b["value"] > a["value"]) == hib else a


def fmt(v):
    if v is None:
        return "—"
    if v == 0 or abs(v) >= 100:
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.1f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.3g}"


def machine_line():
    model = "unknown CPU"
    flags = set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                k = k.strip()
                if k == "model name" and model == "unknown CPU":
                    model = v.strip()
                elif k == "flags" and not flags:
                    flags = set(v.split())
    except OSError:
        pass
    try:
        avail = len(os.sched_getaffinity(0))
    except AttributeError:
        avail = os.cpu_count()
    simd = [x for x in ("avx2", "fma", "avx512f") if x in flags]
    import datetime
    import platform
    return (f"Measured {datetime.date.today().isoformat()} on {platform.node() or 'this machine'}. "
            f"Machine: {model}, {os.cpu_count()} logical CPUs ({avail} usable)"
            + (f", SIMD: {', '.join(simd)}" if simd else ""))


def build(rows):
    best = {}          # (bench, impl) -> row
    order = []         # bench names in first-seen order
    for r in rows:
        key = (r["bench"], r["impl"])
        if r["bench"] not in order:
            order.append(r["bench"])
        best[key] = better(best.get(key), r)

    frontier = {b: r for (b, i), r in best.items() if i == "frontier"}
    peer_benches = {b for (b, i) in best if i != "frontier"}

    def frontier_for(bench):
        if PEER_FRONTIER.get(bench) in frontier:
            return frontier[PEER_FRONTIER[bench]]
        if bench in frontier:
            return frontier[bench]
        for suf in ALIAS_SUFFIXES:
            if bench.endswith(suf) and bench[: -len(suf)] in frontier:
                return frontier[bench[: -len(suf)]]
        return None

    rank = {b: i for i, b in enumerate(ORDER)}
    first = {b: i for i, b in enumerate(order)}
    order = sorted(order, key=lambda b: (rank.get(b, len(ORDER)), first[b]))
    lines = []
    for bench in order:
        peers = [r for (b, i), r in best.items() if b == bench and i != "frontier"]
        if not peers and any(f == bench and pb in peer_benches for pb, f in PEER_FRONTIER.items()):
            continue  # shown on its peer's line
        if not peers:
            base = next((bench[: -len(suf)] for suf in VARIANT_SUFFIXES if bench.endswith(suf)), None)
            base_peers = [r for (b, i), r in best.items() if base and b == base and i != "frontier"]
            if bench in frontier and base_peers:
                for p in sorted(base_peers, key=lambda r: r["impl"]):
                    lines.append((bench, frontier[bench], p))
            elif bench in frontier:
                lines.append((bench, frontier[bench], None))
            continue
        for p in sorted(peers, key=lambda r: r["impl"]):
            lines.append((bench, frontier_for(bench), p))
    return lines, frontier


def table(lines):
    out = ["| bench | unit | frontier | peer (name) | ratio frontier/peer | target | met? |",
           "|---|---|---:|---:|---:|---:|:---:|"]
    missed = []
    for bench, f, p in lines:
        unit = (p or f)["unit"]
        hib = (p or f).get("higher_is_better", True)
        if not hib:
            if "lower is better" not in unit:
                unit += " (lower is better)"
        fv = f["value"] if f else None
        pv = p["value"] if p else None
        ratio = None
        if fv is not None and pv is not None and fv > 0 and pv > 0:
            ratio = fv / pv if hib else pv / fv
        target = TARGETS.get(bench)
        absolute = ABSOLUTE_TARGETS.get(bench)
        if bench in NOT_WORSE:
            if fv is None or pv is None:
                met = "no data"
                missed.append(bench)
            elif (fv >= pv) if hib else (fv <= pv):
                met = "yes"
            else:
                met = "**NO**"
                missed.append(bench)
            out.append(f"| {bench} | {unit} | {fmt(fv)} | {fmt(pv) if p else '—'} ({p['impl'] if p else '—'}) | "
                       f"{'—' if ratio is None else f'{ratio:.2f}x'} | not worse | {met} |")
            continue
        # a peer that never solved: its time is a lower bound, so is the ratio (lower is better)
        bound = "≥" if ratio is not None and unsolved(p) and not hib else ""
        if target is None and absolute is None:
            met = "—"
        elif fv is None or (target is not None and ratio is None):
            met = "no data"
            missed.append(bench)
        elif unsolved(f):
            met = "**NO** (not solved)"
            missed.append(bench)
        elif (target is None or ratio >= target) and (absolute is None or fv >= absolute):
            met = "yes"
        else:
            met = "**NO**"
            missed.append(bench)
        goal = [f"≥{target:g}"] if target is not None else []
        goal += [f"frontier ≥{absolute:g}"] if absolute is not None else []
        fcell = fmt(fv) + (" (not solved)" if unsolved(f) else "")
        peer = f"{fmt(pv)} ({p['impl']}{', not solved' if unsolved(p) else ''})" if p else "—"
        out.append(f"| {bench} | {unit} | {fcell} | {peer} | "
                   f"{'—' if ratio is None else f'{bound}{ratio:.2f}x'} | "
                   f"{', '.join(goal) or '—'} | {met} |")
    return out, missed


def main():
    ap = argparse.ArgumentParser(description="Markdown table: Frontier vs peers")
    ap.add_argument("files", nargs="*", help="JSON-lines files (default: stdin)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a target is missed or has no data")
    args = ap.parse_args()
    rows = read_rows(args.files)
    if not rows:
        print("report.py: no rows", file=sys.stderr)
        return 1
    lines, frontier = build(rows)
    print(machine_line())
    kernels = [(b, r["detail"]) for b, r in frontier.items()
               if str(r.get("detail", "")).startswith("kernel:")]
    for b, d in kernels:
        print(f"- {b}: {d}")
    print()
    body, missed = table(lines)
    print("\n".join(body))
    if missed:
        print(f"\nTargets missed: {', '.join(missed)}")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
