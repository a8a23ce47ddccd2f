"""Floating-point warnings of the elementwise ops ("divide by zero / overflow / invalid value
encountered in OP"), against NumPy's, on every backend.

The flags are defined in abi.h ("Floating-point status") by a rule on inputs and results that
every backend applies (or reads from the hardware where the hardware flags are exactly the
rule's). The tests run every op that can warn over a grid of special values (zeros, ones,
infinities, nan, the largest and smallest floats) in float32 and float64 and compare the set of
warnings with NumPy's; then errstate's modes, in-place calls, long arrays (blocks and threads)
and strided views.

NumPy's own loops disagree with the IEEE rule in a few corners, left out here: floor_divide by a
tiny divisor (NumPy adds "invalid" to the overflow), power with an infinite exponent (glibc's
pow flags 0 ** -inf and 1e308 ** inf) and logaddexp of nan (NumPy warns "invalid").
"""

import itertools
import warnings

import numpy as np
import pytest

import arrpy

BINARY = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "floor_divide",
    "remainder",
    "power",
    "hypot",
    "arctan2",
    "maximum",
    "fmax",
    "copysign",
]
UNARY = [
    "reciprocal",
    "square",
    "sqrt",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "sinh",
    "cosh",
    "arccosh",
    "arctanh",
    "deg2rad",
    "rad2deg",
    "cbrt",
    "arctan",
    "tanh",
    "floor",
    "negative",
    "absolute",
]
SPECIALS = [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, -2.5, 100.0, 1000.0, np.inf, -np.inf, np.nan]
_WORDS = {"divide by zero": "divide", "overflow": "over", "invalid value": "invalid"}


def values(dtype):
    info = np.finfo(dtype)
    return np.array(
        SPECIALS + [info.max, -info.max, info.tiny, info.smallest_subnormal], dtype=dtype
    )


def categories(function, *args, **kwargs):
    """(result, the set of floating-point warning categories ``function(*args)`` emitted)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    found = set()
    for warning in caught:
        if issubclass(warning.category, RuntimeWarning):
            text = str(warning.message)
            found |= {name for words, name in _WORDS.items() if text.startswith(words)}
    return result, found


def numpy_quirk(op, x, y):
    if op == "floor_divide":
        with np.errstate(all="ignore"):
            return y != 0 and np.isfinite(x) and np.isfinite(y) and np.isinf(x / y)
    if op == "power":
        return np.isinf(y)
    return False


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("op", BINARY)
def test_binary_warnings_like_numpy(backend, op, dtype):
    grid = values(dtype)
    pairs = [(x, y) for x, y in itertools.product(grid, grid) if not numpy_quirk(op, x, y)]
    for x, y in pairs:
        a, b = np.array([x], dtype=dtype), np.array([y], dtype=dtype)
        with np.errstate(under="ignore"):
            expected, flags = categories(getattr(np, op), a, b)
        got, arrpy_flags = categories(getattr(arrpy, op), arrpy.asarray(a), arrpy.asarray(b))
        assert arrpy_flags == flags, (op, x, y, expected, arrpy_flags, flags)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("op", UNARY)
def test_unary_warnings_like_numpy(backend, op, dtype):
    for x in values(dtype):
        a = np.array([x], dtype=dtype)
        with np.errstate(under="ignore"):
            expected, flags = categories(getattr(np, op), a)
        got, arrpy_flags = categories(getattr(arrpy, op), arrpy.asarray(a))
        assert arrpy_flags == flags, (op, x, expected, arrpy_flags, flags)


def test_messages_and_errstate(backend):
    zero, one = arrpy.array([0.0]), arrpy.array([1.0])
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in divide"):
        one / zero
    with pytest.warns(RuntimeWarning, match="invalid value encountered in sqrt"):
        arrpy.sqrt(-one)
    with pytest.warns(RuntimeWarning, match="overflow encountered in exp"):
        arrpy.exp(arrpy.array([1000.0]))
    with pytest.warns(RuntimeWarning, match="divide by zero encountered in log"):
        arrpy.log(zero)
    with arrpy.errstate(divide="raise"):
        with pytest.raises(FloatingPointError, match="divide by zero encountered in divide"):
            one / zero
    with arrpy.errstate(all="ignore"):
        for function, args in (
            (arrpy.divide, (one, zero)),
            (arrpy.log, (-one,)),
            (arrpy.exp, (one * 1e3,)),
        ):
            assert categories(function, *args)[1] == set()
    # complex dtypes report nothing (NumPy's complex loops are not consistent either)
    _, found = categories(arrpy.divide, arrpy.array([1 + 1j]), arrpy.array([0j]))
    assert "divide" not in found


@pytest.mark.parametrize("op", ["divide", "power", "log", "exp", "sqrt", "arctanh"])
def test_flags_found_anywhere_in_long_and_strided_arrays(backend, op):
    # A special value deep inside a long array (past the first blocks of the rule, in the last
    # thread's chunk), in a strided view, and in an in-place call that overwrites the input.
    n = 3000 if backend == "python" else 200_003
    special = {"divide": 0.0, "power": 0.0, "log": 0.0, "exp": 800.0, "sqrt": -1.0, "arctanh": 1.0}[
        op
    ]
    base = np.full(2 * n, 0.5)
    base[2 * n - 2] = special
    unary = op not in ("divide", "power")
    for data in (base, base[::2]):
        if unary:
            _, expected = categories(getattr(np, op), data)
            _, found = categories(getattr(arrpy, op), arrpy.asarray(data))
        else:
            left = np.ones_like(data) if op == "divide" else data
            right = data if op == "divide" else np.full_like(data, -1.0)
            _, expected = categories(getattr(np, op), left, right)
            _, found = categories(getattr(arrpy, op), arrpy.asarray(left), arrpy.asarray(right))
        assert found == expected and found, (op, found, expected)
    if unary:
        inplace = arrpy.asarray(base.copy())
        _, found = categories(getattr(arrpy, op), inplace, out=inplace)
        assert found == expected
