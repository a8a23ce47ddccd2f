"""The scan front end (arrpy.scans) against NumPy, in every backend: cumsum, cumprod, nancumsum,
nancumprod, cumulative_sum, cumulative_prod, diff and the ArrPy methods.

Shape first, then dtype, then values (``conftest.assert_same``); floating scans are NumPy's
sequential ones, so they are compared exactly here too.
"""

import warnings

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from conftest import DTYPES, assert_same, sample_values
from hypothesis import given, settings
from hypothesis import strategies as st

import arrpy
from arrpy import AxisError


def exact(result, expected, err_msg=""):
    """assert_same with exact floats (scans are sequential in every backend)."""
    assert_same(result, expected, rtol=0, err_msg=err_msg)


def np_quiet(call):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return call()


# --- cumsum / cumprod -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_default_dtype_and_axes(backend, name, dtype):
    data = sample_values(dtype, (3, 4, 5), seed=3, special=False)
    a = arrpy.asarray(data)
    for axis in (None, 0, 1, 2, -1, -3):
        expected = np_quiet(lambda axis=axis: getattr(np, name)(data, axis=axis))
        exact(getattr(arrpy, name)(a, axis=axis), expected, f"{name} {dtype} axis={axis}")


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize(
    ("dtype", "requested"),
    [
        ("int8", "int8"),
        ("int8", "int16"),
        ("uint8", "int64"),
        ("bool", "bool"),
        ("bool", "float32"),
        ("int32", "float64"),
        ("float32", "float64"),
        ("float64", "float32"),
        ("float64", "int64"),
        ("complex64", "complex128"),
        ("uint64", "float64"),
    ],
)
def test_dtype_argument(backend, name, dtype, requested):
    data = sample_values(dtype, (4, 6), seed=5, special=False)
    expected = np_quiet(lambda: getattr(np, name)(data, axis=1, dtype=requested))
    exact(getattr(arrpy, name)(arrpy.asarray(data), axis=1, dtype=requested), expected)


def test_integer_overflow_wraps(backend):
    data = np.array([2**62, 2**62, 2**62, -5], dtype=np.int64)
    exact(arrpy.cumsum(arrpy.asarray(data)), np.cumsum(data))
    small = np.array([100, 100, 100], dtype=np.int8)
    exact(arrpy.cumsum(arrpy.asarray(small), dtype="int8"), np.cumsum(small, dtype=np.int8))
    exact(arrpy.cumprod(arrpy.asarray(small), dtype="int8"), np.cumprod(small, dtype=np.int8))
    unsigned = np.array([2**63, 2**63, 3], dtype=np.uint64)
    exact(arrpy.cumsum(arrpy.asarray(unsigned)), np.cumsum(unsigned))


def test_nan_inf_and_signed_zero(backend):
    data = np.array([-0.0, -0.0, np.inf, -np.inf, 1.0, np.nan, 2.0])
    exact(arrpy.cumsum(arrpy.asarray(data)), np_quiet(lambda: np.cumsum(data)))
    exact(arrpy.cumprod(arrpy.asarray(data)), np_quiet(lambda: np.cumprod(data)))
    assert np.signbit(arrpy.cumsum(arrpy.asarray(data[:2])).data).all()


def test_zero_d_and_empty(backend):
    exact(arrpy.cumsum(arrpy.asarray(np.array(5.0))), np.cumsum(np.array(5.0)))
    exact(arrpy.cumsum(arrpy.asarray(np.array(5)), axis=0), np.cumsum(np.array(5), axis=0))
    for shape, axis in (((0,), None), ((0, 3), 0), ((3, 0), 1), ((2, 0, 4), 2)):
        data = np.zeros(shape, dtype=np.int16)
        exact(arrpy.cumprod(arrpy.asarray(data), axis=axis), np.cumprod(data, axis=axis))


def test_out_argument(backend):
    data = np.array([[1.5, 1.5, 2.0], [3.0, -1.0, 0.5]])
    a = arrpy.asarray(data)
    out = arrpy.zeros((2, 3))
    assert arrpy.cumsum(a, axis=1, out=out) is out
    exact(out, np.cumsum(data, axis=1))
    # A different dtype: computed in the accumulator, then cast (NumPy: [1, 3], not [1, 2]).
    out8 = arrpy.zeros(6, dtype="int8")
    expected8 = np.zeros(6, dtype=np.int8)
    np.cumsum(data, out=expected8)
    assert arrpy.cumsum(a, out=out8) is out8
    exact(out8, expected8)
    # A strided out view, and out overlapping the input (in place).
    wide = arrpy.zeros((2, 6))
    arrpy.cumprod(a, axis=0, out=wide[:, ::2])
    exact(wide[:, ::2], np.cumprod(data, axis=0))
    b = arrpy.asarray(data.copy())
    arrpy.cumsum(b, axis=0, out=b)
    exact(b, np.cumsum(data, axis=0))
    with pytest.raises(ValueError, match="cumsum"):
        arrpy.cumsum(a, out=arrpy.zeros(5))
    with pytest.raises(TypeError, match="cumsum"):
        arrpy.cumsum(a, out=np.zeros(6))


def test_axis_errors(backend):
    a = arrpy.asarray(np.ones((2, 3)))
    for bad in (2, -3):
        with pytest.raises(AxisError, match="cumsum"):
            arrpy.cumsum(a, axis=bad)
        with pytest.raises(IndexError):  # AxisError is an IndexError too, as NumPy's
            arrpy.cumprod(a, axis=bad)
    with pytest.raises(AxisError):
        arrpy.cumsum(arrpy.asarray(np.array(1.0)), axis=1)
    with pytest.raises(TypeError, match="cumsum"):
        arrpy.cumsum(a, axis=1.0)
    with pytest.raises(TypeError, match="cumsum"):
        arrpy.cumsum(a, axis=(0, 1))


def test_methods(backend):
    data = sample_values("int16", (3, 4), seed=8, special=False)
    a = arrpy.asarray(data)
    exact(a.cumsum(), data.cumsum())
    exact(a.cumsum(axis=0, dtype="int16"), data.cumsum(axis=0, dtype=np.int16))
    exact(a.cumprod(axis=1), data.cumprod(axis=1))
    exact(a.T.cumsum(axis=1), data.T.cumsum(axis=1))


def test_byte_swapped_and_unaligned_input(backend):
    swapped = np.arange(1.0, 7.0).reshape(2, 3).astype(">f8")
    exact(arrpy.cumsum(arrpy.asarray(swapped), axis=0), np.cumsum(swapped, axis=0))
    raw = np.zeros(8 * 5 + 1, dtype=np.uint8)[1:].view(np.float64)  # misaligned float64
    raw[:] = [1.5, -2.0, 3.0, 0.25, 8.0]
    assert not raw.flags.aligned
    exact(arrpy.cumprod(arrpy.asarray(raw)), np.cumprod(raw))


def test_python_inputs(backend):
    exact(arrpy.cumsum([1, 2, 3]), np.cumsum([1, 2, 3]))
    exact(arrpy.cumprod([[1.0, 2.0], [3.0, 4.0]], axis=1), np.cumprod([[1.0, 2.0], [3.0, 4.0]], 1))


# --- nancumsum / nancumprod -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nancumsum", "nancumprod"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128", "int8", "bool"])
def test_nan_scans(backend, name, dtype):
    data = sample_values(dtype, (4, 5), seed=12, special=False)
    if data.dtype.kind in "fc":
        data[0, 0] = np.nan
        data[2, 1:3] = np.nan
        data[3, :] = np.nan
        if data.dtype.kind == "c":
            data[1, 2] = complex(1.0, np.nan)
    a = arrpy.asarray(data)
    for axis in (None, 0, 1, -1):
        expected = np_quiet(lambda axis=axis: getattr(np, name)(data, axis=axis))
        exact(getattr(arrpy, name)(a, axis=axis), expected, f"{name} {dtype} axis={axis}")
    expected = np_quiet(lambda: getattr(np, name)(data, axis=1, dtype=np.complex128))
    exact(getattr(arrpy, name)(a, axis=1, dtype="complex128"), expected)


def test_nan_scan_leaves_input_alone(backend):
    data = np.array([1.0, np.nan, 2.0])
    a = arrpy.asarray(data.copy())
    exact(arrpy.nancumsum(a), np.nancumsum(data))
    assert np.isnan(a.data[1])
    out = arrpy.zeros(3)
    assert arrpy.nancumprod(a, out=out) is out
    exact(out, np.nancumprod(data))


# --- cumulative_sum / cumulative_prod -------------------------------------------------------------


@pytest.mark.parametrize("name", ["cumulative_sum", "cumulative_prod"])
@pytest.mark.parametrize("include_initial", [False, True])
def test_cumulative(backend, name, include_initial):
    function = getattr(np, name)
    for dtype in ("int8", "uint16", "bool", "float32", "complex128"):
        data = sample_values(dtype, (3, 4), seed=2, special=False)
        a = arrpy.asarray(data)
        for axis in (0, 1, -1):
            expected = np_quiet(
                lambda data=data, axis=axis: function(
                    data, axis=axis, include_initial=include_initial
                )
            )
            exact(
                getattr(arrpy, name)(a, axis=axis, include_initial=include_initial),
                expected,
                f"{name} {dtype} axis={axis}",
            )
        vector = data[1]
        expected = np_quiet(lambda vector=vector: function(vector, include_initial=include_initial))
        exact(
            getattr(arrpy, name)(arrpy.asarray(vector), include_initial=include_initial), expected
        )
    empty = np.zeros((2, 0))
    exact(
        getattr(arrpy, name)(arrpy.asarray(empty), axis=1, include_initial=include_initial),
        getattr(np, name)(empty, axis=1, include_initial=include_initial),
    )
    expected = getattr(np, name)(np.array(2.0), include_initial=include_initial)
    exact(
        getattr(arrpy, name)(arrpy.asarray(np.array(2.0)), include_initial=include_initial),
        expected,
    )


def test_cumulative_dtype_out_and_errors(backend):
    data = np.array([[1, 2], [3, 4]], dtype=np.int8)
    a = arrpy.asarray(data)
    exact(
        arrpy.cumulative_sum(a, axis=0, dtype="float32", include_initial=True),
        np.cumulative_sum(data, axis=0, dtype=np.float32, include_initial=True),
    )
    out = arrpy.zeros((2, 3), dtype="int64")
    assert arrpy.cumulative_prod(a, axis=1, out=out, include_initial=True) is out
    exact(out, np.cumulative_prod(data, axis=1, include_initial=True))
    with pytest.raises(ValueError, match="axis"):
        arrpy.cumulative_sum(a)
    with pytest.raises(ValueError, match="cumulative_sum"):
        arrpy.cumulative_sum(a, axis=1, out=arrpy.zeros((2, 2)), include_initial=True)
    with pytest.raises(AxisError):
        arrpy.cumulative_prod(a, axis=2)


# --- diff -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_diff_orders(backend, dtype):
    data = sample_values(dtype, (4, 6), seed=21, special=False)
    a = arrpy.asarray(data)
    for n in range(4):
        for axis in (-1, 0, 1):
            expected = np_quiet(lambda n=n, axis=axis: np.diff(data, n=n, axis=axis))
            exact(arrpy.diff(a, n=n, axis=axis), expected, f"diff {dtype} n={n} axis={axis}")
    exact(arrpy.diff(a, n=9), np.diff(data, n=9))  # longer than the axis: empty


def test_diff_bool_is_not_equal(backend):
    data = np.array([[True, False, False, True], [True, True, False, False]])
    for n in (1, 2):
        exact(arrpy.diff(arrpy.asarray(data), n=n), np.diff(data, n=n))


def test_diff_prepend_append(backend):
    data = np.array([[1, 2, 4], [7, 11, 16]], dtype=np.int32)
    a = arrpy.asarray(data)
    cases = [
        dict(prepend=0),
        dict(append=100),
        dict(prepend=0, append=[[5], [6]]),
        dict(
            prepend=np.array([[9], [8]], dtype=np.int32), append=arrpy.asarray(np.array([[1], [2]]))
        ),
        dict(prepend=2.5),
    ]
    for kwargs in cases:
        numpy_kwargs = {k: (v.data if isinstance(v, arrpy.ArrPy) else v) for k, v in kwargs.items()}
        exact(arrpy.diff(a, **kwargs), np.diff(data, **numpy_kwargs), repr(kwargs))
    exact(arrpy.diff(a, axis=0, prepend=0), np.diff(data, axis=0, prepend=0))
    unsigned = np.array([3, 1, 2], dtype=np.uint8)
    exact(arrpy.diff(arrpy.asarray(unsigned)), np.diff(unsigned))  # wraps


def test_diff_n_zero_returns_input(backend):
    a = arrpy.asarray(np.arange(3.0))
    assert arrpy.diff(a, n=0) is a


def test_diff_errors(backend):
    with pytest.raises(ValueError, match="order must be non-negative"):
        arrpy.diff(arrpy.asarray(np.ones(3)), n=-1)
    with pytest.raises(ValueError, match="diff requires input that is at least one dimensional"):
        arrpy.diff(arrpy.asarray(np.array(1.0)))
    with pytest.raises(AxisError, match="diff"):
        arrpy.diff(arrpy.asarray(np.ones((2, 2))), axis=2)
    with pytest.raises(TypeError, match="diff"):
        arrpy.diff(arrpy.asarray(np.ones(3)), n=1.5)
    with pytest.raises(ValueError):
        arrpy.diff(arrpy.asarray(np.ones((2, 2))), prepend=np.ones((3, 3)))


# --- properties (hypothesis) ----------------------------------------------------------------------

_SCAN_DTYPES = st.sampled_from(
    ["bool", "int8", "uint16", "int64", "float32", "float64", "complex64"]
)


@st.composite
def arrays_and_views(draw):
    """An array of 0 to 3 dims (empty extents allowed) and a view of it: as is, transposed,
    reversed along an axis, or strided."""
    dtype = draw(_SCAN_DTYPES)
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5))
    elements = None
    if dtype.startswith(("float", "complex")):
        elements = st.floats(-1e3, 1e3, width=32) | st.sampled_from([np.nan, np.inf, -np.inf, -0.0])
    data = draw(hnp.arrays(dtype, shape, elements=elements))
    how = draw(st.sampled_from(["as is", "transposed", "reversed", "strided"]))
    if data.ndim >= 1 and how == "transposed":
        data = data.T
    elif data.ndim >= 1 and how == "reversed":
        data = np.flip(data, axis=draw(st.integers(0, data.ndim - 1)))
    elif data.ndim >= 1 and how == "strided":
        data = data[..., ::2]
    return data


@settings(max_examples=40, deadline=None)
@given(data=arrays_and_views(), choice=st.data())
def test_scans_match_numpy_property(backend_name, data, choice):
    name = choice.draw(st.sampled_from(["cumsum", "cumprod", "nancumsum", "nancumprod"]))
    axes = [None] + list(range(-max(data.ndim, 1), max(data.ndim, 1)))
    axis = choice.draw(st.sampled_from(axes))
    expected = np_quiet(lambda: getattr(np, name)(data, axis=axis))
    with arrpy.backend(backend_name):
        result = getattr(arrpy, name)(arrpy.asarray(data), axis=axis)
    exact(result, expected, f"{name} axis={axis} {data.dtype} {data.shape} {data.strides}")


@settings(max_examples=40, deadline=None)
@given(data=arrays_and_views(), choice=st.data())
def test_diff_matches_numpy_property(backend_name, data, choice):
    if data.ndim == 0:
        return  # the error case has its own test
    n = choice.draw(st.integers(0, 3))
    axis = choice.draw(st.integers(-data.ndim, data.ndim - 1))
    expected = np_quiet(lambda: np.diff(data, n=n, axis=axis))
    with arrpy.backend(backend_name), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = arrpy.diff(arrpy.asarray(data), n=n, axis=axis)
    exact(result, expected, f"diff n={n} axis={axis} {data.dtype} {data.shape}")
