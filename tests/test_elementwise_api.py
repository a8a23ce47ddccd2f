"""The public elementwise functions and operators added for issue 3, against NumPy.

The numerics of every kernel are tested in ``test_elementwise_kernels.py``; this file tests what
the front end adds: dtype resolution (mixed dtypes, Python scalars, ``dtype=``), broadcasting,
``out=`` and ``where=``, the operators (reflected and in place), ``divmod``, NumPy's ``a ** 2``
shortcuts, warnings and errors under ``arrpy.errstate``, ``__array_ufunc__`` and bad input.
"""

import warnings

import numpy as np
import pytest
from conftest import DTYPES, assert_same, check_like_numpy, sample_values

import arrpy
from arrpy import _registry

UNARY = (
    "negative positive absolute reciprocal square sqrt cbrt exp exp2 expm1 log log2 log10 log1p "
    "sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh deg2rad rad2deg "
    "floor ceil trunc rint sign conjugate invert isnan isinf isfinite signbit logical_not"
).split()
BINARY = (
    "floor_divide remainder power maximum minimum fmax fmin copysign hypot arctan2 logaddexp "
    "left_shift right_shift"
).split()
# Looser than the kernel tests' ulp bounds: here only the plumbing is under test.
RTOL = {"float32": 1e-5, "complex64": 1e-5, "float64": 1e-12, "complex128": 1e-12}


def quiet(call):
    """NumPy's result without its RuntimeWarnings (the oracle's warnings are not the test)."""

    def run():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call()

    return run


def arrpy_quiet(call):
    def run():
        with arrpy.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call()

    return run


def operand(dtype, shape=(3, 4), seed=0):
    x = sample_values(dtype, shape, seed=seed)
    if np.dtype(dtype).kind in "iu":
        # Keep integer powers and shifts meaningful (no negative exponents: those raise).
        x = np.abs(x % 9).astype(dtype)
    return x


def numpy_in_arrpy_dtypes(function, *args):
    """NumPy's result, except that where NumPy computes in float16 (float functions of bool,
    int8, uint8), arrpy computes in float32: so does the oracle here."""

    def call():
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = function(*args)
            if getattr(result, "dtype", None) == np.float16:
                result = function(*(np.asarray(a).astype(np.float32) for a in args))
            return result

    return call


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", UNARY)
def test_unary_function_every_dtype(backend, op, dtype):
    x = operand(dtype)
    check_like_numpy(
        numpy_in_arrpy_dtypes(getattr(np, op), x),
        arrpy_quiet(lambda: getattr(arrpy, op)(arrpy.asarray(x))),
        rtol=_rtol(op, x),
        err_msg=op,
    )


def _rtol(op, *args):
    """A tolerance for the result's precision (single or double)."""
    try:
        result = numpy_in_arrpy_dtypes(getattr(np, op), *(a.reshape(-1)[:0] for a in args))()
    except TypeError:
        return None
    return RTOL.get(result.dtype.name)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", BINARY)
def test_binary_function_every_dtype(backend, op, dtype):
    x, y = operand(dtype, seed=1), operand(dtype, (4,), seed=2)
    check_like_numpy(
        numpy_in_arrpy_dtypes(getattr(np, op), x, y),
        arrpy_quiet(lambda: getattr(arrpy, op)(arrpy.asarray(x), arrpy.asarray(y))),
        rtol=_rtol(op, x, y),
        err_msg=op,
    )


@pytest.mark.parametrize(
    ("op", "x1", "x2"),
    [
        ("floor_divide", np.array([7, -7, 9], dtype=np.int16), 2.5),
        ("remainder", np.array([7, 250, 9], dtype=np.uint8), 3),
        ("power", np.array([1, 2, 3], dtype=np.int8), 2.0),
        ("power", 2, np.array([0.5, 1.5], dtype=np.float32)),
        ("maximum", np.array([1, 5], dtype=np.int32), np.array([2.5, 1.0], dtype=np.float32)),
        ("fmin", np.array([np.nan, 5.0]), 1),
        ("arctan2", np.array([1, -1], dtype=np.int8), np.array([2, 2], dtype=np.uint8)),
        ("left_shift", np.array([1, 2], dtype=np.uint8), 3),
        ("right_shift", np.array([-16, 16], dtype=np.int64), np.array([2], dtype=np.int8)),
        ("copysign", 3, np.array([-1.0, 1.0], dtype=np.float32)),
        ("hypot", np.array([3, 5], dtype=np.int64), 4),
    ],
)
def test_binary_mixed_types_promote_like_numpy(backend, op, x1, x2):
    def to_arrpy(x):
        return arrpy.asarray(x) if isinstance(x, np.ndarray) else x

    check_like_numpy(
        numpy_in_arrpy_dtypes(getattr(np, op), x1, x2),
        arrpy_quiet(lambda: getattr(arrpy, op)(to_arrpy(x1), to_arrpy(x2))),
        rtol=1e-6,
    )


@pytest.mark.parametrize(
    ("op", "x"),
    [
        ("sqrt", np.array([1, 4, 9], dtype=np.int32)),
        ("exp", np.array([0, 1], dtype=np.uint16)),
        ("sin", [0.5, 1.0]),
        ("absolute", np.array([3 + 4j], dtype=np.complex64)),
        ("isnan", np.array([1, 2], dtype=np.int64)),
        ("negative", 5),
        ("exp", 1.0),
        ("logical_not", [0.0, np.nan, 2.0]),
        ("floor", np.array([True, False])),
        ("square", np.array([True, False])),
    ],
)
def test_unary_input_types_resolve_like_numpy(backend, op, x):
    arg = arrpy.asarray(x) if isinstance(x, np.ndarray) else x
    check_like_numpy(quiet(lambda: getattr(np, op)(x)), lambda: getattr(arrpy, op)(arg), rtol=1e-6)


# --- operators ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["int8", "uint16", "int64", "float32", "float64", "complex128"])
def test_operators_match_numpy(backend, dtype):
    x, y = operand(dtype, seed=3), operand(dtype, (4,), seed=4)
    a, b = arrpy.asarray(x), arrpy.asarray(y)
    cases = [
        (lambda p, q: -p, "neg"),
        (lambda p, q: +p, "pos"),
        (lambda p, q: abs(p), "abs"),
        (lambda p, q: p**2, "pow 2"),
        (lambda p, q: p**q, "pow"),
        (lambda p, q: 2**p, "rpow"),
    ]
    if dtype[0] != "c":
        cases += [
            (lambda p, q: p // q, "floordiv"),
            (lambda p, q: p % q, "mod"),
            (lambda p, q: 7 // p, "rfloordiv"),
            (lambda p, q: 7 % p, "rmod"),
        ]
    if dtype[0] in "iu":
        cases += [
            (lambda p, q: p << q, "lshift"),
            (lambda p, q: p >> q, "rshift"),
            (lambda p, q: 1 << p, "rlshift"),
            (lambda p, q: ~p, "invert"),
        ]
    if dtype[0] == "f":
        cases += [(lambda p, q: p**-1, "pow -1"), (lambda p, q: p**0.5, "pow 0.5")]
    for expression, name in cases:
        if dtype[0] == "u" and name == "neg":
            continue
        check_like_numpy(
            quiet(lambda e=expression: e(x, y)),
            arrpy_quiet(lambda e=expression: e(a, b)),
            rtol=RTOL.get(dtype),
            err_msg=name,
        )


def test_power_shortcuts_are_numpys_unary_functions(backend):
    # NumPy computes a ** 0.5 as sqrt(a): sqrt(-0.0) is -0.0 where pow(-0.0, 0.5) is +0.0.
    x = np.array([-0.0, 4.0, -np.inf, 2.0])
    a = arrpy.asarray(x)
    with np.errstate(all="ignore"):
        assert_same(a**0.5, x**0.5)
        assert_same(a**2, x**2)
        assert_same(a**-1, x**-1)
    # ... only for inexact arrays: int ** -1 is integer power (and raises).
    with pytest.raises(ValueError, match="negative integer powers"):
        arrpy.array([1, 2]) ** -1


@pytest.mark.parametrize("dtype", ["int32", "float64"])
def test_inplace_operators_compute_into_the_array(backend, dtype):
    x = operand(dtype, seed=5) + 1
    y = operand(dtype, (4,), seed=6) + 1
    for name in ("__ifloordiv__", "__imod__", "__ipow__"):
        a = arrpy.asarray(x.copy())
        expected = x.copy()
        with np.errstate(all="ignore"):
            getattr(expected, name)(y)
        before = a.data.__array_interface__["data"][0]
        with arrpy.errstate(all="ignore"):
            result = getattr(a, name)(arrpy.asarray(y))
        assert result is a
        assert a.data.__array_interface__["data"][0] == before
        assert_same(a, expected, err_msg=name)
    if dtype == "int32":
        a = arrpy.asarray(x.copy())
        a <<= 2
        a >>= 1
        assert_same(a, (x << 2) >> 1)


@pytest.mark.parametrize("dtype", ["int8", "uint32", "float32", "float64"])
def test_divmod_builtin_and_function(backend, dtype):
    x, y = operand(dtype, seed=7), operand(dtype, (4,), seed=8)
    with np.errstate(all="ignore"), arrpy.errstate(all="ignore"):
        expected = np.divmod(x, y)
        for result in (
            divmod(arrpy.asarray(x), arrpy.asarray(y)),
            arrpy.divmod(arrpy.asarray(x), y),
            np.divmod(arrpy.asarray(x), arrpy.asarray(y)),
        ):
            assert isinstance(result, tuple) and len(result) == 2
            assert_same(result[0], expected[0])
            assert_same(result[1], expected[1])
        reflected = divmod(7, arrpy.asarray(x))
    assert_same(reflected[0], np.divmod(7, x)[0])


def test_pow_with_modulo_is_not_supported():
    with pytest.raises(TypeError):
        pow(arrpy.array([2, 3]), 2, 5)


# --- out=, where=, dtype= ---------------------------------------------------------------------


def test_out_and_where(backend):
    x = np.array([1.0, 4.0, 9.0, 16.0])
    out = arrpy.full(4, -1.0)
    result = arrpy.sqrt(arrpy.asarray(x), out=out, where=[True, False, True, False])
    assert result is out
    assert_same(out, np.array([1.0, -1.0, 3.0, -1.0]))
    out = arrpy.zeros(4, dtype="float32")  # a same_kind cast on the way out
    arrpy.maximum(arrpy.asarray(x), 5.0, out=out)
    assert_same(out, np.maximum(x, 5.0).astype(np.float32))
    # where= broadcasts with the inputs and decides the result's shape.
    out = arrpy.zeros((2, 4))
    arrpy.add(arrpy.asarray(x), 1.0, out=out, where=arrpy.array([[True], [False]]))
    assert_same(out, np.array([[2.0, 5.0, 10.0, 17.0], [0, 0, 0, 0]]))
    with pytest.warns(UserWarning, match="where"):
        arrpy.exp(arrpy.asarray(x), where=[True, True, False, True])


def test_where_array_must_be_bool_a_list_is_converted():
    out = arrpy.zeros(2, dtype=int)
    arrpy.negative(arrpy.array([1, 2]), out=out, where=[1, 0])
    assert_same(out, np.array([-1, 0]))
    with pytest.raises(TypeError, match="where"):
        arrpy.negative(arrpy.array([1, 2]), out=out, where=np.array([1, 0]))


def test_unary_out_cast_and_dtype(backend):
    x = np.array([1, 4, 9], dtype=np.int32)
    check_like_numpy(lambda: np.sqrt(x, dtype=np.float32), lambda: arrpy.sqrt(x, dtype="float32"))
    with pytest.raises(TypeError, match="Cannot cast ufunc 'sqrt' output"):
        arrpy.sqrt(arrpy.asarray(x), out=arrpy.zeros(3, dtype="int32"))
    with pytest.raises(TypeError, match="sqrt"):
        arrpy.sqrt(arrpy.array([1.0]), dtype="int32")
    with pytest.raises(ValueError, match="non-broadcastable output"):
        arrpy.exp(arrpy.zeros(3), out=arrpy.zeros(2))


def test_unary_out_overlapping_view(backend):
    x = np.arange(8.0)
    a = arrpy.asarray(x.copy())
    arrpy.negative(a[:-1], out=a[1:])
    expected = x.copy()
    np.negative(expected[:-1], out=expected[1:])
    assert_same(a, expected)


# --- warnings and errors -----------------------------------------------------------------------


def test_integer_division_by_zero_warns_like_numpy(backend):
    a = arrpy.array([1, 2, 3])
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in floor_divide"):
        result = a // 0
    assert_same(result, np.array([0, 0, 0]))
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in remainder"):
        arrpy.remainder(a, arrpy.array([1, 0, 1]))
    with pytest.warns(RuntimeWarning, match="overflow encountered in floor_divide"):
        arrpy.array([-128], dtype="int8") // arrpy.array([-1], dtype="int8")


def test_errstate_controls_warnings(backend):
    a = arrpy.array([1, 2, 3])
    with arrpy.errstate(divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        a // 0
    with arrpy.errstate(divide="raise"), pytest.raises(FloatingPointError, match="floor_divide"):
        a // 0
    with arrpy.errstate(all="raise"), pytest.raises(FloatingPointError, match="overflow"):
        arrpy.array([-(2**63)]) // -1
    assert arrpy.geterr() == {
        "divide": "warn",
        "over": "warn",
        "under": "ignore",
        "invalid": "warn",
    }
    old = arrpy.seterr(all="ignore")
    try:
        assert arrpy.geterr()["over"] == "ignore"
    finally:
        arrpy.seterr(**old)
    with pytest.raises(ValueError, match="divide="):
        arrpy.errstate(divide="loud")


def test_integer_negative_power_raises_value_error(backend):
    with pytest.raises(ValueError, match="Integers to negative integer powers are not allowed"):
        arrpy.power(arrpy.array([2, 3]), arrpy.array([1, -1]))
    check_like_numpy(
        lambda: np.power(np.array([2, 3]), np.array([1, -1])),
        lambda: arrpy.power(arrpy.array([2, 3]), arrpy.array([1, -1])),
    )


@pytest.mark.parametrize(
    ("call", "numpy_call"),
    [
        (
            lambda: arrpy.left_shift(arrpy.array([1.0]), 1),
            lambda: np.left_shift(np.array([1.0]), 1),
        ),
        (lambda: ~arrpy.array([1.5]), lambda: ~np.array([1.5])),
        (lambda: -arrpy.array([True]), lambda: -np.array([True])),
        (lambda: arrpy.floor_divide(arrpy.array([1j]), 1), lambda: np.floor_divide([1j], 1)),
        (lambda: arrpy.signbit(arrpy.array([1j])), lambda: np.signbit(np.array([1j]))),
        (lambda: arrpy.cbrt(arrpy.array([8j])), lambda: np.cbrt(np.array([8j]))),
        (lambda: arrpy.bitwise_and(arrpy.array([1.0]), 1), lambda: np.bitwise_and([1.0], 1)),
        (
            lambda: arrpy.maximum(arrpy.zeros(3), arrpy.zeros(4)),
            lambda: np.maximum([0] * 3, [0] * 4),
        ),
    ],
)
def test_bad_input_raises_numpys_exception_type(call, numpy_call):
    check_like_numpy(numpy_call, call)


def test_bad_input_messages_name_the_op_and_dtypes():
    with pytest.raises(TypeError, match=r"left_shift.*float64"):
        arrpy.left_shift(arrpy.array([1.0]), 1)
    with pytest.raises(TypeError, match=r"invert.*float64"):
        arrpy.invert(arrpy.array([1.0]))
    with pytest.raises(ValueError, match=r"maximum.*\(3,\).*\(4,\)"):
        arrpy.maximum(arrpy.zeros(3), arrpy.zeros(4))


# --- NumPy interoperability --------------------------------------------------------------------


def test_numpy_ufuncs_on_arrpy_return_arrpy(backend):
    x = np.array([0.5, 1.0, 2.0])
    a = arrpy.asarray(x)
    for ufunc, args, np_args in [
        (np.sin, (a,), (x,)),
        (np.maximum, (a, 1), (x, 1)),
        (np.maximum, (x, a), (x, x)),
        (np.floor_divide, (a, 0.3), (x, 0.3)),
        (np.isnan, (a,), (x,)),
        (np.arctan2, (a, x), (x, x)),
    ]:
        result = ufunc(*args)
        assert isinstance(result, arrpy.ArrPy), ufunc
        assert_same(result, ufunc(*np_args), rtol=1e-15)
    out = np.zeros(3)
    returned = np.sqrt(a, out=out)
    assert returned is out
    np.testing.assert_array_equal(out, np.sqrt(x))
    plain = np.ones(3)
    plain **= a  # ndarray op= ArrPy computes into the ndarray
    np.testing.assert_array_equal(plain, np.ones(3))


# --- composites ---------------------------------------------------------------------------------


@pytest.mark.parametrize("decimals", [-2, -1, 0, 1, 3])
@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "complex128"])
def test_round(backend, dtype, decimals):
    x = (
        (sample_values(dtype, (20,), seed=9) * 123.456).astype(dtype)
        if dtype[0] != "i"
        else (np.arange(-1000, 1000, 97, dtype=dtype))
    )
    check_like_numpy(
        quiet(lambda: np.round(x, decimals)),
        arrpy_quiet(lambda: arrpy.round(arrpy.asarray(x), decimals)),
        rtol=RTOL.get(dtype),
    )


@pytest.mark.parametrize("dtype", ["int16", "uint8", "float32", "float64"])
def test_clip(backend, dtype):
    x = operand(dtype, (20,), seed=10)
    for low, high in [(1, 5), (None, 3), (2, None), (np.zeros(20, dtype), 4), (2.5, 7)]:
        check_like_numpy(
            quiet(lambda lo=low, hi=high: np.clip(x, lo, hi)),
            lambda lo=low, hi=high: arrpy.clip(arrpy.asarray(x), lo, hi),
        )
    assert_same(arrpy.clip(arrpy.asarray(x), max=3), np.clip(x, max=3))


def test_complex_parts_and_angle(backend):
    z = np.array([1 + 2j, -3 - 4j, 0j, -1 + 0j])
    a = arrpy.asarray(z)
    assert_same(arrpy.real(a), z.real)
    assert_same(arrpy.imag(a), z.imag)
    assert_same(arrpy.conj(a), np.conj(z))
    assert_same(arrpy.angle(a), np.angle(z), rtol=1e-15)
    assert_same(arrpy.angle(a, deg=True), np.angle(z, deg=True), rtol=1e-15)
    assert_same(arrpy.angle(arrpy.array([-2, 3])), np.angle(np.array([-2, 3])), rtol=1e-15)
    assert_same(arrpy.imag(arrpy.array([1.0, 2.0])), np.imag(np.array([1.0, 2.0])))


def test_array_api_aliases_are_the_same_functions():
    assert arrpy.acos is arrpy.arccos and arrpy.atan2 is arrpy.arctan2
    assert arrpy.pow is arrpy.power and arrpy.bitwise_left_shift is arrpy.left_shift
    assert arrpy.bitwise_invert is arrpy.invert and arrpy.abs is arrpy.absolute
    assert arrpy.mod is arrpy.remainder and arrpy.conj is arrpy.conjugate


def test_every_registry_op_is_a_public_function():
    for op in _registry.OPS:
        assert callable(getattr(arrpy, op)), op


def test_float_functions_of_small_integers_compute_in_float32():
    # NumPy uses float16 here; arrpy has no float16 and takes the next float.
    result = arrpy.sqrt(arrpy.array([1, 4, 9], dtype="int8"))
    assert result.dtype == "float32"
    assert_same(result, np.sqrt(np.array([1, 4, 9], dtype=np.float32)))
    assert arrpy.arctan2(arrpy.array([1], dtype="uint8"), 1).dtype == "float32"


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int64", "uint64"])
@pytest.mark.parametrize("number", [300, -300, 2**70, -(2**70), 5])
def test_comparison_with_python_int_beyond_the_dtype(backend, dtype, number):
    # NumPy 2 answers these (int8_array < 300 is all True) instead of raising OverflowError.
    info = np.iinfo(dtype)
    x = np.array([info.min, 0, 1, info.max], dtype=dtype)
    a = arrpy.asarray(x)
    ops = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
    if abs(number) < 2**63:
        # (Beyond a C long NumPy's logical ops raise OverflowError converting the number;
        # arrpy answers with its truth value.)
        ops += ["logical_and", "logical_or", "logical_xor"]
    for op in ops:
        check_like_numpy(
            lambda op=op: getattr(np, op)(x, number),
            lambda op=op: getattr(arrpy, op)(a, number),
            err_msg=op,
        )
        check_like_numpy(
            lambda op=op: getattr(np, op)(number, x),
            lambda op=op: getattr(arrpy, op)(number, a),
            err_msg=op,
        )
    assert_same(a < number, x < number)
    assert_same(number >= a, number >= x)
