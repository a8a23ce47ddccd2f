"""Every matmul kernel of every backend against NumPy, at the kernel level.

The contract is ``matmul_nd`` in ``backends/abi.h``: ``kernel(a, b, out)`` with ``a`` (..., m, k),
``b`` (..., k, n) and ``out`` (..., m, n) of one dtype, the batch axes of ``a`` and ``b`` equal to
``out``'s or 1. Integer and bool products must be exact (NumPy's loops wrap); floating products
must be within the dot-product error bound ``k * eps * (|A| @ |B|)`` of a float64 (or, for
float64, extended-precision) reference, and put nan and inf exactly where NumPy does.
"""

import numpy as np
import pytest
from conftest import BACKENDS, DTYPES
from hypothesis import given, settings
from hypothesis import strategies as st

from arrpy import _registry

# The python backend is the slow specification: it gets smaller products.
_SIZES = {
    "python": [(0, 0, 0), (1, 1, 1), (2, 3, 4), (5, 0, 3), (0, 4, 2), (3, 5, 0), (7, 9, 6)],
    "default": [
        (0, 0, 0),
        (1, 1, 1),
        (2, 3, 4),
        (5, 0, 3),
        (0, 4, 2),
        (3, 5, 0),
        (7, 9, 6),
        (1, 64, 33),  # row vector times matrix
        (33, 64, 1),  # matrix times column vector
        (1, 100, 1),  # dot product
        (13, 17, 19),  # every tile edge is partial
        (64, 72, 48),
    ],
}


def _sizes(backend):
    return _SIZES.get(backend, _SIZES["default"])


def values(dtype, shape, rng):
    """Random operands: full-range integers (products wrap), floats of mixed magnitude."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.random(shape) < 0.4
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        full = rng.integers(info.min, info.max, shape, dtype=dtype, endpoint=True)
        small = rng.integers(max(info.min, -5), 6, shape).astype(dtype)
        return np.where(rng.random(shape) < 0.5, small, full)
    real = rng.standard_normal(shape) * 10.0 ** rng.integers(-2, 3, shape)
    if dtype.kind == "c":
        real = real + 1j * rng.standard_normal(shape)
    return real.astype(dtype)


def reference(a, b):
    """NumPy's product, and for floats a bound on the rounding error of any summation order."""
    if a.dtype.kind not in "fc":
        with np.errstate(all="ignore"):
            return np.matmul(a, b), None
    wide = np.clongdouble if a.dtype.kind == "c" else np.longdouble
    exact = np.matmul(a.astype(wide), b.astype(wide))
    magnitude = np.matmul(np.abs(a).astype(np.float64), np.abs(b).astype(np.float64))
    k = a.shape[-1]
    eps = np.finfo(a.dtype).eps
    return exact, (2 * k + 4) * eps * magnitude + np.finfo(a.dtype).tiny


def check(backend, a, b, out=None):
    """Run the kernel on (a, b) and compare with NumPy: shape, dtype, then values."""
    kernel = _registry.lookup("matmul", a.dtype.name, backend)
    shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1])
    if out is None:
        out = np.full(shape, 7, dtype=a.dtype)  # garbage that k == 0 must overwrite
    assert kernel(a, b, out) == 0
    want, bound = reference(a, b)
    assert out.shape == want.shape
    assert out.dtype == a.dtype
    if bound is None:
        np.testing.assert_array_equal(out, want)
        return out
    error = np.abs(out.astype(want.dtype) - want)
    assert np.all(error <= bound), (
        f"{backend} matmul {a.dtype} {a.shape}@{b.shape}: max error {error.max()} "
        f"over a bound of {bound.max()}"
    )
    return out


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_matmul_matches_numpy_on_contiguous_operands(backend, dtype):
    rng = np.random.default_rng(1)
    for m, k, n in _sizes(backend):
        check(backend, values(dtype, (m, k), rng), values(dtype, (k, n), rng))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", ["int32", "uint8", "float32", "float64", "complex128"])
def test_matmul_any_layout(backend, dtype):
    """Transposed, strided and reversed operands and a transposed output: a kernel packs what
    it needs, so the layout changes nothing but the speed."""
    rng = np.random.default_rng(2)
    for m, k, n in _sizes(backend)[-5:]:
        a = values(dtype, (k, m), rng).T  # column-major A
        b = values(dtype, (2 * k, n), rng)[::-2]  # every other row, reversed
        check(backend, a, b)
        a2 = values(dtype, (m, 2 * k), rng)[:, ::2]
        b2 = values(dtype, (n, k), rng).T[:, ::-1]
        out = np.zeros((n, m), dtype=dtype).T  # column-major result
        check(backend, a2, b2, out)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", ["int64", "float64", "complex64", "bool"])
def test_matmul_batches_broadcast(backend, dtype):
    """Batch axes of size 1 repeat (zero batch stride), as NumPy's matmul broadcasts them."""
    rng = np.random.default_rng(3)
    a = values(dtype, (2, 1, 3, 4), rng)
    b = values(dtype, (1, 3, 4, 5), rng)
    check(backend, a, b)
    check(backend, values(dtype, (4, 2, 3), rng), values(dtype, (4, 3, 2), rng))
    check(backend, values(dtype, (0, 2, 3), rng), values(dtype, (0, 3, 2), rng))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_matmul_special_values_land_where_numpy_puts_them(backend, dtype):
    """nan and inf in A reach every output of their row, even against zeros in B (0 * inf is
    nan): a kernel must not skip zero terms."""
    a = np.ones((4, 5), dtype=dtype)
    a[0, 1] = np.nan
    a[1, 2] = np.inf
    a[2, 3] = -np.inf
    b = np.zeros((5, 6), dtype=dtype)
    b[:, 0] = 1.0
    b[3, 1] = -1.0
    kernel = _registry.lookup("matmul", dtype, backend)
    out = np.empty((4, 6), dtype=dtype)
    kernel(a, b, out)
    with np.errstate(all="ignore"):
        want = np.matmul(a, b)
    np.testing.assert_array_equal(np.isnan(out), np.isnan(want))
    np.testing.assert_array_equal(out[~np.isnan(want)], want[~np.isnan(want)])


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "int32"])
def test_matmul_threaded_and_blocked_sizes(backend, dtype):
    """Products larger than any cache block and the thread threshold, with partial blocks."""
    rng = np.random.default_rng(4)
    for m, k, n in ((301, 333, 297), (1, 700, 650), (650, 700, 1), (40, 2000, 30)):
        check(backend, values(dtype, (m, k), rng), values(dtype, (k, n), rng))


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
def test_matmul_many_small_batched_products(backend):
    rng = np.random.default_rng(5)
    check(backend, values("float64", (500, 4, 4), rng), values("float64", (500, 4, 4), rng))
    check(backend, values("float32", (1, 3, 8), rng), values("float32", (300, 8, 5), rng))


@st.composite
def _products(draw):
    dtype = draw(st.sampled_from(DTYPES))
    m, k, n = (draw(st.integers(0, 9)) for _ in range(3))
    batch = draw(st.lists(st.integers(1, 3), max_size=2))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    a = values(dtype, (*batch, m, k), rng)
    b = values(dtype, (*batch, k, n), rng)
    if draw(st.booleans()):
        a = np.ascontiguousarray(np.swapaxes(a, -1, -2)).swapaxes(-1, -2)
    if draw(st.booleans()) and k > 1:
        b = b[..., ::-1, :]
    return a, b


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=40, deadline=None)
@given(case=_products())
def test_matmul_property(backend, case):
    a, b = case
    check(backend, a, b)


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
def test_matmul_kernel_rejects_mismatched_shapes(backend):
    kernel = _registry.lookup("matmul", "float64", backend)
    with pytest.raises(ValueError, match="matmul"):
        kernel(np.ones((2, 3)), np.ones((4, 2)), np.empty((2, 2)))
