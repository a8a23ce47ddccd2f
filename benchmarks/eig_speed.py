"""Speed of the general eigen-decomposition kernel (ARRPY_EIG) against NumPy's np.linalg.eig.

Runs the c and cython kernels through the registry (the front end is not needed) on random
float64 and complex128 matrices and prints the median times and the ratio to NumPy (kernel time
/ NumPy time; lower is better), with and without eigenvectors.

    OPENBLAS_NUM_THREADS=1 python benchmarks/eig_speed.py [n ...]   # default: 100 200

The kernel runs one matrix on one thread; OPENBLAS_NUM_THREADS=1 gives NumPy's LAPACK one
thread too (on a loaded machine its threads otherwise make NumPy erratically slow).
"""

import statistics
import sys
import time

import numpy as np

from arrpy import _registry


def _median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _kernel_call(backend, a, vectors):
    kernel = _registry.lookup("eig", a.dtype.name, backend)
    n = a.shape[-1]

    def run():
        work = a.copy()
        w = np.empty((1, n), dtype=np.complex128)
        u = np.empty((1, n, n), dtype=np.complex128) if vectors else None
        info = np.empty(1, dtype=np.int64)
        kernel(work, info=info, w=w, u=u)

    return run


def main(sizes):
    rng = np.random.default_rng(0)
    print(
        f"{'dtype':>10} {'n':>5} {'vectors':>8} {'numpy ms':>9} {'c ms':>8} {'c/np':>6} "
        f"{'cython ms':>10} {'cy/np':>6}"
    )
    for dtype in ("float64", "complex128"):
        for n in sizes:
            a = rng.standard_normal((1, n, n))
            if dtype == "complex128":
                a = a + 1j * rng.standard_normal((1, n, n))
            a = np.ascontiguousarray(a.astype(dtype))
            repeat = 7 if n <= 200 else 3
            for vectors in (True, False):
                reference = np.linalg.eig if vectors else np.linalg.eigvals
                t_np = _median_time(lambda f=reference, m=a[0]: f(m), repeat)
                t_c = _median_time(_kernel_call("c", a, vectors), repeat)
                t_cy = _median_time(_kernel_call("cython", a, vectors), repeat)
                print(
                    f"{dtype:>10} {n:>5} {vectors!s:>8} {t_np * 1e3:9.2f} {t_c * 1e3:8.2f} "
                    f"{t_c / t_np:6.2f} {t_cy * 1e3:10.2f} {t_cy / t_np:6.2f}"
                )


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [100, 200])
