"""The NaN-aware reductions (arrpy.nanfunctions) against NumPy, in every backend.

Shape, then dtype, then values; NumPy's warnings (pytest.warns) and errors (pytest.raises with
the message); axes None / int / negative / tuple, keepdims, dtype=, out=, initial=, where=,
ddof; strided and reversed views; property tests over shapes with nans and infinities.
"""

import warnings

import numpy as np
import pytest
from conftest import FLOAT_DTYPES, INT_DTYPES, assert_values
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import arrpy

NAN = np.nan
OPS = ["nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmin", "nanmax"]
ARG_OPS = ["nanargmin", "nanargmax"]
AXES = [None, 0, 1, -1, (0, 2), (2, 0), ()]


def quiet(call):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def same(got, expected, rtol=None, err_msg=""):
    """An arrpy result (ArrPy or NumPy scalar) equals NumPy's: type kind, shape, dtype, values."""
    expected_is_scalar = np.ndim(expected) == 0 and not isinstance(expected, np.ndarray)
    if expected_is_scalar:
        assert not isinstance(got, arrpy.ArrPy), f"{err_msg}: expected a NumPy scalar"
    else:
        assert isinstance(got, arrpy.ArrPy), f"{err_msg}: expected an ArrPy, got {type(got)}"
    got = got.data if isinstance(got, arrpy.ArrPy) else np.asarray(got)
    expected = np.asarray(expected)
    assert got.shape == expected.shape, f"{err_msg}: shape {got.shape} != {expected.shape}"
    assert got.dtype == expected.dtype, f"{err_msg}: dtype {got.dtype} != {expected.dtype}"
    if rtol is None and expected.dtype.kind == "f":
        rtol = 2e-5 if expected.dtype == np.float32 else 1e-12
    assert_values(got, expected, rtol=rtol, err_msg=err_msg)


def with_nans(dtype, shape, seed=0, fraction=0.3):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, shape).astype(dtype)
    x[rng.random(shape) < fraction] = np.nan
    return x


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("op", OPS)
def test_float_ops_over_axes_and_views(backend, op, dtype):
    x = with_nans(dtype, (3, 4, 5), seed=1)
    x[0, 1, :] = np.nan  # an all-nan slice along the last axis
    for view in (x, x[:, ::2, ::-1], x.transpose(2, 0, 1)):
        a = arrpy.asarray(view)
        for axis in AXES:
            for keepdims in (False, True):
                expected = quiet(
                    lambda v=view, ax=axis, k=keepdims: getattr(np, op)(v, ax, keepdims=k)
                )
                got = quiet(lambda a=a, ax=axis, k=keepdims: getattr(arrpy, op)(a, ax, keepdims=k))
                same(got, expected, err_msg=f"{op} axis={axis} keepdims={keepdims}")


@pytest.mark.parametrize("dtype", ("bool", *INT_DTYPES))
@pytest.mark.parametrize("op", OPS + ARG_OPS)
def test_integer_input_takes_the_plain_reduction(backend, op, dtype):
    rng = np.random.default_rng(2)
    x = rng.integers(0, 2 if dtype == "bool" else 50, (4, 6)).astype(dtype)
    a = arrpy.asarray(x)
    for axis in (None, 0, -1):
        same(getattr(arrpy, op)(a, axis=axis), getattr(np, op)(x, axis=axis), err_msg=op)


def test_integer_sums_wrap_like_numpy(backend):
    x = np.array([2**62, 2**62, 2**62], dtype=np.int64)
    same(arrpy.nansum(arrpy.asarray(x)), np.nansum(x))
    same(arrpy.nanprod(arrpy.asarray(x)), np.nanprod(x))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@pytest.mark.parametrize("op", ARG_OPS)
def test_nanarg_ops(backend, op, dtype):
    x = with_nans(dtype, (4, 5), seed=3)
    x[:, 2] = [1.0, -1.0, 7.0, 7.0]  # no all-nan column or row
    x[0, :] = [NAN, 2.0, 1.0, 2.0, NAN]
    a = arrpy.asarray(x)
    for axis in (None, 0, 1, -1):
        for keepdims in (False, True):
            same(
                getattr(arrpy, op)(a, axis=axis, keepdims=keepdims),
                getattr(np, op)(x, axis=axis, keepdims=keepdims),
                err_msg=f"{op} {axis}",
            )
    b = arrpy.asarray(x[::-1, ::2])
    same(getattr(arrpy, op)(b, axis=0), getattr(np, op)(x[::-1, ::2], axis=0))


@pytest.mark.parametrize("op", ARG_OPS)
def test_nanarg_all_nan_slice_raises(backend, op):
    x = np.array([[1.0, NAN], [NAN, NAN]])
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        getattr(np, op)(x, axis=1)
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        getattr(arrpy, op)(arrpy.asarray(x), axis=1)
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        getattr(arrpy, op)(arrpy.asarray([NAN, NAN]))
    # a column holds a number in every slice along axis 0
    same(getattr(arrpy, op)(arrpy.asarray(x[:, :1]), axis=0), getattr(np, op)(x[:, :1], axis=0))


@pytest.mark.parametrize("op", ["nanmin", "nanmax"])
def test_all_nan_slice_warns_and_gives_nan(backend, op):
    x = np.array([[1.0, NAN], [NAN, NAN]], dtype=np.float32)
    with pytest.warns(RuntimeWarning, match="All-NaN slice encountered"):
        expected = getattr(np, op)(x, axis=1)
    with pytest.warns(RuntimeWarning, match="All-NaN slice encountered"):
        got = getattr(arrpy, op)(arrpy.asarray(x), axis=1)
    same(got, expected)
    with pytest.warns(RuntimeWarning, match="All-NaN slice encountered"):
        got = getattr(arrpy, op)(arrpy.asarray([NAN]))
    assert np.isnan(got) and isinstance(got, np.float64)
    # no warning without an all-nan slice, and infinities are values, not nans
    y = np.array([NAN, np.inf, -np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same(getattr(arrpy, op)(arrpy.asarray(y)), getattr(np, op)(y))


@pytest.mark.parametrize("op", ["nanmin", "nanmax"])
def test_min_max_initial_and_where(backend, op):
    x = np.array([[1.0, NAN, 5.0], [NAN, NAN, NAN]])
    a = arrpy.asarray(x)
    # with initial, an all-nan slice reduces to initial, silently (fmin(initial, nan))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same(getattr(arrpy, op)(a, axis=1, initial=3.0), getattr(np, op)(x, axis=1, initial=3.0))
    where = np.array([[True, True, False], [True, False, True]])
    same(
        getattr(arrpy, op)(a, axis=1, initial=0.0, where=where),
        getattr(np, op)(x, axis=1, initial=0.0, where=where),
    )
    with pytest.raises(ValueError, match="zero-size array to reduction operation"):
        getattr(arrpy, op)(arrpy.asarray(np.zeros((0, 3))), axis=0)
    same(
        getattr(arrpy, op)(arrpy.asarray(np.zeros((0, 3))), axis=1),
        getattr(np, op)(np.zeros((0, 3)), axis=1),
    )


def test_nanmean_empty_slice_warns(backend):
    x = np.array([[1.0, NAN], [NAN, NAN]])
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        expected = np.nanmean(x, axis=1)
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        got = arrpy.nanmean(arrpy.asarray(x), axis=1)
    same(got, expected)
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        assert np.isnan(arrpy.nanmean(arrpy.asarray(np.zeros(0))))


@pytest.mark.parametrize("op", ["nanvar", "nanstd"])
def test_ddof_too_large_warns(backend, op):
    x = np.array([[1.0, NAN, 2.0], [3.0, NAN, NAN]])
    for ddof in (0, 1, 2):
        expected = quiet(lambda d=ddof: getattr(np, op)(x, axis=1, ddof=d))
        got = quiet(lambda d=ddof: getattr(arrpy, op)(arrpy.asarray(x), axis=1, ddof=d))
        same(got, expected, err_msg=f"ddof={ddof}")
    with pytest.warns(RuntimeWarning, match=r"Degrees of freedom <= 0 for slice\."):
        getattr(arrpy, op)(arrpy.asarray(x), axis=1, ddof=1)


@pytest.mark.parametrize("op", ["nansum", "nanprod", "nanmean", "nanvar", "nanstd"])
def test_dtype_out_where(backend, op):
    x = with_nans("float32", (3, 4), seed=5)
    a = arrpy.asarray(x)
    same(
        getattr(arrpy, op)(a, axis=0, dtype="float64"), getattr(np, op)(x, axis=0, dtype="float64")
    )
    where = np.random.default_rng(0).random((3, 4)) < 0.7
    where[:, 0] = True
    x[:, 0] = 1.5
    a = arrpy.asarray(x)
    same(
        quiet(lambda: getattr(arrpy, op)(a, axis=0, where=where)),
        quiet(lambda: getattr(np, op)(x, axis=0, where=where)),
    )
    out = arrpy.zeros(4, dtype="float32")
    result = quiet(lambda: getattr(arrpy, op)(a, axis=0, out=out))
    assert result is out
    same(out, quiet(lambda: getattr(np, op)(x, axis=0)))


@pytest.mark.parametrize("op", ["nanmean", "nanvar"])
def test_integer_dtype_for_float_input_is_a_type_error(op):
    x = np.array([1.0, NAN])
    with pytest.raises(TypeError, match="If a is inexact, then dtype must be inexact"):
        getattr(np, op)(x, dtype=int)
    with pytest.raises(TypeError, match="If a is inexact, then dtype must be inexact"):
        getattr(arrpy, op)(arrpy.asarray(x), dtype="int64")


def test_nansum_initial_and_keepdims(backend):
    x = np.array([[NAN, 1.0], [2.0, NAN]])
    a = arrpy.asarray(x)
    same(
        arrpy.nansum(a, axis=0, initial=10.0, keepdims=True),
        np.nansum(x, axis=0, initial=10.0, keepdims=True),
    )
    same(arrpy.nanprod(a, initial=3.0), np.nanprod(x, initial=3.0))


def test_bad_axis(backend):
    a = arrpy.asarray(np.ones((2, 3)))
    with pytest.raises(np.exceptions.AxisError):
        arrpy.nansum(a, axis=2)
    with pytest.raises(ValueError, match="duplicate"):
        arrpy.nanmean(a, axis=(0, 0))


def test_complex_nanmean_and_nanvar(backend):
    x = np.array([1 + 2j, complex(NAN, 0), 3 - 1j, 2 + 0j], dtype=np.complex128)
    a = arrpy.asarray(x)
    same(arrpy.nansum(a), np.nansum(x))
    same(arrpy.nanmean(a), np.nanmean(x))
    same(arrpy.nanvar(a), np.nanvar(x))


_FLOAT_ARRAYS = hnp.arrays(
    dtype=st.sampled_from([np.float32, np.float64]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    elements=st.one_of(
        st.just(np.nan),
        st.just(np.inf),
        st.floats(-100, 100, width=32),
    ),
)


@settings(max_examples=25, deadline=None)
@given(x=_FLOAT_ARRAYS, op=st.sampled_from(OPS), data=st.data())
def test_property_matches_numpy(backend_name, x, op, data):
    axis = None
    if x.ndim:
        axis = data.draw(st.sampled_from([None, *range(-x.ndim, x.ndim)]))
    view = x[::-1] if x.ndim else x
    try:
        expected = quiet(lambda: getattr(np, op)(view, axis=axis))
    except ValueError:
        # empty nanmin / nanmax: arrpy raises the same
        with arrpy.backend(backend_name), pytest.raises(ValueError, match="zero-size array"):
            quiet(lambda: getattr(arrpy, op)(arrpy.asarray(view), axis=axis))
        return
    with arrpy.backend(backend_name):
        got = quiet(lambda: getattr(arrpy, op)(arrpy.asarray(view), axis=axis))
    # float32 sums of values up to 100 with cancellation: compare with an absolute tolerance
    got = got.data if isinstance(got, arrpy.ArrPy) else np.asarray(got)
    expected = np.asarray(expected)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-3, equal_nan=True)


@pytest.mark.parametrize("op", ["nanvar", "nanstd"])
def test_mean_and_correction(backend, op):
    x = with_nans("float64", (3, 5), seed=8)
    x[:, 0] = 1.0
    a = arrpy.asarray(x)
    mean = np.nanmean(x, axis=1, keepdims=True)
    same(getattr(arrpy, op)(a, axis=1, mean=mean), getattr(np, op)(x, axis=1, mean=mean))
    same(getattr(arrpy, op)(a, axis=1, correction=1), getattr(np, op)(x, axis=1, correction=1))
    xi = np.arange(12).reshape(3, 4)
    mi = xi.mean(axis=1, keepdims=True)
    same(getattr(arrpy, op)(xi, axis=1, mean=mi), getattr(np, op)(xi, axis=1, mean=mi))
    with pytest.raises(ValueError, match="ddof and correction can't be provided simultaneously"):
        getattr(np, op)(x, ddof=1, correction=1)
    with pytest.raises(ValueError, match="ddof and correction can't be provided simultaneously"):
        getattr(arrpy, op)(a, ddof=1, correction=1)
