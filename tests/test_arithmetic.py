"""add, subtract, multiply, divide: functions, operators, in-place, out=, dtype=, every backend,
every dtype, against NumPy."""

# The lambdas below are called at once, inside the loop iteration that defines them.
# ruff: noqa: B023

import operator

import numpy as np
import pytest
from conftest import (
    BACKENDS,
    DTYPES,
    INT_DTYPES,
    NUMERIC_DTYPES,
    SIGNED_DTYPES,
    UNSIGNED_DTYPES,
    assert_same,
    assert_values,
    check_like_numpy,
    numpy_outcome,
    sample_values,
)

import arrpy

OP_NAMES = ("add", "subtract", "multiply", "divide")
FUNCTIONS = {"add": arrpy.add, "subtract": arrpy.subtract, "multiply": arrpy.multiply,
             "divide": arrpy.divide}
NUMPY = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply,
         "divide": np.true_divide}
OPERATORS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
             "divide": operator.truediv}
INPLACE = {"add": operator.iadd, "subtract": operator.isub, "multiply": operator.imul,
           "divide": operator.itruediv}
SYMBOLS = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/"}


def both_forms(op):
    """(arrpy callable, NumPy callable) pairs: the function and the operator."""
    return [(FUNCTIONS[op], NUMPY[op]), (OPERATORS[op], NUMPY[op])]


def check_binary(op, x, y, make_x=arrpy.asarray, make_y=arrpy.asarray, err_msg=""):
    """Function and operator of arrpy on (x, y) give NumPy's result or NumPy's exception."""
    for ours, theirs in both_forms(op):
        check_like_numpy(lambda: theirs(x, y), lambda: ours(make_x(x), make_y(y)),
                         err_msg=f"{err_msg} {op} via {getattr(ours, '__name__', ours)}")


def test_exports():
    assert arrpy.true_divide is arrpy.divide
    for op in OP_NAMES:
        assert op in arrpy.__all__


# --- every op x backend x dtype -------------------------------------------------------------------

@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_same_dtype(backend, op, dtype):
    x = sample_values(dtype, (5, 7), seed=1)
    y = sample_values(dtype, (5, 7), seed=2)
    check_binary(op, x, y, err_msg=f"{backend} {dtype}")
    check_binary(op, x, y[2], err_msg=f"{backend} {dtype} broadcast row")
    check_binary(op, x[:, :1], y, err_msg=f"{backend} {dtype} broadcast column")
    check_binary(op, x[:, :1], y[2], err_msg=f"{backend} {dtype} outer")


@pytest.mark.parametrize("dtype", DTYPES)
def test_bool_subtract_is_type_error(backend, dtype):
    x = arrpy.array([True, False])
    other = arrpy.asarray(sample_values(dtype, (2,)))
    with pytest.raises(TypeError):
        np.subtract(np.array([True, False]), np.array([True, False]))
    if dtype == "bool":
        for call in (lambda: x - other, lambda: arrpy.subtract(x, other), lambda: x - True,
                     lambda: True - x, lambda: arrpy.subtract(x, [True, True])):
            with pytest.raises(TypeError) as info:
                call()
            assert "subtract" in str(info.value) and "bool" in str(info.value)
        y = x.copy()
        with pytest.raises(TypeError):
            y -= x
        assert_same(y, np.array([True, False]))
    else:
        # mixed with a non-bool dtype subtraction is defined (bool promotes)
        check_binary("subtract", x.data, other.data)


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("first", DTYPES)
def test_every_dtype_pair_promotes_like_numpy(backend, op, first):
    x = sample_values(first, (2, 3), seed=3)
    for second in DTYPES:
        y = sample_values(second, (3,), seed=4)
        expected, error = numpy_outcome(lambda: NUMPY[op](x, y))
        if error is None:
            assert arrpy.result_type(first, second) == np.result_type(first, second)
        check_binary(op, x, y, err_msg=f"{backend} {first},{second}")
        check_binary(op, y, x, err_msg=f"{backend} {second},{first}")


# --- operand kinds --------------------------------------------------------------------------------

SCALARS = [True, False, 0, 1, -1, 7, 127, 128, 255, 256, -129, 300, -300, 2**31, 2**40, 2**63 - 1,
           2**63, 2**64 - 1, 2**64, -(2**63), 1.5, -0.0, 0.0, float("inf"), float("nan"), 1e300,
           2j, complex(1.5, -2), complex(float("inf"), 0)]


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_python_scalars_are_weak(backend, op, dtype):
    x = sample_values(dtype, (2, 3), seed=5)
    for scalar in SCALARS:
        for ours, theirs in both_forms(op):
            check_like_numpy(lambda: theirs(x, scalar), lambda: ours(arrpy.asarray(x), scalar),
                             err_msg=f"{backend} {dtype} {op} {scalar!r}")
            check_like_numpy(lambda: theirs(scalar, x), lambda: ours(scalar, arrpy.asarray(x)),
                             err_msg=f"{backend} {scalar!r} {op} {dtype}")


def test_weak_scalar_examples(backend):
    a = arrpy.array([1, 2, 3], dtype="int8")
    assert (a + 1).dtype is arrpy.int8
    assert (a * 2.5).dtype is arrpy.float64
    assert (arrpy.array([1.0], dtype="float32") + 1.0).dtype is arrpy.float32
    assert (arrpy.array([1.0], dtype="float32") * 1j).dtype is arrpy.complex64
    assert (arrpy.array([True]) + 1).dtype is arrpy.int64
    assert_same(3 - a, np.array([2, 1, 0], dtype=np.int8))
    assert_same(2 / arrpy.array([1.0, 4.0]), np.array([2.0, 0.5]))
    assert_same(arrpy.array([250], dtype="uint8") + 10, np.array([4], dtype=np.uint8))


@pytest.mark.parametrize("op", ["add", "subtract", "multiply"])
@pytest.mark.parametrize("value, dtype", [(300, "int8"), (-1, "uint8"), (-1, "uint64"),
                                          (2**63, "int64"), (70000, "int16"), (2**64, "uint64")])
def test_python_int_out_of_range_is_overflow_error(backend, op, value, dtype):
    """The weak Python int must fit the array's integer dtype (NumPy 2). True division is not
    affected: its loop is float64 (``int8 array / 300`` is fine)."""
    check_binary("divide", np.zeros(3, dtype=dtype), value, make_y=lambda v: v)
    check_binary("divide", value, np.zeros(3, dtype=dtype), make_x=lambda v: v)
    a = arrpy.zeros(3, dtype=dtype)
    with pytest.raises(OverflowError):
        NUMPY[op](np.zeros(3, dtype=dtype), value)
    for call in (lambda: OPERATORS[op](a, value), lambda: OPERATORS[op](value, a),
                 lambda: FUNCTIONS[op](a, value), lambda: INPLACE[op](a, value)):
        with pytest.raises(OverflowError):
            call()
    assert_same(a, np.zeros(3, dtype=dtype))


@pytest.mark.parametrize("value, dtype", [(300, "int8"), (-1, "uint8"), (-1, "uint64"),
                                          (2**63, "int64"), (70000, "int16"), (2**64, "uint64")])
def test_python_int_out_of_range_message(value, dtype):
    """The OverflowError names the operation, the value and the dtype."""
    a = arrpy.zeros(3, dtype=dtype)
    for op, call in (("add", lambda: a + value), ("multiply", lambda: arrpy.multiply(value, a))):
        with pytest.raises(OverflowError) as info:
            call()
        message = str(info.value)
        assert str(value) in message and dtype in message, message
        assert op in message, f"the message does not name the operation: {message!r}"


NUMPY_SCALARS = [np.float32(1.5), np.float64(-2.0), np.int8(3), np.uint8(200), np.int64(-7),
                 np.uint64(2**63), np.complex64(1 - 1j), np.bool_(True), np.int16(-300)]


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_scalars_are_strong(backend, op, dtype):
    x = sample_values(dtype, (4,), seed=6)
    for scalar in NUMPY_SCALARS:
        for ours, theirs in both_forms(op):
            check_like_numpy(lambda: theirs(x, scalar), lambda: ours(arrpy.asarray(x), scalar),
                             err_msg=f"{backend} {dtype} {op} {scalar!r}")
            check_like_numpy(lambda: theirs(scalar, x), lambda: ours(scalar, arrpy.asarray(x)),
                             err_msg=f"{backend} {scalar!r} {op} {dtype}")


@pytest.mark.parametrize("op", OP_NAMES)
def test_ndarray_operands_on_either_side_give_arrpy(backend, op):
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    y = np.array([4.0, 0.25], dtype=np.float32)
    a = arrpy.asarray(x)
    b = arrpy.asarray(y)
    expected = NUMPY[op](x, y)
    for result in (OPERATORS[op](a, y), OPERATORS[op](x, b), FUNCTIONS[op](x, b),
                   FUNCTIONS[op](a, y), FUNCTIONS[op](x, y)):
        assert type(result) is arrpy.ArrPy
        assert_same(result, expected)
    reflected = NUMPY[op](y, x)
    assert_same(OPERATORS[op](y, a), reflected)
    assert_same(OPERATORS[op](b, x), reflected)


@pytest.mark.parametrize("op", OP_NAMES)
def test_list_and_tuple_operands(backend, op):
    a = arrpy.array([[1, 2], [3, 4]], dtype="int16")
    for other in ([5, -6], (5, -6), [[1], [2]], [1.5, 2.5], [True, False]):
        for ours, theirs in both_forms(op):
            check_like_numpy(lambda: theirs(a.data, other), lambda: ours(a, other))
            check_like_numpy(lambda: theirs(other, a.data), lambda: ours(other, a))


@pytest.mark.parametrize("op", OP_NAMES)
def test_big_endian_ndarray_operand(backend, op):
    x = np.arange(1, 7, dtype=">f8").reshape(2, 3)
    a = arrpy.arange(1.0, 7.0).reshape(2, 3)
    assert_same(OPERATORS[op](a, x), NUMPY[op](a.data, x))
    assert_same(FUNCTIONS[op](x, a), NUMPY[op](x, a.data).astype(np.float64))


# --- in-place -------------------------------------------------------------------------------------

def check_inplace(op, x, y, make_y=arrpy.asarray, err_msg=""):
    """``a op= y`` keeps the object, the buffer and the dtype of ``a`` and equals NumPy's in-place
    result, or raises NumPy's exception type and leaves ``a`` unchanged."""
    expected = x.copy()
    _, error = numpy_outcome(lambda: INPLACE[op](expected, y))
    a = arrpy.asarray(x.copy())
    original = a
    data = a.data
    address = data.ctypes.data
    if error is not None:
        with pytest.raises(error):
            a = INPLACE[op](a, make_y(y))
        assert_same(original, x, err_msg=f"{err_msg}: changed by a failed in-place op")
        return
    a = INPLACE[op](a, make_y(y))
    assert a is original, f"{err_msg}: in-place {op} made a new object"
    assert a.data is data and a.data.ctypes.data == address, f"{err_msg}: buffer replaced"
    assert_same(a, expected, err_msg=f"{err_msg} in-place {op}")


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("first", DTYPES)
def test_inplace_every_dtype_pair(backend, op, first):
    x = sample_values(first, (3, 4), seed=7)
    for second in DTYPES:
        y = sample_values(second, (4,), seed=8)
        check_inplace(op, x, y, err_msg=f"{backend} {first} {SYMBOLS[op]}= {second}")
        check_inplace(op, x, y, make_y=lambda v: v, err_msg=f"{backend} {first} op= ndarray")


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_inplace_python_scalars(backend, op, dtype):
    x = sample_values(dtype, (2, 3), seed=9)
    for scalar in SCALARS:
        check_inplace(op, x, scalar, make_y=lambda v: v,
                      err_msg=f"{backend} {dtype} op= {scalar!r}")


def test_inplace_examples(backend):
    a = arrpy.arange(4)
    with pytest.raises(TypeError) as info:
        a /= 2
    assert "divide" in str(info.value)
    with pytest.raises(TypeError) as info:
        a += 1.5
    assert "add" in str(info.value)
    b = arrpy.array([100, 120], dtype="int8")
    with pytest.raises(OverflowError):
        b += 300
    b += 100
    assert_same(b, np.array([-56, -36], dtype=np.int8))
    f = arrpy.ones(3, dtype="float32")
    f *= 2.5
    assert_same(f, np.full(3, 2.5, dtype=np.float32))
    c = arrpy.zeros(2)
    with pytest.raises(TypeError):
        c += 1j


@pytest.mark.parametrize("op", OP_NAMES)
def test_inplace_broadcast_output_is_value_error(backend, op):
    a = arrpy.ones(3)
    with pytest.raises(ValueError) as info:
        INPLACE[op](a, arrpy.ones((2, 3)))
    assert "(3,)" in str(info.value) and "(2, 3)" in str(info.value)
    assert_same(a, np.ones(3))


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", ["int32", "float64", "complex64", "uint8"])
def test_inplace_on_views(backend, op, dtype):
    base = sample_values(dtype, (6, 8), seed=10)
    other = sample_values(dtype, (3, 4), seed=11)
    for key in [(slice(None, None, 2), slice(1, None, 2)), (slice(None, None, -2), slice(None, 4)),
                (slice(1, 4), slice(None, None, -2))]:
        expected = base.copy()
        with np.errstate(all="ignore"):
            _, error = numpy_outcome(lambda: INPLACE[op](expected[key], other))
        a = arrpy.asarray(base.copy())
        view = a[key]
        if error is not None:
            with pytest.raises(error):
                INPLACE[op](view, other)
            continue
        result = INPLACE[op](view, arrpy.asarray(other))
        assert result is view
        assert_same(a, expected, err_msg=f"{backend} {dtype} view {key}")
        # the transposed view of the same data
        expected_t = base.copy()
        numpy_outcome(lambda: INPLACE[op](expected_t[key].T, other.T))
        b = arrpy.asarray(base.copy())
        INPLACE[op](b[key].T, arrpy.asarray(other).T)
        assert_same(b, expected_t, err_msg=f"{backend} {dtype} transposed view {key}")


def test_inplace_cast_error_takes_precedence_over_shape_error(backend):
    """NumPy resolves and checks the casts before it broadcasts: an in-place op that can neither
    cast nor broadcast raises the cast's TypeError."""
    for target, other in ((np.zeros(3, dtype=np.int32), np.ones((2, 3))),
                          (np.array(False), np.array([0], dtype=np.int8))):
        with pytest.raises(TypeError):
            target.copy().__iadd__(other)
        a = arrpy.asarray(target.copy())
        with pytest.raises(TypeError):
            a += other
    with pytest.raises(TypeError):
        np.add(np.ones(3), np.ones(4), out=np.zeros(3, dtype=np.int64))
    with pytest.raises(TypeError):
        arrpy.add(arrpy.ones(3), arrpy.ones(4), out=arrpy.zeros(3, dtype="int64"))


def test_inplace_on_read_only_is_value_error(backend):
    data = np.arange(4.0)
    data.flags.writeable = False
    a = arrpy.asarray(data)
    with pytest.raises(ValueError):
        a += 1.0
    with pytest.raises(ValueError):
        arrpy.add(arrpy.ones(4), 1.0, out=a)
    np.testing.assert_array_equal(data, np.arange(4.0))


OVERLAPS = {
    "shift right": (lambda v: v[1:], lambda v: v[:-1]),
    "shift left": (lambda v: v[:-1], lambda v: v[1:]),
    "self": (lambda v: v, lambda v: v),
    "reversed": (lambda v: v, lambda v: v[::-1]),
    "strided": (lambda v: v[::2], lambda v: v[1::2][: len(v[::2])]),
    "transpose": (lambda v: v.reshape(4, 4), lambda v: v.reshape(4, 4).T),
    "broadcast row": (lambda v: v.reshape(4, 4), lambda v: v.reshape(4, 4)[1]),
    "shift by 3": (lambda v: v[3:], lambda v: v[:-3]),
}


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("kind", list(OVERLAPS))
@pytest.mark.parametrize("dtype", ["int64", "float64", "complex128", "int16", "float32"])
def test_overlapping_inplace(backend, op, kind, dtype):
    target_of, source_of = OVERLAPS[kind]
    base = (np.arange(1, 17) * 3 % 11 + 1).astype(dtype)
    expected = base.copy()
    _, error = numpy_outcome(lambda: INPLACE[op](target_of(expected), source_of(expected)))
    a = arrpy.asarray(base.copy())
    if error is not None:
        with pytest.raises(error):
            INPLACE[op](target_of(a), source_of(a))
        return
    target = target_of(a)
    INPLACE[op](target, source_of(a))
    assert_same(a, expected, err_msg=f"{backend} {kind}")


def test_overlapping_inplace_statement_form(backend):
    a = arrpy.arange(10)
    a[1:] += a[:-1]
    n = np.arange(10)
    n[1:] += n[:-1]
    assert_same(a, n)
    b = arrpy.arange(10.0)
    b[:-1] -= b[1:]
    m = np.arange(10.0)
    m[:-1] -= m[1:]
    assert_same(b, m)


def test_overlapping_out(backend):
    x = np.arange(12.0)
    a = arrpy.asarray(x.copy())
    arrpy.multiply(a[:-2], a[2:], out=a[1:-1])
    expected = x.copy()
    np.multiply(expected[:-2], expected[2:], out=expected[1:-1])
    assert_same(a, expected)


# --- out= -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_out_same_dtype(backend, op, dtype):
    x = sample_values(dtype, (3, 4), seed=12)
    y = sample_values(dtype, (4,), seed=13)
    expected, error = numpy_outcome(lambda: NUMPY[op](x, y))
    if error is not None:
        with pytest.raises(error):
            FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y), out=arrpy.zeros((3, 4), dtype=dtype))
        return
    out = arrpy.zeros((3, 4), dtype=expected.dtype)
    data = out.data
    result = FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y), out=out)
    assert result is out and out.data is data
    assert_same(out, expected)
    out2 = arrpy.zeros((3, 4), dtype=expected.dtype)
    assert FUNCTIONS[op](x, y, (out2,)) is out2
    assert_same(out2, expected)


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", ["int8", "uint32", "float32", "float64", "complex64",
                                   "complex128"])
def test_out_is_an_input(backend, op, dtype):
    x = sample_values(dtype, (3, 4), seed=14)
    y = sample_values(dtype, (3, 4), seed=15)
    for position in (0, 1):
        expected = [x.copy(), y.copy()]
        _, error = numpy_outcome(lambda: NUMPY[op](*expected, out=expected[position]))
        operands = [arrpy.asarray(x.copy()), arrpy.asarray(y.copy())]
        if error is not None:
            with pytest.raises(error):
                FUNCTIONS[op](*operands, out=operands[position])
            continue
        result = FUNCTIONS[op](*operands, out=operands[position])
        assert result is operands[position]
        assert_same(operands[position], expected[position])
    a = arrpy.asarray(x.copy())
    expected_self = x.copy()
    _, error = numpy_outcome(lambda: NUMPY[op](expected_self, expected_self, out=expected_self))
    if error is None:
        FUNCTIONS[op](a, a, out=a)
        assert_same(a, expected_self)


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", ["int16", "float64", "complex64"])
def test_out_non_contiguous_view(backend, op, dtype):
    x = sample_values(dtype, (4, 5), seed=16)
    y = sample_values(dtype, (5,), seed=17)
    expected_value, error = numpy_outcome(lambda: NUMPY[op](x, y))
    assert error is None
    loop = expected_value.dtype
    base_np = np.full((8, 15), 7, dtype=loop)
    view_np = base_np[::2, ::-3]
    np_out = NUMPY[op](x, y, out=view_np)
    assert np_out is view_np
    base = arrpy.full((8, 15), 7, dtype=loop)
    view = base[::2, ::-3]
    assert not view.data.flags.c_contiguous
    result = FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y), out=view)
    assert result is view
    assert_same(base, base_np)
    # transposed output
    base_t = arrpy.zeros((5, 4), dtype=loop)
    FUNCTIONS[op](x, y, out=base_t.T)
    assert_same(base_t.T, expected_value)


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("in_dtype, out_dtype", [
    ("int32", "float64"), ("float64", "float32"), ("int64", "int8"), ("float32", "complex128"),
    ("uint8", "int16"), ("int16", "uint8"), ("bool", "float32"), ("float64", "int64"),
    ("complex128", "float64"), ("int8", "bool"), ("float32", "float16"),
])
def test_out_of_another_dtype(backend, op, in_dtype, out_dtype):
    x = sample_values(in_dtype, (2, 3), seed=18)
    y = sample_values(in_dtype, (2, 3), seed=19)
    np_out = np.zeros((2, 3), dtype=out_dtype)
    _, error = numpy_outcome(lambda: NUMPY[op](x, y, out=np_out))
    if out_dtype == "float16":
        with pytest.raises(TypeError):
            arrpy.zeros((2, 3), dtype=out_dtype)
        return
    out = arrpy.zeros((2, 3), dtype=out_dtype)
    if error is not None:
        with pytest.raises(error) as info:
            FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y), out=out)
        _, error_without_out = numpy_outcome(lambda: NUMPY[op](x, y))
        if error is TypeError and error_without_out is None:  # the cast to out is refused
            assert op in str(info.value) and "same_kind" in str(info.value)
        assert_same(out, np.zeros((2, 3), dtype=out_dtype))
        return
    assert FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y), out=out) is out
    assert_same(out, np_out)


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("out_shape", [(4,), (2, 1), (1, 3), (3, 2), (2, 2, 2), (3,), ()])
def test_out_of_wrong_shape_is_value_error(backend, op, out_shape):
    x = arrpy.ones((2, 3))
    with pytest.raises(ValueError):
        NUMPY[op](np.ones((2, 3)), 1.0, out=np.zeros(out_shape))
    with pytest.raises(ValueError) as info:
        FUNCTIONS[op](x, 1.0, out=arrpy.zeros(out_shape))
    message = str(info.value)
    assert op in message and str(out_shape) in message and "(2, 3)" in message


@pytest.mark.parametrize("op", OP_NAMES)
def test_out_larger_than_the_broadcast_shape(backend, op):
    """NumPy broadcasts the inputs to ``out``'s shape when it is larger: out takes part in the
    broadcast (only a result that does not fit ``out`` is an error)."""
    x = np.arange(1.0, 7.0).reshape(2, 3)
    np_out = np.zeros((4, 2, 3))
    NUMPY[op](x, 2.0, out=np_out)
    out = arrpy.zeros((4, 2, 3))
    assert FUNCTIONS[op](arrpy.asarray(x), 2.0, out=out) is out
    assert_same(out, np_out)


def test_out_must_be_an_array(backend):
    with pytest.raises(TypeError):
        arrpy.add(arrpy.ones(2), 1.0, out=[0.0, 0.0])
    with pytest.raises(ValueError):
        arrpy.add(arrpy.ones(2), 1.0, out=(arrpy.ones(2), arrpy.ones(2)))


# --- dtype= ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("in_dtype", ["bool", "int8", "uint16", "int64", "float32", "float64",
                                      "complex64"])
def test_dtype_argument(backend, op, in_dtype):
    x = sample_values(in_dtype, (2, 3), seed=20)
    y = sample_values(in_dtype, (3,), seed=21)
    for dtype in DTYPES:
        for spelling in (dtype, np.dtype(dtype)):
            check_like_numpy(lambda: NUMPY[op](x, y, dtype=dtype),
                             lambda: FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y),
                                                   dtype=spelling),
                             err_msg=f"{backend} {op} {in_dtype} dtype={dtype}")
        check_like_numpy(lambda: NUMPY[op](x, 3, dtype=dtype),
                         lambda: FUNCTIONS[op](arrpy.asarray(x), 3, dtype=dtype),
                         err_msg=f"{backend} {op} {in_dtype} + 3 dtype={dtype}")


def test_dtype_argument_examples(backend):
    a = arrpy.array([100, 100], dtype="int8")
    assert_same(arrpy.add(a, a, dtype="int16"), np.array([200, 200], dtype=np.int16))
    assert_same(arrpy.add(a, a), np.array([-56, -56], dtype=np.int8))
    assert_same(arrpy.divide(a, 3, dtype=arrpy.float32),
                np.true_divide(a.data, 3, dtype=np.float32))
    with pytest.raises(TypeError) as info:
        arrpy.add(arrpy.ones(2), 1.0, dtype="int32")
    assert "add" in str(info.value)
    with pytest.raises(TypeError):
        arrpy.divide(a, a, dtype="int8")
    with pytest.raises(TypeError):
        arrpy.add(a, a, dtype="float16")


@pytest.mark.parametrize("values, scalar, dtype", [([1], 1.5, "int64"), ([True], 3, "bool"),
                                                   ([1.0], 1j, "float64"), ([1], 2.5, "uint8")])
def test_dtype_argument_checks_python_scalars_too(backend, values, scalar, dtype):
    """With dtype=, a Python scalar operand must cast to it under 'same_kind' like an array
    (np.add(np.array([1]), 1.5, dtype="int64") raises); it must not be truncated silently."""
    with pytest.raises(TypeError):
        np.add(np.array(values), scalar, dtype=dtype)
    for call in (lambda: arrpy.add(arrpy.array(values), scalar, dtype=dtype),
                 lambda: arrpy.multiply(scalar, arrpy.array(values), dtype=dtype)):
        with pytest.raises(TypeError) as info:
            call()
        assert "same_kind" in str(info.value) or dtype in str(info.value)


def test_dtype_and_out_together(backend):
    a = arrpy.array([1, 2, 3], dtype="int8")
    out = arrpy.zeros(3, dtype="float64")
    arrpy.multiply(a, 2, out=out, dtype="float32")
    np_out = np.zeros(3)
    np.multiply(a.data, 2, out=np_out, dtype="float32")
    assert_same(out, np_out)


# --- special values -------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_float_division_by_zero(backend, dtype):
    x = np.array([1.0, -1.0, 0.0, -0.0, np.inf, -np.inf, np.nan, 5.0], dtype=dtype)
    for zero in (0.0, -0.0):
        divisor = np.full_like(x, zero)
        with np.errstate(all="ignore"):
            expected = x / divisor
        result = arrpy.asarray(x) / arrpy.asarray(divisor)
        assert_same(result, expected)
        signed = ~np.isnan(expected)  # the sign of a NaN carries no meaning
        np.testing.assert_array_equal(np.signbit(result.data)[signed], np.signbit(expected)[signed])
        assert_same(arrpy.divide(arrpy.asarray(x), zero), expected)
    assert_same(arrpy.divide(1.0, arrpy.zeros(2, dtype=dtype)), np.full(2, np.inf, dtype=dtype))


@pytest.mark.parametrize("dtype", list(INT_DTYPES) + ["bool"])
def test_integer_division_by_zero_gives_float(backend, dtype):
    x = np.array([1, 0, 1, 0], dtype=dtype)
    y = np.zeros(4, dtype=dtype)
    with np.errstate(all="ignore"):
        expected = x / y
    assert_same(arrpy.asarray(x) / arrpy.asarray(y), expected)
    assert_same(arrpy.divide(arrpy.asarray(x), 0), expected)


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_division(backend, dtype):
    values = [1 + 1j, -2 + 0.5j, 0j, complex(0, -0.0), complex(np.inf, 0), complex(0, np.inf),
              complex(np.nan, 1), complex(1, np.nan), complex(-np.inf, -np.inf), 3 - 4j,
              complex(1e-30, 1e30), complex(1e30, -1e-30), complex(-0.0, 0.0), 1.5 + 0j, 0 + 2.5j,
              complex(np.nan, 0), complex(0, np.nan), complex(np.nan, np.nan),
              complex(np.inf, np.nan)]
    x = np.array(values, dtype=dtype)
    xs, ys = np.meshgrid(x, x)
    with np.errstate(all="ignore"):
        expected = xs / ys
    result = arrpy.asarray(xs) / arrpy.asarray(ys)
    assert_same(result, expected)
    zeros = np.array([0j, complex(-0.0, 0), complex(0, -0.0), complex(-0.0, -0.0)], dtype=dtype)
    for zero in zeros:
        with np.errstate(all="ignore"):
            expected = x / np.full_like(x, zero)
        assert_same(arrpy.asarray(x) / arrpy.asarray(np.full_like(x, zero)), expected,
                    err_msg=f"{backend}: divided by {zero!r}")


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_multiplication_with_specials(backend, dtype):
    values = [1 + 1j, complex(np.inf, 0), complex(0, np.inf), complex(np.nan, 0), 0j,
              complex(-0.0, 2), complex(1e30, 1e30), 2 - 3j]
    x = np.array(values, dtype=dtype)
    xs, ys = np.meshgrid(x, x)
    with np.errstate(all="ignore"):
        expected = xs * ys
    assert_same(arrpy.asarray(xs) * arrpy.asarray(ys), expected)


COMPLEX_LAYOUTS = {  # a (4, 8) operand laid out in several ways (or a scalar)
    "contiguous": lambda v: v,
    "stride 2": lambda v: np.repeat(v, 2, axis=1)[:, ::2],
    "negative strides": lambda v: v[::-1, ::-1].copy()[::-1, ::-1],
    "fortran order": lambda v: v.T.copy().T,
    "scalar": lambda v: v[0, 0],
}


@pytest.mark.parametrize("dtype, big", [("complex64", 1e30), ("complex128", 1e300)])
@pytest.mark.parametrize("layout", list(COMPLEX_LAYOUTS))
def test_complex_multiply_overflow_every_layout(backend, dtype, big, layout):
    """(big + big j)**2 overflows: inf - inf is NaN with the plain formula, -inf with an FMA.

    arrpy computes re = fma(a, c, -(b*d)), im = fma(a, d, b*c) in every backend and for every
    layout, which is what NumPy does for contiguous data on FMA hardware. (NumPy's own strided
    complex64 loop uses the plain formula, so its special values depend on the memory layout;
    arrpy's do not.)"""
    values = np.array([complex(big, big), complex(big, -big), complex(-big, big), 1 + 2j] * 8,
                      dtype=dtype).reshape(4, 8)
    x = COMPLEX_LAYOUTS[layout](values)
    y = values
    contiguous_x = np.ascontiguousarray(x)
    with np.errstate(all="ignore"):
        expected = np.multiply(contiguous_x, y)
        expected_reflected = np.multiply(y, contiguous_x)
    assert_same(arrpy.multiply(x, y), expected, err_msg=f"{backend} {layout}")
    assert_same(arrpy.multiply(y, x), expected_reflected, err_msg=f"{backend} {layout} reflected")


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_overflow_wraps(backend, dtype):
    info = np.iinfo(dtype)
    x = np.array([info.max, info.min, info.max, info.min, info.max, 0, info.min // 2 or 1],
                 dtype=dtype)
    y = np.array([1, 1, info.max, info.max, 2, 1, 3], dtype=dtype)
    if dtype in SIGNED_DTYPES:
        y = np.array([1, -1, info.max, info.min, 2, -1, 3], dtype=dtype)
    for op in ("add", "subtract", "multiply"):
        with np.errstate(all="ignore"):
            expected = NUMPY[op](x, y)
        assert_same(FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y)), expected,
                    err_msg=f"{backend} {op}")
        assert_same(OPERATORS[op](arrpy.asarray(x), arrpy.asarray(y)), expected)


def test_integer_overflow_examples(backend):
    assert_same(arrpy.array([127], dtype="int8") + 1, np.array([-128], dtype=np.int8))
    assert_same(arrpy.array([0], dtype="uint8") - 1, np.array([255], dtype=np.uint8))
    big = arrpy.array([2**63 - 1])
    assert_same(big + big, np.array([-2], dtype=np.int64))
    assert_same(arrpy.array([2**64 - 1], dtype="uint64") * 2,
                np.array([2**64 - 2], dtype=np.uint64))
    assert_same(arrpy.array([-(2**63)]) * -1, np.array([-(2**63)], dtype=np.int64))
    assert_same(arrpy.array([-(2**63)]) / -1, np.array([2.0**63]))


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_nan_and_inf(backend, op, dtype):
    values = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0,
                       float(np.finfo(dtype).max), float(np.finfo(dtype).tiny),
                       float(np.finfo(dtype).smallest_subnormal)], dtype=dtype)
    xs, ys = np.meshgrid(values, values)
    with np.errstate(all="ignore"):
        expected = NUMPY[op](xs, ys)
    result = FUNCTIONS[op](arrpy.asarray(xs), arrpy.asarray(ys))
    assert_same(result, expected)
    zero = expected == 0
    np.testing.assert_array_equal(np.signbit(result.data)[zero], np.signbit(expected)[zero],
                                  err_msg="signed zeros")


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
def test_subnormals_are_not_flushed(backend, op, dtype):
    tiny = float(np.finfo(dtype).smallest_subnormal)
    x = np.array([tiny, 3 * tiny, 1e-3 * float(np.finfo(dtype).tiny), 0.5], dtype=dtype)
    y = np.array([tiny, 2.0, 0.25, 4.0], dtype=dtype)
    with np.errstate(all="ignore"):
        expected = NUMPY[op](x, y)
    assert_same(FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y)), expected)


# --- shapes: empty, 0-d, broadcasting, errors -----------------------------------------------------

@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shapes", [((0,), (0,)), ((0,), (1,)), ((0, 3), (3,)), ((2, 0), (2, 1)),
                                    ((0,), ()), ((3, 0, 2), (1, 2)), ((), ()), ((), (4,)),
                                    ((1,), ()), ((1, 1, 1), ())])
def test_empty_and_zero_d(backend, op, dtype, shapes):
    x = sample_values(dtype, shapes[0], seed=22)
    y = sample_values(dtype, shapes[1], seed=23)
    check_binary(op, x, y, err_msg=f"{backend} {shapes}")
    check_binary(op, y, x, err_msg=f"{backend} {shapes} reversed")


def test_zero_d_result_is_a_zero_d_arrpy(backend):
    result = arrpy.array(2.0) * arrpy.array(3.0)
    assert isinstance(result, arrpy.ArrPy) and result.shape == ()
    assert float(result) == 6.0
    scalar_result = arrpy.array(2) + 1
    assert isinstance(scalar_result, arrpy.ArrPy) and scalar_result.shape == ()


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("shapes", [((3,), (4,)), ((2, 3), (3, 2)), ((2, 1, 3), (4, 2)),
                                    ((0,), (2,)), ((5, 4), (5,)), ((2, 3, 4), (2, 1, 3, 2))])
def test_incompatible_shapes_are_value_error_naming_both(backend, op, shapes):
    x, y = np.ones(shapes[0]), np.ones(shapes[1])
    with pytest.raises(ValueError):
        NUMPY[op](x, y)
    for call in (lambda: FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y)),
                 lambda: OPERATORS[op](arrpy.asarray(x), arrpy.asarray(y)),
                 lambda: OPERATORS[op](x, arrpy.asarray(y)),
                 lambda: FUNCTIONS[op](x, y)):
        with pytest.raises(ValueError) as info:
            call()
        message = str(info.value)
        assert op in message
        assert str(shapes[0]) in message and str(shapes[1]) in message, message


@pytest.mark.parametrize("op", OP_NAMES)
def test_bad_operands(backend, op):
    a = arrpy.ones(3)
    with pytest.raises(TypeError):
        OPERATORS[op](a, "x")
    with pytest.raises(TypeError):
        OPERATORS[op]("x", a)
    with pytest.raises(TypeError) as info:
        FUNCTIONS[op](a, "abc")
    assert op in str(info.value)
    with pytest.raises(TypeError):
        OPERATORS[op](a, None)
    with pytest.raises(TypeError):
        OPERATORS[op](a, object())
    with pytest.raises(ValueError) as info:
        FUNCTIONS[op](a, [[1.0], [1.0, 2.0]])
    assert op in str(info.value)
    with pytest.raises(TypeError):
        FUNCTIONS[op](a, np.ones(3, dtype=np.float16))


# --- non-contiguous inputs ------------------------------------------------------------------------

VIEWS = {
    "step": lambda v: v[:, ::2],
    "negative step": lambda v: v[::-1, ::-3],
    "transpose": lambda v: v.T,
    "offset": lambda v: v[1:, 2:],
    "column": lambda v: v[:, 3],
    "3-d swap": lambda v: v.reshape(2, 3, 6).transpose(2, 0, 1),
    "broadcast view": lambda v: np.broadcast_to(v[0], (4, 6, 6)),
}


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_non_contiguous_inputs(backend, op, dtype):
    base_x = sample_values(dtype, (6, 6), seed=24)
    base_y = sample_values(dtype, (6, 6), seed=25)
    for name, view in VIEWS.items():
        x = view(base_x)
        y = view(base_y)
        check_binary(op, x, y, err_msg=f"{backend} {dtype} {name}")
        check_binary(op, x, y[..., ::-1], err_msg=f"{backend} {dtype} {name} reversed last")
        check_binary(op, x, base_y[0, : x.shape[-1]] if x.ndim else base_y[0, 0],
                     err_msg=f"{backend} {dtype} {name} with row")


@pytest.mark.parametrize("op", OP_NAMES)
def test_arrpy_views_as_inputs(backend, op):
    x = np.arange(1.0, 25.0).reshape(4, 6)
    a = arrpy.asarray(x)
    assert_same(OPERATORS[op](a[:, ::2], a[::-1, 1::2]), NUMPY[op](x[:, ::2], x[::-1, 1::2]))
    assert_same(OPERATORS[op](a.T, a.T[::-1]), NUMPY[op](x.T, x.T[::-1]))
    assert_same(OPERATORS[op](a[None, :, 2], a[:, None, 3]),
                NUMPY[op](x[None, :, 2], x[:, None, 3]))
    assert_same(OPERATORS[op](a[..., 1], 2.0), NUMPY[op](x[..., 1], 2.0))


def test_unaligned_input(backend):
    raw = np.zeros(8 * 5 + 1, dtype=np.uint8)
    unaligned = raw[1:].view(np.float64)
    unaligned[:] = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert not unaligned.flags.aligned
    expected = unaligned + unaligned
    assert_same(arrpy.add(unaligned, unaligned), expected)
    assert_same(arrpy.ones(5) * unaligned, unaligned)


# --- large arrays: the threaded path of the compiled backends -------------------------------------

LARGE = 100_003  # > 2**16 and not a multiple of any SIMD width


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_large_contiguous(backend, op, dtype):
    x = sample_values(dtype, (LARGE,), seed=26)
    y = sample_values(dtype, (LARGE,), seed=27)
    check_binary(op, x, y, err_msg=f"{backend} {dtype} large")


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", ["int8", "int32", "uint64", "float32", "float64", "complex64",
                                   "complex128"])
def test_large_strided_broadcast_and_scalar(backend, op, dtype):
    x = sample_values(dtype, (400, 600), seed=28)
    y = sample_values(dtype, (600,), seed=29)
    check_binary(op, x[::-1, ::2], x[:, 1::2], err_msg=f"{backend} {dtype} large strided")
    check_binary(op, x.T, x.T[::-1], err_msg=f"{backend} {dtype} large transposed")
    check_binary(op, x, y, err_msg=f"{backend} {dtype} large broadcast")
    check_binary(op, x, y[:, None][:400], err_msg=f"{backend} {dtype} large column broadcast")
    scalar = {"i": 3, "u": 3, "f": 1.5, "c": 1.5 - 0.5j}[np.dtype(dtype).kind]
    check_binary(op, x, scalar, make_y=lambda v: v, err_msg=f"{backend} {dtype} large scalar")
    check_binary(op, scalar, x, make_x=lambda v: v, err_msg=f"{backend} {dtype} large rscalar")


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", ["int64", "float64", "complex64", "uint16"])
def test_large_inplace_and_out(backend, op, dtype):
    x = sample_values(dtype, (LARGE,), seed=30)
    y = sample_values(dtype, (LARGE,), seed=31)
    check_inplace(op, x, y, err_msg=f"{backend} {dtype} large in-place")
    check_inplace(op, x, 3, make_y=lambda v: v, err_msg=f"{backend} {dtype} large in-place scalar")
    expected, error = numpy_outcome(lambda: NUMPY[op](x, y))
    assert error is None
    out = arrpy.zeros(2 * LARGE, dtype=expected.dtype)[::2]
    FUNCTIONS[op](x, y, out=out)
    assert_same(out, expected)
    # overlapping, large
    base = x.copy()
    _, error = numpy_outcome(lambda: INPLACE[op](base[1:], base[:-1]))
    if error is None:
        a = arrpy.asarray(x.copy())
        INPLACE[op](a[1:], a[:-1])
        assert_same(a, base)


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_large_results_identical_across_backends(op, dtype):
    """The backends give the same results (the C++ SIMD path, the Cython loop, Python) and
    NumPy's. For booleans, integers and real floats (one IEEE operation per element) that is the
    same bits, NaN payloads aside; complex results are compared with the float tolerance."""
    x = sample_values(dtype, (LARGE,), seed=32)
    y = sample_values(dtype, (LARGE,), seed=33)
    expected, error = numpy_outcome(lambda: NUMPY[op](x, y))
    for name in BACKENDS:
        with arrpy.backend(name):
            if error is not None:
                with pytest.raises(error):
                    FUNCTIONS[op](x, y)
                continue
            result = FUNCTIONS[op](x, y).data
        if expected.dtype.kind == "f":
            assert result.dtype == expected.dtype
            np.testing.assert_array_equal(result, expected, strict=True,
                                          err_msg=f"{name} {op} {dtype}: not the same bits")
            finite_zero = expected == 0
            np.testing.assert_array_equal(np.signbit(result[finite_zero]),
                                          np.signbit(expected[finite_zero]),
                                          err_msg=f"{name} {op} {dtype}: signed zeros")
        else:
            assert_values(result, expected, err_msg=f"{name} {op} {dtype}")


@pytest.mark.parametrize("op", OP_NAMES)
@pytest.mark.parametrize("dtype", NUMERIC_DTYPES)
def test_fast_path_and_front_end_agree(backend, op, dtype):
    """The compiled operator fast path (contiguous, same dtype and shape; float64/int64 with a
    Python scalar) and the Python front end (arrpy.add & co.) give the same result."""
    x = sample_values(dtype, (1000,), seed=34)
    y = sample_values(dtype, (1000,), seed=35)
    a, b = arrpy.asarray(x), arrpy.asarray(y)
    operator_result, error = numpy_outcome(lambda: OPERATORS[op](a, b))
    function_result, function_error = numpy_outcome(lambda: FUNCTIONS[op](a, b))
    assert error == function_error
    if error is None:
        assert_same(operator_result, function_result.data)
    scalar = 3 if dtype in INT_DTYPES else 2.5
    if dtype in UNSIGNED_DTYPES or dtype == "int64" or dtype == "float64":
        assert_same(OPERATORS[op](a, scalar), FUNCTIONS[op](a, scalar).data)
        assert_same(OPERATORS[op](scalar, a), FUNCTIONS[op](scalar, a).data)


# --- NumPy ufuncs on ArrPy operands (__array_ufunc__) ---------------------------------------------

@pytest.mark.parametrize("op", OP_NAMES)
def test_numpy_ufuncs_on_arrpy_return_arrpy(backend, op):
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    y = np.array([4.0, 0.25], dtype=np.float32)
    a, b = arrpy.asarray(x), arrpy.asarray(y)
    ufunc = NUMPY[op]
    for result, expected in ((ufunc(a, b), ufunc(x, y)), (ufunc(x, b), ufunc(x, y)),
                             (ufunc(y, a), ufunc(y, x)), (ufunc(a, 2), ufunc(x, 2)),
                             (ufunc(a, b, dtype=np.float32), ufunc(x, y, dtype=np.float32))):
        assert type(result) is arrpy.ArrPy
        assert_same(result, expected)


@pytest.mark.parametrize("op", OP_NAMES)
def test_numpy_ufunc_out_arguments(backend, op):
    x = np.array([1.0, 2.0, 4.0])
    a = arrpy.asarray(x)
    ufunc = NUMPY[op]
    out = arrpy.zeros(3)
    assert ufunc(a, x, out=out) is out
    assert_same(out, ufunc(x, x))
    numpy_out = np.zeros(3)
    assert ufunc(a, x, out=(numpy_out,)) is numpy_out
    np.testing.assert_array_equal(numpy_out, ufunc(x, x))


def test_ndarray_inplace_with_arrpy_operand_keeps_the_ndarray(backend):
    target = np.array([1.0, 2.0, 3.0])
    buffer = target.ctypes.data
    target += arrpy.array([1.0, 1.0, 1.0])
    assert type(target) is np.ndarray and target.ctypes.data == buffer
    np.testing.assert_array_equal(target, [2.0, 3.0, 4.0])
    integers = np.array([1, 2, 3])
    with pytest.raises(TypeError, match="same_kind"):
        integers += arrpy.array([0.5, 0.5, 0.5])


def test_numpy_ufuncs_arrpy_lacks_raise_naming_them():
    a = arrpy.array([1.0, 2.0])
    with pytest.raises(TypeError, match="numpy.ldexp is not implemented for ArrPy"):
        np.ldexp(a, 2)
    with pytest.raises(TypeError, match=r"numpy.add.reduce is not implemented"):
        np.add.reduce(a)
    with pytest.raises(TypeError, match="casting"):
        np.add(a, a, casting="unsafe")
