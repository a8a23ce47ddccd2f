"""Speed of the eigh kernels (abi.h ARRPY_EIGH) against NumPy's eigh / eigvalsh.

Usage: python benchmarks/eigh_speed.py [n ...] [--backends c,cython] [--repeat R]
Set OPENBLAS_NUM_THREADS=1 (and ARRPY_NUM_THREADS=1) for a single-thread comparison. Prints the
median time of each kernel, values + vectors and values only, and its ratio to NumPy's.
"""

import argparse
import time

import numpy as np

from arrpy import _registry


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def kernel_call(backend, a, vectors):
    k = _registry.lookup("eigh", a.dtype.name, backend)
    n = a.shape[-1]

    def call():
        work = a.copy()
        info = np.empty(1, dtype=np.int64)
        w = np.empty((1, n))
        u = np.empty_like(work) if vectors else None
        k(work, info=info, w=w, u=u)

    return call


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 500])
    parser.add_argument("--backends", default="c,cython")
    parser.add_argument("--dtypes", default="float64,complex128")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    for dtype in args.dtypes.split(","):
        for n in args.sizes:
            a = rng.standard_normal((n, n))
            if dtype == "complex128":
                a = a + 1j * rng.standard_normal((n, n))
            a = np.ascontiguousarray((a + a.conj().T)[None])
            for vectors, name, ref in (
                (True, "eigh", np.linalg.eigh),
                (False, "eigvalsh", np.linalg.eigvalsh),
            ):
                base = median_time(lambda ref=ref, a=a: ref(a[0]), args.repeat)
                line = f"{dtype:10} n={n:4} {name:8} numpy {base * 1e3:8.2f} ms"
                for backend in args.backends.split(","):
                    t = median_time(kernel_call(backend, a, vectors), args.repeat)
                    line += f" | {backend} {t * 1e3:8.2f} ms ({t / base:5.2f}x)"
                print(line, flush=True)


if __name__ == "__main__":
    main()
