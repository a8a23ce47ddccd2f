"""Measure the elementwise issue's (issue 3) performance targets and print PASS / MISS.

    /work/venv/bin/python benchmarks/issue3_targets.py [--repeats N] [--quick] [--strict]

10^6 elements, float64 and float32: exp, log, sin, a comparison (less), maximum and sqrt.
Targets: c with one thread <= 1.0x NumPy's time (sqrt <= 0.6x); c with two threads <= 0.6x;
cython (two threads) <= 1.5x. Medians of interleaved samples (``arrpy.bench.timing``); ratio =
arrpy time / NumPy time. Inputs: exp in [-10, 10], log in (0.1, 100), sin in [-10, 10] (what
NumPy's tests of its own SIMD paths use), the others uniform.

Exit code 0, or with ``--strict`` 1 when a target is missed.
"""

import argparse
import sys

import numpy as np
from _report import (  # benchmarks/_report.py (this directory is on sys.path)
    Report,
    print_header,
    sampling,
    sampling_arguments,
    setting,
)

import arrpy
from arrpy.bench.timing import (
    Candidate,
    Symbols,
    format_time,
    measure_interleaved,
)

N = 1_000_000
# op -> (statement, input range for a, goal for c on one thread)
OPS = {
    "exp": ("xp.exp(a)", (-10.0, 10.0), 1.0),
    "log": ("xp.log(a)", (0.1, 100.0), 1.0),
    "sin": ("xp.sin(a)", (-10.0, 10.0), 1.0),
    "less": ("a < b", (-1.0, 1.0), 1.0),
    "maximum": ("xp.maximum(a, b)", (-1.0, 1.0), 1.0),
    "sqrt": ("xp.sqrt(a)", (0.0, 100.0), 0.6),
}


def measure(op, dtype, repeats, min_time):
    stmt, (low, high), _ = OPS[op]
    rng = np.random.default_rng(3)
    a = rng.uniform(low, high, N).astype(dtype)
    b = rng.uniform(low, high, N).astype(dtype)
    np_ns = {"xp": np, "a": a, "b": b}
    ap_ns = {"xp": arrpy, "a": arrpy.array(a), "b": arrpy.array(b)}
    with np.errstate(all="ignore"):
        expected = eval(stmt, np_ns)
        for backend in ("c", "cython"):
            with arrpy.backend(backend):
                got = eval(stmt, ap_ns).data
            if got.dtype != expected.dtype or not np.allclose(got, expected, rtol=1e-5):
                sys.exit(f"issue3_targets: {backend} computes {op} on {dtype} wrong; not timing")
    candidates = [
        Candidate("numpy", stmt, np_ns),
        Candidate("c-1", stmt, ap_ns, context=lambda: setting("c", 1)),
        Candidate("c-2", stmt, ap_ns, context=lambda: setting("c", 2)),
        Candidate("cython-2", stmt, ap_ns, context=lambda: setting("cython", 2)),
    ]
    return measure_interleaved(candidates, repeats, min_time)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sampling_arguments(parser, 21)
    parser.add_argument("--ops", default=",".join(OPS), help="comma-separated subset of ops")
    args = parser.parse_args(argv)
    repeats, min_time = sampling(args, 21)

    sym = Symbols()
    print_header(
        "issue 3 targets: 10^6 elements, arrpy vs NumPy, medians of interleaved samples",
        f"method  : {repeats} samples of >= {min_time * 1e3:g} ms; ratio = arrpy / NumPy time",
    )
    report = Report(sym)
    for dtype in ("float64", "float32"):
        for op in args.ops.split(","):
            m = measure(op, dtype, repeats, min_time)
            np_t = m["numpy"].median
            times = f"numpy {format_time(np_t, sym)}"
            for label in ("c-1", "c-2", "cython-2"):
                times += f", {label} {format_time(m[label].median, sym)}"
            goal1 = OPS[op][2]
            for label, goal in (("c-1", goal1), ("c-2", 0.6), ("cython-2", 1.5)):
                ratio = m[label].median / np_t
                report.add(f"{op} {dtype} {label}", ratio, f"<= {goal}", ratio <= goal, times)
    return report.finish(args.strict)


if __name__ == "__main__":
    sys.exit(main())
