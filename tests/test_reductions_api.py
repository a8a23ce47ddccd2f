"""The reduction functions and methods (issue 4, first part) against NumPy.

The kernels' numerics are tested in ``test_reduction_kernels.py``; this file tests the front
end: axes (None, int, negative, tuples, non-mergeable tuples of a strided view), keepdims,
dtype=, out=, initial=, empty reductions and their errors, the methods, and the functions built
on the kernels (mean, var, std, ptp, count_nonzero).
"""

import warnings

import numpy as np
import pytest
from conftest import DTYPES, check_like_numpy, sample_values

import arrpy

AXES = [None, 0, 1, -1, (0, 2), (2, 0), (0, 1, 2), ()]


def quiet(call):
    def run():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call()

    return run


def close(got, expected, rtol):
    got = got.data if isinstance(got, arrpy.ArrPy) else np.asarray(got)
    expected = np.asarray(expected)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    if got.dtype.kind in "fc":
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", ["sum", "prod", "min", "max", "all", "any"])
def test_reductions_over_axes(backend, op, dtype):
    x = sample_values(dtype, (3, 4, 5), seed=1, special=False)
    if op == "prod" and x.dtype.kind in "fc":
        x = (x / np.maximum(np.abs(x), 1)).astype(dtype)
    views = [x, x[:, ::2, ::-1], x.transpose(2, 0, 1)]
    for view in views:
        a = arrpy.asarray(view)
        for axis in AXES:
            expected = quiet(lambda v=view, ax=axis: getattr(np, op)(v, axis=ax))()
            result = getattr(arrpy, op)(a, axis=axis)
            close(
                result,
                expected,
                1e-5 if "32" in dtype or "64" == dtype[-2:] and "c" in dtype else 1e-12,
            )
            if axis is None:
                assert not isinstance(result, arrpy.ArrPy)  # a NumPy scalar, as NumPy
            kept = getattr(a, op)(axis=axis, keepdims=True)
            close(
                kept,
                quiet(lambda v=view, ax=axis: getattr(np, op)(v, axis=ax, keepdims=True))(),
                1e-5,
            )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", ["argmin", "argmax"])
def test_arg_reductions(backend, op, dtype):
    x = sample_values(dtype, (4, 6), seed=2)
    for view in (x, x.T, x[::-1, ::2]):
        a = arrpy.asarray(view)
        for axis in (None, 0, 1, -1):
            close(getattr(arrpy, op)(a, axis=axis), getattr(np, op)(view, axis=axis), 0)
            close(
                getattr(a, op)(axis=axis, keepdims=True),
                getattr(np, op)(view, axis=axis, keepdims=True),
                0,
            )


@pytest.mark.parametrize(
    "dtype", ["bool", "int8", "uint16", "int64", "float32", "float64", "complex64", "complex128"]
)
@pytest.mark.parametrize("op", ["mean", "var", "std"])
def test_statistics(backend, op, dtype):
    x = sample_values(dtype, (5, 6), seed=3, special=False)
    a = arrpy.asarray(x)
    rtol = 1e-4 if dtype in ("float32", "complex64") else 1e-10
    for axis in (None, 0, 1, (0, 1)):
        close(getattr(arrpy, op)(a, axis=axis), getattr(np, op)(x, axis=axis), rtol)
        close(
            getattr(a, op)(axis=axis, keepdims=True),
            getattr(np, op)(x, axis=axis, keepdims=True),
            rtol,
        )
    if op != "mean":
        # ddof may be fractional and a NumPy integer (the divisor is count - ddof, not rounded)
        for ddof in (1, 1.5, np.int64(2)):
            for axis in (None, 1):
                got = getattr(arrpy, op)(a, axis=axis, ddof=ddof)
                close(got, getattr(np, op)(x, axis=axis, ddof=ddof), rtol)


def test_accumulator_dtypes_and_dtype_argument(backend):
    for dtype in ("bool", "int8", "uint8", "int32", "uint32", "float32"):
        x = sample_values(dtype, (7,), seed=4, special=False)
        a = arrpy.asarray(x)
        close(arrpy.sum(a), np.sum(x), 1e-6)
        close(arrpy.prod(a), np.prod(x), 1e-6)
        close(arrpy.sum(a, dtype="float64"), np.sum(x, dtype=np.float64), 1e-12)
    x = np.linspace(0, 1, 10)
    close(arrpy.sum(arrpy.asarray(x), dtype="float32"), np.sum(x, dtype=np.float32), 1e-6)
    close(arrpy.mean(arrpy.asarray(x.astype(np.float32))), np.mean(x.astype(np.float32)), 1e-6)


def test_out_initial_and_empty(backend):
    x = np.arange(12.0).reshape(3, 4)
    a = arrpy.asarray(x)
    out = arrpy.zeros(4)
    assert arrpy.sum(a, axis=0, out=out) is out
    close(out, x.sum(axis=0), 0)
    close(arrpy.sum(a, axis=1, initial=10), x.sum(axis=1, initial=10), 0)
    close(arrpy.max(a, axis=1, initial=100), x.max(axis=1, initial=100), 0)
    empty = np.zeros((0, 3))
    e = arrpy.asarray(empty)
    close(arrpy.sum(e, axis=0), empty.sum(axis=0), 0)
    close(arrpy.prod(e, axis=0), empty.prod(axis=0), 0)
    close(arrpy.all(e, axis=0), empty.all(axis=0), 0)
    close(arrpy.max(e, axis=0, initial=-1.0), empty.max(axis=0, initial=-1.0), 0)
    check_like_numpy(lambda: empty.max(axis=0), lambda: arrpy.max(e, axis=0))
    check_like_numpy(lambda: np.zeros(0).argmax(), lambda: arrpy.argmax(arrpy.zeros(0)))
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum"):
        arrpy.max(e, axis=0)
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        assert np.isnan(arrpy.mean(arrpy.zeros(0)))
    with pytest.warns(RuntimeWarning, match="Degrees of freedom"):
        assert np.isnan(arrpy.var(arrpy.ones(3), ddof=5))


def test_bad_axes_raise_like_numpy():
    a = arrpy.zeros((2, 3))
    with pytest.raises(arrpy.AxisError):
        arrpy.sum(a, axis=2)
    with pytest.raises(ValueError):  # AxisError is a ValueError ...
        a.sum(axis=-3)
    with pytest.raises(IndexError):  # ... and an IndexError, as NumPy's
        a.max(axis=5)
    with pytest.raises(ValueError, match="duplicate value in 'axis'"):
        arrpy.sum(a, axis=(0, -2))
    with pytest.raises(TypeError, match="axis"):
        arrpy.argmax(a, axis=(0, 1))


@pytest.mark.parametrize("dtype", ["int16", "float64", "complex64"])
def test_ptp_and_count_nonzero(backend, dtype):
    x = sample_values(dtype, (4, 5), seed=5, special=False)
    x[0, 0] = 0
    a = arrpy.asarray(x)
    for axis in (None, 0, 1):
        close(arrpy.ptp(a, axis=axis), np.ptp(x, axis=axis), 1e-6)
        close(arrpy.count_nonzero(a, axis=axis), np.count_nonzero(x, axis=axis), 0)


def test_where(backend):
    x = sample_values("float64", (3, 4), seed=6, special=False)
    a = arrpy.asarray(x)
    mask = np.array([True, False, True, True])
    for axis in (None, 0, 1):
        for op in ("sum", "prod", "all", "any"):
            close(
                getattr(arrpy, op)(a, axis=axis, where=mask),
                getattr(np, op)(x, axis=axis, where=mask),
                1e-12,
            )
        close(
            arrpy.max(a, axis=axis, where=mask, initial=-5.0),
            np.max(x, axis=axis, where=mask, initial=-5.0),
            0,
        )
        close(arrpy.mean(a, axis=axis, where=mask), np.mean(x, axis=axis, where=mask), 1e-12)
        close(arrpy.var(a, axis=axis, where=mask), np.var(x, axis=axis, where=mask), 1e-10)
    check_like_numpy(lambda: np.min(x, where=mask), lambda: arrpy.min(a, where=mask))
