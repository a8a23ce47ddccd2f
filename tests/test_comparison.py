"""Comparisons (==, !=, <, <=, >, >=) in every backend against NumPy: bool results."""
# ruff: noqa: B023 - the lambdas are called inside the loop iteration that defines them

import operator

import numpy as np
import pytest
from conftest import DTYPES, assert_same, check_like_numpy, sample_values
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import arrpy

OPS = ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal")
OPERATORS = {"equal": operator.eq, "not_equal": operator.ne, "less": operator.lt,
             "less_equal": operator.le, "greater": operator.gt, "greater_equal": operator.ge}


def numpy_op(op):
    return getattr(np, op)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", OPS)
def test_same_dtype_every_layout(backend, op, dtype):
    x = sample_values(dtype, (6, 7), seed=1)
    y = sample_values(dtype, (6, 7), seed=2)
    y[::2] = x[::2]  # equal elements too
    ours, theirs = getattr(arrpy, op), numpy_op(op)
    layouts = {
        "contiguous": (x, y),
        "reversed": (x[::-1, ::-1], y[::-1, ::-1]),
        "transposed": (x.T, y.T),
        "row broadcast": (x, y[:1]),
        "column broadcast": (x[:, :1], y),
        "scalar array": (x, y[0, 0]),
    }
    for name, (a, b) in layouts.items():
        expected = theirs(a, b)
        assert_same(ours(arrpy.asarray(a), arrpy.asarray(b)), expected, err_msg=f"{name}")
        assert_same(OPERATORS[op](arrpy.asarray(a), arrpy.asarray(b)), expected,
                    err_msg=f"{name} operator")


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
@pytest.mark.parametrize("op", OPS)
def test_nan_inf_and_signed_zero(backend, op, dtype):
    specials = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0]
    if dtype.startswith("complex"):
        specials = [complex(r, i) for r in specials for i in specials]
    x = np.array(specials, dtype=dtype)
    a, b = np.meshgrid(x, x)
    with np.errstate(all="ignore"):
        expected = numpy_op(op)(a, b)
    assert_same(getattr(arrpy, op)(arrpy.asarray(a), arrpy.asarray(b)), expected)


@pytest.mark.parametrize("op", OPS)
def test_mixed_dtypes_and_python_scalars(backend, op):
    ints = np.array([-3, 0, 2, 127], dtype=np.int8)
    floats = np.array([-3.5, 0.0, 2.0, np.nan], dtype=np.float32)
    unsigned = np.array([0, 1, 200, 255], dtype=np.uint8)
    ours, theirs = getattr(arrpy, op), numpy_op(op)
    for x, y in ((ints, floats), (ints, unsigned), (unsigned, 2), (ints, 2.5), (floats, 2),
                 (floats, 1j), (ints, True), (np.array([True, False]), 1)):
        check_like_numpy(lambda: theirs(x, y), lambda: ours(arrpy.asarray(x), y),
                         err_msg=f"{x.dtype} {y!r}")
        check_like_numpy(lambda: theirs(y, x), lambda: ours(y, arrpy.asarray(x)))
        check_like_numpy(lambda: OPERATORS[op](y, x),
                         lambda: OPERATORS[op](y, arrpy.asarray(x)))


@pytest.mark.parametrize("op", OPS)
def test_ndarray_operands_and_numpy_ufuncs(backend, op):
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([3.0, 2.0, 1.0])
    a = arrpy.asarray(x)
    theirs = numpy_op(op)
    for result, expected in ((OPERATORS[op](a, y), theirs(x, y)),
                             (OPERATORS[op](y, a), theirs(y, x)),
                             (theirs(a, y), theirs(x, y)),
                             (theirs(y, a), theirs(y, x))):
        assert type(result) is arrpy.ArrPy
        assert_same(result, expected)


def test_out_argument(backend):
    a = arrpy.array([1, 5, 3])
    out = arrpy.zeros(3, dtype=bool)
    assert arrpy.less(a, 3, out=out) is out
    assert_same(out, np.array([True, False, False]))
    numeric = arrpy.zeros(3, dtype="int8")
    arrpy.greater(a, 2, out=numeric)
    assert_same(numeric, np.array([0, 1, 1], dtype=np.int8))
    with pytest.raises(ValueError, match="broadcast"):
        arrpy.equal(a, a, out=arrpy.zeros(4, dtype=bool))


def test_incompatible_shapes_name_both(backend):
    with pytest.raises(ValueError, match=r"\(2,\) \(3,\)"):
        arrpy.less(arrpy.zeros(2), arrpy.zeros(3))


def test_comparison_results_are_bool_arrays_and_not_identity(backend):
    a = arrpy.array([1.0, 2.0])
    result = a == a
    assert type(result) is arrpy.ArrPy and result.dtype == arrpy.bool_
    assert (a == "text") is False
    assert (a != "text") is True
    with pytest.raises(TypeError):
        a < "text"  # noqa: B015
    with pytest.raises(TypeError):
        hash(a)


def test_large_arrays_all_backends_agree():
    x = sample_values("float64", (300_001,), seed=3)
    y = sample_values("float64", (300_001,), seed=4)
    for op in OPS:
        expected = numpy_op(op)(x, y)
        for name in ("python", "cython", "c"):
            with arrpy.backend(name):
                assert_same(getattr(arrpy, op)(arrpy.asarray(x), arrpy.asarray(y)), expected,
                            err_msg=f"{name} {op}")


@settings(max_examples=60, deadline=None, database=None)
@given(data=st.data(), op=st.sampled_from(OPS),
       dtype=st.sampled_from(["int16", "uint32", "float64", "complex64", "bool"]))
def test_property_broadcasting(backend_name, data, op, dtype):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4))
    x = data.draw(hnp.arrays(dtype, shapes.input_shapes[0]))
    y = data.draw(hnp.arrays(dtype, shapes.input_shapes[1]))
    with np.errstate(all="ignore"):
        expected = numpy_op(op)(x, y)
    with arrpy.backend(backend_name):
        assert_same(getattr(arrpy, op)(arrpy.asarray(x), arrpy.asarray(y)), expected)
