"""Householder QR kernels (linalg_nd ARRPY_QR + ARRPY_QR_Q) against NumPy's LAPACK, by size.

    /work/venv/bin/python benchmarks/qr_speed.py [--sizes 200 500] [--repeats 7]
        [--backends c cython] [--dtypes float64 complex128]

Timed per square n x n matrix (fresh copies made in the timed statement, as NumPy copies too):
  * "r":       the QR kernel alone (geqrf)       vs np.linalg.qr(a, mode="r")
  * "reduced": QR then QR_Q with ucols = n       vs np.linalg.qr(a)  (geqrf + orgqr)
The samples of arrpy and NumPy are interleaved (a shared machine's noise falls on both); the
median of the repeats and the ratios arrpy / NumPy of the medians and of the best samples are
printed (> 1: arrpy slower). No goal. On a loaded machine compare one thread with one thread:
OPENBLAS_NUM_THREADS=1 ARRPY_NUM_THREADS=1, and --clock thread (CPU time of this thread, robust
to other processes; only meaningful with one thread on both sides).
"""

import argparse
import statistics
import time
from functools import partial

import numpy as np

from arrpy import _registry


def _qr_r(kernel, a):
    work = a.copy()
    tau = np.empty((1, min(a.shape[1:])), dtype=a.dtype)
    kernel(work, tau=tau)
    return work


def _qr_reduced(kernels, a):
    qr, qr_q = kernels
    _, m, n = a.shape
    work = a.copy()
    tau = np.empty((1, min(m, n)), dtype=a.dtype)
    qr(work, tau=tau)
    u = np.empty((1, m, min(m, n)), dtype=a.dtype)
    qr_q(work, tau=tau, u=u)
    return u


_CLOCKS = {"wall": time.perf_counter, "thread": time.thread_time}


def _time(fn, clock):
    start = clock()
    fn()
    return clock() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 500])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--backends", nargs="+", default=["c", "cython"])
    parser.add_argument("--dtypes", nargs="+", default=["float64", "complex128"])
    parser.add_argument("--clock", choices=sorted(_CLOCKS), default="wall")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    clock = _CLOCKS[args.clock]
    print(f"{'case':34} {'arrpy':>10} {'numpy':>10} {'ratio':>7} {'best':>6}")
    for dtype in args.dtypes:
        for n in args.sizes:
            a = rng.standard_normal((1, n, n))
            if dtype == "complex128":
                a = a + 1j * rng.standard_normal((1, n, n))
            a = np.ascontiguousarray(a.astype(dtype))
            for backend in args.backends:
                qr = _registry.lookup("qr", dtype, backend)
                qr_q = _registry.lookup("qr_q", dtype, backend)
                cases = (
                    ("r", partial(_qr_r, qr, a), partial(np.linalg.qr, a[0], mode="r")),
                    ("reduced", partial(_qr_reduced, (qr, qr_q), a), partial(np.linalg.qr, a[0])),
                )
                for label, ours, theirs in cases:
                    ours(), theirs()  # warm up
                    mine, numpy_ = [], []
                    for _ in range(args.repeats):
                        mine.append(_time(ours, clock))
                        numpy_.append(_time(theirs, clock))
                    t_mine, t_np = statistics.median(mine), statistics.median(numpy_)
                    case = f"{backend} {dtype} {n}x{n} {label}"
                    best = min(mine) / min(numpy_)
                    print(
                        f"{case:34} {t_mine * 1e3:8.2f}ms {t_np * 1e3:8.2f}ms {t_mine / t_np:7.2f}"
                        f" {best:6.2f}"
                    )


if __name__ == "__main__":
    main()
