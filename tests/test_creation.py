"""Creation functions: NumPy's signatures, default dtypes and values."""

import inspect

import numpy as np
import pytest
from conftest import DTYPES, assert_same, check_like_numpy

import arrpy

CREATION = ["zeros", "ones", "full", "empty", "zeros_like", "ones_like", "full_like",
            "empty_like", "arange", "linspace", "eye", "identity"]
# arrpy's default None means the same as NumPy's default for these (np.eye(dtype=None) is float,
# np.arange(0, 5, None) steps by 1).
_EQUIVALENT_DEFAULTS = {("eye", "dtype"): float, ("arange", "step"): 1}


def _positional(function):
    return [p for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


@pytest.mark.parametrize("name", CREATION)
def test_signature_matches_numpy(name):
    """Every argument arrpy takes by position is NumPy's argument in that position (same name,
    unless NumPy's is positional-only), and every keyword arrpy shares with NumPy has its default
    (or a None that means the same)."""
    ours = inspect.signature(getattr(arrpy, name)).parameters
    theirs = inspect.signature(getattr(np, name)).parameters
    ours_positional = _positional(getattr(arrpy, name))
    theirs_positional = _positional(getattr(np, name))
    for index, parameter in enumerate(ours_positional):
        if index >= len(theirs_positional):
            break
        reference = theirs_positional[index]
        if reference.kind is reference.POSITIONAL_ONLY:
            continue
        assert parameter.name == reference.name, (
            f"{name}: positional argument {index} is {parameter.name!r}, NumPy's is "
            f"{reference.name!r}"
        )
    for key, parameter in ours.items():
        if key in theirs and parameter.default is not inspect.Parameter.empty:
            expected = theirs[key].default
            if _EQUIVALENT_DEFAULTS.get((name, key), ...) == expected:
                expected = None
            assert parameter.default == expected, (name, key, parameter.default, expected)


# --- zeros / ones / empty / full ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
@pytest.mark.parametrize("shape", [3, (3,), (2, 3), (), (0,), (2, 0, 4), [2, 2], np.int64(4)])
def test_zeros_ones_empty_default_dtype_and_shape(name, shape):
    result = getattr(arrpy, name)(shape)
    expected = getattr(np, name)(shape)
    assert result.shape == expected.shape
    assert result.dtype is arrpy.float64
    if name != "empty":
        assert_same(result, expected)


@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_zeros_ones_empty_dtypes(name, dtype):
    result = getattr(arrpy, name)((2, 3), dtype=dtype)
    expected = getattr(np, name)((2, 3), dtype=dtype)
    assert result.shape == (2, 3)
    assert result.dtype == dtype
    if name != "empty":
        assert_same(result, expected)
    positional = getattr(arrpy, name)((2, 3), dtype)
    assert positional.dtype == dtype


@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_order_f(name):
    result = getattr(arrpy, name)((2, 3), order="F")
    assert result.data.flags.f_contiguous and not result.data.flags.c_contiguous


@pytest.mark.parametrize("fill", [7, 2.5, True, 1 + 2j, -3, np.float32(1.5), np.int8(3),
                                  2**63, arrpy.array(4.0)])
def test_full_infers_dtype_like_numpy(fill):
    np_fill = fill.data if isinstance(fill, arrpy.ArrPy) else fill
    assert_same(arrpy.full((2, 2), fill), np.full((2, 2), np_fill))


@pytest.mark.parametrize("dtype", DTYPES)
def test_full_with_dtype(dtype):
    assert_same(arrpy.full(3, 1, dtype=dtype), np.full(3, 1, dtype=dtype))
    assert_same(arrpy.full((2, 1), 1, dtype), np.full((2, 1), 1, dtype))


def test_full_broadcasts_fill_value():
    assert_same(arrpy.full((2, 3), [1, 2, 3]), np.full((2, 3), [1, 2, 3]))


def test_full_bad_fill():
    with pytest.raises(TypeError):
        arrpy.full(3, "x")
    with pytest.raises(OverflowError):
        arrpy.full(3, 300, dtype="int8")


@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_negative_shape_is_value_error(name):
    with pytest.raises(ValueError):
        getattr(arrpy, name)(-1)
    with pytest.raises(TypeError):
        getattr(arrpy, name)(2.5)


# --- *_like ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["zeros_like", "ones_like", "empty_like"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_like_keeps_shape_and_dtype(name, dtype):
    prototype = np.arange(6).reshape(2, 3).astype(dtype)
    for proto in (arrpy.asarray(prototype), prototype, prototype.tolist()):
        result = getattr(arrpy, name)(proto)
        expected = getattr(np, name)(prototype if not isinstance(proto, list) else proto)
        assert result.shape == expected.shape
        assert result.dtype == expected.dtype
        if name != "empty_like":
            assert_same(result, expected)


@pytest.mark.parametrize("name", ["zeros_like", "ones_like", "empty_like"])
def test_like_overrides(name):
    proto = arrpy.zeros((2, 3), dtype="int16")
    result = getattr(arrpy, name)(proto, dtype="complex64", shape=(4,))
    assert result.shape == (4,)
    assert result.dtype is arrpy.complex64
    if name != "empty_like":
        assert_same(result, getattr(np, name)(proto.data, dtype="complex64", shape=(4,)))


def test_like_does_not_share_memory():
    proto = arrpy.ones(3)
    for result in (arrpy.zeros_like(proto), arrpy.ones_like(proto), arrpy.empty_like(proto),
                   arrpy.full_like(proto, 2)):
        assert not np.shares_memory(result.data, proto.data)


def test_like_order_k_keeps_layout():
    proto = arrpy.zeros((3, 4)).T
    assert arrpy.zeros_like(proto).data.flags.f_contiguous
    assert arrpy.zeros_like(proto, order="C").data.flags.c_contiguous


@pytest.mark.parametrize("dtype", DTYPES)
def test_full_like(dtype):
    proto = np.zeros((2, 3), dtype=dtype)
    assert_same(arrpy.full_like(arrpy.asarray(proto), 1), np.full_like(proto, 1))
    assert_same(arrpy.full_like(proto, 1, dtype="float32"), np.full_like(proto, 1, dtype="float32"))


def test_full_like_casts_fill_value_to_prototype_dtype():
    proto = np.zeros(3, dtype=np.int32)
    assert_same(arrpy.full_like(arrpy.asarray(proto), 2.7), np.full_like(proto, 2.7))
    assert_same(arrpy.full_like(arrpy.asarray(proto), arrpy.array(3)), np.full_like(proto, 3))


# --- arange ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    (5,), (0,), (-3,), (2, 7), (7, 2), (2, 10, 3), (10, 2, -3), (5.0,), (0.5, 3), (1, 2, 0.25),
    (0, 1, 0.1), (-1.5, 1.5, 0.5), (np.int8(5),), (3, 8, np.int16(2)), (1, 2, 0.3),
    (True,), (0, 5, 1),
])
def test_arange(args):
    assert_same(arrpy.arange(*args), np.arange(*args))


def test_arange_step_without_stop():
    assert_same(arrpy.arange(5, step=2), np.arange(0, 5, 2))


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != "bool"])
def test_arange_dtype(dtype):
    assert_same(arrpy.arange(1, 6, dtype=dtype), np.arange(1, 6, dtype=dtype))
    assert_same(arrpy.arange(5, dtype=dtype), np.arange(5, dtype=dtype))


def test_arange_keywords():
    assert_same(arrpy.arange(start=1, stop=4), np.arange(1, 4))
    assert_same(arrpy.arange(2, 9, step=3), np.arange(2, 9, 3))


def test_arange_zero_step():
    with pytest.raises(ZeroDivisionError, match="arange"):
        arrpy.arange(0, 5, 0)


# --- linspace -------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs", [
    ((0, 1), {}), ((0, 1, 5), {}), ((0, 1, 5), {"endpoint": False}), ((2, -3, 7), {}),
    ((0, 1, 0), {}), ((0, 1, 1), {}), ((0, 1, 1), {"endpoint": False}),
    ((0, 10, 6), {"dtype": int}),
    ((0, 10, 6), {"dtype": "float32"}), ((1j, 2 + 3j, 4), {}), ((0, 1, 4), {"dtype": "complex64"}),
    (([0, 1], [1, 3], 3), {}), (([0, 1], [1, 3], 3), {"axis": 1}), ((0, 1, np.int64(3)), {}),
    ((np.float32(0), np.float32(1), 3), {}), ((-5, 5, 11), {"dtype": "int8"}),
])
def test_linspace(args, kwargs):
    assert_same(arrpy.linspace(*args, **kwargs), np.linspace(*args, **kwargs))


def test_linspace_retstep():
    result, step = arrpy.linspace(0, 1, 5, retstep=True)
    expected, expected_step = np.linspace(0, 1, 5, retstep=True)
    assert_same(result, expected)
    assert step == expected_step
    result, step = arrpy.linspace(0, 2, 4, endpoint=False, retstep=True)
    assert step == 0.5


def test_linspace_accepts_arrpy_endpoints():
    assert_same(arrpy.linspace(arrpy.array([0.0, 1.0]), arrpy.array(2.0), 3),
                np.linspace(np.array([0.0, 1.0]), 2.0, 3))


def test_linspace_bad_num():
    with pytest.raises(ValueError, match="linspace"):
        arrpy.linspace(0, 1, -1)
    with pytest.raises(TypeError, match="linspace"):
        arrpy.linspace(0, 1, 2.5)
    with pytest.raises(TypeError, match="linspace"):
        arrpy.linspace(0, 1, True)


# --- eye / identity -------------------------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs", [
    ((3,), {}), ((2, 4), {}), ((4, 2), {}), ((3,), {"k": 1}), ((3,), {"k": -2}), ((3, 3, 5), {}),
    ((3,), {"dtype": int}), ((2, 3), {"k": 1, "dtype": "complex64"}), ((0,), {}),
    ((3,), {"dtype": bool}), ((3,), {"M": 0}),
])
def test_eye(args, kwargs):
    assert_same(arrpy.eye(*args, **kwargs), np.eye(*args, **kwargs))


@pytest.mark.parametrize("dtype", DTYPES)
def test_eye_and_identity_dtypes(dtype):
    assert_same(arrpy.eye(3, dtype=dtype), np.eye(3, dtype=dtype))
    assert_same(arrpy.identity(3, dtype=dtype), np.identity(3, dtype=dtype))
    assert_same(arrpy.identity(2, dtype), np.identity(2, dtype))


def test_eye_order_f():
    assert arrpy.eye(3, order="F").data.flags.f_contiguous


@pytest.mark.parametrize("n", [0, 1, 4])
def test_identity(n):
    assert_same(arrpy.identity(n), np.identity(n))


# --- errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda m: m.zeros(3, dtype="float17"), lambda m: m.ones(3, dtype="nope"),
    lambda m: m.full(3, 1, dtype="x"), lambda m: m.eye(2, dtype="bogus"),
    lambda m: m.arange(3, dtype="fake"), lambda m: m.linspace(0, 1, 3, dtype="q8"),
    lambda m: m.identity(2, dtype="zz"), lambda m: m.zeros_like([1], dtype="yy"),
])
def test_creation_bad_dtype_is_type_error(call):
    check_like_numpy(lambda: call(np), lambda: call(arrpy))
