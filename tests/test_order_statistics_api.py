"""partition, median, percentile, quantile and their nan forms against NumPy, every backend.

Each result is compared with NumPy's for shape, then dtype, then values (``assert_same``), over
every method, q as a scalar / array, axis variants, keepdims, out=, nan handling, integer, bool
and float32 inputs, empty input and NumPy's errors.
"""

import warnings

import numpy as np
import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st

import arrpy

METHODS = (
    "inverted_cdf",
    "averaged_inverted_cdf",
    "closest_observation",
    "interpolated_inverted_cdf",
    "hazen",
    "weibull",
    "linear",
    "median_unbiased",
    "normal_unbiased",
    "lower",
    "higher",
    "midpoint",
    "nearest",
)
REAL_DTYPES = ("int8", "uint8", "int16", "int32", "uint32", "int64", "uint64", "float32", "float64")


def data(dtype, shape, seed=0, nans=0.0):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    size = int(np.prod(shape))
    if dtype.kind == "b":
        return (rng.random(size) < 0.5).reshape(shape)
    if dtype.kind in "iu":
        return rng.integers(0 if dtype.kind == "u" else -50, 50, size).astype(dtype).reshape(shape)
    x = rng.standard_normal(size)
    if dtype.kind == "c":
        x = x + 1j * rng.standard_normal(size)
    x = x.astype(dtype)
    if nans:
        x[rng.random(size) < nans] = np.nan
    return x.reshape(shape)


def same(result, expected):
    """Shape, dtype, values; a NumPy scalar for a NumPy scalar."""
    if isinstance(expected, np.generic):
        assert isinstance(result, np.generic), f"expected a NumPy scalar, got {type(result)}"
        assert result.dtype == expected.dtype, (result.dtype, expected.dtype)
        np.testing.assert_allclose(result, expected, rtol=1e-6, equal_nan=True)
        return
    assert_same(result, expected)


def both(name, a, *args, **kwargs):
    """(arrpy result, NumPy result) of the function ``name``, NumPy's warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = getattr(np, name)(a, *args, **kwargs)
        result = getattr(arrpy, name)(arrpy.asarray(a), *args, **kwargs)
    return result, expected


# --- median ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", (*REAL_DTYPES, "bool", "complex128"))
def test_median_dtypes_and_axes(backend, dtype):
    a = data(dtype, (5, 6), seed=1)
    for axis in (None, 0, 1, -1, (0, 1)):
        same(*both("median", a, axis=axis))
    same(*both("median", data(dtype, (7,), seed=2)))


def test_median_even_odd_keepdims_3d(backend):
    a = data("float64", (3, 4, 5), seed=3)
    for axis in (None, 0, 1, 2, (0, 2), (1, 2)):
        same(*both("median", a, axis=axis, keepdims=True))
        same(*both("median", a, axis=axis))
    same(*both("median", a[:, ::-1, ::2], axis=1))  # non-contiguous input
    same(*both("median", a.transpose(2, 0, 1), axis=0))


def test_median_nan_inf_and_0d(backend):
    a = np.array([[1.0, np.nan, 3.0], [np.inf, -np.inf, 0.0], [-0.0, 0.0, 2.0]])
    same(*both("median", a, axis=1))
    same(*both("median", a))
    same(*both("median", np.array(5.0)))
    same(*both("median", np.array(5)))
    same(*both("median", np.array([np.nan + 0j, 1.0])))


def test_median_out_and_input_unchanged(backend):
    a = data("float64", (4, 5), seed=4)
    original = a.copy()
    out = arrpy.zeros(5)
    result = arrpy.median(arrpy.asarray(a), axis=0, out=out, overwrite_input=True)
    assert result is out
    assert_same(out, np.median(a, axis=0))
    np.testing.assert_array_equal(a, original)


def test_median_empty_like_numpy(backend):
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        result = arrpy.median(arrpy.asarray(np.array([])))
    assert np.isnan(result)
    same(*both("median", np.zeros((0, 3)), axis=0))
    same(*both("median", np.zeros((0, 3)), axis=1))


# --- quantile and percentile ----------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_quantile_every_method(backend, method):
    for dtype in ("int64", "float64", "float32", "uint8"):
        a = data(dtype, (4, 11), seed=5)
        q = np.array([0.0, 0.1, 0.25, 0.5, 0.77, 1.0])
        same(*both("quantile", a, q, axis=1, method=method))
        same(*both("quantile", a, 0.3, method=method))
        same(*both("percentile", a, 37.5, axis=0, method=method))


@pytest.mark.parametrize("dtype", REAL_DTYPES)
def test_quantile_dtypes_scalar_and_array_q(backend, dtype):
    a = data(dtype, (6, 7), seed=6)
    same(*both("quantile", a, 0.4))
    same(*both("quantile", a, 0.4, axis=0))
    same(*both("quantile", a, [0.2, 0.9], axis=1, keepdims=True))
    same(*both("percentile", a, np.array([10.0, 50.0, 90.0]), axis=(0, 1)))
    same(*both("percentile", a, 90))
    same(*both("quantile", a, 1))  # an integer q: no interpolation, the input dtype


def test_quantile_weak_and_strong_q_dtypes(backend):
    a = data("float32", (9,), seed=7)
    same(*both("quantile", a, 0.4))  # Python float: float32
    same(*both("quantile", a, np.float64(0.4)))  # NumPy float64: float64
    same(*both("quantile", a, [0.4]))
    same(*both("percentile", a, 40))


def test_quantile_2d_q_and_nan_slices(backend):
    a = data("float64", (3, 8), seed=8)
    a[1, 2] = np.nan
    q = np.array([[0.1, 0.5], [0.9, 1.0]])
    same(*both("quantile", a, q, axis=1))
    same(*both("quantile", a, 0.5, axis=1, method="nearest"))
    same(*both("percentile", a, 50))


def test_quantile_out(backend):
    a = data("float64", (4, 5), seed=9)
    out = arrpy.zeros((2, 5))
    result = arrpy.quantile(arrpy.asarray(a), [0.25, 0.75], axis=0, out=out)
    assert result is out
    assert_same(out, np.quantile(a, [0.25, 0.75], axis=0))


def test_quantile_errors_like_numpy(backend):
    a = arrpy.asarray(np.arange(5.0))
    with pytest.raises(ValueError, match=r"Percentiles must be in the range \[0, 100\]"):
        arrpy.percentile(a, 101)
    with pytest.raises(ValueError, match=r"Percentiles must be in the range \[0, 100\]"):
        arrpy.percentile(a, [50, -1])
    with pytest.raises(ValueError, match=r"Quantiles must be in the range \[0, 1\]"):
        arrpy.quantile(a, 1.5)
    with pytest.raises(ValueError, match=r"Quantiles must be in the range \[0, 1\]"):
        arrpy.quantile(a, float("nan"))
    with pytest.raises(ValueError, match="'foo' is not a valid method. Use one of: .*linear"):
        arrpy.quantile(a, 0.5, method="foo")
    with pytest.raises(TypeError, match="a must be an array of real numbers"):
        arrpy.quantile(arrpy.asarray(np.array([1j, 2])), 0.5)
    with pytest.raises(ValueError, match="q must be a scalar or 1d"):
        arrpy.quantile(a, [[[0.5]]])
    with pytest.raises(ValueError, match="Only method 'inverted_cdf' supports weights"):
        arrpy.quantile(a, 0.5, weights=np.ones(5))
    with pytest.raises(IndexError):
        arrpy.quantile(arrpy.asarray(np.array([])), 0.5)
    with pytest.raises(np.exceptions.AxisError):
        arrpy.median(a, axis=1)
    with pytest.raises(TypeError):
        arrpy.percentile(arrpy.asarray(np.array([True, False])), 40)


def test_quantile_empty_rows(backend):
    same(*both("quantile", np.zeros((0, 3)), 0.5, axis=1))
    same(*both("percentile", np.zeros((2, 0)), 50, axis=0))


def test_nan_forms_of_empty_input_are_nanmean(backend):
    # NumPy returns nanmean of an empty input (nan, "Mean of empty slice"), whatever q is.
    same(*both("nanmedian", np.zeros((0, 3)), axis=0))
    same(*both("nanmedian", np.zeros((0, 3))))
    same(*both("nanmedian", np.zeros((0, 3), dtype=np.int32), axis=0, keepdims=True))
    same(*both("nanpercentile", np.zeros((0, 3)), [10, 50], axis=0))
    same(*both("nanquantile", np.zeros((3, 0)), [0.1, 0.5], axis=1))
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        arrpy.nanmedian(arrpy.asarray(np.zeros((0, 3))), axis=0)


# --- nan forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ("float32", "float64"))
def test_nanmedian_and_nanquantile(backend, dtype):
    a = data(dtype, (6, 9), seed=10, nans=0.3)
    for axis in (None, 0, 1):
        same(*both("nanmedian", a, axis=axis))
        same(*both("nanquantile", a, 0.3, axis=axis))
        same(*both("nanpercentile", a, [10, 50, 95], axis=axis, keepdims=True))
    for method in ("lower", "higher", "nearest", "midpoint", "hazen"):
        same(*both("nanquantile", a, [0.2, 0.6], axis=1, method=method))


def test_nan_forms_all_nan_slice_warns(backend):
    a = np.array([[np.nan, np.nan], [1.0, 2.0]])
    with pytest.warns(RuntimeWarning, match="All-NaN slice encountered"):
        result = arrpy.nanmedian(arrpy.asarray(a), axis=1)
    assert_same(result, np.array([np.nan, 1.5]))
    with pytest.warns(RuntimeWarning, match="All-NaN slice encountered"):
        result = arrpy.nanquantile(arrpy.asarray(a[0]), [0.5, 0.2])
    assert_same(result, np.array([np.nan, np.nan]))


def test_nan_forms_of_integers_are_the_plain_ones(backend):
    a = data("int32", (4, 5), seed=11)
    same(*both("nanmedian", a, axis=0))
    same(*both("nanpercentile", a, 50))
    same(*both("nanquantile", a, [0.1, 0.9], axis=1))


# --- partition ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ("bool", "int16", "uint64", "float32", "float64", "complex64"))
def test_partition_like_numpy(backend, dtype):
    a = data(dtype, (5, 13), seed=12, nans=0.1 if dtype.startswith("f") else 0.0)
    for kth, axis in ((6, -1), ([0, 12], 1), (2, 0), (-1, -1), (7, None)):
        result = arrpy.partition(arrpy.asarray(a), kth, axis=axis)
        expected = np.partition(a, kth, axis=axis)
        assert result.shape == expected.shape and result.dtype == expected.dtype
        moved = np.moveaxis(np.asarray(result._data), -1 if axis is None else axis, -1)
        want = np.moveaxis(expected, -1 if axis is None else axis, -1)
        n = want.shape[-1]
        for k in np.atleast_1d(kth) % n:
            np.testing.assert_array_equal(moved[..., k], want[..., k])
        np.testing.assert_array_equal(np.sort(moved, axis=-1), np.sort(want, axis=-1))


def test_partition_errors_like_numpy(backend):
    a = arrpy.asarray(np.arange(5))
    with pytest.raises(ValueError, match=r"kth\(=5\) out of bounds \(5\)"):
        arrpy.partition(a, 5)
    with pytest.raises(ValueError, match=r"kth\(=-1\) out of bounds \(5\)"):
        arrpy.partition(a, -6)
    with pytest.raises(TypeError, match="Partition index must be integer"):
        arrpy.partition(a, 1.5)
    with pytest.raises(ValueError, match="select kind must be 'introselect'"):
        arrpy.partition(a, 2, kind="foo")
    with pytest.raises(np.exceptions.AxisError):
        arrpy.partition(arrpy.asarray(np.array(5)), 0)
    assert_same(arrpy.partition(arrpy.asarray(np.array(5)), 0, axis=None), np.array([5]))


# --- properties -----------------------------------------------------------------------------------


@st.composite
def problems(draw):
    dtype = draw(st.sampled_from(["int16", "float32", "float64"]))
    shape = tuple(draw(st.lists(st.integers(1, 5), min_size=0, max_size=3)))
    seed = draw(st.integers(0, 2**16))
    a = data(dtype, shape, seed=seed, nans=draw(st.sampled_from([0.0, 0.2])))
    if a.ndim >= 2 and draw(st.booleans()):
        a = a.T  # a transposed view
    if a.ndim >= 1 and draw(st.booleans()):
        a = a[::-1]  # a negative stride
    axis = None if a.ndim == 0 else draw(st.sampled_from([None, 0, -1]))
    q = draw(st.sampled_from([0.0, 0.5, 1.0, [0.1, 0.9]]))
    method = draw(st.sampled_from(["linear", "lower", "higher", "nearest", "midpoint"]))
    return a, axis, q, method


def test_order_statistics_property(backend_name):
    @settings(max_examples=30, deadline=None)
    @given(problems())
    def check(problem):
        a, axis, q, method = problem
        with arrpy.backend(backend_name):
            same(*both("median", a, axis=axis))
            same(*both("quantile", a, q, axis=axis, method=method))
            if a.dtype.kind == "f":
                same(*both("nanmedian", a, axis=axis))
                same(*both("nanquantile", a, q, axis=axis, method=method))

    check()
