"""Logical (and, or, xor: bool results) and bitwise (&, |, ^) ops in every backend vs NumPy."""
# ruff: noqa: B023 - the lambdas are called inside the loop iteration that defines them

import operator

import numpy as np
import pytest
from conftest import DTYPES, INT_DTYPES, assert_same, check_like_numpy, sample_values
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import arrpy

LOGICAL = ("logical_and", "logical_or", "logical_xor")
BITWISE = ("bitwise_and", "bitwise_or", "bitwise_xor")
OPERATORS = {"bitwise_and": operator.and_, "bitwise_or": operator.or_,
             "bitwise_xor": operator.xor}
INPLACE = {"bitwise_and": operator.iand, "bitwise_or": operator.ior,
           "bitwise_xor": operator.ixor}


def layouts(x, y):
    return {
        "contiguous": (x, y),
        "reversed": (x[::-1, ::-1], y[::-1, ::-1]),
        "transposed": (x.T, y.T),
        "row broadcast": (x, y[:1]),
        "scalar array": (x, y[0, 0]),
    }


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", LOGICAL)
def test_logical_every_dtype_and_layout(backend, op, dtype):
    x = sample_values(dtype, (6, 7), seed=1)
    y = sample_values(dtype, (6, 7), seed=2)
    if np.dtype(dtype).kind != "b":
        x[::3] = 0  # plenty of false values
    for name, (a, b) in layouts(x, y).items():
        assert_same(getattr(arrpy, op)(arrpy.asarray(a), arrpy.asarray(b)),
                    getattr(np, op)(a, b), err_msg=name)


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
@pytest.mark.parametrize("op", LOGICAL)
def test_logical_truth_of_nan_signed_zero_and_complex_parts(backend, op, dtype):
    values = [0.0, -0.0, np.nan, np.inf, 1.0]
    if dtype.startswith("complex"):
        values = [complex(r, i) for r in values for i in values]
    x = np.array(values, dtype=dtype)
    a, b = np.meshgrid(x, x)
    assert_same(getattr(arrpy, op)(arrpy.asarray(a), arrpy.asarray(b)), getattr(np, op)(a, b))


@pytest.mark.parametrize("dtype", ("bool",) + INT_DTYPES)
@pytest.mark.parametrize("op", BITWISE)
def test_bitwise_every_dtype_and_layout(backend, op, dtype):
    x = sample_values(dtype, (6, 7), seed=3)
    y = sample_values(dtype, (6, 7), seed=4)
    for name, (a, b) in layouts(x, y).items():
        expected = getattr(np, op)(a, b)
        assert_same(getattr(arrpy, op)(arrpy.asarray(a), arrpy.asarray(b)), expected,
                    err_msg=name)
        assert_same(OPERATORS[op](arrpy.asarray(a), arrpy.asarray(b)), expected,
                    err_msg=f"{name} operator")


@pytest.mark.parametrize("op", BITWISE)
def test_bitwise_scalars_mixed_dtypes_inplace_and_errors(backend, op):
    ints = np.array([-3, 0, 2, 127], dtype=np.int8)
    unsigned = np.array([0, 1, 200, 255], dtype=np.uint8)
    function = OPERATORS[op]
    for x, y in ((ints, 5), (unsigned, 6), (ints, unsigned), (np.array([True, False]), True),
                 (ints, np.array([True, False, True, True]))):
        check_like_numpy(lambda: function(x, y), lambda: function(arrpy.asarray(x), y))
        check_like_numpy(lambda: function(y, x), lambda: function(y, arrpy.asarray(x)))
    a = arrpy.asarray(ints.copy())
    same = a
    a = INPLACE[op](a, 6)
    assert a is same
    assert_same(a, function(ints, 6))
    for bad in (1.5, np.array([1.0, 2.0, 3.0, 4.0])):
        with pytest.raises(TypeError, match=op):
            getattr(arrpy, op)(arrpy.asarray(ints), bad)
        with pytest.raises(TypeError):
            function(arrpy.asarray(ints), bad)


def test_numpy_ufuncs_on_arrpy(backend):
    a = arrpy.array([12, 10], dtype="uint8")
    for op in BITWISE + LOGICAL:
        result = getattr(np, op)(a, np.uint8(6))
        assert type(result) is arrpy.ArrPy
        assert_same(result, getattr(np, op)(a.data, np.uint8(6)))


def test_large_arrays_all_backends_agree():
    x = sample_values("int32", (300_001,), seed=5)
    y = sample_values("int32", (300_001,), seed=6)
    for op in BITWISE + LOGICAL:
        expected = getattr(np, op)(x, y)
        for name in ("python", "cython", "c"):
            with arrpy.backend(name):
                assert_same(getattr(arrpy, op)(arrpy.asarray(x), arrpy.asarray(y)), expected,
                            err_msg=f"{name} {op}")


@settings(max_examples=60, deadline=None, database=None)
@given(data=st.data(), op=st.sampled_from(BITWISE + LOGICAL),
       dtype=st.sampled_from(["int16", "uint64", "bool", "int8"]))
def test_property_broadcasting(backend_name, data, op, dtype):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4))
    x = data.draw(hnp.arrays(dtype, shapes.input_shapes[0]))
    y = data.draw(hnp.arrays(dtype, shapes.input_shapes[1]))
    with arrpy.backend(backend_name):
        assert_same(getattr(arrpy, op)(arrpy.asarray(x), arrpy.asarray(y)), getattr(np, op)(x, y))
