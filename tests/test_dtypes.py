"""arrpy's dtype objects, promotion (result_type), can_cast, finfo and iinfo against NumPy."""

import pickle

import numpy as np
import pytest
from conftest import DTYPES, FLOAT_DTYPES, INEXACT_DTYPES, INT_DTYPES

import arrpy

DTYPE_OBJECTS = {
    "bool": arrpy.bool_, "int8": arrpy.int8, "int16": arrpy.int16, "int32": arrpy.int32,
    "int64": arrpy.int64, "uint8": arrpy.uint8, "uint16": arrpy.uint16, "uint32": arrpy.uint32,
    "uint64": arrpy.uint64, "float32": arrpy.float32, "float64": arrpy.float64,
    "complex64": arrpy.complex64, "complex128": arrpy.complex128,
}
NUMPY_TYPES = {
    "bool": np.bool_, "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
    "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
    "float32": np.float32, "float64": np.float64, "complex64": np.complex64,
    "complex128": np.complex128,
}


def test_all_dtypes_exported():
    assert set(DTYPE_OBJECTS) == set(DTYPES)
    for name, dtype in DTYPE_OBJECTS.items():
        assert isinstance(dtype, arrpy.DType)
        exported = "bool_" if name == "bool" else name
        assert exported in arrpy.__all__
        assert getattr(arrpy, exported) is dtype


@pytest.mark.parametrize("name", DTYPES)
def test_dtype_object(name):
    dtype = DTYPE_OBJECTS[name]
    numpy_type = NUMPY_TYPES[name]
    assert dtype.numpy_type is numpy_type
    assert dtype.numpy_dtype == np.dtype(numpy_type)
    assert dtype.name == name
    assert str(dtype) == name
    assert repr(dtype) == ("arrpy.bool_" if name == "bool" else f"arrpy.{name}")
    assert dtype.itemsize == np.dtype(numpy_type).itemsize
    assert dtype.kind == np.dtype(numpy_type).kind
    assert dtype.char == np.dtype(numpy_type).char
    assert dtype.str == np.dtype(numpy_type).str
    # np.dtype() accepts it
    assert np.dtype(dtype) == np.dtype(numpy_type)
    # equal to every spelling of itself ...
    for spelling in (name, numpy_type, np.dtype(numpy_type), np.dtype(numpy_type).str,
                     np.dtype(numpy_type).char, dtype):
        assert dtype == spelling, spelling
        assert not (dtype != spelling), spelling
    # ... and to nothing else
    for other_name in DTYPES:
        if other_name != name:
            assert dtype != DTYPE_OBJECTS[other_name]
            assert dtype != other_name
            assert dtype != NUMPY_TYPES[other_name]
    assert dtype != "not a dtype"
    assert dtype != 3
    assert hash(dtype) == hash(np.dtype(numpy_type))
    assert pickle.loads(pickle.dumps(dtype)) is dtype
    # calling it makes a NumPy scalar
    scalar = dtype(1)
    assert type(scalar) is numpy_type and scalar == 1


@pytest.mark.parametrize("python_type, name", [(bool, "bool"), (int, "int64"),
                                               (float, "float64"), (complex, "complex128")])
def test_dtype_equals_python_type(python_type, name):
    assert DTYPE_OBJECTS[name] == python_type
    assert arrpy.zeros(2, dtype=python_type).dtype is DTYPE_OBJECTS[name]


@pytest.mark.parametrize("name", DTYPES)
def test_array_dtype_is_the_dtype_object(name):
    a = arrpy.zeros(3, dtype=name)
    assert a.dtype is DTYPE_OBJECTS[name]
    assert a.dtype == name
    assert a.dtype == NUMPY_TYPES[name]
    assert a.data.dtype == np.dtype(name)


@pytest.mark.parametrize("spelling", ["f8", "<f8", "float64", "double", float, np.float64,
                                      np.dtype("float64"), arrpy.float64, "d"])
def test_every_dtype_spelling_accepted(spelling):
    for make in (lambda: arrpy.zeros(2, dtype=spelling),
                 lambda: arrpy.array([1, 2], dtype=spelling),
                 lambda: arrpy.ones(2).astype(spelling), lambda: arrpy.arange(2, dtype=spelling)):
        assert make().dtype is arrpy.float64


def test_big_endian_input_becomes_native():
    big = np.arange(4, dtype=">i4")
    a = arrpy.array(big)
    assert a.dtype is arrpy.int32
    assert a.data.dtype.isnative
    assert a.tolist() == [0, 1, 2, 3]
    assert (a + a).tolist() == [0, 2, 4, 6]


@pytest.mark.parametrize("bad", ["float17", "notatype", "i3"])
def test_unknown_dtype_name_is_type_error(bad):
    for op, make in (("zeros", lambda: arrpy.zeros(2, dtype=bad)),
                     ("array", lambda: arrpy.array([1], dtype=bad)),
                     ("astype", lambda: arrpy.ones(2).astype(bad)),
                     ("add", lambda: arrpy.add(arrpy.ones(2), 1, dtype=bad)),
                     ("linspace", lambda: arrpy.linspace(0, 1, 3, dtype=bad))):
        with pytest.raises(TypeError) as info:
            make()
        assert bad in str(info.value) and op in str(info.value), str(info.value)


@pytest.mark.parametrize("unsupported", ["float16", "U3", "S2", object, "datetime64[s]",
                                         "longdouble", "V8"])
def test_unsupported_numpy_dtype_is_type_error(unsupported):
    with pytest.raises(TypeError, match="zeros"):
        arrpy.zeros(2, dtype=unsupported)
    with pytest.raises(TypeError):
        arrpy.array(np.zeros(2, dtype=unsupported))


# --- result_type --------------------------------------------------------------------------------

@pytest.mark.parametrize("first", DTYPES)
def test_result_type_of_dtype_pairs(first):
    for second in DTYPES:
        expected = np.result_type(first, second)
        got = arrpy.result_type(DTYPE_OBJECTS[first], DTYPE_OBJECTS[second])
        assert isinstance(got, arrpy.DType)
        assert got == expected, (first, second)
        assert arrpy.result_type(first, second) == expected
        a = arrpy.zeros(2, dtype=first)
        b = arrpy.zeros(2, dtype=second)
        assert arrpy.result_type(a, b) == expected


@pytest.mark.parametrize("name", DTYPES)
@pytest.mark.parametrize("scalar", [True, 1, -1, 1.5, 2j, 300, 2**40])
def test_result_type_weak_python_scalars(name, scalar):
    a = arrpy.zeros(3, dtype=name)
    expected = np.result_type(np.zeros(3, dtype=name), scalar)
    assert arrpy.result_type(a, scalar) == expected
    assert arrpy.result_type(scalar, DTYPE_OBJECTS[name]) == np.result_type(scalar, np.dtype(name))


def test_result_type_weak_scalars_examples():
    assert arrpy.result_type(arrpy.zeros(2, dtype="int8"), 1) is arrpy.int8
    assert arrpy.result_type(arrpy.zeros(2, dtype="float32"), 1.0) is arrpy.float32
    assert arrpy.result_type(arrpy.zeros(2, dtype="int8"), 1.0) is arrpy.float64
    assert arrpy.result_type(arrpy.zeros(2, dtype="float32"), 1j) is arrpy.complex64
    assert arrpy.result_type(arrpy.zeros(2, dtype="uint8"), arrpy.int8) is arrpy.int16
    assert arrpy.result_type(arrpy.int64, arrpy.uint64) is arrpy.float64


def test_result_type_with_numpy_arrays_and_scalars():
    assert arrpy.result_type(np.zeros(2, dtype=np.int16), np.float32(1)) == np.float32
    assert arrpy.result_type(np.int8(1), np.uint8(1)) == np.int16


def test_result_type_errors():
    with pytest.raises(ValueError, match="result_type"):
        arrpy.result_type()
    with pytest.raises(TypeError):
        arrpy.result_type("float16", "float16")


# --- can_cast -------------------------------------------------------------------------------------

@pytest.mark.parametrize("casting", ["no", "equiv", "safe", "same_kind", "unsafe"])
def test_can_cast_all_pairs(casting):
    for source in DTYPES:
        for target in DTYPES:
            expected = np.can_cast(source, target, casting=casting)
            got = arrpy.can_cast(DTYPE_OBJECTS[source], DTYPE_OBJECTS[target], casting=casting)
            assert got is bool(expected), (source, target, casting)
            assert arrpy.can_cast(source, target, casting) is bool(expected)


def test_can_cast_default_is_safe_and_accepts_arrays():
    assert arrpy.can_cast(arrpy.int32, arrpy.float64)
    assert not arrpy.can_cast(arrpy.float64, arrpy.int64)
    assert arrpy.can_cast(arrpy.zeros(2, dtype="int8"), "int16")
    assert not arrpy.can_cast(arrpy.zeros(2, dtype="int16"), "int8")
    assert arrpy.can_cast("float64", "int64", casting="unsafe")


def test_can_cast_errors():
    with pytest.raises(TypeError):
        arrpy.can_cast("float17", "float64")
    with pytest.raises(ValueError):
        arrpy.can_cast("float64", "float32", casting="sometimes")


# --- finfo / iinfo --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", INEXACT_DTYPES)
def test_finfo(name):
    expected = np.finfo(np.dtype(name))
    for spelling in (DTYPE_OBJECTS[name], name, NUMPY_TYPES[name], arrpy.zeros(1, dtype=name)):
        info = arrpy.finfo(spelling)
        for attribute in ("eps", "max", "min", "tiny", "smallest_subnormal", "bits",
                          "resolution", "precision", "dtype"):
            assert getattr(info, attribute) == getattr(expected, attribute), attribute
    if name in FLOAT_DTYPES:
        assert arrpy.finfo(name).dtype == np.dtype(name)


def test_finfo_values():
    assert float(arrpy.finfo(arrpy.float64).eps) == 2.0 ** -52
    assert float(arrpy.finfo(arrpy.float32).eps) == 2.0 ** -23
    assert arrpy.finfo(arrpy.complex64).dtype == np.float32


@pytest.mark.parametrize("name", ["bool"] + list(INT_DTYPES))
def test_finfo_of_non_inexact_is_value_error(name):
    with pytest.raises(ValueError) as info:
        arrpy.finfo(name)
    assert "finfo" in str(info.value) and name in str(info.value)


@pytest.mark.parametrize("name", INT_DTYPES)
def test_iinfo(name):
    expected = np.iinfo(np.dtype(name))
    for spelling in (DTYPE_OBJECTS[name], name, NUMPY_TYPES[name], arrpy.zeros(1, dtype=name)):
        info = arrpy.iinfo(spelling)
        assert (info.min, info.max, info.bits, info.dtype) == (
            expected.min, expected.max, expected.bits, expected.dtype)


def test_iinfo_values():
    assert int(arrpy.iinfo("int8").min) == -128
    assert int(arrpy.iinfo("uint64").max) == 2**64 - 1
    assert int(arrpy.iinfo(int).max) == 2**63 - 1


@pytest.mark.parametrize("name", ["bool"] + list(INEXACT_DTYPES))
def test_iinfo_of_non_integer_is_value_error(name):
    with pytest.raises(ValueError) as info:
        arrpy.iinfo(name)
    assert "iinfo" in str(info.value) and name in str(info.value)


def test_finfo_iinfo_unknown_dtype_is_type_error():
    with pytest.raises(TypeError):
        arrpy.finfo("float17")
    with pytest.raises(TypeError):
        arrpy.iinfo("int7")
