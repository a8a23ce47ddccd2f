"""Elementwise kernels of the python backend.

A kernel is ``kernel(x1, x2, out)``: ``out`` is an ndarray of the loop dtype, ``x1`` and ``x2`` are
ndarrays of the same dtype whose shapes broadcast to ``out.shape`` (a 0-d operand is a scalar and
is never expanded into a list). The front end (``arrpy._ufunc``) has resolved dtypes, checked
shapes and allocated ``out``; a kernel only computes.

Each operation is an element function (``divide_float`` ...) applied with ``map``: the loop body
is exactly the arithmetic NumPy performs, with NumPy's rules written out where Python's differ.
Unary kernels are ``kernel(x, out)`` (module ``unary``).

The modules: ``elementwise`` (this one: the binary ops and their kernels), ``unary`` (the unary
ops), ``c_math`` (C's real math functions where ``math`` raises instead of returning IEEE
special values; glibc's single-precision log1pf/atan2f), ``c_complex`` (C99's complex functions
as glibc computes them), ``_floats`` (IEEE division, fma, float32 rounding, exact products) and
``_buffers`` (reading and writing ndarray memory).
"""

import math
import operator
from itertools import repeat

from arrpy.backends.python._buffers import read_values, write_values
from arrpy.backends.python._floats import (
    LN2,
    divide_float,
    fused_multiply_add,
    to_float32,
)
from arrpy.backends.python.c_complex import cpow
from arrpy.backends.python.c_math import c_floor, c_fmod, c_hypot, c_hypotf, c_pow, log1pf
from arrpy.backends.python.floating_status import BINARY_STATUS_OPS, binary_status

__all__ = ["binary_kernel", "supported_binary"]

_INTEGER_BITS = {
    "int8": 8,
    "int16": 16,
    "int32": 32,
    "int64": 64,
    "uint8": 8,
    "uint16": 16,
    "uint32": 32,
    "uint64": 64,
}


# --- element functions ---------------------------------------------------------------------------


def _complex_functions(rounded):
    """Complex multiply and divide whose every intermediate is rounded by ``rounded``.

    ``rounded`` is ``float`` for complex128 and ``to_float32`` for complex64, so complex64 is
    computed in single precision like the compiled backends and NumPy, overflow included.
    """

    def multiply(x, y):
        # NumPy's complex product on FMA hardware (and arrpy's in every backend):
        # re = fma(a, c, -(b*d)), im = fma(a, d, b*c).
        a, b, c, d = x.real, x.imag, y.real, y.imag
        return complex(
            rounded(fused_multiply_add(a, c, -rounded(b * d))),
            rounded(fused_multiply_add(a, d, rounded(b * c))),
        )

    def divide(x, y):
        # NumPy's complex division (Smith's method: scale by the larger component of y). A nan
        # in y fails both comparisons and takes the second branch, as in C.
        a, b, c, d = x.real, x.imag, y.real, y.imag
        abs_c, abs_d = abs(c), abs(d)
        if abs_c >= abs_d:
            if abs_c == 0 and abs_d == 0:
                # Division by complex zero: a complex inf or nan, component by component.
                return complex(divide_float(a, abs_c), divide_float(b, abs_c))
            ratio = rounded(divide_float(d, c))
            scale = rounded(divide_float(1.0, rounded(c + rounded(d * ratio))))
            real = rounded(a + rounded(b * ratio))
            imag = rounded(b - rounded(a * ratio))
        else:
            ratio = rounded(divide_float(c, d))
            scale = rounded(divide_float(1.0, rounded(d + rounded(c * ratio))))
            real = rounded(rounded(a * ratio) + b)
            imag = rounded(rounded(b * ratio) - a)
        return complex(rounded(real * scale), rounded(imag * scale))

    def add(x, y):
        return complex(rounded(x.real + y.real), rounded(x.imag + y.imag))

    def subtract(x, y):
        return complex(rounded(x.real - y.real), rounded(x.imag - y.imag))

    def npymath_multiply(x, y):
        # npymath's cmul, used by npy_cpow: the textbook product, each operation rounded (no
        # fused multiply-add: npymath is compiled for the baseline CPU, unlike the SIMD loop of
        # the multiply ufunc above).
        a, b, c, d = x.real, x.imag, y.real, y.imag
        return complex(
            rounded(rounded(a * c) - rounded(b * d)), rounded(rounded(a * d) + rounded(b * c))
        )

    def power(a, b):
        # NumPy's npy_cpow. Integral real exponents below 100 in magnitude are computed by
        # repeated multiplication (exact for small powers of Gaussian integers, and better with
        # infinities than exp(b log a)); everything else is C's cpow = cexp(b * clog(a)).
        multiply = npymath_multiply
        ar, ai, br, bi = a.real, a.imag, b.real, b.imag
        if br == 0 and bi == 0:
            return complex(1.0, 0.0)  # a ** 0 is 1, even for a == 0
        if ar == 0 and ai == 0:
            return complex(0.0, 0.0) if br > 0 else complex(math.nan, math.nan)
        if bi == 0 and -100 < br < 100 and br == int(br):
            n = int(br)
            if n == 1:
                return a
            if n == 2:
                return multiply(a, a)
            if n == 3:
                return multiply(a, multiply(a, a))
            # Exponentiation by squaring over the bits of |n|, as NumPy's loop does it.
            magnitude, mask = abs(n), 1
            result, square = complex(1.0, 0.0), a
            while True:
                if magnitude & mask:
                    result = multiply(result, square)
                mask <<= 1
                if magnitude < mask:
                    break
                square = multiply(square, square)
            return divide(complex(1.0, 0.0), result) if n < 0 else result
        return cpow(a, b, rounded)

    return {
        "add": add,
        "subtract": subtract,
        "multiply": multiply,
        "divide": divide,
        "power": power,
    }


_COMPLEX128 = _complex_functions(float)
_COMPLEX64 = _complex_functions(to_float32)


# op -> dtype category -> element function. A missing entry means NumPy has no such loop
# (bool subtraction; true division happens in a float or complex dtype).
_ELEMENT_FUNCTIONS = {
    "add": {
        "bool": operator.or_,
        "int": operator.add,
        "float": operator.add,
        "complex64": _COMPLEX64["add"],
        "complex128": operator.add,
    },
    "subtract": {
        "int": operator.sub,
        "float": operator.sub,
        "complex64": _COMPLEX64["subtract"],
        "complex128": operator.sub,
    },
    "multiply": {
        "bool": operator.and_,
        "int": operator.mul,
        "float": operator.mul,
        "complex64": _COMPLEX64["multiply"],
        "complex128": _COMPLEX128["multiply"],
    },
    "divide": {
        "float": divide_float,
        "complex64": _COMPLEX64["divide"],
        "complex128": _COMPLEX128["divide"],
    },
}


def _complex_order(strict):
    """NumPy's lexicographic order of complex numbers: real parts first, then imaginary parts;
    a nan imaginary part makes the real-part comparison false."""

    def less(x, y):
        xr, xi, yr, yi = x.real, x.imag, y.real, y.imag
        if xr < yr and not math.isnan(xi) and not math.isnan(yi):
            return True
        return xr == yr and (xi < yi if strict else xi <= yi)

    return less


_complex_less = _complex_order(strict=True)
_complex_less_equal = _complex_order(strict=False)


def _swapped(function):
    return lambda x, y: function(y, x)


def _comparison(real, complex_):
    return {"bool": real, "int": real, "float": real, "complex64": complex_, "complex128": complex_}


# Comparisons: every dtype, a bool result. Python's own operators are NumPy's for bool, int and
# float (nan compares false, except !=); complex numbers need NumPy's order spelled out.
_COMPARISONS = {
    "equal": _comparison(operator.eq, operator.eq),
    "not_equal": _comparison(operator.ne, operator.ne),
    "less": _comparison(operator.lt, _complex_less),
    "less_equal": _comparison(operator.le, _complex_less_equal),
    "greater": _comparison(operator.gt, _swapped(_complex_less)),
    "greater_equal": _comparison(operator.ge, _swapped(_complex_less_equal)),
}


def _truth(function):
    """``function`` of the operands' truth values (nonzero; nan is true; complex: either part)."""
    return lambda x, y: function(bool(x), bool(y))


_LOGICAL = {
    name: dict.fromkeys(("bool", "int", "float", "complex64", "complex128"), _truth(function))
    for name, function in (
        ("logical_and", operator.and_),
        ("logical_or", operator.or_),
        ("logical_xor", operator.xor),
    )
}
# Bitwise ops on Python ints are two's-complement bitwise ops, so in-range operands give in-range
# results; on bools they are the logical ops.
_BITWISE = {
    "bitwise_and": {"bool": operator.and_, "int": operator.and_},
    "bitwise_or": {"bool": operator.or_, "int": operator.or_},
    "bitwise_xor": {"bool": operator.xor, "int": operator.xor},
}
_BOOL_RESULT = {**_COMPARISONS, **_LOGICAL}
_ELEMENT_FUNCTIONS.update(_BOOL_RESULT)
_ELEMENT_FUNCTIONS.update(_BITWISE)


# --- floor_divide, remainder, power, shifts: integers ---------------------------------------------
# Integer element functions return the exact mathematical result as a Python int; the kernel wraps
# it into the dtype (_WRAPPING) and derives the status flags (_integer_status).


def _floor_divide_int(x, y):
    """Python's // is floor division, as NumPy's; x // 0 is 0 (and DIVIDE_BY_ZERO is set)."""
    return x // y if y else 0


def _remainder_int(x, y):
    """Python's % takes the sign of the divisor, as NumPy's; x % 0 is 0 (DIVIDE_BY_ZERO)."""
    return x % y if y else 0


def _power_int(x, y):
    """x ** y modulo 2**64 (the kernel then wraps it to the dtype, which divides 2**64): the same
    as NumPy's exponentiation by squaring in wrapping arithmetic. 0 ** 0 is 1. A negative exponent
    has no integer result: 0 here, and the kernel reports NEGATIVE_INTEGER_POWER."""
    return pow(x, y, 1 << 64) if y >= 0 else 0


def _shifts(bits):
    """C shifts made total, as NumPy's npy_lshift/npy_rshift: a count that is negative or at
    least the width of the type (as an unsigned number, a negative count is huge) shifts every
    bit out: 0 for a left shift, the sign fill (0 or -1) for an arithmetic right shift."""

    def left_shift(x, y):
        return x << y if 0 <= y < bits else 0

    def right_shift(x, y):
        return x >> y if 0 <= y < bits else (-1 if x < 0 else 0)

    return left_shift, right_shift


# --- floor_divide and remainder: floats (NumPy's npy_divmod) --------------------------------------


def _float_division(rounded):
    """NumPy's float floor_divide and remainder, each operation rounded by ``rounded``.

    ``rounded`` is ``float`` for float64 and ``to_float32`` for float32: NumPy computes float32
    in single precision, and npy_divmod has several dependent steps whose roundings matter.
    """

    def divmod_(a, b):
        # npy_divmod (CPython's float divmod): fmod is exact, then the quotient is corrected to
        # floor semantics and snapped to an integral value. b != 0 here.
        mod = c_fmod(a, b)
        div = rounded((rounded(a - mod)) / b)
        if mod:
            if (b < 0) != (mod < 0):
                mod = rounded(mod + b)
                div = rounded(div - 1.0)
        else:
            mod = math.copysign(0.0, b)  # a zero remainder takes the divisor's sign
        if div:
            floordiv = c_floor(div)
            if rounded(div - floordiv) > 0.5:
                floordiv = rounded(floordiv + 1.0)
        else:
            floordiv = math.copysign(0.0, a / b)  # a zero quotient takes the sign of a / b
        return floordiv, mod

    def floor_divide(a, b):
        # npy_floor_divide: division by zero is IEEE division (+-inf or nan).
        return rounded(divide_float(a, b)) if b == 0 else divmod_(a, b)[0]

    def remainder(a, b):
        # npy_remainder: x % 0 is fmod(x, 0), nan.
        return math.nan if b == 0 else divmod_(a, b)[1]

    return floor_divide, remainder


_FLOOR_DIVIDE_FLOAT64, _REMAINDER_FLOAT64 = _float_division(float)
_FLOOR_DIVIDE_FLOAT32, _REMAINDER_FLOAT32 = _float_division(to_float32)


# --- maximum, minimum, fmax, fmin -----------------------------------------------------------------


def _maximum_float(x, y):
    """NumPy's maximum: nan propagates (a nan x wins; a nan y fails x >= y and wins)."""
    return x if (x >= y or x != x) else y


def _minimum_float(x, y):
    return x if (x <= y or x != x) else y


def _fmax_float(x, y):
    """C's fmax: a nan is ignored unless both are nan."""
    return x if (x >= y or y != y) else y


def _fmin_float(x, y):
    return x if (x <= y or y != y) else y


def _has_nan(z):
    return z.real != z.real or z.imag != z.imag


def _complex_greater_equal(x, y):
    """NumPy's CGE(x, y): (xr > yr and neither imag is nan) or (xr == yr and xi >= yi)."""
    xr, xi, yr, yi = x.real, x.imag, y.real, y.imag
    return (xr > yr and xi == xi and yi == yi) or (xr == yr and xi >= yi)


def _complex_less_equal_numpy(x, y):
    """NumPy's CLE(x, y): (xr < yr and neither imag is nan) or (xr == yr and xi <= yi)."""
    xr, xi, yr, yi = x.real, x.imag, y.real, y.imag
    return (xr < yr and xi == xi and yi == yi) or (xr == yr and xi <= yi)


def _complex_maximum(x, y):
    return x if (_has_nan(x) or _complex_greater_equal(x, y)) else y


def _complex_minimum(x, y):
    return x if (_has_nan(x) or _complex_less_equal_numpy(x, y)) else y


def _complex_fmax(x, y):
    return x if (_has_nan(y) or _complex_greater_equal(x, y)) else y


def _complex_fmin(x, y):
    return x if (_has_nan(y) or _complex_less_equal_numpy(x, y)) else y


def _extremum(bool_function, int_function, float_function, complex_function):
    return {
        "bool": bool_function,
        "int": int_function,
        "float": float_function,
        "complex64": complex_function,
        "complex128": complex_function,
    }


# --- logaddexp ------------------------------------------------------------------------------------


def _logaddexp_of(rounded):
    """NumPy's npy_logaddexp: log(exp(x) + exp(y)) without overflow, every step rounded by
    ``rounded`` (float32 computes in single precision, and its roundings show in the result).

    Equal arguments (infinities of one sign included) give x + ln 2; otherwise the larger plus
    log1p(exp(-|x - y|)). A nan difference (a nan operand, or inf - inf) is returned as is.
    """
    ln2 = rounded(LN2)
    single = rounded is to_float32

    def log1p(larger, t):
        # log1p(t) for t = exp(-|x - y|) in (0, 1]. In float32, where larger + log1p(t) cancels
        # (larger in (-1, 0)) the rounding error of glibc's log1pf dominates NumPy's result, so
        # glibc's algorithm is reproduced there; elsewhere the correctly rounded value is within
        # an ulp of it and much faster here.
        if single and -1.0 < larger < 0.0:
            return log1pf(t)
        return rounded(math.log1p(t))

    def logaddexp(x, y):
        if x == y:
            return rounded(x + ln2)
        difference = rounded(x - y)
        if difference > 0:
            return rounded(x + log1p(x, rounded(math.exp(-difference))))
        if difference <= 0:
            return rounded(y + log1p(y, rounded(math.exp(difference))))
        return difference

    return logaddexp


def _power_float(x, y):
    return c_pow(x, y)


_ELEMENT_FUNCTIONS.update(
    {
        "floor_divide": {
            "int": _floor_divide_int,
            "float32": _FLOOR_DIVIDE_FLOAT32,
            "float64": _FLOOR_DIVIDE_FLOAT64,
        },
        "remainder": {
            "int": _remainder_int,
            "float32": _REMAINDER_FLOAT32,
            "float64": _REMAINDER_FLOAT64,
        },
        "power": {
            "int": _power_int,
            "float": _power_float,
            "complex64": _COMPLEX64["power"],
            "complex128": _COMPLEX128["power"],
        },
        "maximum": _extremum(operator.or_, max, _maximum_float, _complex_maximum),
        "minimum": _extremum(operator.and_, min, _minimum_float, _complex_minimum),
        "fmax": _extremum(operator.or_, max, _fmax_float, _complex_fmax),
        "fmin": _extremum(operator.and_, min, _fmin_float, _complex_fmin),
        "copysign": {"float": math.copysign},
        "hypot": {"float32": c_hypotf, "float64": c_hypot},
        "arctan2": {"float": math.atan2},
        "logaddexp": {"float32": _logaddexp_of(to_float32), "float64": _logaddexp_of(float)},
        # Shifts depend on the width: one entry per integer dtype.
        "left_shift": {name: _shifts(bits)[0] for name, bits in _INTEGER_BITS.items()},
        "right_shift": {name: _shifts(bits)[1] for name, bits in _INTEGER_BITS.items()},
    }
)

# Integer ops whose exact Python result can leave the dtype's range and is wrapped.
_WRAPPING = {"add", "subtract", "multiply", "floor_divide", "power", "left_shift"}


def _integer_status(op, dtype_name, divisors, exact):
    """Status flags of an integer floor_divide, remainder or power (0 for the other ops).

    ``divisors`` are the right operands, ``exact`` the unwrapped results.
    """
    status = 0
    if op in ("floor_divide", "remainder") and 0 in divisors:
        status |= DIVIDE_BY_ZERO
    if op == "floor_divide" and not dtype_name.startswith("u"):
        # The only quotient that does not fit is MIN // -1 == -MIN == 2**(bits - 1).
        if 1 << (_INTEGER_BITS[dtype_name] - 1) in exact:
            status |= OVERFLOW
    if op == "power" and not dtype_name.startswith("u") and any(y < 0 for y in divisors):
        status |= NEGATIVE_INTEGER_POWER
    return status


# Status flags (abi.h's arrpy_status).
DIVIDE_BY_ZERO = 1
OVERFLOW = 2
NEGATIVE_INTEGER_POWER = 8


def _category(dtype_name):
    if dtype_name == "bool":
        return "bool"
    if dtype_name in _INTEGER_BITS:
        return "int"
    if dtype_name.startswith("float"):
        return "float"
    return dtype_name  # complex64 and complex128 differ in the precision of their intermediates


def _wrap_integers(values, dtype_name):
    """Reduce exact Python integers modulo 2**bits into the dtype's range (two's complement)."""
    bits = _INTEGER_BITS[dtype_name]
    mask = (1 << bits) - 1
    if dtype_name.startswith("u"):
        return [v & mask for v in values]
    half = 1 << (bits - 1)
    return [((v + half) & mask) - half for v in values]


# --- kernels --------------------------------------------------------------------------------------


def _element_function(op, dtype_name):
    """The element function of ``op`` for ``dtype_name``: a per-dtype entry, else per category."""
    by_dtype = _ELEMENT_FUNCTIONS[op]
    if dtype_name in by_dtype:
        return by_dtype[dtype_name]
    return by_dtype.get(_category(dtype_name))


def supported_binary():
    """The (op, dtype name) pairs this backend implements."""
    from arrpy._dtypes import SUPPORTED_DTYPE_NAMES

    return [
        (op, name)
        for op in _ELEMENT_FUNCTIONS
        for name in SUPPORTED_DTYPE_NAMES
        if _element_function(op, name) is not None
    ]


def binary_kernel(op, dtype_name):
    """The kernel ``kernel(x1, x2, out)`` computing ``out = x1 <op> x2`` elementwise.

    For a comparison or logical op ``out`` is bool; otherwise it has the operands' dtype. Returns
    the status flags (DIVIDE_BY_ZERO, OVERFLOW, NEGATIVE_INTEGER_POWER) of integer floor_divide,
    remainder and power, and the floating-point flags of float32 / float64 arithmetic
    (floating_status.py), else 0.
    """
    category = _category(dtype_name)
    element = _element_function(op, dtype_name)
    bool_result = op in _BOOL_RESULT
    wraps = category == "int" and op in _WRAPPING
    has_status = category == "int" and op in ("floor_divide", "remainder", "power")
    float_status = category == "float" and op in BINARY_STATUS_OPS
    out_dtype_name = "bool" if bool_result else dtype_name

    def kernel(x1, x2, out):
        size = out.size
        if size == 0:
            return 0
        if x1.shape != out.shape and x1.ndim:
            x1 = _broadcast(x1, out.shape)
        if x2.shape != out.shape and x2.ndim:
            x2 = _broadcast(x2, out.shape)
        # A 0-d operand is one scalar, repeated lazily: never a list of copies.
        left_values = read_values(x1, dtype_name)
        right_values = read_values(x2, dtype_name)
        divisors = right_values

        def operands():
            left = repeat(left_values[0], size) if x1.ndim == 0 else left_values
            right = repeat(right_values[0], size) if x2.ndim == 0 else right_values
            return left, right

        values = list(map(element, *operands()))
        status = _integer_status(op, dtype_name, divisors, values) if has_status else 0
        if float_status:
            status = binary_status(op, dtype_name, *operands(), values)
        if wraps:
            values = _wrap_integers(values, dtype_name)
        write_values(out, out_dtype_name, values)
        return status

    kernel.__name__ = f"{op}_{dtype_name}"
    kernel.__qualname__ = kernel.__name__
    return kernel


def _broadcast(x, shape):
    # A zero-stride view of x with the output's shape (metadata only; the values are read once
    # per output element by read_values).
    import numpy

    return numpy.broadcast_to(x, shape)
