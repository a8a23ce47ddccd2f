"""The C++ unary kernels' self-test (``selftest_unary.cpp``), built from the source tree and run
on both SIMD paths: special values of every op, integer edge cases, the SIMD flavour against the
scalar one, N-d layouts and threaded runs. (Kept apart from test_cpp_kernels.py, which builds the
binary self-test, so the two can evolve independently; run_selftest.sh runs both, with sanitizers.)
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
SOURCES = ["selftest_unary.cpp", "unary_dispatch.cpp", "unary_baseline.cpp", "thread_pool.cpp"]

pytestmark = pytest.mark.skipif("c" not in BACKENDS, reason="the c backend is not under test")


@pytest.fixture(scope="module")
def selftest_unary_binary(tmp_path_factory):
    out = tmp_path_factory.mktemp("cpp_selftest_unary")
    objects = []
    if platform.machine() in ("x86_64", "AMD64"):
        for src in ("unary_avx2.cpp", "simd_math_avx2.cpp"):
            obj = out / (src[:-4] + ".o")
            build = subprocess.run(["g++", *FLAGS, "-mavx2", "-mfma", "-c", str(KERNELS / src),
                                    "-o", str(obj)], capture_output=True, text=True)
            assert build.returncode == 0, build.stderr[-3000:]
            objects.append(str(obj))
    binary = out / "selftest_unary"
    build = subprocess.run(["g++", *FLAGS, *(str(KERNELS / s) for s in SOURCES), *objects,
                            "-pthread", "-o", str(binary)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    return binary


@pytest.mark.parametrize("simd", ["auto", "scalar"])
def test_cpp_unary_selftest(selftest_unary_binary, simd):
    env = dict(os.environ)
    env.pop("ARRPY_SIMD", None)
    if simd == "scalar":
        env["ARRPY_SIMD"] = "scalar"
    result = subprocess.run([str(selftest_unary_binary)], capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert " 0 failed" in result.stdout, result.stdout[-3000:]
