"""Cython compute backend of arrpy: elementwise binary kernels behind the C ABI of abi.h.

Technique: static C types, fused types (one kernel source for every element type and
operation), ``nogil`` and ``prange``.

* The element operation ``binop`` is written once over two fused types: the element type
  (``elem_t``) and an empty "tag" type standing for the operation (``op_t``).  The tag makes
  the operation a compile-time choice, so every specialisation of the inner loops contains a
  single, branch-free, vectorisable operation.
* Signed integers share the kernels of the unsigned type of the same width: two's-complement
  add / subtract / multiply and the bitwise and / or / xor give the same bit pattern either way, and unsigned arithmetic
  wraps in C without undefined behaviour.
* bool and complex numbers are small structs (``bool_t``; ``cfloat_t`` / ``cdouble_t``,
  interleaved real, imag), so the generic loops treat them like any other element.
* ``binary_nd`` coalesces the N-d index space, picks the specialisation from (dtype, op) once
  per call, then walks the outer dimensions with an odometer around a 1-D inner loop that has
  fast paths for contiguous operands and for a stride-0 (scalar) operand.  Large problems are
  split into equal element ranges over OpenMP threads with ``prange``.

Compiled as C, with the global directives boundscheck=False, wraparound=False,
cdivision=True, initializedcheck=False set by the build.
"""

import os as _os

from cpython.pycapsule cimport PyCapsule_New
from cython.parallel cimport prange
from libc.math cimport fabs
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t

cdef extern from "math.h" nogil:
    double fma(double x, double y, double z)
    float fmaf(float x, float y, float z)

from arrpy.backends.abi cimport *  # the ABI enums and function-pointer types


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

ctypedef fused elem_t:
    bool_t
    uint8_t            # also int8
    uint16_t           # also int16
    uint32_t           # also int32
    uint64_t           # also int64
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

# Comparisons depend on signedness: every dtype has its own element type here.
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


cdef inline elem_t binop(elem_t x, elem_t y, const op_t *tag) noexcept nogil:
    """x OP y.  The fused-type tests are resolved at compile time.  Unsupported pairs (which
    binary_nd never reaches) compile to `return x`."""
    cdef elem_t r
    if elem_t is bool_t:
        if op_t is AddOp:
            r.v = (x.v != 0) | (y.v != 0)
        elif op_t is MulOp or op_t is AndOp:
            r.v = (x.v != 0) & (y.v != 0)
        elif op_t is OrOp:
            r.v = (x.v != 0) | (y.v != 0)
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
        else:
            r = x
    else:
        # unsigned integers, wrapping.  8- and 16-bit operands would be promoted to (signed)
        # int by C, where a product can overflow: multiply them as unsigned int instead.
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
# 1-D inner loop
# ---------------------------------------------------------------------------------------------

cdef inline void loop_1d(Py_ssize_t n,
                         const char *a, Py_ssize_t sa,
                         const char *b, Py_ssize_t sb,
                         char *out, Py_ssize_t so,
                         const elem_t *etag, const op_t *otag) noexcept nogil:
    """out[i] = a[i] OP b[i] for i < n; strides in bytes."""
    cdef Py_ssize_t i
    cdef Py_ssize_t es = sizeof(elem_t)
    cdef const elem_t *pa
    cdef const elem_t *pb
    cdef elem_t *po
    cdef elem_t s
    if so == es:
        po = <elem_t *>out
        if sa == es and sb == es:
            pa = <const elem_t *>a
            pb = <const elem_t *>b
            for i in range(n):
                po[i] = binop(pa[i], pb[i], otag)
            return
        if sa == 0 and sb == es:
            s = (<const elem_t *>a)[0]
            pb = <const elem_t *>b
            for i in range(n):
                po[i] = binop(s, pb[i], otag)
            return
        if sb == 0 and sa == es:
            s = (<const elem_t *>b)[0]
            pa = <const elem_t *>a
            for i in range(n):
                po[i] = binop(pa[i], s, otag)
            return
    for i in range(n):
        (<elem_t *>out)[0] = binop((<const elem_t *>a)[0], (<const elem_t *>b)[0], otag)
        a += sa
        b += sb
        out += so


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
# N-d iteration
# ---------------------------------------------------------------------------------------------

cdef enum:
    MAXDIMS = 64     # after dropping size-1 dims, more than 63 would mean > 2**63 elements

ctypedef struct nditer_t:
    int nd                       # coalesced dims, >= 1; index 0 is the innermost
    int64_t total                # number of elements
    int64_t n[MAXDIMS]
    int64_t sa[MAXDIMS]
    int64_t sb[MAXDIMS]
    int64_t so[MAXDIMS]
    const char *a
    const char *b
    char *out


# When to split the work over threads.  Measured on the 2-core Zen 4 VM with
# OMP_WAIT_POLICY=PASSIVE, where waking the sleeping worker costs some 50-80 us, so only
# fairly large problems gain:
#   * memory-bound loops (add / subtract / multiply): 2 threads beat 1 from about 5 MiB per
#     operand (float64 add: ~600-700k elements; float32 add: ~1.2M);
#   * real divide and complex multiply do more work per byte: from about 2 MiB;
#   * complex divide (scalar Smith algorithm, compute-bound): from about 60k elements.
cdef int64_t PARALLEL_MIN_BYTES = 5242880          # 5 MiB = 655360 float64
cdef int64_t PARALLEL_MIN_BYTES_HEAVY = 2097152    # 2 MiB
cdef int64_t PARALLEL_MIN_ELEMS_CDIV = 60000
# Chunk boundaries are multiples of this many elements (keeps chunks vector- and cache-line-
# aligned relative to each other).
cdef int64_t CHUNK_ALIGN = 64

cdef int _num_threads = 1


cdef void process_range(const nditer_t *it, int64_t e0, int64_t e1,
                        const elem_t *etag, const op_t *otag) noexcept nogil:
    """Elements [e0, e1) of the iteration space, in C order of the coalesced dims."""
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
    while True:
        cnt = n0 - col
        if cnt > rest:
            cnt = rest
        loop_1d(cnt, ra + col * sa0, sa0, rb + col * sb0, sb0, ro + col * so0, so0,
                etag, otag)
        rest -= cnt
        if rest <= 0:
            return
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


cdef void run(const nditer_t *it, const elem_t *etag, const op_t *otag) noexcept nogil:
    cdef int64_t total = it.total
    cdef int64_t min_elems
    cdef int nthreads = _num_threads
    cdef int64_t nchunks, chunk, t, e0, e1
    if op_t is DivOp and (elem_t is cfloat_t or elem_t is cdouble_t):
        min_elems = PARALLEL_MIN_ELEMS_CDIV
    elif op_t is DivOp or (op_t is MulOp and (elem_t is cfloat_t or elem_t is cdouble_t)):
        min_elems = PARALLEL_MIN_BYTES_HEAVY // sizeof(elem_t)
    else:
        min_elems = PARALLEL_MIN_BYTES // sizeof(elem_t)
    if nthreads <= 1 or total < min_elems:
        process_range(it, 0, total, etag, otag)
        return
    # equal ranges, at least about min_elems / 2 elements each
    nchunks = total // (min_elems // 2 + 1)
    if nchunks > nthreads:
        nchunks = nthreads
    chunk = (total + nchunks - 1) // nchunks
    chunk = (chunk + CHUNK_ALIGN - 1) // CHUNK_ALIGN * CHUNK_ALIGN
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        e0 = t * chunk
        e1 = e0 + chunk
        if e1 > total:
            e1 = total
        if e0 < e1:
            process_range(it, e0, e1, etag, otag)


cdef int run_op(int op, const nditer_t *it, const elem_t *etag) noexcept nogil:
    if op == ARRPY_ADD:
        run(it, etag, <const AddOp *>NULL)
    elif op == ARRPY_SUBTRACT:
        run(it, etag, <const SubOp *>NULL)
    elif op == ARRPY_MULTIPLY:
        run(it, etag, <const MulOp *>NULL)
    elif op == ARRPY_DIVIDE:
        run(it, etag, <const DivOp *>NULL)
    elif op == ARRPY_BITWISE_AND:
        run(it, etag, <const AndOp *>NULL)
    elif op == ARRPY_BITWISE_OR:
        run(it, etag, <const OrOp *>NULL)
    else:
        run(it, etag, <const XorOp *>NULL)
    return ARRPY_OK


cdef void cmp_process_range(const nditer_t *it, int64_t e0, int64_t e1,
                            const cmp_elem_t *etag, const cmp_t *otag) noexcept nogil:
    """process_range for comparisons (same odometer, cmp_loop_1d inside)."""
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
    while True:
        cnt = n0 - col
        if cnt > rest:
            cnt = rest
        cmp_loop_1d(cnt, ra + col * sa0, sa0, rb + col * sb0, sb0, ro + col * so0, so0,
                    etag, otag)
        rest -= cnt
        if rest <= 0:
            return
        col = 0
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


cdef void cmp_run(const nditer_t *it, const cmp_elem_t *etag, const cmp_t *otag) noexcept nogil:
    """run() for comparisons: memory-bound like add, threshold on the input bytes.  Thread
    chunks are element ranges (multiples of CHUNK_ALIGN), so the uint8 output chunks start
    64-byte apart and never share a byte."""
    cdef int64_t total = it.total
    cdef int64_t min_elems = PARALLEL_MIN_BYTES // sizeof(cmp_elem_t)
    cdef int nthreads = _num_threads
    cdef int64_t nchunks, chunk, t, e0, e1
    if nthreads <= 1 or total < min_elems:
        cmp_process_range(it, 0, total, etag, otag)
        return
    nchunks = total // (min_elems // 2 + 1)
    if nchunks > nthreads:
        nchunks = nthreads
    chunk = (total + nchunks - 1) // nchunks
    chunk = (chunk + CHUNK_ALIGN - 1) // CHUNK_ALIGN * CHUNK_ALIGN
    for t in prange(nchunks, schedule='static', num_threads=nchunks):
        e0 = t * chunk
        e1 = e0 + chunk
        if e1 > total:
            e1 = total
        if e0 < e1:
            cmp_process_range(it, e0, e1, etag, otag)


cdef int cmp_run_op(int op, const nditer_t *it, const cmp_elem_t *etag) noexcept nogil:
    if op == ARRPY_EQUAL:
        cmp_run(it, etag, <const EqOp *>NULL)
    elif op == ARRPY_NOT_EQUAL:
        cmp_run(it, etag, <const NeOp *>NULL)
    elif op == ARRPY_LESS:
        cmp_run(it, etag, <const LtOp *>NULL)
    elif op == ARRPY_LESS_EQUAL:
        cmp_run(it, etag, <const LeOp *>NULL)
    elif op == ARRPY_GREATER:
        cmp_run(it, etag, <const GtOp *>NULL)
    elif op == ARRPY_GREATER_EQUAL:
        cmp_run(it, etag, <const GeOp *>NULL)
    elif op == ARRPY_LOGICAL_AND:
        cmp_run(it, etag, <const LAndOp *>NULL)
    elif op == ARRPY_LOGICAL_OR:
        cmp_run(it, etag, <const LOrOp *>NULL)
    else:
        cmp_run(it, etag, <const LXorOp *>NULL)
    return ARRPY_OK


# ---------------------------------------------------------------------------------------------
# The ABI functions
# ---------------------------------------------------------------------------------------------

cdef int binary_supported(int op, int dtype) noexcept nogil:
    if op < 0 or op >= ARRPY_NUM_BINARY_OPS or dtype < 0 or dtype >= ARRPY_NUM_DTYPES:
        return 0
    if op == ARRPY_SUBTRACT:
        return dtype != ARRPY_BOOL
    if op == ARRPY_DIVIDE:
        return (dtype == ARRPY_FLOAT32 or dtype == ARRPY_FLOAT64
                or dtype == ARRPY_COMPLEX64 or dtype == ARRPY_COMPLEX128)
    if op == ARRPY_BITWISE_AND or op == ARRPY_BITWISE_OR or op == ARRPY_BITWISE_XOR:
        return (dtype == ARRPY_BOOL or dtype == ARRPY_INT8 or dtype == ARRPY_UINT8
                or dtype == ARRPY_INT16 or dtype == ARRPY_UINT16
                or dtype == ARRPY_INT32 or dtype == ARRPY_UINT32
                or dtype == ARRPY_INT64 or dtype == ARRPY_UINT64)
    return 1


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

    if dtype == ARRPY_BOOL:
        return run_op(op, &it, <const bool_t *>NULL)
    elif dtype == ARRPY_INT8 or dtype == ARRPY_UINT8:
        return run_op(op, &it, <const uint8_t *>NULL)
    elif dtype == ARRPY_INT16 or dtype == ARRPY_UINT16:
        return run_op(op, &it, <const uint16_t *>NULL)
    elif dtype == ARRPY_INT32 or dtype == ARRPY_UINT32:
        return run_op(op, &it, <const uint32_t *>NULL)
    elif dtype == ARRPY_INT64 or dtype == ARRPY_UINT64:
        return run_op(op, &it, <const uint64_t *>NULL)
    elif dtype == ARRPY_FLOAT32:
        return run_op(op, &it, <const float *>NULL)
    elif dtype == ARRPY_FLOAT64:
        return run_op(op, &it, <const double *>NULL)
    elif dtype == ARRPY_COMPLEX64:
        return run_op(op, &it, <const cfloat_t *>NULL)
    else:
        return run_op(op, &it, <const cdouble_t *>NULL)


cdef int compare_supported(int op, int dtype) noexcept nogil:
    return (0 <= op < ARRPY_NUM_COMPARE_OPS) and (0 <= dtype < ARRPY_NUM_DTYPES)


cdef int compare_nd(int op, int dtype, int ndim, const int64_t *shape,
                    const char *a, const int64_t *sa,
                    const char *b, const int64_t *sb,
                    char *out, const int64_t *so) noexcept nogil:
    """out (bool, one byte 0/1) = a OP b, a and b of `dtype`."""
    cdef nditer_t it
    if not compare_supported(op, dtype):
        return ARRPY_STATUS_UNSUPPORTED
    cdef int r = build_iter(&it, ndim, shape, a, sa, b, sb, out, so)
    if r != 0:
        return ARRPY_OK if r > 0 else ARRPY_STATUS_UNSUPPORTED

    if dtype == ARRPY_BOOL:
        return cmp_run_op(op, &it, <const bool_t *>NULL)
    elif dtype == ARRPY_INT8:
        return cmp_run_op(op, &it, <const int8_t *>NULL)
    elif dtype == ARRPY_UINT8:
        return cmp_run_op(op, &it, <const uint8_t *>NULL)
    elif dtype == ARRPY_INT16:
        return cmp_run_op(op, &it, <const int16_t *>NULL)
    elif dtype == ARRPY_UINT16:
        return cmp_run_op(op, &it, <const uint16_t *>NULL)
    elif dtype == ARRPY_INT32:
        return cmp_run_op(op, &it, <const int32_t *>NULL)
    elif dtype == ARRPY_UINT32:
        return cmp_run_op(op, &it, <const uint32_t *>NULL)
    elif dtype == ARRPY_INT64:
        return cmp_run_op(op, &it, <const int64_t *>NULL)
    elif dtype == ARRPY_UINT64:
        return cmp_run_op(op, &it, <const uint64_t *>NULL)
    elif dtype == ARRPY_FLOAT32:
        return cmp_run_op(op, &it, <const float *>NULL)
    elif dtype == ARRPY_FLOAT64:
        return cmp_run_op(op, &it, <const double *>NULL)
    elif dtype == ARRPY_COMPLEX64:
        return cmp_run_op(op, &it, <const cfloat_t *>NULL)
    else:
        return cmp_run_op(op, &it, <const cdouble_t *>NULL)


# Compile-time check that the functions match the ABI typedefs.
cdef arrpy_binary_nd_fn _binary_nd_check = binary_nd
cdef arrpy_binary_supported_fn _binary_supported_check = binary_supported
cdef arrpy_compare_nd_fn _compare_nd_check = compare_nd
cdef arrpy_compare_supported_fn _compare_supported_check = compare_supported

binary_nd_capsule = PyCapsule_New(<void *>binary_nd, b"arrpy.binary_nd", NULL)
binary_supported_capsule = PyCapsule_New(<void *>binary_supported, b"arrpy.binary_supported", NULL)
compare_nd_capsule = PyCapsule_New(<void *>compare_nd, b"arrpy.compare_nd", NULL)
compare_supported_capsule = PyCapsule_New(<void *>compare_supported,
                                          b"arrpy.compare_supported", NULL)


# Unary kernels (stub; being written).
cdef int unary_nd(int op, int dtype, int ndim, const int64_t *shape,
                  const char *a, const int64_t *sa, char *out,
                  const int64_t *so) noexcept nogil:
    return ARRPY_STATUS_UNSUPPORTED


cdef int unary_supported(int op, int dtype) noexcept nogil:
    return 0


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
