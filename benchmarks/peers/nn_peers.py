#!/usr/bin/env python3
"""Peer benchmarks (PyTorch / h5py) for Frontier's nn, optimizer and checkpoint benchmarks.

Run with the project venv (scripts/venv.sh bench):

    .venv/bin/python benchmarks/peers/nn_peers.py            # all rows
    .venv/bin/python benchmarks/peers/nn_peers.py --only adam_1m,gru_step
    .venv/bin/python benchmarks/peers/nn_peers.py --min-time 0.1   # quick

Rows (JSON lines on stdout, same schema as tensor_peers.py; progress on stderr):
  adam_1m           pytorch  Mparam/s  one Adam(lr=1e-3, foreach=True) step over
                                       10 x 100,000 float32 parameters, gradients preset
  adam_1m_loop      pytorch  Mparam/s  the same with foreach=False (per-tensor loop);
                                       peer-only variant, compared with Frontier's adam_1m
  adam_1m_fused     pytorch  Mparam/s  the same with fused=True (PyTorch's fastest CPU Adam);
                                       peer-only variant, compared with Frontier's adam_1m
  gru_step          pytorch  steps/s   GRU(16,64,2 layers)+Linear(64,1) on the last step,
                                       x [32,32,16], MSE, Adam(lr=1e-3)
  transformer_step  pytorch  steps/s   char-level LM: vocab 65, context 64, batch 32,
                                       d_model 64, 4 heads, 2 pre-LN blocks (FF 256, GELU),
                                       causal mask, cross-entropy, Adam(lr=3e-4)
  hdf5_write_1m     h5py     ms        write a new file: group "model" with 10 contiguous,
                                       uncompressed float32 datasets p0..p9 of 100,000
                                       elements + a string attribute, close
  hdf5_read_1m      h5py     ms        open that file, read p0..p9 into numpy arrays, close

Everything runs on ONE thread and is timed as in tensor_peers.py (see common.py:
warm-up, then best of 5 repeats of n back-to-back calls, each repeat >= --min-time).
"""

import os
import platform
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts when importing common

import common  # noqa: E402  first: sets up the one-thread environment before numpy is loaded
from common import emit, get_torch, log, measure, method, time_training_step, torch_detail  # noqa: E402

import numpy as np  # noqa: E402
import threadpoolctl  # noqa: E402

N_PARAMS = 10
PARAM_SIZE = 100_000


# --- optimizer ----------------------------------------------------------------------------
def bench_adam(bench, variant):
    """variant: "foreach", "loop" (foreach=False) or "fused" (fused=True, one kernel per step)."""
    torch = get_torch()
    torch.manual_seed(0)
    params = [torch.nn.Parameter(torch.randn(PARAM_SIZE)) for _ in range(N_PARAMS)]
    for p in params:
        p.grad = torch.randn(PARAM_SIZE)
    options = {"foreach": {"foreach": True}, "loop": {"foreach": False}, "fused": {"fused": True}}[variant]
    opt = torch.optim.Adam(params, lr=1e-3, **options)

    def step():
        opt.step()

    sec, calls = measure(step)
    total = N_PARAMS * PARAM_SIZE
    emit(bench, "pytorch", total / sec / 1e6, "Mparam/s",
         f"torch.optim.Adam(lr=1e-3, {', '.join(f'{k}={v}' for k, v in options.items())}).step() over {N_PARAMS} float32 "
         f"parameters of {PARAM_SIZE:,} elements ({total:,} total), gradients preset "
         f"(randn, unchanged between steps); value = params / seconds per step / 1e6 "
         f"({sec * 1e3:.3f} ms/step); {method(calls)}; {torch_detail(torch)}")


# --- training steps -----------------------------------------------------------------------
def bench_gru():
    torch = get_torch()
    nn = torch.nn
    F = torch.nn.functional
    torch.manual_seed(0)

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(16, 64, num_layers=2, batch_first=True)
            self.head = nn.Linear(64, 1)

        def forward(self, x):
            out, _ = self.gru(x)          # [B, T, 64]
            return self.head(out[:, -1])  # last time step -> [B, 1]

    model = Model()
    model.train()
    x = torch.randn(32, 32, 16)
    y = torch.randn(32, 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    time_training_step("gru_step", model, opt, lambda: F.mse_loss(model(x), y),
              "nn.GRU(16,64,num_layers=2,batch_first=True) + Linear(64,1) on the last time "
              "step; x [32,32,16]~N(0,1), y [32,1]~N(0,1) fixed; MSE; "
              "Adam(lr=1e-3, defaults (foreach=None))")


def bench_transformer():
    torch = get_torch()
    nn = torch.nn
    F = torch.nn.functional
    torch.manual_seed(0)
    vocab, ctx, batch, d, heads, ff, blocks = 65, 64, 32, 64, 4, 256, 2

    class CharLM(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(vocab, d)
            self.pos = nn.Embedding(ctx, d)
            self.blocks = nn.ModuleList(
                nn.TransformerEncoderLayer(d, heads, dim_feedforward=ff, dropout=0.0,
                                           activation="gelu", batch_first=True,
                                           norm_first=True)
                for _ in range(blocks))
            self.norm = nn.LayerNorm(d)
            self.head = nn.Linear(d, vocab)
            self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(ctx),
                                 persistent=False)
            self.register_buffer("positions", torch.arange(ctx), persistent=False)

        def forward(self, idx):
            h = self.tok(idx) + self.pos(self.positions)
            for block in self.blocks:
                h = block(h, src_mask=self.mask, is_causal=True)
            return self.head(self.norm(h))

    model = CharLM()
    model.train()  # no inference fast path
    idx = torch.randint(0, vocab, (batch, ctx))
    targets = torch.randint(0, vocab, (batch, ctx))
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)

    def loss_of():
        logits = model(idx)
        return F.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1))

    time_training_step("transformer_step", model, opt, loss_of,
              f"char LM: vocab {vocab}, context {ctx}, batch {batch}, d_model {d}, {heads} heads, "
              f"{blocks} x nn.TransformerEncoderLayer(norm_first=True, dim_feedforward={ff}, "
              f"gelu, dropout=0) with causal mask (is_causal=True), token + learned position "
              f"embeddings, final LayerNorm, Linear({d},{vocab}); random ids/targets fixed; "
              f"cross-entropy; Adam(lr=3e-4, defaults (foreach=None)); train mode")


# --- HDF5 (h5py) --------------------------------------------------------------------------
def h5py_detail(h5py, path):
    return (f"h5py {h5py.version.version}, HDF5 {h5py.version.hdf5_version}, "
            f"numpy {np.__version__}, file in {os.path.dirname(path)}")


def write_checkpoint(h5py, path, arrays):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    with h5py.File(path, "w") as f:
        g = f.create_group("model")
        g.attrs["format"] = "frontier-bench checkpoint"
        for i, a in enumerate(arrays):
            g.create_dataset(f"p{i}", data=a)  # contiguous, no filters (h5py defaults)


def read_checkpoint(h5py, path):
    with h5py.File(path, "r") as f:
        g = f["model"]
        return [g[f"p{i}"][()] for i in range(N_PARAMS)]


def bench_hdf5(want_write, want_read):
    import h5py
    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal(PARAM_SIZE, dtype=np.float32) for _ in range(N_PARAMS)]
    nbytes = sum(a.nbytes for a in arrays)
    with tempfile.TemporaryDirectory(prefix="nn_peers_") as tmp:
        path = os.path.join(tmp, "checkpoint.h5")
        what = (f"{N_PARAMS} float32 datasets model/p0..p{N_PARAMS - 1} of {PARAM_SIZE:,} "
                f"elements ({nbytes / 1e6:.1f} MB), contiguous, uncompressed")
        if want_write:
            log("  hdf5_write_1m ...")
            sec, calls = measure(lambda: write_checkpoint(h5py, path, arrays))
            size = os.path.getsize(path)
            emit("hdf5_write_1m", "h5py", sec * 1e3, "ms",
                 f"unlink + h5py.File(path,'w'), create group, {what}, string attribute "
                 f"on the group, close "
                 f"(file {size:,} bytes, page cache, no fsync); {method(calls)}; "
                 f"{h5py_detail(h5py, path)}", higher_is_better=False)
        if want_read:
            log("  hdf5_read_1m ...")
            write_checkpoint(h5py, path, arrays)
            back = read_checkpoint(h5py, path)
            assert all(np.array_equal(a, b) for a, b in zip(arrays, back)), "read mismatch"
            sec, calls = measure(lambda: read_checkpoint(h5py, path))
            emit("hdf5_read_1m", "h5py", sec * 1e3, "ms",
                 f"h5py.File(path,'r'), read {what} into new numpy arrays (ds[()]), close "
                 f"(file in page cache); {method(calls)}; {h5py_detail(h5py, path)}",
                 higher_is_better=False)


# --- main ------------------------------------------------------------------------------
def main():
    want = common.parse_args(__doc__.split("\n")[0])
    log(f"nn_peers: python {platform.python_version()}, numpy {np.__version__}, "
        f"min-time {common.MIN_TIME}s, best of {common.REPEATS}")
    with threadpoolctl.threadpool_limits(limits=1):
        for name, variant in (("adam_1m", "foreach"), ("adam_1m_loop", "loop"), ("adam_1m_fused", "fused")):
            if want(name):
                log(f"  {name} ...")
                bench_adam(name, variant)
        if want("gru_step"):
            log("  gru_step ...")
            bench_gru()
        if want("transformer_step"):
            log("  transformer_step ...")
            bench_transformer()
        if want("hdf5_write_1m") or want("hdf5_read_1m"):
            bench_hdf5(want("hdf5_write_1m"), want("hdf5_read_1m"))


if __name__ == "__main__":
    main()
