#!/usr/bin/env python3
"""PureJaxRL-style PPO on gymnax's CartPole-v1: one jitted train function over vmapped envs.

Run in the JAX virtualenv (scripts/venv.sh jax), pinned to one core:

    XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \\
        taskset -c 0 .venv-jax/bin/python benchmarks/peers/purejaxrl_ppo.py [--seeds 0,1,2]

The whole of training (rollouts, GAE, epochs of minibatch updates) is one function under
jax.jit, as in PureJaxRL (github.com/luchris429/purejaxrl, purejaxrl/ppo.py); this is our own code
with PureJaxRL's default CartPole-v1 hyperparameters (CONFIG below): 4 envs x 128 steps,
500,000 steps (976 updates), 4 epochs of 4 minibatches, Adam (eps 1e-5) at 2.5e-4 annealed
linearly per update, gradient norm clipped at 0.5, gamma 0.99, GAE lambda 0.95, clip 0.2 (also on
the value loss, as PureJaxRL does), entropy 0.01, value 0.5, advantages normalised per
minibatch, separate 64-64 tanh actor and critic with orthogonal init (sqrt 2, actor head 0.01,
critic head 1). Like PureJaxRL, `done` (terminated or truncated) cuts the bootstrap.

Rows (JSON lines on stdout, the schema of common.emit; lower is better for seconds), per seed
and as the median over the seeds:
  rl/ppo_cartpole_500k_compile_seconds  purejaxrl  s  jax.jit(train).lower(key).compile()
  rl/ppo_cartpole_500k_train_seconds    purejaxrl  s  running the compiled function once
                                                      (block_until_ready), compile excluded
  rl/ppo_cartpole_500k_return           purejaxrl  return  mean return of the episodes that
                                                      finished in the last 10 updates
"""

import argparse
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import common  # noqa: E402, F401  first: the one-thread environment
from common import emit, log  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import flax.linen as nn  # noqa: E402
import optax  # noqa: E402
import gymnax  # noqa: E402
import numpy as np  # noqa: E402

CONFIG = dict(LR=2.5e-4, NUM_ENVS=4, NUM_STEPS=128, TOTAL_TIMESTEPS=5e5, UPDATE_EPOCHS=4, NUM_MINIBATCHES=4,
              GAMMA=0.99, GAE_LAMBDA=0.95, CLIP_EPS=0.2, ENT_COEF=0.01, VF_COEF=0.5, MAX_GRAD_NORM=0.5,
              ANNEAL_LR=True, ENV_NAME="CartPole-v1")


class ActorCritic(nn.Module):
    action_count: int

    @nn.compact
    def __call__(self, x):
        def dense(features, gain):
            return nn.Dense(features, kernel_init=nn.initializers.orthogonal(gain),
                            bias_init=nn.initializers.constant(0.0))
        actor = nn.tanh(dense(64, np.sqrt(2))(x))
        actor = nn.tanh(dense(64, np.sqrt(2))(actor))
        logits = dense(self.action_count, 0.01)(actor)
        critic = nn.tanh(dense(64, np.sqrt(2))(x))
        critic = nn.tanh(dense(64, np.sqrt(2))(critic))
        value = dense(1, 1.0)(critic)
        return logits, jnp.squeeze(value, axis=-1)


def make_train(config):
    env, params = gymnax.make(config["ENV_NAME"])
    num_updates = int(config["TOTAL_TIMESTEPS"] // config["NUM_STEPS"] // config["NUM_ENVS"])
    batch_size = config["NUM_ENVS"] * config["NUM_STEPS"]
    minibatch_size = batch_size // config["NUM_MINIBATCHES"]
    network = ActorCritic(env.action_space(params).n)
    reset = jax.vmap(env.reset, in_axes=(0, None))
    step = jax.vmap(env.step, in_axes=(0, 0, 0, None))

    def learning_rate(count):
        # Linear decay per update: every update takes epochs x minibatches optimizer steps.
        done_updates = count // (config["NUM_MINIBATCHES"] * config["UPDATE_EPOCHS"])
        return config["LR"] * (1.0 - done_updates / num_updates)

    optimizer = optax.chain(optax.clip_by_global_norm(config["MAX_GRAD_NORM"]),
                            optax.adam(learning_rate if config["ANNEAL_LR"] else config["LR"], eps=1e-5))

    def loss_fn(weights, batch):
        observations, actions, old_log_probs, old_values, advantages, targets = batch
        logits, values = network.apply(weights, observations)
        log_probs_all = jax.nn.log_softmax(logits)
        log_probs = jnp.take_along_axis(log_probs_all, actions[:, None], axis=-1)[:, 0]
        clipped_values = old_values + jnp.clip(values - old_values, -config["CLIP_EPS"], config["CLIP_EPS"])
        value_loss = 0.5 * jnp.maximum((values - targets) ** 2, (clipped_values - targets) ** 2).mean()
        ratio = jnp.exp(log_probs - old_log_probs)
        advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8)
        policy_loss = -jnp.minimum(ratio * advantages,
                                   jnp.clip(ratio, 1 - config["CLIP_EPS"], 1 + config["CLIP_EPS"]) * advantages).mean()
        entropy = -(jnp.exp(log_probs_all) * log_probs_all).sum(-1).mean()
        return policy_loss + config["VF_COEF"] * value_loss - config["ENT_COEF"] * entropy

    def train(key):
        key, init_key, reset_key = jax.random.split(key, 3)
        weights = network.init(init_key, jnp.zeros(env.observation_space(params).shape))
        opt_state = optimizer.init(weights)
        observation, env_state = reset(jax.random.split(reset_key, config["NUM_ENVS"]), params)
        episode_return = jnp.zeros(config["NUM_ENVS"])

        def rollout_step(carry, _):
            weights, env_state, observation, episode_return, key = carry
            key, action_key, step_key = jax.random.split(key, 3)
            logits, value = network.apply(weights, observation)
            action = jax.random.categorical(action_key, logits)
            log_prob = jnp.take_along_axis(jax.nn.log_softmax(logits), action[:, None], axis=-1)[:, 0]
            next_observation, env_state, reward, terminated, truncated, _ = step(
                jax.random.split(step_key, config["NUM_ENVS"]), env_state, action, params)
            done = terminated | truncated
            episode_return = episode_return + reward
            finished_return = jnp.where(done, episode_return, 0.0)
            episode_return = jnp.where(done, 0.0, episode_return)
            transition = (observation, action, log_prob, value, reward, done, finished_return)
            return (weights, env_state, next_observation, episode_return, key), transition

        def update(carry, _):
            weights, opt_state, env_state, observation, episode_return, key = carry
            (weights, env_state, observation, episode_return, key), trajectory = jax.lax.scan(
                rollout_step, (weights, env_state, observation, episode_return, key), None, config["NUM_STEPS"])
            observations, actions, log_probs, values, rewards, dones, finished = trajectory
            _, last_value = network.apply(weights, observation)

            def gae_step(carry, transition):
                advantage, next_value = carry
                done, value, reward = transition
                delta = reward + config["GAMMA"] * next_value * (1 - done) - value
                advantage = delta + config["GAMMA"] * config["GAE_LAMBDA"] * (1 - done) * advantage
                return (advantage, value), advantage

            _, advantages = jax.lax.scan(gae_step, (jnp.zeros_like(last_value), last_value),
                                         (dones, values, rewards), reverse=True)
            targets = advantages + values

            def epoch(carry, _):
                weights, opt_state, key = carry
                key, permutation_key = jax.random.split(key)
                permutation = jax.random.permutation(permutation_key, batch_size)
                batch = tuple(x.reshape((batch_size,) + x.shape[2:])
                              for x in (observations, actions, log_probs, values, advantages, targets))
                minibatches = tuple(jnp.take(x, permutation, axis=0).reshape(
                    (config["NUM_MINIBATCHES"], minibatch_size) + x.shape[1:]) for x in batch)

                def minibatch_step(carry, minibatch):
                    weights, opt_state = carry
                    grads = jax.grad(loss_fn)(weights, minibatch)
                    updates, opt_state = optimizer.update(grads, opt_state)
                    return (optax.apply_updates(weights, updates), opt_state), None

                (weights, opt_state), _ = jax.lax.scan(minibatch_step, (weights, opt_state), minibatches)
                return (weights, opt_state, key), None

            (weights, opt_state, key), _ = jax.lax.scan(epoch, (weights, opt_state, key), None,
                                                         config["UPDATE_EPOCHS"])
            metrics = (finished.sum(), dones.sum())
            return (weights, opt_state, env_state, observation, episode_return, key), metrics

        carry = (weights, opt_state, env_state, observation, episode_return, key)
        _, (return_sums, episode_counts) = jax.lax.scan(update, carry, None, num_updates)
        return return_sums, episode_counts

    return train, num_updates


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="0,1,2")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s]
    train, num_updates = make_train(CONFIG)
    results = []
    for seed in seeds:
        key = jax.random.PRNGKey(seed)
        start = time.perf_counter()
        compiled = jax.jit(train).lower(key).compile()
        compile_seconds = time.perf_counter() - start
        start = time.perf_counter()
        return_sums, episode_counts = jax.block_until_ready(compiled(key))
        train_seconds = time.perf_counter() - start
        last = slice(num_updates - 10, num_updates)
        final_return = float(return_sums[last].sum() / max(1.0, float(episode_counts[last].sum())))
        log(f"purejaxrl seed {seed}: compile {compile_seconds:.2f} s, train {train_seconds:.2f} s, "
            f"final mean return {final_return:.1f}")
        results.append((compile_seconds, train_seconds, final_return))
        detail = (f"seed {seed}; PureJaxRL defaults (4 envs x 128 steps, 500k steps, 4 epochs x 4 minibatches, "
                  f"lr 2.5e-4 annealed), one jitted train over vmapped gymnax CartPole-v1; jax {jax.__version__}, "
                  f"XLA_FLAGS={os.environ.get('XLA_FLAGS', '')}")
        emit(f"rl/ppo_cartpole_500k_compile_seconds_seed{seed}", "purejaxrl", compile_seconds, "s", detail,
             higher_is_better=False)
        emit(f"rl/ppo_cartpole_500k_train_seconds_seed{seed}", "purejaxrl", train_seconds, "s", detail,
             higher_is_better=False)
        emit(f"rl/ppo_cartpole_500k_return_seed{seed}", "purejaxrl", final_return, "return",
             detail + "; mean return of episodes finished in the last 10 updates")
    median = lambda i: statistics.median(r[i] for r in results)  # noqa: E731
    detail = f"median over seeds {seeds}"
    # Only the first seed compiles cold: JAX caches the compiled function for the later seeds
    # (their compile rows show ~1 ms), so a median would hide the compile a user pays.
    emit("rl/ppo_cartpole_500k_compile_seconds", "purejaxrl", results[0][0], "s",
         f"first seed ({seeds[0]}), cold; later seeds reuse JAX's cache", higher_is_better=False)
    emit("rl/ppo_cartpole_500k_train_seconds", "purejaxrl", median(1), "s", detail, higher_is_better=False)
    emit("rl/ppo_cartpole_500k_return", "purejaxrl", median(2), "return", detail)


if __name__ == "__main__":
    main()
