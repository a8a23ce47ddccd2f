"""Shared test configuration for arrpy.

* ``BACKENDS``: the backends every backend-parametrised test runs on, from the environment
  variable ``ARRPY_TEST_BACKENDS`` (comma separated; default: all three, ``python,cython,c``).
  A test asking for the ``backend`` fixture runs once per backend with that backend active
  (``with arrpy.backend(name)``); a test with a ``backend_name`` argument is parametrised the same
  way but activates the backend itself (needed for hypothesis tests, which must not use
  function-scoped fixtures).
* dtype lists (``DTYPES`` and the kinds).
* ``assert_same(result, expected)``: an ArrPy result against NumPy's, shape first, then dtype,
  then the values (exact for booleans and integers, tight tolerance for floats and complex, with
  NaN and infinity positions equal).
* ``assert_raises_like(np_call, arrpy_call)``: arrpy raises the exception type NumPy raises.

Test modules import these names with ``from conftest import ...`` (pytest puts ``tests/`` on
``sys.path``: the directory has no ``__init__.py``).
"""

import os

import numpy as np
import pytest

import arrpy
from arrpy import _core

ALL_BACKENDS = ("python", "cython", "c")


def _backends_from_env():
    raw = os.environ.get("ARRPY_TEST_BACKENDS", "")
    names = [name.strip() for name in raw.split(",") if name.strip()]
    return tuple(names) if names else ALL_BACKENDS


#: The backends under test (ARRPY_TEST_BACKENDS). An unknown name is not dropped silently:
#: test_backends.py::test_test_backends_are_known fails on it.
BACKENDS = _backends_from_env()

BOOL_DTYPES = ("bool",)
SIGNED_DTYPES = ("int8", "int16", "int32", "int64")
UNSIGNED_DTYPES = ("uint8", "uint16", "uint32", "uint64")
INT_DTYPES = SIGNED_DTYPES + UNSIGNED_DTYPES
FLOAT_DTYPES = ("float32", "float64")
COMPLEX_DTYPES = ("complex64", "complex128")
INEXACT_DTYPES = FLOAT_DTYPES + COMPLEX_DTYPES
NUMERIC_DTYPES = INT_DTYPES + INEXACT_DTYPES
#: Every dtype arrpy supports.
DTYPES = BOOL_DTYPES + NUMERIC_DTYPES

#: Relative tolerance by dtype for inexact results (single and double precision).
RTOL = {"float32": 1e-6, "complex64": 1e-6, "float64": 1e-15, "complex128": 1e-15}

#: Exception classes an arrpy error is matched against (NumPy raises subclasses of these, e.g.
#: UFuncTypeError is a TypeError).
_BASE_EXCEPTIONS = (OverflowError, ZeroDivisionError, IndexError, TypeError, ValueError)


def pytest_generate_tests(metafunc):
    if "backend_name" in metafunc.fixturenames:
        metafunc.parametrize("backend_name", BACKENDS)


@pytest.fixture(params=BACKENDS)
def backend(request):
    """The name of the backend under test, active (``with arrpy.backend``) for the test."""
    with arrpy.backend(request.param):
        yield request.param


@pytest.fixture(autouse=True)
def _restore_arrpy_state():
    """Undo set_backend / set_num_threads done by a test (or a doctest) after it."""
    assert _core.backend_context.get() is None, "a `with arrpy.backend(...)` leaked into a test"
    backend_before = _core.current_backend_name()
    threads_before = arrpy.get_num_threads()
    yield
    _core.set_global_backend(backend_before)
    if arrpy.get_num_threads() != threads_before:
        arrpy.set_num_threads(threads_before)


# ------------------------------------------------------------------------------------------------
# Comparison helpers
# ------------------------------------------------------------------------------------------------

def _same_special_positions(got, expected, what):
    """NaN, +inf and -inf at the same positions of two real arrays."""
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected),
                                  err_msg=f"{what}: NaN positions")
    np.testing.assert_array_equal(got == np.inf, expected == np.inf,
                                  err_msg=f"{what}: +inf positions")
    np.testing.assert_array_equal(got == -np.inf, expected == -np.inf,
                                  err_msg=f"{what}: -inf positions")


def _without_overflow_ties(got, expected):
    """Copies of two real arrays with 0 where one side overflowed to +-inf and the other is a
    finite value of the same sign beyond half the largest float. A complex product's component
    is a sum of two products, and one rounded product can overflow where a fused multiply-add
    does not: at the edge of the range the result depends on the loop (NumPy's own SIMD and
    scalar loops differ), so the tests do not ask for one answer there."""
    big = np.finfo(expected.dtype).max / 2
    same_sign = np.sign(got) == np.sign(expected)
    tie = same_sign & (
        (np.isinf(expected) & np.isfinite(got) & (np.abs(got) >= big))
        | (np.isinf(got) & np.isfinite(expected) & (np.abs(expected) >= big))
    )
    if not tie.any():
        return got, expected
    return np.where(tie, 0, got), np.where(tie, 0, expected)


def assert_values(got, expected, rtol=None, err_msg=""):
    """Values of two ndarrays of one dtype: exact for bool/int, tolerance for float/complex."""
    got = np.asarray(got)
    expected = np.asarray(expected)
    kind = expected.dtype.kind
    if kind in "biu":
        np.testing.assert_array_equal(got, expected, strict=True, err_msg=err_msg)
        return
    if rtol is None:
        rtol = RTOL[expected.dtype.name]
    if kind == "f":
        _same_special_positions(got, expected, err_msg or "values")
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=0, equal_nan=True,
                                   err_msg=err_msg)
        return
    # complex: every component's NaN/inf positions must agree exactly; finite components must be
    # within rtol of the exact result, measured against the magnitude of the complex value (the
    # natural norm of complex arithmetic: cancellation in one component is not an error).
    with np.errstate(over="ignore"):
        magnitude = np.abs(expected)
    for part in ("real", "imag"):
        g = getattr(got, part)
        e = getattr(expected, part)
        g, e = _without_overflow_ties(g, e)
        _same_special_positions(g, e, f"{err_msg} {part} part".strip())
        finite = np.isfinite(g) & np.isfinite(e)
        scale = np.where(np.isfinite(magnitude), magnitude, np.abs(e))[finite]
        error = np.abs(g[finite].astype(np.float64) - e[finite].astype(np.float64))
        bad = error > rtol * scale
        if bad.any():
            index = np.flatnonzero(finite)[np.flatnonzero(bad)[:5]]
            raise AssertionError(
                f"{err_msg} {part} parts differ beyond rtol={rtol} at flat positions "
                f"{index.tolist()}: got {got.reshape(-1)[index]!r}, expected "
                f"{expected.reshape(-1)[index]!r}"
            )


def assert_same(result, expected, rtol=None, err_msg=""):
    """``result`` (an ArrPy) equals NumPy's ``expected``: shape, then dtype, then values."""
    assert isinstance(result, arrpy.ArrPy), f"{err_msg}: expected an ArrPy, got {type(result)!r}"
    got = result.data
    assert isinstance(got, np.ndarray), f"{err_msg}: ArrPy.data is {type(got)!r}"
    expected = np.asarray(expected)
    assert got.shape == expected.shape, f"{err_msg}: shape {got.shape} != {expected.shape}"
    assert got.dtype == expected.dtype, f"{err_msg}: dtype {got.dtype} != {expected.dtype}"
    assert result.dtype == expected.dtype, f"{err_msg}: ArrPy.dtype {result.dtype!r}"
    assert_values(got, expected, rtol=rtol, err_msg=err_msg)


def numpy_exception_base(error):
    """The builtin exception class a NumPy error belongs to (UFuncTypeError -> TypeError)."""
    for base in _BASE_EXCEPTIONS:
        if isinstance(error, base):
            return base
    return type(error)


def numpy_outcome(np_call):
    """``(result, None)`` or ``(None, exception base class)`` of a NumPy call, warnings off."""
    with np.errstate(all="ignore"):
        try:
            return np_call(), None
        except Exception as error:  # noqa: BLE001 - we mirror whatever NumPy does
            return None, numpy_exception_base(error)


def check_like_numpy(np_call, arrpy_call, rtol=None, err_msg=""):
    """arrpy's call gives NumPy's result (assert_same) or raises NumPy's exception type.

    Returns the arrpy result (None if both raised).
    """
    expected, error_type = numpy_outcome(np_call)
    if error_type is not None:
        with pytest.raises(error_type):
            arrpy_call()
        return None
    result = arrpy_call()
    assert_same(result, expected, rtol=rtol, err_msg=err_msg)
    return result


# ------------------------------------------------------------------------------------------------
# Data
# ------------------------------------------------------------------------------------------------

def sample_values(dtype, shape, seed=0, special=True):
    """Deterministic test data of ``dtype``: the full range for integers (so overflow happens),
    and for floats a mix of ordinary values, signed zeros, huge and tiny values, inf and nan."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    size = int(np.prod(shape, dtype=np.int64))
    if dtype.kind == "b":
        return rng.integers(0, 2, size).astype(bool).reshape(shape)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        values = rng.integers(info.min, info.max, size, dtype=dtype, endpoint=True)
        small = rng.integers(max(info.min, -5), 6, size).astype(dtype)
        choose = rng.random(size) < 0.5
        return np.where(choose, small, values).reshape(shape)
    real_dtype = {"complex64": np.dtype(np.float32), "complex128": np.dtype(np.float64)}.get(
        dtype.name, dtype)

    def real_part():
        values = rng.standard_normal(size) * 10.0 ** rng.integers(-3, 4, size)
        values = values.astype(real_dtype)
        if special and size:
            finfo = np.finfo(real_dtype)
            specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0,
                                 float(finfo.max), float(finfo.tiny), 2.5],
                                dtype=real_dtype)
            where = rng.random(size) < 0.15
            values[where] = rng.choice(specials, int(where.sum()))
        return values

    if dtype.kind == "f":
        return real_part().reshape(shape)
    result = np.empty(size, dtype=dtype)
    result.real = real_part()
    result.imag = real_part()
    return result.reshape(shape)
