#!/usr/bin/env python3
"""Checks a Frontier checkpoint bundle with h5py, independently of Frontier's own reader.

usage: check_bundle.py BUNDLE.h5 EXPECTED.json
       check_bundle.py --hash BUNDLE.h5      print the recomputed weights_sha256

EXPECTED.json: {"entries": {NAME: {KEY: {"shape": [...], "dtype": "float32"|"float64", "data": [...]}}}}
Checks the root attributes (format version 2), that every model group holds exactly the expected
parameters with the expected shapes, dtypes and values, and recomputes weights_sha256 from the
canonical bytes defined in docs/checkpoint-format.md (canonical_json and bundle_hash below are the
reference versions that page shows). Exits 0 when everything matches, 1 with a message otherwise.
"""
import hashlib
import json
import math
import struct
import sys

import h5py
import numpy as np

FORMAT_VERSION = 2
HASH_TAG = b"frontier-bundle-hash-v2"
MAXIMUM_DEPTH = 64


def canonical_json(text):
    """The canonical UTF-8 bytes of a JSON text (docs/checkpoint-format.md, "Canonical JSON")."""
    def refuse(token):
        raise ValueError("not canonical-form JSON: %s" % token)

    def members(pairs):
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys):
            refuse("a key appears twice")
        return dict(pairs)

    def number(token):
        value = float(token)
        if not math.isfinite(value):
            refuse("number %s is beyond the range of a double" % token)
        return value

    value = json.loads(text, parse_int=number, parse_float=number, parse_constant=refuse, object_pairs_hook=members)
    return write_canonical(value, 0).encode("utf-8")


def write_canonical(value, depth):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return canonical_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if depth + 1 > MAXIMUM_DEPTH:
        raise ValueError("not canonical-form JSON: nested deeper than %d" % MAXIMUM_DEPTH)
    if isinstance(value, list):
        return "[" + ",".join(write_canonical(element, depth + 1) for element in value) + "]"
    keys = sorted(value, key=lambda key: key.encode("utf-8"))
    return "{" + ",".join(json.dumps(key, ensure_ascii=False) + ":" + write_canonical(value[key], depth + 1) for key in keys) + "}"


def canonical_number(value):
    """ECMAScript's Number::toString of a finite double, from repr's shortest round-trip digits."""
    if value == 0:
        return "0"
    if value < 0:
        return "-" + canonical_number(-value)
    mantissa, _, exponent = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    n = len(whole) + int(exponent or 0) - (len(whole + fraction) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    e = n - 1
    return digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def bundle_hash(f):
    """weights_sha256 of an open h5py bundle (docs/checkpoint-format.md, "Bundle hash")."""
    def u64(n):
        return struct.pack("<Q", n)

    def text(data):
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        return u64(len(data)) + data

    def attribute(group, name):
        value = group.attrs[name]
        return value.decode("ascii") if isinstance(value, bytes) else str(value)

    digest = hashlib.sha256(text(HASH_TAG))
    models = f["models"]
    digest.update(u64(len(models)))
    for name in sorted(models, key=str.encode):
        group = models[name]
        digest.update(text(name) + text(attribute(group, "architecture_kind")))
        for field in ("architecture", "observation_space", "action_space"):
            digest.update(text(canonical_json(attribute(group, field))))
        parameters = group["parameters"]
        digest.update(u64(len(parameters)))
        for key in sorted(parameters, key=str.encode):
            a = parameters[key][()]
            digest.update(text(key) + bytes([1 if a.dtype == np.float32 else 2]))
            digest.update(struct.pack("<I", a.ndim) + b"".join(u64(s) for s in a.shape))
            digest.update(a.astype(a.dtype.newbyteorder("<")).tobytes())
    return digest.hexdigest()


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
        if int(f.attrs["format_version"]) != FORMAT_VERSION:
            fail("format_version is %r" % f.attrs["format_version"])
        models = f["models"]
        if sorted(models.keys()) != sorted(expected.keys()):
            fail("entries %s, expected %s" % (sorted(models.keys()), sorted(expected.keys())))
        for name in sorted(models.keys()):
            group = models[name]
            json.loads(text(group.attrs["metadata"]))
            parameters = group["parameters"]
            want = expected[name]
            if sorted(parameters.keys()) != sorted(want.keys()):
                fail("%s: parameters %s, expected %s" % (name, sorted(parameters.keys()), sorted(want.keys())))
            for key in sorted(parameters.keys()):
                array = parameters[key][()]
                spec = want[key]
                if list(array.shape) != spec["shape"] or str(array.dtype) != spec["dtype"]:
                    fail("%s/%s: %s %s, expected %s %s" % (name, key, array.shape, array.dtype, spec["shape"], spec["dtype"]))
                if not np.array_equal(array.ravel(), np.array(spec["data"], dtype=array.dtype)):
                    fail("%s/%s: values differ" % (name, key))
        recomputed = bundle_hash(f)
        if recomputed != text(f.attrs["weights_sha256"]):
            fail("weights_sha256 %s, recomputed %s" % (text(f.attrs["weights_sha256"]), recomputed))
    print("check_bundle: ok")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--hash":
        with h5py.File(sys.argv[2], "r") as bundle:
            print(bundle_hash(bundle))
    elif len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
