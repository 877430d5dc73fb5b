#!/usr/bin/env python3
"""Checks a Frontier checkpoint bundle with h5py, independently of Frontier's own reader.

usage: check_bundle.py BUNDLE.h5 EXPECTED.json

EXPECTED.json: {"entries": {NAME: {KEY: {"shape": [...], "dtype": "float32"|"float64", "data": [...]}}}}
Checks the root attributes, that every model group holds exactly the expected parameters with
the expected shapes, dtypes and values, and recomputes weights_sha256 from the canonical bytes
defined in docs/checkpoint-format.md. Exits 0 when everything matches, 1 with a message otherwise.
"""
import hashlib
import json
import struct
import sys

import h5py
import numpy as np


def text(value):
    return value.decode("ascii") if isinstance(value, bytes) else str(value)


def fail(message):
    print("check_bundle: " + message)
    sys.exit(1)


def main(path, expected_path):
    with open(expected_path) as f:
        expected = json.load(f)["entries"]
    with h5py.File(path, "r") as f:
        if text(f.attrs["format"]) != "frontier-bundle":
            fail("format attribute is %r" % f.attrs["format"])
        if int(f.attrs["format_version"]) != 1:
            fail("format_version is %r" % f.attrs["format_version"])
        models = f["models"]
        if sorted(models.keys()) != sorted(expected.keys()):
            fail("entries %s, expected %s" % (sorted(models.keys()), sorted(expected.keys())))
        digest = hashlib.sha256()
        for name in sorted(models.keys(), key=lambda s: s.encode()):
            group = models[name]
            json.loads(text(group.attrs["architecture"]))
            json.loads(text(group.attrs["metadata"]))
            parameters = group["parameters"]
            want = expected[name]
            if sorted(parameters.keys()) != sorted(want.keys()):
                fail("%s: parameters %s, expected %s" % (name, sorted(parameters.keys()), sorted(want.keys())))
            for key in sorted(parameters.keys(), key=lambda s: s.encode()):
                array = parameters[key][()]
                spec = want[key]
                if list(array.shape) != spec["shape"] or str(array.dtype) != spec["dtype"]:
                    fail("%s/%s: %s %s, expected %s %s" % (name, key, array.shape, array.dtype, spec["shape"], spec["dtype"]))
                if not np.array_equal(array.ravel(), np.array(spec["data"], dtype=array.dtype)):
                    fail("%s/%s: values differ" % (name, key))
                digest.update((name + "/" + key).encode() + b"\x00")
                digest.update(bytes([1 if array.dtype == np.float32 else 2]))
                digest.update(struct.pack("<I", array.ndim))
                for size in array.shape:
                    digest.update(struct.pack("<Q", size))
                digest.update(array.astype(array.dtype.newbyteorder("<")).tobytes())
        if digest.hexdigest() != text(f.attrs["weights_sha256"]):
            fail("weights_sha256 %s, recomputed %s" % (text(f.attrs["weights_sha256"]), digest.hexdigest()))
    print("check_bundle: ok")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
