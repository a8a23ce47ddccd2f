"""Speed of the SVD kernel (abi.h ARRPY_SVD) against np.linalg.svd: prints time ratios.

    python benchmarks/svd_speed.py [--backends c,cython] [--repeat 7]

Calls the kernels through ``_registry.lookup`` (no front end needed); the kernel's inputs are
prepared outside the timed region except the working copy of A, which the kernel overwrites
(NumPy makes the same copy inside np.linalg.svd). Median of --repeat runs. Cases: square 200 and
500 with full U / Vt (np.linalg.svd's default full_matrices=True), values only, and 500 x 300.
NumPy's LAPACK (gesdd + OpenBLAS) runs with whatever threads it has: set OPENBLAS_NUM_THREADS=1
in the environment to compare with one thread (and ARRPY_NUM_THREADS for arrpy's pool).
The target of the issue: c at 200 x 200 (full) <= 4x NumPy.

--cpu times with time.thread_time (CPU time of this thread) instead of wall time: on a shared,
loaded machine this is the fairer comparison, valid only when both sides run on this thread
(OPENBLAS_NUM_THREADS=1; the SVD kernel itself does not use the thread pool).
"""

import argparse
import statistics
import time

import numpy as np

from arrpy import _registry

CLOCK = time.perf_counter


def _median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        start = CLOCK()
        fn()
        times.append(CLOCK() - start)
    return statistics.median(times)


def _kernel_call(backend, a, vectors, full):
    count, m, n = a.shape
    k = min(m, n)
    kernel = _registry.lookup("svd", a.dtype.name, backend)
    info = np.zeros(count, dtype=np.int64)
    w = np.zeros((count, k))
    if vectors:
        u = np.zeros((count, m, m if full else k), dtype=a.dtype)
        vt = np.zeros((count, n if full else k, n), dtype=a.dtype)

        def run():
            kernel(a.copy(), info=info, w=w, u=u, vt=vt)
    else:

        def run():
            kernel(a.copy(), info=info, w=w)

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="c,cython")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cpu", action="store_true", help="thread CPU time, not wall time")
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.thread_time
    rng = np.random.default_rng(0)
    cases = [
        ("200x200 full", (200, 200), True, True, "float64"),
        ("200x200 values", (200, 200), False, True, "float64"),
        ("200x200 reduced", (200, 200), True, False, "float64"),
        ("500x300 full", (500, 300), True, True, "float64"),
        ("500x300 values", (500, 300), False, True, "float64"),
        ("500x500 full", (500, 500), True, True, "float64"),
        ("200x200 complex full", (200, 200), True, True, "complex128"),
    ]
    print(
        f"{'case':24s} {'numpy ms':>9s} "
        + " ".join(f"{b + ' ms':>10s} {'ratio':>6s}" for b in args.backends.split(","))
    )
    for name, shape, vectors, full, dtype in cases:
        a = rng.standard_normal(shape)
        if dtype == "complex128":
            a = a + 1j * rng.standard_normal(shape)
        a = np.ascontiguousarray(a)
        reference = _median_time(
            lambda a=a, vectors=vectors, full=full: np.linalg.svd(
                a, full_matrices=full, compute_uv=vectors
            ),
            args.repeat,
        )
        cells = []
        for backend in args.backends.split(","):
            run = _kernel_call(backend, a[None], vectors, full)
            run()  # warm up (and build)
            t = _median_time(run, args.repeat)
            cells.append(f"{1e3 * t:10.2f} {t / reference:6.2f}")
        print(f"{name:24s} {1e3 * reference:9.2f} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
