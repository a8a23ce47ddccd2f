"""Elementwise kernels of the python backend.

A kernel is ``kernel(x1, x2, out)``: ``out`` is an ndarray of the loop dtype, ``x1`` and ``x2`` are
ndarrays of the same dtype whose shapes broadcast to ``out.shape`` (a 0-d operand is a scalar and
is never expanded into a list). The front end (``arrpy._ufunc``) has resolved dtypes, checked
shapes and allocated ``out``; a kernel only computes.

Each operation is an element function (``_divide_float`` ...) applied with ``map``: the loop body
is exactly the arithmetic NumPy performs, with NumPy's rules written out where Python's differ.
Unary kernels are ``kernel(x, out)`` (the last section).

Sections, in order: C's real math functions where ``math`` raises instead of returning IEEE
special values; glibc's single-precision log1pf/atan2f; element functions and the binary ops
(arithmetic, comparisons, logical and bitwise, floor_divide ... right_shift) with their kernels;
C99's complex functions; the unary ops and their kernels. (One module, because the build lists
the backend's modules and this backend owns only its own files.)
"""

import cmath
import math
import operator
import struct
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
        square_error = _product_error(r, r, square)
        cube = square * r
        cube_error = _product_error(square, r, cube)
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
    r = _to_float32
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
    r = _to_float32
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
    r = _to_float32
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
    try:
        return _unpack_float32(_pack_float32(value))[0]  # the fast way (struct)
    except OverflowError:
        return array("f", (value,))[0]  # struct refuses values beyond float32's range


_pack_float32 = struct.Struct("f").pack
_unpack_float32 = struct.Struct("f").unpack


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

    ``rounded`` is ``float`` for float64 and ``_to_float32`` for float32: NumPy computes float32
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
        return rounded(_divide_float(a, b)) if b == 0 else divmod_(a, b)[0]

    def remainder(a, b):
        # npy_remainder: x % 0 is fmod(x, 0), nan.
        return math.nan if b == 0 else divmod_(a, b)[1]

    return floor_divide, remainder


_FLOOR_DIVIDE_FLOAT64, _REMAINDER_FLOAT64 = _float_division(float)
_FLOOR_DIVIDE_FLOAT32, _REMAINDER_FLOAT32 = _float_division(_to_float32)


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
    ln2 = rounded(_LN2)
    single = rounded is _to_float32

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


_LN2 = math.log(2.0)


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
        "logaddexp": {"float32": _logaddexp_of(_to_float32), "float64": _logaddexp_of(float)},
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
    remainder and power, else 0.
    """
    category = _category(dtype_name)
    element = _element_function(op, dtype_name)
    bool_result = op in _BOOL_RESULT
    wraps = category == "int" and op in _WRAPPING
    has_status = category == "int" and op in ("floor_divide", "remainder", "power")
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
        divisors = right
        if x1.ndim == 0:
            left = repeat(left[0], size)
        if x2.ndim == 0:
            right = repeat(right[0], size)
        values = list(map(element, left, right))
        status = _integer_status(op, dtype_name, divisors, values) if has_status else 0
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
        self.rounded = rounded  # float (double) or _to_float32
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
    parts = [xx, _product_error(x, x, xx), yy, _product_error(y, y, yy), -1.0]
    parts.sort(key=abs)
    for i in range(4):
        # Dekker's fast two-sum of parts[i + 1] (the larger) and parts[i].
        high = parts[i + 1] + parts[i]
        parts[i + 1], parts[i] = high, (parts[i + 1] - high) + parts[i]
        parts[i + 1 :] = sorted(parts[i + 1 :], key=abs)
    return parts[4] + parts[3] + parts[2] + parts[1] + parts[0]


def _product_error(a, b, product):
    """The exact rounding error of ``a * b`` (what fma(a, b, -product) computes), by Dekker's
    product: each factor split into two 26-bit halves whose products are exact."""
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    return ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low


def _split(a):
    # Veltkamp's split: a == high + low, each with at most 26 significant bits.
    c = 134217729.0 * a  # 2**27 + 1
    high = c - (c - a)
    return high, a - high


def _x2y2m1f(x, y):
    """glibc's x^2 + y^2 - 1 for float: in double, (x - 1)(x + 1) + y^2 (rounded by the caller)."""
    return _to_float32((x - 1) * (x + 1) + y * y)


_DOUBLE = _Format(float, c_hypot, 53, 1024, 2.0**-1022, 1.7976931348623157e308, math.atan2)
# The single format is used by complex64 power (cpowf), which magnifies every rounding of clogf,
# so clogf's arg(z) is glibc's own atan2f there.
_SINGLE = _Format(_to_float32, c_hypotf, 24, 128, 2.0**-126, 3.4028234663852886e38, atan2f)


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
_csqrt_float32 = _csqrt_of(_to_float32, c_hypotf, 24, 2.0**-126, 3.4028234663852886e38)


def cpow(a, b, rounded=float):
    """glibc's ``cpow``: ``cexp(b * clog(a))`` (NumPy's npy_cpow handles the integral powers).

    For complex64 (``rounded`` is ``_to_float32``) everything is ``cpowf``'s single precision:
    the rounding error of the exponent, magnified by exp, is part of NumPy's result.
    """
    if rounded is _to_float32:
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

    hypot = c_hypotf if rounded is _to_float32 else c_hypot
    # complex64's exp and log are computed in double and rounded once when stored (within an ulp
    # of cexpf/clogf, and several times faster here than their single-precision steps, which
    # only complex64 power needs).
    cexp_, clog_ = cexp, clog

    def exp2(z):
        # nc_exp2: cexp(z * ln 2), the argument rounded to the dtype as NumPy computes it.
        ln2 = rounded(_LN2)
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
        "sqrt": _csqrt_float32 if rounded is _to_float32 else csqrt,
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
    return _divide_float(1.0, x)


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
_PI32 = _to_float32(math.pi)
_DEG2RAD = {"float64": math.pi / 180.0, "float32": _to_float32(_PI32 / 180.0)}
_RAD2DEG = {"float64": 180.0 / math.pi, "float32": _to_float32(180.0 / _PI32)}


# --- complex --------------------------------------------------------------------------------------


def _complex_reciprocal(rounded):
    """NumPy's complex reciprocal (its ``nc_reciprocal`` loop): Smith's method, dividing by the
    larger component first; every operation rounded by ``rounded``."""

    def reciprocal(z):
        re, im = z.real, z.imag
        if abs(im) <= abs(re):
            ratio = rounded(_divide_float(im, re))  # 0 / 0 is nan: the reciprocal of 0 is nan
            denominator = rounded(re + rounded(im * ratio))
            return complex(
                rounded(_divide_float(1.0, denominator)),
                rounded(_divide_float(-ratio, denominator)),
            )
        ratio = rounded(_divide_float(re, im))  # im may be 0 when re is nan
        denominator = rounded(rounded(re * ratio) + im)
        return complex(
            rounded(_divide_float(ratio, denominator)), rounded(_divide_float(-1.0, denominator))
        )

    return reciprocal


def _complex_sign(rounded):
    """NumPy's complex sign: z / |z|, with 0 for 0, nan for a nan part and, for an infinite part,
    the direction of the infinite component (nan if both are infinite)."""

    hypot = c_hypotf if rounded is _to_float32 else c_hypot

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
    rounded = _to_float32 if complex64 else float
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
    """The kernel ``kernel(x, out)`` computing ``out = op(x)`` elementwise; it returns 0 (no
    unary op reports a status)."""
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

    def kernel(x, out):
        size = out.size
        if size == 0:
            return 0
        if x.ndim == 0:
            # A scalar: computed once, stored everywhere.
            values = compute(read_values(x, dtype_name)) * size
        else:
            if x.shape != out.shape:
                x = _broadcast(x, out.shape)
            values = compute(read_values(x, dtype_name))
        if wraps:
            values = _wrap_integers(values, dtype_name)
        write_values(out, out_dtype_name, values)
        return 0

    kernel.__name__ = f"{op}_{dtype_name}"
    kernel.__qualname__ = kernel.__name__
    return kernel
