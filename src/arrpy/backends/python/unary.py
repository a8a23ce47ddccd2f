"""Unary kernels of the python backend: ``kernel(x, out)``."""

import math
import operator

from arrpy.backends.python._buffers import read_values, write_values
from arrpy.backends.python._floats import divide_float, to_float32
from arrpy.backends.python.c_complex import _complex_functions_of
from arrpy.backends.python.c_math import C_FUNCTIONS, c_hypot, c_hypotf, c_rint, with_fallback
from arrpy.backends.python.elementwise import (
    _COMPLEX64,
    _COMPLEX128,
    _INTEGER_BITS,
    _broadcast,
    _category,
    _wrap_integers,
)
from arrpy.backends.python.floating_status import UNARY_STATUS_OPS, unary_status

__all__ = [
    "supported_unary",
    "unary_kernel",
]

# ==================================================================================================
# Unary kernels
#
# A kernel is ``kernel(x, out)``: ``x`` is an ndarray of the loop dtype whose shape broadcasts to
# ``out.shape`` (a 0-d ``x`` is computed once), ``out`` an ndarray of the output dtype (bool for
# the predicates, the real dtype for the absolute value of a complex dtype, else ``x``'s dtype).
#
# As for the binary ops, each op is an element function mapped over the values. The real math
# functions are C's (``C_FUNCTIONS``), complex ones C99's (the section above). float32 and
# complex64 values are computed in double precision and rounded once when stored, which is
# correctly rounded for a single IEEE operation (double has more than twice float32's precision)
# and within the contract's ulp tolerance for the transcendental functions; the multi-step exact
# ops (complex square, reciprocal and sign) round each step to float32 as NumPy's
# single-precision loops do.
# ==================================================================================================

# The predicates: a bool result for every dtype.
_PREDICATES = ("isnan", "isinf", "isfinite", "signbit", "logical_not")


# --- integers -------------------------------------------------------------------------------------


def _integer_reciprocal(dtype_name):
    """NumPy's integer reciprocal is the C conversion ``(T)(1.0 / a)``: 1 and -1 are their own
    reciprocals, any other nonzero a gives 0. For a == 0, 1.0 / 0 is inf, whose conversion to an
    integer is undefined in C; x86-64's conversion instruction gives the "integer indefinite"
    value INT_MIN for int32 and int64, and the narrower types (converted through int32 and
    truncated) and the unsigned ones end up with 0."""
    zero_result = {"int32": -(1 << 31), "int64": -(1 << 63)}.get(dtype_name, 0)

    def reciprocal(x):
        if x == 1 or x == -1:
            return x
        return 0 if x else zero_result

    return reciprocal


def _integer_sign(x):
    return (x > 0) - (x < 0)


def _false(x):
    return False


def _true(x):
    return True


# --- floats ---------------------------------------------------------------------------------------


def _reciprocal_float(x):
    return divide_float(1.0, x)


def _square_float(x):
    return x * x


def _sign_float(x):
    """NumPy's sign: +-1 for nonzero x, +0.0 for either zero, nan for nan."""
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return 0.0 if x == 0 else x


def _signbit(x):
    # copysign reads the sign bit, so -0.0 and a negative nan count as negative.
    return math.copysign(1.0, x) < 0


def _isnan(x):
    return x != x


def _scaled_by(factor):
    """``x * factor``: deg2rad and rad2deg, one multiply by the constant of the dtype."""

    def scale(x):
        return x * factor

    return scale


# NumPy's constants: NPY_PI / 180.0 in the dtype (for float32, float32(pi) / 180.0f in float32).
_PI32 = to_float32(math.pi)
_DEG2RAD = {"float64": math.pi / 180.0, "float32": to_float32(_PI32 / 180.0)}
_RAD2DEG = {"float64": 180.0 / math.pi, "float32": to_float32(180.0 / _PI32)}


# --- complex --------------------------------------------------------------------------------------


def _complex_reciprocal(rounded):
    """NumPy's complex reciprocal (its ``nc_reciprocal`` loop): Smith's method, dividing by the
    larger component first; every operation rounded by ``rounded``."""

    def reciprocal(z):
        re, im = z.real, z.imag
        if abs(im) <= abs(re):
            ratio = rounded(divide_float(im, re))  # 0 / 0 is nan: the reciprocal of 0 is nan
            denominator = rounded(re + rounded(im * ratio))
            return complex(
                rounded(divide_float(1.0, denominator)),
                rounded(divide_float(-ratio, denominator)),
            )
        ratio = rounded(divide_float(re, im))  # im may be 0 when re is nan
        denominator = rounded(rounded(re * ratio) + im)
        return complex(
            rounded(divide_float(ratio, denominator)), rounded(divide_float(-1.0, denominator))
        )

    return reciprocal


def _complex_sign(rounded):
    """NumPy's complex sign: z / |z|, with 0 for 0, nan for a nan part and, for an infinite part,
    the direction of the infinite component (nan if both are infinite)."""

    hypot = c_hypotf if rounded is to_float32 else c_hypot

    def sign(z):
        re, im = z.real, z.imag
        modulus = rounded(hypot(re, im))
        if modulus != modulus:
            return complex(math.nan, math.nan)
        if math.isinf(modulus):
            if math.isinf(re):
                if math.isinf(im):
                    return complex(math.nan, math.nan)
                return complex(1.0 if re > 0 else -1.0, 0.0)
            return complex(0.0, 1.0 if im > 0 else -1.0)
        if modulus == 0:
            return complex(0.0, 0.0)
        return complex(rounded(re / modulus), rounded(im / modulus))

    return sign


def _complex_rint(z):
    return complex(c_rint(z.real), c_rint(z.imag))


def _complex_absolute(hypot):
    def absolute(z):
        # C's hypot: inf if either part is infinite, even when the other is nan.
        return hypot(z.real, z.imag)

    return absolute


def _complex_isnan(z):
    return z.real != z.real or z.imag != z.imag


def _complex_isinf(z):
    return math.isinf(z.real) or math.isinf(z.imag)


def _complex_isfinite(z):
    return math.isfinite(z.real) and math.isfinite(z.imag)


def _conjugate(z):
    return z.conjugate()


def _complex_entries(dtype_name):
    """op -> element function for complex64 or complex128."""
    complex64 = dtype_name == "complex64"
    rounded = to_float32 if complex64 else float
    arithmetic = _COMPLEX64 if complex64 else _COMPLEX128
    multiply = arithmetic["multiply"]
    entries = {
        "negative": operator.neg,
        "positive": operator.pos,
        "absolute": _complex_absolute(c_hypotf if complex64 else c_hypot),
        "reciprocal": _complex_reciprocal(rounded),
        "square": lambda z: multiply(z, z),  # NumPy's loop multiplies z by itself
        "rint": _complex_rint,
        "sign": _complex_sign(rounded),
        "conjugate": _conjugate,
        "isnan": _complex_isnan,
        "isinf": _complex_isinf,
        "isfinite": _complex_isfinite,
        "logical_not": operator.not_,
    }
    entries.update(_complex_functions_of(rounded))
    return entries


# --- the table ------------------------------------------------------------------------------------


def _entries(dtype_name):
    """op -> element function for ``dtype_name``. A ``(fast, exact)`` pair is a ``math``
    function with its C-semantics version (see ``with_fallback``)."""
    category = _category(dtype_name)
    if category == "bool":
        return {
            "absolute": operator.pos,
            "floor": operator.pos,
            "ceil": operator.pos,
            "trunc": operator.pos,
            "invert": operator.not_,
            "isnan": _false,
            "isinf": _false,
            "isfinite": _true,
            "logical_not": operator.not_,
        }
    if category == "int":
        return {
            "negative": operator.neg,
            "positive": operator.pos,
            "absolute": abs,
            "reciprocal": _integer_reciprocal(dtype_name),
            "square": _square_float,  # x * x, for ints as well
            "floor": operator.pos,
            "ceil": operator.pos,
            "trunc": operator.pos,
            "sign": _integer_sign,
            "conjugate": operator.pos,
            "invert": operator.invert,
            "isnan": _false,
            "isinf": _false,
            "isfinite": _true,
            "logical_not": operator.not_,
        }
    if category == "float":
        return {
            "negative": operator.neg,
            "positive": operator.pos,
            "absolute": abs,
            "reciprocal": _reciprocal_float,
            "square": _square_float,
            **C_FUNCTIONS,
            "deg2rad": _scaled_by(_DEG2RAD[dtype_name]),
            "rad2deg": _scaled_by(_RAD2DEG[dtype_name]),
            "sign": _sign_float,
            "conjugate": operator.pos,
            "isnan": _isnan,
            "isinf": math.isinf,
            "isfinite": math.isfinite,
            "signbit": _signbit,
            "logical_not": operator.not_,
        }
    return _complex_entries(dtype_name)


_TABLE = {}


def _table():
    if not _TABLE:
        from arrpy._dtypes import SUPPORTED_DTYPE_NAMES

        for name in SUPPORTED_DTYPE_NAMES:
            for op, element in _entries(name).items():
                _TABLE[(op, name)] = element
    return _TABLE


def _output_dtype(op, dtype_name):
    if op in _PREDICATES:
        return "bool"
    if op == "absolute" and dtype_name.startswith("complex"):
        return "float32" if dtype_name == "complex64" else "float64"
    return dtype_name


# Integer ops whose exact result can leave the dtype's range: -MIN, abs(MIN), x * x, ~x unsigned.
_UNARY_WRAPPING = {"negative", "absolute", "square", "invert"}


# --- kernels --------------------------------------------------------------------------------------


def supported_unary():
    """The (op, dtype name) pairs this backend implements as unary kernels."""
    return list(_table())


def unary_kernel(op, dtype_name):
    """The kernel ``kernel(x, out)`` computing ``out = op(x)`` elementwise; it returns the
    floating-point status flags of float32 / float64 math (floating_status.py), else 0."""
    element = _table()[(op, dtype_name)]
    out_dtype_name = _output_dtype(op, dtype_name)
    wraps = dtype_name in _INTEGER_BITS and op in _UNARY_WRAPPING
    if isinstance(element, tuple):
        fast, exact = element

        def compute(values):
            return with_fallback(fast, exact, values)

    else:

        def compute(values):
            return list(map(element, values))

    float_status = dtype_name in ("float32", "float64") and op in UNARY_STATUS_OPS

    def kernel(x, out):
        size = out.size
        if size == 0:
            return 0
        if x.ndim == 0:
            # A scalar: computed once, stored everywhere.
            inputs = read_values(x, dtype_name)
            values = compute(inputs) * size
        else:
            if x.shape != out.shape:
                x = _broadcast(x, out.shape)
            inputs = read_values(x, dtype_name)
            values = compute(inputs)
        status = unary_status(op, dtype_name, inputs, values) if float_status else 0
        if wraps:
            values = _wrap_integers(values, dtype_name)
        write_values(out, out_dtype_name, values)
        return status

    kernel.__name__ = f"{op}_{dtype_name}"
    kernel.__qualname__ = kernel.__name__
    return kernel
