"""Floating-point helpers shared by the python backend's kernels: IEEE division, a fused
multiply-add, rounding to float32 and exact products (what C gets from its types and ``fma``)."""

import math
import struct
from array import array

__all__ = [
    "LN2",
    "divide_float",
    "fused_multiply_add",
    "product_error",
    "to_float32",
]

LN2 = math.log(2.0)


def divide_float(x, y):
    """IEEE 754 division: x / 0 is +-inf (sign of x times sign of the zero), 0 / 0 is nan."""
    try:
        return x / y
    except ZeroDivisionError:
        if x == 0 or x != x:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)


def fused_multiply_add(x, y, z):
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


def to_float32(value):
    """Round a Python float to the nearest float32 (overflowing to +-inf), as a C cast does."""
    try:
        return _unpack_float32(_pack_float32(value))[0]  # the fast way (struct)
    except OverflowError:
        return array("f", (value,))[0]  # struct refuses values beyond float32's range


_pack_float32 = struct.Struct("f").pack
_unpack_float32 = struct.Struct("f").unpack


def product_error(a, b, product):
    """The exact rounding error of ``a * b`` (what fma(a, b, -product) computes), by Dekker's
    product: each factor split into two 26-bit halves whose products are exact."""
    a_high, a_low = _split_halves(a)
    b_high, b_low = _split_halves(b)
    return ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low


def _split_halves(a):
    # Veltkamp's split: a == high + low, each with at most 26 significant bits.
    c = 134217729.0 * a  # 2**27 + 1
    high = c - (c - a)
    return high, a - high
