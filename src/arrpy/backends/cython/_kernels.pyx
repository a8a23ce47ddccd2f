"""Cython compute backend of arrpy: elementwise and reduction kernels behind the C ABI of abi.h.

Technique: static C types, fused types (one kernel source for every element type and
operation), ``nogil`` and ``prange``.

* Each element operation (``binop``, ``cmpop``, ``unop`` / ``upred``) is written once over two
  fused types: the element type (``elem_t`` / ``cmp_elem_t``) and an empty "tag" type standing
  for the operation (``op_t`` / ``cmp_t`` / ``uop_t``).  The tag makes the operation a
  compile-time choice, so every specialisation of the 1-D loops contains a single operation the C
  compiler can vectorise.  (op, dtype) pairs that have no kernel are pruned at Cython compile
  time (the loop body of such a specialisation is empty).
* Where two's-complement arithmetic gives the same bits (add / subtract / multiply / bitwise,
  negative, square, invert, copies, predicates) signed integers run the kernel of the unsigned
  type of the same width, which wraps in C without undefined behaviour.  Integer ops that
  depend on the sign (floor_divide, remainder, power, maximum, shifts, absolute, sign, ...) have
  their own signed specialisations, written so that they never divide by zero or overflow.
* bool and complex numbers are small structs (``bool_t``; ``cfloat_t`` / ``cdouble_t``,
  interleaved real, imag), so the generic loops treat them like any other element.
* One N-d driver serves binary ops, comparisons and unary ops: the ABI functions coalesce the
  index space (``build_iter``), then ``run`` splits it into equal element ranges over OpenMP
  threads with ``prange`` when it is large enough for the op's cost per element, and
  ``process_range`` walks the outer dimensions with an odometer around the 1-D inner loop,
  picked per row by (kind, dtype, op).  The 1-D loops have fast paths for contiguous operands
  (and for a stride-0 operand of a binary op).  Status flags (integer division by zero, ...)
  are returned by each 1-D loop, or-ed per thread and then over the threads.
* Reductions (reduce_nd) have their own fused block functions and N-d driver; see the
  "Reductions" section.
* libm supplies the real functions, C99 ``complex.h`` (glibc, as NumPy uses) the complex ones;
  NumPy's own helpers (complex exp2 / expm1 / log1p / log2 / log10, ``npy_cpow``,
  ``npy_divmod``, complex sign and reciprocal) are transcribed from NumPy's source.

Compiled as C, with the global directives boundscheck=False, wraparound=False,
cdivision=True, initializedcheck=False set by the build.
"""

import os as _os

from cpython.pycapsule cimport PyCapsule_New
from cython.parallel cimport prange
from libc.math cimport fabs
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t

cdef extern from "math.h" nogil:
    double fma(double x, double y, double z)
    float fmaf(float x, float y, float z)
    double c_floor "floor"(double x)
    float c_floorf "floorf"(float x)
    double c_fmod "fmod"(double x, double y)
    float c_fmodf "fmodf"(float x, float y)
    double c_copysign "copysign"(double x, double y)
    float c_copysignf "copysignf"(float x, float y)
    double c_pow "pow"(double x, double y)
    float c_powf "powf"(float x, float y)
    double c_hypot "hypot"(double x, double y)
    float c_hypotf "hypotf"(float x, float y)
    double c_atan2 "atan2"(double x, double y)
    float c_atan2f "atan2f"(float x, float y)
    double c_exp "exp"(double x)
    float c_expf "expf"(float x)
    double c_log "log"(double x)
    float c_logf "logf"(float x)
    double c_log1p "log1p"(double x)
    float c_log1pf "log1pf"(float x)
    double c_expm1 "expm1"(double x)
    float c_expm1f "expm1f"(float x)
    double c_sin "sin"(double x)
    float c_sinf "sinf"(float x)
    double c_cos "cos"(double x)
    float c_cosf "cosf"(float x)
    double c_nearbyint "nearbyint"(double x)
    float c_nearbyintf "nearbyintf"(float x)
    double c_sqrt "sqrt"(double x)
    float c_sqrtf "sqrtf"(float x)
    float c_fabsf "fabsf"(float x)
    const double C_INF "HUGE_VAL"
    const float C_INFF "HUGE_VALF"
    const double C_NAN "NAN"

from arrpy.backends.abi cimport *  # the ABI enums and function-pointer types

# The libm / complex.h functions of the unary ops, selected by the ABI op code (a compile-time
# constant at every call site, so the switch folds away after inlining).
cdef extern from *:
    """
    #include <math.h>
    #include <complex.h>
    #include "abi.h"

    static inline double arrpy_rfun_d(int op, double x) {
        switch (op) {
        case ARRPY_SQRT: return sqrt(x);
        case ARRPY_CBRT: return cbrt(x);
        case ARRPY_EXP: return exp(x);
        case ARRPY_EXP2: return exp2(x);
        case ARRPY_EXPM1: return expm1(x);
        case ARRPY_LOG: return log(x);
        case ARRPY_LOG2: return log2(x);
        case ARRPY_LOG10: return log10(x);
        case ARRPY_LOG1P: return log1p(x);
        case ARRPY_SIN: return sin(x);
        case ARRPY_COS: return cos(x);
        case ARRPY_TAN: return tan(x);
        case ARRPY_ARCSIN: return asin(x);
        case ARRPY_ARCCOS: return acos(x);
        case ARRPY_ARCTAN: return atan(x);
        case ARRPY_SINH: return sinh(x);
        case ARRPY_COSH: return cosh(x);
        case ARRPY_TANH: return tanh(x);
        case ARRPY_ARCSINH: return asinh(x);
        case ARRPY_ARCCOSH: return acosh(x);
        case ARRPY_ARCTANH: return atanh(x);
        case ARRPY_FLOOR: return floor(x);
        case ARRPY_CEIL: return ceil(x);
        case ARRPY_TRUNC: return trunc(x);
        case ARRPY_RINT: return nearbyint(x);
        default: return x;
        }
    }

    static inline float arrpy_rfun_f(int op, float x) {
        switch (op) {
        case ARRPY_SQRT: return sqrtf(x);
        case ARRPY_CBRT: return cbrtf(x);
        case ARRPY_EXP: return expf(x);
        case ARRPY_EXP2: return exp2f(x);
        case ARRPY_EXPM1: return expm1f(x);
        case ARRPY_LOG: return logf(x);
        case ARRPY_LOG2: return log2f(x);
        case ARRPY_LOG10: return log10f(x);
        case ARRPY_LOG1P: return log1pf(x);
        case ARRPY_SIN: return sinf(x);
        case ARRPY_COS: return cosf(x);
        case ARRPY_TAN: return tanf(x);
        case ARRPY_ARCSIN: return asinf(x);
        case ARRPY_ARCCOS: return acosf(x);
        case ARRPY_ARCTAN: return atanf(x);
        case ARRPY_SINH: return sinhf(x);
        case ARRPY_COSH: return coshf(x);
        case ARRPY_TANH: return tanhf(x);
        case ARRPY_ARCSINH: return asinhf(x);
        case ARRPY_ARCCOSH: return acoshf(x);
        case ARRPY_ARCTANH: return atanhf(x);
        case ARRPY_FLOOR: return floorf(x);
        case ARRPY_CEIL: return ceilf(x);
        case ARRPY_TRUNC: return truncf(x);
        case ARRPY_RINT: return nearbyintf(x);
        default: return x;
        }
    }

    /* op < 0: cpow(x, y); otherwise the unary function of that code */
    #define ARRPY_CSWITCH(SUF)                                                     \\
        switch (op) {                                                              \\
        case ARRPY_SQRT: w = csqrt##SUF(z); break;                                 \\
        case ARRPY_EXP: w = cexp##SUF(z); break;                                   \\
        case ARRPY_LOG: w = clog##SUF(z); break;                                   \\
        case ARRPY_SIN: w = csin##SUF(z); break;                                   \\
        case ARRPY_COS: w = ccos##SUF(z); break;                                   \\
        case ARRPY_TAN: w = ctan##SUF(z); break;                                   \\
        case ARRPY_ARCSIN: w = casin##SUF(z); break;                               \\
        case ARRPY_ARCCOS: w = cacos##SUF(z); break;                               \\
        case ARRPY_ARCTAN: w = catan##SUF(z); break;                               \\
        case ARRPY_SINH: w = csinh##SUF(z); break;                                 \\
        case ARRPY_COSH: w = ccosh##SUF(z); break;                                 \\
        case ARRPY_TANH: w = ctanh##SUF(z); break;                                 \\
        case ARRPY_ARCSINH: w = casinh##SUF(z); break;                             \\
        case ARRPY_ARCCOSH: w = cacosh##SUF(z); break;                             \\
        case ARRPY_ARCTANH: w = catanh##SUF(z); break;                             \\
        default: w = cpow##SUF(z, y); break;                                       \\
        }

    static inline void arrpy_cfun_d(int op, double xr, double xi, double yr, double yi,
                                    double *rr, double *ri) {
        double _Complex z = CMPLX(xr, xi), y = CMPLX(yr, yi), w;
        ARRPY_CSWITCH()
        *rr = creal(w);
        *ri = cimag(w);
    }

    static inline void arrpy_cfun_f(int op, float xr, float xi, float yr, float yi,
                                    float *rr, float *ri) {
        float _Complex z = CMPLXF(xr, xi), y = CMPLXF(yr, yi), w;
        ARRPY_CSWITCH(f)
        *rr = crealf(w);
        *ri = cimagf(w);
    }
    """
    double arrpy_rfun_d(int op, double x) nogil
    float arrpy_rfun_f(int op, float x) nogil
    void arrpy_cfun_d(int op, double xr, double xi, double yr, double yi,
                      double *rr, double *ri) nogil
    void arrpy_cfun_f(int op, float xr, float xi, float yr, float yi,
                      float *rr, float *ri) nogil


# ---------------------------------------------------------------------------------------------
# Element types and operation tags
# ---------------------------------------------------------------------------------------------

ctypedef struct bool_t:        # one byte; any nonzero value is true, results are 0 or 1
    uint8_t v

ctypedef struct cfloat_t:      # complex64
    float re
    float im

ctypedef struct cdouble_t:     # complex128
    double re
    double im

# Operation tags: never instantiated, only used (as NULL pointers) to select a specialisation.
# Binary ops.
ctypedef struct AddOp:
    char _unused
ctypedef struct SubOp:
    char _unused
ctypedef struct MulOp:
    char _unused
ctypedef struct DivOp:
    char _unused
ctypedef struct AndOp:         # bitwise and (bool: logical)
    char _unused
ctypedef struct OrOp:
    char _unused
ctypedef struct XorOp:
    char _unused
ctypedef struct FloorDivOp:
    char _unused
ctypedef struct RemOp:
    char _unused
ctypedef struct PowOp:
    char _unused
ctypedef struct MaxOp:
    char _unused
ctypedef struct MinOp:
    char _unused
ctypedef struct FMaxOp:
    char _unused
ctypedef struct FMinOp:
    char _unused
ctypedef struct CopysignOp:
    char _unused
ctypedef struct HypotOp:
    char _unused
ctypedef struct Atan2Op:
    char _unused
ctypedef struct LogAddExpOp:
    char _unused
ctypedef struct LShiftOp:
    char _unused
ctypedef struct RShiftOp:
    char _unused

# Every dtype has its own element type; the sign-agnostic ops run signed dtypes as unsigned.
ctypedef fused elem_t:
    bool_t
    int8_t
    uint8_t
    int16_t
    uint16_t
    int32_t
    uint32_t
    int64_t
    uint64_t
    float
    double
    cfloat_t
    cdouble_t

ctypedef fused op_t:
    AddOp
    SubOp
    MulOp
    DivOp
    AndOp
    OrOp
    XorOp
    FloorDivOp
    RemOp
    PowOp
    MaxOp
    MinOp
    FMaxOp
    FMinOp
    CopysignOp
    HypotOp
    Atan2Op
    LogAddExpOp
    LShiftOp
    RShiftOp

ctypedef fused real_t:
    float
    double

# Comparison tags.
ctypedef struct EqOp:
    char _unused
ctypedef struct NeOp:
    char _unused
ctypedef struct LtOp:
    char _unused
ctypedef struct LeOp:
    char _unused
ctypedef struct GtOp:
    char _unused
ctypedef struct GeOp:
    char _unused
ctypedef struct LAndOp:        # logical ops on the truth values (x != 0)
    char _unused
ctypedef struct LOrOp:
    char _unused
ctypedef struct LXorOp:
    char _unused

ctypedef fused cmp_elem_t:
    bool_t
    int8_t
    uint8_t
    int16_t
    uint16_t
    int32_t
    uint32_t
    int64_t
    uint64_t
    float
    double
    cfloat_t
    cdouble_t

ctypedef fused cmp_t:
    EqOp
    NeOp
    LtOp
    LeOp
    GtOp
    GeOp
    LAndOp
    LOrOp
    LXorOp

# Unary tags, in the order of the ABI codes.
ctypedef struct NegOp:
    char _unused
ctypedef struct PosOp:
    char _unused
ctypedef struct AbsOp:
    char _unused
ctypedef struct RecipOp:
    char _unused
ctypedef struct SquareOp:
    char _unused
ctypedef struct SqrtOp:
    char _unused
ctypedef struct CbrtOp:
    char _unused
ctypedef struct ExpOp:
    char _unused
ctypedef struct Exp2Op:
    char _unused
ctypedef struct Expm1Op:
    char _unused
ctypedef struct LogOp:
    char _unused
ctypedef struct Log2Op:
    char _unused
ctypedef struct Log10Op:
    char _unused
ctypedef struct Log1pOp:
    char _unused
ctypedef struct SinOp:
    char _unused
ctypedef struct CosOp:
    char _unused
ctypedef struct TanOp:
    char _unused
ctypedef struct AsinOp:
    char _unused
ctypedef struct AcosOp:
    char _unused
ctypedef struct AtanOp:
    char _unused
ctypedef struct SinhOp:
    char _unused
ctypedef struct CoshOp:
    char _unused
ctypedef struct TanhOp:
    char _unused
ctypedef struct AsinhOp:
    char _unused
ctypedef struct AcoshOp:
    char _unused
ctypedef struct AtanhOp:
    char _unused
ctypedef struct Deg2radOp:
    char _unused
ctypedef struct Rad2degOp:
    char _unused
ctypedef struct FloorOp:
    char _unused
ctypedef struct CeilOp:
    char _unused
ctypedef struct TruncOp:
    char _unused
ctypedef struct RintOp:
    char _unused
ctypedef struct SignOp:
    char _unused
ctypedef struct ConjOp:
    char _unused
ctypedef struct InvertOp:
    char _unused
ctypedef struct IsnanOp:
    char _unused
ctypedef struct IsinfOp:
    char _unused
ctypedef struct IsfiniteOp:
    char _unused
ctypedef struct SignbitOp:
    char _unused
ctypedef struct LNotOp:
    char _unused

ctypedef fused uop_t:
    NegOp
    PosOp
    AbsOp
    RecipOp
    SquareOp
    SqrtOp
    CbrtOp
    ExpOp
    Exp2Op
    Expm1Op
    LogOp
    Log2Op
    Log10Op
    Log1pOp
    SinOp
    CosOp
    TanOp
    AsinOp
    AcosOp
    AtanOp
    SinhOp
    CoshOp
    TanhOp
    AsinhOp
    AcoshOp
    AtanhOp
    Deg2radOp
    Rad2degOp
    FloorOp
    CeilOp
    TruncOp
    RintOp
    SignOp
    ConjOp
    InvertOp
    IsnanOp
    IsinfOp
    IsfiniteOp
    SignbitOp
    LNotOp


# ---------------------------------------------------------------------------------------------
# Element operations
# ---------------------------------------------------------------------------------------------

cdef inline void complex_divide(real_t ar, real_t ai, real_t br, real_t bi,
                                real_t *re, real_t *im) noexcept nogil:
    """(ar + i ai) / (br + i bi) with NumPy's Smith algorithm, in the component type."""
    cdef real_t abs_br = fabs(br)
    cdef real_t abs_bi = fabs(bi)
    cdef real_t rat, scl
    if abs_br >= abs_bi:
        if abs_br == 0 and abs_bi == 0:
            # divide by zero: inf / nan with the signs NumPy gives
            re[0] = ar / abs_br
            im[0] = ai / abs_br
        else:
            rat = bi / br
            scl = <real_t>1 / (br + bi * rat)
            re[0] = (ar + ai * rat) * scl
            im[0] = (ai - ar * rat) * scl
    else:
        rat = br / bi
        scl = <real_t>1 / (bi + br * rat)
        re[0] = (ar * rat + ai) * scl
        im[0] = (ai * rat - ar) * scl




cdef inline void complex_multiply_plain(real_t ar, real_t ai, real_t br, real_t bi,
                                        real_t *re, real_t *im) noexcept nogil:
    """NumPy's cmul (npy_cpow's repeated products): no fused multiply-add."""
    re[0] = ar * br - ai * bi
    im[0] = ar * bi + ai * br


cdef inline void complex_power(real_t ar, real_t ai, real_t br, real_t bi,
                               real_t *re, real_t *im) noexcept nogil:
    """NumPy's npy_cpow."""
    cdef Py_ssize_t n, mask
    cdef real_t pr, pi_, qr, qi, tr, ti
    if br == 0 and bi == 0:
        re[0] = 1
        im[0] = 0
        return
    if ar == 0 and ai == 0:
        if br > 0:
            re[0] = 0
            im[0] = 0
        else:
            re[0] = <real_t>C_NAN
            im[0] = <real_t>C_NAN
        return
    if bi == 0 and br > -100 and br < 100:
        n = <Py_ssize_t>br
        if n == br:
            if n == 1:
                re[0] = ar
                im[0] = ai
                return
            if n == 2:
                complex_multiply_plain(ar, ai, ar, ai, re, im)
                return
            if n == 3:
                complex_multiply_plain(ar, ai, ar, ai, &tr, &ti)
                complex_multiply_plain(ar, ai, tr, ti, re, im)
                return
            if n < 0:
                n = -n
            qr = 1
            qi = 0
            pr = ar
            pi_ = ai
            mask = 1
            while True:
                if n & mask:
                    complex_multiply_plain(qr, qi, pr, pi_, &tr, &ti)
                    qr = tr
                    qi = ti
                mask <<= 1
                if n < mask or mask <= 0:
                    break
                complex_multiply_plain(pr, pi_, pr, pi_, &tr, &ti)
                pr = tr
                pi_ = ti
            if br < 0:
                complex_divide(<real_t>1, <real_t>0, qr, qi, re, im)
            else:
                re[0] = qr
                im[0] = qi
            return
    if real_t is float:
        arrpy_cfun_f(-1, ar, ai, br, bi, re, im)
    else:
        arrpy_cfun_d(-1, ar, ai, br, bi, re, im)


cdef inline void float_divmod(real_t a, real_t b, real_t *div, real_t *mod) noexcept nogil:
    """NumPy's npy_floor_divide / npy_remainder (npy_divmod; b == 0: a / b and fmod)."""
    cdef real_t m, d, fd
    if real_t is float:
        m = c_fmodf(a, b)
    else:
        m = c_fmod(a, b)
    if b == 0:
        div[0] = a / b
        mod[0] = m
        return
    d = (a - m) / b
    if m != 0:
        if (b < 0) != (m < 0):
            m += b
            d -= 1
    else:
        if real_t is float:
            m = c_copysignf(0, b)
        else:
            m = c_copysign(0, b)
    if d != 0:
        if real_t is float:
            fd = c_floorf(d)
        else:
            fd = c_floor(d)
        if d - fd > <real_t>0.5:
            fd += 1
    else:
        if real_t is float:
            fd = c_copysignf(0, a / b)
        else:
            fd = c_copysign(0, a / b)
    div[0] = fd
    mod[0] = m


ctypedef fused int_t:
    int8_t
    uint8_t
    int16_t
    uint16_t
    int32_t
    uint32_t
    int64_t
    uint64_t


cdef inline int_t int_floor_divide(int_t x, int_t y, int *st) noexcept nogil:
    """Floor division; b == 0 gives 0 (DIVIDE_BY_ZERO), MIN // -1 gives MIN (OVERFLOW)."""
    cdef int_t q
    if y == 0:
        st[0] |= ARRPY_STATUS_DIVIDE_BY_ZERO
        return 0
    if int_t is int8_t or int_t is int16_t or int_t is int32_t or int_t is int64_t:
        if y == -1:
            q = <int_t>(<uint64_t>0 - <uint64_t>x)     # wraps: -MIN == MIN
            if x < 0 and q < 0:
                st[0] |= ARRPY_STATUS_OVERFLOW
            return q
        q = x // y                                       # C division (cdivision): truncates
        if (x % y != 0) and ((x < 0) != (y < 0)):
            q -= 1
        return q
    else:
        return x // y


cdef inline int_t int_remainder(int_t x, int_t y, int *st) noexcept nogil:
    """Remainder with the sign of y; b == 0 gives 0 (DIVIDE_BY_ZERO), x % -1 == 0."""
    cdef int_t m
    if y == 0:
        st[0] |= ARRPY_STATUS_DIVIDE_BY_ZERO
        return 0
    if int_t is int8_t or int_t is int16_t or int_t is int32_t or int_t is int64_t:
        if y == -1:
            return 0
        m = x % y                                        # C remainder: sign of x
        if m != 0 and ((m < 0) != (y < 0)):
            m += y
        return m
    else:
        return x % y


cdef inline real_t logaddexp(real_t x, real_t y) noexcept nogil:
    """NumPy's npy_logaddexp."""
    cdef real_t d
    if x == y:
        return x + <real_t>0.693147180559945309417232121458176568
    d = x - y
    if d > 0:
        if real_t is float:
            return x + c_log1pf(c_expf(-d))
        else:
            return x + c_log1p(c_exp(-d))
    elif d <= 0:
        if real_t is float:
            return y + c_log1pf(c_expf(d))
        else:
            return y + c_log1p(c_exp(d))
    return d


cdef inline bint binop_valid(const elem_t *etag, const op_t *otag) noexcept nogil:
    """Whether (op, element type) has a kernel (signed dtypes run the sign-agnostic ops as
    unsigned).  Resolved at compile time."""
    if elem_t is bool_t:
        return (op_t is AddOp or op_t is MulOp or op_t is AndOp or op_t is OrOp
                or op_t is XorOp or op_t is MaxOp or op_t is MinOp or op_t is FMaxOp
                or op_t is FMinOp)
    elif elem_t is int8_t or elem_t is int16_t or elem_t is int32_t or elem_t is int64_t:
        return (op_t is FloorDivOp or op_t is RemOp or op_t is PowOp or op_t is MaxOp
                or op_t is MinOp or op_t is FMaxOp or op_t is FMinOp or op_t is LShiftOp
                or op_t is RShiftOp)
    elif elem_t is uint8_t or elem_t is uint16_t or elem_t is uint32_t or elem_t is uint64_t:
        return not (op_t is DivOp or op_t is CopysignOp or op_t is HypotOp or op_t is Atan2Op
                    or op_t is LogAddExpOp)
    elif elem_t is float or elem_t is double:
        return not (op_t is AndOp or op_t is OrOp or op_t is XorOp or op_t is LShiftOp
                    or op_t is RShiftOp)
    else:
        return (op_t is AddOp or op_t is SubOp or op_t is MulOp or op_t is DivOp
                or op_t is PowOp or op_t is MaxOp or op_t is MinOp or op_t is FMaxOp
                or op_t is FMinOp)


cdef inline elem_t binop(elem_t x, elem_t y, const op_t *tag, int *st) noexcept nogil:
    """x OP y; integer ops or status flags into *st.  The fused-type tests are resolved at
    compile time.  Pairs without a kernel (never reached) compile to `return x`."""
    cdef elem_t r
    cdef uint64_t e, base, acc
    cdef elem_t m2
    cdef bint xn, yn, ge
    if elem_t is bool_t:
        if op_t is AddOp or op_t is OrOp or op_t is MaxOp or op_t is FMaxOp:
            r.v = (x.v != 0) | (y.v != 0)
        elif op_t is MulOp or op_t is AndOp or op_t is MinOp or op_t is FMinOp:
            r.v = (x.v != 0) & (y.v != 0)
        elif op_t is XorOp:
            r.v = (x.v != 0) ^ (y.v != 0)
        else:
            r = x
    elif elem_t is cfloat_t or elem_t is cdouble_t:
        if op_t is AddOp:
            r.re = x.re + y.re
            r.im = x.im + y.im
        elif op_t is SubOp:
            r.re = x.re - y.re
            r.im = x.im - y.im
        elif op_t is MulOp:
            # arrpy's complex product in every backend (NumPy's on FMA hardware), one rounding
            # per component: re = fma(a, c, -(b*d)), im = fma(a, d, b*c).
            if elem_t is cfloat_t:
                r.re = fmaf(x.re, y.re, -(x.im * y.im))
                r.im = fmaf(x.re, y.im, x.im * y.re)
            else:
                r.re = fma(x.re, y.re, -(x.im * y.im))
                r.im = fma(x.re, y.im, x.im * y.re)
        elif op_t is DivOp:
            complex_divide(x.re, x.im, y.re, y.im, &r.re, &r.im)
        elif op_t is PowOp:
            complex_power(x.re, x.im, y.re, y.im, &r.re, &r.im)
        elif op_t is MaxOp or op_t is MinOp or op_t is FMaxOp or op_t is FMinOp:
            # NumPy's CGE / CLE order; maximum / minimum propagate a nan of x, fmax / fmin
            # take x when y has a nan
            if op_t is MaxOp or op_t is FMaxOp:
                ge = (((x.re > y.re) & (x.im == x.im) & (y.im == y.im))
                      | ((x.re == y.re) & (x.im >= y.im)))
            else:
                ge = (((x.re < y.re) & (x.im == x.im) & (y.im == y.im))
                      | ((x.re == y.re) & (x.im <= y.im)))
            if op_t is MaxOp or op_t is MinOp:
                xn = (x.re != x.re) | (x.im != x.im)
            else:
                xn = (y.re != y.re) | (y.im != y.im)
            r = x if xn | ge else y
        else:
            r = x
    elif elem_t is float or elem_t is double:
        if op_t is AddOp:
            r = x + y
        elif op_t is SubOp:
            r = x - y
        elif op_t is MulOp:
            r = x * y
        elif op_t is DivOp:
            r = x / y
        elif op_t is FloorDivOp:
            float_divmod(x, y, &r, &m2)
        elif op_t is RemOp:
            float_divmod(x, y, &m2, &r)
        elif op_t is PowOp:
            if elem_t is float:
                r = c_powf(x, y)
            else:
                r = c_pow(x, y)
        elif op_t is MaxOp:
            r = x if (x >= y) | (x != x) else y
        elif op_t is MinOp:
            r = x if (x <= y) | (x != x) else y
        elif op_t is FMaxOp:
            r = x if (x >= y) | (y != y) else y
        elif op_t is FMinOp:
            r = x if (x <= y) | (y != y) else y
        elif op_t is CopysignOp:
            if elem_t is float:
                r = c_copysignf(x, y)
            else:
                r = c_copysign(x, y)
        elif op_t is HypotOp:
            if elem_t is float:
                r = c_hypotf(x, y)
            else:
                r = c_hypot(x, y)
        elif op_t is Atan2Op:
            if elem_t is float:
                r = c_atan2f(x, y)
            else:
                r = c_atan2(x, y)
        elif op_t is LogAddExpOp:
            r = logaddexp(x, y)
        else:
            r = x
    else:
        # integers.  The sign-agnostic ops are only reached with unsigned types; 8- and 16-bit
        # operands would be promoted to (signed) int by C, where a product can overflow:
        # multiply them as unsigned int instead.
        if op_t is AddOp:
            r = <elem_t>(x + y)
        elif op_t is SubOp:
            r = <elem_t>(x - y)
        elif op_t is MulOp:
            if elem_t is uint8_t or elem_t is uint16_t:
                r = <elem_t>(<unsigned int>x * <unsigned int>y)
            else:
                r = x * y
        elif op_t is AndOp:
            r = x & y
        elif op_t is OrOp:
            r = x | y
        elif op_t is XorOp:
            r = x ^ y
        elif op_t is MaxOp or op_t is FMaxOp:
            r = x if x >= y else y
        elif op_t is MinOp or op_t is FMinOp:
            r = x if x <= y else y
        elif op_t is FloorDivOp:
            r = int_floor_divide(x, y, st)
        elif op_t is RemOp:
            r = int_remainder(x, y, st)
        elif op_t is PowOp:
            if (elem_t is int8_t or elem_t is int16_t or elem_t is int32_t
                    or elem_t is int64_t) and y < 0:
                st[0] |= ARRPY_STATUS_NEGATIVE_INTEGER_POWER
                r = 0
            else:
                # exponentiation by squaring modulo 2**64: the low bits are those of the
                # product in the element type
                e = <uint64_t>y
                base = <uint64_t>x
                acc = 1
                while e != 0:
                    if e & 1:
                        acc *= base
                    base *= base
                    e >>= 1
                r = <elem_t>acc
        elif op_t is LShiftOp:
            # a negative count is >= the width as unsigned
            r = <elem_t>(<uint64_t>x << <uint64_t>y) if <uint64_t>y < 8 * sizeof(elem_t) else 0
        elif op_t is RShiftOp:
            if <uint64_t>y < 8 * sizeof(elem_t):
                r = <elem_t>(x >> y)
            else:
                r = <elem_t>(-1) if x < 0 else 0
        else:
            r = x
    return r


cdef inline uint8_t cmpop(cmp_elem_t x, cmp_elem_t y, const cmp_t *tag) noexcept nogil:
    """x OP y as 0 or 1, branch-free (non-short-circuit & and |, so the loops vectorise).
    bool: any nonzero byte is true.  Floats: IEEE.  Complex: NumPy's lexicographic order,
    where a nan imaginary part spoils a decision taken on the real parts.  Logical ops: on the
    truth values x != 0 (nan is true, -0.0 false; complex: either part nonzero)."""
    cdef int xv, yv, nonan
    if cmp_t is LAndOp or cmp_t is LOrOp or cmp_t is LXorOp:
        if cmp_elem_t is bool_t:
            xv = x.v != 0
            yv = y.v != 0
        elif cmp_elem_t is cfloat_t or cmp_elem_t is cdouble_t:
            xv = (x.re != 0) | (x.im != 0)
            yv = (y.re != 0) | (y.im != 0)
        else:
            xv = x != 0
            yv = y != 0
        if cmp_t is LAndOp:
            return <uint8_t>(xv & yv)
        elif cmp_t is LOrOp:
            return <uint8_t>(xv | yv)
        else:
            return <uint8_t>(xv ^ yv)
    elif cmp_elem_t is bool_t:
        xv = x.v != 0
        yv = y.v != 0
        if cmp_t is EqOp:
            return <uint8_t>(xv == yv)
        elif cmp_t is NeOp:
            return <uint8_t>(xv != yv)
        elif cmp_t is LtOp:
            return <uint8_t>(xv < yv)
        elif cmp_t is LeOp:
            return <uint8_t>(xv <= yv)
        elif cmp_t is GtOp:
            return <uint8_t>(xv > yv)
        else:
            return <uint8_t>(xv >= yv)
    elif cmp_elem_t is cfloat_t or cmp_elem_t is cdouble_t:
        if cmp_t is EqOp:
            return <uint8_t>((x.re == y.re) & (x.im == y.im))
        elif cmp_t is NeOp:
            return <uint8_t>((x.re != y.re) | (x.im != y.im))
        else:
            nonan = (x.im == x.im) & (y.im == y.im)
            if cmp_t is LtOp:
                return <uint8_t>(((x.re < y.re) & nonan) | ((x.re == y.re) & (x.im < y.im)))
            elif cmp_t is LeOp:
                return <uint8_t>(((x.re < y.re) & nonan) | ((x.re == y.re) & (x.im <= y.im)))
            elif cmp_t is GtOp:
                return <uint8_t>(((x.re > y.re) & nonan) | ((x.re == y.re) & (x.im > y.im)))
            else:
                return <uint8_t>(((x.re > y.re) & nonan) | ((x.re == y.re) & (x.im >= y.im)))
    else:
        if cmp_t is EqOp:
            return <uint8_t>(x == y)
        elif cmp_t is NeOp:
            return <uint8_t>(x != y)
        elif cmp_t is LtOp:
            return <uint8_t>(x < y)
        elif cmp_t is LeOp:
            return <uint8_t>(x <= y)
        elif cmp_t is GtOp:
            return <uint8_t>(x > y)
        else:
            return <uint8_t>(x >= y)


# ---------------------------------------------------------------------------------------------
# Unary element operations
# ---------------------------------------------------------------------------------------------

cdef inline int uop_code(const uop_t *tag) noexcept nogil:
    """The ABI code of a unary tag (a compile-time constant)."""
    if uop_t is NegOp: return ARRPY_NEGATIVE
    elif uop_t is PosOp: return ARRPY_POSITIVE
    elif uop_t is AbsOp: return ARRPY_ABSOLUTE
    elif uop_t is RecipOp: return ARRPY_RECIPROCAL
    elif uop_t is SquareOp: return ARRPY_SQUARE
    elif uop_t is SqrtOp: return ARRPY_SQRT
    elif uop_t is CbrtOp: return ARRPY_CBRT
    elif uop_t is ExpOp: return ARRPY_EXP
    elif uop_t is Exp2Op: return ARRPY_EXP2
    elif uop_t is Expm1Op: return ARRPY_EXPM1
    elif uop_t is LogOp: return ARRPY_LOG
    elif uop_t is Log2Op: return ARRPY_LOG2
    elif uop_t is Log10Op: return ARRPY_LOG10
    elif uop_t is Log1pOp: return ARRPY_LOG1P
    elif uop_t is SinOp: return ARRPY_SIN
    elif uop_t is CosOp: return ARRPY_COS
    elif uop_t is TanOp: return ARRPY_TAN
    elif uop_t is AsinOp: return ARRPY_ARCSIN
    elif uop_t is AcosOp: return ARRPY_ARCCOS
    elif uop_t is AtanOp: return ARRPY_ARCTAN
    elif uop_t is SinhOp: return ARRPY_SINH
    elif uop_t is CoshOp: return ARRPY_COSH
    elif uop_t is TanhOp: return ARRPY_TANH
    elif uop_t is AsinhOp: return ARRPY_ARCSINH
    elif uop_t is AcoshOp: return ARRPY_ARCCOSH
    elif uop_t is AtanhOp: return ARRPY_ARCTANH
    elif uop_t is Deg2radOp: return ARRPY_DEG2RAD
    elif uop_t is Rad2degOp: return ARRPY_RAD2DEG
    elif uop_t is FloorOp: return ARRPY_FLOOR
    elif uop_t is CeilOp: return ARRPY_CEIL
    elif uop_t is TruncOp: return ARRPY_TRUNC
    elif uop_t is RintOp: return ARRPY_RINT
    elif uop_t is SignOp: return ARRPY_SIGN
    elif uop_t is ConjOp: return ARRPY_CONJUGATE
    elif uop_t is InvertOp: return ARRPY_INVERT
    elif uop_t is IsnanOp: return ARRPY_ISNAN
    elif uop_t is IsinfOp: return ARRPY_ISINF
    elif uop_t is IsfiniteOp: return ARRPY_ISFINITE
    elif uop_t is SignbitOp: return ARRPY_SIGNBIT
    else: return ARRPY_LOGICAL_NOT


cdef inline bint unop_valid(const elem_t *etag, const uop_t *otag) noexcept nogil:
    """Whether the specialisation is reachable (signed dtypes run everything but absolute,
    reciprocal and sign as unsigned).  Resolved at compile time."""
    if elem_t is bool_t:
        return (uop_t is AbsOp or uop_t is FloorOp or uop_t is CeilOp or uop_t is TruncOp
                or uop_t is InvertOp or uop_t is IsnanOp or uop_t is IsinfOp
                or uop_t is IsfiniteOp or uop_t is LNotOp)
    elif elem_t is int8_t or elem_t is int16_t or elem_t is int32_t or elem_t is int64_t:
        return uop_t is AbsOp or uop_t is RecipOp or uop_t is SignOp
    elif elem_t is uint8_t or elem_t is uint16_t or elem_t is uint32_t or elem_t is uint64_t:
        return (uop_t is NegOp or uop_t is PosOp or uop_t is AbsOp or uop_t is RecipOp
                or uop_t is SquareOp or uop_t is FloorOp or uop_t is CeilOp
                or uop_t is TruncOp or uop_t is SignOp or uop_t is ConjOp or uop_t is InvertOp
                or uop_t is IsnanOp or uop_t is IsinfOp or uop_t is IsfiniteOp
                or uop_t is LNotOp)
    elif elem_t is float or elem_t is double:
        return not uop_t is InvertOp
    else:
        return not (uop_t is CbrtOp or uop_t is Deg2radOp or uop_t is Rad2degOp
                    or uop_t is FloorOp or uop_t is CeilOp or uop_t is TruncOp
                    or uop_t is InvertOp or uop_t is SignbitOp)


cdef inline real_t rfun(int code, real_t x) noexcept nogil:
    if real_t is float:
        return arrpy_rfun_f(code, x)
    else:
        return arrpy_rfun_d(code, x)


cdef inline void cfun(int code, real_t xr, real_t xi, real_t *rr, real_t *ri) noexcept nogil:
    if real_t is float:
        arrpy_cfun_f(code, xr, xi, 0, 0, rr, ri)
    else:
        arrpy_cfun_d(code, xr, xi, 0, 0, rr, ri)


cdef inline bint r_isinf(real_t x) noexcept nogil:
    if real_t is float:
        return c_fabsf(x) == C_INFF
    else:
        return fabs(x) == C_INF


cdef inline bint r_isfinite(real_t x) noexcept nogil:
    if real_t is float:
        return c_fabsf(x) < C_INFF
    else:
        return fabs(x) < C_INF


cdef inline void complex_unary(int code, real_t xr, real_t xi, real_t *rr,
                               real_t *ri) noexcept nogil:
    """The complex ops that are not plain arithmetic, as NumPy computes them."""
    cdef real_t q, d, s, ab
    # ln 2, log2(e), log10(e) rounded to the component type
    cdef real_t ln2 = <real_t>0.693147180559945309417232121458176568
    cdef real_t log2e = <real_t>1.442695040888963407359924681001892137
    cdef real_t log10e = <real_t>0.434294481903251827651128918916605082
    if code == ARRPY_RECIPROCAL:                    # NumPy's loop (Smith's method)
        if fabs(xi) <= fabs(xr):
            q = xi / xr
            d = xr + xi * q
            rr[0] = 1 / d
            ri[0] = -q / d
        else:
            q = xr / xi
            d = xr * q + xi
            rr[0] = q / d
            ri[0] = -1 / d
    elif code == ARRPY_SIGN:
        if real_t is float:
            ab = c_hypotf(xr, xi)
        else:
            ab = c_hypot(xr, xi)
        if ab != ab:
            rr[0] = <real_t>C_NAN
            ri[0] = <real_t>C_NAN
        elif r_isinf(ab):
            if r_isinf(xr):
                if r_isinf(xi):
                    rr[0] = <real_t>C_NAN
                    ri[0] = <real_t>C_NAN
                else:
                    rr[0] = 1 if xr > 0 else -1
                    ri[0] = 0
            else:
                rr[0] = 0
                ri[0] = 1 if xi > 0 else -1
        elif ab == 0:
            rr[0] = 0
            ri[0] = 0
        else:
            rr[0] = xr / ab
            ri[0] = xi / ab
    elif code == ARRPY_EXP2:                        # nc_exp2: cexp(z ln 2)
        cfun(ARRPY_EXP, xr * ln2, xi * ln2, rr, ri)
    elif code == ARRPY_EXPM1:                       # nc_expm1
        if real_t is float:
            s = c_sinf(xi / 2)
            rr[0] = c_expm1f(xr) * c_cosf(xi) - 2 * s * s
            ri[0] = c_expf(xr) * c_sinf(xi)
        else:
            s = c_sin(xi / 2)
            rr[0] = c_expm1(xr) * c_cos(xi) - 2 * s * s
            ri[0] = c_exp(xr) * c_sin(xi)
    elif code == ARRPY_LOG2 or code == ARRPY_LOG10:  # nc_log2 / nc_log10
        cfun(ARRPY_LOG, xr, xi, &q, &d)
        s = log2e if code == ARRPY_LOG2 else log10e
        rr[0] = q * s
        ri[0] = d * s
    elif code == ARRPY_LOG1P:                       # nc_log1p
        if real_t is float:
            ab = c_hypotf(xr + 1, xi)
            ri[0] = c_atan2f(xi, xr + 1)
            rr[0] = c_logf(ab)
        else:
            ab = c_hypot(xr + 1, xi)
            ri[0] = c_atan2(xi, xr + 1)
            rr[0] = c_log(ab)
    elif code == ARRPY_RINT:
        rr[0] = rfun(ARRPY_RINT, xr)
        ri[0] = rfun(ARRPY_RINT, xi)
    else:                                           # csqrt, cexp, clog, csin, ..., catanh
        cfun(code, xr, xi, rr, ri)


cdef inline real_t cbrt_refined(real_t x) noexcept nogil:
    """cbrt within about half an ulp (glibc's cbrt is off by up to 3-4 ulp, NumPy's SVML cbrt
    by less than 1): float32 through the double cbrt, float64 with one Newton step on the
    exact residual (fma) where no intermediate can underflow or overflow."""
    cdef double y, t, lo, res
    if real_t is float:
        return <float>arrpy_rfun_d(ARRPY_CBRT, <double>x)
    else:
        y = arrpy_rfun_d(ARRPY_CBRT, x)
        if 1e-250 < fabs(x) < 1e300:
            t = y * y
            lo = fma(y, y, -t)                  # y*y == t + lo exactly
            res = fma(t, y, -x) + lo * y        # y**3 - x
            y = y - res / (3 * t)
        return y


cdef inline elem_t unop(elem_t x, const uop_t *tag) noexcept nogil:
    """OP(x) for the ops whose result has the input's type."""
    cdef elem_t r
    cdef int code = uop_code(tag)
    if elem_t is bool_t:
        if uop_t is InvertOp:
            r.v = x.v == 0
        else:                                   # absolute, floor, ceil, trunc
            r.v = x.v != 0
    elif elem_t is cfloat_t or elem_t is cdouble_t:
        if uop_t is NegOp:
            r.re = -x.re
            r.im = -x.im
        elif uop_t is SquareOp:
            # x * x with arrpy's (and NumPy's SIMD loop's) complex product: one rounding per
            # component, re = fma(a, a, -(b*b)), im = fma(a, b, b*a) (max+maxj -> -inf+infj
            # as NumPy, where the plain formula gives nan)
            if elem_t is cfloat_t:
                r.re = fmaf(x.re, x.re, -(x.im * x.im))
                r.im = fmaf(x.re, x.im, x.im * x.re)
            else:
                r.re = fma(x.re, x.re, -(x.im * x.im))
                r.im = fma(x.re, x.im, x.im * x.re)
        elif uop_t is ConjOp:
            r.re = x.re
            r.im = -x.im
        elif uop_t is PosOp:
            r = x
        else:
            complex_unary(code, x.re, x.im, &r.re, &r.im)
    elif elem_t is float or elem_t is double:
        if uop_t is NegOp:
            r = -x
        elif uop_t is PosOp or uop_t is ConjOp:
            r = x
        elif uop_t is AbsOp:
            if elem_t is float:
                r = c_fabsf(x)
            else:
                r = fabs(x)
        elif uop_t is RecipOp:
            r = 1 / x
        elif uop_t is SquareOp:
            r = x * x
        elif uop_t is Deg2radOp:
            r = x * (<elem_t>3.141592653589793238462643383279502884 / <elem_t>180)
        elif uop_t is Rad2degOp:
            r = x * (<elem_t>180 / <elem_t>3.141592653589793238462643383279502884)
        elif uop_t is SignOp:
            r = 1 if x > 0 else (-1 if x < 0 else (0 if x == 0 else x))
        elif uop_t is CbrtOp:
            r = cbrt_refined(x)
        elif uop_t is SqrtOp:
            if elem_t is float:
                r = c_sqrtf(x)
            else:
                r = c_sqrt(x)
        else:
            r = rfun(code, x)
    else:
        # integers: the sign-agnostic ops only run on the unsigned types (no overflow UB)
        if uop_t is NegOp:
            r = <elem_t>(0 - x)
        elif uop_t is SquareOp:
            if elem_t is uint8_t or elem_t is uint16_t:
                r = <elem_t>(<unsigned int>x * <unsigned int>x)
            else:
                r = <elem_t>(x * x)
        elif uop_t is InvertOp:
            r = <elem_t>(~x)
        elif uop_t is AbsOp:
            if elem_t is int8_t or elem_t is int16_t or elem_t is int32_t or elem_t is int64_t:
                r = x if x >= 0 else <elem_t>(<uint64_t>0 - <uint64_t>x)   # abs(MIN) == MIN
            else:
                r = x
        elif uop_t is SignOp:
            if elem_t is int8_t or elem_t is int16_t or elem_t is int32_t or elem_t is int64_t:
                r = <elem_t>((x > 0) - (x < 0))
            else:
                r = <elem_t>(x != 0)
        elif uop_t is RecipOp:
            # (T)(1.0 / x) as NumPy on x86-64: 1 / 0 = inf converts to INT_MIN for int32 and
            # int64 (cvttsd2si), to 0 for the narrower and the unsigned types
            if elem_t is int8_t or elem_t is int16_t or elem_t is int32_t or elem_t is int64_t:
                if x == 0:
                    if elem_t is int32_t or elem_t is int64_t:
                        r = <elem_t>(<uint64_t>1 << (8 * sizeof(elem_t) - 1))
                    else:
                        r = 0
                else:
                    r = <elem_t>((x == 1) - (x == -1))
            else:
                r = <elem_t>(x == 1)
        else:                                   # positive, conjugate, floor, ceil, trunc
            r = x
    return r


cdef inline uint8_t upred(elem_t x, const uop_t *tag) noexcept nogil:
    """isnan, isinf, isfinite, signbit, logical_not."""
    if elem_t is bool_t:
        if uop_t is IsfiniteOp:
            return 1
        elif uop_t is LNotOp:
            return x.v == 0
        else:
            return 0
    elif elem_t is cfloat_t or elem_t is cdouble_t:
        if uop_t is IsnanOp:
            return (x.re != x.re) | (x.im != x.im)
        elif uop_t is IsinfOp:
            return r_isinf(x.re) | r_isinf(x.im)
        elif uop_t is IsfiniteOp:
            return r_isfinite(x.re) & r_isfinite(x.im)
        elif uop_t is LNotOp:
            return (x.re == 0) & (x.im == 0)
        else:
            return 0
    elif elem_t is float or elem_t is double:
        if uop_t is IsnanOp:
            return x != x
        elif uop_t is IsinfOp:
            return r_isinf(x)
        elif uop_t is IsfiniteOp:
            return r_isfinite(x)
        elif uop_t is SignbitOp:
            if elem_t is float:
                return c_copysignf(1, x) < 0
            else:
                return c_copysign(1, x) < 0
        else:
            return x == 0
    else:
        if uop_t is IsfiniteOp:
            return 1
        elif uop_t is LNotOp:
            return x == 0
        else:
            return 0


# ---------------------------------------------------------------------------------------------
# 1-D inner loops
# ---------------------------------------------------------------------------------------------

cdef inline int loop_1d(Py_ssize_t n,
                        const char *a, Py_ssize_t sa,
                        const char *b, Py_ssize_t sb,
                        char *out, Py_ssize_t so,
                        const elem_t *etag, const op_t *otag) noexcept nogil:
    """out[i] = a[i] OP b[i] for i < n; strides in bytes.  Returns status flags."""
    cdef Py_ssize_t i
    cdef Py_ssize_t es = sizeof(elem_t)
    cdef const elem_t *pa
    cdef const elem_t *pb
    cdef elem_t *po
    cdef elem_t s
    cdef int st = 0
    if not binop_valid(etag, otag):
        return ARRPY_STATUS_UNSUPPORTED
    if so == es:
        po = <elem_t *>out
        if sa == es and sb == es:
            pa = <const elem_t *>a
            pb = <const elem_t *>b
            if op_t is FloorDivOp or op_t is RemOp or op_t is PowOp:
                for i in range(n):
                    po[i] = binop(pa[i], pb[i], otag, &st)
            else:
                # No status to collect: without the flag's address in the loop, the C compiler
                # vectorises it (a + b on 1e5 float64: 49 -> ~30 us).
                for i in range(n):
                    po[i] = binop(pa[i], pb[i], otag, <int *>NULL)
            return st
        if sa == 0 and sb == es:
            s = (<const elem_t *>a)[0]
            pb = <const elem_t *>b
            if op_t is FloorDivOp or op_t is RemOp or op_t is PowOp:
                for i in range(n):
                    po[i] = binop(s, pb[i], otag, &st)
            else:
                for i in range(n):
                    po[i] = binop(s, pb[i], otag, <int *>NULL)
            return st
        if sb == 0 and sa == es:
            s = (<const elem_t *>b)[0]
            pa = <const elem_t *>a
            if op_t is FloorDivOp or op_t is RemOp or op_t is PowOp:
                for i in range(n):
                    po[i] = binop(pa[i], s, otag, &st)
            else:
                for i in range(n):
                    po[i] = binop(pa[i], s, otag, <int *>NULL)
            return st
    for i in range(n):
        (<elem_t *>out)[0] = binop((<const elem_t *>a)[0], (<const elem_t *>b)[0], otag, &st)
        a += sa
        b += sb
        out += so
    return st


cdef inline int uloop_1d(Py_ssize_t n, const char *a, Py_ssize_t sa, char *out, Py_ssize_t so,
                         const elem_t *etag, const uop_t *otag) noexcept nogil:
    """out[i] = OP(a[i]) for i < n; strides in bytes.  The output type follows the op."""
    cdef Py_ssize_t i
    cdef Py_ssize_t es = sizeof(elem_t)
    cdef const elem_t *pa
    if not unop_valid(etag, otag):
        return ARRPY_STATUS_UNSUPPORTED
    if (uop_t is IsnanOp or uop_t is IsinfOp or uop_t is IsfiniteOp or uop_t is SignbitOp
            or uop_t is LNotOp):
        if sa == es and so == 1:
            pa = <const elem_t *>a
            for i in range(n):
                (<uint8_t *>out)[i] = upred(pa[i], otag)
        else:
            for i in range(n):
                (<uint8_t *>out)[0] = upred((<const elem_t *>a)[0], otag)
                a += sa
                out += so
    elif uop_t is AbsOp and elem_t is cfloat_t:
        for i in range(n):
            (<float *>out)[0] = c_hypotf((<const cfloat_t *>a)[0].re,
                                         (<const cfloat_t *>a)[0].im)
            a += sa
            out += so
    elif uop_t is AbsOp and elem_t is cdouble_t:
        for i in range(n):
            (<double *>out)[0] = c_hypot((<const cdouble_t *>a)[0].re,
                                         (<const cdouble_t *>a)[0].im)
            a += sa
            out += so
    else:
        if sa == es and so == es:
            pa = <const elem_t *>a
            for i in range(n):
                (<elem_t *>out)[i] = unop(pa[i], otag)
        else:
            for i in range(n):
                (<elem_t *>out)[0] = unop((<const elem_t *>a)[0], otag)
                a += sa
                out += so
    return 0


# gcc cannot vectorise a 64-bit compare narrowed to bytes without SSE4.2 (no 64-bit integer
# compare before it; the double compare mask is typed as one).  For float64 on such targets the
# contiguous paths go through a block of doubles: first `x OP y ? 1.0 : 0.0` (cmppd + and),
# then the narrowing conversion, both vectorised.  int64 / uint64 / complex128 stay scalar there.
cdef extern from *:
    """
    #if defined(__SSE4_2__) || !(defined(__x86_64__) || defined(__i386__))
    #define ARRPY_CMP_F64_DIRECT 1
    #else
    #define ARRPY_CMP_F64_DIRECT 0
    #endif
    """
    const int ARRPY_CMP_F64_DIRECT

cdef enum:
    CMP_BLOCK = 512


cdef inline double cmp_sel(double x, double y, const cmp_t *tag) noexcept nogil:
    if cmp_t is EqOp:
        return 1.0 if x == y else 0.0
    elif cmp_t is NeOp:
        return 1.0 if x != y else 0.0
    elif cmp_t is LtOp:
        return 1.0 if x < y else 0.0
    elif cmp_t is LeOp:
        return 1.0 if x <= y else 0.0
    elif cmp_t is GtOp:
        return 1.0 if x > y else 0.0
    elif cmp_t is GeOp:
        return 1.0 if x >= y else 0.0
    elif cmp_t is LAndOp:
        return 1.0 if (x != 0) & (y != 0) else 0.0
    elif cmp_t is LOrOp:
        return 1.0 if (x != 0) | (y != 0) else 0.0
    else:
        return 1.0 if (x != 0) ^ (y != 0) else 0.0


cdef inline void cmp_f64_blocks(Py_ssize_t n, const double *pa, bint va, const double *pb,
                                bint vb, uint8_t *po, const cmp_t *otag) noexcept nogil:
    """po[i] = pa[i] OP pb[i]; va / vb false means a scalar operand (pa[0] / pb[0])."""
    cdef double tmp[CMP_BLOCK]
    cdef Py_ssize_t i0 = 0
    cdef Py_ssize_t m, i
    cdef double s
    while i0 < n:
        m = n - i0
        if m > CMP_BLOCK:
            m = CMP_BLOCK
        if va and vb:
            for i in range(m):
                tmp[i] = cmp_sel(pa[i0 + i], pb[i0 + i], otag)
        elif vb:
            s = pa[0]
            for i in range(m):
                tmp[i] = cmp_sel(s, pb[i0 + i], otag)
        else:
            s = pb[0]
            for i in range(m):
                tmp[i] = cmp_sel(pa[i0 + i], s, otag)
        for i in range(m):
            po[i0 + i] = <uint8_t><int32_t>tmp[i]
        i0 += m


cdef inline void cmp_loop_1d(Py_ssize_t n,
                             const char *a, Py_ssize_t sa,
                             const char *b, Py_ssize_t sb,
                             char *out, Py_ssize_t so,
                             const cmp_elem_t *etag, const cmp_t *otag) noexcept nogil:
    """out[i] = a[i] OP b[i] for i < n, out of uint8 (0/1); strides in bytes."""
    cdef Py_ssize_t i
    cdef Py_ssize_t es = sizeof(cmp_elem_t)
    cdef const cmp_elem_t *pa
    cdef const cmp_elem_t *pb
    cdef uint8_t *po
    cdef cmp_elem_t s
    if so == 1:
        po = <uint8_t *>out
        if cmp_elem_t is double:
            if not ARRPY_CMP_F64_DIRECT and (sa == es or sa == 0) and (sb == es or sb == 0) \
                    and (sa != 0 or sb != 0):
                cmp_f64_blocks(n, <const double *>a, sa != 0, <const double *>b, sb != 0, po,
                               otag)
                return
        if sa == es and sb == es:
            pa = <const cmp_elem_t *>a
            pb = <const cmp_elem_t *>b
            for i in range(n):
                po[i] = cmpop(pa[i], pb[i], otag)
            return
        if sa == 0 and sb == es:
            s = (<const cmp_elem_t *>a)[0]
            pb = <const cmp_elem_t *>b
            for i in range(n):
                po[i] = cmpop(s, pb[i], otag)
            return
        if sb == 0 and sa == es:
            s = (<const cmp_elem_t *>b)[0]
            pa = <const cmp_elem_t *>a
            for i in range(n):
                po[i] = cmpop(pa[i], s, otag)
            return
    for i in range(n):
        (<uint8_t *>out)[0] = cmpop((<const cmp_elem_t *>a)[0], (<const cmp_elem_t *>b)[0], otag)
        a += sa
        b += sb
        out += so


# ---------------------------------------------------------------------------------------------
# Row dispatch: (kind, dtype, op) -> the 1-D loop specialisation
# ---------------------------------------------------------------------------------------------

cdef int bin_row(int op, Py_ssize_t n, const char *a, Py_ssize_t sa, const char *b,
                 Py_ssize_t sb, char *out, Py_ssize_t so, const elem_t *e) noexcept nogil:
    if op == ARRPY_ADD: return loop_1d(n, a, sa, b, sb, out, so, e, <const AddOp *>NULL)
    elif op == ARRPY_SUBTRACT: return loop_1d(n, a, sa, b, sb, out, so, e, <const SubOp *>NULL)
    elif op == ARRPY_MULTIPLY: return loop_1d(n, a, sa, b, sb, out, so, e, <const MulOp *>NULL)
    elif op == ARRPY_DIVIDE: return loop_1d(n, a, sa, b, sb, out, so, e, <const DivOp *>NULL)
    elif op == ARRPY_BITWISE_AND:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const AndOp *>NULL)
    elif op == ARRPY_BITWISE_OR: return loop_1d(n, a, sa, b, sb, out, so, e, <const OrOp *>NULL)
    elif op == ARRPY_BITWISE_XOR:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const XorOp *>NULL)
    elif op == ARRPY_FLOOR_DIVIDE:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const FloorDivOp *>NULL)
    elif op == ARRPY_REMAINDER:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const RemOp *>NULL)
    elif op == ARRPY_POWER: return loop_1d(n, a, sa, b, sb, out, so, e, <const PowOp *>NULL)
    elif op == ARRPY_MAXIMUM: return loop_1d(n, a, sa, b, sb, out, so, e, <const MaxOp *>NULL)
    elif op == ARRPY_MINIMUM: return loop_1d(n, a, sa, b, sb, out, so, e, <const MinOp *>NULL)
    elif op == ARRPY_FMAX: return loop_1d(n, a, sa, b, sb, out, so, e, <const FMaxOp *>NULL)
    elif op == ARRPY_FMIN: return loop_1d(n, a, sa, b, sb, out, so, e, <const FMinOp *>NULL)
    elif op == ARRPY_COPYSIGN:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const CopysignOp *>NULL)
    elif op == ARRPY_HYPOT: return loop_1d(n, a, sa, b, sb, out, so, e, <const HypotOp *>NULL)
    elif op == ARRPY_ARCTAN2:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const Atan2Op *>NULL)
    elif op == ARRPY_LOGADDEXP:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const LogAddExpOp *>NULL)
    elif op == ARRPY_LEFT_SHIFT:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const LShiftOp *>NULL)
    else:
        return loop_1d(n, a, sa, b, sb, out, so, e, <const RShiftOp *>NULL)


cdef int cmp_row(int op, Py_ssize_t n, const char *a, Py_ssize_t sa, const char *b,
                 Py_ssize_t sb, char *out, Py_ssize_t so, const cmp_elem_t *e) noexcept nogil:
    if op == ARRPY_EQUAL: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const EqOp *>NULL)
    elif op == ARRPY_NOT_EQUAL: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const NeOp *>NULL)
    elif op == ARRPY_LESS: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const LtOp *>NULL)
    elif op == ARRPY_LESS_EQUAL: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const LeOp *>NULL)
    elif op == ARRPY_GREATER: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const GtOp *>NULL)
    elif op == ARRPY_GREATER_EQUAL:
        cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const GeOp *>NULL)
    elif op == ARRPY_LOGICAL_AND: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const LAndOp *>NULL)
    elif op == ARRPY_LOGICAL_OR: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const LOrOp *>NULL)
    else: cmp_loop_1d(n, a, sa, b, sb, out, so, e, <const LXorOp *>NULL)
    return ARRPY_OK


cdef int un_row(int op, Py_ssize_t n, const char *a, Py_ssize_t sa, char *out, Py_ssize_t so,
                const elem_t *e) noexcept nogil:
    if op == ARRPY_NEGATIVE: return uloop_1d(n, a, sa, out, so, e, <const NegOp *>NULL)
    elif op == ARRPY_POSITIVE: return uloop_1d(n, a, sa, out, so, e, <const PosOp *>NULL)
    elif op == ARRPY_ABSOLUTE: return uloop_1d(n, a, sa, out, so, e, <const AbsOp *>NULL)
    elif op == ARRPY_RECIPROCAL: return uloop_1d(n, a, sa, out, so, e, <const RecipOp *>NULL)
    elif op == ARRPY_SQUARE: return uloop_1d(n, a, sa, out, so, e, <const SquareOp *>NULL)
    elif op == ARRPY_SQRT: return uloop_1d(n, a, sa, out, so, e, <const SqrtOp *>NULL)
    elif op == ARRPY_CBRT: return uloop_1d(n, a, sa, out, so, e, <const CbrtOp *>NULL)
    elif op == ARRPY_EXP: return uloop_1d(n, a, sa, out, so, e, <const ExpOp *>NULL)
    elif op == ARRPY_EXP2: return uloop_1d(n, a, sa, out, so, e, <const Exp2Op *>NULL)
    elif op == ARRPY_EXPM1: return uloop_1d(n, a, sa, out, so, e, <const Expm1Op *>NULL)
    elif op == ARRPY_LOG: return uloop_1d(n, a, sa, out, so, e, <const LogOp *>NULL)
    elif op == ARRPY_LOG2: return uloop_1d(n, a, sa, out, so, e, <const Log2Op *>NULL)
    elif op == ARRPY_LOG10: return uloop_1d(n, a, sa, out, so, e, <const Log10Op *>NULL)
    elif op == ARRPY_LOG1P: return uloop_1d(n, a, sa, out, so, e, <const Log1pOp *>NULL)
    elif op == ARRPY_SIN: return uloop_1d(n, a, sa, out, so, e, <const SinOp *>NULL)
    elif op == ARRPY_COS: return uloop_1d(n, a, sa, out, so, e, <const CosOp *>NULL)
    elif op == ARRPY_TAN: return uloop_1d(n, a, sa, out, so, e, <const TanOp *>NULL)
    elif op == ARRPY_ARCSIN: return uloop_1d(n, a, sa, out, so, e, <const AsinOp *>NULL)
    elif op == ARRPY_ARCCOS: return uloop_1d(n, a, sa, out, so, e, <const AcosOp *>NULL)
    elif op == ARRPY_ARCTAN: return uloop_1d(n, a, sa, out, so, e, <const AtanOp *>NULL)
    elif op == ARRPY_SINH: return uloop_1d(n, a, sa, out, so, e, <const SinhOp *>NULL)
    elif op == ARRPY_COSH: return uloop_1d(n, a, sa, out, so, e, <const CoshOp *>NULL)
    elif op == ARRPY_TANH: return uloop_1d(n, a, sa, out, so, e, <const TanhOp *>NULL)
    elif op == ARRPY_ARCSINH: return uloop_1d(n, a, sa, out, so, e, <const AsinhOp *>NULL)
    elif op == ARRPY_ARCCOSH: return uloop_1d(n, a, sa, out, so, e, <const AcoshOp *>NULL)
    elif op == ARRPY_ARCTANH: return uloop_1d(n, a, sa, out, so, e, <const AtanhOp *>NULL)
    elif op == ARRPY_DEG2RAD: return uloop_1d(n, a, sa, out, so, e, <const Deg2radOp *>NULL)
    elif op == ARRPY_RAD2DEG: return uloop_1d(n, a, sa, out, so, e, <const Rad2degOp *>NULL)
    elif op == ARRPY_FLOOR: return uloop_1d(n, a, sa, out, so, e, <const FloorOp *>NULL)
    elif op == ARRPY_CEIL: return uloop_1d(n, a, sa, out, so, e, <const CeilOp *>NULL)
    elif op == ARRPY_TRUNC: return uloop_1d(n, a, sa, out, so, e, <const TruncOp *>NULL)
    elif op == ARRPY_RINT: return uloop_1d(n, a, sa, out, so, e, <const RintOp *>NULL)
    elif op == ARRPY_SIGN: return uloop_1d(n, a, sa, out, so, e, <const SignOp *>NULL)
    elif op == ARRPY_CONJUGATE: return uloop_1d(n, a, sa, out, so, e, <const ConjOp *>NULL)
    elif op == ARRPY_INVERT: return uloop_1d(n, a, sa, out, so, e, <const InvertOp *>NULL)
    elif op == ARRPY_ISNAN: return uloop_1d(n, a, sa, out, so, e, <const IsnanOp *>NULL)
    elif op == ARRPY_ISINF: return uloop_1d(n, a, sa, out, so, e, <const IsinfOp *>NULL)
    elif op == ARRPY_ISFINITE: return uloop_1d(n, a, sa, out, so, e, <const IsfiniteOp *>NULL)
    elif op == ARRPY_SIGNBIT: return uloop_1d(n, a, sa, out, so, e, <const SignbitOp *>NULL)
    else: return uloop_1d(n, a, sa, out, so, e, <const LNotOp *>NULL)


cdef enum:
    KIND_BINARY = 0
    KIND_COMPARE = 1
    KIND_UNARY = 2


# ---------------------------------------------------------------------------------------------
# Floating-point status (abi.h, "Floating-point status"): NumPy's divide-by-zero / overflow /
# invalid warnings for float32 and float64, the same flags in every backend.
#   * FP_HARDWARE: add, subtract, multiply, divide, square, reciprocal and sqrt are correctly
#     rounded IEEE operations in C: the exception flags are cleared before a chunk and read
#     after it (per thread), at no cost per element.
#   * FP_RULE: the other ops (libm calls and composite formulas, which can raise a flag that the
#     result does not justify) apply the rule to inputs and results, block by block while they
#     are in cache: a scan of the results for inf / nan, then the classification if one is there.
# ---------------------------------------------------------------------------------------------

cdef extern from "<fenv.h>" nogil:
    int feclearexcept(int excepts)
    int fetestexcept(int excepts)
    const int FE_DIVBYZERO
    const int FE_OVERFLOW
    const int FE_INVALID

cdef enum:
    FP_NONE = 0
    FP_HARDWARE = 1
    FP_RULE = 2
    FP_BLOCK = 1024   # elements per block of the rule (inputs and results stay in L1)


cdef int binary_fp_mode(int op, int dtype) noexcept nogil:
    if not (dtype == ARRPY_FLOAT32 or dtype == ARRPY_FLOAT64):
        return FP_NONE
    if op == ARRPY_ADD or op == ARRPY_SUBTRACT or op == ARRPY_MULTIPLY or op == ARRPY_DIVIDE:
        return FP_HARDWARE
    if (op == ARRPY_FLOOR_DIVIDE or op == ARRPY_REMAINDER or op == ARRPY_POWER
            or op == ARRPY_HYPOT):
        return FP_RULE
    return FP_NONE                            # the rule never fires for the others


cdef int unary_fp_mode(int op, int dtype) noexcept nogil:
    if not (dtype == ARRPY_FLOAT32 or dtype == ARRPY_FLOAT64):
        return FP_NONE
    if op == ARRPY_RECIPROCAL or op == ARRPY_SQUARE or op == ARRPY_SQRT:
        return FP_HARDWARE
    if (ARRPY_EXP <= op <= ARRPY_ARCCOS or op == ARRPY_SINH or op == ARRPY_COSH
            or op == ARRPY_ARCCOSH or op == ARRPY_ARCTANH or op == ARRPY_DEG2RAD
            or op == ARRPY_RAD2DEG):
        return FP_RULE                        # exp .. arccos: the abi.h order
    return FP_NONE


cdef inline int hardware_status() noexcept nogil:
    cdef int raised = fetestexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_INVALID)
    return ((ARRPY_STATUS_DIVIDE_BY_ZERO if raised & FE_DIVBYZERO else 0)
            | (ARRPY_STATUS_OVERFLOW if raised & FE_OVERFLOW else 0)
            | (ARRPY_STATUS_INVALID if raised & FE_INVALID else 0))


cdef inline bint fp_pole(bint unary, int op, double x, double y) noexcept nogil:
    """Is (x, y) a pole of op, where an infinite result is a division by zero?"""
    if unary:
        if op == ARRPY_LOG or op == ARRPY_LOG2 or op == ARRPY_LOG10 or op == ARRPY_RECIPROCAL:
            return x == 0
        if op == ARRPY_LOG1P:
            return x == -1
        if op == ARRPY_ARCTANH:
            return x == 1 or x == -1
        return False
    if op == ARRPY_DIVIDE or op == ARRPY_FLOOR_DIVIDE:
        return y == 0 and fabs(x) < C_INF
    if op == ARRPY_POWER:
        return x == 0 and y < 0
    return False


cdef extern from *:
    """
    #if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    #define ARRPY_HIGH_WORD 0   /* the 32-bit word of a double that holds sign and exponent */
    #else
    #define ARRPY_HIGH_WORD 1
    #endif
    """
    const int ARRPY_HIGH_WORD


cdef int rule_status(real_t dummy, bint unary, int op, Py_ssize_t n, const char *x,
                     Py_ssize_t sx, const char *y, Py_ssize_t sy, const char *r,
                     Py_ssize_t sr) noexcept nogil:
    """The rule's flags for r[i] = x[i] OP y[i] (unary: y unused)."""
    cdef Py_ssize_t i
    cdef bint seen = False
    cdef double result, a, b
    cdef int status = 0
    cdef const uint32_t *hi
    cdef uint32_t acc = 0
    if real_t is double and sr == sizeof(double):
        # contiguous float64 results: inf / nan have the exponent field 0x7ff, the only one
        # for which field + 1 reaches bit 31; a scan of the high words that the baseline (SSE2)
        # target vectorises (it has no 64-bit compare for fabs(x) < inf)
        hi = <const uint32_t *>r + ARRPY_HIGH_WORD
        for i in range(n):
            acc |= (hi[2 * i] & 0x7ff00000u) + 0x00100000u
        seen = acc >> 31
    elif sr == sizeof(real_t):                # contiguous float32 results: a vectorised scan
        for i in range(n):
            seen |= not r_isfinite((<const real_t *>r)[i])
    else:
        for i in range(n):                    # the common case: every result finite
            seen |= not r_isfinite((<const real_t *>(r + i * sr))[0])
    if not seen:
        return 0
    for i in range(n):
        result = (<const real_t *>(r + i * sr))[0]
        if fabs(result) < C_INF:
            continue
        a = (<const real_t *>(x + i * sx))[0]
        b = 0.0 if unary else (<const real_t *>(y + i * sy))[0]
        if result != result:
            if a == a and b == b:
                status |= ARRPY_STATUS_INVALID
        elif fp_pole(unary, op, a, b):
            status |= ARRPY_STATUS_DIVIDE_BY_ZERO
        elif fabs(a) < C_INF and fabs(b) < C_INF:
            status |= ARRPY_STATUS_OVERFLOW
    return status


# ---------------------------------------------------------------------------------------------
# N-d iteration
# ---------------------------------------------------------------------------------------------

cdef enum:
    MAXDIMS = 64     # after dropping size-1 dims, more than 63 would mean > 2**63 elements
    MAXCHUNKS = 256

ctypedef struct nditer_t:
    int nd                       # coalesced dims, >= 1; index 0 is the innermost
    int64_t total                # number of elements
    int64_t n[MAXDIMS]
    int64_t sa[MAXDIMS]
    int64_t sb[MAXDIMS]          # unary ops: a copy of sa (b is a)
    int64_t so[MAXDIMS]
    const char *a
    const char *b
    char *out
    int kind                     # KIND_BINARY / KIND_COMPARE / KIND_UNARY
    int op                       # the ABI op code of that kind
    int dtype                    # the loop's element type (a signed dtype may run as unsigned)
    int fp_mode                  # FP_NONE / FP_HARDWARE / FP_RULE (floating-point status)


cdef int dispatch_row(const nditer_t *it, Py_ssize_t n, const char *a, Py_ssize_t sa,
                      const char *b, Py_ssize_t sb, char *out, Py_ssize_t so) noexcept nogil:
    """One row: the 1-D loop for the iterator's (kind, dtype, op)."""
    cdef int op = it.op
    cdef int dt = it.dtype
    cdef int slot
    if it.kind == KIND_UNARY:
        # vectorised exp / log / sin / cos (issue 3, the end of this file)
        slot = vmath_slot(op, dt)
        if slot >= 0:
            return vmath_row(slot, dt, n, a, sa, out, so)
        if dt == ARRPY_BOOL: return un_row(op, n, a, sa, out, so, <const bool_t *>NULL)
        elif dt == ARRPY_INT8: return un_row(op, n, a, sa, out, so, <const int8_t *>NULL)
        elif dt == ARRPY_UINT8: return un_row(op, n, a, sa, out, so, <const uint8_t *>NULL)
        elif dt == ARRPY_INT16: return un_row(op, n, a, sa, out, so, <const int16_t *>NULL)
        elif dt == ARRPY_UINT16: return un_row(op, n, a, sa, out, so, <const uint16_t *>NULL)
        elif dt == ARRPY_INT32: return un_row(op, n, a, sa, out, so, <const int32_t *>NULL)
        elif dt == ARRPY_UINT32: return un_row(op, n, a, sa, out, so, <const uint32_t *>NULL)
        elif dt == ARRPY_INT64: return un_row(op, n, a, sa, out, so, <const int64_t *>NULL)
        elif dt == ARRPY_UINT64: return un_row(op, n, a, sa, out, so, <const uint64_t *>NULL)
        elif dt == ARRPY_FLOAT32: return un_row(op, n, a, sa, out, so, <const float *>NULL)
        elif dt == ARRPY_FLOAT64: return un_row(op, n, a, sa, out, so, <const double *>NULL)
        elif dt == ARRPY_COMPLEX64: return un_row(op, n, a, sa, out, so, <const cfloat_t *>NULL)
        else: return un_row(op, n, a, sa, out, so, <const cdouble_t *>NULL)
    elif it.kind == KIND_COMPARE:
        if dt == ARRPY_BOOL: return cmp_row(op, n, a, sa, b, sb, out, so, <const bool_t *>NULL)
        elif dt == ARRPY_INT8: return cmp_row(op, n, a, sa, b, sb, out, so, <const int8_t *>NULL)
        elif dt == ARRPY_UINT8:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const uint8_t *>NULL)
        elif dt == ARRPY_INT16:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const int16_t *>NULL)
        elif dt == ARRPY_UINT16:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const uint16_t *>NULL)
        elif dt == ARRPY_INT32:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const int32_t *>NULL)
        elif dt == ARRPY_UINT32:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const uint32_t *>NULL)
        elif dt == ARRPY_INT64:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const int64_t *>NULL)
        elif dt == ARRPY_UINT64:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const uint64_t *>NULL)
        elif dt == ARRPY_FLOAT32:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const float *>NULL)
        elif dt == ARRPY_FLOAT64:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const double *>NULL)
        elif dt == ARRPY_COMPLEX64:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const cfloat_t *>NULL)
        else:
            return cmp_row(op, n, a, sa, b, sb, out, so, <const cdouble_t *>NULL)
    else:
        if dt == ARRPY_BOOL: return bin_row(op, n, a, sa, b, sb, out, so, <const bool_t *>NULL)
        elif dt == ARRPY_INT8: return bin_row(op, n, a, sa, b, sb, out, so, <const int8_t *>NULL)
        elif dt == ARRPY_UINT8:
            return bin_row(op, n, a, sa, b, sb, out, so, <const uint8_t *>NULL)
        elif dt == ARRPY_INT16:
            return bin_row(op, n, a, sa, b, sb, out, so, <const int16_t *>NULL)
        elif dt == ARRPY_UINT16:
            return bin_row(op, n, a, sa, b, sb, out, so, <const uint16_t *>NULL)
        elif dt == ARRPY_INT32:
            return bin_row(op, n, a, sa, b, sb, out, so, <const int32_t *>NULL)
        elif dt == ARRPY_UINT32:
            return bin_row(op, n, a, sa, b, sb, out, so, <const uint32_t *>NULL)
        elif dt == ARRPY_INT64:
            return bin_row(op, n, a, sa, b, sb, out, so, <const int64_t *>NULL)
        elif dt == ARRPY_UINT64:
            return bin_row(op, n, a, sa, b, sb, out, so, <const uint64_t *>NULL)
        elif dt == ARRPY_FLOAT32:
            return bin_row(op, n, a, sa, b, sb, out, so, <const float *>NULL)
        elif dt == ARRPY_FLOAT64:
            return bin_row(op, n, a, sa, b, sb, out, so, <const double *>NULL)
        elif dt == ARRPY_COMPLEX64:
            return bin_row(op, n, a, sa, b, sb, out, so, <const cfloat_t *>NULL)
        else:
            return bin_row(op, n, a, sa, b, sb, out, so, <const cdouble_t *>NULL)


# When to split the work over threads.  Measured on the 2-core Zen 4 VM with
# OMP_WAIT_POLICY=PASSIVE, where waking the sleeping worker costs some 50-80 us, so only
# fairly large problems gain:
#   * memory-bound loops (add / subtract / multiply, comparisons, cheap unary ops): 2 threads
#     beat 1 from about 5 MiB per operand (float64 add: ~600-700k elements; float32 add: ~1.2M);
#   * real divide and complex multiply do more work per byte: from about 2 MiB;
#   * complex divide (scalar Smith algorithm, compute-bound): from about 60k elements;
#   * libm calls (exp, sin, pow, hypot, ... some 5-20 ns each): from 40k elements; complex
#     transcendental functions (50-200 ns): from 5k.
cdef int64_t PARALLEL_MIN_BYTES = 5242880          # 5 MiB = 655360 float64
cdef int64_t PARALLEL_MIN_BYTES_HEAVY = 2097152    # 2 MiB
cdef int64_t PARALLEL_MIN_ELEMS_CDIV = 60000
cdef int64_t PARALLEL_MIN_ELEMS_LIBM = 40000
cdef int64_t PARALLEL_MIN_ELEMS_CLIBM = 5000
# Chunk boundaries are multiples of this many elements (keeps chunks vector- and cache-line-
# aligned relative to each other, and bool outputs of different threads in different lines).
cdef int64_t CHUNK_ALIGN = 64

cdef int _num_threads = 1


cdef const char *saved_inputs(const char *p, Py_ssize_t s, Py_ssize_t n, const char *out,
                              Py_ssize_t size, char *buffer) noexcept nogil:
    """The n inputs at p (stride s), or a contiguous copy of them in buffer when the results
    overwrite them (an in-place op): the rule reads the inputs after the kernel ran."""
    cdef Py_ssize_t i
    if p != out:
        return p
    for i in range(n):
        memcpy(buffer + i * size, p + i * s, size)
    return buffer


cdef int rule_row(const nditer_t *it, Py_ssize_t n, const char *a, Py_ssize_t sa,
                  const char *b, Py_ssize_t sb, char *out, Py_ssize_t so) noexcept nogil:
    """dispatch_row in blocks of FP_BLOCK elements, each followed by the floating-point rule."""
    cdef double copy_a[FP_BLOCK]
    cdef double copy_b[FP_BLOCK]
    cdef Py_ssize_t i0, m, size = itemsize(it.dtype)
    cdef const char *pa
    cdef const char *pb
    cdef const char *xa
    cdef const char *xb
    cdef char *po
    cdef bint unary = it.kind == KIND_UNARY
    cdef int st = 0
    i0 = 0
    while i0 < n:
        m = min(<Py_ssize_t>FP_BLOCK, n - i0)
        pa = a + i0 * sa
        pb = b + i0 * sb
        po = out + i0 * so
        xa = saved_inputs(pa, sa, m, po, size, <char *>copy_a)
        xb = pb if unary else saved_inputs(pb, sb, m, po, size, <char *>copy_b)
        st |= dispatch_row(it, m, pa, sa, pb, sb, po, so)
        if it.dtype == ARRPY_FLOAT64:
            st |= rule_status(<double>0, unary, it.op, m, xa, size if xa != pa else sa,
                              xb, size if xb != pb else sb, po, so)
        else:
            st |= rule_status(<float>0, unary, it.op, m, xa, size if xa != pa else sa,
                              xb, size if xb != pb else sb, po, so)
        i0 += m
    return st


cdef int process_range(const nditer_t *it, int64_t e0, int64_t e1) noexcept nogil:
    """Elements [e0, e1) of the iteration space, in C order of the coalesced dims; returns the
    or of the rows' status flags (and the floating-point flags, abi.h)."""
    cdef int64_t idx[MAXDIMS]
    cdef int nd = it.nd
    cdef int64_t n0 = it.n[0]
    cdef int64_t sa0 = it.sa[0]
    cdef int64_t sb0 = it.sb[0]
    cdef int64_t so0 = it.so[0]
    cdef int64_t row = e0 // n0
    cdef int64_t col = e0 - row * n0
    cdef int64_t rest = e1 - e0
    cdef int64_t q, cnt
    cdef int k
    cdef int st = 0
    # row base pointers (column 0 of the current row)
    cdef const char *ra = it.a
    cdef const char *rb = it.b
    cdef char *ro = it.out
    q = row
    for k in range(1, nd):
        idx[k] = q % it.n[k]
        q = q // it.n[k]
        ra += idx[k] * it.sa[k]
        rb += idx[k] * it.sb[k]
        ro += idx[k] * it.so[k]
    if it.fp_mode == FP_HARDWARE:
        feclearexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_INVALID)
    while True:
        cnt = n0 - col
        if cnt > rest:
            cnt = rest
        if it.fp_mode == FP_RULE:
            st |= rule_row(it, cnt, ra + col * sa0, sa0, rb + col * sb0, sb0, ro + col * so0, so0)
        else:
            st |= dispatch_row(it, cnt, ra + col * sa0, sa0, rb + col * sb0, sb0,
                               ro + col * so0, so0)
        rest -= cnt
        if rest <= 0:
            if it.fp_mode == FP_HARDWARE:
                st |= hardware_status()
            return st
        col = 0
        # odometer over the outer dims
        for k in range(1, nd):
            idx[k] += 1
            ra += it.sa[k]
            rb += it.sb[k]
            ro += it.so[k]
            if idx[k] < it.n[k]:
                break
            idx[k] = 0
            ra -= it.sa[k] * it.n[k]
            rb -= it.sb[k] * it.n[k]
            ro -= it.so[k] * it.n[k]


cdef int run(const nditer_t *it, int64_t min_elems) noexcept nogil:
    """The whole iteration space, split over threads when it has at least min_elems elements;
    the status flags of the threads are or-ed."""
    cdef int64_t total = it.total
    cdef int nthreads = _num_threads
    cdef int64_t nchunks, chunk, t, e0, e1
    cdef int sts[MAXCHUNKS]
    cdef int st = 0
    if nthreads <= 1 or total < min_elems:
        return process_range(it, 0, total)
    # equal ranges, at least about min_elems / 2 elements each
    nchunks = total // (min_elems // 2 + 1)
    if nchunks > nthreads:
        nchunks = nthreads
    if nchunks > MAXCHUNKS:
        nchunks = MAXCHUNKS
    if nchunks < 1:
        nchunks = 1
    chunk = (total + nchunks - 1) // nchunks
    chunk = (chunk + CHUNK_ALIGN - 1) // CHUNK_ALIGN * CHUNK_ALIGN
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        e0 = t * chunk
        e1 = e0 + chunk
        if e1 > total:
            e1 = total
        sts[t] = process_range(it, e0, e1) if e0 < e1 else 0
    for t in range(nchunks):
        st |= sts[t]
    return st


# ---------------------------------------------------------------------------------------------
# The ABI functions
# ---------------------------------------------------------------------------------------------

cdef inline bint is_int(int dtype) noexcept nogil:
    return ARRPY_INT8 <= dtype <= ARRPY_UINT64


cdef inline bint is_signed(int dtype) noexcept nogil:
    return (dtype == ARRPY_INT8 or dtype == ARRPY_INT16 or dtype == ARRPY_INT32
            or dtype == ARRPY_INT64)


cdef inline bint is_float(int dtype) noexcept nogil:
    return dtype == ARRPY_FLOAT32 or dtype == ARRPY_FLOAT64


cdef inline bint is_complex(int dtype) noexcept nogil:
    return dtype == ARRPY_COMPLEX64 or dtype == ARRPY_COMPLEX128


cdef int64_t itemsize(int dtype) noexcept nogil:
    if dtype == ARRPY_BOOL or dtype == ARRPY_INT8 or dtype == ARRPY_UINT8:
        return 1
    elif dtype == ARRPY_INT16 or dtype == ARRPY_UINT16:
        return 2
    elif dtype == ARRPY_INT32 or dtype == ARRPY_UINT32 or dtype == ARRPY_FLOAT32:
        return 4
    elif dtype == ARRPY_COMPLEX128:
        return 16
    else:
        return 8


cdef int binary_supported(int op, int dtype) noexcept nogil:
    if op < 0 or op >= ARRPY_NUM_BINARY_OPS or dtype < 0 or dtype >= ARRPY_NUM_DTYPES:
        return 0
    if op == ARRPY_SUBTRACT or op == ARRPY_POWER:
        return dtype != ARRPY_BOOL
    if op == ARRPY_DIVIDE:
        return is_float(dtype) or is_complex(dtype)
    if op == ARRPY_BITWISE_AND or op == ARRPY_BITWISE_OR or op == ARRPY_BITWISE_XOR:
        return dtype == ARRPY_BOOL or is_int(dtype)
    if op == ARRPY_FLOOR_DIVIDE or op == ARRPY_REMAINDER:
        return is_int(dtype) or is_float(dtype)
    if (op == ARRPY_COPYSIGN or op == ARRPY_HYPOT or op == ARRPY_ARCTAN2
            or op == ARRPY_LOGADDEXP):
        return is_float(dtype)
    if op == ARRPY_LEFT_SHIFT or op == ARRPY_RIGHT_SHIFT:
        return is_int(dtype)
    return 1                                  # add, multiply, maximum, minimum, fmax, fmin


cdef int64_t binary_min_elems(int op, int dtype) noexcept nogil:
    """The prange threshold of a binary op (see above)."""
    if is_complex(dtype) and op == ARRPY_POWER:
        return PARALLEL_MIN_ELEMS_CLIBM
    if is_complex(dtype) and op == ARRPY_DIVIDE:
        return PARALLEL_MIN_ELEMS_CDIV
    if op == ARRPY_FLOOR_DIVIDE or op == ARRPY_REMAINDER:
        return PARALLEL_MIN_ELEMS_CDIV if is_int(dtype) else PARALLEL_MIN_ELEMS_LIBM
    if (op == ARRPY_POWER or op == ARRPY_HYPOT or op == ARRPY_ARCTAN2
            or op == ARRPY_LOGADDEXP):
        return PARALLEL_MIN_ELEMS_LIBM
    if op == ARRPY_DIVIDE or (op == ARRPY_MULTIPLY and is_complex(dtype)):
        return PARALLEL_MIN_BYTES_HEAVY // itemsize(dtype)
    return PARALLEL_MIN_BYTES // itemsize(dtype)


cdef int build_iter(nditer_t *it, int ndim, const int64_t *shape,
                    const char *a, const int64_t *sa,
                    const char *b, const int64_t *sb,
                    char *out, const int64_t *so) noexcept nogil:
    """Fill *it from the call's arguments.  Returns 0, 1 if there is nothing to do (a zero
    extent), -1 on an impossible shape.  Strides are compared operand by operand, so the
    operands may have different item sizes (comparisons: uint8 output)."""
    cdef int d, k
    cdef int64_t n
    for d in range(ndim):
        if shape[d] <= 0:
            return 1                          # empty: nothing to do
    # Coalesce, innermost first: drop size-1 dims; merge a dim into the next-inner one when
    # that is contiguous with it in all three operands.
    it.a = a
    it.b = b
    it.out = out
    it.total = 1
    k = -1
    for d in range(ndim - 1, -1, -1):
        n = shape[d]
        if n == 1:
            continue
        it.total *= n
        if (k >= 0 and sa[d] == it.sa[k] * it.n[k] and sb[d] == it.sb[k] * it.n[k]
                and so[d] == it.so[k] * it.n[k]):
            it.n[k] *= n
            continue
        k += 1
        if k >= MAXDIMS:
            return -1                         # impossible for a valid shape
        it.n[k] = n
        it.sa[k] = sa[d]
        it.sb[k] = sb[d]
        it.so[k] = so[d]
    if k < 0:                                 # ndim == 0, or all dims of size 1
        k = 0
        it.n[0] = 1
        it.sa[0] = 0
        it.sb[0] = 0
        it.so[0] = 0
    it.nd = k + 1
    return 0


cdef int binary_nd(int op, int dtype, int ndim, const int64_t *shape,
                   const char *a, const int64_t *sa,
                   const char *b, const int64_t *sb,
                   char *out, const int64_t *so) noexcept nogil:
    cdef nditer_t it
    if not binary_supported(op, dtype):
        return ARRPY_STATUS_UNSUPPORTED
    cdef int r = build_iter(&it, ndim, shape, a, sa, b, sb, out, so)
    if r != 0:
        return ARRPY_OK if r > 0 else ARRPY_STATUS_UNSUPPORTED
    it.kind = KIND_BINARY
    it.op = op
    it.dtype = dtype
    it.fp_mode = binary_fp_mode(op, dtype)
    if op <= ARRPY_BITWISE_XOR and is_signed(dtype):
        it.dtype = dtype + 1                  # two's complement: the unsigned kernel
    return run(&it, binary_min_elems(op, dtype))


cdef int compare_supported(int op, int dtype) noexcept nogil:
    return (0 <= op < ARRPY_NUM_COMPARE_OPS) and (0 <= dtype < ARRPY_NUM_DTYPES)


cdef int compare_nd(int op, int dtype, int ndim, const int64_t *shape,
                    const char *a, const int64_t *sa,
                    const char *b, const int64_t *sb,
                    char *out, const int64_t *so) noexcept nogil:
    """out (bool, one byte 0/1) = a OP b, a and b of `dtype`.  Memory-bound like add: the
    thread threshold is on the input bytes."""
    cdef nditer_t it
    if not compare_supported(op, dtype):
        return ARRPY_STATUS_UNSUPPORTED
    cdef int r = build_iter(&it, ndim, shape, a, sa, b, sb, out, so)
    if r != 0:
        return ARRPY_OK if r > 0 else ARRPY_STATUS_UNSUPPORTED
    it.kind = KIND_COMPARE
    it.op = op
    it.dtype = dtype
    it.fp_mode = FP_NONE
    return run(&it, PARALLEL_MIN_BYTES // itemsize(dtype))


cdef int unary_supported(int op, int dtype) noexcept nogil:
    if op < 0 or op >= ARRPY_NUM_UNARY_OPS or dtype < 0 or dtype >= ARRPY_NUM_DTYPES:
        return 0
    if dtype == ARRPY_BOOL:
        return (op == ARRPY_ABSOLUTE or op == ARRPY_FLOOR or op == ARRPY_CEIL
                or op == ARRPY_TRUNC or op == ARRPY_INVERT or op == ARRPY_ISNAN
                or op == ARRPY_ISINF or op == ARRPY_ISFINITE or op == ARRPY_LOGICAL_NOT)
    if is_int(dtype):
        return (op == ARRPY_NEGATIVE or op == ARRPY_POSITIVE or op == ARRPY_ABSOLUTE
                or op == ARRPY_RECIPROCAL or op == ARRPY_SQUARE or op == ARRPY_FLOOR
                or op == ARRPY_CEIL or op == ARRPY_TRUNC or op == ARRPY_SIGN
                or op == ARRPY_CONJUGATE or op == ARRPY_INVERT or op == ARRPY_ISNAN
                or op == ARRPY_ISINF or op == ARRPY_ISFINITE or op == ARRPY_LOGICAL_NOT)
    if is_float(dtype):
        return op != ARRPY_INVERT
    return not (op == ARRPY_CBRT or op == ARRPY_DEG2RAD or op == ARRPY_RAD2DEG
                or op == ARRPY_FLOOR or op == ARRPY_CEIL or op == ARRPY_TRUNC
                or op == ARRPY_INVERT or op == ARRPY_SIGNBIT)


cdef int64_t unary_min_elems(int op, int dtype) noexcept nogil:
    """The prange threshold of a unary op (see above)."""
    cdef bint arith = (op == ARRPY_NEGATIVE or op == ARRPY_POSITIVE or op == ARRPY_SQUARE
                       or op == ARRPY_CONJUGATE or op == ARRPY_ISNAN or op == ARRPY_ISINF
                       or op == ARRPY_ISFINITE or op == ARRPY_SIGNBIT
                       or op == ARRPY_LOGICAL_NOT or op == ARRPY_INVERT
                       or op == ARRPY_DEG2RAD or op == ARRPY_RAD2DEG or op == ARRPY_SIGN)
    if is_complex(dtype):
        if arith:
            return PARALLEL_MIN_BYTES // itemsize(dtype)
        if op == ARRPY_ABSOLUTE or op == ARRPY_RECIPROCAL or op == ARRPY_RINT:
            return PARALLEL_MIN_BYTES_HEAVY // itemsize(dtype)
        return PARALLEL_MIN_ELEMS_CLIBM
    if is_float(dtype) and not arith:
        if (op == ARRPY_ABSOLUTE or op == ARRPY_RECIPROCAL or op == ARRPY_SQRT
                or op == ARRPY_FLOOR or op == ARRPY_CEIL or op == ARRPY_TRUNC
                or op == ARRPY_RINT):
            return PARALLEL_MIN_BYTES_HEAVY // itemsize(dtype)
        if vmath_slot(op, dtype) >= 0:        # the vectorised loops (end of this file)
            return vmath_min_elems(op)
        return PARALLEL_MIN_ELEMS_LIBM
    return PARALLEL_MIN_BYTES // itemsize(dtype)


cdef int unary_nd(int op, int dtype, int ndim, const int64_t *shape,
                  const char *a, const int64_t *sa, char *out,
                  const int64_t *so) noexcept nogil:
    """out = OP(a); out has the op's output dtype (abi.h)."""
    cdef nditer_t it
    if not unary_supported(op, dtype):
        return ARRPY_STATUS_UNSUPPORTED
    cdef int r = build_iter(&it, ndim, shape, a, sa, a, sa, out, so)
    if r != 0:
        return ARRPY_OK if r > 0 else ARRPY_STATUS_UNSUPPORTED
    it.kind = KIND_UNARY
    it.op = op
    it.dtype = dtype
    it.fp_mode = unary_fp_mode(op, dtype)
    if is_signed(dtype) and not (op == ARRPY_ABSOLUTE or op == ARRPY_RECIPROCAL
                                 or op == ARRPY_SIGN):
        it.dtype = dtype + 1                  # two's complement: the unsigned kernel
    return run(&it, unary_min_elems(op, dtype))


# ---------------------------------------------------------------------------------------------
# Reductions (abi.h: reduce_nd)
# ---------------------------------------------------------------------------------------------
#
# reduce_nd reduces, for every index of the N-d outer space, n elements spaced `stride` bytes
# apart.  The outer space is coalesced like the elementwise one (build_iter, with `a` as both
# inputs); its innermost dimension (m "columns", a stride sa0, out stride so0) is handed to a
# typed block function, which picks the loop order:
#   * line mode (the reduced axis is the innermost, or the columns are farther apart than the
#     elements of a line): each column's line is reduced on its own, with contiguous fast paths;
#   * row mode (0 < |sa0| < |stride|: a reduction across the rows of a matrix, axis=0 of a C
#     array): a chunk of up to RED_COLS columns is accumulated row by row into per-column
#     accumulators, the inner loop running along the (usually contiguous) row, no copy.
# Element semantics:
#   * SUM / PROD accumulate in the output type (each element converted first).  Integers wrap:
#     they run in the unsigned type of the output's width (a signed T -> T reduction runs as the
#     unsigned T, int64 outputs as uint64), where C arithmetic wraps without undefined behaviour.
#     bool -> bool: logical or / and.
#   * Floating SUM is NumPy's pairwise summation (loops_utils.h.src): 0 plus the pairwise sum
#     (blocks of PW_BLOCK with 8 accumulators, halves recursively; the same bits as NumPy);
#     complex per component the same way.  Row mode sums blocks of PW_BLOCK rows in order and
#     combines the blocks pairwise (a buffer of partial rows per recursion level).  Error
#     O(log n) eps either way.  PROD is sequential (as NumPy's multiply.reduce).
#   * MIN / MAX propagate nan (binop's MinOp / MaxOp, complex in NumPy's order); ARGMIN /
#     ARGMAX follow NumPy's loops: the first index of the extreme, the first nan wins.
#   * ALL / ANY on truth values (nonzero; nan true; complex: either part), with early exit.
# Threads: above RED_PARALLEL_MIN_BYTES(_HEAVY) of input, either the outer space is split over threads
# (enough outer elements), or the reduced axis is: each thread reduces a range of it into a
# temporary array of partial results (arg ops: indices), combined afterwards by the same kernel
# run over the partials (sum / prod / min / max / all / any of the partials in order; arg ops:
# the arg reduction of the values the partial indices point at, ties to the earlier range).
# Floating products never split the reduced axis (they keep NumPy's sequential order).

ctypedef struct ArgMinOp:
    char _unused
ctypedef struct ArgMaxOp:
    char _unused

ctypedef fused rin_t:          # reduction input element
    bool_t
    int8_t
    uint8_t
    int16_t
    uint16_t
    int32_t
    uint32_t
    int64_t
    uint64_t
    float
    double
    cfloat_t
    cdouble_t

ctypedef fused racc_t:         # SUM / PROD accumulator (= output type; integers as unsigned)
    bool_t
    uint8_t
    uint16_t
    uint32_t
    uint64_t
    float
    double
    cfloat_t
    cdouble_t

ctypedef fused spop_t:
    AddOp
    MulOp

ctypedef fused mmop_t:
    MinOp
    MaxOp

ctypedef fused aaop_t:
    LAndOp                     # all
    LOrOp                      # any

ctypedef fused argop_t:
    ArgMinOp
    ArgMaxOp

cdef enum:
    PW_BLOCK = 128             # NumPy's PW_BLOCKSIZE
    RED_COLS = 1024            # row mode: columns per chunk (the accumulators stay in L1 / L2)
    AA_BLOCK_BYTES = 4096      # all / any: bytes between early-exit tests
    ARG_BLOCK = 512            # argmin / argmax: elements per block extreme
    EXT_LANES = 32             # min / max: running extremes per contiguous line

# Below this many input bytes a reduction runs on one thread.  Two threads halve the time of a
# float64 sum from about 4 MiB on the 2-core AVX-512 VM, but only when the OpenMP workers are
# still awake: Debian's libgomp puts them to sleep almost at once after a parallel region, and the
# wake-up costs about what splitting 1e6 elements saves (sum of 1e6 float64, 1 / 2 threads:
# 303 / 300 us by default, 330 / 160 us with GOMP_SPINCOUNT=10000 or OMP_WAIT_POLICY=active; a
# process-wide setting that arrpy leaves to the user).  Products and arg reductions (latency-bound
# scalar loops) split from 1 MiB.
cdef int64_t RED_PARALLEL_MIN_BYTES = 4194304
cdef int64_t RED_PARALLEL_MIN_BYTES_HEAVY = 1048576


cdef inline bint sp_valid(const rin_t *itag, const racc_t *atag) noexcept nogil:
    """Whether (input, accumulator) is a SUM / PROD pair (compile time)."""
    if racc_t is bool_t:
        return rin_t is bool_t
    elif racc_t is uint8_t:
        return rin_t is uint8_t
    elif racc_t is uint16_t:
        return rin_t is uint16_t
    elif racc_t is uint32_t:
        return rin_t is uint32_t
    elif racc_t is uint64_t:
        return not (rin_t is float or rin_t is double or rin_t is cfloat_t
                    or rin_t is cdouble_t)
    elif racc_t is float:
        return rin_t is float
    elif racc_t is double:
        return not (rin_t is cfloat_t or rin_t is cdouble_t)
    elif racc_t is cfloat_t:
        return rin_t is cfloat_t
    else:
        return rin_t is cdouble_t


cdef inline racc_t sp_load(rin_t x, const racc_t *atag) noexcept nogil:
    """x converted to the accumulator type (bool: 0 / 1; signed integers modulo 2**64)."""
    cdef racc_t r
    if racc_t is bool_t:
        if rin_t is bool_t:
            r.v = x.v != 0
        else:
            r.v = 0
    elif racc_t is cfloat_t:
        if rin_t is cfloat_t:
            r = x
        else:
            r.re = 0
            r.im = 0
    elif racc_t is cdouble_t:
        if rin_t is cdouble_t:
            r = x
        else:
            r.re = 0
            r.im = 0
    else:
        if rin_t is bool_t:
            r = x.v != 0
        elif rin_t is cfloat_t or rin_t is cdouble_t:
            r = 0
        elif racc_t is float or racc_t is double:
            r = <racc_t>x
        elif rin_t is float or rin_t is double:
            r = 0
        else:
            r = <racc_t>x
    return r


cdef inline racc_t elem_load(const char *p, const rin_t *itag, const racc_t *atag) noexcept nogil:
    return sp_load((<const rin_t *>p)[0], atag)


cdef racc_t pw_sum(const char *a, Py_ssize_t n, Py_ssize_t s, const rin_t *itag,
                   const racc_t *atag) noexcept nogil:
    """NumPy's pairwise sum of n real elements at byte stride s (float / double accumulators)."""
    cdef racc_t r[8]
    cdef racc_t res
    cdef Py_ssize_t i, n2, nb
    cdef const rin_t *p
    if racc_t is float or racc_t is double:
        if n < 8:
            res = -0.0                      # keeps a sum of -0.0 negative
            for i in range(n):
                res = res + elem_load(a + i * s, itag, atag)
            return res
        elif n <= PW_BLOCK:
            nb = n - n % 8
            if s == sizeof(rin_t):
                p = <const rin_t *>a
                r[0] = sp_load(p[0], atag)
                r[1] = sp_load(p[1], atag)
                r[2] = sp_load(p[2], atag)
                r[3] = sp_load(p[3], atag)
                r[4] = sp_load(p[4], atag)
                r[5] = sp_load(p[5], atag)
                r[6] = sp_load(p[6], atag)
                r[7] = sp_load(p[7], atag)
                for i in range(8, nb, 8):
                    r[0] = r[0] + sp_load(p[i], atag)
                    r[1] = r[1] + sp_load(p[i + 1], atag)
                    r[2] = r[2] + sp_load(p[i + 2], atag)
                    r[3] = r[3] + sp_load(p[i + 3], atag)
                    r[4] = r[4] + sp_load(p[i + 4], atag)
                    r[5] = r[5] + sp_load(p[i + 5], atag)
                    r[6] = r[6] + sp_load(p[i + 6], atag)
                    r[7] = r[7] + sp_load(p[i + 7], atag)
                res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
                for i in range(nb, n):
                    res = res + sp_load(p[i], atag)
            else:
                for i in range(8):
                    r[i] = elem_load(a + i * s, itag, atag)
                for i in range(8, nb, 8):
                    r[0] = r[0] + elem_load(a + i * s, itag, atag)
                    r[1] = r[1] + elem_load(a + (i + 1) * s, itag, atag)
                    r[2] = r[2] + elem_load(a + (i + 2) * s, itag, atag)
                    r[3] = r[3] + elem_load(a + (i + 3) * s, itag, atag)
                    r[4] = r[4] + elem_load(a + (i + 4) * s, itag, atag)
                    r[5] = r[5] + elem_load(a + (i + 5) * s, itag, atag)
                    r[6] = r[6] + elem_load(a + (i + 6) * s, itag, atag)
                    r[7] = r[7] + elem_load(a + (i + 7) * s, itag, atag)
                res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
                for i in range(nb, n):
                    res = res + elem_load(a + i * s, itag, atag)
            return res
        else:
            n2 = n // 2
            n2 -= n2 % 8
            return pw_sum(a, n2, s, itag, atag) + pw_sum(a + n2 * s, n - n2, s, itag, atag)
    else:
        res = sp_load((<const rin_t *>a)[0], atag)   # not reached
        return res


cdef void pw_csum(const char *a, Py_ssize_t n, Py_ssize_t s, real_t *rr,
                  real_t *ri) noexcept nogil:
    """NumPy's complex pairwise sum (per component) of n complex elements (real, imag pairs of
    real_t) at byte stride s."""
    cdef Py_ssize_t i, n2, nb
    cdef real_t r[8]
    cdef real_t r1, i1, r2, i2
    cdef const real_t *q
    if n < 4:
        rr[0] = -0.0
        ri[0] = -0.0
        for i in range(n):
            rr[0] = rr[0] + (<const real_t *>(a + i * s))[0]
            ri[0] = ri[0] + (<const real_t *>(a + i * s))[1]
    elif n <= PW_BLOCK // 2 and s == 2 * sizeof(real_t):
        nb = n - n % 4
        q = <const real_t *>a
        for i in range(8):
            r[i] = q[i]
        for i in range(8, 2 * nb, 8):
            r[0] = r[0] + q[i]
            r[1] = r[1] + q[i + 1]
            r[2] = r[2] + q[i + 2]
            r[3] = r[3] + q[i + 3]
            r[4] = r[4] + q[i + 4]
            r[5] = r[5] + q[i + 5]
            r[6] = r[6] + q[i + 6]
            r[7] = r[7] + q[i + 7]
        rr[0] = (r[0] + r[2]) + (r[4] + r[6])
        ri[0] = (r[1] + r[3]) + (r[5] + r[7])
        for i in range(nb, n):
            rr[0] = rr[0] + q[2 * i]
            ri[0] = ri[0] + q[2 * i + 1]
    elif n <= PW_BLOCK // 2:
        nb = n - n % 4
        for i in range(4):
            r[2 * i] = (<const real_t *>(a + i * s))[0]
            r[2 * i + 1] = (<const real_t *>(a + i * s))[1]
        for i in range(4, nb, 4):
            r[0] = r[0] + (<const real_t *>(a + i * s))[0]
            r[1] = r[1] + (<const real_t *>(a + i * s))[1]
            r[2] = r[2] + (<const real_t *>(a + (i + 1) * s))[0]
            r[3] = r[3] + (<const real_t *>(a + (i + 1) * s))[1]
            r[4] = r[4] + (<const real_t *>(a + (i + 2) * s))[0]
            r[5] = r[5] + (<const real_t *>(a + (i + 2) * s))[1]
            r[6] = r[6] + (<const real_t *>(a + (i + 3) * s))[0]
            r[7] = r[7] + (<const real_t *>(a + (i + 3) * s))[1]
        rr[0] = (r[0] + r[2]) + (r[4] + r[6])
        ri[0] = (r[1] + r[3]) + (r[5] + r[7])
        for i in range(nb, n):
            rr[0] = rr[0] + (<const real_t *>(a + i * s))[0]
            ri[0] = ri[0] + (<const real_t *>(a + i * s))[1]
    else:
        n2 = (n - n % 8) // 2               # NumPy splits the 2n floats at n - n % 8 floats
        pw_csum(a, n2, s, &r1, &i1)
        pw_csum(a + n2 * s, n - n2, s, &r2, &i2)
        rr[0] = r1 + r2
        ri[0] = i1 + i2


cdef inline Py_ssize_t iabs(Py_ssize_t x) noexcept nogil:
    return -x if x < 0 else x


cdef inline bint row_mode(Py_ssize_t m, Py_ssize_t sa0, Py_ssize_t s) noexcept nogil:
    """Accumulate row by row: several columns, closer to each other than a line's elements."""
    return m >= 2 and sa0 != 0 and iabs(sa0) < iabs(s)


# --- SUM / PROD ------------------------------------------------------------------------------

cdef racc_t sp_line(const char *a, Py_ssize_t n, Py_ssize_t s, const rin_t *itag,
                    const racc_t *atag, const spop_t *otag) noexcept nogil:
    """The SUM / PROD of n >= 1 elements at byte stride s."""
    cdef racc_t acc
    cdef racc_t v
    cdef int st = 0
    cdef Py_ssize_t i
    cdef const rin_t *p
    if spop_t is AddOp and (racc_t is float or racc_t is double):
        # NumPy's add.reduce: 0 (the identity) plus the pairwise sum
        return 0 + pw_sum(a, n, s, itag, atag)
    elif spop_t is AddOp and racc_t is cfloat_t:
        pw_csum(a, n, s, &v.re, &v.im)
        acc.re = 0 + v.re
        acc.im = 0 + v.im
        return acc
    elif spop_t is AddOp and racc_t is cdouble_t:
        pw_csum(a, n, s, &v.re, &v.im)
        acc.re = 0 + v.re
        acc.im = 0 + v.im
        return acc
    else:
        acc = elem_load(a, itag, atag)
        # integers (wrapping, any order: the compiler vectorises), bool, products (in order)
        if s == sizeof(rin_t):
            p = <const rin_t *>a
            for i in range(1, n):
                acc = binop(acc, sp_load(p[i], atag), otag, &st)
        else:
            for i in range(1, n):
                acc = binop(acc, elem_load(a + i * s, itag, atag), otag, &st)
        return acc


cdef void sp_rows_seq(const char *a, Py_ssize_t n, Py_ssize_t s, Py_ssize_t w, Py_ssize_t sa0,
                      racc_t *dst, const rin_t *itag, const spop_t *otag) noexcept nogil:
    """dst[j] = the SUM / PROD over the n rows of column j < w, row after row in order."""
    cdef Py_ssize_t j, k
    cdef const rin_t *p
    cdef const rin_t *p1
    cdef const rin_t *p2
    cdef const rin_t *p3
    cdef const char *row
    cdef int st = 0
    cdef const racc_t *atag = dst
    if sa0 == sizeof(rin_t):
        p = <const rin_t *>a
        for j in range(w):
            dst[j] = sp_load(p[j], atag)
        k = 1
        while k + 4 <= n:                   # four rows per pass over dst, in order
            p = <const rin_t *>(a + k * s)
            p1 = <const rin_t *>(a + (k + 1) * s)
            p2 = <const rin_t *>(a + (k + 2) * s)
            p3 = <const rin_t *>(a + (k + 3) * s)
            for j in range(w):
                dst[j] = binop(binop(binop(binop(dst[j], sp_load(p[j], atag), otag, &st),
                                           sp_load(p1[j], atag), otag, &st),
                                     sp_load(p2[j], atag), otag, &st),
                               sp_load(p3[j], atag), otag, &st)
            k += 4
        while k < n:
            p = <const rin_t *>(a + k * s)
            for j in range(w):
                dst[j] = binop(dst[j], sp_load(p[j], atag), otag, &st)
            k += 1
    else:
        for j in range(w):
            dst[j] = elem_load(a + j * sa0, itag, atag)
        for k in range(1, n):
            row = a + k * s
            for j in range(w):
                dst[j] = binop(dst[j], elem_load(row + j * sa0, itag, atag), otag, &st)


cdef void sp_rows_pw(const char *a, Py_ssize_t n, Py_ssize_t s, Py_ssize_t w, Py_ssize_t sa0,
                     racc_t *dst, racc_t *buf, const rin_t *itag) noexcept nogil:
    """Row-mode SUM: blocks of at most PW_BLOCK rows summed in order, the blocks combined
    pairwise (halves at NumPy's split points).  buf: RED_COLS accumulators per level below."""
    cdef Py_ssize_t j, n2
    cdef int st = 0
    cdef const AddOp *add = NULL
    if n <= PW_BLOCK:
        sp_rows_seq(a, n, s, w, sa0, dst, itag, add)
        return
    n2 = n // 2
    n2 -= n2 % 8
    sp_rows_pw(a, n2, s, w, sa0, dst, buf, itag)
    sp_rows_pw(a + n2 * s, n - n2, s, w, sa0, buf, buf + RED_COLS, itag)
    for j in range(w):
        dst[j] = binop(dst[j], buf[j], add, &st)


cdef int sp_block(Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
                  char *out, Py_ssize_t so0, const rin_t *itag, const racc_t *atag,
                  const spop_t *otag) noexcept nogil:
    """SUM / PROD of m columns (n >= 1 elements each)."""
    cdef Py_ssize_t j, c0, w, k, levels
    cdef racc_t dst[RED_COLS]
    cdef racc_t *buf = NULL
    cdef bint pairwise = ((spop_t is AddOp and (racc_t is float or racc_t is double
                                                 or racc_t is cfloat_t or racc_t is cdouble_t))
                          and n > PW_BLOCK)
    if not sp_valid(itag, atag):
        return ARRPY_STATUS_UNSUPPORTED
    if row_mode(m, sa0, s):
        if pairwise:
            levels = 2                       # one per halving of the rows, plus one
            k = n
            while k > PW_BLOCK:
                k = k - (k // 2 - (k // 2) % 8)
                levels += 1
            buf = <racc_t *>malloc(levels * RED_COLS * sizeof(racc_t))
        if not pairwise or buf != NULL:      # (out of memory: line mode below)
            c0 = 0
            while c0 < m:
                w = m - c0
                if w > RED_COLS:
                    w = RED_COLS
                if pairwise:
                    sp_rows_pw(a + c0 * sa0, n, s, w, sa0, dst, buf, itag)
                else:
                    sp_rows_seq(a + c0 * sa0, n, s, w, sa0, dst, itag, otag)
                for j in range(w):
                    (<racc_t *>(out + (c0 + j) * so0))[0] = dst[j]
                c0 += w
            free(buf)
            return ARRPY_OK
    for j in range(m):
        (<racc_t *>(out + j * so0))[0] = sp_line(a + j * sa0, n, s, itag, atag, otag)
    return ARRPY_OK


# --- MIN / MAX -------------------------------------------------------------------------------

cdef inline rin_t sel_ext(rin_t r, rin_t v, const mmop_t *otag) noexcept nogil:
    """v if it lies strictly beyond r, else r (a nan v is ignored): one compare and a select,
    which the compiler vectorises (integers and floats only)."""
    if rin_t is bool_t or rin_t is cfloat_t or rin_t is cdouble_t:
        return r                            # not used
    elif mmop_t is MaxOp:
        return v if v > r else r
    else:
        return v if v < r else r


cdef inline rin_t sel_ext_nan(rin_t r, rin_t v, const mmop_t *otag) noexcept nogil:
    """The nan-propagating extreme of r and v, as selects only (vectorisable): a nan v replaces
    r, and a nan r stays (no v lies beyond it)."""
    if rin_t is bool_t or rin_t is cfloat_t or rin_t is cdouble_t:
        return r                            # not used
    elif mmop_t is MaxOp:
        return v if v != v else (v if v > r else r)
    else:
        return v if v != v else (v if v < r else r)


cdef bint ext_contig(const rin_t *p, Py_ssize_t n, rin_t *res, const mmop_t *otag) noexcept nogil:
    """*res = the minimum / maximum of p[0:n] (n >= 1), integers and floats; floats: returns
    whether p has a nan (then *res is meaningless).  EXT_LANES running extremes (and nan
    counts) in arrays, updated by an elementwise loop per block of EXT_LANES elements: gcc
    vectorises that (a compare and a select), not a float select carried in registers."""
    cdef rin_t acc[EXT_LANES]
    cdef rin_t nn[EXT_LANES]
    cdef rin_t m, v, v1, v2, v3
    cdef const rin_t *q
    cdef Py_ssize_t i, j, nb
    cdef bint nan = 0
    nb = 1
    m = p[0]
    if rin_t is bool_t or rin_t is cfloat_t or rin_t is cdouble_t:
        res[0] = m                          # not used
        return 0
    if n >= 2 * EXT_LANES:
        nb = n - n % EXT_LANES
        for j in range(EXT_LANES):
            acc[j] = p[j]
            if rin_t is float or rin_t is double:
                nn[j] = <rin_t>1 if p[j] != p[j] else <rin_t>0
        i = EXT_LANES
        while i + 4 * EXT_LANES <= nb:      # four blocks per pass over the lanes
            q = p + i
            for j in range(EXT_LANES):
                v = q[j]
                v1 = q[j + EXT_LANES]
                v2 = q[j + 2 * EXT_LANES]
                v3 = q[j + 3 * EXT_LANES]
                acc[j] = sel_ext(sel_ext(sel_ext(sel_ext(acc[j], v, otag), v1, otag), v2, otag),
                                 v3, otag)
                if rin_t is float or rin_t is double:
                    nn[j] = nn[j] + (<rin_t>1 if (v != v) | (v1 != v1) | (v2 != v2) | (v3 != v3)
                                     else <rin_t>0)
            i += 4 * EXT_LANES
        while i < nb:
            q = p + i
            for j in range(EXT_LANES):
                v = q[j]
                acc[j] = sel_ext(acc[j], v, otag)
                if rin_t is float or rin_t is double:
                    nn[j] = nn[j] + (<rin_t>1 if v != v else <rin_t>0)
            i += EXT_LANES
        m = acc[0]
        for j in range(1, EXT_LANES):
            m = sel_ext(m, acc[j], otag)
        if rin_t is float or rin_t is double:
            for j in range(EXT_LANES):
                nan |= nn[j] != 0
    elif rin_t is float or rin_t is double:
        nan = m != m
    for i in range(nb, n):
        v = p[i]
        m = sel_ext(m, v, otag)
        if rin_t is float or rin_t is double:
            nan |= v != v
    res[0] = m
    return nan


cdef rin_t mm_line(const char *a, Py_ssize_t n, Py_ssize_t s, const rin_t *itag,
                   const mmop_t *otag) noexcept nogil:
    """The minimum / maximum of n >= 1 elements, nan propagating (the first nan)."""
    cdef rin_t acc
    cdef const rin_t *p
    cdef Py_ssize_t i
    cdef int st = 0
    if not (rin_t is bool_t or rin_t is cfloat_t or rin_t is cdouble_t):
        if s == sizeof(rin_t):
            p = <const rin_t *>a
            if ext_contig(p, n, &acc, otag):
                for i in range(n):
                    if p[i] != p[i]:
                        return p[i]
            return acc
    acc = (<const rin_t *>a)[0]
    for i in range(1, n):
        acc = binop(acc, (<const rin_t *>(a + i * s))[0], otag, &st)
    return acc


cdef int mm_block(Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
                  char *out, Py_ssize_t so0, const rin_t *itag,
                  const mmop_t *otag) noexcept nogil:
    cdef Py_ssize_t j, k, c0, w
    cdef rin_t dst[RED_COLS]
    cdef const rin_t *p
    cdef const rin_t *p1
    cdef const char *row
    cdef int st = 0
    if row_mode(m, sa0, s):
        c0 = 0
        while c0 < m:
            w = m - c0
            if w > RED_COLS:
                w = RED_COLS
            row = a + c0 * sa0
            if sa0 == sizeof(rin_t):
                p = <const rin_t *>row
                for j in range(w):
                    dst[j] = p[j]
                k = 1
                while k < n:
                    p = <const rin_t *>(row + k * s)
                    if rin_t is bool_t or rin_t is cfloat_t or rin_t is cdouble_t:
                        for j in range(w):
                            dst[j] = binop(dst[j], p[j], otag, &st)
                    elif k + 2 <= n:                 # two rows per pass over dst
                        p1 = <const rin_t *>(row + (k + 1) * s)
                        if rin_t is float or rin_t is double:
                            for j in range(w):
                                dst[j] = sel_ext_nan(sel_ext_nan(dst[j], p[j], otag), p1[j],
                                                     otag)
                        else:
                            for j in range(w):
                                dst[j] = sel_ext(sel_ext(dst[j], p[j], otag), p1[j], otag)
                        k += 1
                    elif rin_t is float or rin_t is double:
                        for j in range(w):
                            dst[j] = sel_ext_nan(dst[j], p[j], otag)
                    else:
                        for j in range(w):
                            dst[j] = sel_ext(dst[j], p[j], otag)
                    k += 1
            else:
                for j in range(w):
                    dst[j] = (<const rin_t *>(row + j * sa0))[0]
                for k in range(1, n):
                    for j in range(w):
                        dst[j] = binop(dst[j], (<const rin_t *>(row + k * s + j * sa0))[0],
                                       otag, &st)
            for j in range(w):
                (<rin_t *>(out + (c0 + j) * so0))[0] = dst[j]
            c0 += w
        return ARRPY_OK
    for j in range(m):
        (<rin_t *>(out + j * so0))[0] = mm_line(a + j * sa0, n, s, itag, otag)
    return ARRPY_OK


# --- ALL / ANY -------------------------------------------------------------------------------

cdef inline uint8_t truth(rin_t x) noexcept nogil:
    """x != 0 (nan is true; complex: either part nonzero)."""
    if rin_t is bool_t:
        return x.v != 0
    elif rin_t is cfloat_t or rin_t is cdouble_t:
        return (x.re != 0) | (x.im != 0)
    else:
        return x != 0


cdef bint aa_found(const rin_t *p, Py_ssize_t n, const aaop_t *otag) noexcept nogil:
    """Whether contiguous p[0:n] holds the deciding element (all: a zero; any: a nonzero), in
    loops gcc vectorises for SSE2: floats through their bits (x is nonzero, or nan, iff
    bits << 1 != 0), 64-bit lanes with the zero test ((u | -u) >> 63) == 0 (no 64-bit compare
    before SSE4.1), narrower integers with a compare of their own width."""
    cdef Py_ssize_t i
    cdef rin_t cnt
    cdef uint8_t fb = 0
    cdef uint64_t u, fu = 0
    cdef uint32_t w, fw = 0
    cdef const uint64_t *q64
    cdef const uint32_t *q32
    if rin_t is bool_t:
        if aaop_t is LAndOp:
            for i in range(n):
                fb |= p[i].v == 0
        else:
            for i in range(n):
                fb |= p[i].v
        return fb != 0
    elif rin_t is float:
        q32 = <const uint32_t *>p
        if aaop_t is LAndOp:
            for i in range(n):
                w = q32[i] << 1
                fw |= ((w | (0 - w)) >> 31) ^ 1
        else:
            for i in range(n):
                fw |= q32[i] << 1
        return fw != 0
    elif rin_t is cfloat_t:
        q32 = <const uint32_t *>p
        if aaop_t is LAndOp:
            for i in range(n):
                w = (q32[2 * i] << 1) | (q32[2 * i + 1] << 1)
                fw |= ((w | (0 - w)) >> 31) ^ 1
        else:
            for i in range(2 * n):
                fw |= q32[i] << 1
        return fw != 0
    elif rin_t is double or rin_t is cdouble_t or rin_t is int64_t or rin_t is uint64_t:
        q64 = <const uint64_t *>p
        if rin_t is cdouble_t:
            if aaop_t is LAndOp:
                for i in range(n):
                    u = (q64[2 * i] << 1) | (q64[2 * i + 1] << 1)
                    fu |= ((u | (0 - u)) >> 63) ^ 1
            else:
                for i in range(2 * n):
                    fu |= q64[i] << 1
        elif rin_t is double:
            if aaop_t is LAndOp:
                for i in range(n):
                    u = q64[i] << 1
                    fu |= ((u | (0 - u)) >> 63) ^ 1
            else:
                for i in range(n):
                    fu |= q64[i] << 1
        else:
            if aaop_t is LAndOp:
                for i in range(n):
                    u = q64[i]
                    fu |= ((u | (0 - u)) >> 63) ^ 1
            else:
                for i in range(n):
                    fu |= q64[i]
        return fu != 0
    else:
        cnt = 0
        if aaop_t is LAndOp:
            for i in range(n):
                cnt = cnt | (p[i] == 0)
        else:
            for i in range(n):
                cnt = cnt | p[i]
        return cnt != 0


cdef uint8_t aa_line(const char *a, Py_ssize_t n, Py_ssize_t s, const rin_t *itag,
                     const aaop_t *otag) noexcept nogil:
    """all / any of n >= 0 elements, testing for the deciding element once per block."""
    cdef Py_ssize_t i0 = 0
    cdef Py_ssize_t i, bn
    cdef Py_ssize_t blk = AA_BLOCK_BYTES // sizeof(rin_t)
    cdef uint8_t f
    while i0 < n:
        bn = n - i0
        if bn > blk:
            bn = blk
        if s == sizeof(rin_t):
            if aa_found((<const rin_t *>a) + i0, bn, otag):
                return 0 if aaop_t is LAndOp else 1
        else:
            f = 0
            if aaop_t is LAndOp:
                for i in range(i0, i0 + bn):
                    f |= truth((<const rin_t *>(a + i * s))[0]) ^ 1
            else:
                for i in range(i0, i0 + bn):
                    f |= truth((<const rin_t *>(a + i * s))[0])
            if f:
                return 0 if aaop_t is LAndOp else 1
        i0 += bn
    return 1 if aaop_t is LAndOp else 0


cdef int aa_block(Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
                  char *out, Py_ssize_t so0, const rin_t *itag,
                  const aaop_t *otag) noexcept nogil:
    cdef Py_ssize_t j, k, c0, w
    cdef uint8_t dst[RED_COLS]
    cdef uint8_t f
    cdef const rin_t *p
    cdef const char *row
    if row_mode(m, sa0, s) and n >= 1:
        c0 = 0
        while c0 < m:
            w = m - c0
            if w > RED_COLS:
                w = RED_COLS
            row = a + c0 * sa0
            for j in range(w):
                dst[j] = 1 if aaop_t is LAndOp else 0
            for k in range(n):
                if sa0 == sizeof(rin_t):
                    p = <const rin_t *>(row + k * s)
                    if aaop_t is LAndOp:
                        for j in range(w):
                            dst[j] &= truth(p[j])
                    else:
                        for j in range(w):
                            dst[j] |= truth(p[j])
                else:
                    if aaop_t is LAndOp:
                        for j in range(w):
                            dst[j] &= truth((<const rin_t *>(row + k * s + j * sa0))[0])
                    else:
                        for j in range(w):
                            dst[j] |= truth((<const rin_t *>(row + k * s + j * sa0))[0])
                if k % 32 == 31:
                    # early exit once every column is decided
                    f = 0
                    for j in range(w):
                        f |= dst[j] if aaop_t is LAndOp else dst[j] ^ 1
                    if not f:
                        break
            for j in range(w):
                (<uint8_t *>(out + (c0 + j) * so0))[0] = dst[j]
            c0 += w
        return ARRPY_OK
    for j in range(m):
        (<uint8_t *>(out + j * so0))[0] = aa_line(a + j * sa0, n, s, itag, otag)
    return ARRPY_OK


# --- ARGMIN / ARGMAX -------------------------------------------------------------------------

cdef inline bint has_nan(rin_t x) noexcept nogil:
    if rin_t is float or rin_t is double:
        return x != x
    elif rin_t is cfloat_t or rin_t is cdouble_t:
        return (x.re != x.re) | (x.im != x.im)
    else:
        return 0


cdef inline bint arg_better(rin_t v, rin_t best, const argop_t *otag) noexcept nogil:
    """Whether v replaces best (best is not nan): NumPy's argmin / argmax loops."""
    if rin_t is bool_t:
        if argop_t is ArgMaxOp:
            return (v.v != 0) & (best.v == 0)
        else:
            return (v.v == 0) & (best.v != 0)
    elif rin_t is cfloat_t or rin_t is cdouble_t:
        if argop_t is ArgMaxOp:
            return ((v.re > best.re) | ((v.re == best.re) & (v.im > best.im))
                    | (v.re != v.re) | (v.im != v.im))
        else:
            return ((v.re < best.re) | ((v.re == best.re) & (v.im < best.im))
                    | (v.re != v.re) | (v.im != v.im))
    elif rin_t is float or rin_t is double:
        if argop_t is ArgMaxOp:
            return not (v <= best)          # v > best, or v is nan
        else:
            return not (v >= best)
    else:
        if argop_t is ArgMaxOp:
            return v > best
        else:
            return v < best


cdef int64_t arg_contig(const rin_t *p, Py_ssize_t n, const argop_t *otag) noexcept nogil:
    """arg_line for contiguous integers and floats: the extreme of each block of ARG_BLOCK
    (vectorised, with a nan test); the block is searched only when it holds a nan or beats the
    best so far."""
    cdef rin_t best = p[0]
    cdef rin_t m
    cdef int64_t idx = 0
    cdef Py_ssize_t i0 = 0
    cdef Py_ssize_t i, bn
    cdef bint nan
    if rin_t is bool_t or rin_t is cfloat_t or rin_t is cdouble_t:
        return 0                            # not used
    if has_nan(best):
        return 0
    while i0 < n:
        bn = n - i0
        if bn > ARG_BLOCK:
            bn = ARG_BLOCK
        if argop_t is ArgMaxOp:
            nan = ext_contig(p + i0, bn, &m, <const MaxOp *>NULL)
        else:
            nan = ext_contig(p + i0, bn, &m, <const MinOp *>NULL)
        if nan:
            for i in range(i0, i0 + bn):
                if p[i] != p[i]:
                    return i
        if arg_better(m, best, otag):
            for i in range(i0, i0 + bn):
                if p[i] == m:
                    best = m
                    idx = i
                    break
        i0 += bn
    return idx


cdef int64_t arg_line(const char *a, Py_ssize_t n, Py_ssize_t s, const rin_t *itag,
                      const argop_t *otag) noexcept nogil:
    """Index of the first minimum / maximum of n >= 1 elements; the first nan wins."""
    cdef rin_t best = (<const rin_t *>a)[0]
    cdef rin_t v
    cdef int64_t idx = 0
    cdef Py_ssize_t i
    if not (rin_t is bool_t or rin_t is cfloat_t or rin_t is cdouble_t):
        if s == sizeof(rin_t):
            return arg_contig(<const rin_t *>a, n, otag)
    if has_nan(best):
        return 0
    for i in range(1, n):
        v = (<const rin_t *>(a + i * s))[0]
        if arg_better(v, best, otag):
            best = v
            idx = i
            if has_nan(v):
                break
    return idx


cdef int arg_block(Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
                   char *out, Py_ssize_t so0, const rin_t *itag,
                   const argop_t *otag) noexcept nogil:
    cdef Py_ssize_t j, k, c0, w
    cdef rin_t best[RED_COLS]
    cdef int64_t idx[RED_COLS]
    cdef rin_t v
    cdef const char *row
    if row_mode(m, sa0, s):
        c0 = 0
        while c0 < m:
            w = m - c0
            if w > RED_COLS:
                w = RED_COLS
            row = a + c0 * sa0
            for j in range(w):
                best[j] = (<const rin_t *>(row + j * sa0))[0]
                idx[j] = 0
            for k in range(1, n):
                for j in range(w):
                    v = (<const rin_t *>(row + k * s + j * sa0))[0]
                    if not has_nan(best[j]) and arg_better(v, best[j], otag):
                        best[j] = v
                        idx[j] = k
            for j in range(w):
                (<int64_t *>(out + (c0 + j) * so0))[0] = idx[j]
            c0 += w
        return ARRPY_OK
    for j in range(m):
        (<int64_t *>(out + j * so0))[0] = arg_line(a + j * sa0, n, s, itag, otag)
    return ARRPY_OK


# --- Dispatch: (op, input dtype, output dtype) -> the typed block function --------------------

ctypedef struct rjob_t:
    nditer_t it                  # the coalesced outer space (it.b unused)
    int op                       # ARRPY_SUM ... ARRPY_ARGMAX
    int in_dt                    # the loop's input type (signed T -> T SUM / PROD as unsigned)
    int out_dt
    int64_t stride               # byte stride along the reduced axis


cdef int red_typed(int op, Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n,
                   Py_ssize_t s, char *out, Py_ssize_t so0, const rin_t *itag,
                   const racc_t *atag) noexcept nogil:
    if op == ARRPY_SUM:
        return sp_block(m, a, sa0, n, s, out, so0, itag, atag, <const AddOp *>NULL)
    elif op == ARRPY_PROD:
        return sp_block(m, a, sa0, n, s, out, so0, itag, atag, <const MulOp *>NULL)
    elif op == ARRPY_MIN:
        return mm_block(m, a, sa0, n, s, out, so0, itag, <const MinOp *>NULL)
    elif op == ARRPY_MAX:
        return mm_block(m, a, sa0, n, s, out, so0, itag, <const MaxOp *>NULL)
    elif op == ARRPY_ALL:
        return aa_block(m, a, sa0, n, s, out, so0, itag, <const LAndOp *>NULL)
    elif op == ARRPY_ANY:
        return aa_block(m, a, sa0, n, s, out, so0, itag, <const LOrOp *>NULL)
    elif op == ARRPY_ARGMIN:
        return arg_block(m, a, sa0, n, s, out, so0, itag, <const ArgMinOp *>NULL)
    else:
        return arg_block(m, a, sa0, n, s, out, so0, itag, <const ArgMaxOp *>NULL)


cdef int red_in(int op, int dt, Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n,
                Py_ssize_t s, char *out, Py_ssize_t so0, const racc_t *atag) noexcept nogil:
    if dt == ARRPY_BOOL:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const bool_t *>NULL, atag)
    elif dt == ARRPY_INT8:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const int8_t *>NULL, atag)
    elif dt == ARRPY_UINT8:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const uint8_t *>NULL, atag)
    elif dt == ARRPY_INT16:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const int16_t *>NULL, atag)
    elif dt == ARRPY_UINT16:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const uint16_t *>NULL, atag)
    elif dt == ARRPY_INT32:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const int32_t *>NULL, atag)
    elif dt == ARRPY_UINT32:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const uint32_t *>NULL, atag)
    elif dt == ARRPY_INT64:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const int64_t *>NULL, atag)
    elif dt == ARRPY_UINT64:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const uint64_t *>NULL, atag)
    elif dt == ARRPY_FLOAT32:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const float *>NULL, atag)
    elif dt == ARRPY_FLOAT64:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const double *>NULL, atag)
    elif dt == ARRPY_COMPLEX64:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const cfloat_t *>NULL, atag)
    else:
        return red_typed(op, m, a, sa0, n, s, out, so0, <const cdouble_t *>NULL, atag)


cdef int red_block(const rjob_t *j, Py_ssize_t n, Py_ssize_t m, const char *a, Py_ssize_t sa0,
                   char *out, Py_ssize_t so0) noexcept nogil:
    """m columns (the innermost outer dimension) of job j, n >= 1 elements each."""
    cdef int op = j.op
    cdef int dt = j.in_dt
    cdef int ot = j.out_dt
    cdef Py_ssize_t s = j.stride
    if op == ARRPY_SUMSQDEV:
        if ot == ARRPY_FLOAT32:
            return sq_in(dt, m, a, sa0, n, s, out, so0, <const float *>NULL)
        return sq_in(dt, m, a, sa0, n, s, out, so0, <const double *>NULL)
    if op != ARRPY_SUM and op != ARRPY_PROD:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const bool_t *>NULL)
    if ot == ARRPY_BOOL:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const bool_t *>NULL)
    elif ot == ARRPY_INT8 or ot == ARRPY_UINT8:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const uint8_t *>NULL)
    elif ot == ARRPY_INT16 or ot == ARRPY_UINT16:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const uint16_t *>NULL)
    elif ot == ARRPY_INT32 or ot == ARRPY_UINT32:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const uint32_t *>NULL)
    elif ot == ARRPY_INT64 or ot == ARRPY_UINT64:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const uint64_t *>NULL)
    elif ot == ARRPY_FLOAT32:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const float *>NULL)
    elif ot == ARRPY_FLOAT64:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const double *>NULL)
    elif ot == ARRPY_COMPLEX64:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const cfloat_t *>NULL)
    else:
        return red_in(op, dt, m, a, sa0, n, s, out, so0, <const cdouble_t *>NULL)


# --- SUMSQDEV: the numerator of var, fused (two passes per row) ------------------------------

cdef real_t sq_dev(const char *a, Py_ssize_t n, Py_ssize_t s, const rin_t *itag,
                   real_t mean) noexcept nogil:
    """Pairwise sum (NumPy's recursion, as pw_sum) of (x - mean)**2 over n real elements."""
    cdef real_t r[8]
    cdef real_t res, d
    cdef Py_ssize_t i, k, n2, nb
    cdef const rin_t *p
    if n <= PW_BLOCK:
        for k in range(8):
            r[k] = 0
        nb = n - n % 8
        if s == sizeof(rin_t):
            p = <const rin_t *>a
            for i in range(0, nb, 8):
                for k in range(8):
                    d = sp_load(p[i + k], &mean) - mean
                    r[k] = r[k] + d * d
        else:
            for i in range(0, nb, 8):
                for k in range(8):
                    d = elem_load(a + (i + k) * s, itag, &mean) - mean
                    r[k] = r[k] + d * d
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for i in range(nb, n):
            d = elem_load(a + i * s, itag, &mean) - mean
            res = res + d * d
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return sq_dev(a, n2, s, itag, mean) + sq_dev(a + n2 * s, n - n2, s, itag, mean)


cdef real_t sq_line(const char *a, Py_ssize_t n, Py_ssize_t s, const rin_t *itag,
                    const real_t *atag) noexcept nogil:
    """sum |x - mean|**2 of n >= 1 real elements: the mean by NumPy's pairwise sum, then
    sq_dev."""
    cdef real_t mean = pw_sum(a, n, s, itag, atag) / <real_t>n
    return sq_dev(a, n, s, itag, mean)


cdef int sq_typed(Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
                  char *out, Py_ssize_t so0, const rin_t *itag, const real_t *atag) noexcept nogil:
    """m outputs of SUMSQDEV (abi.h): real inputs directly, complex ones as the two component
    streams (real parts, imaginary parts), whose squared deviations add up."""
    cdef Py_ssize_t j
    cdef const char *row
    for j in range(m):
        row = a + j * sa0
        if rin_t is cfloat_t:
            (<real_t *>(out + j * so0))[0] = (
                sq_line(row, n, s, <const float *>NULL, atag)
                + sq_line(row + sizeof(float), n, s, <const float *>NULL, atag))
        elif rin_t is cdouble_t:
            (<real_t *>(out + j * so0))[0] = (
                sq_line(row, n, s, <const double *>NULL, atag)
                + sq_line(row + sizeof(double), n, s, <const double *>NULL, atag))
        else:
            (<real_t *>(out + j * so0))[0] = 0 + sq_line(row, n, s, itag, atag)
    return 0


cdef int sq_in(int dt, Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
               char *out, Py_ssize_t so0, const real_t *atag) noexcept nogil:
    if dt == ARRPY_BOOL:
        return sq_typed(m, a, sa0, n, s, out, so0, <const bool_t *>NULL, atag)
    elif dt == ARRPY_INT8:
        return sq_typed(m, a, sa0, n, s, out, so0, <const int8_t *>NULL, atag)
    elif dt == ARRPY_UINT8:
        return sq_typed(m, a, sa0, n, s, out, so0, <const uint8_t *>NULL, atag)
    elif dt == ARRPY_INT16:
        return sq_typed(m, a, sa0, n, s, out, so0, <const int16_t *>NULL, atag)
    elif dt == ARRPY_UINT16:
        return sq_typed(m, a, sa0, n, s, out, so0, <const uint16_t *>NULL, atag)
    elif dt == ARRPY_INT32:
        return sq_typed(m, a, sa0, n, s, out, so0, <const int32_t *>NULL, atag)
    elif dt == ARRPY_UINT32:
        return sq_typed(m, a, sa0, n, s, out, so0, <const uint32_t *>NULL, atag)
    elif dt == ARRPY_INT64:
        return sq_typed(m, a, sa0, n, s, out, so0, <const int64_t *>NULL, atag)
    elif dt == ARRPY_UINT64:
        return sq_typed(m, a, sa0, n, s, out, so0, <const uint64_t *>NULL, atag)
    elif dt == ARRPY_FLOAT32:
        return sq_typed(m, a, sa0, n, s, out, so0, <const float *>NULL, atag)
    elif dt == ARRPY_FLOAT64:
        return sq_typed(m, a, sa0, n, s, out, so0, <const double *>NULL, atag)
    elif dt == ARRPY_COMPLEX64:
        return sq_typed(m, a, sa0, n, s, out, so0, <const cfloat_t *>NULL, atag)
    else:
        return sq_typed(m, a, sa0, n, s, out, so0, <const cdouble_t *>NULL, atag)


# --- The N-d driver --------------------------------------------------------------------------

cdef int reduce_range(const rjob_t *j, const char *a, char *out, const int64_t *so, int64_t n,
                      int64_t e0, int64_t e1) noexcept nogil:
    """Outer elements [e0, e1) of job j (C order of the coalesced dims), reading `a` (the
    outer strides j.it.sa, n elements at j.stride) and writing `out` (strides so)."""
    cdef int64_t idx[MAXDIMS]
    cdef const nditer_t *it = &j.it
    cdef int nd = it.nd
    cdef int64_t n0 = it.n[0]
    cdef int64_t sa0 = it.sa[0]
    cdef int64_t so0 = so[0]
    cdef int64_t row = e0 // n0
    cdef int64_t col = e0 - row * n0
    cdef int64_t rest = e1 - e0
    cdef int64_t q, cnt
    cdef int k
    cdef int st = 0
    cdef const char *ra = a
    cdef char *ro = out
    if rest <= 0:
        return 0
    q = row
    for k in range(1, nd):
        idx[k] = q % it.n[k]
        q = q // it.n[k]
        ra += idx[k] * it.sa[k]
        ro += idx[k] * so[k]
    while True:
        cnt = n0 - col
        if cnt > rest:
            cnt = rest
        st |= red_block(j, n, cnt, ra + col * sa0, sa0, ro + col * so0, so0)
        rest -= cnt
        if rest <= 0:
            return st
        col = 0
        for k in range(1, nd):
            idx[k] += 1
            ra += it.sa[k]
            ro += so[k]
            if idx[k] < it.n[k]:
                break
            idx[k] = 0
            ra -= it.sa[k] * it.n[k]
            ro -= so[k] * it.n[k]


cdef void outer_offsets(const nditer_t *it, const int64_t *so, int64_t e, int64_t *oa,
                        int64_t *oo) noexcept nogil:
    """Byte offsets in a and in out (strides so) of outer element e."""
    cdef int k
    cdef int64_t q = e
    cdef int64_t i
    oa[0] = 0
    oo[0] = 0
    for k in range(it.nd):
        i = q % it.n[k]
        q = q // it.n[k]
        oa[0] += i * it.sa[k]
        oo[0] += i * so[k]


cdef int reduce_split(rjob_t *j, int64_t n, int nchunks) noexcept nogil:
    """Split the reduced axis over nchunks threads: partial results of every outer element per
    range, then the same reduction over the partials (see the section comment)."""
    cdef nditer_t *it = &j.it
    cdef int64_t total = it.total
    cdef int64_t chunk, t, e, oa, oo, k0, best, isz, osz
    cdef int64_t tso[MAXDIMS]
    cdef int sts[MAXCHUNKS]
    cdef int k, st = 0
    cdef char *tmp
    cdef char vals[MAXCHUNKS * 16]
    cdef rjob_t cj
    cdef bint arg = j.op == ARRPY_ARGMIN or j.op == ARRPY_ARGMAX
    chunk = (n + nchunks - 1) // nchunks
    chunk = (chunk + 63) // 64 * 64
    nchunks = <int>((n + chunk - 1) // chunk)
    isz = itemsize(j.in_dt)
    osz = 8 if arg else itemsize(j.out_dt)
    tmp = <char *>malloc(nchunks * total * osz)
    if tmp == NULL:
        return reduce_range(j, it.a, it.out, it.so, n, 0, total)
    # the partials of range t: a C-contiguous array over the coalesced outer dims
    tso[0] = osz
    for k in range(1, it.nd):
        tso[k] = tso[k - 1] * it.n[k - 1]
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        k0 = t * chunk
        sts[t] = reduce_range(j, it.a + k0 * j.stride, tmp + t * total * osz, tso,
                              min(chunk, n - k0), 0, total)
    for t in range(nchunks):
        st |= sts[t]
    cj = j[0]
    if not arg:
        # the same op over the partials, in range order: (out, out) pairs
        cj.in_dt = j.out_dt
        if (cj.op == ARRPY_SUM or cj.op == ARRPY_PROD) and is_signed(cj.in_dt):
            cj.in_dt += 1
        cj.stride = total * osz
        cj.it.a = tmp
        for k in range(it.nd):
            cj.it.sa[k] = tso[k]
        st |= reduce_range(&cj, tmp, it.out, it.so, nchunks, 0, total)
    else:
        # the arg reduction of the values at the partial indices
        cj.stride = isz
        cj.it.nd = 1
        cj.it.n[0] = 1
        cj.it.sa[0] = 0
        for e in range(total):
            outer_offsets(it, it.so, e, &oa, &oo)
            for t in range(nchunks):
                k0 = t * chunk + (<int64_t *>(tmp + (t * total + e) * osz))[0]
                memcpy(vals + t * isz, it.a + oa + k0 * j.stride, isz)
            st |= red_block(&cj, nchunks, 1, vals, 0, <char *>&best, 8)
            (<int64_t *>(it.out + oo))[0] = best * chunk + (
                <int64_t *>(tmp + (best * total + e) * osz))[0]
    free(tmp)
    return st


cdef int reduce_outer(const rjob_t *j, int64_t n, int nchunks) noexcept nogil:
    """Split the outer elements over nchunks threads."""
    cdef int64_t total = j.it.total
    cdef int64_t chunk, t, e0, e1
    cdef int sts[MAXCHUNKS]
    cdef int st = 0
    chunk = (total + nchunks - 1) // nchunks
    if total >= 64 * nchunks:
        chunk = (chunk + 7) // 8 * 8
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        e0 = t * chunk
        e1 = min(e0 + chunk, total)
        sts[t] = reduce_range(j, j.it.a, j.it.out, j.it.so, n, e0, e1) if e0 < e1 else 0
    for t in range(nchunks):
        st |= sts[t]
    return st


cdef int reduce_supported(int op, int in_dtype, int out_dtype) noexcept nogil:
    if (op < 0 or op >= ARRPY_NUM_REDUCE_OPS or in_dtype < 0 or in_dtype >= ARRPY_NUM_DTYPES
            or out_dtype < 0 or out_dtype >= ARRPY_NUM_DTYPES):
        return 0
    if op == ARRPY_SUM or op == ARRPY_PROD:
        if out_dtype == in_dtype:
            return 1
        if out_dtype == ARRPY_INT64:
            return in_dtype == ARRPY_BOOL or is_signed(in_dtype)
        if out_dtype == ARRPY_UINT64:
            return in_dtype == ARRPY_BOOL or (is_int(in_dtype) and not is_signed(in_dtype))
        if out_dtype == ARRPY_FLOAT64:
            return in_dtype == ARRPY_BOOL or is_int(in_dtype) or in_dtype == ARRPY_FLOAT32
        return 0
    if op == ARRPY_MIN or op == ARRPY_MAX:
        return out_dtype == in_dtype
    if op == ARRPY_ALL or op == ARRPY_ANY:
        return out_dtype == ARRPY_BOOL
    if op == ARRPY_SUMSQDEV:
        if in_dtype == ARRPY_FLOAT32 or in_dtype == ARRPY_COMPLEX64:
            return out_dtype == ARRPY_FLOAT32 or out_dtype == ARRPY_FLOAT64
        return out_dtype == ARRPY_FLOAT64
    return out_dtype == ARRPY_INT64


cdef int reduce_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                   const char *a, const int64_t *sa, int64_t n, int64_t stride, char *out,
                   const int64_t *so) noexcept nogil:
    cdef rjob_t j
    cdef int64_t e, oa, oo, total, osz
    cdef int nthreads = _num_threads
    cdef int nchunks
    cdef char ident[16]
    cdef double work, min_bytes
    if not reduce_supported(op, in_dtype, out_dtype):
        return ARRPY_STATUS_UNSUPPORTED
    cdef int r = build_iter(&j.it, ndim, shape, a, sa, a, sa, out, so)
    if r != 0:
        return ARRPY_OK if r > 0 else ARRPY_STATUS_UNSUPPORTED
    total = j.it.total
    if n <= 0:
        # empty reductions: SUM and SUMSQDEV 0, PROD 1, ALL true, ANY false
        if not (op == ARRPY_SUM or op == ARRPY_PROD or op == ARRPY_ALL or op == ARRPY_ANY
                or op == ARRPY_SUMSQDEV):
            return ARRPY_STATUS_UNSUPPORTED
        osz = itemsize(out_dtype)
        store_one(ident, out_dtype, op == ARRPY_PROD or op == ARRPY_ALL)
        for e in range(total):
            outer_offsets(&j.it, j.it.so, e, &oa, &oo)
            memcpy(out + oo, ident, osz)
        return ARRPY_OK
    j.op = op
    j.in_dt = in_dtype
    j.out_dt = out_dtype
    j.stride = stride
    if (op == ARRPY_SUM or op == ARRPY_PROD) and in_dtype == out_dtype and is_signed(in_dtype):
        j.in_dt = in_dtype + 1            # wrapping: the unsigned kernel of the same width
    work = <double>total * <double>n * <double>itemsize(in_dtype)
    min_bytes = RED_PARALLEL_MIN_BYTES
    if op == ARRPY_PROD or op == ARRPY_ARGMIN or op == ARRPY_ARGMAX:
        min_bytes = RED_PARALLEL_MIN_BYTES_HEAVY
    if nthreads > MAXCHUNKS:
        nthreads = MAXCHUNKS
    if nthreads <= 1 or work < min_bytes:
        return reduce_range(&j, j.it.a, j.it.out, j.it.so, n, 0, total)
    nchunks = <int>(work / (min_bytes / 2))
    if nchunks > nthreads:
        nchunks = nthreads
    if op == ARRPY_SUMSQDEV or (op == ARRPY_PROD and (is_float(out_dtype)
                                                       or is_complex(out_dtype))):
        # floating products stay in NumPy's order (where they overflow or underflow depends on
        # it), and a row's squared deviations need its whole mean: only the outer space is split
        if total < 2:
            return reduce_range(&j, j.it.a, j.it.out, j.it.so, n, 0, total)
        return reduce_outer(&j, n, nchunks if nchunks < total else <int>total)
    if total >= 4 * nchunks and not (row_mode(j.it.n[0], j.it.sa[0], stride)
                                     and total * itemsize(in_dtype) < 4096 * nchunks):
        return reduce_outer(&j, n, nchunks)
    return reduce_split(&j, n, nchunks)


cdef void store_one(char *p, int dtype, bint one) noexcept nogil:
    """The value 0 or 1 of dtype at p (complex: 1 + 0j)."""
    cdef int k
    for k in range(16):
        p[k] = 0
    if not one:
        return
    if dtype == ARRPY_BOOL or dtype == ARRPY_INT8 or dtype == ARRPY_UINT8:
        (<uint8_t *>p)[0] = 1
    elif dtype == ARRPY_INT16 or dtype == ARRPY_UINT16:
        (<uint16_t *>p)[0] = 1
    elif dtype == ARRPY_INT32 or dtype == ARRPY_UINT32:
        (<uint32_t *>p)[0] = 1
    elif dtype == ARRPY_INT64 or dtype == ARRPY_UINT64:
        (<uint64_t *>p)[0] = 1
    elif dtype == ARRPY_FLOAT32 or dtype == ARRPY_COMPLEX64:
        (<float *>p)[0] = 1
    else:
        (<double *>p)[0] = 1


cdef arrpy_reduce_nd_fn _reduce_nd_check = reduce_nd
cdef arrpy_reduce_supported_fn _reduce_supported_check = reduce_supported

reduce_nd_capsule = PyCapsule_New(<void *>reduce_nd, b"arrpy.reduce_nd", NULL)
reduce_supported_capsule = PyCapsule_New(<void *>reduce_supported, b"arrpy.reduce_supported",
                                         NULL)


def _set_reduce_parallel_min_bytes(int64_t nbytes, int64_t heavy=-1):
    """Testing aid: the input sizes from which reductions use threads (cheap ops, and products
    / arg ops; heavy < 0: the same as nbytes); returns the old pair."""
    global RED_PARALLEL_MIN_BYTES, RED_PARALLEL_MIN_BYTES_HEAVY
    old = (RED_PARALLEL_MIN_BYTES, RED_PARALLEL_MIN_BYTES_HEAVY)
    RED_PARALLEL_MIN_BYTES = nbytes
    RED_PARALLEL_MIN_BYTES_HEAVY = heavy if heavy >= 0 else nbytes
    return old


def supported_reduce():
    """List of the (op, in dtype, out dtype) codes that have a reduction kernel."""
    return [(op, i, o) for op in range(ARRPY_NUM_REDUCE_OPS) for i in range(ARRPY_NUM_DTYPES)
            for o in range(ARRPY_NUM_DTYPES) if reduce_supported(op, i, o)]


# Compile-time check that the functions match the ABI typedefs.
cdef arrpy_binary_nd_fn _binary_nd_check = binary_nd
cdef arrpy_binary_supported_fn _binary_supported_check = binary_supported
cdef arrpy_compare_nd_fn _compare_nd_check = compare_nd
cdef arrpy_compare_supported_fn _compare_supported_check = compare_supported
cdef arrpy_unary_nd_fn _unary_nd_check = unary_nd
cdef arrpy_unary_supported_fn _unary_supported_check = unary_supported

binary_nd_capsule = PyCapsule_New(<void *>binary_nd, b"arrpy.binary_nd", NULL)
binary_supported_capsule = PyCapsule_New(<void *>binary_supported, b"arrpy.binary_supported", NULL)
compare_nd_capsule = PyCapsule_New(<void *>compare_nd, b"arrpy.compare_nd", NULL)
compare_supported_capsule = PyCapsule_New(<void *>compare_supported,
                                          b"arrpy.compare_supported", NULL)
unary_nd_capsule = PyCapsule_New(<void *>unary_nd, b"arrpy.unary_nd", NULL)
unary_supported_capsule = PyCapsule_New(<void *>unary_supported, b"arrpy.unary_supported", NULL)



# ---------------------------------------------------------------------------------------------
# Python-level helpers
# ---------------------------------------------------------------------------------------------

def set_num_threads(int n):
    """Set the number of OpenMP threads used for large problems (n >= 1)."""
    global _num_threads
    if n < 1:
        raise ValueError(f"number of threads must be >= 1, got {n}")
    _num_threads = n


def get_num_threads():
    """The number of OpenMP threads used for large problems."""
    return _num_threads


def supported_binary():
    """List of the (op, dtype) pairs that have a kernel."""
    return [(op, dt) for op in range(ARRPY_NUM_BINARY_OPS) for dt in range(ARRPY_NUM_DTYPES)
            if binary_supported(op, dt)]


def _default_num_threads():
    env = _os.environ.get("ARRPY_NUM_THREADS", "")
    try:
        n = int(env)
    except ValueError:
        n = 0
    if n >= 1:
        return n
    return _os.cpu_count() or 1


set_num_threads(_default_num_threads())


def supported_unary():
    """List of the (op, dtype) pairs that have a unary kernel."""
    return [(op, dt) for op in range(ARRPY_NUM_UNARY_OPS) for dt in range(ARRPY_NUM_DTYPES)
            if unary_supported(op, dt)]


# =============================================================================================
# stats (issue 4): counting and searching -- bincount, searchsorted, histogram (abi.h
# arrpy_bincount_fn, arrpy_searchsorted_fn, arrpy_histogram_fn, arrpy_counting_supported_fn)
# =============================================================================================
#
# Typed loops over the raw buffers; large inputs are split into one chunk per OpenMP thread with
# prange. Counting threads each fill their own copy of the bins (no atomics), added at the end;
# weighted bincount stays sequential (each bin's weights must be added in input order).

from libc.stdlib cimport calloc

ctypedef fused sval_t:
    uint8_t
    int8_t
    int16_t
    uint16_t
    int32_t
    uint32_t
    int64_t
    uint64_t
    float
    double

ctypedef fused hval_t:
    float
    double

# Elements from which counting and searching use threads (a thread's start costs ~10-50 us).
cdef int64_t CNT_PARALLEL_MIN = 131072


cdef inline sval_t s_load(const sval_t *tag, const char *p, bint is_bool) noexcept nogil:
    """The value at p; a bool byte reads as 0 or 1 (any nonzero byte is true)."""
    if sval_t is uint8_t:
        if is_bool:
            return 1 if (<const uint8_t *>p)[0] != 0 else 0
    return (<const sval_t *>p)[0]


cdef inline uint64_t sort_key(const sval_t *tag, const char *p, bint is_bool) noexcept nogil:
    """An unsigned integer whose order is NumPy's sort order of the value at p: searching
    compares these keys, because the nan-aware float comparison compiles to branches that random
    values mispredict (8x slower measured). Signed integers flip the sign bit; floats map their
    bits (negative: all bits inverted, else the sign bit set); -0.0 and 0.0 share a key; every
    nan gets the largest key."""
    cdef sval_t x = s_load(tag, p, is_bool)
    cdef double d
    cdef float f
    cdef uint64_t u
    cdef uint32_t w
    if sval_t is double:
        if x != x:
            return 0xFFFFFFFFFFFFFFFF
        d = x + 0.0
        memcpy(&u, &d, 8)
        return ~u if (u >> 63) else (u | (<uint64_t>1 << 63))
    elif sval_t is float:
        if x != x:
            return 0xFFFFFFFFFFFFFFFF
        f = x + <float>0.0
        memcpy(&w, &f, 4)
        return <uint64_t>(~w if (w >> 31) else (w | (<uint32_t>1 << 31)))
    elif sval_t is int8_t or sval_t is int16_t or sval_t is int32_t or sval_t is int64_t:
        return (<uint64_t><int64_t>x) ^ (<uint64_t>1 << 63)
    else:
        return <uint64_t>x


cdef void search_keys(const sval_t *tag, bint is_bool, bint right, int64_t m,
                      const uint64_t *keys, const char *v, int64_t vs, char *out, int64_t os,
                      int64_t begin, int64_t end) noexcept nogil:
    """Branch-free binary search over the edges' keys, 8 values in lockstep (their chains of
    dependent loads overlap): base = 0, n = m; while n > 1: half = n // 2; base += half if
    keys[base + half] comes before the value; n -= half. The index is base + (keys[base]
    before). "Before": key < value's key (left), key <= value's key (right)."""
    cdef int64_t k, n, half, j, b
    cdef int64_t base[8]
    cdef uint64_t xs[8]
    cdef uint64_t x, e
    k = begin
    while k + 8 <= end:
        for j in range(8):
            xs[j] = sort_key(tag, v + (k + j) * vs, is_bool)
            base[j] = 0
        n = m
        while n > 1:
            half = n >> 1
            for j in range(8):
                e = keys[base[j] + half]
                base[j] += half * ((e <= xs[j]) if right else (e < xs[j]))
            n -= half
        for j in range(8):
            e = keys[base[j]]
            (<int64_t *>(out + (k + j) * os))[0] = base[j] + (
                (e <= xs[j]) if right else (e < xs[j]))
        k += 8
    while k < end:
        x = sort_key(tag, v + k * vs, is_bool)
        b = 0
        n = m
        while n > 1:
            half = n >> 1
            e = keys[b + half]
            b += half * ((e <= x) if right else (e < x))
            n -= half
        e = keys[b]
        (<int64_t *>(out + k * os))[0] = b + ((e <= x) if right else (e < x))
        k += 1


cdef void search_direct(const sval_t *tag, bint is_bool, bint right, int64_t m,
                        const char *edges, int64_t es, const char *v, int64_t vs, char *out,
                        int64_t os, int64_t begin, int64_t end) noexcept nogil:
    """A plain binary search for few values in many edges (keys of all edges would cost more)."""
    cdef int64_t k, low, high, middle
    cdef uint64_t x, e
    for k in range(begin, end):
        x = sort_key(tag, v + k * vs, is_bool)
        low = 0
        high = m
        while low < high:
            middle = low + (high - low) // 2
            e = sort_key(tag, edges + middle * es, is_bool)
            if (e <= x) if right else (e < x):
                low = middle + 1
            else:
                high = middle
        (<int64_t *>(out + k * os))[0] = low


cdef int search_typed(const sval_t *tag, bint is_bool, int side, int64_t m, const char *edges,
                      int64_t es, int64_t n, const char *v, int64_t vs, char *out,
                      int64_t os) noexcept nogil:
    cdef bint right = side == ARRPY_SIDE_RIGHT
    cdef int nchunks = _num_threads if n >= CNT_PARALLEL_MIN // 8 else 1
    cdef int t
    cdef int64_t per, i
    cdef uint64_t *keys = NULL
    if m > 0 and n * 8 >= m:
        keys = <uint64_t *>malloc(m * sizeof(uint64_t))
    if keys == NULL:
        search_direct(tag, is_bool, right, m, edges, es, v, vs, out, os, 0, n)
        return ARRPY_OK
    for i in range(m):
        keys[i] = sort_key(tag, edges + i * es, is_bool)
    if nchunks <= 1:
        search_keys(tag, is_bool, right, m, keys, v, vs, out, os, 0, n)
    else:
        per = (n + nchunks - 1) // nchunks
        for t in prange(nchunks, schedule='static', num_threads=nchunks):
            search_keys(tag, is_bool, right, m, keys, v, vs, out, os, t * per,
                        n if (t + 1) * per > n else (t + 1) * per)
    free(keys)
    return ARRPY_OK


cdef int cy_searchsorted(int dtype, int side, int64_t m, const char *edges, int64_t e_stride,
                         int64_t n, const char *v, int64_t v_stride, char *out,
                         int64_t o_stride) noexcept nogil:
    if dtype == ARRPY_BOOL:
        return search_typed(<const uint8_t *>NULL, True, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_UINT8:
        return search_typed(<const uint8_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_INT8:
        return search_typed(<const int8_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_INT16:
        return search_typed(<const int16_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_UINT16:
        return search_typed(<const uint16_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_INT32:
        return search_typed(<const int32_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_UINT32:
        return search_typed(<const uint32_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_INT64:
        return search_typed(<const int64_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_UINT64:
        return search_typed(<const uint64_t *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_FLOAT32:
        return search_typed(<const float *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    if dtype == ARRPY_FLOAT64:
        return search_typed(<const double *>NULL, False, side, m, edges, e_stride, n, v,
                            v_stride, out, o_stride)
    return ARRPY_STATUS_UNSUPPORTED


cdef void count_indices(const char *idx, int64_t si, int64_t begin, int64_t end,
                        int64_t *counts) noexcept nogil:
    cdef int64_t k
    for k in range(begin, end):
        counts[(<const int64_t *>(idx + k * si))[0]] += 1


cdef int chunks_for(int64_t n, int64_t nbins) noexcept nogil:
    """Threads for counting n elements into nbins bins: 1 unless the input is large and the
    per-thread copies of the bins are cheap next to it."""
    cdef int nchunks = _num_threads
    if n < CNT_PARALLEL_MIN:
        return 1
    while nchunks > 1 and nchunks * nbins > n // 4:
        nchunks -= 1
    return nchunks


cdef int cy_bincount(int64_t n, const char *idx, int64_t idx_stride, const char *weights,
                     int64_t w_stride, char *out, int64_t nbins) noexcept nogil:
    cdef int64_t k, i
    cdef int t
    cdef double *sums
    cdef int64_t *counts = <int64_t *>out
    cdef int64_t *local
    cdef int64_t per
    cdef int nchunks
    if weights != NULL:
        sums = <double *>out
        for i in range(nbins):
            sums[i] = 0.0
        for k in range(n):
            sums[(<const int64_t *>(idx + k * idx_stride))[0]] += (
                <const double *>(weights + k * w_stride))[0]
        return ARRPY_OK
    for i in range(nbins):
        counts[i] = 0
    nchunks = chunks_for(n, nbins)
    local = NULL
    if nchunks > 1:
        local = <int64_t *>calloc(nchunks * nbins, sizeof(int64_t))
    if local == NULL:
        count_indices(idx, idx_stride, 0, n, counts)
        return ARRPY_OK
    per = (n + nchunks - 1) // nchunks
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        count_indices(idx, idx_stride, t * per, n if (t + 1) * per > n else (t + 1) * per,
                      local + t * nbins)
    for t in range(nchunks):
        for i in range(nbins):
            counts[i] += local[t * nbins + i]
    free(local)
    return ARRPY_OK


cdef void hist_range(const hval_t *edges, const char *a, int64_t sa, const char *w, int64_t sw,
                     double lo, double hi, int64_t nbins, int64_t begin, int64_t end,
                     int64_t *counts, double *sums) noexcept nogil:
    """NumPy's equal-bin index, corrected against the edges; counts or sums (w != NULL)."""
    cdef double width = hi - lo
    cdef double nb = <double>nbins
    cdef double xd
    cdef hval_t x
    cdef int64_t k, i
    for k in range(begin, end):
        x = (<const hval_t *>(a + k * sa))[0]
        xd = <double>x
        if not (xd >= lo and xd <= hi):  # out of range, or nan
            continue
        i = <int64_t>((xd - lo) / width * nb)
        if i >= nbins:
            i = nbins - 1
        if x < edges[i]:
            if i > 0:
                i -= 1
        elif i < nbins - 1 and x >= edges[i + 1]:
            i += 1
        if w != NULL:
            sums[i] += (<const double *>(w + k * sw))[0]
        else:
            counts[i] += 1


cdef int hist_typed(const hval_t *edges, int64_t n, const char *a, int64_t sa, const char *w,
                    int64_t sw, double lo, double hi, int64_t nbins, char *out) noexcept nogil:
    cdef int64_t *counts = <int64_t *>out
    cdef double *sums = <double *>out
    cdef int64_t i, per
    cdef int t
    cdef int nchunks = chunks_for(n, nbins)
    cdef char *local = NULL
    for i in range(nbins):
        if w != NULL:
            sums[i] = 0.0
        else:
            counts[i] = 0
    if nchunks > 1:
        local = <char *>calloc(nchunks * nbins, 8)
    if local == NULL:
        hist_range(edges, a, sa, w, sw, lo, hi, nbins, 0, n, counts, sums)
        return ARRPY_OK
    per = (n + nchunks - 1) // nchunks
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        hist_range(edges, a, sa, w, sw, lo, hi, nbins, t * per,
                   n if (t + 1) * per > n else (t + 1) * per,
                   <int64_t *>local + t * nbins, <double *>local + t * nbins)
    for t in range(nchunks):
        for i in range(nbins):
            if w != NULL:
                sums[i] += (<double *>local)[t * nbins + i]
            else:
                counts[i] += (<int64_t *>local)[t * nbins + i]
    free(local)
    return ARRPY_OK


cdef int cy_histogram(int dtype, int64_t n, const char *a, int64_t a_stride, const char *weights,
                      int64_t w_stride, double lo, double hi, int64_t nbins, const char *edges,
                      char *out) noexcept nogil:
    if nbins < 1:
        return ARRPY_STATUS_UNSUPPORTED
    if dtype == ARRPY_FLOAT64:
        return hist_typed(<const double *>edges, n, a, a_stride, weights, w_stride, lo, hi,
                          nbins, out)
    if dtype == ARRPY_FLOAT32:
        return hist_typed(<const float *>edges, n, a, a_stride, weights, w_stride, lo, hi,
                          nbins, out)
    return ARRPY_STATUS_UNSUPPORTED


cdef int cy_counting_supported(int op, int dtype) noexcept nogil:
    if op == ARRPY_BINCOUNT:
        return dtype == ARRPY_INT64
    if op == ARRPY_SEARCHSORTED:
        return ARRPY_BOOL <= dtype <= ARRPY_FLOAT64
    if op == ARRPY_HISTOGRAM:
        return dtype == ARRPY_FLOAT32 or dtype == ARRPY_FLOAT64
    return 0


# Compile-time check that the functions match the ABI typedefs.
cdef arrpy_bincount_fn _bincount_check = cy_bincount
cdef arrpy_searchsorted_fn _searchsorted_check = cy_searchsorted
cdef arrpy_histogram_fn _histogram_check = cy_histogram
cdef arrpy_counting_supported_fn _counting_supported_check = cy_counting_supported

bincount_capsule = PyCapsule_New(<void *>cy_bincount, b"arrpy.bincount", NULL)
searchsorted_capsule = PyCapsule_New(<void *>cy_searchsorted, b"arrpy.searchsorted", NULL)
histogram_capsule = PyCapsule_New(<void *>cy_histogram, b"arrpy.histogram", NULL)
counting_supported_capsule = PyCapsule_New(<void *>cy_counting_supported,
                                           b"arrpy.counting_supported", NULL)


# ---------------------------------------------------------------------------------------------
# Scans (abi.h: scan_nd): cumsum / cumprod
# ---------------------------------------------------------------------------------------------
#
# scan_nd scans, for every index of the N-d outer space, n elements spaced `stride` bytes apart
# into n outputs spaced `out_stride` apart: out[0] = a[0], out[k] = out[k-1] OP a[k], each
# element converted to the output type first (the reductions' sp_load; the pairs are SUM /
# PROD's, sp_valid).  The result of every step is an output, so the order is NumPy's sequential
# one and floating results are bit-identical to add.accumulate / multiply.accumulate; complex
# products use the textbook formula without fused multiply-add (NumPy's accumulate loop).
# Integers wrap: a signed T -> T scan runs as the unsigned T, as in reduce_nd.
# The outer space is coalesced by build_iter (a as both inputs); its innermost dimension (m
# columns, strides sa0 / so0) goes to a typed block function which picks the loop order:
#   * row mode (0 < |sa0| < |stride|: axis 0 of a C-ordered matrix): whole rows at a time,
#     out[row k][j] = out[row k-1][j] OP a[row k][j], a contiguous inner loop over j that the
#     compiler vectorises, the previous output row as the running accumulator (no copy);
#   * line mode otherwise: each column's line on its own, a register accumulator.
# Threads: from SCAN_PARALLEL_MIN_BYTES of input the outer elements are split over OpenMP
# threads (a scan's own axis is never split: it is a sequential dependency chain).

cdef int64_t SCAN_PARALLEL_MIN_BYTES = 2097152    # 2 MiB


ctypedef struct sjob_t:
    nditer_t it
    int op
    int in_dt
    int out_dt
    int64_t n
    int64_t stride
    int64_t out_stride


cdef inline racc_t scan_step(racc_t x, racc_t y, const spop_t *otag) noexcept nogil:
    """x OP y in the accumulator type: binop's, except that complex products take the textbook
    formula with every operation rounded (NumPy's accumulate loop has no fused multiply-add)."""
    cdef racc_t r
    cdef int st = 0
    if spop_t is MulOp and (racc_t is cfloat_t or racc_t is cdouble_t):
        r.re = x.re * y.re - x.im * y.im
        r.im = x.re * y.im + x.im * y.re
        return r
    else:
        return binop(x, y, otag, &st)


cdef void scan_line(const char *a, Py_ssize_t n, Py_ssize_t s, char *o, Py_ssize_t os,
                    const rin_t *itag, const racc_t *atag, const spop_t *otag) noexcept nogil:
    """One line of n >= 1 elements, a running accumulator in a register."""
    cdef racc_t acc = elem_load(a, itag, atag)
    cdef Py_ssize_t k
    cdef const rin_t *p
    cdef racc_t *q
    if s == sizeof(rin_t) and os == sizeof(racc_t):
        p = <const rin_t *>a
        q = <racc_t *>o
        q[0] = acc
        for k in range(1, n):
            acc = scan_step(acc, sp_load(p[k], atag), otag)
            q[k] = acc
    else:
        (<racc_t *>o)[0] = acc
        for k in range(1, n):
            acc = scan_step(acc, elem_load(a + k * s, itag, atag), otag)
            (<racc_t *>(o + k * os))[0] = acc


cdef void scan_rows(Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
                    char *o, Py_ssize_t so0, Py_ssize_t os, const rin_t *itag,
                    const racc_t *atag, const spop_t *otag) noexcept nogil:
    """Row mode: m adjacent columns scanned together, one row (n >= 1 rows) after the other."""
    cdef Py_ssize_t j, k
    cdef const rin_t *p
    cdef const racc_t *prev
    cdef racc_t *q
    if sa0 == sizeof(rin_t) and so0 == sizeof(racc_t):
        p = <const rin_t *>a
        q = <racc_t *>o
        for j in range(m):
            q[j] = sp_load(p[j], atag)
        for k in range(1, n):
            prev = q
            p = <const rin_t *>(a + k * s)
            q = <racc_t *>(o + k * os)
            for j in range(m):
                q[j] = scan_step(prev[j], sp_load(p[j], atag), otag)
    else:
        for j in range(m):
            (<racc_t *>(o + j * so0))[0] = elem_load(a + j * sa0, itag, atag)
        for k in range(1, n):
            for j in range(m):
                (<racc_t *>(o + k * os + j * so0))[0] = scan_step(
                    (<const racc_t *>(o + (k - 1) * os + j * so0))[0],
                    elem_load(a + k * s + j * sa0, itag, atag), otag)


cdef int scan_typed(Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n, Py_ssize_t s,
                    char *o, Py_ssize_t so0, Py_ssize_t os, const rin_t *itag,
                    const racc_t *atag, const spop_t *otag) noexcept nogil:
    cdef Py_ssize_t j
    if not sp_valid(itag, atag):
        return ARRPY_STATUS_UNSUPPORTED
    if row_mode(m, sa0, s):
        scan_rows(m, a, sa0, n, s, o, so0, os, itag, atag, otag)
    else:
        for j in range(m):
            scan_line(a + j * sa0, n, s, o + j * so0, os, itag, atag, otag)
    return ARRPY_OK


cdef int scan_with_op(int op, Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n,
                      Py_ssize_t s, char *o, Py_ssize_t so0, Py_ssize_t os, const rin_t *itag,
                      const racc_t *atag) noexcept nogil:
    if op == ARRPY_CUMSUM:
        return scan_typed(m, a, sa0, n, s, o, so0, os, itag, atag, <const AddOp *>NULL)
    return scan_typed(m, a, sa0, n, s, o, so0, os, itag, atag, <const MulOp *>NULL)


cdef int scan_in(int op, int dt, Py_ssize_t m, const char *a, Py_ssize_t sa0, Py_ssize_t n,
                 Py_ssize_t s, char *o, Py_ssize_t so0, Py_ssize_t os,
                 const racc_t *atag) noexcept nogil:
    if dt == ARRPY_BOOL:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const bool_t *>NULL, atag)
    elif dt == ARRPY_INT8:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const int8_t *>NULL, atag)
    elif dt == ARRPY_UINT8:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const uint8_t *>NULL, atag)
    elif dt == ARRPY_INT16:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const int16_t *>NULL, atag)
    elif dt == ARRPY_UINT16:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const uint16_t *>NULL, atag)
    elif dt == ARRPY_INT32:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const int32_t *>NULL, atag)
    elif dt == ARRPY_UINT32:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const uint32_t *>NULL, atag)
    elif dt == ARRPY_INT64:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const int64_t *>NULL, atag)
    elif dt == ARRPY_UINT64:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const uint64_t *>NULL, atag)
    elif dt == ARRPY_FLOAT32:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const float *>NULL, atag)
    elif dt == ARRPY_FLOAT64:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const double *>NULL, atag)
    elif dt == ARRPY_COMPLEX64:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const cfloat_t *>NULL, atag)
    else:
        return scan_with_op(op, m, a, sa0, n, s, o, so0, os, <const cdouble_t *>NULL, atag)


cdef int scan_block(const sjob_t *j, Py_ssize_t m, const char *a, Py_ssize_t sa0, char *o,
                    Py_ssize_t so0) noexcept nogil:
    """m columns (the innermost outer dimension) of job j."""
    cdef int op = j.op
    cdef int dt = j.in_dt
    cdef int ot = j.out_dt
    cdef Py_ssize_t n = j.n
    cdef Py_ssize_t s = j.stride
    cdef Py_ssize_t os = j.out_stride
    if ot == ARRPY_BOOL:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const bool_t *>NULL)
    elif ot == ARRPY_INT8 or ot == ARRPY_UINT8:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const uint8_t *>NULL)
    elif ot == ARRPY_INT16 or ot == ARRPY_UINT16:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const uint16_t *>NULL)
    elif ot == ARRPY_INT32 or ot == ARRPY_UINT32:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const uint32_t *>NULL)
    elif ot == ARRPY_INT64 or ot == ARRPY_UINT64:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const uint64_t *>NULL)
    elif ot == ARRPY_FLOAT32:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const float *>NULL)
    elif ot == ARRPY_FLOAT64:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const double *>NULL)
    elif ot == ARRPY_COMPLEX64:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const cfloat_t *>NULL)
    else:
        return scan_in(op, dt, m, a, sa0, n, s, o, so0, os, <const cdouble_t *>NULL)


cdef int scan_range(const sjob_t *j, int64_t e0, int64_t e1) noexcept nogil:
    """Outer elements [e0, e1) of job j (C order of the coalesced dims)."""
    cdef int64_t idx[MAXDIMS]
    cdef const nditer_t *it = &j.it
    cdef int nd = it.nd
    cdef int64_t n0 = it.n[0]
    cdef int64_t sa0 = it.sa[0]
    cdef int64_t so0 = it.so[0]
    cdef int64_t row = e0 // n0
    cdef int64_t col = e0 - row * n0
    cdef int64_t rest = e1 - e0
    cdef int64_t q, cnt
    cdef int k
    cdef int st = 0
    cdef const char *ra = it.a
    cdef char *ro = it.out
    if rest <= 0:
        return 0
    q = row
    for k in range(1, nd):
        idx[k] = q % it.n[k]
        q = q // it.n[k]
        ra += idx[k] * it.sa[k]
        ro += idx[k] * it.so[k]
    while True:
        cnt = n0 - col
        if cnt > rest:
            cnt = rest
        st |= scan_block(j, cnt, ra + col * sa0, sa0, ro + col * so0, so0)
        rest -= cnt
        if rest <= 0:
            return st
        col = 0
        for k in range(1, nd):
            idx[k] += 1
            ra += it.sa[k]
            ro += it.so[k]
            if idx[k] < it.n[k]:
                break
            idx[k] = 0
            ra -= it.sa[k] * it.n[k]
            ro -= it.so[k] * it.n[k]


cdef int scan_supported(int op, int in_dtype, int out_dtype) noexcept nogil:
    if op != ARRPY_CUMSUM and op != ARRPY_CUMPROD:
        return 0
    return reduce_supported(ARRPY_SUM, in_dtype, out_dtype)    # the same dtype pairs


cdef int scan_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                 const char *a, const int64_t *sa, int64_t n, int64_t stride, char *out,
                 const int64_t *so, int64_t out_stride) noexcept nogil:
    cdef sjob_t j
    cdef int64_t total, chunk, t, e0, e1
    cdef int nthreads = _num_threads
    cdef int nchunks
    cdef int sts[MAXCHUNKS]
    cdef int st = 0
    cdef double work
    if not scan_supported(op, in_dtype, out_dtype):
        return ARRPY_STATUS_UNSUPPORTED
    if n <= 0:
        return ARRPY_OK
    cdef int r = build_iter(&j.it, ndim, shape, a, sa, a, sa, out, so)
    if r != 0:
        return ARRPY_OK if r > 0 else ARRPY_STATUS_UNSUPPORTED
    j.op = op
    j.in_dt = in_dtype
    j.out_dt = out_dtype
    j.n = n
    j.stride = stride
    j.out_stride = out_stride
    if in_dtype == out_dtype and is_signed(in_dtype):
        j.in_dt = in_dtype + 1            # wrapping: the unsigned kernel of the same width
    total = j.it.total
    work = <double>total * <double>n * <double>itemsize(in_dtype)
    if nthreads > MAXCHUNKS:
        nthreads = MAXCHUNKS
    if nthreads <= 1 or total < 2 or work < SCAN_PARALLEL_MIN_BYTES:
        return scan_range(&j, 0, total)
    nchunks = <int>(work / (SCAN_PARALLEL_MIN_BYTES / 2))
    if nchunks > nthreads:
        nchunks = nthreads
    if nchunks > total:
        nchunks = <int>total
    chunk = (total + nchunks - 1) // nchunks
    if total >= 64 * nchunks:
        chunk = (chunk + 7) // 8 * 8          # whole vectors of columns in row mode
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        e0 = t * chunk
        e1 = min(e0 + chunk, total)
        sts[t] = scan_range(&j, e0, e1) if e0 < e1 else 0
    for t in range(nchunks):
        st |= sts[t]
    return st


cdef arrpy_scan_nd_fn _scan_nd_check = scan_nd
cdef arrpy_scan_supported_fn _scan_supported_check = scan_supported

scan_nd_capsule = PyCapsule_New(<void *>scan_nd, b"arrpy.scan_nd", NULL)
scan_supported_capsule = PyCapsule_New(<void *>scan_supported, b"arrpy.scan_supported", NULL)


def _set_scan_parallel_min_bytes(int64_t nbytes):
    """Testing aid: the input size from which scans split the outer space over threads;
    returns the old value."""
    global SCAN_PARALLEL_MIN_BYTES
    old = SCAN_PARALLEL_MIN_BYTES
    SCAN_PARALLEL_MIN_BYTES = nbytes
    return old


# ---------------------------------------------------------------------------------------------
# Selection (abi.h: partition_nd)
# ---------------------------------------------------------------------------------------------
#
# partition_nd reorders every row (n elements `stride` bytes apart, for every index of the outer
# space) in place around the increasing indices kth (np.partition's contract, NumPy's sort
# order). Per row:
#   * floats first move their nans to the end in one two-pointer pass; the selection then runs on
#     the numbers only, comparing with a plain `<` (indices among the nans are in place already);
#   * each kth is selected inside the part after the previous one; an index right after the
#     previous one, or the row's last index, is a single min / max scan;
#   * otherwise introselect: quickselect, insertion sort for short ranges and a heapsort of the
#     remaining range when the pivots keep being bad (depth > 2 log2 n), so the worst case is
#     O(n log n). Numbers use a branch-free Lomuto partition (sel_quick), complex numbers Hoare's
#     scheme with sentinels and a median-of-3 pivot, as NumPy's introselect (sel_kth).
# A strided row is gathered into a scratch buffer first. Many rows run in parallel (prange).

ctypedef fused sel_t:
    uint8_t
    int8_t
    uint16_t
    int16_t
    uint32_t
    int32_t
    uint64_t
    int64_t
    float
    double
    cfloat_t
    cdouble_t

cdef int64_t SEL_PARALLEL_MIN_ELEMS = 65536
cdef Py_ssize_t SEL_SMALL = 16


cdef inline bint sel_less(sel_t a, sel_t b) noexcept nogil:
    """NumPy's sort order; for floats the nans are gone before this is called."""
    if sel_t is cfloat_t or sel_t is cdouble_t:
        if a.re < b.re:
            return a.im == a.im or b.im != b.im
        if a.re > b.re:
            return b.im != b.im and a.im == a.im
        if a.re == b.re or (a.re != a.re and b.re != b.re):
            return a.im < b.im or (b.im != b.im and a.im == a.im)
        return b.re != b.re
    else:
        return a < b


cdef inline void sel_swap(sel_t *v, Py_ssize_t i, Py_ssize_t j) noexcept nogil:
    cdef sel_t t = v[i]
    v[i] = v[j]
    v[j] = t


cdef void sel_insertion(sel_t *v, Py_ssize_t low, Py_ssize_t high) noexcept nogil:
    """Sort v[low..high] (inclusive)."""
    cdef Py_ssize_t i, j
    cdef sel_t x
    for i in range(low + 1, high + 1):
        x = v[i]
        j = i
        while j > low and sel_less(x, v[j - 1]):
            v[j] = v[j - 1]
            j -= 1
        v[j] = x


cdef void sel_sift(sel_t *v, Py_ssize_t root, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t child
    while 2 * root + 1 < n:
        child = 2 * root + 1
        if child + 1 < n and sel_less(v[child], v[child + 1]):
            child += 1
        if not sel_less(v[root], v[child]):
            return
        sel_swap(v, root, child)
        root = child


cdef void sel_heapsort(sel_t *v, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    i = n // 2 - 1
    while i >= 0:
        sel_sift(v, i, n)
        i -= 1
    i = n - 1
    while i > 0:
        sel_swap(v, 0, i)
        sel_sift(v, 0, i)
        i -= 1


cdef void sel_kth(sel_t *v, Py_ssize_t low, Py_ssize_t high, Py_ssize_t kth) noexcept nogil:
    """Put the element of rank kth of v[low..high] (inclusive) at kth, smaller ones before it,
    larger ones after it."""
    cdef Py_ssize_t ll, hh, mid, size
    cdef int depth = 0
    cdef sel_t pivot
    size = high - low + 1
    while size > 1:
        depth += 2
        size >>= 1
    while high - low >= SEL_SMALL:
        if depth == 0:
            sel_heapsort(v + low, high - low + 1)
            return
        depth -= 1
        # median of three: the pivot to v[low], something <= it to v[low + 1], something >= it
        # to v[high] (the sentinels that end the two scans)
        mid = low + (high - low) // 2
        if sel_less(v[high], v[mid]):
            sel_swap(v, high, mid)
        if sel_less(v[high], v[low]):
            sel_swap(v, high, low)
        if sel_less(v[low], v[mid]):
            sel_swap(v, low, mid)
        sel_swap(v, mid, low + 1)
        pivot = v[low]
        ll = low + 1
        hh = high
        while True:
            ll += 1
            while sel_less(v[ll], pivot):
                ll += 1
            hh -= 1
            while sel_less(pivot, v[hh]):
                hh -= 1
            if hh < ll:
                break
            sel_swap(v, ll, hh)
        sel_swap(v, low, hh)   # the pivot to its place: v[low..hh-1] <= it <= v[hh+1..high]
        if hh == kth or (hh < kth < ll):
            return             # kth holds the pivot or a value equal to it
        if hh > kth:
            high = hh - 1
        else:
            low = ll
    sel_insertion(v, low, high)


cdef inline Py_ssize_t sel_median3(const sel_t *v, Py_ssize_t a, Py_ssize_t b,
                                   Py_ssize_t c) noexcept nogil:
    if sel_less(v[a], v[b]):
        if sel_less(v[b], v[c]):
            return b
        return c if sel_less(v[a], v[c]) else a
    if sel_less(v[a], v[c]):
        return a
    return c if sel_less(v[b], v[c]) else b


cdef void sel_quick(sel_t *v, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t k) noexcept nogil:
    """Numbers (no nans): the element of rank k of v[lo, hi) (hi exclusive) to k, by quickselect
    with a branch-free Lomuto partition: each element is moved by the same two loads and two
    stores whatever its value, so the loop has no data-dependent branch to mispredict (the C++
    kernel does the same). Pivot: median of 3, Tukey's ninther above 1024 elements. When few
    elements are smaller than the pivot, a second pass groups the ones equal to it (linear time
    on duplicate-heavy rows); after 2 log2 n rounds the range is heapsorted (O(n log n) worst)."""
    cdef Py_ssize_t n, mid, s, piv, i, j, p
    cdef int depth = 0
    cdef sel_t pivot, x
    n = hi - lo
    while n > 1:
        depth += 2
        n >>= 1
    while hi - lo > 32:
        if depth == 0:
            sel_heapsort(v + lo, hi - lo)
            return
        depth -= 1
        n = hi - lo
        mid = lo + n // 2
        if n > 1024:
            s = n // 8
            piv = sel_median3(v, sel_median3(v, lo, lo + s, lo + 2 * s),
                              sel_median3(v, mid - s, mid, mid + s),
                              sel_median3(v, hi - 1 - 2 * s, hi - 1 - s, hi - 1))
        else:
            piv = sel_median3(v, lo, mid, hi - 1)
        sel_swap(v, lo, piv)
        pivot = v[lo]
        i = lo + 1                      # v[lo + 1, i) < pivot <= v[i, j)
        for j in range(lo + 1, hi):
            x = v[j]
            v[j] = v[i]
            v[i] = x
            i += sel_less(x, pivot)
        p = i - 1
        sel_swap(v, lo, p)              # the pivot to its place p
        if k < p:
            hi = p
        elif k == p:
            return
        elif p - lo < n // 16:
            # few smaller values: group the ones equal to the pivot after it
            i = p + 1
            for j in range(p + 1, hi):
                x = v[j]
                v[j] = v[i]
                v[i] = x
                i += not sel_less(pivot, x)
            if k < i:
                return
            lo = i
        else:
            lo = p + 1
    sel_insertion(v, lo, hi - 1)


cdef Py_ssize_t sel_nans_last(sel_t *v, Py_ssize_t n) noexcept nogil:
    """Move the nans of v[0, n) to its end; the number of non-nan values (floats only)."""
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j = n
    if sel_t is float or sel_t is double:
        while True:
            while i < j and v[i] == v[i]:
                i += 1
            while i < j and v[j - 1] != v[j - 1]:
                j -= 1
            if i >= j:
                return i
            sel_swap(v, i, j - 1)
            i += 1
            j -= 1
    return n


cdef void sel_row(sel_t *v, Py_ssize_t n, const int64_t *kth, int64_t nkth) noexcept nogil:
    """Partition one contiguous row around the increasing indices kth."""
    cdef Py_ssize_t m = sel_nans_last(v, n)
    cdef Py_ssize_t lo = 0
    cdef Py_ssize_t k, i, best
    cdef int64_t j
    for j in range(nkth):
        k = <Py_ssize_t>kth[j]
        if k >= m:
            break
        if k == lo:
            best = lo
            for i in range(lo + 1, m):
                if sel_less(v[i], v[best]):
                    best = i
            sel_swap(v, lo, best)
        elif k == m - 1:
            best = lo
            for i in range(lo + 1, m):
                if not sel_less(v[i], v[best]):
                    best = i
            sel_swap(v, m - 1, best)
        elif sel_t is cfloat_t or sel_t is cdouble_t:
            sel_kth(v, lo, m - 1, k)
        else:
            sel_quick(v, lo, m, k)
        lo = k + 1


cdef int sel_one(const sel_t *tag, char *row, Py_ssize_t n, Py_ssize_t stride,
                 const int64_t *kth, int64_t nkth) noexcept nogil:
    """One row at any stride (a strided row goes through a scratch buffer)."""
    cdef sel_t *buf
    cdef Py_ssize_t i
    if stride == sizeof(sel_t):
        sel_row(<sel_t *>row, n, kth, nkth)
        return ARRPY_OK
    buf = <sel_t *>malloc(n * sizeof(sel_t))
    if buf == NULL:
        return ARRPY_STATUS_UNSUPPORTED
    for i in range(n):
        memcpy(&buf[i], row + i * stride, sizeof(sel_t))
    sel_row(buf, n, kth, nkth)
    for i in range(n):
        memcpy(row + i * stride, &buf[i], sizeof(sel_t))
    free(buf)
    return ARRPY_OK


cdef int sel_dispatch(int dtype, char *row, Py_ssize_t n, Py_ssize_t stride, const int64_t *kth,
                      int64_t nkth) noexcept nogil:
    if dtype == ARRPY_BOOL or dtype == ARRPY_UINT8:
        return sel_one(<const uint8_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_INT8:
        return sel_one(<const int8_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_UINT16:
        return sel_one(<const uint16_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_INT16:
        return sel_one(<const int16_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_UINT32:
        return sel_one(<const uint32_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_INT32:
        return sel_one(<const int32_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_UINT64:
        return sel_one(<const uint64_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_INT64:
        return sel_one(<const int64_t *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_FLOAT32:
        return sel_one(<const float *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_FLOAT64:
        return sel_one(<const double *>NULL, row, n, stride, kth, nkth)
    elif dtype == ARRPY_COMPLEX64:
        return sel_one(<const cfloat_t *>NULL, row, n, stride, kth, nkth)
    else:
        return sel_one(<const cdouble_t *>NULL, row, n, stride, kth, nkth)


cdef int partition_supported(int dtype) noexcept nogil:
    return 0 <= dtype < ARRPY_NUM_DTYPES


cdef inline int64_t sel_row_offset(int ndim, const int64_t *shape, const int64_t *sa,
                                   int64_t r) noexcept nogil:
    """Byte offset of outer row r (C order)."""
    cdef int64_t off = 0
    cdef int d = ndim - 1
    while d >= 0:
        off += (r % shape[d]) * sa[d]
        r = r // shape[d]
        d -= 1
    return off


cdef int partition_nd(int dtype, int ndim, const int64_t *shape, char *a, const int64_t *sa,
                      int64_t n, int64_t stride, const int64_t *kth,
                      int64_t nkth) noexcept nogil:
    cdef int64_t rows = 1
    cdef int64_t r
    cdef int d, st = 0, nthreads = _num_threads
    if not partition_supported(dtype) or ndim < 0:
        return ARRPY_STATUS_UNSUPPORTED
    for d in range(ndim):
        rows *= shape[d]
    if rows == 0 or n <= 0 or nkth <= 0:
        return ARRPY_OK
    if rows < 2 or nthreads <= 1 or rows * n < SEL_PARALLEL_MIN_ELEMS:
        for r in range(rows):
            st |= sel_dispatch(dtype, a + sel_row_offset(ndim, shape, sa, r), n, stride, kth,
                               nkth)
        return st
    for r in prange(rows, schedule='dynamic', num_threads=nthreads):
        st |= sel_dispatch(dtype, a + sel_row_offset(ndim, shape, sa, r), n, stride, kth, nkth)
    return st


cdef arrpy_partition_nd_fn _partition_nd_check = partition_nd
cdef arrpy_partition_supported_fn _partition_supported_check = partition_supported

partition_nd_capsule = PyCapsule_New(<void *>partition_nd, b"arrpy.partition_nd", NULL)
partition_supported_capsule = PyCapsule_New(<void *>partition_supported,
                                            b"arrpy.partition_supported", NULL)


# ---------------------------------------------------------------------------------------------
# Matrix product (issue 5): arrpy_matmul_nd_fn. The kernel, a blocked GEMM in typed loops, is
# _matmul.pxi, compiled as two modules: _matmul_baseline (the build's baseline target, as every
# kernel here) and, on x86-64, _matmul_avx2 (-mavx2 -mfma). matmul_nd runs the AVX2 build when
# the CPU has AVX2 and FMA (a packed-B micro-kernel gains 2-3x from the wider vectors and FMA).
# ---------------------------------------------------------------------------------------------

cdef extern from *:
    """
    static int arrpy_cy_cpu_has_avx2_fma(void) {
    #if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    #else
        return 0;
    #endif
    }
    """
    int arrpy_cy_cpu_has_avx2_fma() noexcept nogil

from cpython.pycapsule cimport PyCapsule_GetPointer

# mm_matmul of _matmul.pxi: arrpy_matmul_nd_fn with the thread count as the first argument.
ctypedef int (*matmul_impl_fn)(int nthreads, int dtype, int ndim, const int64_t *shape,
                               int64_t m, int64_t n, int64_t k,
                               const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                               const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                               char *out, const int64_t *so, int64_t o_rs,
                               int64_t o_cs) noexcept nogil

cdef matmul_impl_fn _matmul_impl = NULL
_matmul_target = None


cdef int matmul_supported(int dtype) noexcept nogil:
    return _matmul_impl != NULL and 0 <= dtype < ARRPY_NUM_DTYPES


cdef int matmul_nd(int dtype, int ndim, const int64_t *shape, int64_t m, int64_t n, int64_t k,
                   const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                   const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                   char *out, const int64_t *so, int64_t o_rs, int64_t o_cs) noexcept nogil:
    if _matmul_impl == NULL:
        return ARRPY_STATUS_UNSUPPORTED
    return _matmul_impl(_num_threads, dtype, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)


cdef arrpy_matmul_nd_fn _matmul_nd_check = matmul_nd
cdef arrpy_matmul_supported_fn _matmul_supported_check = matmul_supported

matmul_nd_capsule = PyCapsule_New(<void *>matmul_nd, b"arrpy.matmul_nd", NULL)
matmul_supported_capsule = PyCapsule_New(<void *>matmul_supported, b"arrpy.matmul_supported",
                                         NULL)


def matmul_targets():
    """The builds of the matmul kernel this CPU can run, slowest first ("baseline", "avx2")."""
    return ("baseline", "avx2") if arrpy_cy_cpu_has_avx2_fma() else ("baseline",)


def set_matmul_target(target=None):
    """Run matmul_nd on build ``target`` ("baseline" or "avx2"; None: the fastest this CPU
    runs); returns the previous target. Benchmarks and tests use it to compare the builds."""
    global _matmul_impl, _matmul_target
    import importlib

    available = matmul_targets()
    if target is None:
        target = available[len(available) - 1]  # (wraparound is off in this module)
    if target not in available:
        raise ValueError(
            f"set_matmul_target: {target!r} is not a matmul build this CPU can run; "
            f"available: {available}")
    module = importlib.import_module(f"arrpy.backends.cython._matmul_{target}")
    _matmul_impl = <matmul_impl_fn>PyCapsule_GetPointer(module.impl_capsule,
                                                         b"arrpy.cython_matmul_impl")
    previous, _matmul_target = _matmul_target, target
    return previous


def get_matmul_target():
    """The build of the matmul kernel that matmul_nd runs ("baseline" or "avx2")."""
    return _matmul_target


set_matmul_target()


# ---------------------------------------------------------------------------------------------
# Factorizations (linalg_nd, abi.h arrpy_linalg_op): LU with partial pivoting, its solve and
# Cholesky, on float64 and complex128, in the same order of operations as the python backend
# (backends/python/factorizations.py, the specification).
#
# Every matrix is C-ordered, so each loop nest is arranged to run its innermost loop over a
# contiguous row:
#   * LU: right-looking elimination; after the pivot row is swapped into place, each row below
#     gets its multiplier and the update row_i -= m * pivot_row over the contiguous tail of the
#     two rows (an axpy the C compiler vectorises). float64 groups the columns by 4: the 4
#     columns are eliminated among themselves, then each trailing row takes the 4 rank-1
#     updates in one pass (axpy4), a quarter of the memory traffic over the trailing matrix.
#   * LU solve: the rows of b are swapped, then forward and back substitution as row axpys
#     b[i, :] -= L[i][k] * b[k, :] over the nrhs contiguous columns of b (float64: 4 rows k
#     per pass over row i).
#   * Cholesky (Crout order): each entry below the diagonal is a dot product of two contiguous
#     row prefixes, L[i, :j] . conj(L[j, :j]).
# Threads (OpenMP): many small matrices run one per thread (prange over the batch); one large
# matrix splits the rows of each rank-1 update (LU), the rows of each Cholesky column, or the
# columns of b (LU solve: the right-hand sides are independent).
# ---------------------------------------------------------------------------------------------

ctypedef fused fac_t:
    double
    cdouble_t

# Work (roughly multiply-adds) below which one matrix step stays on one thread: an OpenMP
# fork/join costs a few microseconds, some thousands of multiply-adds.
cdef int64_t FAC_PARALLEL_MIN_WORK = 1 << 15
# Batches of matrices up to this order run one matrix per thread.
cdef int64_t FAC_BATCH_MAX_N = 96


cdef inline double fac_mag(fac_t x) noexcept nogil:
    """The pivot size LAPACK uses: |x| for reals, |re| + |im| for complex numbers."""
    if fac_t is double:
        return fabs(x)
    else:
        return fabs(x.re) + fabs(x.im)


cdef inline bint fac_is_zero(fac_t x) noexcept nogil:
    if fac_t is double:
        return x == 0
    else:
        return x.re == 0 and x.im == 0


cdef inline fac_t fac_div(fac_t x, fac_t y) noexcept nogil:
    cdef fac_t r
    if fac_t is double:
        return x / y
    else:
        complex_divide(x.re, x.im, y.re, y.im, &r.re, &r.im)
        return r


cdef inline void fac_axpy(fac_t *y, const fac_t *x, fac_t f, Py_ssize_t w) noexcept nogil:
    """y[c] -= f * x[c] for c < w: the update every factorization loop is made of."""
    cdef Py_ssize_t c
    cdef double xr, xi
    if fac_t is double:
        for c in range(w):
            y[c] = y[c] - f * x[c]
    else:
        for c in range(w):
            xr = x[c].re
            xi = x[c].im
            y[c].re = y[c].re - (f.re * xr - f.im * xi)
            y[c].im = y[c].im - (f.re * xi + f.im * xr)


cdef inline void fac_swap_rows(fac_t *p, fac_t *q, Py_ssize_t w) noexcept nogil:
    cdef Py_ssize_t c
    cdef fac_t t
    for c in range(w):
        t = p[c]
        p[c] = q[c]
        q[c] = t


cdef inline void axpy4(double *y, const double *x0, const double *x1, const double *x2,
                       const double *x3, double f0, double f1, double f2, double f3,
                       Py_ssize_t w) noexcept nogil:
    """y[c] -= f0 x0[c] + f1 x1[c] + f2 x2[c] + f3 x3[c]: four rank-1 updates in one pass over y
    (a quarter of the loads and stores of y that four axpys cost)."""
    cdef Py_ssize_t c
    for c in range(w):
        y[c] = y[c] - (f0 * x0[c] + f1 * x1[c] + f2 * x2[c] + f3 * x3[c])


cdef inline void lu_update_row4(double *a, Py_ssize_t n, Py_ssize_t i, Py_ssize_t j0,
                                const int *live) noexcept nogil:
    """Trailing row i after the 4 columns j0 .. j0+3: row_i[j0+4:] -= L[i, j0:j0+4] U[j0:j0+4, j0+4:]
    (a column whose pivot was zero was not eliminated: its multiplier counts as 0)."""
    cdef double *row = a + i * n
    cdef const double *u = a + j0 * n + j0 + 4
    axpy4(row + j0 + 4, u, u + n, u + 2 * n, u + 3 * n,
          row[j0] if live[0] else 0.0, row[j0 + 1] if live[1] else 0.0,
          row[j0 + 2] if live[2] else 0.0, row[j0 + 3] if live[3] else 0.0, n - j0 - 4)


cdef int64_t lu_factor_rank4(double *a, Py_ssize_t n, int64_t *piv, int nthreads) noexcept nogil:
    """float64 LU in steps of 4 columns: the 4 columns are eliminated among themselves (pivot
    search, full-row swaps, multipliers), the 4 pivot rows are completed to the right, then every
    trailing row takes the 4 updates in one pass (axpy4) instead of four passes over the whole
    trailing matrix. Same operations as lu_factor_one, grouped by 4 (the roundings differ)."""
    cdef Py_ssize_t j0, j, i, p, r, c, c0, nb, rest
    cdef double best, v, pivot, m
    cdef int64_t info = 0
    cdef int live[4]
    cdef double *ri
    for j0 in range(0, n, 4):
        nb = min(4, n - j0)
        c0 = j0 + nb
        for j in range(j0, c0):  # the panel: columns j0 .. c0-1 only
            p = j
            best = fabs(a[j * n + j])
            for i in range(j + 1, n):
                v = fabs(a[i * n + j])
                if v > best:
                    best = v
                    p = i
            piv[j] = p
            if p != j:
                fac_swap_rows(a + j * n, a + p * n, n)
            pivot = a[j * n + j]
            live[j - j0] = pivot != 0
            if pivot == 0:
                if info == 0:
                    info = j + 1
                continue
            for i in range(j + 1, n):
                ri = a + i * n
                m = ri[j] / pivot
                ri[j] = m
                for c in range(j + 1, c0):
                    ri[c] = ri[c] - m * a[j * n + c]
        rest = n - c0
        if rest == 0:
            break
        for r in range(j0 + 1, c0):  # the pivot rows to the right of the panel (U12)
            for p in range(j0, r):
                if live[p - j0]:
                    fac_axpy(a + r * n + c0, a + p * n + c0, a[r * n + p], rest)
        if nb < 4:
            for i in range(c0, n):
                for p in range(j0, c0):
                    if live[p - j0]:
                        fac_axpy(a + i * n + c0, a + p * n + c0, a[i * n + p], rest)
        elif nthreads > 1 and rest * rest >= FAC_PARALLEL_MIN_WORK:
            for i in prange(c0, n, schedule='static', num_threads=nthreads):
                lu_update_row4(a, n, i, j0, live)
        else:
            for i in range(c0, n):
                lu_update_row4(a, n, i, j0, live)
    return info


cdef inline void lu_eliminate_row(fac_t *a, Py_ssize_t n, Py_ssize_t i, Py_ssize_t j,
                                  fac_t pivot) noexcept nogil:
    """Row i below pivot (j, j): store the multiplier in a[i][j], subtract it times the pivot row."""
    cdef fac_t *row = a + i * n
    cdef fac_t m = fac_div(row[j], pivot)
    row[j] = m
    fac_axpy(row + j + 1, a + j * n + j + 1, m, n - j - 1)


cdef int64_t lu_factor_one(fac_t *a, Py_ssize_t n, int64_t *piv, int nthreads) noexcept nogil:
    """LU with partial pivoting of the n x n matrix a in place; returns the info code."""
    cdef Py_ssize_t i, j, p, rest
    cdef double best, v
    cdef fac_t pivot
    cdef int64_t info = 0
    for j in range(n):
        p = j
        best = fac_mag(a[j * n + j])
        for i in range(j + 1, n):
            v = fac_mag(a[i * n + j])
            if v > best:  # the first of the largest (nan never wins, as in LAPACK's idamax)
                best = v
                p = i
        piv[j] = p
        if p != j:
            fac_swap_rows(a + j * n, a + p * n, n)
        pivot = a[j * n + j]
        if fac_is_zero(pivot):
            if info == 0:
                info = j + 1  # singular; this column has nothing to eliminate with
            continue
        rest = n - j - 1
        if nthreads > 1 and rest * rest >= FAC_PARALLEL_MIN_WORK:
            for i in prange(j + 1, n, schedule='static', num_threads=nthreads):
                lu_eliminate_row(a, n, i, j, pivot)
        else:
            for i in range(j + 1, n):
                lu_eliminate_row(a, n, i, j, pivot)
    return info


cdef void lu_solve_columns(const fac_t *a, Py_ssize_t n, const int64_t *piv, fac_t *b,
                           Py_ssize_t nrhs, Py_ssize_t c0, Py_ssize_t c1) noexcept nogil:
    """Columns c0 .. c1-1 of b <- A^-1 b, given A's LU factors: swaps, then L and U solves."""
    cdef Py_ssize_t i, k, c, w = c1 - c0
    cdef fac_t f, d
    cdef fac_t *row
    for i in range(n):
        if piv[i] != i:
            fac_swap_rows(b + i * nrhs + c0, b + piv[i] * nrhs + c0, w)
    cdef Py_ssize_t k4
    for i in range(n):  # forward substitution with the unit lower triangle
        row = b + i * nrhs + c0
        k4 = 0
        if fac_t is double:  # four solved rows per pass over row i
            while k4 + 4 <= i:
                axpy4(row, b + k4 * nrhs + c0, b + (k4 + 1) * nrhs + c0,
                      b + (k4 + 2) * nrhs + c0, b + (k4 + 3) * nrhs + c0, a[i * n + k4],
                      a[i * n + k4 + 1], a[i * n + k4 + 2], a[i * n + k4 + 3], w)
                k4 = k4 + 4
        for k in range(k4, i):
            f = a[i * n + k]
            if not fac_is_zero(f):
                fac_axpy(row, b + k * nrhs + c0, f, w)
    for i in range(n - 1, -1, -1):  # back substitution with the upper triangle
        row = b + i * nrhs + c0
        k4 = i + 1
        if fac_t is double:
            while k4 + 4 <= n:
                axpy4(row, b + k4 * nrhs + c0, b + (k4 + 1) * nrhs + c0,
                      b + (k4 + 2) * nrhs + c0, b + (k4 + 3) * nrhs + c0, a[i * n + k4],
                      a[i * n + k4 + 1], a[i * n + k4 + 2], a[i * n + k4 + 3], w)
                k4 = k4 + 4
        for k in range(k4, n):
            f = a[i * n + k]
            if not fac_is_zero(f):
                fac_axpy(row, b + k * nrhs + c0, f, w)
        d = a[i * n + i]
        for c in range(w):
            row[c] = fac_div(row[c], d)


cdef void lu_solve_one(const fac_t *a, Py_ssize_t n, const int64_t *piv, fac_t *b,
                       Py_ssize_t nrhs, int nthreads) noexcept nogil:
    """Split the right-hand sides into column chunks (one per thread) when the work pays."""
    cdef Py_ssize_t chunks = 1, width, t
    if nthreads > 1 and n * n * nrhs >= 8 * FAC_PARALLEL_MIN_WORK:
        chunks = min(<Py_ssize_t>nthreads, nrhs // 8)
    if chunks <= 1:
        lu_solve_columns(a, n, piv, b, nrhs, 0, nrhs)
        return
    width = (nrhs + chunks - 1) // chunks
    for t in prange(chunks, schedule='static', num_threads=chunks):
        lu_solve_columns(a, n, piv, b, nrhs, t * width, min(nrhs, (t + 1) * width))


cdef inline fac_t chol_entry(fac_t *a, Py_ssize_t n, Py_ssize_t i, Py_ssize_t j,
                             double root) noexcept nogil:
    """L[i][j] = (a[i][j] - L[i, :j] . conj(L[j, :j])) / root, over contiguous row prefixes."""
    cdef Py_ssize_t k
    cdef const fac_t *ri = a + i * n
    cdef const fac_t *rj = a + j * n
    cdef fac_t total = ri[j]
    if fac_t is double:
        for k in range(j):
            total = total - ri[k] * rj[k]
        return total / root
    else:
        for k in range(j):
            total.re = total.re - (ri[k].re * rj[k].re + ri[k].im * rj[k].im)
            total.im = total.im - (ri[k].im * rj[k].re - ri[k].re * rj[k].im)
        total.re = total.re / root
        total.im = total.im / root
        return total


cdef int64_t cholesky_one(fac_t *a, Py_ssize_t n, int nthreads) noexcept nogil:
    """Cholesky-Crout of a in place (lower triangle read, L written, zeros above); info code."""
    cdef Py_ssize_t i, j, k
    cdef double pivot, root
    cdef fac_t *rj
    for j in range(n):
        rj = a + j * n
        if fac_t is double:
            pivot = rj[j]
            for k in range(j):
                pivot = pivot - rj[k] * rj[k]
        else:
            pivot = rj[j].re
            for k in range(j):
                pivot = pivot - (rj[k].re * rj[k].re + rj[k].im * rj[k].im)
        if not pivot > 0:  # also catches nan
            return j + 1
        root = c_sqrt(pivot)
        if fac_t is double:
            rj[j] = root
        else:
            rj[j].re = root
            rj[j].im = 0
        if nthreads > 1 and (n - j) * j >= FAC_PARALLEL_MIN_WORK:
            for i in prange(j + 1, n, schedule='static', num_threads=nthreads):
                a[i * n + j] = chol_entry(a, n, i, j, root)
        else:
            for i in range(j + 1, n):
                a[i * n + j] = chol_entry(a, n, i, j, root)
        for k in range(j + 1, n):
            if fac_t is double:
                rj[k] = 0
            else:
                rj[k].re = 0
                rj[k].im = 0
    return 0


# The decompositions, one file each.
include "_qr.pxi"
include "_eigh.pxi"
include "_eig.pxi"
include "_svd.pxi"


cdef void decompose_one(int op, fac_t *a, const arrpy_linalg_args *args, Py_ssize_t i,
                        int nthreads) noexcept nogil:
    """Matrix i of the batch for QR, QR_Q, EIGH, EIG and SVD: every array at its own slice."""
    cdef Py_ssize_t m = args.m, n = args.n
    cdef Py_ssize_t k = min(m, n)
    cdef fac_t *ai = a + i * m * n
    cdef fac_t *tau = (<fac_t *>args.tau) + i * k if args.tau != NULL else NULL
    cdef fac_t *u = NULL
    cdef fac_t *vt = NULL
    if op == ARRPY_QR:
        qr_matrix(ai, m, n, tau, nthreads)
    elif op == ARRPY_QR_Q:
        qr_q_matrix(ai, m, n, tau, (<fac_t *>args.u) + i * m * args.ucols, args.ucols, nthreads)
    elif op == ARRPY_EIGH:
        if args.u != NULL:
            u = (<fac_t *>args.u) + i * n * n
        args.info[i] = eigh_matrix(ai, n, (<double *>args.w) + i * n, u, nthreads)
    elif op == ARRPY_EIG:
        args.info[i] = eig_matrix(
            ai, n, (<cdouble_t *>args.w) + i * n,
            (<cdouble_t *>args.u) + i * n * n if args.u != NULL else NULL, nthreads)
    else:  # ARRPY_SVD
        if args.u != NULL:
            u = (<fac_t *>args.u) + i * m * args.ucols
            vt = (<fac_t *>args.vt) + i * args.vtrows * n
        args.info[i] = svd_matrix(ai, m, n, (<double *>args.w) + i * k, u, args.ucols, vt,
                                  args.vtrows, nthreads)


cdef void write_identity(fac_t *p, Py_ssize_t rows, Py_ssize_t cols) noexcept nogil:
    """The first cols columns of the rows x rows identity, at p (rows x cols)."""
    cdef Py_ssize_t r, c
    for r in range(rows):
        for c in range(cols):
            if fac_t is double:
                p[r * cols + c] = 1.0 if r == c else 0.0
            else:
                p[r * cols + c].re = 1.0 if r == c else 0.0
                p[r * cols + c].im = 0.0


cdef void decompose_empty(int op, fac_t *a, const arrpy_linalg_args *args) noexcept nogil:
    """Empty matrices (m or n is 0): no values, and the orthonormal factors are identities."""
    cdef Py_ssize_t i, m = args.m, n = args.n
    for i in range(args.count):
        if args.info != NULL:
            args.info[i] = 0
        if (op == ARRPY_QR_Q or op == ARRPY_SVD) and args.u != NULL:
            write_identity((<fac_t *>args.u) + i * m * args.ucols, m, args.ucols)
        if op == ARRPY_SVD and args.vt != NULL:
            write_identity((<fac_t *>args.vt) + i * args.vtrows * n, args.vtrows, n)


cdef void linalg_one(int op, fac_t *a, const arrpy_linalg_args *args, Py_ssize_t m,
                     int nthreads) noexcept nogil:
    """Matrix m of the batch, with up to nthreads threads inside it."""
    cdef Py_ssize_t n = args.n
    if op >= ARRPY_QR:
        decompose_one(op, a, args, m, nthreads)
    elif op == ARRPY_LU_FACTOR:
        if fac_t is double:
            args.info[m] = lu_factor_rank4(a + m * n * n, n, args.pivots + m * n, nthreads)
        else:
            args.info[m] = lu_factor_one(a + m * n * n, n, args.pivots + m * n, nthreads)
    elif op == ARRPY_LU_SOLVE:
        lu_solve_one(a + m * n * n, n, args.pivots + m * n,
                     (<fac_t *>args.b) + m * n * args.nrhs, args.nrhs, nthreads)
    else:
        args.info[m] = cholesky_one(a + m * n * n, n, nthreads)


cdef void linalg_batch(int op, fac_t *a, const arrpy_linalg_args *args) noexcept nogil:
    cdef Py_ssize_t m, count = args.count, n = args.n
    cdef int nthreads = _num_threads
    if nthreads > 1 and count >= 2 and n <= FAC_BATCH_MAX_N and (
            count * n * n * (n + args.nrhs) >= FAC_PARALLEL_MIN_WORK):
        for m in prange(count, schedule='dynamic', num_threads=nthreads):
            linalg_one(op, a, args, m, 1)
    else:
        for m in range(count):
            linalg_one(op, a, args, m, nthreads)


cdef int linalg_supported(int op, int dtype) noexcept nogil:
    return (0 <= op < ARRPY_NUM_LINALG_OPS) and (
        dtype == ARRPY_FLOAT64 or dtype == ARRPY_COMPLEX128)


cdef int linalg_nd(int op, int dtype, const arrpy_linalg_args *args) noexcept nogil:
    """The ABI entry point (abi.h arrpy_linalg_nd_fn)."""
    if not linalg_supported(op, dtype):
        return ARRPY_STATUS_UNSUPPORTED
    cdef Py_ssize_t m
    if args.count <= 0:
        return 0
    if op >= ARRPY_QR and (args.m <= 0 or args.n <= 0):
        if dtype == ARRPY_FLOAT64:
            decompose_empty(op, <double *>args.a, args)
        else:
            decompose_empty(op, <cdouble_t *>args.a, args)
        return 0
    if args.n <= 0:  # empty matrices: factored, nothing to solve
        if op != ARRPY_LU_SOLVE:
            for m in range(args.count):
                args.info[m] = 0
        return 0
    if dtype == ARRPY_FLOAT64:
        linalg_batch(op, <double *>args.a, args)
    else:
        linalg_batch(op, <cdouble_t *>args.a, args)
    return 0


cdef arrpy_linalg_nd_fn _linalg_nd_check = linalg_nd
cdef arrpy_linalg_supported_fn _linalg_supported_check = linalg_supported

linalg_nd_capsule = PyCapsule_New(<void *>linalg_nd, b"arrpy.linalg_nd", NULL)
linalg_supported_capsule = PyCapsule_New(<void *>linalg_supported, b"arrpy.linalg_supported",
                                         NULL)


# ---------------------------------------------------------------------------------------------
# Vectorisable exp / log / sin / cos / tanh (issue 3). The loops are _vmath.pxi, compiled as two
# modules like the matmul: _vmath_baseline and, on x86-64, _vmath_avx2 (-mavx2 -mfma), each
# exporting one contiguous loop per function and float type. dispatch_row sends the float32 /
# float64 rows of these five ops here instead of one libm call per element; strided rows go
# through small stack buffers (gather, the contiguous loop, scatter). The floating-point rule
# (FP_RULE, rule_row) is applied to the results exactly as for the libm loop.
# ---------------------------------------------------------------------------------------------

ctypedef void (*vmath_f64_fn)(const double *inp, double *out, int64_t n) noexcept nogil
ctypedef void (*vmath_f32_fn)(const float *inp, float *out, int64_t n) noexcept nogil

cdef enum:
    VMATH_STRIDED_BLOCK = 256    # elements per gather / scatter block of a strided row

cdef enum:
    VMATH_FUNCTIONS = 5          # exp, log, sin, cos, tanh: the capsules' order in _vmath.pxi

cdef vmath_f64_fn _vmath_f64[VMATH_FUNCTIONS]  # (NULL: the libm loop)
cdef vmath_f32_fn _vmath_f32[VMATH_FUNCTIONS]
cdef int _slot
for _slot in range(VMATH_FUNCTIONS):
    _vmath_f64[_slot] = NULL
    _vmath_f32[_slot] = NULL
_vmath_target = None


cdef inline int vmath_slot(int op, int dtype) noexcept nogil:
    """The loop's index in _vmath_f64 / _vmath_f32, or -1 (not one of the five ops, or not a
    float type, or no build loaded)."""
    cdef int slot
    if not (dtype == ARRPY_FLOAT64 or dtype == ARRPY_FLOAT32):
        return -1
    if op == ARRPY_EXP:
        slot = 0
    elif op == ARRPY_LOG:
        slot = 1
    elif op == ARRPY_SIN:
        slot = 2
    elif op == ARRPY_COS:
        slot = 3
    elif op == ARRPY_TANH:
        slot = 4
    else:
        return -1
    if _vmath_f64[slot] == NULL:
        return -1
    return slot


# The vectorised loops take ~1 ns per element for exp / log (one thread, AVX2 build) and ~1.3-2
# ns for sin / cos, not libm's 5-20: a second thread pays for its wake-up (50-80 us) from about
# 200k elements for exp / log and 100k for sin / cos (measured on the 2-core VM: at 1e5
# elements exp float64 took 91 us on one thread and 99 us on two; at 2e5, 189 and 186 us; sin
# float64 at 1e5: 205 us and 186 us).
cdef int64_t PARALLEL_MIN_ELEMS_VMATH = 200000
cdef int64_t PARALLEL_MIN_ELEMS_VMATH_TRIG = 100000


cdef int64_t vmath_min_elems(int op) noexcept nogil:
    # (tanh: an exp, a polynomial and a division per element, like sin / cos in cost)
    if op == ARRPY_SIN or op == ARRPY_COS or op == ARRPY_TANH:
        return PARALLEL_MIN_ELEMS_VMATH_TRIG
    return PARALLEL_MIN_ELEMS_VMATH


cdef int vmath_row(int slot, int dtype, Py_ssize_t n, const char *a, Py_ssize_t sa,
                   char *out, Py_ssize_t so) noexcept nogil:
    """One row of exp / log / sin / cos / tanh (float32 or float64) through the loaded build."""
    cdef double ib[VMATH_STRIDED_BLOCK]
    cdef double ob[VMATH_STRIDED_BLOCK]
    cdef Py_ssize_t i, i0, m
    cdef Py_ssize_t es = 8 if dtype == ARRPY_FLOAT64 else 4
    if sa == es and so == es:
        if dtype == ARRPY_FLOAT64:
            _vmath_f64[slot](<const double *>a, <double *>out, n)
        else:
            _vmath_f32[slot](<const float *>a, <float *>out, n)
        return ARRPY_OK
    i0 = 0
    while i0 < n:
        m = min(<Py_ssize_t>VMATH_STRIDED_BLOCK, n - i0)
        if dtype == ARRPY_FLOAT64:
            for i in range(m):
                ib[i] = (<const double *>(a + (i0 + i) * sa))[0]
            _vmath_f64[slot](ib, ob, m)
            for i in range(m):
                (<double *>(out + (i0 + i) * so))[0] = ob[i]
        else:
            for i in range(m):
                (<float *>ib)[i] = (<const float *>(a + (i0 + i) * sa))[0]
            _vmath_f32[slot](<const float *>ib, <float *>ob, m)
            for i in range(m):
                (<float *>(out + (i0 + i) * so))[0] = (<float *>ob)[i]
        i0 += m
    return ARRPY_OK


def vmath_targets():
    """The builds of the exp / log / sin / cos / tanh loops this CPU can run, slowest first
    ("baseline", "avx2")."""
    return ("baseline", "avx2") if arrpy_cy_cpu_has_avx2_fma() else ("baseline",)


def set_vmath_target(target=None):
    """Run exp / log / sin / cos / tanh of float32 and float64 on build ``target`` ("baseline" or
    "avx2"; None: the fastest this CPU runs; "libm": one libm call per element, the loop of the
    other unary ops); returns the previous target. Benchmarks and tests use it to compare."""
    global _vmath_target
    import importlib

    cdef int k
    available = vmath_targets()
    if target is None:
        target = available[len(available) - 1]  # (wraparound is off in this module)
    if target != "libm" and target not in available:
        raise ValueError(
            f"set_vmath_target: {target!r} is not a vmath build this CPU can run; "
            f"available: {available + ('libm',)}")
    if target == "libm":
        for k in range(VMATH_FUNCTIONS):
            _vmath_f64[k] = NULL
            _vmath_f32[k] = NULL
    else:
        module = importlib.import_module(f"arrpy.backends.cython._vmath_{target}")
        for k in range(VMATH_FUNCTIONS):
            _vmath_f64[k] = <vmath_f64_fn>PyCapsule_GetPointer(module.f64_capsules[k],
                                                               b"arrpy.cython_vmath_f64")
            _vmath_f32[k] = <vmath_f32_fn>PyCapsule_GetPointer(module.f32_capsules[k],
                                                               b"arrpy.cython_vmath_f32")
    previous, _vmath_target = _vmath_target, target
    return previous


def get_vmath_target():
    """The build that exp / log / sin / cos / tanh of float32 and float64 run ("baseline", "avx2" or
    "libm")."""
    return _vmath_target


set_vmath_target()
