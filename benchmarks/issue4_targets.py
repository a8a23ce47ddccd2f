"""Measure the reductions issue's (issue 4) performance targets and print PASS / MISS.

    /work/venv/bin/python benchmarks/issue4_targets.py [--repeats N] [--quick] [--strict]

float64, 10^6 elements (a 1000 x 1000 matrix for the axis sums). Targets: c <= 0.6x NumPy's
time for sum and cython <= 1.0x; c <= 1.0x for sum(axis=0), sum(axis=1), min, max, argmax, mean,
var and std; c <= 1.5x for median and percentile. The issue names no thread count: a target is
judged at arrpy's default (every core; "-2" columns on a 2-core machine), and the one-thread
ratios are printed beside it. Medians of interleaved samples (``arrpy.bench.timing``); ratio =
arrpy time / NumPy time (NumPy's reductions run on one thread).

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

# target -> (statement, operand ("a": 10^6 vector, "m": 1000 x 1000 matrix), goal for c)
TARGETS = {
    "sum": ("xp.sum(a)", 0.6),
    "sum axis=0": ("xp.sum(m, axis=0)", 1.0),
    "sum axis=1": ("xp.sum(m, axis=1)", 1.0),
    "min": ("xp.min(a)", 1.0),
    "max": ("xp.max(a)", 1.0),
    "argmax": ("xp.argmax(a)", 1.0),
    "mean": ("xp.mean(a)", 1.0),
    "var": ("xp.var(a)", 1.0),
    "std": ("xp.std(a)", 1.0),
    "median": ("xp.median(a)", 1.5),
    "percentile": ("xp.percentile(a, 90)", 1.5),
}
CYTHON_GOALS = {"sum": 1.0}  # the one cython target


def measure(stmt, threads, repeats, min_time):
    rng = np.random.default_rng(4)
    a = rng.standard_normal(1_000_000)
    m = rng.standard_normal((1000, 1000))
    np_ns = {"xp": np, "a": a, "m": m}
    ap_ns = {"xp": arrpy, "a": arrpy.array(a), "m": arrpy.array(m)}
    expected = eval(stmt, np_ns)
    for backend in ("c", "cython"):
        with arrpy.backend(backend):
            got = eval(stmt, ap_ns)
        got = got.data if isinstance(got, arrpy.ArrPy) else np.asarray(got)
        if got.shape != np.shape(expected) or not np.allclose(got, expected, rtol=1e-9):
            sys.exit(f"issue4_targets: {backend} computes {stmt} wrong; not timing")
    candidates = [Candidate("numpy", stmt, np_ns)]
    for backend in ("c", "cython"):
        for n in sorted({1, threads}):
            context = lambda b=backend, n=n: setting(b, n)  # noqa: E731 (bound per candidate)
            candidates.append(Candidate(f"{backend}-{n}", stmt, ap_ns, context=context))
    return measure_interleaved(candidates, repeats, min_time)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sampling_arguments(parser, 21)
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset")
    args = parser.parse_args(argv)
    repeats, min_time = sampling(args, 21)
    threads = arrpy.get_num_threads()

    sym = Symbols()
    print_header(
        "issue 4 targets: float64, arrpy vs NumPy, medians of interleaved samples",
        f"method  : {repeats} samples of >= {min_time * 1e3:g} ms; ratio = arrpy / NumPy time;",
        f"          judged at arrpy's default thread count ({threads})",
    )
    report = Report(sym)
    for name in args.targets.split(","):
        stmt, goal = TARGETS[name]
        m = measure(stmt, threads, repeats, min_time)
        np_t = m["numpy"].median
        times = f"numpy {format_time(np_t, sym)}"
        for label in m:
            if label != "numpy":
                times += f", {label} {format_time(m[label].median, sym)}"
        goals = [("c", goal)] + ([("cython", CYTHON_GOALS[name])] if name in CYTHON_GOALS else [])
        for backend, backend_goal in goals:
            ratio = m[f"{backend}-{threads}"].median / np_t
            one = m[f"{backend}-1"].median / np_t
            report.add(
                f"{name} {backend}-{threads}",
                ratio,
                f"<= {backend_goal}",
                ratio <= backend_goal,
                f"1 thread {one:.2f}; {times}",
            )
    return report.finish(args.strict)


if __name__ == "__main__":
    sys.exit(main())
