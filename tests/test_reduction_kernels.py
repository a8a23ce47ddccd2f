"""Every reduction kernel of every backend against NumPy, at the kernel level.

The contract is ``reduce_nd`` in ``backends/abi.h``: a kernel reduces the last axis of ``x``
into ``out`` (shape ``x.shape[:-1]``). Each (op, "in->out") pair of ``_registry.REDUCTIONS``
runs on special values (signed zeros, inf, nan, integer extremes) and random values, through
contiguous, transposed (axis=0 of a matrix), strided and reversed layouts, empty rows and large
(threaded) inputs. Integer, bool, min/max and arg results must be exact; floating sums and
products within a few ulp of the exact result scaled by the sum of magnitudes (the summation
orders differ: pairwise, blocked, fsum).
"""

import math
import warnings

import numpy as np
import pytest
from conftest import BACKENDS

from arrpy import _registry

_NUMPY = {
    "sum": lambda x, dt: np.add.reduce(x, axis=-1, dtype=dt),
    "prod": lambda x, dt: np.multiply.reduce(x, axis=-1, dtype=dt),
    "min": lambda x, dt: np.minimum.reduce(x, axis=-1),
    "max": lambda x, dt: np.maximum.reduce(x, axis=-1),
    "all": lambda x, dt: np.logical_and.reduce(x, axis=-1),
    "any": lambda x, dt: np.logical_or.reduce(x, axis=-1),
    "argmin": lambda x, dt: np.argmin(x, axis=-1),
    "argmax": lambda x, dt: np.argmax(x, axis=-1),
    "sumsqdev": lambda x, dt: _squared_deviations(x).astype(dt),
}


def _wide(x):
    return x.astype(np.clongdouble if x.dtype.kind == "c" else np.longdouble)


def _squared_deviations(x):
    """sum |x - mean|**2 along the last axis, in extended precision (the reference)."""
    wide = _wide(x)
    mean = wide.sum(axis=-1, keepdims=True) / max(x.shape[-1], 1)
    deviation = wide - mean
    return (deviation.real**2 + deviation.imag**2).sum(axis=-1)


def _squared_deviations_ok(got, expected, x):
    """Same nan/inf pattern; finite results within the two-pass bound."""
    same_special = (np.isnan(got) == np.isnan(expected)) & (
        (np.isinf(got) & (got == expected)) | ~np.isinf(expected)
    )
    if not same_special.all():
        return False
    eps = np.finfo(got.dtype).eps
    n = max(x.shape[-1], 1)
    with np.errstate(all="ignore"):
        wide = np.abs(_wide(x))
        mean = np.abs(_wide(x).sum(axis=-1, keepdims=True) / n)
        scale = ((wide + mean) ** 2).sum(axis=-1).astype(np.float64)
        bound = 8 * eps * math.log2(n + 1) * scale + np.finfo(np.float64).tiny
        finite = np.isfinite(expected) & np.isfinite(got)
        error = np.abs(got.astype(np.float64) - expected.astype(np.float64))
        return bool((error[finite] <= bound[finite]).all())
_NEEDS_ELEMENTS = {"min", "max", "argmin", "argmax"}
_CASES = [(op, pair) for op, pairs in _registry.REDUCTIONS.items() for pair in pairs]


def values(dtype, shape, seed=0, special=True):
    """Test data: full-range integers (sums overflow), floats with specials sprinkled in."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    size = math.prod(shape)
    if dtype.kind == "b":
        return (rng.random(size) < 0.7).reshape(shape)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        full = rng.integers(info.min, info.max, size, dtype=dtype, endpoint=True)
        small = rng.integers(max(info.min, -3), 4, size).astype(dtype)
        return np.where(rng.random(size) < 0.5, small, full).reshape(shape)
    real = np.float32 if dtype in (np.float32, np.complex64) else np.float64

    def part():
        x = (rng.standard_normal(size) * 10.0 ** rng.integers(-2, 3, size)).astype(real)
        if special:
            specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0], dtype=real)
            where = rng.random(size) < 0.02
            x[where] = rng.choice(specials, int(where.sum()))
        return x

    if dtype.kind == "f":
        return part().reshape(shape)
    z = np.empty(size, dtype=dtype)
    z.real, z.imag = part(), part()
    return z.reshape(shape)


def _tolerance_ok(got, expected, x, out_dtype):
    """Float/complex sums and products: equal nan/inf pattern, finite values close."""
    got = got.astype(np.complex128 if got.dtype.kind == "c" else np.float64)
    expected = expected.astype(got.dtype)
    for g, e in ((got.real, expected.real), (got.imag, expected.imag)):
        same_special = (np.isnan(g) == np.isnan(e)) & ((np.isinf(g) & (g == e)) | ~np.isinf(e))
        if not same_special.all():
            return False
    eps = np.finfo(np.float32 if out_dtype in (np.float32, np.complex64) else np.float64).eps
    n = max(x.shape[-1], 1)
    with np.errstate(all="ignore"):
        magnitude = np.add.reduce(np.abs(x.astype(np.complex128)), axis=-1)
        scale = np.where(np.isfinite(magnitude), magnitude, 0) + np.abs(expected)
        bound = 4 * eps * math.log2(n + 1) * scale + np.finfo(np.float64).tiny
        finite = np.isfinite(expected) & np.isfinite(got)
        return bool((np.abs(got - expected)[finite] <= bound[finite]).all())


def check(op, pair, backend, x):
    source, target = pair.split("->")
    kernel = _registry.lookup(op, pair, backend)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = np.asarray(_NUMPY[op](np.copy(x, order="C"), np.dtype(target)))
    out = np.empty(x.shape[:-1], dtype=target)
    status = kernel(x, out)
    assert status == 0
    assert out.dtype == expected.dtype or op.startswith("arg"), (out.dtype, expected.dtype)
    if op == "sumsqdev":
        assert _squared_deviations_ok(out, expected, x), (
            f"{op} {pair}: got {out.ravel()[:6]}, reference {expected.ravel()[:6]}"
        )
        return
    if op in ("sum", "prod") and np.dtype(target).kind in "fc":
        assert _tolerance_ok(out, expected, x, np.dtype(target)), (
            f"{op} {pair}: got {out.ravel()[:6]}, numpy {expected.ravel()[:6]}"
        )
        return
    if np.dtype(target).kind in "fc":
        same = (out == expected) | (np.isnan(out) & np.isnan(expected))
        if np.dtype(target).kind == "c":
            same = (
                (out.real == expected.real) | (np.isnan(out.real) & np.isnan(expected.real))
            ) & ((out.imag == expected.imag) | (np.isnan(out.imag) & np.isnan(expected.imag)))
    else:
        same = out == expected
    assert np.all(same), f"{op} {pair}: got {out.ravel()[:8]}, numpy {expected.ravel()[:8]}"


def _layouts(dtype, seed):
    m = values(dtype, (37, 29), seed)
    yield "contiguous rows", m
    yield "axis 0 (transposed)", m.T
    yield "strided", m[::2, ::3]
    yield "reversed", m[::-1, ::-1]
    yield "one row (0-d out)", m[3]
    yield "3-d, middle axis last", values(dtype, (3, 4, 5), seed).transpose(0, 2, 1)
    yield "long rows", values(dtype, (2, 3001), seed)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("op", "pair"), _CASES, ids=[f"{o}-{p}" for o, p in _CASES])
def test_reduction_kernel_matches_numpy(backend, op, pair):
    source = pair.split("->")[0]
    for name, x in _layouts(source, 1):
        if op == "prod" and np.dtype(source).kind in "fc":
            x = x / np.maximum(np.abs(x), 1)  # products of magnitudes <= 1 stay finite-ish
            x = x.astype(source)
        try:
            check(op, pair, backend, x)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op", ["sum", "prod", "all", "any", "sumsqdev"])
def test_empty_rows(backend, op):
    for pair in _registry.REDUCTIONS[op][:13]:
        source = pair.split("->")[0]
        check(op, pair, backend, np.zeros((3, 0), dtype=source))
        check(op, pair, backend, np.zeros((0,), dtype=source))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op", ["argmin", "argmax", "min", "max"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
def test_nan_and_ties(backend, op, dtype):
    x = np.array(
        [
            [1, 3, 3, 1],
            [np.nan, 1, np.nan, 0],
            [2, np.nan, -np.inf, np.inf],
            [-0.0, 0.0, 0.0, -0.0],
        ],
        dtype=dtype,
    )
    check(op, f"{dtype}->{'int64' if op.startswith('arg') else dtype}", backend, x)


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
@pytest.mark.parametrize(
    ("op", "pair"),
    [("sum", "float64->float64"), ("sum", "float32->float32"), ("max", "float64->float64"),
     ("argmax", "float64->int64"), ("sum", "int32->int64"), ("any", "float64->bool"),
     ("sumsqdev", "float64->float64"), ("sumsqdev", "complex64->float32")],
)  # fmt: skip
def test_large_threaded(backend, op, pair):
    source = pair.split("->")[0]
    x = values(source, (1 << 21,), 5, special=False)
    check(op, pair, backend, x)
    m = values(source, (1024, 1024), 6, special=False)
    check(op, pair, backend, m)  # axis=1
    check(op, pair, backend, m.T)  # axis=0: accumulates rows


def test_float32_sum_accuracy():
    # 10^7 float32 values: a naive running sum loses ~3 digits; pairwise stays near NumPy.
    x = np.full(10**7, 0.1, dtype=np.float32)
    exact = math.fsum(x.astype(np.float64))
    numpy_error = abs(float(np.add.reduce(x)) - exact)
    for backend in BACKENDS:
        out = np.empty((), dtype=np.float32)
        _registry.lookup("sum", "float32->float32", backend)(x, out)
        assert abs(float(out) - exact) <= max(4 * numpy_error, 1e-6 * exact), backend
