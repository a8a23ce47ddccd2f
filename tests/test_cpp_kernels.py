"""The C++ kernels' own self-tests, built from the source tree and run on both SIMD paths.

* ``selftest.cpp``: every binary and comparison (op, dtype) of the C ABI against a scalar
  reference, on layouts the Python tests reach only indirectly (coalescing, odometer walks,
  SIMD tails, the thread pool's splitting, fork safety), status flags included.
* ``selftest_unary.cpp``: every unary op's special values against NumPy's answers, integer edge
  cases, the SIMD flavour against the scalar one bit for bit, layouts, threaded runs.
* ``selftest_reduce.cpp``: every reduction (op, in, out) triple against a sequential reference
  (NumPy's rules) on special values, through contiguous / axis-0 / strided / reversed / 3-d
  layouts, n == 0 and SIMD tails, with one and two threads (outer split and k split).
* ``selftest_svd.cpp``: the SVD (linalg_nd ARRPY_SVD) on random, rank-deficient and zero
  matrices, both dtypes, m >= n and m < n, reduced and full factors, batches: reconstruction,
  orthonormality, sorted values, values-only agreement, nan input terminating with info > 0.
* ``selftest_qr.cpp``: Householder QR and its Q (A == Q R, Q^H Q == I, R's real diagonal, zero
  and nan matrices), tall / wide / square shapes around the blocking threshold, batches.
* ``selftest_eigh.cpp`` / ``selftest_eig.cpp``: the Hermitian and the general eigen-decomposition
  (A V = V diag(w), orthonormal / unit vectors, both dtypes, structured and random matrices, one
  and two threads).
* ``selftest_matmul.cpp``: the matrix product of every dtype against a long double / exact
  reference over 0 / 1 dims, edge tiles, transposed / strided / reversed operands, batches with
  a broadcast operand, nan / inf, integer wrap, one and two threads.
* ``simd_math_test.cpp``: the vectorised exp/log/sin/cos/tanh against glibc (tanh: against
  tanhl, glibc's tanh being ~2 ulp off) over millions of inputs (whole exponent range,
  thresholds, subnormals, specials; at most 2 ulp), and a guard-page check that nothing is
  read or written past the end. (``run_selftest.sh`` runs the first two
  under ASan/UBSan and TSan as well.)

A machine that can build arrpy has g++, so a missing compiler fails.
"""

import os
import pathlib
import platform
import subprocess

import pytest
from conftest import BACKENDS

KERNELS = pathlib.Path(__file__).resolve().parent.parent / "src/arrpy/backends/cpp/kernels"
FLAGS = ["-O2", "-ffp-contract=off", "-std=c++17", "-Wall", "-Wextra", "-Werror",
         f"-I{KERNELS.parent.parent}", f"-I{KERNELS}"]
X86 = platform.machine() in ("x86_64", "AMD64")
# name -> (portable sources, sources compiled with -mavx2 -mfma on x86-64, arguments)
SELFTESTS = {
    "selftest": (["selftest.cpp", "elementwise_dispatch.cpp", "elementwise_baseline.cpp",
                  "thread_pool.cpp"], ["elementwise_avx2.cpp"], []),
    "selftest_unary": (["selftest_unary.cpp", "unary_dispatch.cpp", "unary_baseline.cpp",
                        "thread_pool.cpp"],
                       ["unary_avx2.cpp", "simd_math_avx2.cpp", "simd_math_avx512.cpp"], []),
    "selftest_reduce": (["selftest_reduce.cpp", "reduce_dispatch.cpp", "reduce_baseline.cpp",
                         "thread_pool.cpp"], ["reduce_avx2.cpp"], []),
    # factorizations (linalg_nd)
    "selftest_factor": (["selftest_factor.cpp", "factor_dispatch.cpp", "factor_baseline.cpp",
                         "thread_pool.cpp"], ["factor_avx2.cpp"], []),
    # the SVD kernel (linalg_nd ARRPY_SVD): same sources as selftest_factor
    "selftest_svd": (["selftest_svd.cpp", "factor_dispatch.cpp", "factor_baseline.cpp",
                      "thread_pool.cpp"], ["factor_avx2.cpp"], []),
    # Householder QR (linalg_nd ARRPY_QR, ARRPY_QR_Q)
    "selftest_qr": (["selftest_qr.cpp", "factor_dispatch.cpp", "factor_baseline.cpp",
                     "thread_pool.cpp"], ["factor_avx2.cpp"], []),
    "selftest_eig": (["selftest_eig.cpp", "factor_dispatch.cpp", "factor_baseline.cpp",
                      "thread_pool.cpp"], ["factor_avx2.cpp"], []),
    "selftest_eigh": (["selftest_eigh.cpp", "factor_dispatch.cpp", "factor_baseline.cpp",
                       "thread_pool.cpp"], ["factor_avx2.cpp"], []),
    # matrix products (gemm)
    "selftest_matmul": (["selftest_matmul.cpp", "matmul_dispatch.cpp", "matmul_baseline.cpp",
                         "thread_pool.cpp"], ["matmul_avx2.cpp", "matmul_avx512.cpp"], []),
    # A tenth of the default sample counts (~0.5 M inputs per function): a few seconds.
    # (and simd_math_avx512.cpp's functions against the AVX2 ones, where the CPU has AVX-512F)
    "simd_math_test": ([], ["simd_math_test.cpp", "simd_math_avx2.cpp", "simd_math_avx512.cpp"],
                       ["0.1"]),
}

pytestmark = pytest.mark.skipif("c" not in BACKENDS, reason="the c backend is not under test")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build a self-test once per module; returns name -> executable."""
    out = tmp_path_factory.mktemp("cpp_selftests")
    executables = {}

    def build(name):
        if name in executables:
            return executables[name]
        portable, avx2, _ = SELFTESTS[name]
        objects = []
        for source in avx2 if X86 else []:
            obj = out / f"{name}_{source[:-4]}.o"
            # (*_avx512.cpp: the GEMM's micro-kernels and some exp/log/sin/cos loops, used where
            # the CPU has them)
            extra = ["-mavx512f"] if source.endswith("_avx512.cpp") else []
            step = subprocess.run(["g++", *FLAGS, "-mavx2", "-mfma", *extra, "-c",
                                   str(KERNELS / source), "-o", str(obj)],
                                  capture_output=True, text=True)
            assert step.returncode == 0, step.stderr[-3000:]
            objects.append(str(obj))
        executable = out / name
        step = subprocess.run(["g++", *FLAGS, *(str(KERNELS / s) for s in portable), *objects,
                               "-pthread", "-o", str(executable)], capture_output=True, text=True)
        assert step.returncode == 0, step.stderr[-3000:]
        executables[name] = executable
        return executable

    return build


@pytest.mark.parametrize("simd", ["auto", "scalar"])
@pytest.mark.parametrize(
    "name",
    ["selftest", "selftest_unary", "selftest_reduce", "selftest_factor", "selftest_qr",
     "selftest_eigh", "selftest_eig", "selftest_svd", "selftest_matmul"],
)
def test_cpp_kernel_selftest(built, name, simd):
    env = dict(os.environ)
    env.pop("ARRPY_SIMD", None)
    if simd == "scalar":
        env["ARRPY_SIMD"] = "scalar"
    result = subprocess.run([str(built(name)), *SELFTESTS[name][2]], capture_output=True,
                            text=True, env=env, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert " 0 failed" in result.stdout, result.stdout[-3000:]


# On a CPU with AVX-512 "auto" runs the AVX-512 GEMM micro-kernels and exp / log / sin / cos
# loops; this runs the AVX2 ones (the same selftests, ARRPY_SIMD=avx2).
@pytest.mark.skipif(not X86, reason="the AVX2 kernels are x86-64 only")
@pytest.mark.parametrize("name", ["selftest_matmul", "selftest_unary"])
def test_cpp_selftest_avx2(built, name):
    env = dict(os.environ, ARRPY_SIMD="avx2")
    result = subprocess.run([str(built(name))], capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert " 0 failed" in result.stdout, result.stdout[-3000:]


@pytest.mark.skipif(not X86, reason="the vectorised math functions are the AVX2 path")
def test_simd_math_accuracy(built):
    result = subprocess.run([str(built("simd_math_test")), *SELFTESTS["simd_math_test"][2]],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
