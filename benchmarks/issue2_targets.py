"""Measure the core issue's (issue 2) performance targets and print PASS / MISS for each.

    /work/venv/bin/python benchmarks/issue2_targets.py [--repeats N] [--quick] [--strict]

All timings are medians of samples taken in interleaved rounds (arrpy backends and NumPy one
after the other, rotating order), with the machinery of ``python -m arrpy bench``
(``arrpy.bench.timing``). Ratios are arrpy time / NumPy time: below 1, arrpy is faster. Peak
memory is measured with ``tracemalloc``, which NumPy reports its data allocations to.

Exit code 0, or with ``--strict`` 1 when a target is missed.
"""

import argparse
import gc
import sys
import tracemalloc

import numpy as np
from _report import Report  # benchmarks/_report.py (this directory is on sys.path)

import arrpy
from arrpy.bench.timing import (
    Candidate,
    Symbols,
    format_machine_info,
    format_time,
    machine_info,
    measure_interleaved,
)


def operands(n, seed=2):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.5, 1.5, n)
    b = rng.uniform(0.5, 1.5, n)
    return a, b


def check(n, backends):
    """Abort unless every backend's ``a + b`` equals NumPy's."""
    a, b = operands(min(n, 100_000))
    expected = a + b
    for name in backends:
        with arrpy.backend(name):
            got = arrpy.array(a) + arrpy.array(b)
        if not (
            isinstance(got, arrpy.ArrPy)
            and got.dtype == arrpy.float64
            and np.allclose(got.data, expected)
        ):
            sys.exit(f"issue2_targets: backend {name!r} computes a + b wrong; not timing it")


def time_add(n, backends, repeats, min_time, python_budget=3.0):
    """``{label: Measurement}`` for NumPy's and each backend's ``a + b`` on ``n`` float64."""
    a, b = operands(n)
    np_ns = {"a": a, "b": b}
    ap_ns = {"a": arrpy.array(a), "b": arrpy.array(b)}
    candidates = [Candidate("numpy", "a + b", np_ns)]
    for name in backends:
        candidates.append(
            Candidate(
                name,
                "a + b",
                ap_ns,
                context=lambda n=name: arrpy.backend(n),
                budget=python_budget if name == "python" else None,
            )
        )
    return measure_interleaved(candidates, repeats, min_time)


def peak_memory(fn, rounds=3):
    """Peak bytes traced by ``tracemalloc`` while ``fn()`` runs (median of ``rounds``)."""
    fn()  # warm-up outside the trace
    peaks = []
    for _ in range(rounds):
        gc.collect()
        tracemalloc.start()
        try:
            before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            result = fn()
            _, peak = tracemalloc.get_traced_memory()
            del result
        finally:
            tracemalloc.stop()
        peaks.append(peak - before)
    return sorted(peaks)[len(peaks) // 2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="samples per measurement (default 31; 7 with --quick)",
    )
    parser.add_argument(
        "--min-time",
        type=float,
        default=None,
        metavar="MS",
        help="minimum duration of one sample in ms (default 2; 0.5 with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer, shorter samples")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    repeats = args.repeats or (7 if args.quick else 31)
    min_time = (args.min_time or (0.5 if args.quick else 2.0)) / 1e3

    sym = Symbols()
    t = lambda s: format_time(s, sym)  # noqa: E731
    print("issue 2 targets: float64 a + b, arrpy vs NumPy, medians of interleaved samples")
    for line in format_machine_info(machine_info()):
        print(line)
    print(
        f"method  : {repeats} samples of >= {min_time * 1e3:g} ms per measurement; "
        "ratio = arrpy time / NumPy time"
    )
    print()
    check(100_000, ("python", "cython", "c"))
    report = Report(sym)

    # 100,000 elements: c and cython vs NumPy; python backend absolute and c's speed-up over it.
    m = time_add(100_000, ("python", "cython", "c"), repeats, min_time)
    np_t, py_t, cy_t, c_t = (m[k].median for k in ("numpy", "python", "cython", "c"))
    report.add(
        "n=1e5: c / numpy", c_t / np_t, "<= 1.0", c_t / np_t <= 1.0, f"c {t(c_t)}, numpy {t(np_t)}"
    )
    report.add(
        "n=1e5: cython / numpy",
        cy_t / np_t,
        "<= 1.3",
        cy_t / np_t <= 1.3,
        f"cython {t(cy_t)}, numpy {t(np_t)}",
    )
    report.add(
        "n=1e5: python backend (ms)",
        py_t * 1e3,
        "<= 7 ms",
        py_t <= 7e-3,
        f"{len(m['python'].samples)} samples",
        fmt="{:.2f} ms",
    )
    report.add(
        "n=1e5: c speed-up over python",
        py_t / c_t,
        f">= 150{sym.times}",
        py_t / c_t >= 150,
        f"python {t(py_t)}, c {t(c_t)}",
        fmt="{:.0f}" + sym.times,
    )

    # 10 elements: per-call overhead.
    m = time_add(10, ("c",), repeats, min_time)
    np_t, c_t = m["numpy"].median, m["c"].median
    report.add(
        "n=10: c / numpy", c_t / np_t, "<= 2", c_t / np_t <= 2, f"c {t(c_t)}, numpy {t(np_t)}"
    )

    # 10^7 elements with 2 threads.
    saved = arrpy.get_num_threads()
    arrpy.set_num_threads(2)
    try:
        m = time_add(10_000_000, ("c",), max(5, repeats // 2), min_time)
    finally:
        arrpy.set_num_threads(saved)
    np_t, c_t = m["numpy"].median, m["c"].median
    report.add(
        "n=1e7, 2 threads: c / numpy",
        c_t / np_t,
        "<= 0.75",
        c_t / np_t <= 0.75,
        f"c {t(c_t)}, numpy {t(np_t)}",
    )

    # Peak memory of a + b on 10^7 float64.
    a, b = operands(10_000_000)
    ap_a, ap_b = arrpy.array(a), arrpy.array(b)

    def arrpy_add():
        with arrpy.backend("c"):
            return ap_a + ap_b

    np_peak = peak_memory(lambda: a + b)
    ap_peak = peak_memory(arrpy_add)
    ratio = ap_peak / np_peak
    report.add(
        "n=1e7: peak memory c / numpy",
        ratio,
        "<= 1.05",
        ratio <= 1.05,
        f"c {ap_peak / 2**20:.2f} MiB, numpy {np_peak / 2**20:.2f} MiB (tracemalloc)",
        fmt="{:.3f}",
    )

    report.print()
    print()
    missed = report.missed
    print(
        f"{len(report.rows) - len(missed)} of {len(report.rows)} targets met"
        + (f"; missed: {', '.join(r[0] for r in missed)}" if missed else "")
    )
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
