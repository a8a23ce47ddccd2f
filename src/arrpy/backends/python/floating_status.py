"""The floating-point status flags of the elementwise kernels (abi.h, "Floating-point status"):
NumPy's "divide by zero", "overflow" and "invalid value" warnings, decided element by element
from the inputs and the result, the way IEEE 754 defines the exceptions.

Python's float arithmetic raises no flags (and raises exceptions where IEEE gives inf or nan,
which the element functions already turn into IEEE results), so this backend applies the rule
itself: a nan result from inputs that are not nan is an invalid operation; an infinite result
at a pole of the function (x / 0, log(0), ...) is a division by zero; any other infinite result
from finite inputs is an overflow. Only float32 and float64 report; complex dtypes do not.
"""

import math

from arrpy.backends.python._floats import to_float32

__all__ = ["BINARY_STATUS_OPS", "UNARY_STATUS_OPS", "binary_status", "unary_status"]

DIVIDE_BY_ZERO = 1
OVERFLOW = 2
INVALID = 4


def _division_pole(x, y):
    return y == 0 and math.isfinite(x)


# The ops whose results can meet one of the conditions (for every other op the rule never
# fires: maximum(nan, 1) is nan from a nan, floor(inf) is inf from an inf, ...), with the poles.
_BINARY_POLES = {
    "add": None,
    "subtract": None,
    "multiply": None,
    "divide": _division_pole,
    "floor_divide": _division_pole,
    "remainder": None,
    "power": lambda x, y: x == 0 and y < 0,
    "hypot": None,
}
_UNARY_POLES = {
    "reciprocal": (0.0,),
    "square": (),
    "sqrt": (),
    "exp": (),
    "exp2": (),
    "expm1": (),
    "log": (0.0,),
    "log2": (0.0,),
    "log10": (0.0,),
    "log1p": (-1.0,),
    "sin": (),
    "cos": (),
    "tan": (),
    "arcsin": (),
    "arccos": (),
    "sinh": (),
    "cosh": (),
    "arccosh": (),
    "arctanh": (1.0, -1.0),
    "deg2rad": (),
    "rad2deg": (),
}
BINARY_STATUS_OPS = frozenset(_BINARY_POLES)
UNARY_STATUS_OPS = frozenset(_UNARY_POLES)


_FLOAT32_MAX = 3.4028234663852886e38


def _stored(results, dtype_name):
    """The results as the dtype stores them: a float32 result computed in double precision
    beyond float32's range is rounded (to inf, or down to the largest float32)."""
    if dtype_name != "float32":
        return results
    return (to_float32(r) if abs(r) > _FLOAT32_MAX else r for r in results)


def _all_finite(results, dtype_name):
    """Whether every result is finite as the dtype stores it: then no flag can be set. Checked
    with sums and extremes computed in C (a tenth of the element-by-element rule's time); an
    inf or nan makes the sum inf or nan, and an overflowing sum only sends the call to the rule.
    min / max may skip a nan, but the sum has caught it."""
    if not isinstance(results, list):
        return False
    if not results or not math.isfinite(sum(results)):
        return not results
    if dtype_name == "float32":
        return -_FLOAT32_MAX <= min(results) and max(results) <= _FLOAT32_MAX
    return True


def binary_status(op, dtype_name, left, right, results):
    """The status flags of ``results[i] = left[i] <op> right[i]`` (iterables of floats of
    ``dtype_name``)."""
    if _all_finite(results, dtype_name):
        return 0
    pole = _BINARY_POLES[op]
    status = 0
    for x, y, r in zip(left, right, _stored(results, dtype_name), strict=False):
        if r != r:
            if x == x and y == y:
                status |= INVALID
        elif math.isinf(r):
            if pole is not None and pole(x, y):
                status |= DIVIDE_BY_ZERO
            elif math.isfinite(x) and math.isfinite(y):
                status |= OVERFLOW
    return status


def unary_status(op, dtype_name, values, results):
    """The status flags of ``results[i] = op(values[i])`` (iterables of floats of
    ``dtype_name``)."""
    if _all_finite(results, dtype_name):
        return 0
    poles = _UNARY_POLES[op]
    status = 0
    for x, r in zip(values, _stored(results, dtype_name), strict=False):
        if r != r:
            if x == x:
                status |= INVALID
        elif math.isinf(r):
            if x in poles:
                status |= DIVIDE_BY_ZERO
            elif math.isfinite(x):
                status |= OVERFLOW
    return status
