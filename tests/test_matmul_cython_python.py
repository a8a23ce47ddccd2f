"""The python and cython matmul kernels beyond the shared kernel tests (test_matmul_kernels.py).

* python: the specification computes what a loop in the dtype gives, so it is compared exactly
  with the same loop written with NumPy's elementwise operations (one p step at a time).
* cython: both builds of the kernel (the baseline target and, where the CPU has them, AVX2 and
  FMA) against NumPy, on sizes that cross every cache block (KC, MC, NC) and the micro-tile edges,
  with any strides and batch broadcasting; and the thread count changes no bit of the result.
"""

import numpy as np
import pytest
from conftest import BACKENDS, DTYPES
from hypothesis import given, settings
from hypothesis import strategies as st
from test_matmul_kernels import check, values

from arrpy import _registry

# --- python: the textbook loop, exactly -------------------------------------------------------


def _textbook(a, b):
    """sum over p of A[:, p] (x) B[p, :], rounded to the dtype after every multiply and add, in
    order of p (complex: the real formula per component)."""
    dtype = a.dtype
    total = np.zeros((a.shape[0], b.shape[1]), dtype=dtype)
    with np.errstate(all="ignore"):
        for p in range(a.shape[1]):
            x, y = a[:, p, None], b[None, p, :]
            if dtype.kind == "c":
                real = (x.real * y.real - x.imag * y.imag).astype(dtype.type(0).real.dtype)
                imag = (x.real * y.imag + x.imag * y.real).astype(real.dtype)
                total = (total.real + real) + 1j * (total.imag + imag)
                total = total.astype(dtype)
            else:
                total = total + x * y
    return total


@pytest.mark.skipif("python" not in BACKENDS, reason="the python backend is not under test")
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
def test_python_matmul_is_the_loop_in_the_dtype(dtype):
    rng = np.random.default_rng(10)
    kernel = _registry.lookup("matmul", dtype, "python")
    for m, k, n in ((1, 1, 1), (3, 7, 2), (5, 11, 4)):
        a = values(dtype, (m, k), rng)
        b = values(dtype, (k, n), rng)
        out = np.empty((m, n), dtype=dtype)
        assert kernel(a, b, out) == 0
        want = _textbook(a, b)
        assert out.dtype == want.dtype
        np.testing.assert_array_equal(out, want)


@pytest.mark.skipif("python" not in BACKENDS, reason="the python backend is not under test")
def test_python_matmul_wraps_and_broadcasts():
    kernel = _registry.lookup("matmul", "uint8", "python")
    a = np.full((1, 2, 3), 200, dtype=np.uint8)
    b = np.arange(2 * 3 * 2, dtype=np.uint8).reshape(2, 3, 2)[:, ::-1, :]
    out = np.empty((2, 2, 2), dtype=np.uint8)
    kernel(a, b, out)
    np.testing.assert_array_equal(out, np.matmul(a, b))
    kernel = _registry.lookup("matmul", "int64", "python")
    big = np.array([[2**62, 2**62]], dtype=np.int64)
    out = np.empty((1, 1), dtype=np.int64)
    kernel(big, np.array([[2], [2]], dtype=np.int64), out)
    assert out[0, 0] == 0  # 2**64 wraps to 0


# --- cython: both builds ----------------------------------------------------------------------


def _cython_kernels():
    from arrpy.backends.cython import _kernels

    return _kernels


@pytest.fixture(params=["baseline", "avx2"])
def cython_target(request):
    """Every build of the cython matmul kernel this CPU runs, in turn (skipped: one the CPU has
    no instructions for, which is not this backend's choice)."""
    if "cython" not in BACKENDS:
        pytest.skip("the cython backend is not under test")
    kernels = _cython_kernels()
    if request.param not in kernels.matmul_targets():
        pytest.skip(f"this CPU cannot run the {request.param} build")
    previous = kernels.set_matmul_target(request.param)
    yield request.param
    kernels.set_matmul_target(previous)


# Sizes across the cache blocks (KC = 256 real / 128 complex, MC <= 96, NC = 512) and the
# micro-tile edges (MR = 6 or 3, NR = 4 .. 64).
_BLOCK_SIZES = [(97, 257, 13), (7, 129, 515), (193, 20, 65), (1, 300, 1)]


@pytest.mark.parametrize("dtype", DTYPES)
def test_cython_builds_match_numpy_across_blocks(cython_target, dtype):
    rng = np.random.default_rng(11)
    for m, k, n in _BLOCK_SIZES:
        check("cython", values(dtype, (m, k), rng), values(dtype, (k, n), rng))


@pytest.mark.parametrize("dtype", ["int16", "float32", "float64", "complex64", "complex128"])
def test_cython_builds_any_layout_and_batch(cython_target, dtype):
    rng = np.random.default_rng(12)
    a = values(dtype, (3, 1, 70, 40), rng).swapaxes(-1, -2)[..., ::-1, :]  # column-major, reversed
    b = values(dtype, (1, 2, 70, 130), rng)[..., ::-2]  # every other column, reversed
    out = np.empty((3, 2, 65, 40), dtype=dtype).swapaxes(-1, -2)  # a column-major result
    check("cython", a, b, out)


@pytest.mark.parametrize("dtype", ["uint32", "float32", "float64", "complex128"])
def test_cython_thread_count_changes_no_bit(cython_target, dtype):
    """The row blocks (one large product) or the batch ranges (many small ones) that the threads
    share differ with the thread count; the order of every sum does not."""
    kernels = _cython_kernels()
    rng = np.random.default_rng(13)
    cases = [
        (values(dtype, (200, 300), rng), values(dtype, (300, 90), rng)),
        (values(dtype, (100, 30, 40), rng), values(dtype, (100, 40, 30), rng)),
    ]
    previous = kernels.get_num_threads()
    try:
        for a, b in cases:
            results = []
            for threads in (1, 2, 3):
                kernels.set_num_threads(threads)
                results.append(check("cython", a, b))
            np.testing.assert_array_equal(results[0], results[1])
            np.testing.assert_array_equal(results[0], results[2])
    finally:
        kernels.set_num_threads(previous)


def test_cython_matmul_target_must_exist():
    if "cython" not in BACKENDS:
        pytest.skip("the cython backend is not under test")
    kernels = _cython_kernels()
    assert kernels.get_matmul_target() == kernels.matmul_targets()[-1]  # the fastest by default
    with pytest.raises(ValueError, match="set_matmul_target: 'sse9'"):
        kernels.set_matmul_target("sse9")


@st.composite
def _products(draw):
    dtype = draw(st.sampled_from(DTYPES))
    m, n = draw(st.integers(0, 20)), draw(st.integers(0, 20))
    k = draw(st.sampled_from([0, 1, 5, 127, 128, 129, 255, 256, 257]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    a = values(dtype, (m, k), rng)
    b = values(dtype, (k, n), rng)
    if draw(st.booleans()):
        a = np.asfortranarray(a)
    if draw(st.booleans()) and n > 1:
        b = b[:, ::-1]
    return a, b


@pytest.mark.skipif("cython" not in BACKENDS, reason="the cython backend is not under test")
@settings(max_examples=25, deadline=None)
@given(case=_products())
def test_cython_baseline_property(case):
    """The baseline build (the default on CPUs without AVX2) across the KC block edges."""
    kernels = _cython_kernels()
    previous = kernels.set_matmul_target("baseline")
    try:
        check("cython", *case)
    finally:
        kernels.set_matmul_target(previous)
