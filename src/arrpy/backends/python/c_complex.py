"""C99's complex functions (``<complex.h>``, as glibc implements them) on Python complex numbers."""

import cmath
import math

from arrpy.backends.python._floats import LN2, product_error, to_float32
from arrpy.backends.python.c_math import (
    C_FUNCTIONS,
    atan2f,
    c_hypot,
    c_hypotf,
    inf,
    log1pf,
    nan,
)

__all__ = [
    "cacos",
    "cacosh",
    "casin",
    "casinh",
    "catan",
    "catanh",
    "ccos",
    "ccosh",
    "cexp",
    "clog",
    "cpow",
    "csin",
    "csinh",
    "csqrt",
    "ctan",
    "ctanh",
]

# ==================================================================================================
# C99's complex functions (<complex.h>, as glibc implements them) on Python complex numbers
#
# NumPy's complex ufuncs call the C library's ``cexp``, ``clog``, ``csqrt``, ``csin``... cexp,
# clog and csqrt are glibc's algorithms step by step (complex sqrt is compared bit for bit, and
# cpow = cexp(b clog a) magnifies every rounding of clog). For the other functions Python's
# ``cmath`` computes the same values as accurately for finite arguments, so it is used, except
# where it raises: on overflow (``cmath.sinh(1000)``: C returns an infinite component and keeps
# the other one) and at the poles (``cmath.atanh(1)``: C returns inf). For infinite and nan
# components C99's Annex G prescribes the result, and ``cmath`` raises for many of those cases or
# differs from glibc in the sign of a zero or infinity: those cases are spelled out here,
# following glibc's code, before any ``cmath`` call.
#
# The derived functions are NumPy's own formulas (``nc_exp2``, ``nc_expm1``, ``nc_log1p``,
# ``nc_log2``, ``nc_log10`` in ``funcs.inc.src``), with each step rounded by ``rounded`` (float32
# for complex64) where NumPy's single-precision rounding changes the result materially.
# ==================================================================================================

_HALF_PI = math.pi / 2
_LOG2E = 1 / math.log(2.0)
_LOG10E = 1 / math.log(10.0)

_c_exp = C_FUNCTIONS["exp"][1]
_c_expm1 = C_FUNCTIONS["expm1"][1]
_c_sinh = C_FUNCTIONS["sinh"][1]
_c_cosh = C_FUNCTIONS["cosh"][1]
_c_log = C_FUNCTIONS["log"][1]
_c_log1p = C_FUNCTIONS["log1p"][1]
_c_sin = C_FUNCTIONS["sin"][1]
_c_cos = C_FUNCTIONS["cos"][1]


def _is_finite(z):
    return math.isfinite(z.real) and math.isfinite(z.imag)


def _times_exp(factor, t):
    """``factor * exp(t)`` for a large t (exp(t) alone overflows) without overflowing early:
    exp(t) is applied in two or three equal factors, so a tiny factor still gives a finite
    product when the mathematical result is finite."""
    if factor == 0:
        return factor
    for parts in (2, 3):
        try:
            root = math.exp(t / parts)
        except OverflowError:
            continue
        result = factor
        for _ in range(parts):
            result *= root
        return result
    return math.copysign(inf, factor)


# --- exp, log, sqrt -----------------------------------------------------------------------------


class _Format:
    """The parameters of a floating-point format that glibc's complex functions use."""

    def __init__(
        self, rounded, hypot, mantissa_digits, max_exponent, smallest_normal, largest, atan2
    ):
        self.rounded = rounded  # float (double) or to_float32
        self.hypot = hypot
        self.mantissa_digits = mantissa_digits
        self.exp_limit = int((max_exponent - 1) * math.log(2.0))  # 709 or 88: exp(t) is finite
        self.smallest_normal = smallest_normal
        self.largest = largest
        self.epsilon = 2.0 ** (1 - mantissa_digits)
        self.ln2 = rounded(math.log(2.0))
        self.x2y2m1 = _x2y2m1 if mantissa_digits == 53 else _x2y2m1f
        single = mantissa_digits == 24
        self.log1p = log1pf if single else _c_log1p
        self.atan2 = atan2


def _x2y2m1(x, y):
    """glibc's x^2 + y^2 - 1 for double: the five exact parts (each square split into its
    rounded value and exact error), summed from the smallest with error-free additions, then
    added up. Nearly but not always correctly rounded; its last bit shows in clog."""
    xx, yy = x * x, y * y
    parts = [xx, product_error(x, x, xx), yy, product_error(y, y, yy), -1.0]
    parts.sort(key=abs)
    for i in range(4):
        # Dekker's fast two-sum of parts[i + 1] (the larger) and parts[i].
        high = parts[i + 1] + parts[i]
        parts[i + 1], parts[i] = high, (parts[i + 1] - high) + parts[i]
        parts[i + 1 :] = sorted(parts[i + 1 :], key=abs)
    return parts[4] + parts[3] + parts[2] + parts[1] + parts[0]


def _x2y2m1f(x, y):
    """glibc's x^2 + y^2 - 1 for float: in double, (x - 1)(x + 1) + y^2 (rounded by the caller)."""
    return to_float32((x - 1) * (x + 1) + y * y)


_DOUBLE = _Format(float, c_hypot, 53, 1024, 2.0**-1022, 1.7976931348623157e308, math.atan2)
# The single format is used by complex64 power (cpowf), which magnifies every rounding of clogf,
# so clogf's arg(z) is glibc's own atan2f there.
_SINGLE = _Format(to_float32, c_hypotf, 24, 128, 2.0**-126, 3.4028234663852886e38, atan2f)


def _cexp_of(fmt):
    """glibc's ``cexp`` (``cexpf`` for the single format), step by step."""
    rounded = fmt.rounded

    def cexp(z):
        x, y = z.real, z.imag
        if not _is_finite(z):
            return _cexp_special(x, y)
        if abs(y) > fmt.smallest_normal:
            sin_y, cos_y = rounded(math.sin(y)), rounded(math.cos(y))
        else:
            sin_y, cos_y = y, 1.0  # sin y == y to the last bit, cos y == 1
        # exp(x) (cos y + i sin y), with exp(x) applied in up to three factors exp(t) so that a
        # large x does not overflow before the (possibly tiny) sine multiplies it.
        t = fmt.exp_limit
        for _ in range(2):
            if x > t:
                exp_t = rounded(math.exp(t))
                x = rounded(x - t)
                sin_y, cos_y = rounded(sin_y * exp_t), rounded(cos_y * exp_t)
        if x > t:
            return complex(rounded(fmt.largest * cos_y), rounded(fmt.largest * sin_y))
        exp_x = rounded(math.exp(x))
        return complex(rounded(exp_x * cos_y), rounded(exp_x * sin_y))

    return cexp


def _cexp_special(x, y):
    """cexp for an infinite or nan part (C99 Annex G, as glibc returns it)."""
    if math.isnan(x):
        return complex(nan, y) if y == 0 else complex(nan, nan)
    if math.isinf(x):
        if x > 0:
            if y == 0:
                return complex(inf, y)
            if math.isfinite(y):
                return complex(inf * math.cos(y), inf * math.sin(y))
            return complex(inf, nan)  # exp(+inf + i inf or nan): +-inf + i nan
        if math.isfinite(y):
            return complex(0.0 * math.cos(y), 0.0 * math.sin(y))  # exp(-inf + iy): a signed 0
        return complex(0.0, 0.0)
    return complex(nan, nan)  # finite x, infinite or nan y


def _clog_of(fmt):
    """glibc's ``clog`` (``clogf``), step by step: log|z| is computed as log1p(|z|^2 - 1) / 2
    near the unit circle, where log(hypot) would lose the digits NumPy's result has."""
    rounded = fmt.rounded

    def clog(z):
        x, y = z.real, z.imag
        if not _is_finite(z) or (x == 0 and y == 0):
            # Zero, or an infinite or nan part: hypot and atan2 give exactly Annex G's answers
            # (hypot is inf if a part is inf, even with a nan; atan2 handles the angles, and
            # the pole clog(0) = -inf + i arg(0)).
            return complex(_c_log(c_hypot(x, y)), math.atan2(y, x))
        big, small = max(abs(x), abs(y)), min(abs(x), abs(y))
        scale = 0
        if big > fmt.largest / 2:
            scale = -1
            big = math.ldexp(big, -1)
            small = math.ldexp(small, -1) if small >= 2 * fmt.smallest_normal else 0.0
        elif big < fmt.smallest_normal and small < fmt.smallest_normal:
            scale = fmt.mantissa_digits
            big, small = math.ldexp(big, scale), math.ldexp(small, scale)
        if big == 1 and scale == 0:
            real = rounded(fmt.log1p(rounded(small * small)) / 2)
        elif 1 < big < 2 and small < 1 and scale == 0:
            d2m1 = rounded(rounded(big - 1) * rounded(big + 1))
            if small >= fmt.epsilon:
                d2m1 = rounded(d2m1 + rounded(small * small))
            real = rounded(fmt.log1p(d2m1) / 2)
        elif 0.5 <= big < 1 and small < fmt.epsilon / 2 and scale == 0:
            d2m1 = rounded(rounded(big - 1) * rounded(big + 1))
            real = rounded(fmt.log1p(d2m1) / 2)
        elif 0.5 <= big < 1 and scale == 0 and rounded(big * big + small * small) >= 0.5:
            real = rounded(fmt.log1p(fmt.x2y2m1(big, small)) / 2)
        else:
            modulus = rounded(fmt.hypot(big, small))
            real = rounded(rounded(_c_log(modulus)) - rounded(scale * fmt.ln2))
        return complex(real, fmt.atan2(y, x))

    return clog


cexp = _cexp_of(_DOUBLE)
clog = _clog_of(_DOUBLE)
_cexp_single = _cexp_of(_SINGLE)
_clog_single = _clog_of(_SINGLE)


def _csqrt_of(rounded, hypot, mantissa_digits, smallest_normal, largest):
    """glibc's ``csqrt`` (``csqrtf`` when ``rounded`` rounds to float32), step by step.

    NumPy's complex sqrt is exact-op territory (compared bit for bit), so the algorithm is
    glibc's: hypot, then sqrt(0.5 (|z| + |x|)) for one part and y / (2 r) for the other (no
    cancellation), with power-of-2 scaling at the ends of the range. ``cmath.sqrt`` gives the
    Annex G special values for infinite and nan parts.
    """

    def csqrt(z):
        x, y = z.real, z.imag
        if not _is_finite(z):
            return cmath.sqrt(z)
        if y == 0:
            if x < 0:
                return complex(0.0, math.copysign(rounded(math.sqrt(-x)), y))
            return complex(abs(rounded(math.sqrt(x))), math.copysign(0.0, y))
        if x == 0:
            if abs(y) >= 2 * smallest_normal:
                r = rounded(math.sqrt(rounded(0.5 * abs(y))))
            else:
                r = rounded(0.5 * rounded(math.sqrt(2 * abs(y))))
            return complex(r, math.copysign(r, y))
        scale = 0
        if abs(x) > largest / 4:
            scale = 1
            x, y = math.ldexp(x, -2), math.ldexp(y, -2)
        if abs(y) > largest / 4:
            scale = 1
            x = math.ldexp(x, -2) if abs(x) >= 4 * smallest_normal else 0.0
            y = math.ldexp(y, -2)
        if abs(x) < 2 * smallest_normal and abs(y) < 2 * smallest_normal:
            scale = -((mantissa_digits + 1) // 2)
            x, y = math.ldexp(x, -2 * scale), math.ldexp(y, -2 * scale)
        d = rounded(hypot(x, y))
        # 2 Re(res) Im(res) = y: compute the part without cancellation, derive the other.
        if x > 0:
            r = rounded(math.sqrt(rounded(0.5 * rounded(d + x))))
            if scale == 1 and abs(y) < 1:
                s = rounded(y / r)
                r, scale = rounded(math.ldexp(r, scale)), 0
            else:
                s = rounded(0.5 * rounded(y / r))
        else:
            s = rounded(math.sqrt(rounded(0.5 * rounded(d - x))))
            if scale == 1 and abs(y) < 1:
                r = abs(rounded(y / s))
                s, scale = rounded(math.ldexp(s, scale)), 0
            else:
                r = abs(rounded(0.5 * rounded(y / s)))
        if scale:
            r, s = rounded(math.ldexp(r, scale)), rounded(math.ldexp(s, scale))
        return complex(r, math.copysign(s, y))

    return csqrt


csqrt = _csqrt_of(float, c_hypot, 53, 2.0**-1022, 1.7976931348623157e308)
_csqrt_float32 = _csqrt_of(to_float32, c_hypotf, 24, 2.0**-126, 3.4028234663852886e38)


def cpow(a, b, rounded=float):
    """glibc's ``cpow``: ``cexp(b * clog(a))`` (NumPy's npy_cpow handles the integral powers).

    For complex64 (``rounded`` is ``to_float32``) everything is ``cpowf``'s single precision:
    the rounding error of the exponent, magnified by exp, is part of NumPy's result.
    """
    if rounded is to_float32:
        return _cexp_single(_c99_multiply(b, _clog_single(a), rounded))
    return cexp(_c99_multiply(b, clog(a), rounded))


def _c99_multiply(x, y, rounded):
    """The C compiler's complex product (libgcc's __muldc3): the textbook formula, and when both
    parts come out nan, C99 Annex G's recovery of the infinities that inf * 0 hid."""
    a, b, c, d = x.real, x.imag, y.real, y.imag
    ac, bd, ad, bc = rounded(a * c), rounded(b * d), rounded(a * d), rounded(b * c)
    real, imag = rounded(ac - bd), rounded(ad + bc)
    if not (math.isnan(real) and math.isnan(imag)):
        return complex(real, imag)
    recalculate = False
    if math.isinf(a) or math.isinf(b):
        # x is infinite: "box" it to +-1/+-0 and turn nans in y into zeros.
        a, b = _box(a), _box(b)
        c, d = _nan_to_zero(c), _nan_to_zero(d)
        recalculate = True
    if math.isinf(c) or math.isinf(d):
        c, d = _box(c), _box(d)
        a, b = _nan_to_zero(a), _nan_to_zero(b)
        recalculate = True
    if not recalculate and any(map(math.isinf, (ac, bd, ad, bc))):
        # An overflowed product: nans elsewhere become zeros.
        a, b, c, d = map(_nan_to_zero, (a, b, c, d))
        recalculate = True
    if recalculate:
        real, imag = inf * (a * c - b * d), inf * (a * d + b * c)
    return complex(real, imag)


def _box(v):
    return math.copysign(1.0 if math.isinf(v) else 0.0, v)


def _nan_to_zero(v):
    return math.copysign(0.0, v) if math.isnan(v) else v


# --- hyperbolic functions (the trigonometric ones are these rotated by i) ----------------------


def csinh(z):
    """C's ``csinh``: sinh x cos y + i cosh x sin y."""
    x, y = z.real, z.imag
    if _is_finite(z):
        if y == 0:
            return complex(_c_sinh(x), y)
        try:
            return cmath.sinh(z)
        except OverflowError:
            # |x| > 710: sinh x and cosh x are both sign(x) e^|x| / 2 (resp. e^|x| / 2).
            t = abs(x)
            return complex(
                _times_exp(math.copysign(0.5, x) * math.cos(y), t),
                _times_exp(0.5 * math.sin(y), t),
            )
    if math.isfinite(x):  # y is inf or nan
        return complex(x, nan) if x == 0 else complex(nan, nan)
    if math.isinf(x):
        if y == 0:
            return complex(x, y)
        if math.isfinite(y):
            return complex(x * math.cos(y), inf * math.sin(y))
        return complex(inf, nan)  # sinh(+-inf + i inf or nan): glibc gives +inf + i nan
    return complex(nan, y) if y == 0 else complex(nan, nan)


def ccosh(z):
    """C's ``ccosh``: cosh x cos y + i sinh x sin y."""
    x, y = z.real, z.imag
    if _is_finite(z):
        if y == 0:
            return complex(_c_cosh(x), y * math.copysign(1.0, x))
        try:
            return cmath.cosh(z)
        except OverflowError:
            t = abs(x)
            return complex(
                _times_exp(0.5 * math.cos(y), t),
                _times_exp(math.copysign(0.5, x) * math.sin(y), t),
            )
    if math.isfinite(x):  # y is inf or nan
        return complex(nan, 0.0) if x == 0 else complex(nan, nan)
    if math.isinf(x):
        if y == 0:
            return complex(inf, y * math.copysign(1.0, x))
        if math.isfinite(y):
            return complex(inf * math.cos(y), x * math.sin(y))
        return complex(inf, nan)
    return complex(nan, y) if y == 0 else complex(nan, nan)


def ctanh(z):
    """C's ``ctanh``."""
    x, y = z.real, z.imag
    if _is_finite(z):
        return cmath.tanh(z)
    if math.isinf(x):
        # tanh(+-inf + iy) = +-1 + i 0, the zero signed as sin(2y) (as glibc computes it).
        if math.isfinite(y) and abs(y) > 1:
            return complex(math.copysign(1.0, x), math.copysign(0.0, math.sin(y) * math.cos(y)))
        return complex(math.copysign(1.0, x), math.copysign(0.0, y))
    if x == 0:
        return complex(x, nan)  # C11: tanh(+-0 + i inf or nan) = +-0 + i nan
    if y == 0:
        return complex(x, y)  # tanh(nan + i0) = nan + i0
    return complex(nan, nan)


def _rotated(hyperbolic):
    """The trigonometric function f(z) = -i h(iz) (sin, tan) from its hyperbolic twin h."""

    def trigonometric(z):
        w = hyperbolic(complex(-z.imag, z.real))
        return complex(w.imag, -w.real)

    return trigonometric


_csin_rotated = _rotated(csinh)


def csin(z):
    """C's ``csin`` = -i csinh(iz), except glibc's nan + i inf for an infinite imaginary part
    with an infinite or nan real part."""
    if math.isinf(z.imag) and not math.isfinite(z.real):
        return complex(nan, inf)
    return _csin_rotated(z)


ctan = _rotated(ctanh)


def ccos(z):
    """C's ``ccos``: ccos(z) = ccosh(iz)."""
    return ccosh(complex(-z.imag, z.real))


# --- inverse functions ----------------------------------------------------------------------


def casinh(z):
    """C's ``casinh``: ``cmath.asinh`` agrees with glibc for every input."""
    return cmath.asinh(z)


def casin(z):
    """C's ``casin`` = -i casinh(iz), with glibc's nan cases."""
    x, y = z.real, z.imag
    if math.isnan(x) or math.isnan(y):
        if x == 0:
            return z
        if math.isinf(x) or math.isinf(y):
            return complex(nan, math.copysign(inf, y))
        return complex(nan, nan)
    return cmath.asin(z)


def cacos(z):
    """C's ``cacos`` = pi/2 - casin(z) for the special inputs (glibc), cmath otherwise."""
    if _is_finite(z):
        return cmath.acos(z)
    w = casin(z)
    return complex(_HALF_PI - w.real + 0.0, -w.imag)


def cacosh(z):
    """C's ``cacosh``, with glibc's special values for an infinite or nan part."""
    x, y = z.real, z.imag
    if _is_finite(z):
        return cmath.acosh(z)
    if math.isinf(y):
        if math.isnan(x):
            return complex(inf, nan)
        if math.isinf(x):
            angle = 3 * math.pi / 4 if x < 0 else math.pi / 4
        else:
            angle = _HALF_PI
        return complex(inf, math.copysign(angle, y))
    if math.isinf(x):
        if math.isfinite(y):
            return complex(inf, math.copysign(math.pi if x < 0 else 0.0, y))
        return complex(inf, nan)
    return complex(nan, _HALF_PI if x == 0 else nan)


def catanh(z):
    """C's ``catanh``; the poles +-1 give +-inf."""
    x, y = z.real, z.imag
    if _is_finite(z):
        if y == 0 and abs(x) == 1:
            return complex(math.copysign(inf, x), y)
        return cmath.atanh(z)
    if math.isinf(y):
        return complex(math.copysign(0.0, x), math.copysign(_HALF_PI, y))
    if math.isinf(x) or x == 0:
        return complex(math.copysign(0.0, x), math.copysign(_HALF_PI, y) if y == y else nan)
    return complex(nan, nan)


def catan(z):
    """C's ``catan``; the poles +-i give +-i inf."""
    x, y = z.real, z.imag
    if _is_finite(z):
        if x == 0 and abs(y) == 1:
            return complex(x, math.copysign(inf, y))
        return cmath.atan(z)
    if math.isinf(x):
        return complex(math.copysign(_HALF_PI, x), math.copysign(0.0, y))
    if math.isinf(y):
        return complex(math.copysign(_HALF_PI, x) if x == x else nan, math.copysign(0.0, y))
    if y == 0:
        return complex(nan, y)
    return complex(nan, nan)


# --- NumPy's derived functions ------------------------------------------------------------------


def _complex_functions_of(rounded):
    """op name -> element function of a complex dtype whose steps are rounded by ``rounded``."""

    hypot = c_hypotf if rounded is to_float32 else c_hypot
    # complex64's exp and log are computed in double and rounded once when stored (within an ulp
    # of cexpf/clogf, and several times faster here than their single-precision steps, which
    # only complex64 power needs).
    cexp_, clog_ = cexp, clog

    def exp2(z):
        # nc_exp2: cexp(z * ln 2), the argument rounded to the dtype as NumPy computes it.
        ln2 = rounded(LN2)
        return cexp_(complex(rounded(z.real * ln2), rounded(z.imag * ln2)))

    def expm1(z):
        # nc_expm1: expm1(x) cos y - 2 sin^2(y/2) + i exp(x) sin y (accurate near 0).
        x, y = z.real, z.imag
        # Each factor is rounded to the dtype: for complex64 exp(700) is already inf, and
        # inf * sin(0) is nan, as in NumPy's single-precision loop.
        half = rounded(_c_sin(y / 2))
        real = rounded(rounded(_c_expm1(x)) * rounded(_c_cos(y))) - rounded(2 * half * half)
        return complex(real, rounded(_c_exp(x)) * rounded(_c_sin(y)))

    def log1p(z):
        # nc_log1p: log|z + 1| + i arg(z + 1), z + 1 and |z + 1| rounded to the dtype.
        x1, y = rounded(z.real + 1), z.imag
        return complex(_c_log(rounded(hypot(x1, y))), math.atan2(y, x1))

    def scaled_log(factor):
        factor = rounded(factor)

        def log_in_base(z):
            # nc_log2, nc_log10: clog(z) times log2(e) or log10(e).
            w = clog_(z)
            return complex(w.real * factor, w.imag * factor)

        return log_in_base

    return {
        "sqrt": _csqrt_float32 if rounded is to_float32 else csqrt,
        "exp": cexp_,
        "exp2": exp2,
        "expm1": expm1,
        "log": clog_,
        "log2": scaled_log(_LOG2E),
        "log10": scaled_log(_LOG10E),
        "log1p": log1p,
        "sin": csin,
        "cos": ccos,
        "tan": ctan,
        "arcsin": casin,
        "arccos": cacos,
        "arctan": catan,
        "sinh": csinh,
        "cosh": ccosh,
        "tanh": ctanh,
        "arcsinh": casinh,
        "arccosh": cacosh,
        "arctanh": catanh,
    }
