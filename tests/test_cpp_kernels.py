"""The C++ kernels' own self-test, built from the source tree and run on both SIMD paths.

``selftest.cpp`` checks every (op, dtype) of the C ABI against a scalar reference on layouts the
Python tests reach only indirectly (coalescing, odometer walks, SIMD tails, the thread pool's
splitting, fork safety). A machine that can build arrpy has g++, so a missing compiler fails.
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
SOURCES = ["selftest.cpp", "elementwise_dispatch.cpp", "elementwise_baseline.cpp",
           "thread_pool.cpp"]

pytestmark = pytest.mark.skipif("c" not in BACKENDS, reason="the c backend is not under test")


@pytest.fixture(scope="module")
def selftest_binary(tmp_path_factory):
    out = tmp_path_factory.mktemp("cpp_selftest")
    objects = []
    if platform.machine() in ("x86_64", "AMD64"):
        avx2 = out / "elementwise_avx2.o"
        subprocess.run(["g++", *FLAGS, "-mavx2", "-mfma", "-c",
                        str(KERNELS / "elementwise_avx2.cpp"), "-o", str(avx2)],
                       check=True, capture_output=True, text=True)
        objects.append(str(avx2))
    binary = out / "selftest"
    build = subprocess.run(["g++", *FLAGS, *(str(KERNELS / s) for s in SOURCES), *objects,
                            "-pthread", "-o", str(binary)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    return binary


@pytest.mark.parametrize("simd", ["auto", "scalar"])
def test_cpp_kernel_selftest(selftest_binary, simd):
    env = dict(os.environ)
    env.pop("ARRPY_SIMD", None)
    if simd == "scalar":
        env["ARRPY_SIMD"] = "scalar"
    result = subprocess.run([str(selftest_binary)], capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert " 0 failed" in result.stdout, result.stdout[-3000:]
