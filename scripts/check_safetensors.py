"""Reads a safetensors file written by our Swift code with the reference Python package and
compares names, shapes and values with an expectation file (JSON: name -> {shape, values}).

Used by the interoperability test; exits non-zero with a one-line reason on any mismatch."""
import json
import sys

import numpy as np
from safetensors.numpy import load_file
from safetensors import safe_open


def main(checkpoint: str, expectation: str) -> int:
    tensors = load_file(checkpoint)
    expected = json.load(open(expectation))
    if sorted(tensors) != sorted(expected["tensors"]):
        print(f"names differ: {sorted(tensors)} vs {sorted(expected['tensors'])}")
        return 1
    for name, spec in expected["tensors"].items():
        array = tensors[name]
        if array.dtype != np.float32 or list(array.shape) != spec["shape"]:
            print(f"{name}: dtype {array.dtype} shape {list(array.shape)}, expected float32 {spec['shape']}")
            return 1
        if not np.array_equal(array.reshape(-1), np.array(spec["values"], dtype=np.float32)):
            print(f"{name}: values differ")
            return 1
    with safe_open(checkpoint, framework="numpy") as handle:
        if handle.metadata() != expected["metadata"]:
            print(f"metadata differs: {handle.metadata()} vs {expected['metadata']}")
            return 1
    print(f"ok: {len(tensors)} tensors read by safetensors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
