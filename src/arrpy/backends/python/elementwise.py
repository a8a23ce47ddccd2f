"""Elementwise kernels of the python backend.

A kernel is ``kernel(x1, x2, out)``: ``out`` is an ndarray of the loop dtype, ``x1`` and ``x2`` are
ndarrays of the same dtype whose shapes broadcast to ``out.shape`` (a 0-d operand is a scalar and
is never expanded into a list). The front end (``arrpy._ufunc``) has resolved dtypes, checked
shapes and allocated ``out``; a kernel only computes.

Each operation is an element function (``_add_float`` ...) applied with ``map``: the loop body is
exactly the arithmetic NumPy performs, with NumPy's rules written out where Python's differ.
"""

import math
import operator
from array import array
from itertools import repeat

from arrpy.backends.python._buffers import read_values, write_values

__all__ = ["binary_kernel", "supported_binary", "supported_unary", "unary_kernel"]

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


def _divide_float(x, y):
    """IEEE 754 division: x / 0 is +-inf (sign of x times sign of the zero), 0 / 0 is nan."""
    try:
        return x / y
    except ZeroDivisionError:
        if x == 0 or x != x:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)


def _fused_multiply_add(x, y, z):
    """``x * y + z`` rounded once, as C's ``fma`` (Python 3.13's ``math.fma``).

    Finite operands are combined exactly as integers (a float is num / 2**k) and divided once;
    Python's int / int is correctly rounded. An infinite or nan factor gives the same special
    value with or without fusing; a finite product (exact, so it cannot overflow) plus an
    infinite or nan ``z`` is ``z``.
    """
    if not (math.isfinite(x) and math.isfinite(y)):
        return x * y + z
    if not math.isfinite(z):
        return z
    (nx, dx), (ny, dy), (nz, dz) = x.as_integer_ratio(), y.as_integer_ratio(), z.as_integer_ratio()
    numerator = nx * ny * dz + nz * dx * dy
    if numerator == 0:
        # An exact zero: IEEE's sign rules for a sum of zeros, or +0 for a cancellation.
        return x * y + z if (x == 0 or y == 0) else 0.0
    try:
        return numerator / (dx * dy * dz)
    except OverflowError:
        return math.inf if numerator > 0 else -math.inf


def _to_float32(value):
    """Round a Python float to the nearest float32 (overflowing to +-inf), as a C cast does."""
    return array("f", (value,))[0]


def _complex_functions(rounded):
    """Complex multiply and divide whose every intermediate is rounded by ``rounded``.

    ``rounded`` is ``float`` for complex128 and ``_to_float32`` for complex64, so complex64 is
    computed in single precision like the compiled backends and NumPy, overflow included.
    """

    def multiply(x, y):
        # NumPy's complex product on FMA hardware (and arrpy's in every backend):
        # re = fma(a, c, -(b*d)), im = fma(a, d, b*c).
        a, b, c, d = x.real, x.imag, y.real, y.imag
        return complex(
            rounded(_fused_multiply_add(a, c, -rounded(b * d))),
            rounded(_fused_multiply_add(a, d, rounded(b * c))),
        )

    def divide(x, y):
        # NumPy's complex division (Smith's method: scale by the larger component of y). A nan
        # in y fails both comparisons and takes the second branch, as in C.
        a, b, c, d = x.real, x.imag, y.real, y.imag
        abs_c, abs_d = abs(c), abs(d)
        if abs_c >= abs_d:
            if abs_c == 0 and abs_d == 0:
                # Division by complex zero: a complex inf or nan, component by component.
                return complex(_divide_float(a, abs_c), _divide_float(b, abs_c))
            ratio = rounded(_divide_float(d, c))
            scale = rounded(_divide_float(1.0, rounded(c + rounded(d * ratio))))
            real = rounded(a + rounded(b * ratio))
            imag = rounded(b - rounded(a * ratio))
        else:
            ratio = rounded(_divide_float(c, d))
            scale = rounded(_divide_float(1.0, rounded(d + rounded(c * ratio))))
            real = rounded(rounded(a * ratio) + b)
            imag = rounded(rounded(b * ratio) - a)
        return complex(rounded(real * scale), rounded(imag * scale))

    def add(x, y):
        return complex(rounded(x.real + y.real), rounded(x.imag + y.imag))

    def subtract(x, y):
        return complex(rounded(x.real - y.real), rounded(x.imag - y.imag))

    return {"add": add, "subtract": subtract, "multiply": multiply, "divide": divide}


_COMPLEX128 = _complex_functions(float)
_COMPLEX64 = _complex_functions(_to_float32)


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
        "float": _divide_float,
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


def supported_binary():
    """The (op, dtype name) pairs this backend implements."""
    from arrpy._dtypes import SUPPORTED_DTYPE_NAMES

    return [
        (op, name)
        for op, by_category in _ELEMENT_FUNCTIONS.items()
        for name in SUPPORTED_DTYPE_NAMES
        if _category(name) in by_category
    ]


def binary_kernel(op, dtype_name):
    """The kernel ``kernel(x1, x2, out)`` computing ``out = x1 <op> x2`` elementwise.

    For a comparison or logical op ``out`` is bool; otherwise it has the operands' dtype.
    """
    category = _category(dtype_name)
    element = _ELEMENT_FUNCTIONS[op][category]
    bool_result = op in _BOOL_RESULT
    wraps = category == "int" and op in ("add", "subtract", "multiply")
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
        left = read_values(x1, dtype_name)
        right = read_values(x2, dtype_name)
        if x1.ndim == 0:
            left = repeat(left[0], size)
        if x2.ndim == 0:
            right = repeat(right[0], size)
        values = list(map(element, left, right))
        if wraps:
            values = _wrap_integers(values, dtype_name)
        write_values(out, out_dtype_name, values)
        return 0

    kernel.__name__ = f"{op}_{dtype_name}"
    kernel.__qualname__ = kernel.__name__
    return kernel


def _broadcast(x, shape):
    # A zero-stride view of x with the output's shape (metadata only; the values are read once
    # per output element by read_values).
    import numpy

    return numpy.broadcast_to(x, shape)


# Unary kernels (being written).
def supported_unary():
    """The (op, dtype name) pairs this backend implements as unary kernels."""
    return []


def unary_kernel(op, dtype_name):
    """The kernel ``kernel(x, out)`` computing ``out = op(x)`` elementwise."""
    raise NotImplementedError(op)
