"""The statistics front end against NumPy, in every backend: bincount, searchsorted, digitize,
histogram, histogram_bin_edges (arrpy.histograms) and average, cov, corrcoef, gradient
(arrpy.statistics).

Shape, then dtype, then values; NumPy's exceptions and messages (pytest.raises with match) and
warnings (pytest.warns); property tests over shapes, strided views, nan and infinities.
"""

import warnings

import numpy as np
import pytest
from conftest import assert_values
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import arrpy

NAN = np.nan


def same(got, expected, rtol=None, err_msg="", atol=None):
    """An arrpy result (ArrPy or NumPy scalar) equals NumPy's: kind, shape, dtype, values.

    ``atol``: compare with an absolute tolerance too (float32 sums with cancellation, where
    arrpy's more accurate summation differs from NumPy's by the input's magnitude times eps)."""
    if isinstance(expected, np.ndarray):
        assert isinstance(got, arrpy.ArrPy), f"{err_msg}: expected an ArrPy, got {type(got)}"
    else:
        assert not isinstance(got, arrpy.ArrPy), f"{err_msg}: expected a NumPy scalar"
    got = got.data if isinstance(got, arrpy.ArrPy) else np.asarray(got)
    expected = np.asarray(expected)
    assert got.shape == expected.shape, f"{err_msg}: shape {got.shape} != {expected.shape}"
    assert got.dtype == expected.dtype, f"{err_msg}: dtype {got.dtype} != {expected.dtype}"
    if rtol is None and expected.dtype.kind in "fc":
        rtol = 1e-5 if expected.dtype in (np.float32, np.complex64) else 1e-12
    if atol is not None:
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=err_msg)
        return
    assert_values(got, expected, rtol=rtol, err_msg=err_msg)


def raises_like(np_call, arrpy_call, exception, match):
    with pytest.raises(exception, match=match):
        np_call()
    with pytest.raises(exception, match=match):
        arrpy_call()


# --- bincount -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int16", "int32", "uint32", "int64"])
def test_bincount_dtypes(backend, dtype):
    x = np.random.default_rng(0).integers(0, 2 if dtype == "bool" else 40, 500).astype(dtype)
    for view in (x, x[::-3]):
        same(arrpy.bincount(arrpy.asarray(view)), np.bincount(view))
        same(arrpy.bincount(arrpy.asarray(view), minlength=60), np.bincount(view, minlength=60))
        w = np.linspace(-1, 1, view.size)
        same(arrpy.bincount(arrpy.asarray(view), weights=w), np.bincount(view, weights=w))
        wi = np.arange(view.size)  # integer weights: float64 sums, as NumPy
        same(arrpy.bincount(arrpy.asarray(view), weights=wi), np.bincount(view, weights=wi))


def test_bincount_empty_and_lists(backend):
    same(arrpy.bincount([]), np.bincount([]))
    same(arrpy.bincount([], minlength=3), np.bincount([], minlength=3))
    same(arrpy.bincount([3, 1]), np.bincount([3, 1]))
    empty = np.array([], dtype=np.int64)
    same(
        arrpy.bincount(empty, weights=[], minlength=2), np.bincount(empty, weights=[], minlength=2)
    )


def test_bincount_errors(backend):
    raises_like(
        lambda: np.bincount(np.array([1, -1])),
        lambda: arrpy.bincount(arrpy.array([1, -1])),
        ValueError,
        "'list' argument must have no negative elements",
    )
    raises_like(
        lambda: np.bincount(np.array([1.5])),
        lambda: arrpy.bincount(arrpy.array([1.5])),
        TypeError,
        "Cannot cast array data from dtype\\('float64'\\) to dtype\\('int64'\\)",
    )
    raises_like(
        lambda: np.bincount(np.array([[1]])),
        lambda: arrpy.bincount(arrpy.array([[1]])),
        ValueError,
        "object too deep for desired array",
    )
    raises_like(
        lambda: np.bincount(np.array(1)),
        lambda: arrpy.bincount(arrpy.array(1)),
        ValueError,
        "object of too small depth",
    )
    raises_like(
        lambda: np.bincount([1], minlength=-1),
        lambda: arrpy.bincount([1], minlength=-1),
        ValueError,
        "'minlength' must not be negative",
    )
    raises_like(
        lambda: np.bincount([1], minlength=None),
        lambda: arrpy.bincount([1], minlength=None),
        TypeError,
        "use 0 instead of None",
    )
    raises_like(
        lambda: np.bincount([1, 2], weights=[1.0]),
        lambda: arrpy.bincount([1, 2], weights=[1.0]),
        ValueError,
        "The weights and list don't have the same length",
    )


# --- searchsorted and digitize ------------------------------------------------------------------


@pytest.mark.parametrize(
    "dtype", ["bool", "int8", "uint16", "int32", "int64", "float32", "float64"]
)
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted(backend, dtype, side):
    rng = np.random.default_rng(1)
    if dtype == "bool":
        a, v = np.array([False, True, True]), rng.integers(0, 2, (3, 4)).astype(bool)
    else:
        a = np.sort(rng.integers(-5, 50, 30)).astype(dtype)
        v = rng.integers(-10, 60, (3, 4)).astype(dtype)
    same(
        arrpy.searchsorted(arrpy.asarray(a), arrpy.asarray(v), side=side),
        np.searchsorted(a, v, side=side),
    )
    same(arrpy.searchsorted(arrpy.asarray(a), v.T, side=side), np.searchsorted(a, v.T, side=side))
    same(arrpy.searchsorted(arrpy.asarray(a), 3, side=side), np.searchsorted(a, 3, side=side))
    # mixed dtypes promote as NumPy
    same(arrpy.searchsorted(arrpy.asarray(a), 2.5, side=side), np.searchsorted(a, 2.5, side=side))


def test_searchsorted_nan_sorter_and_errors(backend):
    a = np.array([3.0, NAN, 1.0, 2.0])
    order = np.argsort(a)
    v = np.array([NAN, 2.0, 0.0, np.inf])
    for side in ("left", "right"):
        same(
            arrpy.searchsorted(a, v, side=side, sorter=order),
            np.searchsorted(a, v, side=side, sorter=order),
        )
    raises_like(
        lambda: np.searchsorted([1, 2], 1, side="middle"),
        lambda: arrpy.searchsorted([1, 2], 1, side="middle"),
        ValueError,
        "side must be 'left' or 'right'",
    )
    raises_like(
        lambda: np.searchsorted(np.ones((2, 2)), 1),
        lambda: arrpy.searchsorted(np.ones((2, 2)), 1),
        ValueError,
        "object too deep",
    )


def test_digitize(backend):
    x = np.array([0.2, 6.4, 3.0, 1.6, NAN, -1.0, 10.0])
    increasing = np.array([0.0, 1.0, 2.5, 4.0, 10.0])
    for bins in (increasing, increasing[::-1]):
        for right in (False, True):
            same(
                arrpy.digitize(arrpy.asarray(x), arrpy.asarray(bins), right=right),
                np.digitize(x, bins, right=right),
            )
            same(arrpy.digitize(2.5, bins, right=right), np.digitize(2.5, bins, right=right))
    xi = np.array([[1, 10], [12, 15]])
    same(arrpy.digitize(xi, [0, 5, 10, 15, 20]), np.digitize(xi, [0, 5, 10, 15, 20]))
    raises_like(
        lambda: np.digitize([1], [1, 3, 2]),
        lambda: arrpy.digitize([1], [1, 3, 2]),
        ValueError,
        "bins must be monotonically increasing or decreasing",
    )
    raises_like(
        lambda: np.digitize([1j], [1, 2]),
        lambda: arrpy.digitize(np.array([1j]), [1, 2]),
        TypeError,
        "x may not be complex",
    )


# --- histogram ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "int64", "float32", "float64"])
@pytest.mark.parametrize("bins", [1, 10, 37])
def test_histogram_equal_bins(backend, dtype, bins):
    rng = np.random.default_rng(bins)
    x = (rng.standard_normal((20, 30)) * 20).astype(dtype)
    for view in (x, x[::-2, ::3].T):
        for value_range in (None, (-10, 25), (-10.5, 25.25)):
            expected = np.histogram(view, bins=bins, range=value_range)
            got = arrpy.histogram(arrpy.asarray(view), bins=bins, range=value_range)
            assert isinstance(got, tuple) and len(got) == 2
            same(got[0], expected[0], err_msg="hist")
            same(got[1], expected[1], err_msg="edges")
            same(arrpy.histogram_bin_edges(arrpy.asarray(view), bins, value_range), expected[1])


def test_histogram_edges_array_and_nan(backend):
    x = np.array([0.0, 0.5, 1.0, 1.0, 2.0, 3.0, 3.0, NAN, -np.inf, np.inf, 7.0])
    for bins in ([0.0, 1.0, 2.0, 3.0], [0, 1, 1, 3], [-1.0, 0.25, 10.0], np.array([2.5, 3.0])):
        expected = np.histogram(x, bins=bins)
        got = arrpy.histogram(arrpy.asarray(x), bins=bins)
        same(got[0], expected[0])
        same(got[1], expected[1])
    xi = np.arange(20) % 7
    same(arrpy.histogram(xi, bins=[0, 2, 5, 6])[0], np.histogram(xi, bins=[0, 2, 5, 6])[0])
    # a last edge with nothing above it in the dtype (inf, the integer maximum): the other path
    for bins in ([0.0, 1.0, np.inf], [-np.inf, 0.0, 3.0, np.inf]):
        same(arrpy.histogram(x, bins=bins)[0], np.histogram(x, bins=bins)[0])
    xu = np.array([0, 3, 255, 255, 17], dtype=np.uint8)
    for bins in (np.array([0, 17, 255], dtype=np.uint8), np.array([3, 17, 254], dtype=np.uint8)):
        same(arrpy.histogram(xu, bins=bins)[0], np.histogram(xu, bins=bins)[0])
    edges = np.array([0.0, 1.0, np.finfo(np.float64).max])
    same(arrpy.histogram(x, bins=edges)[0], np.histogram(x, bins=edges)[0])


def test_histogram_weights_and_density(backend):
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 1, 1000)
    for weights in (rng.uniform(0, 2, 1000), np.arange(1000), rng.uniform(0, 1, 1000) + 1j):
        for bins in (8, [0.0, 0.1, 0.5, 1.0]):
            expected = np.histogram(x, bins=bins, weights=weights)
            same(arrpy.histogram(x, bins=bins, weights=weights)[0], expected[0], rtol=1e-10)
    for bins in (8, [0.0, 0.1, 0.5, 1.0]):
        for weights in (None, rng.uniform(0, 2, 1000)):
            expected = np.histogram(x, bins=bins, weights=weights, density=True)
            same(
                arrpy.histogram(x, bins=bins, weights=weights, density=True)[0],
                expected[0],
                rtol=1e-10,
            )


def test_histogram_special_inputs(backend):
    for x in ([], [3.0], [2, 2, 2]):
        expected = np.histogram(x)
        got = arrpy.histogram(x)
        same(got[0], expected[0])
        same(got[1], expected[1])
    with pytest.warns(RuntimeWarning, match="Converting input from bool"):
        got = arrpy.histogram(np.array([True, False, True]))
    with pytest.warns(RuntimeWarning, match="Converting input from bool"):
        expected = np.histogram(np.array([True, False, True]))
    same(got[0], expected[0])
    for name in ("sqrt", "sturges", "rice", "scott"):
        x = np.random.default_rng(2).standard_normal(300)
        expected = np.histogram(x, bins=name)
        got = arrpy.histogram(x, bins=name)
        same(got[0], expected[0], err_msg=name)
        same(got[1], expected[1], err_msg=name)
        same(arrpy.histogram(x, bins=name, range=(-1, 1))[1], np.histogram(x, name, (-1, 1))[1])


@pytest.mark.parametrize(
    "name", ["auto", "fd", "doane", "stone", "sqrt", "sturges", "rice", "scott"]
)
def test_histogram_bin_estimators_like_numpy(backend, name):
    """Every NumPy estimator, on skewed, integer, outlier and tiny data, with and without a
    range the data does not span (the estimators use the extent of the data, not the range)."""
    rng = np.random.default_rng(3)
    datasets = [
        rng.exponential(size=400),
        rng.integers(0, 40, 200),
        np.r_[rng.standard_normal(150), 25.0],
        rng.standard_normal(3),
        np.ones(4),
    ]
    for x in datasets:
        for value_range in (None, (-1.0, 3.0)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                expected = np.histogram(x, bins=name, range=value_range)
                got = arrpy.histogram(x, bins=name, range=value_range)
            same(got[0], expected[0], err_msg=f"{name} {value_range}")
            same(got[1], expected[1], err_msg=f"{name} {value_range}")


@pytest.mark.parametrize(
    ("kwargs", "exception", "match"),
    [
        ({"bins": 0}, ValueError, "`bins` must be positive, when an integer"),
        ({"bins": 1.5}, TypeError, "`bins` must be an integer, a string, or an array"),
        ({"bins": [[1, 2]]}, ValueError, "`bins` must be 1d, when an array"),
        ({"bins": [3, 1]}, ValueError, "`bins` must increase monotonically, when an array"),
        ({"range": (2, 1)}, ValueError, "max must be larger than min in range parameter"),
        ({"range": (0, np.inf)}, ValueError, "supplied range of \\[0, inf\\] is not finite"),
        ({"bins": "foo"}, ValueError, "'foo' is not a valid estimator for `bins`"),
        ({"weights": [1.0]}, ValueError, "weights should have the same shape as a"),
        ({"bins": "sqrt", "weights": [1.0, 2.0]}, TypeError, "not supported for weighted data"),
    ],
)
def test_histogram_errors(backend, kwargs, exception, match):
    raises_like(
        lambda: np.histogram([1, 2], **kwargs),
        lambda: arrpy.histogram([1, 2], **kwargs),
        exception,
        match,
    )


def test_histogram_autodetected_range_must_be_finite(backend):
    raises_like(
        lambda: np.histogram([1.0, np.inf]),
        lambda: arrpy.histogram(arrpy.array([1.0, np.inf])),
        ValueError,
        "autodetected range of \\[1.0, inf\\] is not finite",
    )
    raises_like(
        lambda: np.histogram([1.0, NAN]),
        lambda: arrpy.histogram(arrpy.array([1.0, NAN])),
        ValueError,
        "autodetected range of \\[nan, nan\\] is not finite",
    )


# --- average ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["bool", "int16", "int64", "float32", "float64", "complex128"])
def test_average(backend, dtype):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((3, 4, 5)) * 10).astype(dtype)
    w = rng.uniform(0.5, 2.0, (3, 4, 5))
    atol = 1e-4 if dtype == "float32" else None
    for axis in (None, 0, -1, (0, 2)):
        for keepdims in (False, True):
            same(
                arrpy.average(arrpy.asarray(x), axis=axis, keepdims=keepdims),
                np.average(x, axis=axis, keepdims=keepdims),
                err_msg=f"{axis}",
                atol=atol,
            )
            same(
                arrpy.average(x, axis=axis, weights=w, keepdims=keepdims),
                np.average(x, axis=axis, weights=w, keepdims=keepdims),
                err_msg=f"w {axis}",
                atol=atol,
            )
            got = arrpy.average(x, axis=axis, weights=w, returned=True, keepdims=keepdims)
            expected = np.average(x, axis=axis, weights=w, returned=True, keepdims=keepdims)
            same(got[0], expected[0], atol=atol)
            same(got[1], expected[1], atol=atol)
    # 1-D weights along one axis, N-D along several; returned without weights
    same(
        arrpy.average(x, axis=1, weights=np.arange(1, 5)),
        np.average(x, axis=1, weights=np.arange(1, 5)),
        atol=atol,
    )
    same(
        arrpy.average(x, axis=(0, 2), weights=w[:, 0, :]),
        np.average(x, axis=(0, 2), weights=w[:, 0, :]),
        atol=atol,
    )
    got = arrpy.average(x[::-1, ::2], axis=0, returned=True)
    expected = np.average(x[::-1, ::2], axis=0, returned=True)
    same(got[0], expected[0], atol=atol)
    same(got[1], expected[1], atol=atol)


def test_average_errors(backend):
    x = np.ones((2, 3))
    raises_like(
        lambda: np.average(x, weights=[1, 2, 3]),
        lambda: arrpy.average(x, weights=[1, 2, 3]),
        TypeError,
        "Axis must be specified when shapes of a and weights differ",
    )
    raises_like(
        lambda: np.average(x, axis=1, weights=[1, 2]),
        lambda: arrpy.average(x, axis=1, weights=[1, 2]),
        ValueError,
        "Shape of weights must be consistent",
    )
    raises_like(
        lambda: np.average(x, axis=1, weights=[1, -1, 0]),
        lambda: arrpy.average(x, axis=1, weights=[1, -1, 0]),
        ZeroDivisionError,
        "Weights sum to zero, can't be normalized",
    )
    with pytest.raises(np.exceptions.AxisError):
        arrpy.average(x, axis=2)


# --- cov and corrcoef ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "complex128"])
def test_cov_and_corrcoef(backend, dtype):
    rng = np.random.default_rng(4)
    m = (rng.standard_normal((3, 8)) * 5).astype(dtype)
    if dtype == "complex128":
        m = m + 1j * rng.standard_normal((3, 8))
    y = rng.standard_normal((2, 8))
    for rowvar in (True, False):
        mm = m if rowvar else m.T
        yy = y if rowvar else y.T
        for kwargs in ({}, {"bias": True}, {"ddof": 3}):
            same(
                arrpy.cov(arrpy.asarray(mm), rowvar=rowvar, **kwargs),
                np.cov(mm, rowvar=rowvar, **kwargs),
                rtol=1e-10,
            )
        same(arrpy.cov(mm, yy, rowvar=rowvar), np.cov(mm, yy, rowvar=rowvar), rtol=1e-10)
        same(arrpy.corrcoef(mm, rowvar=rowvar), np.corrcoef(mm, rowvar=rowvar), rtol=1e-10)
        same(arrpy.corrcoef(mm, yy, rowvar=rowvar), np.corrcoef(mm, yy, rowvar=rowvar), rtol=1e-10)
    same(arrpy.cov(m[0]), np.cov(m[0]), rtol=1e-10)  # one variable: 0-d
    same(arrpy.corrcoef(m[0]), np.corrcoef(m[0]), rtol=1e-10)
    same(
        arrpy.cov(m, dtype="float32") if dtype != "complex128" else arrpy.cov(m),
        np.cov(m, dtype="float32") if dtype != "complex128" else np.cov(m),
        rtol=1e-5,
    )


def test_cov_weights(backend):
    rng = np.random.default_rng(5)
    m = rng.standard_normal((3, 6))
    fw = np.array([1, 2, 1, 3, 1, 1])
    aw = rng.uniform(0.1, 1.0, 6)
    for kwargs in (
        {"fweights": fw},
        {"aweights": aw},
        {"fweights": fw, "aweights": aw},
        {"fweights": fw, "aweights": aw, "ddof": 0},
        {"aweights": aw, "bias": True},
    ):
        same(arrpy.cov(m, **kwargs), np.cov(m, **kwargs), rtol=1e-10, err_msg=str(kwargs))
    raises_like(
        lambda: np.cov(m, fweights=[1.5] * 6),
        lambda: arrpy.cov(m, fweights=[1.5] * 6),
        TypeError,
        "fweights must be integer",
    )
    raises_like(
        lambda: np.cov(m, fweights=[-1] * 6),
        lambda: arrpy.cov(m, fweights=[-1] * 6),
        ValueError,
        "fweights cannot be negative",
    )
    raises_like(
        lambda: np.cov(m, aweights=[1.0] * 5),
        lambda: arrpy.cov(m, aweights=[1.0] * 5),
        RuntimeError,
        "incompatible numbers of samples and aweights",
    )
    raises_like(
        lambda: np.cov(np.ones((2, 2, 2))),
        lambda: arrpy.cov(np.ones((2, 2, 2))),
        ValueError,
        "m has more than 2 dimensions",
    )
    raises_like(
        lambda: np.cov(m, ddof=1.5),
        lambda: arrpy.cov(m, ddof=1.5),
        ValueError,
        "ddof must be integer",
    )


def test_cov_degrees_of_freedom_warning_and_empty(backend):
    with pytest.warns(RuntimeWarning, match="Degrees of freedom <= 0 for slice"):
        expected = np.cov(np.array([[1.0], [2.0]]))
    with pytest.warns(RuntimeWarning, match="Degrees of freedom <= 0 for slice"):
        got = arrpy.cov(arrpy.array([[1.0], [2.0]]))
    same(got, expected)
    same(arrpy.cov(np.zeros((0, 3))), np.cov(np.zeros((0, 3))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same(arrpy.corrcoef([1.0, 1.0, 1.0]), np.corrcoef([1.0, 1.0, 1.0]))


# --- gradient -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["int16", "int64", "float32", "float64", "complex128"])
@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient(backend, dtype, edge_order):
    rng = np.random.default_rng(6)
    f = (rng.standard_normal((5, 6)) * 10).astype(dtype)
    for view in (f, f[::-1, ::2]):
        a = arrpy.asarray(view)
        for args, kwargs in (
            ((), {}),
            ((2.0,), {}),
            ((0.5, 3.0), {}),
            ((), {"axis": 0}),
            ((), {"axis": -1}),
            ((np.array([0.0, 1.0, 1.5, 3.5, 4.0]),), {"axis": 0}),
            ((np.array([0, 1, 2, 3, 4]), 2.0), {}),
            ((np.cumsum(rng.uniform(0.5, 1.5, view.shape[1])),), {"axis": 1}),
        ):
            expected = np.gradient(view, *args, edge_order=edge_order, **kwargs)
            got = arrpy.gradient(a, *args, edge_order=edge_order, **kwargs)
            if isinstance(expected, tuple):
                assert isinstance(got, tuple) and len(got) == len(expected)
                for g, e in zip(got, expected, strict=True):
                    same(g, e, rtol=1e-5 if dtype == "float32" else 1e-10)
            else:
                same(got, expected, rtol=1e-5 if dtype == "float32" else 1e-10)


def test_gradient_1d_and_errors(backend):
    f = np.array([1, 2, 4, 7, 11, 16], dtype=float)
    same(arrpy.gradient(f), np.gradient(f))
    same(arrpy.gradient(f, 2.0, edge_order=2), np.gradient(f, 2.0, edge_order=2))
    x = np.array([0.0, 1.0, 1.5, 3.5, 4.0, 6.0])
    same(arrpy.gradient(f, x, edge_order=2), np.gradient(f, x, edge_order=2))
    raises_like(
        lambda: np.gradient(np.ones(2), edge_order=2),
        lambda: arrpy.gradient(np.ones(2), edge_order=2),
        ValueError,
        "Shape of array too small",
    )
    raises_like(
        lambda: np.gradient(f, edge_order=3),
        lambda: arrpy.gradient(f, edge_order=3),
        ValueError,
        "'edge_order' greater than 2 not supported",
    )
    raises_like(
        lambda: np.gradient(f, 1.0, 2.0),
        lambda: arrpy.gradient(f, 1.0, 2.0),
        TypeError,
        "invalid number of arguments",
    )
    raises_like(
        lambda: np.gradient(f, np.ones(3)),
        lambda: arrpy.gradient(f, np.ones(3)),
        ValueError,
        "distances must match the length",
    )
    raises_like(
        lambda: np.gradient(f, np.ones((2, 3))),
        lambda: arrpy.gradient(f, np.ones((2, 3))),
        ValueError,
        "distances must be either scalars or 1d",
    )


# --- properties ---------------------------------------------------------------------------------

_ARRAYS = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.float32, np.int32]),
    shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=5),
    elements={"allow_nan": False, "allow_infinity": False, "min_value": -1e3, "max_value": 1e3},
)


@settings(max_examples=25, deadline=None)
@given(x=_ARRAYS, bins=st.integers(1, 9), data=st.data())
def test_property_histogram_matches_numpy(backend_name, x, bins, data):
    flip = data.draw(st.booleans())
    view = x[::-1] if flip else x
    value_range = data.draw(st.sampled_from([None, (-10.0, 10.0), (0, 1)]))
    expected = np.histogram(view, bins=bins, range=value_range)
    with arrpy.backend(backend_name):
        got = arrpy.histogram(arrpy.asarray(view), bins=bins, range=value_range)
    same(got[0], expected[0])
    same(got[1], expected[1])


@settings(max_examples=20, deadline=None)
@given(x=_ARRAYS, data=st.data())
def test_property_gradient_and_average(backend_name, x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    edge_order = data.draw(st.sampled_from([1, 2]))
    with arrpy.backend(backend_name):
        if x.shape[axis] < edge_order + 1:
            with pytest.raises(ValueError, match="Shape of array too small"):
                arrpy.gradient(x, axis=axis, edge_order=edge_order)
        else:
            same(
                arrpy.gradient(x, axis=axis, edge_order=edge_order),
                np.gradient(x, axis=axis, edge_order=edge_order),
                rtol=1e-4,
            )
        if x.shape[axis]:
            w = np.arange(1, x.shape[axis] + 1)
            same(
                arrpy.average(x, axis=axis, weights=w),
                np.average(x, axis=axis, weights=w),
                rtol=1e-4,
            )


def test_cov_in_blocks_of_rows(backend, monkeypatch):
    from arrpy import statistics

    monkeypatch.setattr(statistics, "_PRODUCT_BLOCK", 20)  # 7 variables x 6 samples: 1 row
    m = np.random.default_rng(9).standard_normal((7, 6))
    same(arrpy.cov(m), np.cov(m), rtol=1e-10)
    same(arrpy.corrcoef(m, rowvar=False), np.corrcoef(m, rowvar=False), rtol=1e-10)
