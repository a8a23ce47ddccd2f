"""Measure the matrix-product issue's (issue 5) performance targets and print PASS / MISS.

    /work/venv/bin/python benchmarks/issue5_targets.py [--repeats N] [--quick] [--strict]

Square A @ B. Targets for the ``c`` backend: float64 and float32 1000 x 1000 at >= 0.9x NumPy's
(OpenBLAS') GFLOP/s with one thread and with two threads (NumPy given the same count); 100 x 100
float64 and float32 in <= 1.3x NumPy's time. Reported without a goal: cython at 500 x 500 and
python at 100 x 100, when those backends have a matmul kernel.

Thread counts: NumPy's OpenBLAS reads OPENBLAS_NUM_THREADS when it loads, so each thread count
is measured in a child process started with OPENBLAS_NUM_THREADS=T and ARRPY_NUM_THREADS=T (or,
when threadpoolctl is importable, in this process through it). Within one process NumPy and
arrpy samples are interleaved (``arrpy.bench.timing``), so the noise of a shared machine falls
on both alike; the figures are the best and the median sample. GFLOP/s = 2 m n k / time.

What is timed for arrpy: ``arrpy.matmul(a, b)`` when the front end has it, else the registry's
kernel (``_registry.lookup("matmul", dtype, backend)(a, b, out)`` on NumPy arrays, with the
output allocated in the statement as NumPy does).

Exit code 0, or with ``--strict`` 1 when a target is missed.
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np
from _report import (  # benchmarks/_report.py (this directory is on sys.path)
    Report,
    print_header,
    sampling,
    sampling_arguments,
)

import arrpy
from arrpy import _registry
from arrpy.bench.timing import (
    Candidate,
    Symbols,
    format_time,
    measure_interleaved,
)

# (label, backend, side, dtype, threads, goal kind, goal); goal kind "gflops": arrpy GFLOP/s >=
# goal x NumPy's; "time": arrpy time <= goal x NumPy's; None: reported only.
CASES = [
    ("float64 1000 c", "c", 1000, "float64", "gflops", 0.9),
    ("float32 1000 c", "c", 1000, "float32", "gflops", 0.9),
    ("float64 100 c", "c", 100, "float64", "time", 1.3),
    ("float32 100 c", "c", 100, "float32", "time", 1.3),
    ("float64 500 cython", "cython", 500, "float64", None, None),
    ("float64 100 python", "python", 100, "float64", None, None),
]


def _has_kernel(backend, dtype):
    try:
        _registry.lookup("matmul", dtype, backend)
    except (ImportError, NotImplementedError):
        return False
    return True


def _statement(backend, dtype, a, b):
    """(statement, namespace) computing a @ b with arrpy's ``backend``."""
    if hasattr(arrpy, "matmul"):
        ns = {"xp": arrpy, "a": arrpy.asarray(a), "b": arrpy.asarray(b)}
        return "xp.matmul(a, b)", ns
    kernel = _registry.lookup("matmul", dtype, backend)
    ns = {"kernel": kernel, "np": np, "a": a, "b": b, "shape": (a.shape[0], b.shape[1])}
    ns["dtype"] = a.dtype
    return "kernel(a, b, np.empty(shape, dtype))", ns


def _with_backend(backend):
    return lambda: arrpy.backend(backend)


def measure_here(threads, repeats, min_time, only=None):
    """{label: {"numpy": [...], "arrpy": [...]}} seconds per call, measured in this process."""
    out = {}
    rng = np.random.default_rng(5)
    for label, backend, side, dtype, _, _ in CASES:
        if only is not None and label not in only:
            continue
        if backend != "c" and threads != 1:
            continue
        if not _has_kernel(backend, dtype):
            out[label] = None
            continue
        a = rng.uniform(-1, 1, (side, side)).astype(dtype)
        b = rng.uniform(-1, 1, (side, side)).astype(dtype)
        stmt, ns = _statement(backend, dtype, a, b)
        with arrpy.backend(backend):
            got = np.asarray(eval(stmt, dict(ns)))
            if not hasattr(arrpy, "matmul"):
                got = np.empty((side, side), dtype)
                ns["kernel"](a, b, got)
        expected = a @ b
        tol = (side + 2) * np.finfo(dtype).eps * 2 * (np.abs(a) @ np.abs(b))
        if got.shape != expected.shape or not np.all(np.abs(got - expected) <= tol):
            sys.exit(f"issue5_targets: {backend} computes {label} wrong; not timing")
        budget = 3.0 if backend == "python" else None
        cands = [
            Candidate("numpy", "a @ b", {"a": a, "b": b}),
            Candidate("arrpy", stmt, ns, context=_with_backend(backend), budget=budget),
        ]
        m = measure_interleaved(cands, repeats, min_time)
        out[label] = {k: v.samples for k, v in m.items()}
    return out


def measure_threads(threads, repeats, min_time, only=None):
    """measure_here() with NumPy and arrpy both on ``threads`` threads."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None
    if threadpool_limits is not None:
        arrpy.set_num_threads(threads)
        with threadpool_limits(limits=threads, user_api="blas"):
            return measure_here(threads, repeats, min_time, only)
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), ARRPY_NUM_THREADS=str(threads))
    cmd = [
        sys.executable,
        __file__,
        "--child",
        str(threads),
        "--repeats",
        str(repeats),
        "--min-time",
        str(min_time * 1e3),
    ]
    if only:
        cmd += ["--only", ",".join(only)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"issue5_targets: child for {threads} thread(s) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sampling_arguments(parser, 15)
    parser.add_argument("--only", default=None, help="comma-separated case labels")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    repeats, min_time = sampling(args, 15, min_time_ms=20.0, quick_min_time_ms=5.0)
    only = args.only.split(",") if args.only else None
    if args.child is not None:
        print(json.dumps(measure_here(args.child, repeats, min_time, only)))
        return 0

    sym = Symbols()
    try:
        from arrpy.backends.cpp import matmul_simd_target

        gemm = [f"c GEMM  : {matmul_simd_target()} micro-kernels"]
    except ImportError:
        gemm = []
    print_header(
        "issue 5 targets: square A @ B, arrpy vs NumPy (OpenBLAS), interleaved samples",
        *gemm,
        f"method  : {repeats} samples of >= {min_time * 1e3:g} ms; best and median per call",
    )
    report = Report(sym)
    info = []
    for threads in (1, 2):
        results = measure_threads(threads, repeats, min_time, only)
        for label, backend, side, dtype, kind, goal in CASES:
            if label not in results:
                continue
            what = f"{label} {threads}t"
            if results[label] is None:
                print(f"{what}: no {backend} matmul kernel for {dtype}; skipped")
                continue
            flops = 2.0 * side**3
            np_s, ap_s = results[label]["numpy"], results[label]["arrpy"]
            np_best, ap_best = min(np_s), min(ap_s)
            np_med, ap_med = float(np.median(np_s)), float(np.median(ap_s))
            detail = (
                f"GFLOP/s best/median: numpy {flops / np_best * 1e-9:.1f}/"
                f"{flops / np_med * 1e-9:.1f}, {backend} {flops / ap_best * 1e-9:.1f}/"
                f"{flops / ap_med * 1e-9:.1f}; time median numpy {format_time(np_med, sym)}, "
                f"{backend} {format_time(ap_med, sym)}"
            )
            if kind == "gflops":
                ratio = np_med / ap_med
                report.add(f"{what} GFLOP/s vs numpy", ratio, f">= {goal}", ratio >= goal, detail)
            elif kind == "time":
                ratio = ap_med / np_med
                report.add(f"{what} time vs numpy", ratio, f"<= {goal}", ratio <= goal, detail)
            else:
                info.append(f"{what}: time {ap_med / np_med:.2f}x numpy's; {detail}")
    code = report.finish(args.strict)
    for line in info:
        print(line)
    return code


if __name__ == "__main__":
    sys.exit(main())
