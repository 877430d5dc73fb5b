#!/usr/bin/env python3
"""gymnax peer for Frontier's batched CartPole row: 4,096 vmapped CartPole-v1s, one core.

Run in the JAX virtualenv (scripts/venv.sh jax), pinned to one core:

    XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \\
        taskset -c 0 .venv-jax/bin/python benchmarks/peers/gymnax_peers.py

Row (JSON lines on stdout, the schema of common.emit; progress on stderr):

  rl/cartpole_batched_4096_steps  gymnax  steps/s  gymnax.make("CartPole-v1"), env.step vmapped over
      4,096 environments inside one jitted lax.scan of SCAN_STEPS steps: per step one key split
      into 4,096 step keys, random actions (jax.random.randint, one draw for the whole batch),
      the vmapped step with gymnax's same-step autoreset (terminated or 500 steps). One call =
      one scan = SCAN_STEPS x 4,096 steps, timed with block_until_ready; common.measure's method
      (warm-up, which includes the compilation; best of 5 repeats, each >= 0.5 s).
      gymnax integrates in float32 (JAX's default), Frontier in float64 as Gymnasium does.
"""

import os
import sys

sys.dont_write_bytecode = True
# One core for XLA, before jax is imported (the Makefile also runs this under taskset -c 0).
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import common  # noqa: E402  first: the one-thread environment
from common import emit, log, measure, method  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import gymnax  # noqa: E402
from importlib.metadata import version  # noqa: E402

BATCH = 4096
SCAN_STEPS = 1000


def bench_batched_steps():
    env, params = gymnax.make("CartPole-v1")
    step = jax.vmap(env.step, in_axes=(0, 0, 0, None))
    reset = jax.vmap(env.reset, in_axes=(0, None))

    @jax.jit
    def run(key, state):
        def one_step(carry, _):
            key, state = carry
            key, action_key, step_key = jax.random.split(key, 3)
            actions = jax.random.randint(action_key, (BATCH,), 0, 2)
            obs, state, reward, terminated, truncated, _ = step(
                jax.random.split(step_key, BATCH), state, actions, params)
            return (key, state), (terminated | truncated).sum()
        (key, state), dones = jax.lax.scan(one_step, (key, state), None, length=SCAN_STEPS)
        return key, state, dones.sum()

    key = jax.random.PRNGKey(0)
    key, reset_key = jax.random.split(key)
    _, state = reset(jax.random.split(reset_key, BATCH), params)
    holder = {"key": key, "state": state, "episodes": 0}

    def call():
        holder["key"], holder["state"], done = run(holder["key"], holder["state"])
        holder["episodes"] += int(done)  # also waits for the result

    sec, calls = measure(call)
    cpu = jax.devices()[0]
    emit("rl/cartpole_batched_4096_steps", "gymnax", SCAN_STEPS * BATCH / sec, "steps/s",
         f"gymnax {version('gymnax')} CartPole-v1, jax {jax.__version__} on {cpu.platform}, "
         f"vmap over {BATCH} envs in a jitted lax.scan of {SCAN_STEPS} steps, random actions and "
         f"same-step autoreset, float32; {sec / SCAN_STEPS * 1e6:.1f} µs per batch step; {method(calls)}; "
         f"XLA_FLAGS={os.environ.get('XLA_FLAGS', '')}")
    log(f"gymnax: {holder['episodes']} episodes finished while measuring")


def main():
    want = common.parse_args("gymnax peers (vmapped CartPole-v1 steps)")
    if want("rl/cartpole_batched_4096_steps"):
        bench_batched_steps()


if __name__ == "__main__":
    main()
