"""C's real math functions on Python floats, and glibc's single-precision ``log1pf`` and
``atan2f``: what the python backend's kernels compute with where ``math`` differs from C."""

import math
import struct

from arrpy.backends.python._floats import product_error, to_float32

__all__ = [
    "C_FUNCTIONS",
    "atan2f",
    "c_atanh",
    "c_cbrt",
    "c_ceil",
    "c_floor",
    "c_fmod",
    "c_hypot",
    "c_hypotf",
    "c_pow",
    "c_rint",
    "c_sqrt",
    "c_trunc",
    "inf",
    "log1pf",
    "nan",
    "with_fallback",
]

# ==================================================================================================
# C's real math functions (<math.h>) on Python floats
#
# Python's ``math`` module calls the same C library, but raises where C returns an IEEE special
# value: ``math.exp(1000)`` raises OverflowError where ``exp`` gives inf, ``math.log(0)`` raises
# ValueError where ``log`` gives -inf, ``math.sin(inf)`` raises where ``sin`` gives nan. Each
# function here is C's: the special value is spelled out where ``math`` would raise, and ``math``
# computes everything else.
#
# A kernel maps the fast ``math`` function over all elements first and, only if that raises,
# maps the function from here (``with_fallback``): the common case costs nothing extra.
# ==================================================================================================

inf, nan = math.inf, math.nan


def _overflow_to(sign_of):
    """Wrap a ``math`` function whose only exception is overflow: return +-inf instead.

    ``sign_of(x)`` is the sign of the infinite result (+1.0 or -1.0).
    """

    def wrap(function):
        def c_function(x):
            try:
                return function(x)
            except OverflowError:
                return math.copysign(inf, sign_of(x))

        c_function.__name__ = function.__name__
        return c_function

    return wrap


def _positive(x):
    return 1.0


def _logarithm(function, pole=0.0):
    """A logarithm: ``-inf`` at its pole (``log(0)``, ``log1p(-1)``), nan below it (and for nan)."""

    def c_function(x):
        if x > pole:
            return function(x)
        return -inf if x == pole else nan

    c_function.__name__ = function.__name__
    return c_function


def _periodic(function):
    """sin, cos, tan: nan for an infinite argument (C's domain error)."""

    def c_function(x):
        return function(x) if math.isfinite(x) else nan

    c_function.__name__ = function.__name__
    return c_function


def _domain(function, low, high):
    """asin, acos, acosh: nan outside ``[low, high]`` (the domain), else the math function."""

    def c_function(x):
        return function(x) if low <= x <= high else nan

    c_function.__name__ = function.__name__
    return c_function


def c_atanh(x):
    """atanh: +-inf at +-1 (the poles), nan beyond them."""
    if -1.0 < x < 1.0:
        return math.atanh(x)
    if x == 1.0 or x == -1.0:
        return math.copysign(inf, x)
    return nan


def c_sqrt(x):
    """sqrt: nan for x < 0 (sqrt(-0.0) is -0.0, as IEEE says)."""
    return math.sqrt(x) if not x < 0 else nan


def c_pow(x, y):
    """C's ``pow``: math.pow raises for 0 ** negative (C: a signed inf), for a negative base with
    a non-integral exponent (C: nan) and on overflow (C: +-inf)."""
    try:
        return math.pow(x, y)
    except OverflowError:
        # |result| is huge; it is negative only for a negative base and an odd integral exponent.
        negative = x < 0 and _is_odd_integer(y)
        return -inf if negative else inf
    except ValueError:
        if x == 0:
            # 0 ** y for y < 0: a pole. -0.0 ** (odd negative integer) is -inf.
            return math.copysign(inf, x) if _is_odd_integer(y) else inf
        return nan  # a negative base to a non-integral power


def _is_odd_integer(y):
    return math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0


def c_cbrt(x):
    """The correctly rounded cube root (in all but rare ties): ``math.cbrt`` (glibc's) can be
    2 ulp off, and NumPy's own loops are not consistent (its SIMD loop for contiguous data is
    accurate, the strided one calls glibc), so the spec gives the exact answer, within 1-2 ulp of
    both. One Newton step r - (r**3 - x) / (3 r**2) refines it, with r**3 - x computed exactly
    from Dekker products (skipped near the ends of the range, where r**3 would overflow or
    underflow)."""
    r = math.cbrt(x)
    if 1e-100 < abs(r) < 1e100:
        square = r * r
        square_error = product_error(r, r, square)
        cube = square * r
        cube_error = product_error(square, r, cube)
        residual = (cube - x) + (cube_error + square_error * r)  # r**3 - x, cube - x is exact
        r -= residual / (3 * square)
    return r


def _hypot_kernel(ax, ay):
    # sqrt(ax^2 + ay^2) for ax >= ay, then one correction step that recovers the rounding
    # error of the sum of squares (glibc's kernel for machines without fused multiply-add).
    h = math.sqrt(ax * ax + ay * ay)
    if h <= 2.0 * ay:
        delta = h - ay
        t1 = ax * (2.0 * delta - ax)
        t2 = (delta - 2.0 * (ax - ay)) * delta
    else:
        delta = h - ax
        t1 = 2.0 * delta * (ax - 2.0 * ay)
        t2 = (4.0 * delta - ay) * ay + delta * delta
    return h - (t1 + t2) / (2.0 * h)


def c_hypot(x, y):
    """glibc's ``hypot`` (NumPy's, also inside complex absolute and sqrt), bit for bit.

    ``math.hypot`` is as accurate but rounds differently in some cases. Infinite parts win over
    nan; huge and tiny arguments are scaled by 2**-600 to keep the squares in range; when one
    argument is below eps/2 of the other the sum is the answer.
    """
    if not (math.isfinite(x) and math.isfinite(y)):
        return inf if (math.isinf(x) or math.isinf(y)) else x + y
    ax, ay = max(abs(x), abs(y)), min(abs(x), abs(y))
    scale = 2.0**-600
    if ax > 2.0**511:
        if ay <= ax * 2.0**-54:
            return ax + ay
        return _hypot_kernel(ax * scale, ay * scale) / scale
    if ay < 2.0**-511:
        if ax >= ay / 2.0**-54:
            return ax + ay
        return _hypot_kernel(ax / scale, ay / scale) * scale
    if ay <= ax * 2.0**-54:
        return ax + ay
    return _hypot_kernel(ax, ay)


def c_hypotf(x, y):
    """glibc's ``hypotf`` on float32 values: the exact squares summed and rooted in double (the
    caller rounds the result to float32)."""
    if not (math.isfinite(x) and math.isfinite(y)):
        return inf if (math.isinf(x) or math.isinf(y)) else x + y
    return math.sqrt(x * x + y * y)


def c_fmod(x, y):
    """C's ``fmod`` (exact): nan for an infinite x or a zero y, where math.fmod raises."""
    if math.isinf(x) or y == 0:
        return nan
    return math.fmod(x, y)


def _integral(function):
    """floor, ceil, trunc, rint: a float result, infinities and nan returned unchanged, and the
    sign of a zero result kept from the input (C's floor(-0.5) is -1.0 but ceil(-0.5) is -0.0)."""

    def c_function(x):
        if not math.isfinite(x):
            return x
        return math.copysign(float(function(x)), x)

    c_function.__name__ = function.__name__
    return c_function


c_floor = _integral(math.floor)
c_ceil = _integral(math.ceil)
c_trunc = _integral(math.trunc)
c_rint = _integral(round)  # Python's round() rounds half to even, as nearbyint does by default

# name -> (the math function, the C function): the first is tried on all elements at once.
C_FUNCTIONS = {
    "sqrt": (math.sqrt, c_sqrt),
    "cbrt": (c_cbrt, c_cbrt),
    "exp": (math.exp, _overflow_to(_positive)(math.exp)),
    "exp2": (math.exp2, _overflow_to(_positive)(math.exp2)),
    "expm1": (math.expm1, _overflow_to(_positive)(math.expm1)),
    "log": (math.log, _logarithm(math.log)),
    "log2": (math.log2, _logarithm(math.log2)),
    "log10": (math.log10, _logarithm(math.log10)),
    "log1p": (math.log1p, _logarithm(math.log1p, pole=-1.0)),
    "sin": (math.sin, _periodic(math.sin)),
    "cos": (math.cos, _periodic(math.cos)),
    "tan": (math.tan, _periodic(math.tan)),
    "arcsin": (math.asin, _domain(math.asin, -1.0, 1.0)),
    "arccos": (math.acos, _domain(math.acos, -1.0, 1.0)),
    "arctan": (math.atan, math.atan),
    "sinh": (math.sinh, _overflow_to(lambda x: x)(math.sinh)),
    "cosh": (math.cosh, _overflow_to(_positive)(math.cosh)),
    "tanh": (math.tanh, math.tanh),
    "arcsinh": (math.asinh, math.asinh),
    "arccosh": (math.acosh, _domain(math.acosh, 1.0, inf)),
    "arctanh": (math.atanh, c_atanh),
    "floor": (c_floor, c_floor),
    "ceil": (c_ceil, c_ceil),
    "trunc": (c_trunc, c_trunc),
    "rint": (c_rint, c_rint),
}


def with_fallback(fast, exact, *values):
    """``list(map(fast, *values))``, redone with ``exact`` if ``fast`` raises on some element.

    ``fast`` is a ``math`` function (C speed per element), ``exact`` its C-semantics version
    from this module, which never raises.
    """
    try:
        return list(map(fast, *values))
    except (OverflowError, ValueError):
        return list(map(exact, *values))


# --- glibc's single-precision log1pf and atan2f --------------------------------------------------
# NumPy's complex64 functions and float32 logaddexp call glibc's float functions, and glibc 2.36
# computes log1pf and atan2f with fdlibm's single-precision algorithms, which are not correctly
# rounded (log1pf differs from the rounded exact value for ~7% of arguments, atan2f for ~16%).
# Where such an error is magnified (cpowf's exp(b log a), logaddexp's cancellation) it shows
# in NumPy's result, so the algorithms are reproduced here operation by operation in float32.
# log1pf matches glibc bit for bit; atan2f in all but ~0.2% of arguments (by one ulp).


def _float32_bits(x):
    """The IEEE bits of float32 ``x`` as a signed 32-bit integer (C's GET_FLOAT_WORD)."""
    return struct.unpack("<i", struct.pack("<f", x))[0]


def _float32_from_bits(bits):
    return struct.unpack("<f", struct.pack("<I", bits & 0xFFFFFFFF))[0]


_LN2_HI_F = _float32_from_bits(0x3F317180)
_LN2_LO_F = _float32_from_bits(0x3717F7D1)
_LOG1PF_POLY = [
    _float32_from_bits(h)
    for h in (0x3F2AAAAB, 0x3ECCCCCD, 0x3E924925, 0x3E638E29, 0x3E3A3325, 0x3E1CD04F, 0x3E178897)
]


def log1pf(x):
    """fdlibm's (glibc's) log1pf: log(1 + x) = k ln2 + log(1 + f) with 1 + x = 2**k (1 + f),
    log(1 + f) from s = f / (2 + f) and a polynomial in s**2; c corrects the rounding of 1 + x."""
    r = to_float32
    hx = _float32_bits(x)
    ax = hx & 0x7FFFFFFF
    k, hu, f, c = 1, 0, 0.0, 0.0
    if hx < 0x3ED413D7:  # x < 0.41422
        if ax >= 0x3F800000:  # x <= -1
            return -inf if x == -1.0 else nan
        if ax < 0x31000000:  # |x| < 2**-29
            return x if ax < 0x24800000 else r(x - r(r(x * x) * 0.5))
        if hx > 0 or hx <= -0x416A09E1:  # -0.2929 < x < 0.41422: no reduction
            k, f, hu = 0, x, 1
    elif hx >= 0x7F800000:
        return x + x  # inf or nan
    if k != 0:
        if hx < 0x5A000000:
            u = r(1.0 + x)
            hu = _float32_bits(u)
            k = (hu >> 23) - 127
            c = r(1.0 - r(u - x)) if k > 0 else r(x - r(u - 1.0))
            c = r(c / u)
        else:
            u, c = x, 0.0
            hu = _float32_bits(u)
            k = (hu >> 23) - 127
        hu &= 0x007FFFFF
        if hu < 0x3504F7:
            u = _float32_from_bits(hu | 0x3F800000)  # normalize u
        else:
            k += 1
            u = _float32_from_bits(hu | 0x3F000000)  # normalize u / 2
            hu = (0x00800000 - hu) >> 2
        f = r(u - 1.0)
    hfsq = r(r(0.5 * f) * f)
    if hu == 0:  # |f| < 2**-20
        if f == 0.0:
            return 0.0 if k == 0 else r(r(k * _LN2_HI_F) + r(c + r(k * _LN2_LO_F)))
        big_r = r(hfsq * r(1.0 - r(r(0.66666666666666666) * f)))
        if k == 0:
            return r(f - big_r)
        return r(r(k * _LN2_HI_F) - r(r(big_r - r(r(k * _LN2_LO_F) + c)) - f))
    s = r(f / r(2.0 + f))
    z = r(s * s)
    poly = _LOG1PF_POLY[6]
    for coefficient in reversed(_LOG1PF_POLY[:6]):
        poly = r(coefficient + r(z * poly))
    big_r = r(z * poly)
    if k == 0:
        return r(f - r(hfsq - r(s * r(hfsq + big_r))))
    correction = r(r(s * r(hfsq + big_r)) + r(r(k * _LN2_LO_F) + c))
    return r(r(k * _LN2_HI_F) - r(r(hfsq - correction) - f))


_ATANF_HI = [_float32_from_bits(h) for h in (0x3EED6338, 0x3F490FDA, 0x3F7B985E, 0x3FC90FDA)]
_ATANF_LO = [_float32_from_bits(h) for h in (0x31AC3769, 0x33222168, 0x33140FB4, 0x33A22168)]
_ATANF_POLY = [
    _float32_from_bits(h)
    for h in (
        0x3EAAAAAA, 0xBE4CCCCD, 0x3E124925, 0xBDE38E38, 0x3DBA2E6E, 0xBD9D8795,
        0x3D886B35, 0xBD6EF16B, 0x3D4BDA59, 0xBD15A221, 0x3C8569D7,
    )
]  # fmt: skip
_PI_F = _float32_from_bits(0x40490FDB)
_PI_LO_F = _float32_from_bits(0xB3BBBD2E)
_PI_O_2_F = _float32_from_bits(0x3FC90FDB)
_PI_O_4_F = _float32_from_bits(0x3F490FDB)


def _atanf(x):
    """fdlibm's atanf: reduce |x| to one of four intervals around atan(0.5), atan(1),
    atan(1.5), atan(inf) and evaluate an odd polynomial of the reduced argument."""
    r = to_float32
    hx = _float32_bits(x)
    ix = hx & 0x7FFFFFFF
    if ix >= 0x4C000000:  # |x| >= 2**25 (or nan)
        if ix > 0x7F800000:
            return x + x
        angle = r(_ATANF_HI[3] + _ATANF_LO[3])
        return angle if hx > 0 else -angle
    if ix < 0x3EE00000:  # |x| < 7/16
        if ix < 0x31000000:
            return x
        interval = -1
    else:
        x = abs(x)
        if ix < 0x3F300000:  # 7/16 <= |x| < 11/16
            interval, x = 0, r(r(r(2.0 * x) - 1.0) / r(2.0 + x))
        elif ix < 0x3F980000:  # 11/16 <= |x| < 19/16
            interval, x = 1, r(r(x - 1.0) / r(x + 1.0))
        elif ix < 0x401C0000:  # 19/16 <= |x| < 2.4375
            interval, x = 2, r(r(x - 1.5) / r(1.0 + r(1.5 * x)))
        else:
            interval, x = 3, r(-1.0 / x)
    z = r(x * x)
    w = r(z * z)
    odd = _ATANF_POLY[10]
    for coefficient in (
        _ATANF_POLY[8],
        _ATANF_POLY[6],
        _ATANF_POLY[4],
        _ATANF_POLY[2],
        _ATANF_POLY[0],
    ):
        odd = r(coefficient + r(w * odd))
    even = _ATANF_POLY[9]
    for coefficient in _ATANF_POLY[7::-2]:
        even = r(coefficient + r(w * even))
    s = r(r(z * odd) + r(w * even))
    if interval < 0:
        return r(x - r(x * s))
    z = r(_ATANF_HI[interval] - r(r(r(x * s) - _ATANF_LO[interval]) - x))
    return -z if hx < 0 else z


def atan2f(y, x):
    """fdlibm's atan2f: the special quadrants and infinities first, then atanf(|y / x|) placed
    in the right quadrant with pi split in two parts."""
    r = to_float32
    hx, hy = _float32_bits(x), _float32_bits(y)
    ix, iy = hx & 0x7FFFFFFF, hy & 0x7FFFFFFF
    if ix > 0x7F800000 or iy > 0x7F800000:
        return x + y  # nan
    if hx == 0x3F800000:
        return _atanf(y)  # x == 1
    quadrant = ((hy >> 31) & 1) | ((hx >> 30) & 2)  # 2 * sign(x) + sign(y)
    if iy == 0:
        return (y, y, _PI_F, -_PI_F)[quadrant]
    if ix == 0:
        return -_PI_O_2_F if hy < 0 else _PI_O_2_F
    if ix == 0x7F800000:
        if iy == 0x7F800000:
            three_quarters = r(3.0 * _PI_O_4_F)
            return (_PI_O_4_F, -_PI_O_4_F, three_quarters, -three_quarters)[quadrant]
        return (0.0, -0.0, _PI_F, -_PI_F)[quadrant]
    if iy == 0x7F800000:
        return -_PI_O_2_F if hy < 0 else _PI_O_2_F
    k = (iy - ix) >> 23
    if k > 60:
        z = r(_PI_O_2_F + r(0.5 * _PI_LO_F))
    elif hx < 0 and k < -60:
        z = 0.0
    else:
        z = _atanf(abs(r(y / x)))
    if quadrant == 0:
        return z
    if quadrant == 1:
        return -z
    if quadrant == 2:
        return r(_PI_F - r(z - _PI_LO_F))
    return r(r(z - _PI_LO_F) - _PI_F)
