# Matrix product of the Cython backend (abi.h, arrpy_matmul_nd_fn): a blocked GEMM in typed loops.
#
# This file is included by two modules with the same source and different compiler flags (see
# meson.build): _matmul_baseline.pyx, compiled for the baseline target like every Cython kernel,
# and _matmul_avx2.pyx, compiled with -mavx2 -mfma (FMA contraction allowed, which the matmul
# contract permits). _kernels.matmul_nd, the ABI function, calls mm_matmul of the AVX2 build when
# the CPU has AVX2 and FMA, else of the baseline build, with the backend's thread count.
#
# The algorithm (the Goto / BLIS scheme, in plain loops):
#
#   for each block of NC columns of B (jc):
#     for each block of KC rows of B (pc):
#       pack B[pc:pc+kc, jc:jc+nc] into panels of NR columns: for every p, NR values side by
#         side (zero padding past n), so the inner loop reads B contiguously whatever its strides;
#       for each block of MC rows of A (ic; these blocks are shared out among the threads):
#         pack A[ic:ic+mc, pc:pc+kc] into panels of MR rows: for every p, MR values side by side;
#         for every NR-column panel of B and every MR-row panel of A: the micro-kernel.
#
#   The micro-kernel keeps an MR x NR tile of C in a local array ``acc``; for every p it adds
#   A[r][p] * B[p][0:NR] to row r of the tile: an i-p-j order whose innermost loop (j) runs over
#   NR contiguous values. MR and NR are compile-time constants (NR = two vector registers), so
#   the compiler unrolls the r and j loops, vectorises j and keeps the whole tile in registers
#   for the kc steps; the tile is written to C (any strides) once per KC block.
#
# Integers run as the unsigned type of their width (the same bits, wrapping without undefined
# behaviour). Complex numbers are packed with their real and imaginary parts in separate rows
# of NR values, and the micro-kernel keeps two tiles (real and imaginary parts). bool is a short
# i-p-j loop of OR and AND over a 0/1 copy of B.

from cython.parallel cimport prange, threadid
from libc.stdint cimport int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc

from arrpy.backends.abi cimport *

cdef extern from *:
    """
    /* Register blocking of the matmul kernel: a micro-tile row is two vector registers. */
    #if defined(__AVX__)
    #define MM_VEC_BYTES 32
    #else
    #define MM_VEC_BYTES 16
    #endif
    """
    enum: MM_VEC_BYTES

ctypedef struct mm_cfloat:      # complex64: real, imag
    float re
    float im

ctypedef struct mm_cdouble:     # complex128
    double re
    double im

# The element types of the blocked kernel; signed integers use the unsigned type of their width.
ctypedef fused mm_t:
    uint8_t
    uint16_t
    uint32_t
    uint64_t
    float
    double
    mm_cfloat
    mm_cdouble

# The real and integer element types (the micro-kernel of one tile).
ctypedef fused mm_rt:
    uint8_t
    uint16_t
    uint32_t
    uint64_t
    float
    double

ctypedef fused mm_real_t:
    float
    double

# The cache blocks: KC rows of B (one micro-panel of B, KC x NR, fits L1 with room for A's),
# MC rows of A (an MC x KC block of A stays in L2), NC columns of B (a KC x NC block in L2).
cdef enum:
    MM_MR = 6            # rows of a micro-tile (real types)
    MM_MR_C = 3          # rows of a complex micro-tile (two tiles: real and imaginary parts)
    MM_MC = 96           # a multiple of MM_MR and MM_MR_C
    MM_KC = 256
    MM_KC_C = 128
    MM_NC = 512          # a multiple of every NR
    MM_NR_MAX = 64       # NR of uint8 with 32-byte vectors
    MM_PAR_MIN = 2097152  # m * n * k from which the row blocks are shared out among threads


cdef inline int64_t mm_parts(const mm_t *tag) noexcept nogil:
    """Scalars per element in the packed buffers (2 for complex: real and imaginary part)."""
    return 2 if (mm_t is mm_cfloat or mm_t is mm_cdouble) else 1


cdef inline int64_t mm_nr(const mm_t *tag) noexcept nogil:
    """NR: the micro-tile width, two vector registers of the element (or component) type."""
    return 2 * MM_VEC_BYTES // (sizeof(mm_t) // mm_parts(tag))


cdef inline int64_t mm_mr(const mm_t *tag) noexcept nogil:
    return MM_MR_C if mm_parts(tag) == 2 else MM_MR


cdef inline int64_t mm_kc(const mm_t *tag) noexcept nogil:
    return MM_KC_C if mm_parts(tag) == 2 else MM_KC


# --- packing ---------------------------------------------------------------------------------

cdef void mm_pack_b(const mm_t *tag, const char *b, int64_t b_rs, int64_t b_cs, int64_t kc,
                    int64_t nc, char *buf) noexcept nogil:
    """B[0:kc, 0:nc] (b points at its first element) as ceil(nc / NR) panels; in panel q, row
    p holds B[p][q*NR : q*NR + NR] (complex: NR real parts, then NR imaginary parts), zero
    padded past nc."""
    cdef int64_t nr = mm_nr(tag)
    cdef int64_t qi, q, p, j, w
    cdef const char *src
    cdef mm_cfloat zf
    cdef mm_cdouble zd
    cdef float *ptr_f = NULL
    cdef double *ptr_d = NULL
    cdef mm_t *dst = NULL
    if mm_t is mm_cfloat or mm_t is mm_cdouble:
        if mm_t is mm_cfloat:
            ptr_f = <float *>buf
        else:
            ptr_d = <double *>buf
    else:
        dst = <mm_t *>buf
    for qi in range((nc + nr - 1) // nr):
        q = qi * nr
        w = min(nr, nc - q)
        for p in range(kc):
            src = b + p * b_rs + q * b_cs
            if mm_t is mm_cfloat:
                for j in range(w):
                    zf = (<const mm_cfloat *>(src + j * b_cs))[0]
                    ptr_f[j] = zf.re
                    ptr_f[nr + j] = zf.im
                for j in range(w, nr):
                    ptr_f[j] = 0
                    ptr_f[nr + j] = 0
                ptr_f += 2 * nr
            elif mm_t is mm_cdouble:
                for j in range(w):
                    zd = (<const mm_cdouble *>(src + j * b_cs))[0]
                    ptr_d[j] = zd.re
                    ptr_d[nr + j] = zd.im
                for j in range(w, nr):
                    ptr_d[j] = 0
                    ptr_d[nr + j] = 0
                ptr_d += 2 * nr
            else:
                for j in range(w):
                    dst[j] = (<const mm_t *>(src + j * b_cs))[0]
                for j in range(w, nr):
                    dst[j] = 0
                dst += nr


cdef void mm_pack_a(const mm_t *tag, const char *a, int64_t a_rs, int64_t a_cs, int64_t mc,
                    int64_t kc, char *buf) noexcept nogil:
    """A[0:mc, 0:kc] as ceil(mc / MR) panels; in panel q, step p holds A[q*MR : q*MR + MR][p]
    (complex: MR real parts, then MR imaginary parts), zero padded past mc."""
    cdef int64_t mr = mm_mr(tag)
    cdef int64_t qi, q, p, r, h
    cdef const char *src
    cdef mm_cfloat zf
    cdef mm_cdouble zd
    cdef float *ptr_f = NULL
    cdef double *ptr_d = NULL
    cdef mm_t *dst = NULL
    if mm_t is mm_cfloat or mm_t is mm_cdouble:
        if mm_t is mm_cfloat:
            ptr_f = <float *>buf
        else:
            ptr_d = <double *>buf
    else:
        dst = <mm_t *>buf
    for qi in range((mc + mr - 1) // mr):
        q = qi * mr
        h = min(mr, mc - q)
        for p in range(kc):
            src = a + q * a_rs + p * a_cs
            if mm_t is mm_cfloat:
                for r in range(h):
                    zf = (<const mm_cfloat *>(src + r * a_rs))[0]
                    ptr_f[r] = zf.re
                    ptr_f[mr + r] = zf.im
                for r in range(h, mr):
                    ptr_f[r] = 0
                    ptr_f[mr + r] = 0
                ptr_f += 2 * mr
            elif mm_t is mm_cdouble:
                for r in range(h):
                    zd = (<const mm_cdouble *>(src + r * a_rs))[0]
                    ptr_d[r] = zd.re
                    ptr_d[mr + r] = zd.im
                for r in range(h, mr):
                    ptr_d[r] = 0
                    ptr_d[mr + r] = 0
                ptr_d += 2 * mr
            else:
                for r in range(h):
                    dst[r] = (<const mm_t *>(src + r * a_rs))[0]
                for r in range(h, mr):
                    dst[r] = 0
                dst += mr


# --- micro-kernels ---------------------------------------------------------------------------

cdef inline void mm_micro(const mm_rt *tag, int64_t kc, const mm_rt *ap, const mm_rt *bp,
                          char *c, int64_t c_rs, int64_t c_cs, int64_t h, int64_t w,
                          bint first) noexcept nogil:
    """C[0:h, 0:w] (=, or += unless first) the MR x NR tile sum_p ap[p] (x) bp[p], for a real
    or integer element type. The r and j loops have constant trip counts (unrolled, j
    vectorised) and acc lives in registers across the p loop."""
    cdef mm_rt acc[MM_MR * MM_NR_MAX]
    cdef mm_rt x
    cdef int64_t nr = mm_nr(tag)
    cdef int64_t p, r, j
    cdef mm_rt *cp
    for j in range(MM_MR * nr):
        acc[j] = 0
    for p in range(kc):
        for r in range(MM_MR):
            x = ap[r]
            for j in range(nr):
                if mm_rt is uint8_t or mm_rt is uint16_t:
                    # promoted to unsigned int, not int: no signed overflow, the same low bits
                    acc[r * nr + j] = <mm_rt>(acc[r * nr + j] + <unsigned int>x * bp[j])
                else:
                    acc[r * nr + j] += x * bp[j]
        ap += MM_MR
        bp += nr
    for r in range(h):
        for j in range(w):
            cp = <mm_rt *>(c + r * c_rs + j * c_cs)
            if first:
                cp[0] = acc[r * nr + j]
            else:
                cp[0] = <mm_rt>(cp[0] + acc[r * nr + j])


cdef inline void mm_micro_c(const mm_real_t *ap, const mm_real_t *bp, int64_t kc, int64_t nr,
                            char *c, int64_t c_rs, int64_t c_cs, int64_t h, int64_t w,
                            bint first) noexcept nogil:
    """The complex micro-kernel: two MR_C x NR tiles, real and imaginary parts; every step adds
    (ar*br - ai*bi) and (ar*bi + ai*br) (the textbook complex product)."""
    cdef mm_real_t re[MM_MR_C * MM_NR_MAX]
    cdef mm_real_t im[MM_MR_C * MM_NR_MAX]
    cdef mm_real_t ar, ai
    cdef int64_t p, r, j
    cdef mm_real_t *cp
    for j in range(MM_MR_C * nr):
        re[j] = 0
        im[j] = 0
    for p in range(kc):
        for r in range(MM_MR_C):
            ar = ap[r]
            ai = ap[MM_MR_C + r]
            for j in range(nr):
                re[r * nr + j] += ar * bp[j] - ai * bp[nr + j]
                im[r * nr + j] += ar * bp[nr + j] + ai * bp[j]
        ap += 2 * MM_MR_C
        bp += 2 * nr
    for r in range(h):
        for j in range(w):
            cp = <mm_real_t *>(c + r * c_rs + j * c_cs)
            if first:
                cp[0] = re[r * nr + j]
                cp[1] = im[r * nr + j]
            else:
                cp[0] += re[r * nr + j]
                cp[1] += im[r * nr + j]


# --- blocks ----------------------------------------------------------------------------------

cdef void mm_row_block(const mm_t *tag, int64_t mc, int64_t nc, int64_t kc,
                       const char *a, int64_t a_rs, int64_t a_cs, const char *bbuf,
                       char *abuf, char *c, int64_t c_rs, int64_t c_cs, bint first) noexcept nogil:
    """C[0:mc, 0:nc] (= or +=) A[0:mc, 0:kc] @ (the packed B block): packs A, then runs the
    micro-kernel over every (NR panel of B, MR panel of A)."""
    cdef int64_t mr = mm_mr(tag)
    cdef int64_t nr = mm_nr(tag)
    cdef int64_t parts = mm_parts(tag)
    cdef int64_t esz = sizeof(mm_t) // parts     # bytes of one packed scalar
    cdef int64_t jq, jr, iq, ir
    cdef const char *bpanel
    cdef const char *apanel
    mm_pack_a(tag, a, a_rs, a_cs, mc, kc, abuf)
    for jq in range((nc + nr - 1) // nr):
        jr = jq * nr
        bpanel = bbuf + jq * kc * nr * parts * esz
        for iq in range((mc + mr - 1) // mr):
            ir = iq * mr
            apanel = abuf + iq * kc * mr * parts * esz
            if mm_t is mm_cfloat:
                mm_micro_c(<const float *>apanel, <const float *>bpanel, kc, nr,
                           c + ir * c_rs + jr * c_cs, c_rs, c_cs, min(mr, mc - ir),
                           min(nr, nc - jr), first)
            elif mm_t is mm_cdouble:
                mm_micro_c(<const double *>apanel, <const double *>bpanel, kc, nr,
                           c + ir * c_rs + jr * c_cs, c_rs, c_cs, min(mr, mc - ir),
                           min(nr, nc - jr), first)
            else:
                mm_micro(tag, kc, <const mm_t *>apanel, <const mm_t *>bpanel,
                         c + ir * c_rs + jr * c_cs, c_rs, c_cs, min(mr, mc - ir),
                         min(nr, nc - jr), first)


cdef void mm_gemm(const mm_t *tag, int nthreads, int64_t m, int64_t n, int64_t k,
                  const char *a, int64_t a_rs, int64_t a_cs,
                  const char *b, int64_t b_rs, int64_t b_cs,
                  char *c, int64_t c_rs, int64_t c_cs, char *bbuf, char *abufs,
                  int64_t abytes) noexcept nogil:
    """One product C = A @ B (k >= 1), row blocks shared out among ``nthreads`` threads.

    bbuf holds a packed KC x NC block of B, abufs one packed MC x KC block of A (abytes) per
    thread."""
    cdef int64_t kcmax = mm_kc(tag)
    cdef int64_t jq, jc, pq, pc, nc, kc, t, nblocks, ic, mc
    cdef int nth = nthreads
    # Row blocks of at most MC rows, as many as a multiple of the thread count and of equal
    # size (a multiple of MR), so the threads get the same work.
    nblocks = (m + MM_MC - 1) // MM_MC
    if nth > 1:
        nblocks = (nblocks + nth - 1) // nth * nth
    mc = (m + nblocks - 1) // nblocks
    mc = (mc + MM_MR - 1) // MM_MR * MM_MR        # MM_MR is a multiple of MM_MR_C
    nblocks = (m + mc - 1) // mc
    if nth > nblocks:
        nth = <int>nblocks
    for jq in range((n + MM_NC - 1) // MM_NC):
        jc = jq * MM_NC
        nc = min(<int64_t>MM_NC, n - jc)
        for pq in range((k + kcmax - 1) // kcmax):
            pc = pq * kcmax
            kc = min(kcmax, k - pc)
            mm_pack_b(tag, b + pc * b_rs + jc * b_cs, b_rs, b_cs, kc, nc, bbuf)
            if nth <= 1:
                for t in range(nblocks):
                    ic = t * mc
                    mm_row_block(tag, min(mc, m - ic), nc, kc,
                                 a + ic * a_rs + pc * a_cs, a_rs, a_cs, bbuf, abufs,
                                 c + ic * c_rs + jc * c_cs, c_rs, c_cs, pc == 0)
            else:
                for t in prange(nblocks, schedule='static', num_threads=nth):
                    ic = t * mc
                    mm_row_block(tag, min(mc, m - ic), nc, kc,
                                 a + ic * a_rs + pc * a_cs, a_rs, a_cs, bbuf,
                                 abufs + threadid() * abytes,
                                 c + ic * c_rs + jc * c_cs, c_rs, c_cs, pc == 0)


cdef void mm_batch_range(const mm_t *tag, int nthreads, int64_t e0, int64_t e1, int ndim,
                         const int64_t *shape, int64_t m, int64_t n, int64_t k,
                         const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                         const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                         char *out, const int64_t *so, int64_t o_rs, int64_t o_cs,
                         char *bbuf, char *abufs, int64_t abytes) noexcept nogil:
    """Products e0 .. e1 - 1 of the batch (C order over the batch shape), one after the other."""
    cdef int64_t e, q, i, oa, ob, oc
    cdef int d
    for e in range(e0, e1):
        q = e
        oa = 0
        ob = 0
        oc = 0
        for d in range(ndim - 1, -1, -1):
            i = q % shape[d]
            q = q // shape[d]
            oa += i * sa[d]
            ob += i * sb[d]
            oc += i * so[d]
        mm_gemm(tag, nthreads, m, n, k, a + oa, a_rs, a_cs, b + ob, b_rs, b_cs,
                out + oc, o_rs, o_cs, bbuf, abufs, abytes)


cdef int mm_typed(const mm_t *tag, int nthreads, int ndim, const int64_t *shape,
                  int64_t m, int64_t n, int64_t k,
                  const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                  const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                  char *out, const int64_t *so, int64_t o_rs, int64_t o_cs) noexcept nogil:
    """Every product of the batch (m, n, k >= 1). A large product shares its row blocks out
    among the threads; a batch of small ones shares the products out (one range per thread)."""
    cdef int64_t nr = mm_nr(tag)
    cdef int64_t total = 1
    cdef int64_t t, chunk, bsize, asize, per_thread
    cdef int d, nth
    cdef double work = <double>m * <double>n * <double>k
    cdef char *bufs
    for d in range(ndim):
        total *= shape[d]
    # The packing buffers, as large as this product needs: a KC x NC block of B (NR-column
    # panels) and, per thread, an MC x KC block of A (MR-row panels; MC is a multiple of 6).
    bsize = min(k, mm_kc(tag)) * ((min(n, <int64_t>MM_NC) + nr - 1) // nr * nr) * sizeof(mm_t)
    asize = (min(k, mm_kc(tag)) * ((min(m, <int64_t>MM_MC) + MM_MR - 1) // MM_MR * MM_MR)
             * sizeof(mm_t))
    bsize = (bsize + 63) // 64 * 64
    asize = (asize + 63) // 64 * 64
    if nthreads > 1 and work < MM_PAR_MIN and total > 1 and work * total >= MM_PAR_MIN:
        nth = nthreads if nthreads < total else <int>total
        per_thread = bsize + asize
        bufs = <char *>malloc(nth * per_thread)
        if bufs == NULL:
            return ARRPY_STATUS_UNSUPPORTED
        chunk = (total + nth - 1) // nth
        for t in prange(nth, schedule='static', num_threads=nth):
            mm_batch_range(tag, 1, t * chunk, min(total, t * chunk + chunk), ndim, shape,
                           m, n, k, a, sa, a_rs, a_cs, b, sb, b_rs, b_cs, out, so, o_rs, o_cs,
                           bufs + t * per_thread, bufs + t * per_thread + bsize, asize)
        free(bufs)
        return ARRPY_OK
    if work < MM_PAR_MIN:
        nthreads = 1
    bufs = <char *>malloc(bsize + nthreads * asize)
    if bufs == NULL:
        return ARRPY_STATUS_UNSUPPORTED
    mm_batch_range(tag, nthreads, 0, total, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                   b, sb, b_rs, b_cs, out, so, o_rs, o_cs, bufs, bufs + bsize, asize)
    free(bufs)
    return ARRPY_OK


# --- bool ------------------------------------------------------------------------------------

cdef int mm_bool(int ndim, const int64_t *shape, int64_t m, int64_t n, int64_t k,
                 const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                 const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                 char *out, const int64_t *so, int64_t o_rs, int64_t o_cs) noexcept nogil:
    """C[r][c] = OR over p of (A[r][p] AND B[p][c]), in i-p-j order: for every true A[r][p],
    row p of a 0/1 copy of B is or-ed into a 0/1 row of C (contiguous, vectorised)."""
    cdef int64_t total = 1
    cdef int64_t e, q, i, oa, ob, oc, r, p, j
    cdef int d
    cdef uint8_t *bb = <uint8_t *>malloc(k * n)
    cdef uint8_t *row = <uint8_t *>malloc(n)
    cdef const uint8_t *brow
    if bb == NULL or row == NULL:
        free(bb)
        free(row)
        return ARRPY_STATUS_UNSUPPORTED
    for d in range(ndim):
        total *= shape[d]
    for e in range(total):
        q = e
        oa = 0
        ob = 0
        oc = 0
        for d in range(ndim - 1, -1, -1):
            i = q % shape[d]
            q = q // shape[d]
            oa += i * sa[d]
            ob += i * sb[d]
            oc += i * so[d]
        for p in range(k):
            for j in range(n):
                bb[p * n + j] = (<const uint8_t *>(b + ob + p * b_rs + j * b_cs))[0] != 0
        for r in range(m):
            for j in range(n):
                row[j] = 0
            for p in range(k):
                if (<const uint8_t *>(a + oa + r * a_rs + p * a_cs))[0] != 0:
                    brow = bb + p * n
                    for j in range(n):
                        row[j] |= brow[j]
            for j in range(n):
                (<uint8_t *>(out + oc + r * o_rs + j * o_cs))[0] = row[j]
    free(bb)
    free(row)
    return ARRPY_OK


# --- the ABI entry point ---------------------------------------------------------------------

ctypedef int (*mm_impl_fn)(int nthreads, int dtype, int ndim, const int64_t *shape,
                           int64_t m, int64_t n, int64_t k,
                           const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                           const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                           char *out, const int64_t *so, int64_t o_rs,
                           int64_t o_cs) noexcept nogil


cdef int mm_matmul(int nthreads, int dtype, int ndim, const int64_t *shape,
                   int64_t m, int64_t n, int64_t k,
                   const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                   const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                   char *out, const int64_t *so, int64_t o_rs, int64_t o_cs) noexcept nogil:
    """arrpy_matmul_nd_fn with an explicit thread count: zeros for k == 0, else the kernel of
    the dtype's element type."""
    cdef int64_t total = 1
    cdef int64_t e, q, i, oc, r, j, isz
    cdef int d
    if dtype < 0 or dtype >= ARRPY_NUM_DTYPES:
        return ARRPY_STATUS_UNSUPPORTED
    for d in range(ndim):
        total *= shape[d]
    if total == 0 or m == 0 or n == 0:
        return ARRPY_OK
    if nthreads < 1:
        nthreads = 1
    if k == 0:
        isz = mm_itemsize(dtype)
        for e in range(total):
            q = e
            oc = 0
            for d in range(ndim - 1, -1, -1):
                i = q % shape[d]
                q = q // shape[d]
                oc += i * so[d]
            for r in range(m):
                for j in range(n):
                    mm_zero(out + oc + r * o_rs + j * o_cs, isz)
        return ARRPY_OK
    if dtype == ARRPY_BOOL:
        return mm_bool(ndim, shape, m, n, k, a, sa, a_rs, a_cs, b, sb, b_rs, b_cs,
                       out, so, o_rs, o_cs)
    if dtype == ARRPY_INT8 or dtype == ARRPY_UINT8:
        return mm_typed(<uint8_t *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)
    if dtype == ARRPY_INT16 or dtype == ARRPY_UINT16:
        return mm_typed(<uint16_t *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)
    if dtype == ARRPY_INT32 or dtype == ARRPY_UINT32:
        return mm_typed(<uint32_t *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)
    if dtype == ARRPY_INT64 or dtype == ARRPY_UINT64:
        return mm_typed(<uint64_t *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)
    if dtype == ARRPY_FLOAT32:
        return mm_typed(<float *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)
    if dtype == ARRPY_FLOAT64:
        return mm_typed(<double *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)
    if dtype == ARRPY_COMPLEX64:
        return mm_typed(<mm_cfloat *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                        b, sb, b_rs, b_cs, out, so, o_rs, o_cs)
    return mm_typed(<mm_cdouble *>NULL, nthreads, ndim, shape, m, n, k, a, sa, a_rs, a_cs,
                    b, sb, b_rs, b_cs, out, so, o_rs, o_cs)


cdef inline int64_t mm_itemsize(int dtype) noexcept nogil:
    if dtype == ARRPY_BOOL or dtype == ARRPY_INT8 or dtype == ARRPY_UINT8:
        return 1
    if dtype == ARRPY_INT16 or dtype == ARRPY_UINT16:
        return 2
    if dtype == ARRPY_INT32 or dtype == ARRPY_UINT32 or dtype == ARRPY_FLOAT32:
        return 4
    if dtype == ARRPY_COMPLEX128:
        return 16
    return 8


cdef inline void mm_zero(char *p, int64_t size) noexcept nogil:
    cdef int64_t i
    for i in range(size):
        p[i] = 0
