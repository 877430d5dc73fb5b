# Frontier. The README's two commands do all set-up on a fresh Debian machine:
#   make run    build `frontier` (release) and run `frontier demo`: a whole subnet on this machine
#   make test   build and run every test
# and, for developers:
#   make bench  side-by-side benchmarks against the Python peers (installs them in .venv, JAX in .venv-jax)
#   make bench-jax  only the CartPole stepping rows: Frontier, a C loop and gymnax, one core each
#   make golden regenerate the golden values the tests compare against (NumPy, Gymnasium, in .venv)
# Every target installs what is missing and does nothing more when run again.

SHELL := /bin/bash
.DEFAULT_GOAL := run
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libhdf5-dev libpq-dev pkg-config libsqlite3-dev
# Only the tests need these: a browser that renders the validator's page, and a PostgreSQL server
# the AutoML storage and validator store tests start on loopback.
TEST_APT_PACKAGES := chromium postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV_PYTHON := .venv/bin/python
# JAX and gymnax live in a virtualenv of their own (gymnax pins an older gymnasium), pinned to one
# core like every other peer.
JAX_PYTHON := taskset -c 0 .venv-jax/bin/python
JAX_ENV := env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

# Release binaries use the widest vector unit this CPU has (Package.swift stays free of unsafe
# flags, so the libraries remain usable as versioned dependencies).
RELEASE_FLAGS = $(shell scripts/cpu-flags.sh swift)

# Test processes cannot restart themselves the way `frontier` does, so they get the OpenBLAS
# kernels that suit this CPU here, unless the caller already chose some.
ifeq ($(origin OPENBLAS_CORETYPE), undefined)
DETECTED_CORE := $(shell scripts/cpu-flags.sh openblas)
ifneq ($(DETECTED_CORE),)
TEST_ENV := OPENBLAS_CORETYPE=$(DETECTED_CORE)
endif
endif

.PHONY: run test bench bench-jax cartpole-loop golden deps deps-test apt-install venv-bench venv-test venv-jax clean

# The demo's screenshot of the leaderboard page needs a browser: Debian's chromium.
run: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="chromium"
	$(SWIFT) build -c release --product frontier $(RELEASE_FLAGS)
	.build/release/frontier demo

# Tests run optimised (training tests would take minutes in a debug build), with testable
# imports, in a build folder of their own so they do not rebuild `make run`'s.
test: deps deps-test venv-test
	$(TEST_ENV) $(SWIFT) test -c release --scratch-path .build-test -Xswiftc -enable-testing $(RELEASE_FLAGS)

bench: deps venv-bench
	@# ValidatorBench's PostgreSQL rows start a throwaway server on loopback.
	@$(MAKE) --no-print-directory apt-install PACKAGES="postgresql"
	$(SWIFT) build -c release --product FrontierBench $(RELEASE_FLAGS)
	$(SWIFT) build -c release --product ValidatorBench $(RELEASE_FLAGS)
	$(SWIFT) build -c release --product frontier $(RELEASE_FLAGS)
	@mkdir -p benchmarks/results
	@echo "== peers (NumPy, PyTorch, h5py, Gymnasium, Stable-Baselines3), one thread each"
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VENV_PYTHON) benchmarks/peers/tensor_peers.py > benchmarks/results/peers.jsonl
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VENV_PYTHON) benchmarks/peers/nn_peers.py >> benchmarks/results/peers.jsonl
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VENV_PYTHON) benchmarks/peers/rl_peers.py >> benchmarks/results/peers.jsonl
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VENV_PYTHON) benchmarks/peers/automl_peers.py >> benchmarks/results/peers.jsonl
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(VENV_PYTHON) benchmarks/peers/solve_processes.py --side sb3 >> benchmarks/results/peers.jsonl
	@$(MAKE) --no-print-directory cartpole-loop
	taskset -c 0 benchmarks/results/cartpole_loop >> benchmarks/results/peers.jsonl
	@$(MAKE) --no-print-directory venv-jax
	$(JAX_ENV) $(JAX_PYTHON) benchmarks/peers/gymnax_peers.py >> benchmarks/results/peers.jsonl
	@echo "== Frontier"
	.build/release/FrontierBench > benchmarks/results/frontier.jsonl
	.build/release/ValidatorBench >> benchmarks/results/frontier.jsonl
	$(VENV_PYTHON) benchmarks/peers/solve_processes.py --side frontier --frontier .build/release/frontier >> benchmarks/results/frontier.jsonl
	$(VENV_PYTHON) benchmarks/report.py benchmarks/results/peers.jsonl benchmarks/results/frontier.jsonl | tee benchmarks/results/table.md

# The CartPole stepping rows alone, in one sitting and one core each: Frontier's single and
# batched environments against the C loop and gymnax's vmapped CartPoles (JAX in .venv-jax).
bench-jax: deps venv-jax cartpole-loop
	$(SWIFT) build -c release --product FrontierBench $(RELEASE_FLAGS)
	@mkdir -p benchmarks/results
	taskset -c 0 benchmarks/results/cartpole_loop > benchmarks/results/peers-jax.jsonl
	$(JAX_ENV) $(JAX_PYTHON) benchmarks/peers/gymnax_peers.py >> benchmarks/results/peers-jax.jsonl
	taskset -c 0 .build/release/FrontierBench --only rl/cartpole_steps,rl/cartpole_batched > benchmarks/results/frontier-jax.jsonl
	python3 benchmarks/report.py benchmarks/results/peers-jax.jsonl benchmarks/results/frontier-jax.jsonl | tee benchmarks/results/table-jax.md

# The hand-written C floor under the CartPole rows (benchmarks/peers/cartpole_loop.c), built with
# the widest vector unit, as Frontier's release build is.
cartpole-loop:
	@mkdir -p benchmarks/results
	cc -O2 -march=native -DCOMPILER_FLAGS='"cc -O2 -march=native"' -o benchmarks/results/cartpole_loop benchmarks/peers/cartpole_loop.c -lm

golden: venv-test
	$(VENV_PYTHON) scripts/golden/tensor_golden.py
	$(VENV_PYTHON) scripts/golden/gym_trajectories.py

# Debian packages the build links against; installed only when missing.
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

deps-test:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"

apt-install:
	@missing=""; for package in $(PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

venv-bench:
	scripts/venv.sh bench

venv-test:
	scripts/venv.sh test

venv-jax:
	scripts/venv.sh jax

clean:
	rm -rf .build benchmarks/results
