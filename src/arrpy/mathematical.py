"""Mathematical functions, elementwise: powers and logarithms, trigonometry, rounding, signs,
extrema, and complex parts.

The Array API spellings (``acos``, ``atan2``, ...) are the same function objects as NumPy's
names, as in NumPy 2.
"""

import math

import numpy as np

from arrpy import _core
from arrpy._convert import as_ndarray
from arrpy._ufunc import binary, binary_function, unary, unary_function

__all__ = [
    "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "logaddexp",
    "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "hypot",
    "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "asin", "acos", "atan", "atan2", "asinh", "acosh", "atanh",
    "deg2rad", "rad2deg", "degrees", "radians",
    "floor", "ceil", "trunc", "rint", "round", "around",
    "sign", "copysign", "maximum", "minimum", "fmax", "fmin", "clip",
    "real", "imag", "conj", "conjugate", "angle",
]  # fmt: skip

_WITHIN_2_ULP = (
    "Within 2 ulp of NumPy's result for real input (C's libm or a vectorised kernel, per backend)."
)

# --- powers, exponentials and logarithms ---------------------------------------------------

sqrt = unary_function(
    "sqrt",
    "Non-negative square root, elementwise.",
    "``sqrt(x)``; nan for negative real input (complex input gives the principal root).",
    "arrpy.sqrt(arrpy.array([4.0, 2.0, -1.0]))",
    "ArrPy([2.        , 1.41421356,        nan])",
    details="Correctly rounded (IEEE 754) for real input in every backend.",
)

cbrt = unary_function(
    "cbrt",
    "Cube root, elementwise (real input only).",
    "``x ** (1/3)`` with the sign of ``x``.",
    "arrpy.cbrt(arrpy.array([27.0, -8.0]))",
    "ArrPy([ 3., -2.])",
)

exp = unary_function(
    "exp",
    "Exponential ``e ** x``, elementwise.",
    "``exp(x)``: overflows to inf, underflows to 0 (subnormal results are kept).",
    "arrpy.exp(arrpy.array([0.0, 1.0, -float('inf')]))",
    "ArrPy([1.        , 2.71828183, 0.        ])",
    details=_WITHIN_2_ULP,
)

exp2 = unary_function(
    "exp2",
    "``2 ** x``, elementwise.",
    "``exp2(x)``.",
    "arrpy.exp2(arrpy.array([3.0, -1.0]))",
    "ArrPy([8. , 0.5])",
)

expm1 = unary_function(
    "expm1",
    "``exp(x) - 1``, accurate for small ``x``, elementwise.",
    "``expm1(x)``.",
    "arrpy.expm1(arrpy.array([0.0, 1e-10]))",
    "ArrPy([0.e+00, 1.e-10])",
)

log = unary_function(
    "log",
    "Natural logarithm, elementwise.",
    "``log(x)``: -inf at 0 and nan for negative real input (never an exception).",
    "arrpy.log(arrpy.array([1.0, 0.0, -1.0]))",
    "ArrPy([  0., -inf,  nan])",
    details=_WITHIN_2_ULP,
)

log2 = unary_function(
    "log2",
    "Base-2 logarithm, elementwise.",
    "``log2(x)``.",
    "arrpy.log2(arrpy.array([8.0, 0.5]))",
    "ArrPy([ 3., -1.])",
)

log10 = unary_function(
    "log10",
    "Base-10 logarithm, elementwise.",
    "``log10(x)``.",
    "arrpy.log10(arrpy.array([1000.0, 0.01]))",
    "ArrPy([ 3., -2.])",
)

log1p = unary_function(
    "log1p",
    "``log(1 + x)``, accurate for small ``x``, elementwise.",
    "``log1p(x)``.",
    "arrpy.log1p(arrpy.array([0.0, 1e-10]))",
    "ArrPy([0.e+00, 1.e-10])",
)

logaddexp = binary_function(
    "logaddexp",
    "``log(exp(x1) + exp(x2))`` without overflow, elementwise.",
    "The logarithm of the sum of exponentials.",
    "arrpy.logaddexp(arrpy.array([1000.0, -float('inf')]), arrpy.array([1000.0, 0.0]))",
    "ArrPy([1000.69314718,    0.        ])",
)

# --- trigonometry ---------------------------------------------------------------------------

sin = unary_function(
    "sin",
    "Sine, elementwise (radians).",
    "``sin(x)``; nan for infinite input.",
    "arrpy.sin(arrpy.array([0.0, 1.5707963267948966]))",
    "ArrPy([0., 1.])",
    details=_WITHIN_2_ULP,
)

cos = unary_function(
    "cos",
    "Cosine, elementwise (radians).",
    "``cos(x)``; nan for infinite input.",
    "arrpy.cos(arrpy.array([0.0, 3.141592653589793]))",
    "ArrPy([ 1., -1.])",
    details=_WITHIN_2_ULP,
)

tan = unary_function(
    "tan",
    "Tangent, elementwise (radians).",
    "``tan(x)``.",
    "arrpy.tan(arrpy.array([0.0, 0.7853981633974483]))",
    "ArrPy([0., 1.])",
)

arcsin = unary_function(
    "arcsin",
    "Inverse sine, elementwise.",
    "The angle in [-pi/2, pi/2]; nan outside [-1, 1] for real input.",
    "arrpy.arcsin(arrpy.array([0.0, 1.0, 2.0]))",
    "ArrPy([0.        , 1.57079633,        nan])",
)

arccos = unary_function(
    "arccos",
    "Inverse cosine, elementwise.",
    "The angle in [0, pi]; nan outside [-1, 1] for real input.",
    "arrpy.arccos(arrpy.array([1.0, -1.0]))",
    "ArrPy([0.        , 3.14159265])",
)

arctan = unary_function(
    "arctan",
    "Inverse tangent, elementwise.",
    "The angle in [-pi/2, pi/2].",
    "arrpy.arctan(arrpy.array([0.0, float('inf')]))",
    "ArrPy([0.        , 1.57079633])",
)

arctan2 = binary_function(
    "arctan2",
    (
        "Angle of the point ``(x2, x1)``: the arc tangent of ``x1 / x2`` with the "
        "quadrant chosen by the signs of both."
    ),
    "The angle in [-pi, pi].",
    "arrpy.arctan2(arrpy.array([1.0, -1.0]), arrpy.array([-1.0, -1.0]))",
    "ArrPy([ 2.35619449, -2.35619449])",
)

hypot = binary_function(
    "hypot",
    "``sqrt(x1**2 + x2**2)`` without intermediate overflow, elementwise.",
    "The hypotenuse.",
    "arrpy.hypot(arrpy.array([3.0, 5.0]), arrpy.array([4.0, 12.0]))",
    "ArrPy([ 5., 13.])",
)

sinh = unary_function(
    "sinh",
    "Hyperbolic sine, elementwise.",
    "``sinh(x)``.",
    "arrpy.sinh(arrpy.array([0.0, 1.0]))",
    "ArrPy([0.        , 1.17520119])",
)

cosh = unary_function(
    "cosh",
    "Hyperbolic cosine, elementwise.",
    "``cosh(x)``.",
    "arrpy.cosh(arrpy.array([0.0, 1.0]))",
    "ArrPy([1.        , 1.54308063])",
)

tanh = unary_function(
    "tanh",
    "Hyperbolic tangent, elementwise.",
    "``tanh(x)``.",
    "arrpy.tanh(arrpy.array([0.0, float('inf')]))",
    "ArrPy([0., 1.])",
)

arcsinh = unary_function(
    "arcsinh",
    "Inverse hyperbolic sine, elementwise.",
    "``arcsinh(x)``.",
    "arrpy.arcsinh(arrpy.array([0.0, 1.0]))",
    "ArrPy([0.        , 0.88137359])",
)

arccosh = unary_function(
    "arccosh",
    "Inverse hyperbolic cosine, elementwise.",
    "``arccosh(x)``; nan below 1 for real input.",
    "arrpy.arccosh(arrpy.array([1.0, 2.0]))",
    "ArrPy([0.       , 1.3169579])",
)

arctanh = unary_function(
    "arctanh",
    "Inverse hyperbolic tangent, elementwise.",
    "``arctanh(x)``; +-inf at +-1, nan outside [-1, 1] for real input.",
    "arrpy.arctanh(arrpy.array([0.0, 0.5, 1.0]))",
    "ArrPy([0.        , 0.54930614,        inf])",
)

# The Array API spellings: the same functions.
asin, acos, atan, atan2 = arcsin, arccos, arctan, arctan2
asinh, acosh, atanh = arcsinh, arccosh, arctanh

deg2rad = unary_function(
    "deg2rad",
    "Convert angles from degrees to radians, elementwise.",
    "``x * pi / 180``.",
    "arrpy.deg2rad(arrpy.array([180.0, 90.0]))",
    "ArrPy([3.14159265, 1.57079633])",
)

rad2deg = unary_function(
    "rad2deg",
    "Convert angles from radians to degrees, elementwise.",
    "``x * 180 / pi``.",
    "arrpy.rad2deg(arrpy.array([3.141592653589793]))",
    "ArrPy([180.])",
)

radians, degrees = deg2rad, rad2deg

# --- rounding ------------------------------------------------------------------------------

floor = unary_function(
    "floor",
    "Floor, elementwise: the largest integer not above ``x``.",
    "``floor(x)`` in the input's dtype (integers are returned unchanged).",
    "arrpy.floor(arrpy.array([-1.5, 1.5, 2.0]))",
    "ArrPy([-2.,  1.,  2.])",
)

ceil = unary_function(
    "ceil",
    "Ceiling, elementwise: the smallest integer not below ``x``.",
    "``ceil(x)`` in the input's dtype.",
    "arrpy.ceil(arrpy.array([-1.5, 1.5, 2.0]))",
    "ArrPy([-1.,  2.,  2.])",
)

trunc = unary_function(
    "trunc",
    "Truncation toward zero, elementwise.",
    "``trunc(x)`` in the input's dtype.",
    "arrpy.trunc(arrpy.array([-1.5, 1.5, 2.0]))",
    "ArrPy([-1.,  1.,  2.])",
)

rint = unary_function(
    "rint",
    "Round to the nearest integer, halves to even, elementwise.",
    "``rint(x)`` in the input's (inexact) dtype.",
    "arrpy.rint(arrpy.array([0.5, 1.5, 2.5, -0.5]))",
    "ArrPy([ 0.,  2.,  2., -0.])",
)


def round(a, decimals=0, out=None):
    """Round to ``decimals`` decimal places, halves to even, as ``numpy.round``.

    Parameters
    ----------
    a : array_like
        Input.
    decimals : int, optional
        Number of decimal places; negative rounds to tens, hundreds, ...
    out : ArrPy, optional
        Where to store the result.

    Returns
    -------
    ArrPy
        ``rint(a * 10**decimals) / 10**decimals`` (for negative ``decimals``,
        ``rint(a / 10**-decimals) * 10**-decimals``), in ``a``'s dtype. Like NumPy's, the scaling
        is a float multiplication, so ``round(2.675, 2)`` is 2.67 (2.675 is below the half).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.round(arrpy.array([0.125, 2.5, 31.25]), 1)
    ArrPy([ 0.1,  2.5, 31.2])
    >>> arrpy.round(arrpy.array([1234, 1250]), -2)
    ArrPy([1200, 1200])
    """
    value = a if isinstance(a, _core._ArrayBase) else _core.wrap(as_ndarray(a, op="round"))
    decimals = operator_index(decimals, "round", "decimals")
    kind = value._data.dtype.kind
    if kind in "biu":
        if decimals >= 0:
            result = _core.wrap(value._data.copy())
            return result if out is None else _copy_into(result, out)
        # Integers: computed in float64 (as NumPy), cast back to the integer dtype.
        scale = 10.0**-decimals
        rounded = binary("multiply", unary("rint", binary("divide", value, scale)), scale)
        result = _core.wrap(rounded._data.astype(value._data.dtype))
        return result if out is None else _copy_into(result, out)
    if kind == "c":
        # NumPy rounds the real and imaginary parts separately (a complex multiply by the
        # scale would turn an infinite part into nan).
        result = _core.wrap(np.empty_like(value._data))
        round(_core.wrap(value._data.real), decimals, _core.wrap(result._data.real))
        round(_core.wrap(value._data.imag), decimals, _core.wrap(result._data.imag))
        return result if out is None else _copy_into(result, out)
    if decimals == 0:
        return unary("rint", value, out)
    if decimals > 0:
        scale = 10.0**decimals
        return binary("divide", unary("rint", binary("multiply", value, scale)), scale, out)
    scale = 10.0**-decimals
    return binary("multiply", unary("rint", binary("divide", value, scale)), scale, out)


around = round


def operator_index(value, op, name):
    """``value`` as a Python int (``operator.index``), else TypeError naming the argument."""
    import operator

    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{op}: {name} must be an integer, got {type(value).__name__}") from None


def _copy_into(result, out):
    if not isinstance(out, _core._ArrayBase):
        raise TypeError(f"out must be an ArrPy array, got {type(out).__name__}")
    np.copyto(out._data, result._data, casting="same_kind")
    return out


# --- signs and extrema ---------------------------------------------------------------------

sign = unary_function(
    "sign",
    "Sign of ``x``, elementwise: -1, 0 or 1 (nan for nan; ``x / |x|`` for complex).",
    "The signs, in the input's dtype.",
    "arrpy.sign(arrpy.array([-3.0, 0.0, 2.5]))",
    "ArrPy([-1.,  0.,  1.])",
)

copysign = binary_function(
    "copysign",
    "``x1`` with the sign of ``x2``, elementwise.",
    "``|x1|`` with ``x2``'s sign bit (so -0.0 counts as negative).",
    "arrpy.copysign(arrpy.array([1.0, 2.0]), arrpy.array([-0.0, 3.0]))",
    "ArrPy([-1.,  2.])",
)

maximum = binary_function(
    "maximum",
    "Elementwise maximum of two arrays; nan propagates.",
    "The larger element of each pair, nan if either is nan.",
    "arrpy.maximum(arrpy.array([1.0, float('nan'), 3.0]), arrpy.array([2.0, 0.0, 1.0]))",
    "ArrPy([ 2., nan,  3.])",
    details=(
        "Complex numbers are ordered lexicographically, as NumPy orders them. ``fmax`` "
        "ignores nan instead."
    ),
)

minimum = binary_function(
    "minimum",
    "Elementwise minimum of two arrays; nan propagates.",
    "The smaller element of each pair, nan if either is nan.",
    "arrpy.minimum(arrpy.array([1.0, float('nan'), 3.0]), arrpy.array([2.0, 0.0, 1.0]))",
    "ArrPy([ 1., nan,  1.])",
    details="``fmin`` ignores nan instead.",
)

fmax = binary_function(
    "fmax",
    "Elementwise maximum of two arrays, ignoring nan.",
    "The larger element of each pair; nan only where both are nan.",
    "arrpy.fmax(arrpy.array([1.0, float('nan'), 3.0]), arrpy.array([2.0, 0.0, 1.0]))",
    "ArrPy([2., 0., 3.])",
)

fmin = binary_function(
    "fmin",
    "Elementwise minimum of two arrays, ignoring nan.",
    "The smaller element of each pair; nan only where both are nan.",
    "arrpy.fmin(arrpy.array([1.0, float('nan'), 3.0]), arrpy.array([2.0, 0.0, 1.0]))",
    "ArrPy([1., 0., 1.])",
)


def clip(a, a_min=None, a_max=None, out=None, *, min=None, max=None, dtype=None):
    """Limit the values of ``a`` to ``[a_min, a_max]``, elementwise, as ``numpy.clip``.

    Parameters
    ----------
    a : array_like
        Input.
    a_min, a_max : array_like or None
        Lower and upper bounds (broadcast against ``a``); None means no bound on that side.
        ``min=`` and ``max=`` are the Array API spellings.
    out : ArrPy, optional
        Where to store the result.
    dtype : dtype, optional
        Compute in this dtype.

    Returns
    -------
    ArrPy
        ``minimum(maximum(a, a_min), a_max)``: nan in ``a`` or a bound propagates.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.clip(arrpy.array([-2, 5, 11]), 0, 10)
    ArrPy([ 0,  5, 10])
    >>> arrpy.clip(arrpy.array([1.0, float("nan")]), max=0.5)
    ArrPy([0.5, nan])
    """
    if min is not None:
        a_min = min
    if max is not None:
        a_max = max
    if a_min is None and a_max is None:
        return unary("positive", a, out, dtype) if out is not None else _copy_of(a)
    if a_max is None:
        return binary("maximum", a, a_min, out, dtype)
    if a_min is None:
        return binary("minimum", a, a_max, out, dtype)
    # Like NumPy's clip ufunc, the result dtype comes from all three operands at once.
    lower = binary("maximum", a, a_min, None, dtype)
    result_dtype = dtype if dtype is not None else _common_dtype(a, a_min, a_max)
    return binary("minimum", lower, a_max, out, result_dtype)


def _common_dtype(*operands):
    # NumPy 2 promotion with weak Python scalars, over all the operands.
    return np.result_type(*(x._data if isinstance(x, _core._ArrayBase) else x for x in operands))


def _copy_of(a):
    data = a._data if isinstance(a, _core._ArrayBase) else as_ndarray(a, op="clip")
    return _core.wrap(data.copy())


# --- complex parts ---------------------------------------------------------------------------


def real(val):
    """The real part of ``val``: a view for complex input, the array itself otherwise.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.real(arrpy.array([1 + 2j, 3 - 4j]))
    ArrPy([1., 3.])
    """
    data = _as_array_data(val, "real")
    if data.dtype.kind != "c":
        return val if isinstance(val, _core._ArrayBase) else _core.wrap(data)
    return _core.wrap(data.real)


def imag(val):
    """The imaginary part of ``val``: a view for complex input, zeros otherwise.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.imag(arrpy.array([1 + 2j, 3 - 4j]))
    ArrPy([ 2., -4.])
    """
    data = _as_array_data(val, "imag")
    return _core.wrap(data.imag)


conjugate = unary_function(
    "conjugate",
    "Complex conjugate, elementwise (real input is returned as a copy).",
    "``re - 1j * im``.",
    "arrpy.conjugate(arrpy.array([1 + 2j, 3 - 1j]))",
    "ArrPy([1.-2.j, 3.+1.j])",
)
conj = conjugate


def angle(z, deg=False):
    """The counterclockwise angle from the positive real axis, elementwise.

    Parameters
    ----------
    z : array_like
        Complex (or real) input.
    deg : bool, optional
        Degrees instead of radians.

    Returns
    -------
    ArrPy
        ``arctan2(imag(z), real(z))``, in (-pi, pi].

    Examples
    --------
    >>> import arrpy
    >>> arrpy.angle(arrpy.array([1j, -1 + 0j, 1 + 1j]), deg=True)
    ArrPy([ 90., 180.,  45.])
    """
    data = _as_array_data(z, "angle")
    if data.dtype.kind == "c":
        result = binary("arctan2", _core.wrap(data.imag), _core.wrap(data.real))
    else:
        result = binary("arctan2", 0, _core.wrap(data))
    return binary("multiply", result, 180 / math.pi) if deg else result


def _as_array_data(value, op):
    return value._data if isinstance(value, _core._ArrayBase) else as_ndarray(value, op=op)
