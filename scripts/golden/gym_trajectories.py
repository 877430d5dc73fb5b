#!/usr/bin/env python3
"""Golden trajectories of Gymnasium's classic-control environments for Frontier's tests.

For CartPole-v1, Acrobot-v1, MountainCar-v0 and Pendulum-v1 (made with `gymnasium.make`, so
the TimeLimit wrapper's truncation is included) this runs several episodes, each from a given
internal state (set on `env.unwrapped.state`) or from the state a real `reset(seed=...)`
drew, under a fixed seeded action sequence or a simple recorded controller, and records per
step the observation, reward, terminated, truncated and the internal state. It also records
each environment's spaces, time limit, reward threshold and initial-state ranges.

    .venv/bin/python scripts/golden/gym_trajectories.py            # writes the golden JSON
    .venv/bin/python scripts/golden/gym_trajectories.py --replay REQUEST.json
        # prints the trajectories of the cases in REQUEST.json (used by the live interop test)

A case is {"id", "options", "initial_state" (or "seed"), "actions", "steps_after_end"}:
options are Frontier's option names (Gymnasium keywords plus `semi_implicit_euler`, set as
CartPole's `kinematics_integrator` attribute); the episode stops at termination or
truncation, after `steps_after_end` more steps (Gymnasium allows stepping on, with a
warning), or when the actions run out.

Output: Tests/EnvironmentsTests/Resources/gym_trajectories.json. Observations are written
with the shortest decimal that reads back as the same float32; states as full float64.
"""

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import gymnasium as gym

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests/EnvironmentsTests/Resources/gym_trajectories.json"

STATE_NAMES = {
    "CartPole-v1": ["x", "x_dot", "theta", "theta_dot"],
    "Acrobot-v1": ["theta1", "theta2", "dtheta1", "dtheta2"],
    "MountainCar-v0": ["position", "velocity"],
    "Pendulum-v1": ["theta", "theta_dot"],
}

# The initial-state distributions in Gymnasium's reset() (checked by sampling below).
INITIAL_STATE_BOUNDS = {
    "CartPole-v1": ([-0.05] * 4, [0.05] * 4),
    "Acrobot-v1": ([-0.1] * 4, [0.1] * 4),
    "MountainCar-v0": ([-0.6, 0.0], [-0.4, 0.0]),
    "Pendulum-v1": ([-math.pi, -1.0], [math.pi, 1.0]),
}


def number(x):
    """A JSON-safe float (infinities as strings, as Frontier's Space.json writes them)."""
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def float32_values(values):
    """Shortest decimals that read back as the same float32 values."""
    return [number(str(np.float32(v))) for v in np.asarray(values, dtype=np.float32).ravel()]


def make(env_id, options):
    options = dict(options or {})
    kwargs = {}
    semi_implicit = False
    if env_id == "CartPole-v1":
        if "sutton_barto_reward" in options:
            kwargs["sutton_barto_reward"] = bool(options.pop("sutton_barto_reward"))
        semi_implicit = bool(options.pop("semi_implicit_euler", 0))
    elif env_id == "MountainCar-v0" and "goal_velocity" in options:
        kwargs["goal_velocity"] = float(options.pop("goal_velocity"))
    elif env_id == "Pendulum-v1" and "g" in options:
        kwargs["g"] = float(options.pop("g"))
    if options:
        raise ValueError(f"{env_id}: options not supported by this script: {sorted(options)}")
    env = gym.make(env_id, **kwargs)
    if semi_implicit:
        env.unwrapped.kinematics_integrator = "semi-implicit euler"
    return env


def observation_of(env):
    """The observation the unwrapped environment gives for its current state."""
    inner = env.unwrapped
    if hasattr(inner, "_get_ob"):
        return inner._get_ob()
    if hasattr(inner, "_get_obs"):
        return inner._get_obs()
    return np.array(inner.state, dtype=np.float32)


def gym_action(env_id, action):
    if env_id == "Pendulum-v1":
        return np.array([action], dtype=np.float32)
    return int(action)


def run(case, controller=None):
    """Runs one case; `controller(observation, step)` chooses actions when given."""
    env_id = case["id"]
    env = make(env_id, case.get("options"))
    observation, _ = env.reset(seed=case.get("seed", 0))
    if case.get("initial_state") is not None:
        env.unwrapped.state = np.array(case["initial_state"], dtype=np.float64)
        observation = observation_of(env)
    initial_state = [float(v) for v in env.unwrapped.state]
    actions = list(case.get("actions", []))
    steps_after_end = case.get("steps_after_end", 0)
    record = {
        "name": case.get("name", ""),
        "options": case.get("options", {}),
        "initial_state": initial_state,
        "initial_observation": float32_values(observation),
        "actions": [], "observations": [], "rewards": [],
        "terminated": [], "truncated": [], "states": [],
    }
    ended_at = None
    step = 0
    while True:
        if controller is not None:
            if step >= case["max_steps"]:
                break
            action = controller(observation, step)
        else:
            if step >= len(actions):
                break
            action = actions[step]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stepping after termination warns, on purpose here
            observation, reward, terminated, truncated, _ = env.step(gym_action(env_id, action))
        record["actions"].append(float(np.float32(action)) if env_id == "Pendulum-v1" else int(action))
        record["observations"].append(float32_values(observation))
        record["rewards"].append(float(reward))
        record["terminated"].append(bool(terminated))
        record["truncated"].append(bool(truncated))
        record["states"].append([float(v) for v in env.unwrapped.state])
        step += 1
        if ended_at is None and (terminated or truncated):
            ended_at = step
        if ended_at is not None and step >= ended_at + steps_after_end:
            break
    env.close()
    return record


def space_record(space):
    if isinstance(space, gym.spaces.Discrete):
        return {"n": int(space.n), "start": int(space.start)}
    return {"low": float32_values(space.low), "high": float32_values(space.high), "shape": list(space.shape),
            "dtype": str(space.dtype)}


def seeded(seed, count, kind):
    """A fixed action sequence: `kind` is a number of discrete actions or a (low, high) range."""
    rng = np.random.default_rng(seed)
    if isinstance(kind, int):
        return [int(a) for a in rng.integers(0, kind, size=count)]
    low, high = kind
    return [float(np.float32(a)) for a in rng.uniform(low, high, size=count)]


def cartpole_balancer(seed):
    rng = np.random.default_rng(seed)

    def act(observation, step):
        x, x_dot, theta, theta_dot = (float(v) for v in observation)
        if rng.random() < 0.1:  # a little exploration, so the trajectory is not a pure limit cycle
            return int(rng.integers(0, 2))
        return 1 if 0.05 * x + 0.2 * x_dot + 10.0 * theta + 1.5 * theta_dot > 0 else 0
    return act


def acrobot_pump(observation, step):
    # Torque along the second link's swing pumps energy in.
    return 2 if float(observation[5]) > 0 else 0


def mountain_car_pump(observation, step):
    return 2 if float(observation[1]) >= 0 else 0


def cases():
    pi = math.pi
    cp, ac, mc, pe = "CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1"
    plain = [
        {"id": cp, "name": "reset(seed=0), random actions", "seed": 0, "actions": seeded(1, 500, 2)},
        {"id": cp, "name": "near the right edge", "initial_state": [2.3, 0.8, 0.05, -0.2], "actions": seeded(2, 100, 2)},
        {"id": cp, "name": "falling pole, stepped 4 times after termination",
         "initial_state": [0.0, 0.0, 0.2, 0.5], "actions": seeded(3, 10, 2), "steps_after_end": 4},
        {"id": cp, "name": "sutton_barto_reward, stepped 4 times after termination", "options": {"sutton_barto_reward": 1},
         "initial_state": [-0.1, 0.3, -0.15, -0.9], "actions": seeded(4, 60, 2), "steps_after_end": 4},
        {"id": cp, "name": "semi-implicit euler", "options": {"semi_implicit_euler": 1}, "seed": 7,
         "actions": seeded(5, 500, 2)},
        {"id": cp, "name": "fast start", "initial_state": [-1.0, -2.5, 0.1, 3.0], "actions": seeded(6, 500, 2)},
        {"id": ac, "name": "reset(seed=0), random actions to the time limit", "seed": 0, "actions": seeded(11, 500, 3)},
        {"id": ac, "name": "near the velocity bounds", "initial_state": [0.5, -1.0, 4 * pi - 0.05, -9 * pi + 0.1],
         "actions": seeded(12, 40, 3)},
        {"id": ac, "name": "at the velocity bounds", "initial_state": [1.0, 2.0, 4 * pi, 9 * pi], "actions": seeded(13, 40, 3)},
        {"id": ac, "name": "up against the velocity bounds, hanging", "initial_state": [0.0, 0.0, -4 * pi + 0.01, 9 * pi - 0.01],
         "actions": seeded(15, 40, 3)},
        {"id": ac, "name": "angles near ±pi (wrapping)", "initial_state": [pi - 0.01, -pi + 0.02, 3.0, -5.0],
         "actions": seeded(14, 40, 3)},
        {"id": mc, "name": "reset(seed=0), random actions to the time limit", "seed": 0, "actions": seeded(21, 200, 3)},
        {"id": mc, "name": "into the left wall", "initial_state": [-1.15, -0.06], "actions": [0] * 40},
        {"id": mc, "name": "at the speed limit", "initial_state": [-0.3, 0.0699], "actions": [2] * 60},
        {"id": mc, "name": "just below the flag", "initial_state": [0.49, 0.005], "actions": seeded(22, 30, 3)},
        {"id": pe, "name": "reset(seed=0), torques in [-3, 3] (clipped) to the time limit", "seed": 0,
         "actions": seeded(31, 200, (-3.0, 3.0))},
        {"id": pe, "name": "near the speed limit", "initial_state": [0.1, 7.9], "actions": [2.5] * 30 + seeded(32, 20, (-4.0, 4.0))},
        {"id": pe, "name": "large angle", "initial_state": [12.0, -3.0], "actions": seeded(33, 50, (-2.0, 2.0))},
        {"id": pe, "name": "large negative angle", "initial_state": [-20.5, 0.5], "actions": seeded(34, 50, (-2.0, 2.0))},
        {"id": pe, "name": "hanging straight down", "initial_state": [pi, 0.0], "actions": [0.0] * 10 + [-2.0] * 10},
        {"id": pe, "name": "g = 9.81", "options": {"g": 9.81}, "seed": 1, "actions": seeded(35, 200, (-2.5, 2.5))},
    ]
    controlled = [
        ({"id": cp, "name": "balancing controller to the time limit", "seed": 42, "max_steps": 500}, cartpole_balancer(8)),
        ({"id": ac, "name": "energy pumping to the goal", "seed": 3, "max_steps": 500}, acrobot_pump),
        ({"id": mc, "name": "energy pumping to the flag", "seed": 5, "max_steps": 200}, mountain_car_pump),
        ({"id": mc, "name": "goal_velocity = 0.02", "options": {"goal_velocity": 0.02}, "seed": 6, "max_steps": 200},
         mountain_car_pump),
    ]
    return plain, controlled


def check_initial_state_bounds(env_id):
    """Gymnasium's seeded resets stay within INITIAL_STATE_BOUNDS (guards this file's facts)."""
    low, high = INITIAL_STATE_BOUNDS[env_id]
    env = gym.make(env_id)
    for seed in range(200):
        env.reset(seed=seed)
        state = np.asarray(env.unwrapped.state, dtype=np.float64)
        assert np.all(state >= low) and np.all(state <= high), (env_id, seed, state)
    env.close()


def generate():
    plain, controlled = cases()
    environments = {}
    for env_id in STATE_NAMES:
        check_initial_state_bounds(env_id)
        env = gym.make(env_id)
        environments[env_id] = {
            "state_names": STATE_NAMES[env_id],
            "observation_space": space_record(env.observation_space),
            "action_space": space_record(env.action_space),
            "max_episode_steps": env.spec.max_episode_steps,
            "reward_threshold": env.spec.reward_threshold,
            "initial_state_low": INITIAL_STATE_BOUNDS[env_id][0],
            "initial_state_high": INITIAL_STATE_BOUNDS[env_id][1],
            "cases": [],
        }
        env.close()
    for case in plain:
        environments[case["id"]]["cases"].append(run(case))
    for case, controller in controlled:
        environments[case["id"]]["cases"].append(run(case, controller))
    for env_id, entry in environments.items():
        ends = [("T" if c["terminated"][-1] else "") + ("t" if c["truncated"][-1] else "") for c in entry["cases"]]
        print(f"{env_id}: {len(entry['cases'])} cases, lengths {[len(c['rewards']) for c in entry['cases']]}, ends {ends}",
              file=sys.stderr)
    document = {"gymnasium_version": gym.__version__, "numpy_version": np.__version__, "environments": environments}
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT, "w") as file:
        json.dump(document, file, separators=(",", ":"))
        file.write("\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KB)", file=sys.stderr)


def replay(path):
    with open(path) as file:
        request = json.load(file)
    print(json.dumps({"gymnasium_version": gym.__version__, "cases": [run(case) for case in request["cases"]]}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replay", metavar="REQUEST.json", help="print the trajectories of the cases in this file")
    arguments = parser.parse_args()
    if arguments.replay:
        replay(arguments.replay)
    else:
        generate()
