"""The ArrPy object: construction, copy semantics, properties, conversion, printing, indexing."""

import collections.abc
import operator
import pickle
import warnings

import numpy as np
import pytest
from conftest import DTYPES, assert_same, check_like_numpy, sample_values

import arrpy
from arrpy import ArrPy

# --- construction ---------------------------------------------------------------------------------

INPUTS = [
    [1, 2, 3], (1, 2, 3), [[1, 2], [3, 4]], [1.5, 2], [True, False], [1, 2.5, 3j], [],
    [[]], [[1], [2]], 5, 2.5, True, 1 + 1j, [2**63], [2**63 - 1, -1], ((1, 2), [3, 4]),
    [np.int8(1), np.int8(2)], [np.float32(1.5)], np.float32(2.5), np.int16(7), [[[1.0]]],
    [1, True], [0.1, 0.2],
]


@pytest.mark.parametrize("data", INPUTS, ids=repr)
@pytest.mark.parametrize("make", ["ArrPy", "array", "asarray"])
def test_construct_infers_like_numpy(make, data):
    assert_same(getattr(arrpy, make)(data), np.array(data))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("make", ["ArrPy", "array", "asarray"])
def test_construct_with_dtype(make, dtype):
    data = [[0, 1, 2], [3, 4, 5]]
    assert_same(getattr(arrpy, make)(data, dtype=dtype), np.array(data, dtype=dtype))
    source = sample_values("float64", (3, 2), special=False)
    assert_same(getattr(arrpy, make)(source, dtype=dtype), source.astype(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_construct_from_ndarray_keeps_dtype(dtype):
    source = sample_values(dtype, (2, 3))
    for make in (ArrPy, arrpy.array, arrpy.asarray):
        assert_same(make(source), source)


def test_construct_from_arrpy():
    a = arrpy.array([[1, 2], [3, 4]], dtype="int16")
    for make in (ArrPy, arrpy.array, arrpy.asarray):
        assert_same(make(a), np.array([[1, 2], [3, 4]], dtype=np.int16))
    assert_same(ArrPy(a, dtype="float32"), np.array([[1, 2], [3, 4]], dtype=np.float32))


class HasArray:
    def __init__(self, values):
        self.values = np.asarray(values)

    def __array__(self, dtype=None, copy=None):
        return self.values


def test_construct_from_array_protocol_object():
    source = HasArray([1.0, 2.0, 3.0])
    for make in (ArrPy, arrpy.array, arrpy.asarray):
        assert_same(make(source), np.array([1.0, 2.0, 3.0]))
    assert not np.shares_memory(arrpy.array(source).data, source.values)
    assert np.shares_memory(arrpy.asarray(source).data, source.values)


def test_construct_from_non_contiguous_view():
    base = np.arange(24.0).reshape(4, 6)
    view = base[::-2, 1::2].T
    assert_same(arrpy.array(view), view)
    assert_same(arrpy.asarray(view), view)


def test_construct_zero_d():
    a = arrpy.array(3.5)
    assert a.shape == () and a.ndim == 0 and a.size == 1
    assert_same(a, np.array(3.5))


@pytest.mark.parametrize("ragged", [[[1, 2], [3]], [1, [2, 3]], [[[1, 2]], [[3]]], [[1], 2]],
                         ids=repr)
@pytest.mark.parametrize("make", ["ArrPy", "array", "asarray"])
def test_ragged_is_value_error(make, ragged):
    with pytest.raises(ValueError) as info:
        getattr(arrpy, make)(ragged)
    assert make in str(info.value)


@pytest.mark.parametrize("bad", ["abc", b"abc", ["1", "2"], [1, "a"], [[1.0], ["x"]]], ids=repr)
@pytest.mark.parametrize("make", ["ArrPy", "array", "asarray"])
def test_strings_are_type_error(make, bad):
    with pytest.raises(TypeError) as info:
        getattr(arrpy, make)(bad)
    assert make in str(info.value)


@pytest.mark.parametrize("bad", [None, [None, 1], {1: 2}, object(), [2**64]], ids=repr)
def test_non_numeric_is_type_error(bad):
    with pytest.raises(TypeError, match="array"):
        arrpy.array(bad)


@pytest.mark.parametrize("value, dtype", [(300, "int8"), (-1, "uint8"), ([1, 70000], "int16"),
                                          (2**32, "uint32"), ([-1, 2], "uint64")])
@pytest.mark.parametrize("make", ["array", "asarray", "ArrPy"])
def test_python_int_out_of_range_for_dtype_is_overflow_error(make, value, dtype):
    """NumPy 2: np.array(300, dtype="int8") raises OverflowError; it must not wrap silently."""
    with pytest.raises(OverflowError):
        np.array(value, dtype=dtype)
    with pytest.raises(OverflowError):
        getattr(arrpy, make)(value, dtype=dtype)


def test_unsupported_dtype_input_is_type_error():
    with pytest.raises(TypeError, match="float16"):
        arrpy.array(np.zeros(2, dtype=np.float16))


# --- copy semantics -------------------------------------------------------------------------------

def test_array_copies_by_default():
    source = np.arange(4.0)
    for a in (ArrPy(source), arrpy.array(source), arrpy.array(source, copy=True)):
        assert not np.shares_memory(a.data, source)
        source[0] = 99.0
        assert a.data[0] == 0.0
        source[0] = 0.0


def test_array_copy_false_and_none_share():
    source = np.arange(4.0)
    for a in (arrpy.array(source, copy=False), arrpy.array(source, copy=None),
              arrpy.asarray(source), arrpy.asarray(source, dtype="float64")):
        assert a.data is source or np.shares_memory(a.data, source)
        a[1] = -5.0
        assert source[1] == -5.0
        source[1] = 1.0


def test_array_of_arrpy_copy_semantics():
    a = arrpy.arange(3.0)
    assert not np.shares_memory(arrpy.array(a).data, a.data)
    assert not np.shares_memory(ArrPy(a).data, a.data)
    assert arrpy.asarray(a).data is a.data
    assert arrpy.array(a, copy=False).data is a.data
    assert not np.shares_memory(arrpy.asarray(a, dtype="float32").data, a.data)


def test_copy_false_when_a_copy_is_needed_is_value_error():
    source = np.arange(4)
    with pytest.raises(ValueError):
        np.array(source, dtype=np.float64, copy=False)
    with pytest.raises(ValueError):
        arrpy.array(source, dtype="float64", copy=False)
    with pytest.raises(ValueError):
        arrpy.array([1, 2], copy=False)
    with pytest.raises(ValueError):
        arrpy.asarray([1, 2], copy=False)


def test_asarray_copy_true_copies():
    source = np.arange(3)
    assert not np.shares_memory(arrpy.asarray(source, copy=True).data, source)


def test_numpy_conversion_shares_memory():
    a = arrpy.arange(6.0).reshape(2, 3)
    assert np.asarray(a) is a.data
    assert np.shares_memory(np.asarray(a), a.data)
    assert np.shares_memory(np.array(a, copy=False), a.data)
    assert np.shares_memory(np.asarray(a, dtype=np.float64), a.data)
    assert not np.shares_memory(np.array(a), a.data)
    assert not np.shares_memory(np.array(a, copy=True), a.data)
    converted = np.asarray(a, dtype=np.int32)
    assert converted.dtype == np.int32 and converted.tolist() == [[0, 1, 2], [3, 4, 5]]
    with pytest.raises(ValueError):
        np.array(a, dtype=np.float32, copy=False)


def test_dunder_array_protocol():
    a = arrpy.arange(4, dtype="int16")
    assert a.__array__() is a.data
    assert a.__array__(copy=False) is a.data
    copied = a.__array__(copy=True)
    assert not np.shares_memory(copied, a.data)
    assert copied.dtype == np.int16 and copied.tolist() == [0, 1, 2, 3]
    cast = a.__array__(np.float64)
    assert cast.dtype == np.float64 and not np.shares_memory(cast, a.data)
    assert a.__array__(np.int16, copy=False) is a.data
    assert a.__array__(np.float32, copy=True).dtype == np.float32
    with pytest.raises(ValueError):
        a.__array__(np.float64, copy=False)


# --- properties -----------------------------------------------------------------------------------

def _views():
    base = np.arange(60, dtype=np.int32).reshape(3, 4, 5)
    return {
        "contiguous": base,
        "steps": base[:, ::2, 1::3],
        "negative": base[::-1, :, ::-2],
        "transposed": base.T,
        "zero-d": np.array(2.5),
        "empty": np.zeros((0, 3), dtype=np.complex64),
        "1-d": np.arange(7, dtype=np.uint8),
    }


@pytest.mark.parametrize("kind", list(_views()))
def test_properties_match_numpy(kind):
    view = _views()[kind]
    a = arrpy.asarray(view)
    assert a.data is view
    assert a.shape == view.shape
    assert a.dtype == view.dtype and isinstance(a.dtype, arrpy.DType)
    assert a.ndim == view.ndim
    assert a.size == view.size
    assert a.strides == view.strides
    assert a.itemsize == view.itemsize
    assert a.nbytes == view.nbytes
    assert_same(a.T, view.T)
    assert np.shares_memory(a.T.data, view) or view.size == 0
    if view.ndim >= 2:
        assert_same(a.mT, view.mT)
        assert np.shares_memory(a.mT.data, view) or view.size == 0
    else:
        with pytest.raises(ValueError):
            _ = view.mT
        with pytest.raises(ValueError, match="mT"):
            _ = a.mT


def test_properties_are_read_only_where_numpy_is():
    a = arrpy.zeros((2, 3))
    for name in ("dtype", "ndim", "size", "itemsize", "nbytes", "T", "data"):
        with pytest.raises(AttributeError):
            setattr(a, name, 1)


def test_shape_setter_reshapes_in_place():
    a = arrpy.arange(6)
    data = a.data
    a.shape = (2, 3)
    assert a.shape == (2, 3)
    assert np.shares_memory(a.data, data)
    with pytest.raises(ValueError):
        a.shape = (4, 2)


# --- conversion -----------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_tolist_nested_like_numpy(dtype):
    source = sample_values(dtype, (2, 3, 2))
    a = arrpy.asarray(source)
    result = a.tolist()
    expected = source.tolist()
    assert type(result) is list and type(result[0]) is list and type(result[0][0]) is list
    assert [type(v) for v in np.array(result, dtype=object).reshape(-1)] == \
        [type(v) for v in np.array(expected, dtype=object).reshape(-1)]
    np.testing.assert_array_equal(np.array(result, dtype=dtype), source)
    assert arrpy.array(5).tolist() == 5 and type(arrpy.array(5).tolist()) is int
    assert arrpy.zeros((2, 0)).tolist() == [[], []]


def test_tolist_of_view():
    source = np.arange(12).reshape(3, 4)[::-1, ::2]
    assert arrpy.asarray(source).tolist() == source.tolist()


def test_flat_list_is_deprecated():
    a = arrpy.array([[1, 2], [3, 4]])
    with pytest.warns(DeprecationWarning, match="flat_list"):
        values = a.flat_list
    assert values == [1, 2, 3, 4]
    assert all(type(v) is int for v in values)
    with pytest.warns(DeprecationWarning):
        assert arrpy.array([[1, 2], [3, 4]]).T.flat_list == [1, 3, 2, 4]


def test_len():
    assert len(arrpy.zeros((4, 2))) == 4
    assert len(arrpy.zeros(0)) == 0
    with pytest.raises(TypeError):
        len(np.array(1))
    with pytest.raises(TypeError):
        len(arrpy.array(1))


def test_iter_1d_yields_scalars_like_numpy():
    source = np.array([1.5, 2.5, -1.0], dtype=np.float32)
    values = list(arrpy.asarray(source))
    assert values == list(source)
    assert [type(v) for v in values] == [type(v) for v in source]


def test_iter_nd_yields_row_views():
    a = arrpy.arange(6).reshape(3, 2)
    rows = list(a)
    assert len(rows) == 3
    for index, row in enumerate(rows):
        assert isinstance(row, ArrPy)
        assert_same(row, np.arange(6).reshape(3, 2)[index])
        assert np.shares_memory(row.data, a.data)


def test_iter_0d_is_type_error():
    with pytest.raises(TypeError):
        iter(np.array(1))
    with pytest.raises(TypeError):
        iter(arrpy.array(1))


@pytest.mark.parametrize("value", [2, 2.0, 7, -1, 1j, True, np.float32(3), np.nan])
def test_contains_like_numpy(value):
    source = np.array([[1, 2], [3, np.nan]])
    assert (value in arrpy.asarray(source)) is (value in source)
    source_int = np.array([[1, 2], [3, 4]], dtype=np.int8)
    assert (value in arrpy.asarray(source_int)) is (value in source_int)


def test_copy():
    source = np.arange(12.0).reshape(3, 4).T
    a = arrpy.asarray(source)
    b = a.copy()
    assert_same(b, source)
    assert not np.shares_memory(b.data, source)
    assert b.data.flags.c_contiguous
    b[0, 0] = 100
    assert a[0, 0] == 0


@pytest.mark.parametrize("target", DTYPES)
@pytest.mark.parametrize("source_dtype", ["bool", "int8", "uint16", "int64", "float32", "float64",
                                          "complex128"])
def test_astype_like_numpy(source_dtype, target):
    source = sample_values(source_dtype, (3, 5), special=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = source.astype(target)
        result = arrpy.asarray(source).astype(target)
    assert_same(result, expected)
    assert not np.shares_memory(result.data, source)


def test_astype_copy_false_and_spellings():
    a = arrpy.arange(3.0)
    assert a.astype("float64", copy=False).data is a.data
    assert a.astype(arrpy.float64).data is not a.data
    assert a.astype(int).dtype is arrpy.int64
    assert a.astype(np.complex64).dtype is arrpy.complex64
    with pytest.raises(TypeError, match="astype"):
        a.astype("float17")


def test_reshape():
    source = np.arange(24)
    a = arrpy.asarray(source)
    for args in [((4, 6),), (4, 6), ((2, -1, 3),), (-1,), ([3, 8],), ((24,),), (2, 3, 4)]:
        result = a.reshape(*args)
        expected = source.reshape(*args)
        assert_same(result, expected)
        assert np.shares_memory(result.data, source)
    assert_same(a.reshape(4, 6, order="F"), source.reshape(4, 6, order="F"))
    with pytest.raises(ValueError, match="reshape"):
        a.reshape(5, 5)
    with pytest.raises(ValueError):
        a.reshape(-1, -1)


def test_reshape_of_view_copies_when_needed():
    source = np.arange(12).reshape(3, 4).T
    result = arrpy.asarray(source).reshape(12)
    assert_same(result, source.reshape(12))


def test_item():
    a = arrpy.array([[1.5, 2.5], [3.5, 4.5]])
    assert a.item(3) == 4.5 and type(a.item(3)) is float
    assert a.item(1, 0) == 3.5
    assert a.item((0, 1)) == 2.5
    assert arrpy.array([7]).item() == 7 and type(arrpy.array([7]).item()) is int
    assert arrpy.array(1 + 2j).item() == 1 + 2j
    assert arrpy.array(True).item() is True
    with pytest.raises(ValueError):
        a.item()
    with pytest.raises(IndexError):
        a.item(4)


# --- 0-d conversions ------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_zero_d_conversions_like_numpy(dtype):
    source = np.array(3, dtype=dtype) if dtype != "bool" else np.array(True)
    a = arrpy.asarray(source)
    assert bool(a) is bool(source)
    assert complex(a) == complex(source)
    if dtype.startswith("complex"):
        with pytest.raises(TypeError):
            float(source)
        with pytest.raises(TypeError):
            float(a)
        with pytest.raises(TypeError):
            int(a)
    else:
        assert float(a) == float(source) and type(float(a)) is float
        assert int(a) == int(source) and type(int(a)) is int
    if dtype in ("bool", "float32", "float64", "complex64", "complex128"):
        with pytest.raises(TypeError):
            operator.index(source)
        with pytest.raises(TypeError):
            operator.index(a)
    else:
        assert operator.index(a) == 3 and type(operator.index(a)) is int
        assert [10, 20, 30, 40][a] == 40
        assert range(10)[a] == 3


def test_zero_d_values():
    assert bool(arrpy.array(0.0)) is False
    assert int(arrpy.array(-3.9)) == -3
    assert float(arrpy.array(np.float32(0.5))) == 0.5
    assert complex(arrpy.array(2.0)) == 2 + 0j
    assert f"{arrpy.array(2.5):.3f}" == "2.500"


def test_bool_of_many_elements_is_value_error():
    with pytest.raises(ValueError):
        bool(np.array([1, 2]))
    with pytest.raises(ValueError):
        bool(arrpy.array([1, 2]))
    with pytest.raises(TypeError):
        operator.index(arrpy.array([1]))


def test_hash_is_type_error():
    a = arrpy.array([1, 2])
    with pytest.raises(TypeError):
        hash(a)
    with pytest.raises(TypeError):
        hash(arrpy.array(1))
    assert ArrPy.__hash__ is None
    assert not isinstance(a, collections.abc.Hashable)


def test_pickle_round_trip():
    a = arrpy.arange(6, dtype="int16").reshape(2, 3)[:, ::-1]
    b = pickle.loads(pickle.dumps(a))
    assert type(b) is ArrPy
    assert_same(b, a.data)


# --- printing -------------------------------------------------------------------------------------

PRINTED = [
    np.array([1.0, 2.0, 3.0]), np.array([1, 2, 3]), np.array([[1, 2], [3, 4]]),
    np.array([1, 2], dtype=np.int8), np.array([True, False]), np.array([1 + 2j, -3.5j]),
    np.array([1.5, 2], dtype=np.float32), np.array(5), np.array(2.5), np.array([], dtype=np.int16),
    np.zeros((0, 3)), np.array([np.nan, np.inf, -np.inf, -0.0]), np.array([1e-10, 1e10]),
    np.arange(2000.0), np.arange(3000).reshape(30, 100), np.arange(24).reshape(2, 3, 4),
    np.arange(10**6, dtype=np.uint64), np.array([1, 2], dtype=np.complex64),
    np.array([[1.123456789, 2], [3, 4]]), np.zeros((2, 0, 3), dtype=bool),
    np.array(1 + 1j, dtype=np.complex64), np.array([-1, 255], dtype=np.int16)[::-1],
]


@pytest.mark.parametrize("source", PRINTED, ids=lambda s: f"{s.dtype}{s.shape}")
def test_repr_and_str_equal_numpy(source):
    a = arrpy.asarray(source)
    expected = repr(source)
    assert expected.startswith("array(")
    assert repr(a) == "ArrPy(" + expected[len("array("):]
    assert str(a) == str(source)


def test_repr_examples():
    assert repr(arrpy.array([1.0, 2.0, 3.0])) == "ArrPy([1., 2., 3.])"
    assert repr(arrpy.array([[1, 2], [3, 4]])) == "ArrPy([[1, 2],\n       [3, 4]])"
    assert repr(arrpy.array([1, 2], dtype="int8")) == "ArrPy([1, 2], dtype=int8)"
    assert str(arrpy.array([1.0, 2.0])) == "[1. 2.]"
    assert repr(arrpy.zeros(0)) == "ArrPy([], dtype=float64)"
    big = repr(arrpy.arange(5000))
    assert "..." in big and big.startswith("ArrPy([   0,    1,    2, ..., 4997, 4998, 4999]")


# --- indexing -------------------------------------------------------------------------------------

BASE = np.arange(120, dtype=np.int32).reshape(4, 5, 6)

KEYS = [
    1, -1, -4, (1, 2), (1, 2, 3), (-1, -2, -3), slice(None), slice(1, 3), slice(None, None, 2),
    slice(None, None, -1), slice(3, 0, -2), slice(-2, None), slice(10, 20), (slice(None), 1),
    (Ellipsis, 2), (1, Ellipsis), (Ellipsis,), Ellipsis, None, (None, 1),
    (1, None, slice(None, None, -2)),
    (slice(None), None, Ellipsis, None), (slice(1, None), slice(None, None, 3), slice(4, 1, -1)),
    (), (np.int64(2), np.int8(-1)), (slice(None), slice(None), 0), (slice(0, 0),),
]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_getitem_basic_like_numpy(key):
    a = arrpy.asarray(BASE)
    result = a[key]
    expected = BASE[key]
    if isinstance(expected, np.ndarray):
        assert_same(result, expected)
        if expected.size:
            assert np.shares_memory(result.data, a.data)
    else:
        assert type(result) is type(expected) and result == expected


def test_getitem_views_share_memory():
    a = arrpy.arange(10.0)
    assert np.shares_memory(a[1:].data, a.data)
    view = a[::-3]
    view[0] = -1.0
    assert a[9] == -1.0
    b = arrpy.arange(12).reshape(3, 4)
    b[1][2] = 100
    assert b.data[1, 2] == 100


def test_getitem_0d():
    a = arrpy.array(4.5)
    assert a[()] == 4.5 and type(a[()]) is np.float64
    assert_same(a[...], np.array(4.5))
    assert_same(a[None], np.array([4.5]))


@pytest.mark.parametrize("key", [4, -5, (0, 5), (0, 0, 6), (0, 0, -7), (1, 2, 3, 0)], ids=repr)
def test_getitem_out_of_range_is_index_error(key):
    with pytest.raises(IndexError):
        BASE[key]
    with pytest.raises(IndexError) as info:
        arrpy.asarray(BASE)[key]
    message = str(info.value)
    assert "index" in message
    if len(key if isinstance(key, tuple) else (key,)) <= 3:
        bad = next(k for k, n in zip(key if isinstance(key, tuple) else (key,), BASE.shape,
                                     strict=False) if not -n <= k < n)
        assert str(bad) in message, message


@pytest.mark.parametrize("key", [1.0, (0, 1.5), np.float64(1), (slice(None), 2.0), 1j, "a"],
                         ids=repr)
def test_getitem_float_or_string_is_index_error(key):
    with pytest.raises(IndexError):
        BASE[key]
    with pytest.raises(IndexError) as info:
        arrpy.asarray(BASE)[key]
    assert "(4, 5, 6)" in str(info.value)


def test_getitem_integer_and_boolean_arrays_like_numpy():
    a = arrpy.asarray(BASE)
    index = np.array([0, 2, -1])
    assert_same(a[index], BASE[index])
    assert_same(a[arrpy.asarray(index)], BASE[index])
    mask = BASE > 100
    assert_same(a[arrpy.asarray(mask)], BASE[mask])


SET_CASES = [
    (1, 7), (-1, [1, 2, 3, 4, 5, 6]), ((1, 2), -3), ((1, 2, 3), 99),
    (slice(None, None, 2), 0), (slice(None, None, -1), np.arange(6)),
    ((Ellipsis, 0), [[1], [2], [3], [4]]), ((slice(1, 3), slice(None), slice(None, None, -2)), 5),
    (Ellipsis, 1), ((None, 0), np.arange(30).reshape(1, 5, 6)), ((), 8),
    ((slice(None), 1), np.arange(6)),
]


@pytest.mark.parametrize("key, value", SET_CASES, ids=repr)
@pytest.mark.parametrize("wrap", [False, True])
def test_setitem_like_numpy(key, value, wrap):
    expected = BASE.copy()
    expected[key] = value
    a = arrpy.asarray(BASE.copy())
    data = a.data
    if wrap and isinstance(value, (list, np.ndarray)):
        value = arrpy.array(value)
    a[key] = value
    assert a.data is data
    assert_same(a, expected)


def test_setitem_casts_like_numpy():
    a = arrpy.zeros(3, dtype="int16")
    a[0] = 2.7
    a[1] = True
    a[2:] = arrpy.array([1.9])
    assert_same(a, np.array([2, 1, 1], dtype=np.int16))
    c = arrpy.zeros(2, dtype="complex64")
    c[:] = [1j, 2]
    assert_same(c, np.array([1j, 2], dtype=np.complex64))


def test_setitem_from_overlapping_view():
    source = np.arange(10)
    a = arrpy.asarray(source.copy())
    a[1:] = a[:-1]
    source[1:] = source[:-1].copy()
    assert_same(a, source)


def test_setitem_errors():
    a = arrpy.asarray(BASE.copy())
    with pytest.raises(ValueError) as info:
        a[0] = [1, 2, 3]
    assert "(3,)" in str(info.value) and "(5,6)" in str(info.value).replace(" ", "")
    with pytest.raises(IndexError):
        a[10] = 1
    with pytest.raises(IndexError):
        a[1.5] = 1
    with pytest.raises(TypeError):
        a[0] = "x"
    with pytest.raises(OverflowError):
        BASE.astype(np.int8)[0] = 300
    small = arrpy.zeros(2, dtype="int8")
    with pytest.raises(OverflowError):
        small[0] = 300
    np.testing.assert_array_equal(a.data, BASE)


def test_newaxis():
    assert arrpy.newaxis is None
    assert arrpy.arange(3)[arrpy.newaxis].shape == (1, 3)


@pytest.mark.parametrize("dtype", DTYPES)
def test_indexing_every_dtype(dtype):
    source = sample_values(dtype, (3, 4))
    a = arrpy.asarray(source.copy())
    assert_same(a[::-1, 1::2], source[::-1, 1::2])
    a[1] = source[0]
    expected = source.copy()
    expected[1] = source[0]
    assert_same(a, expected)
    check_like_numpy(lambda: source[:, None, 2], lambda: arrpy.asarray(source)[:, None, 2])
    check_like_numpy(lambda: source[3], lambda: arrpy.asarray(source)[3])


def test_copy_module_and_pickle_give_independent_arrays():
    import copy

    a = arrpy.array([[1.0, 2.0], [3.0, 4.0]])
    for duplicate in (copy.copy(a), copy.deepcopy(a), pickle.loads(pickle.dumps(a))):
        assert isinstance(duplicate, arrpy.ArrPy)
        assert_same(duplicate, a.data)
        assert not np.shares_memory(duplicate.data, a.data)
