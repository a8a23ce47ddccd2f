# Vectorisable exp / log / sin / cos / tanh of the Cython backend (float64 and float32).
#
# This file is included by two modules with the same source and different compiler flags (see
# meson.build): _vmath_baseline.pyx (the build's baseline target, SSE2 on x86-64) and
# _vmath_avx2.pyx (-mavx2 -mfma). _kernels.pyx runs the fastest build the CPU can run for the
# contiguous rows of np.exp / log / sin / cos / tanh on float32 and float64 (set_vmath_target).
#
# Why this exists: libm computes one element per call (5-20 ns); NumPy uses SIMD code. Here every
# function is written as branch-free scalar code on double -- integer tricks on the bits, selects
# written as conditional expressions, no calls but fma / fabs -- used in a plain counted loop
# ``for i in range(n): out[i] = f(inp[i])``, which GCC vectorises (4 doubles per ymm register in
# the AVX2 build, 2 per xmm register in the baseline build). Why two builds: the baseline target
# of a distributable wheel is SSE2, where the same loop runs at half the width and without FMA;
# the AVX2 build is imported only on a CPU with AVX2 and FMA.
#
# The algorithms and constants are those of the C++ backend (backends/cpp/kernels/
# simd_math_avx2.cpp), so the two backends agree to the rounding:
#   exp: x = k ln2 + r (Cody-Waite), exp(r) = 1 + (r + r^2 q(r)), q a degree-9 polynomial;
#        x clamped to [-746, 710], the result scaled by 2^k1 then 2^k2 (k1 + k2 = k, both
#        normal), so overflow gives inf and subnormal results are rounded once.
#   log: fdlibm's e_log.c: x = 2^k m, sqrt(2)/2 <= m < sqrt(2), f = m - 1, s = f/(2+f),
#        log1p(f) = f - s (f - z R(z)) (z = s^2, Lg1..Lg7), subnormals pre-scaled by 2^54.
#   sin/cos: n = rint(x 2/pi), r = x - n pi/2 as a double-double (pi/2 in three parts), fdlibm's
#        __kernel_sin / __kernel_cos on |r| <= pi/4, the quadrant from n mod 4. Lanes beyond
#        VM_TRIG_MAX (or inf / nan) keep their input in the first pass; a second, scalar pass
#        over the row sends exactly those to libm's sin / cos (the results of the first pass
#        are within [-1, 1], so a value beyond VM_TRIG_MAX or a nan is an unprocessed input).
#   float32, AVX2 build: the C++ backend's float32 kernels in float arithmetic (8 lanes per
#        ymm register), operation for operation, so the same bits as the C++ backend.
#   float32, baseline build: computed in double and rounded once to float, with the same
#        polynomials (the float reductions need FMA; in double a float needs no double-double
#        reduction and no edge scalings).
#
# Vectorisation: GCC 12 vectorises every loop below in both builds (check with
# -fopt-info-vec-optimized on the generated C). It needs -fno-trapping-math (meson.build) to
# if-convert the conditional expressions, compile-time constants (macros, not module globals),
# and no 64-bit integer compare in a select (SSE2 has none: the quadrant select is a bit mask).
#
# The AVX2 build uses fma() where the C++ uses an FMA (GCC emits vfmadd; -ffp-contract=off
# everywhere else, so nothing else is fused). fma() is a slow libm call without -mfma, so the
# baseline build uses the unfused form and constants for which the unfused products are exact:
# fdlibm's 32-bit ln2_hi in exp, and pi/2 in 33-bit parts (exact products for |n| < 2^20, hence
# VM_TRIG_MAX = 2^20 there, 2^27 with FMA) plus one more error-free sum in the sin/cos reduction.
#
# Measured accuracy (both builds, 6-8 million random-bit, ordinary-range and huge inputs per
# function; docs/elementwise-semantics.md): float64 within 1 ulp of NumPy for all four; float32
# within 1 ulp of the correctly rounded result (NumPy's float64 function rounded to float32).
# tests/test_cython_vmath.py fails above 2 ulp.

from libc.math cimport fma, fmaf, fabs, fabsf, sin, cos, sinf, cosf, NAN, INFINITY
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from libc.string cimport memcpy
from cpython.pycapsule cimport PyCapsule_New

cdef extern from *:
    """
    #if defined(__FMA__)
    #define VM_HAVE_FMA 1
    #define VM_TRIG_MAX 134217728.0   /* 2^27: |n| < 2^27, x - n P1 exact with one FMA */
    #else
    #define VM_HAVE_FMA 0
    #define VM_TRIG_MAX 1048576.0     /* 2^20: |n| < 2^20, n times a 33-bit part is exact */
    #endif
    #if defined(__FMA__)
    #define VM_TRIG_MAX_F32 65536.0     /* 2^16: the C++ backend's float reduction (kTrigMaxF) */
    #else
    #define VM_TRIG_MAX_F32 1048576.0   /* 2^20: the double reduction, n times 33 bits exact */
    #endif
    #define VM_SHIFT_F 12582912.0f      /* 0x1.8p23: the float version of VM_SHIFT */
    #define VM_SHIFT 6755399441055744.0  /* 0x1.8p52: x + it rounds x to an integer held in
                                            the low mantissa bits */
    """
    const bint VM_HAVE_FMA
    const double VM_TRIG_MAX
    const double VM_TRIG_MAX_F32
    const double VM_SHIFT
    const float VM_SHIFT_F

cdef enum:
    VM_BLOCK = 512              # elements per block of an in-place call (through a stack copy)

cdef inline uint64_t vm_bits(double x) noexcept nogil:
    """The bits of x (the modules are compiled with -fno-strict-aliasing)."""
    return (<uint64_t *>&x)[0]


cdef inline double vm_from_bits(uint64_t u) noexcept nogil:
    return (<double *>&u)[0]


cdef inline double vm_madd(double a, double b, double c) noexcept nogil:
    """a * b + c: one rounding in the AVX2 build (vfmadd), two in the baseline build."""
    if VM_HAVE_FMA:
        return fma(a, b, c)
    return a * b + c


# --------------------------------------------------------------------------------------- exp

cdef inline double vm_exp_poly(double x, double *t_out) noexcept nogil:
    """exp(r) for x = k ln2 + r; *t_out = 0x1.8p52 + k (k in the low bits)."""
    cdef double t, kd, r, q
    t = vm_madd(x, 1.4426950408889634, VM_SHIFT)          # 0x1.71547652b82fep0 = 1/ln2
    kd = t - VM_SHIFT                                       # k = rint(x / ln2)
    if VM_HAVE_FMA:
        r = fma(kd, -0.6931471805599453, x)                 # ln2 rounded: exact with one FMA
        r = fma(kd, -2.3190468138462996e-17, r)             # ln2 - ln2 rounded
    else:
        r = x - kd * 6.93147180369123816490e-01             # fdlibm ln2_hi: 32 bits, exact
        r = r - kd * 1.90821492927058770002e-10             # ln2_lo
    # exp(r) = 1 + (r + r^2 q(r)), q a degree-9 fit to (e^r - 1 - r) / r^2.
    q = vm_madd(2.5100395159429243e-08, r, 2.7620101012098e-07)
    q = vm_madd(q, r, 2.7557268439678e-06)
    q = vm_madd(q, r, 2.4801521269532122e-05)
    q = vm_madd(q, r, 0.00019841269863066696)
    q = vm_madd(q, r, 0.0013888888917230724)
    q = vm_madd(q, r, 0.00833333333333006)
    q = vm_madd(q, r, 0.041666666666624094)
    q = vm_madd(q, r, 0.16666666666666669)
    q = vm_madd(q, r, 0.5000000000000001)
    t_out[0] = t
    return 1.0 + vm_madd(r * r, q, r)


cdef inline double vm_exp_fast(double x) noexcept nogil:
    """exp(x) for |x| < 707: 2^k and the result are normal, one scaling multiply."""
    cdef double t
    cdef double e = vm_exp_poly(x, &t)
    return e * vm_from_bits((vm_bits(t) + 1023) << 52)


cdef inline double vm_exp(double x) noexcept nogil:
    """exp(x) for any x."""
    cdef double t, e, t1, s1, s2
    cdef uint64_t k2
    # Clamp (a nan compares false and passes through): exp(710) overflows, exp(-746) is 0.
    x = 710.0 if x > 710.0 else x
    x = -746.0 if x < -746.0 else x
    e = vm_exp_poly(x, &t)
    # 2^k = 2^k1 2^k2, k1 = rint(k / 2): both normal for every clamped x, so the first multiply
    # is exact and a subnormal result is rounded once.
    t1 = (t - VM_SHIFT) * 0.5 + VM_SHIFT
    k2 = vm_bits(t) - vm_bits(t1)
    s1 = vm_from_bits((vm_bits(t1) + 1023) << 52)
    s2 = vm_from_bits((k2 + 1023) << 52)
    return (e * s1) * s2


# --------------------------------------------------------------------------------------- log

cdef inline double vm_log_core(double xs, double kadj) noexcept nogil:
    """log(xs) - kadj ln2 for positive, normal, finite xs."""
    cdef uint64_t u, e
    cdef double m, kd, f, s, z, R, a
    # x = 2^k m with sqrt(2)/2 <= m < sqrt(2): shifting the bits by sqrt(2)'s mantissa makes the
    # exponent field k + 1022 and the mantissa field that of m.
    u = vm_bits(xs) - <uint64_t>0x0006a09e667f3bcd
    e = u >> 52
    m = vm_from_bits((u & <uint64_t>0x000fffffffffffff) + <uint64_t>0x3fe6a09e667f3bcd)
    # k as a double without an int64 -> double conversion (none in AVX2): 2^52 + e, minus.
    kd = vm_from_bits(e | <uint64_t>0x4330000000000000) - 4503599627371518.0  # 2^52 + 1022
    kd = kd - kadj
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    R = vm_madd(z, 1.479819860511658591e-01, 1.531383769920937332e-01)
    R = vm_madd(R, z, 1.818357216161805012e-01)
    R = vm_madd(R, z, 2.222219843214978396e-01)
    R = vm_madd(R, z, 2.857142874366239149e-01)
    R = vm_madd(R, z, 3.999999999940941908e-01)
    R = vm_madd(R, z, 6.666666666666735130e-01)
    # log1p(f) = 2s + s z R = f - s (f - z R);  log(x) = k ln2_hi - ((s (f - z R) - k ln2_lo) - f)
    if VM_HAVE_FMA:
        a = fma(s, fma(-z, R, f), -(kd * 1.90821492927058770002e-10))
        return fma(kd, 6.93147180369123816490e-01, -(a - f))
    a = s * (f - z * R) - kd * 1.90821492927058770002e-10
    return kd * 6.93147180369123816490e-01 - (a - f)


cdef inline double vm_log(double x) noexcept nogil:
    """log(x) for any x."""
    cdef bint sub = x < 2.2250738585072014e-308           # zero, subnormal, or negative
    cdef double xm = x * 18014398509481984.0
    cdef double res = vm_log_core(xm if sub else x, 54.0 if sub else 0.0)  # subnormals: 2^54 x
    res = -INFINITY if x == 0.0 else res
    res = NAN if x < 0.0 else res
    res = INFINITY if x == INFINITY else res
    return x if x != x else res


# ----------------------------------------------------------------------------------- sin/cos

cdef inline double vm_sincos(double x, bint is_cos) noexcept nogil:
    """sin(x) or cos(x) for |x| <= VM_TRIG_MAX; x itself for larger |x|, inf and nan (the
    second pass recomputes those with libm)."""
    cdef double t, nd, t1, whi, wlo, rhi, rlo, bb, err, w3, r2, err2
    cdef double z, w, sr, sr2, v, sa, sinr, cr, cr2, hz, cw, ca, cosr, res
    cdef uint64_t q, odd
    t = vm_madd(x, 0.6366197723675814, VM_SHIFT)          # 0x1.45f306dc9c883p-1 = 2/pi
    nd = t - VM_SHIFT
    q = vm_bits(t) + (1 if is_cos else 0)                  # quadrant (cos x = sin(x + pi/2))
    if VM_HAVE_FMA:
        # pi/2 = P1 + P2 + P3 (3 x 53 bits); x - n P1 is exact with one FMA, n P2 is split
        # exactly into whi + wlo, n P3 goes into the low part.
        t1 = fma(nd, -1.5707963267948966, x)
        whi = nd * 6.123233995736766e-17
        wlo = fma(nd, 6.123233995736766e-17, -whi)
        wlo = fma(nd, -1.4973849048591698e-33, wlo)
        # 2Sum: rhi + err = t1 - whi exactly.
        rhi = t1 - whi
        bb = rhi - t1
        err = (t1 - (rhi - bb)) + (0.0 - (whi + bb))
        rlo = err - wlo
    else:
        # pi/2 in 33-bit parts (fdlibm's pio2_1, pio2_2, pio2_3): the products with |n| < 2^20
        # are exact, two error-free sums keep the difference as rhi + err + err2.
        t1 = x - nd * 1.57079632673412561417e+00
        whi = nd * 6.07710050630396597660e-11
        rhi = t1 - whi
        bb = rhi - t1
        err = (t1 - (rhi - bb)) + (0.0 - (whi + bb))
        w3 = nd * 2.02226624871116645580e-21
        r2 = rhi - w3
        bb = r2 - rhi
        err2 = (rhi - (r2 - bb)) + (0.0 - (w3 + bb))
        rhi = r2
        rlo = (err + err2) - nd * 8.47842766036889956997e-32
    z = rhi * rhi
    w = z * z
    # __kernel_sin(rhi, rlo, 1)  (FreeBSD k_sin.c)
    sr = vm_madd(z, 2.75573137070700676789e-06, -1.98412698298579493134e-04)
    sr = vm_madd(z, sr, 8.33333333332248946124e-03)
    sr2 = vm_madd(z, 1.58969099521155010221e-10, -2.50507602534068634195e-08)
    sr = vm_madd(z * w, sr2, sr)
    v = z * rhi
    sa = 0.5 * rlo - v * sr
    sa = z * sa - rlo
    sa = sa - v * -1.66666666666666324348e-01
    sinr = rhi - sa
    # __kernel_cos(rhi, rlo)  (FreeBSD k_cos.c)
    cr = vm_madd(z, 2.48015872894767294178e-05, -1.38888888888741095749e-03)
    cr = vm_madd(z, cr, 4.16666666666666019037e-02)
    cr = z * cr
    cr2 = vm_madd(z, -1.13596475577881948265e-11, 2.08757232129817482790e-09)
    cr2 = vm_madd(z, cr2, -2.75573143513906633035e-07)
    cr = vm_madd(w * w, cr2, cr)
    hz = 0.5 * z
    cw = 1.0 - hz
    ca = (1.0 - cw) - hz
    ca = ca + (z * cr - rhi * rlo)
    cosr = cw + ca
    # Quadrant: odd n -> the cosine kernel; n mod 4 in {2, 3} -> negated.
    # (as a mask of the bits: SSE2 has no 64-bit compare for a select on q)
    odd = <uint64_t>0 - (q & 1)                            # all ones for odd n
    res = vm_from_bits((vm_bits(sinr) & ~odd) | (vm_bits(cosr) & odd))
    res = vm_from_bits(vm_bits(res) ^ ((q << 62) & <uint64_t>0x8000000000000000))
    if not is_cos:
        res = x if x == 0.0 else res                        # sin(-0) = -0
    return res if fabs(x) <= VM_TRIG_MAX else x



# ----------------------------------------------------------------------------------- float32
#
# -------------------------------------------------------------------------------------- tanh
#
# The C++ backend's TanhF64 (simd_math_avx2.cpp): |x| < 1: x + x u P(u), u = x^2, P of degree 15
# (a Chebyshev fit to (tanh x - x)/x^3); |x| >= 1: 1 - 2/(e^(2|x|) + 1) with |x| clamped to 20
# (tanh rounds to 1 there, and exp never overflows); both on |x|, then the sign bit of x (so
# tanh(-0) = -0; a nan takes the polynomial and stays nan). Within 1 ulp of the exact result.

cdef inline double vm_tanh(double x) noexcept nogil:
    cdef double ax = fabs(x)
    cdef double u = ax * ax
    cdef double p, small, a, big
    p = vm_madd(2.5155023659382105e-08, u, -2.6330772232959337e-07)
    p = vm_madd(p, u, 1.3791814499083342e-06)
    p = vm_madd(p, u, -4.987760317520347e-06)
    p = vm_madd(p, u, 1.4606131676715378e-05)
    p = vm_madd(p, u, -3.8389607893147334e-05)
    p = vm_madd(p, u, 9.646277743313181e-05)
    p = vm_madd(p, u, -0.00023895705228738225)
    p = vm_madd(p, u, 0.0005899792946300052)
    p = vm_madd(p, u, -0.0014558246920964941)
    p = vm_madd(p, u, 0.003592126679366341)
    p = vm_madd(p, u, -0.008863235404578283)
    p = vm_madd(p, u, 0.02186948852912909)
    p = vm_madd(p, u, -0.05396825396804637)
    p = vm_madd(p, u, 0.1333333333333309)
    p = vm_madd(p, u, -0.3333333333333333)
    small = vm_madd(ax * u, p, ax)
    a = 20.0 if ax > 20.0 else ax
    big = 1.0 - 2.0 / (vm_exp_fast(a + a) + 1.0)
    return vm_from_bits(vm_bits(big if ax >= 1.0 else small) |
                        (vm_bits(x) & <uint64_t>0x8000000000000000))


# float32 in double (the baseline build; the AVX2 build uses the float versions further down):
# computed in double and rounded once to float, with the C++ backend's float32 polynomial
# coefficients (simd_math_avx2.cpp, "float32"): they are accurate to ~1e-9, far below a float's
# half ulp (6e-8), and need less than the float64 functions above: a float's exp / log never
# meets a subnormal or overflowing double, and its sin / cos reduction needs no double-double.
# The reductions use exact products without FMA.

cdef inline double vm_expf_fast(double x) noexcept nogil:
    """exp(x) of a float x in [-104, 89] (the double result is normal; converting it to float
    gives inf above FLT_MAX and rounds float subnormals once)."""
    cdef double t, kd, r, q
    t = vm_madd(x, 1.4426950408889634, VM_SHIFT)
    kd = t - VM_SHIFT
    # one rounding in k ln2 (|k| <= 150): an absolute error < 2e-14 in r, far below a float's ulp
    r = x - kd * 0.6931471805599453
    # e^r = 1 + (r + r^2 q(r)), q a degree-5 fit to (e^r - 1 - r)/r^2 (error 1.4e-9)
    q = vm_madd(r, 0.000198910798644647, 0.0013933731243014336)
    q = vm_madd(q, r, 0.00833331048488617)
    q = vm_madd(q, r, 0.041666463017463684)
    q = vm_madd(q, r, 0.1666666716337204)
    q = vm_madd(q, r, 0.5)
    return (1.0 + vm_madd(r * r, q, r)) * vm_from_bits((vm_bits(t) + 1023) << 52)


cdef inline double vm_expf(double x) noexcept nogil:
    x = 89.0 if x > 89.0 else x                             # e^89 > FLT_MAX: inf as a float
    x = -104.0 if x < -104.0 else x                         # e^-104 < half the least subnormal
    return vm_expf_fast(x)


cdef inline double vm_logf_core(double x) noexcept nogil:
    """log(x) of a positive finite float x (a normal double, even a float subnormal)."""
    cdef uint64_t u, e
    cdef double m, kd, f, s, z, R
    u = vm_bits(x) - <uint64_t>0x0006a09e667f3bcd
    e = u >> 52
    m = vm_from_bits((u & <uint64_t>0x000fffffffffffff) + <uint64_t>0x3fe6a09e667f3bcd)
    kd = vm_from_bits(e | <uint64_t>0x4330000000000000) - 4503599627371518.0
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    # R: a degree-2 fit to (2 atanh(s) - 2s)/(s z) (1e-9 absolute on the result)
    R = vm_madd(z, 0.2958202362060547, 0.399887353181839)
    R = vm_madd(R, z, 0.6666668653488159)
    # log1p(f) = f - s (f - z R); k ln2 with one rounding (|k| <= 149: < 2e-14 absolute, and
    # |log x| >= 0.34 whenever k != 0)
    return kd * 0.6931471805599453 + (f - s * (f - z * R))


cdef inline double vm_logf(double x) noexcept nogil:
    cdef double res = vm_logf_core(x)
    res = -INFINITY if x == 0.0 else res
    res = NAN if x < 0.0 else res
    res = INFINITY if x == INFINITY else res
    return x if x != x else res


cdef inline double vm_sincosf(double x, bint is_cos) noexcept nogil:
    """sin(x) or cos(x) of a float x with |x| <= VM_TRIG_MAX_F32 (else x, see vm_sincos)."""
    cdef double t, nd, r, z, S, C, sinr, cosr, res
    cdef uint64_t q, odd
    t = vm_madd(x, 0.6366197723675814, VM_SHIFT)
    nd = t - VM_SHIFT
    q = vm_bits(t) + (1 if is_cos else 0)
    # r = x - n pi/2: fdlibm's pio2_1 (33 bits, exact product for |n| < 2^20) and pio2_1t
    r = (x - nd * 1.57079632673412561417e+00) - nd * 6.07710050650619224932e-11
    z = r * r
    # sin r = r + r^3 S(z) (error 3e-11), cos r = 1 + z (-1/2 + z C(z)) (error 2e-9)
    S = vm_madd(z, 2.7242092528467765e-06, -0.00019840025925077498)
    S = vm_madd(S, z, 0.008333331905305386)
    S = vm_madd(S, z, -0.1666666716337204)
    sinr = vm_madd(r * z, S, r)
    C = vm_madd(z, 2.4541477614548057e-05, -0.0013888272223994136)
    C = vm_madd(C, z, 0.041666630655527115)
    C = vm_madd(C, z, -0.5)
    cosr = vm_madd(C, z, 1.0)
    odd = <uint64_t>0 - (q & 1)
    res = vm_from_bits((vm_bits(sinr) & ~odd) | (vm_bits(cosr) & odd))
    res = vm_from_bits(vm_bits(res) ^ ((q << 62) & <uint64_t>0x8000000000000000))
    if not is_cos:
        res = x if x == 0.0 else res
    return res if fabs(x) <= VM_TRIG_MAX_F32 else x


# ------------------------------------------------------------------ float32 in float (AVX2 build)
#
# With FMA, float32 is computed in float arithmetic (8 lanes to a ymm register, twice the double
# loops' width) by the C++ backend's float32 kernels (simd_math_avx2.cpp, "float32"), operation
# for operation and constant for constant (the decimals below are those floats exactly), so the
# two backends give the same bits (checked for all 2^32 inputs when written; the tests compare
# 200,000). One exception: the C++ AVX2 loop sends a whole vector of sin / cos to libm when one
# lane needs it, the C++ AVX-512 loop and this one only that lane. The reductions need FMA (the
# first k ln2 / n pi/2 product is exact only fused), so the baseline build keeps the double
# versions above. Accuracy (the C++ backend's, all 2^32 inputs): log and exp within 1 ulp of
# the correctly rounded result, sin and cos within 2 ulp; beyond |x| = 2^16 sin / cos are
# libm's (vm_trig_fixup_f32, VM_TRIG_MAX_F32).

cdef inline uint32_t vm_bits_f(float x) noexcept nogil:
    return (<uint32_t *>&x)[0]


cdef inline float vm_from_bits_f(uint32_t u) noexcept nogil:
    return (<float *>&u)[0]


cdef inline float vm_expf_poly_f(float x, float *t_out) noexcept nogil:
    """e^r for x = k ln2 + r; t_out gets x log2(e) + VM_SHIFT_F (k in its low bits)."""
    cdef float t, kf, r, q
    t = fmaf(x, <float>1.4426950216293335, VM_SHIFT_F)
    kf = t - VM_SHIFT_F
    r = fmaf(kf, <float>-0.6931471824645996, x)             # exact
    r = fmaf(kf, <float>1.9046542121259336e-09, r)
    # q: a degree-5 fit to (e^r - 1 - r)/r^2 (error 1.4e-9)
    q = fmaf(r, <float>0.000198910798644647, <float>0.0013933731243014336)
    q = fmaf(q, r, <float>0.00833331048488617)
    q = fmaf(q, r, <float>0.041666463017463684)
    q = fmaf(q, r, <float>0.1666666716337204)
    q = fmaf(q, r, <float>0.5)
    t_out[0] = t
    return <float>1.0 + fmaf(r * r, q, r)


cdef inline float vm_expf_fast_f(float x) noexcept nogil:
    """exp(x) for |x| <= 87: 2^k and the result are normal floats."""
    cdef float t
    cdef float e = vm_expf_poly_f(x, &t)
    return e * vm_from_bits_f((vm_bits_f(t) << 23) + (<uint32_t>127 << 23))


cdef inline float vm_expf_f(float x) noexcept nogil:
    """exp(x) of any float: x clamped to [-104, 89] (nan stays nan), scaled by 2^k1 then 2^k2
    (k1 + k2 = k, both normal), so overflow gives inf and a subnormal result is rounded once."""
    cdef float t, e
    cdef int32_t k, k1, k2
    x = <float>89.0 if x > <float>89.0 else x
    x = <float>-104.0 if x < <float>-104.0 else x
    e = vm_expf_poly_f(x, &t)
    k = <int32_t>(vm_bits_f(t) - vm_bits_f(VM_SHIFT_F))
    k1 = k >> 1
    k2 = k - k1
    e = e * vm_from_bits_f(<uint32_t>(k1 + 127) << 23)
    return e * vm_from_bits_f(<uint32_t>(k2 + 127) << 23)


cdef inline float vm_logf_core_f(float x, float kadj) noexcept nogil:
    """log(x) of a positive normal finite float x (kadj: a pre-scaling 2^kadj to undo)."""
    cdef uint32_t u
    cdef float m, kf, f, s, z, R, a
    u = vm_bits_f(x) - <uint32_t>(0x3f3504f3 - 0x3f000000)    # m in [sqrt(1/2), sqrt(2))
    m = vm_from_bits_f((u & <uint32_t>0x7fffff) + <uint32_t>0x3f3504f3)
    kf = <float><int32_t>(u >> 23) - (<float>126.0 + kadj)
    f = m - <float>1.0
    s = f / (<float>2.0 + f)
    z = s * s
    # R: a degree-2 fit to (2 atanh(s) - 2s)/(s z) (1e-9 absolute on the result)
    R = fmaf(z, <float>0.2958202362060547, <float>0.399887353181839)
    R = fmaf(R, z, <float>0.6666668653488159)
    # log1p(f) = f - s (f - z R); log x = k ln2_hi - ((s (f - z R) - k ln2_lo) - f)
    a = fmaf(s, fmaf(-z, R, f), -(kf * <float>-1.9046542121259336e-09))
    return fmaf(kf, <float>0.6931471824645996, -(a - f))


cdef inline float vm_logf_f(float x) noexcept nogil:
    """log(x) of any float (subnormals scaled by 2^25 first)."""
    cdef bint sub = x < <float>1.1754943508222875e-38
    cdef float res = vm_logf_core_f(x * <float>33554432.0 if sub else x,
                                    <float>25.0 if sub else <float>0.0)
    res = -INFINITY if x == <float>0.0 else res
    res = NAN if x < <float>0.0 else res
    res = INFINITY if x == INFINITY else res
    return x if x != x else res


cdef inline float vm_sincosf_f(float x, bint is_cos) noexcept nogil:
    """sin(x) or cos(x) with |x| <= VM_TRIG_MAX_F32 (else x, see vm_sincos): n = rint(x 2/pi),
    r = x - n pi/2 with pi/2 in three floats (the first FMA exact), sin r = r + r^3 S(z) (error
    3e-11), cos r = 1 + z (-1/2 + z C(z)) (error 2e-9), the quadrant from n mod 4."""
    cdef float t, nf, r, z, S, C, sinr, cosr, res
    cdef uint32_t q, odd
    t = fmaf(x, <float>0.6366197466850281, VM_SHIFT_F)
    nf = t - VM_SHIFT_F
    q = vm_bits_f(t) + (1 if is_cos else 0)
    r = fmaf(nf, <float>-1.5707963705062866, x)
    r = fmaf(nf, <float>4.371138828673793e-08, r)
    r = fmaf(nf, <float>1.7151245100058819e-15, r)
    z = r * r
    S = fmaf(z, <float>2.7242092528467765e-06, <float>-0.00019840025925077498)
    S = fmaf(S, z, <float>0.008333331905305386)
    S = fmaf(S, z, <float>-0.1666666716337204)
    sinr = fmaf(r * z, S, r)
    C = fmaf(z, <float>2.4541477614548057e-05, <float>-0.0013888272223994136)
    C = fmaf(C, z, <float>0.041666630655527115)
    C = fmaf(C, z, <float>-0.5)
    cosr = fmaf(C, z, <float>1.0)
    odd = <uint32_t>0 - (q & 1)
    res = vm_from_bits_f((vm_bits_f(sinr) & ~odd) | (vm_bits_f(cosr) & odd))
    res = vm_from_bits_f(vm_bits_f(res) ^ ((q << 30) & <uint32_t>0x80000000))
    if not is_cos:
        res = x if x == <float>0.0 else res
    return res if fabsf(x) <= <float>VM_TRIG_MAX_F32 else x


cdef inline float vm_tanhf_f(float x) noexcept nogil:
    """The C++ backend's TanhF32: |x| < 0.55: x + x u P(u), P of degree 4; above,
    1 - 2/(e^(2a) + 1), a = min(|x|, 9.1) (tanhf rounds to 1 from 9.01); the sign bit of x."""
    cdef float ax = fabsf(x)
    cdef float u = ax * ax
    cdef float p, small, a, big
    p = fmaf(<float>-0.00661022774875164, u, <float>0.021309388801455498)
    p = fmaf(p, u, <float>-0.05390942841768265)
    p = fmaf(p, u, <float>0.13333113491535187)
    p = fmaf(p, u, <float>-0.3333333134651184)
    small = fmaf(ax * u, p, ax)
    a = <float>9.100000381469727 if ax > <float>9.100000381469727 else ax
    big = <float>1.0 - <float>2.0 / (vm_expf_fast_f(a + a) + <float>1.0)
    return vm_from_bits_f(vm_bits_f(big if ax >= <float>0.550000011920929 else small) |
                          (vm_bits_f(x) & <uint32_t>0x80000000))


# ------------------------------------------------------------------------------------- loops
#
# The exported functions: out[i] = f(inp[i]) for i < n, both contiguous, in blocks of VM_BLOCK
# elements (exp and log redo a block that has inputs needing the edge cases, reading it from
# L1). `inp == out` is allowed (an in-place op): each block is then read from a stack copy,
# which keeps the loop vectorised (GCC's run-time alias check sends overlapping pointers to its
# scalar version of the loop) and leaves the inputs for the redo.

ctypedef void (*vm_f64_fn)(const double *inp, double *out, int64_t n) noexcept nogil
ctypedef void (*vm_f32_fn)(const float *inp, float *out, int64_t n) noexcept nogil

cdef enum:
    VM_EXP = 0
    VM_LOG = 1
    VM_SIN = 2
    VM_COS = 3
    VM_TANH = 4


cdef inline bint vm_overlap(const void *a, const void *b, int64_t nbytes) noexcept nogil:
    return (<const char *>a < <const char *>b + nbytes) and (<const char *>b < <const char *>a + nbytes)


# exp and log: one pass computes the fast version (no edge cases) and counts the inputs outside
# its range [lo, hi] (nan included); a block with any is computed again with the edge cases
# (inp and out never overlap here, see vm_apply_f64). One pass, not a scan and then the loop:
# the scan was the block's first touch and took 40% of float32 log's time. The count is 32-bit
# (n <= VM_BLOCK), the compare masks' width for float32 (GCC widened every mask to 64 bits).

cdef inline void vm_run_f64(const double *inp, double *out, int64_t n, int fn) noexcept nogil:
    """The vectorised loop (fn is a constant at every call site; the branches fold away)."""
    cdef int64_t i
    cdef int64_t outside = 0
    cdef double x
    if fn == VM_EXP:
        for i in range(n):
            x = inp[i]
            outside += not (-707.0 <= x <= 707.0)
            out[i] = vm_exp_fast(x)
        if outside:
            for i in range(n):
                out[i] = vm_exp(inp[i])
    elif fn == VM_LOG:
        for i in range(n):
            x = inp[i]
            outside += not (2.2250738585072014e-308 <= x <= 1.7976931348623157e+308)
            out[i] = vm_log_core(x, 0.0)
        if outside:
            for i in range(n):
                out[i] = vm_log(inp[i])
    elif fn == VM_SIN:
        for i in range(n):
            out[i] = vm_sincos(inp[i], False)
    elif fn == VM_TANH:
        for i in range(n):
            out[i] = vm_tanh(inp[i])
    else:
        for i in range(n):
            out[i] = vm_sincos(inp[i], True)


cdef inline void vm_run_f32(const float *inp, float *out, int64_t n, int fn) noexcept nogil:
    """float32: in float with FMA (the AVX2 build), else computed in double and rounded once."""
    cdef int64_t i
    cdef int32_t outside = 0
    cdef float x
    if VM_HAVE_FMA:
        if fn == VM_EXP:
            for i in range(n):
                x = inp[i]
                outside += not (<float>-87.0 <= x <= <float>87.0)
                out[i] = vm_expf_fast_f(x)
            if outside:
                for i in range(n):
                    out[i] = vm_expf_f(inp[i])
        elif fn == VM_LOG:
            for i in range(n):
                x = inp[i]
                outside += not (<float>1.1754943508222875e-38 <= x <= <float>3.4028234663852886e+38)
                out[i] = vm_logf_core_f(x, 0.0)
            if outside:
                for i in range(n):
                    out[i] = vm_logf_f(inp[i])
        elif fn == VM_SIN:
            for i in range(n):
                out[i] = vm_sincosf_f(inp[i], False)
        elif fn == VM_TANH:
            for i in range(n):
                out[i] = vm_tanhf_f(inp[i])
        else:
            for i in range(n):
                out[i] = vm_sincosf_f(inp[i], True)
    elif fn == VM_EXP:
        for i in range(n):
            x = inp[i]
            outside += not (<float>-104.0 <= x <= <float>89.0)
            out[i] = <float>vm_expf_fast(<double>x)
        if outside:
            for i in range(n):
                out[i] = <float>vm_expf(<double>inp[i])
    elif fn == VM_LOG:
        for i in range(n):
            x = inp[i]
            outside += not (<float>1.401298464324817e-45 <= x <= <float>3.4028234663852886e+38)
            out[i] = <float>vm_logf_core(<double>x)
        if outside:
            for i in range(n):
                out[i] = <float>vm_logf(<double>inp[i])
    elif fn == VM_SIN:
        for i in range(n):
            out[i] = <float>vm_sincosf(<double>inp[i], False)
    elif fn == VM_TANH:
        for i in range(n):
            out[i] = <float>vm_tanh(<double>inp[i])
    else:
        for i in range(n):
            out[i] = <float>vm_sincosf(<double>inp[i], True)


cdef inline void vm_trig_fixup_f64(double *out, int64_t n, bint is_cos) noexcept nogil:
    """The second pass of sin / cos: the lanes that kept their input (|x| > VM_TRIG_MAX, inf,
    nan) through libm. A vectorised scan first; the scalar loop only if one is there."""
    cdef int64_t i
    cdef bint seen = False
    for i in range(n):
        seen |= not (fabs(out[i]) <= VM_TRIG_MAX)
    if not seen:
        return
    for i in range(n):
        if not (fabs(out[i]) <= VM_TRIG_MAX):
            out[i] = cos(out[i]) if is_cos else sin(out[i])


cdef inline void vm_trig_fixup_f32(float *out, int64_t n, bint is_cos) noexcept nogil:
    cdef int64_t i
    cdef bint seen = False
    cdef float lim = <float>VM_TRIG_MAX_F32
    for i in range(n):
        seen |= not (fabsf(out[i]) <= lim)
    if not seen:
        return
    for i in range(n):
        if not (fabsf(out[i]) <= lim):
            out[i] = cosf(out[i]) if is_cos else sinf(out[i])


cdef inline void vm_apply_f64(const double *inp, double *out, int64_t n, int fn) noexcept nogil:
    cdef double buf[VM_BLOCK]
    cdef int64_t i0, m
    cdef bint overlap = vm_overlap(inp, out, n * <int64_t>sizeof(double))
    i0 = 0
    while i0 < n:
        m = min(<int64_t>VM_BLOCK, n - i0)
        if overlap:
            memcpy(buf, inp + i0, m * sizeof(double))
            vm_run_f64(buf, out + i0, m, fn)
        else:
            vm_run_f64(inp + i0, out + i0, m, fn)
        i0 += m
    if fn == VM_SIN or fn == VM_COS:
        vm_trig_fixup_f64(out, n, fn == VM_COS)


cdef inline void vm_apply_f32(const float *inp, float *out, int64_t n, int fn) noexcept nogil:
    cdef float buf[VM_BLOCK]
    cdef int64_t i0, m
    cdef bint overlap = vm_overlap(inp, out, n * <int64_t>sizeof(float))
    i0 = 0
    while i0 < n:
        m = min(<int64_t>VM_BLOCK, n - i0)
        if overlap:
            memcpy(buf, inp + i0, m * sizeof(float))
            vm_run_f32(buf, out + i0, m, fn)
        else:
            vm_run_f32(inp + i0, out + i0, m, fn)
        i0 += m
    if fn == VM_SIN or fn == VM_COS:
        vm_trig_fixup_f32(out, n, fn == VM_COS)


cdef void vm_exp_f64(const double *inp, double *out, int64_t n) noexcept nogil:
    vm_apply_f64(inp, out, n, VM_EXP)


cdef void vm_log_f64(const double *inp, double *out, int64_t n) noexcept nogil:
    vm_apply_f64(inp, out, n, VM_LOG)


cdef void vm_sin_f64(const double *inp, double *out, int64_t n) noexcept nogil:
    vm_apply_f64(inp, out, n, VM_SIN)


cdef void vm_cos_f64(const double *inp, double *out, int64_t n) noexcept nogil:
    vm_apply_f64(inp, out, n, VM_COS)


cdef void vm_tanh_f64(const double *inp, double *out, int64_t n) noexcept nogil:
    vm_apply_f64(inp, out, n, VM_TANH)


cdef void vm_exp_f32(const float *inp, float *out, int64_t n) noexcept nogil:
    vm_apply_f32(inp, out, n, VM_EXP)


cdef void vm_log_f32(const float *inp, float *out, int64_t n) noexcept nogil:
    vm_apply_f32(inp, out, n, VM_LOG)


cdef void vm_sin_f32(const float *inp, float *out, int64_t n) noexcept nogil:
    vm_apply_f32(inp, out, n, VM_SIN)


cdef void vm_cos_f32(const float *inp, float *out, int64_t n) noexcept nogil:
    vm_apply_f32(inp, out, n, VM_COS)


cdef void vm_tanh_f32(const float *inp, float *out, int64_t n) noexcept nogil:
    vm_apply_f32(inp, out, n, VM_TANH)


#: The loops as PyCapsules, in the order exp, log, sin, cos, tanh: named "arrpy.cython_vmath_f64"
#: (void f(const double *, double *, int64_t)) and "arrpy.cython_vmath_f32" (float).
f64_capsules = (
    PyCapsule_New(<void *>vm_exp_f64, b"arrpy.cython_vmath_f64", NULL),
    PyCapsule_New(<void *>vm_log_f64, b"arrpy.cython_vmath_f64", NULL),
    PyCapsule_New(<void *>vm_sin_f64, b"arrpy.cython_vmath_f64", NULL),
    PyCapsule_New(<void *>vm_cos_f64, b"arrpy.cython_vmath_f64", NULL),
    PyCapsule_New(<void *>vm_tanh_f64, b"arrpy.cython_vmath_f64", NULL),
)
f32_capsules = (
    PyCapsule_New(<void *>vm_exp_f32, b"arrpy.cython_vmath_f32", NULL),
    PyCapsule_New(<void *>vm_log_f32, b"arrpy.cython_vmath_f32", NULL),
    PyCapsule_New(<void *>vm_sin_f32, b"arrpy.cython_vmath_f32", NULL),
    PyCapsule_New(<void *>vm_cos_f32, b"arrpy.cython_vmath_f32", NULL),
    PyCapsule_New(<void *>vm_tanh_f32, b"arrpy.cython_vmath_f32", NULL),
)
