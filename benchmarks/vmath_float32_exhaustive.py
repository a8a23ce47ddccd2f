"""A check, not a benchmark: the Cython backend's AVX2 float32 exp / log / sin / cos / tanh give
the C++ backend's bits for every one of the 2^32 float32 inputs (nans: any nan for a nan).

The AVX2 vmath build computes float32 with the C++ backend's float kernels operation for
operation (backends/cython/_vmath.pxi); tests/test_cython_vmath.py compares 200,000 inputs per
function, this script all of them (about a minute per function on 2 cores).

    python benchmarks/vmath_float32_exhaustive.py [exp,log,sin,cos,tanh]

Exit status 1 if any input differs. On a CPU without AVX-512 the C++ sin / cos send a whole
vector to libm when one lane is beyond 2^16, so inputs near such lanes may differ there.
"""

import argparse
import sys
import time
import warnings

import numpy as np

import arrpy
from arrpy.backends.cython import _kernels

BLOCK = 1 << 25  # inputs per call (128 MiB of float32)


def compare(name):
    """Number of inputs whose results differ, and up to five examples."""
    differ, examples = 0, []
    for start in range(0, 1 << 32, BLOCK):
        x = np.arange(start, start + BLOCK, dtype=np.uint64).astype(np.uint32).view(np.float32)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            with arrpy.backend("cython"):
                got = np.asarray(getattr(arrpy, name)(arrpy.asarray(x)))
            with arrpy.backend("c"):
                expected = np.asarray(getattr(arrpy, name)(arrpy.asarray(x)))
        bad = (got.view(np.uint32) != expected.view(np.uint32)) & ~(
            np.isnan(got) & np.isnan(expected)
        )
        count = int(bad.sum())
        if count:
            differ += count
            for i in np.flatnonzero(bad)[: 5 - len(examples)]:
                examples.append((float(x[i]), float(got[i]), float(expected[i])))
    return differ, examples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("functions", nargs="?", default="exp,log,sin,cos,tanh")
    args = parser.parse_args()
    if "avx2" not in _kernels.vmath_targets():
        sys.exit("this CPU cannot run the AVX2 vmath build")
    previous = _kernels.set_vmath_target("avx2")
    failed = False
    try:
        for name in args.functions.split(","):
            begin = time.perf_counter()
            differ, examples = compare(name)
            seconds = time.perf_counter() - begin
            verdict = "same bits" if not differ else f"{differ} inputs differ, e.g. {examples}"
            print(f"{name:4s} float32, all 2^32 inputs: {verdict} ({seconds:.0f} s)")
            failed |= bool(differ)
    finally:
        _kernels.set_vmath_target(previous)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
