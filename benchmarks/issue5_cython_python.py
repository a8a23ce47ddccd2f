"""Issue 5: the cython and python matmul kernels against NumPy (OpenBLAS).

    python benchmarks/issue5_cython_python.py [--size 500] [--repeat 15] [--threads 1,2]

For every thread count, a fresh subprocess with OPENBLAS_NUM_THREADS and ARRPY_NUM_THREADS set
(threadpoolctl is not a dependency) times a float64 and a float32 ``size x size`` product with
NumPy, with the cython kernel (both builds: AVX2+FMA where the CPU has it, and the baseline
target) and with ``arrpy.matmul`` on the cython backend (the front end included). Then the python
backend's 100 x 100 float64 product. Wall-clock times are min and median of ``--repeat`` runs
(on a shared machine the min is the better estimate of the code's speed); "cpu" is the rate per
second of process CPU time (min), which on one thread is not disturbed by other processes taking
the core, and on two threads measures the work done, not the speed.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def _times(fn, repeat, clock=time.perf_counter):
    fn()  # warm up: page in the buffers, start the threads
    samples = []
    for _ in range(repeat):
        start = clock()
        fn()
        samples.append(clock() - start)
    samples.sort()
    return samples[0], samples[len(samples) // 2]


def _child(size, repeat):
    import numpy as np

    import arrpy
    from arrpy import _registry
    from arrpy.backends.cython import _kernels

    rows = []
    rng = np.random.default_rng(0)
    for dtype in ("float64", "float32"):
        a = rng.standard_normal((size, size)).astype(dtype)
        b = rng.standard_normal((size, size)).astype(dtype)
        out = np.empty((size, size), dtype=dtype)
        flops = 2.0 * size**3
        kernel = _registry.lookup("matmul", dtype, "cython")
        cases = [("numpy", lambda a=a, b=b, out=out: np.matmul(a, b, out=out))]
        for target in _kernels.matmul_targets()[::-1]:

            def run(a=a, b=b, out=out, target=target, kernel=kernel):
                _kernels.set_matmul_target(target)
                kernel(a, b, out)

            cases.append((f"cython kernel ({target})", run))
        x, y = arrpy.asarray(a), arrpy.asarray(b)

        def front_end(x=x, y=y):
            _kernels.set_matmul_target()  # the default: the fastest build
            arrpy.matmul(x, y)

        cases.append(("arrpy.matmul (cython)", front_end))
        with arrpy.backend("cython"):
            for name, fn in cases:
                best, median = _times(fn, repeat)
                # CPU time: the time the process ran, not the time other processes took the
                # core away (on one thread, the steadier measure on a shared machine)
                cpu, _ = _times(fn, repeat, time.process_time)
                rows.append(
                    (dtype, name, flops / best / 1e9, flops / median / 1e9, flops / cpu / 1e9)
                )
    print(json.dumps(rows))


def _python_backend(repeat):
    import numpy as np

    from arrpy import _registry

    rng = np.random.default_rng(0)
    a = rng.standard_normal((100, 100))
    b = rng.standard_normal((100, 100))
    out = np.empty((100, 100))
    kernel = _registry.lookup("matmul", "float64", "python")
    return _times(lambda: kernel(a, b, out), repeat)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.size, args.repeat)
        return
    print(
        f"{args.size} x {args.size} @ {args.size} x {args.size}: GFLOP/s (from the min time, "
        f"from the median time) over {args.repeat} runs"
    )
    for threads in args.threads.split(","):
        env = dict(
            os.environ,
            OPENBLAS_NUM_THREADS=threads,
            ARRPY_NUM_THREADS=threads,
            OMP_NUM_THREADS=threads,
        )
        command = [
            sys.executable,
            __file__,
            "--child",
            "--size",
            str(args.size),
            "--repeat",
            str(args.repeat),
        ]
        rows = json.loads(
            subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        )
        numpy_best = {dtype: best for dtype, name, best, _, _ in rows if name == "numpy"}
        numpy_cpu = {dtype: cpu for dtype, name, _, _, cpu in rows if name == "numpy"}
        print(f"\n{threads} thread(s): wall clock min, median; ratio of the mins; per CPU second")
        for dtype, name, best, median, cpu in rows:
            print(
                f"  {dtype:8} {name:28} {best:6.1f} {median:6.1f} {best / numpy_best[dtype]:5.2f}x"
                f" NumPy   cpu {cpu:6.1f} {cpu / numpy_cpu[dtype]:5.2f}x NumPy"
            )
    best, median = _python_backend(max(1, args.repeat // 5))
    print(
        f"\npython backend, float64 100 x 100 @ 100 x 100: {best:.3f} s (min), "
        f"{median:.3f} s (median)"
    )


if __name__ == "__main__":
    main()
