// Factorizations and solves (abi.h arrpy_linalg_op: LU_FACTOR, LU_SOLVE, CHOLESKY), compiled once
// per SIMD flavour.
//
// No include guard around the body on purpose (as reduce_impl.hpp): a translation unit defines
//   ARRPY_KERNEL_NS      the namespace of this flavour (arrpy_fac_avx2, arrpy_fac_scalar)
//   ARRPY_FAC_AVX2       1 for the AVX2/FMA micro-kernel, 0 for the portable C++ one
// and includes it; it defines ARRPY_KERNEL_NS::linalg_nd(op, dtype, args). Everything else has
// internal linkage and only builtins, libc and the non-inline thread-pool entry points
// (pool::run_chunks, pool::num_threads) are called: no library templates and no inline functions
// of shared headers, so nothing compiled with -mavx2 can be merged by the linker into code that
// runs without AVX2.
//
// float64 (the fast path), row-major (C-ordered) matrices:
//   * gemm_sub: C -= A * B, the one operation the blocked algorithms are built from. Goto/BLIS
//     structure: B in KC x NC blocks packed into 8-column strips, A in MC x KC blocks packed
//     into 6-row strips, a 6 x 8 register-blocked micro-kernel (AVX2: 12 accumulators of 4
//     doubles, FMA; scalar flavour: the same loop nest in plain C++). Threads split C's rows
//     (or, for a short C, its columns), each thread packing its own copies. This is the place
//     a full packed GEMM of the matmul kernel family can replace later (same C -= A * B with
//     row and column strides for A and B).
//   * LU_FACTOR: blocked right-looking LU (LAPACK getrf): a panel of NB columns is factored by
//     recursive LU (getrf2: left half, triangular solve, gemm update, right half; unblocked
//     elimination below 8 columns), every row swap moving the whole row (that applies the swaps
//     to L's left part and the trailing columns at once); then U12 = L11^-1 A12 (trsm) and the
//     trailing update A22 -= L21 U12 (gemm_sub, threaded).
//   * LU_SOLVE: rows of b swapped, then forward and back block substitution (TRSM-like): each
//     block of TB rows first subtracts the already solved rows (gemm_sub with k up to n), then
//     is solved unblocked with contiguous row axpys. Threads take column chunks of b (the
//     right-hand sides are independent; inv solves with nrhs = n). Few right-hand sides: the
//     dot-product form over contiguous rows of L and U, one column at a time.
//   * CHOLESKY: blocked right-looking: the NB x NB diagonal block by Cholesky-Crout, the block
//     column below by a row-wise triangular solve (dot products over contiguous rows), the
//     trailing lower triangle updated by gemm_sub with L21 L21^T in column blocks.
// complex128 (and small float64 matrices): the textbook loops of the python backend with
// contiguous inner loops (right-looking LU with row axpys, row-axpy substitution, Crout).
// Batches of small matrices run one matrix per thread.

#if !defined(ARRPY_KERNEL_NS) || !defined(ARRPY_FAC_AVX2)
#error "define ARRPY_KERNEL_NS and ARRPY_FAC_AVX2 before including factor_impl.hpp"
#endif

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "thread_pool.hpp"

#if ARRPY_FAC_AVX2
#include <immintrin.h>
#endif

namespace ARRPY_KERNEL_NS {
namespace {

// ---------------------------------------------------------------------------------------------
// Element arithmetic: double, and complex128 as two doubles with the plain formulas.
// ---------------------------------------------------------------------------------------------

struct cplx {
    double re, im;
};

inline double magnitude(double x) { return fabs(x); }
inline double magnitude(cplx x) { return fabs(x.re) + fabs(x.im); }  // LAPACK's |re| + |im|
inline bool is_zero(double x) { return x == 0; }
inline bool is_zero(cplx x) { return x.re == 0 && x.im == 0; }
inline double mul(double x, double y) { return x * y; }
inline cplx mul(cplx x, cplx y) { return cplx{x.re * y.re - x.im * y.im, x.re * y.im + x.im * y.re}; }
inline double sub(double x, double y) { return x - y; }
inline cplx sub(cplx x, cplx y) { return cplx{x.re - y.re, x.im - y.im}; }
inline double divide(double x, double y) { return x / y; }
inline cplx divide(cplx x, cplx y) {
    // Smith's algorithm (as NumPy's complex division): no overflow from squaring y.
    const double abs_re = fabs(y.re), abs_im = fabs(y.im);
    if (abs_re >= abs_im) {
        if (abs_re == 0 && abs_im == 0) return cplx{x.re / abs_re, x.im / abs_re};
        const double rat = y.im / y.re, scl = 1.0 / (y.re + y.im * rat);
        return cplx{(x.re + x.im * rat) * scl, (x.im - x.re * rat) * scl};
    }
    const double rat = y.re / y.im, scl = 1.0 / (y.im + y.re * rat);
    return cplx{(x.re * rat + x.im) * scl, (x.im * rat - x.re) * scl};
}
inline double conj_mul(double x, double y) { return x * y; }  // x * conj(y)
inline cplx conj_mul(cplx x, cplx y) {
    return cplx{x.re * y.re + x.im * y.im, x.im * y.re - x.re * y.im};
}
inline double conj_of(double x) { return x; }
inline cplx conj_of(cplx x) { return cplx{x.re, -x.im}; }
inline double real_part(double x) { return x; }
inline double real_part(cplx x) { return x.re; }
inline double abs2(double x) { return x * x; }
inline double abs2(cplx x) { return x.re * x.re + x.im * x.im; }
inline void set_real(double *p, double v) { *p = v; }
inline void set_real(cplx *p, double v) { p->re = v; p->im = 0; }
inline double scale_down(double x, double r) { return x / r; }
inline cplx scale_down(cplx x, double r) { return cplx{x.re / r, x.im / r}; }
inline void set_zero(double *p) { *p = 0; }
inline void set_zero(cplx *p) { p->re = 0; p->im = 0; }

inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

template <class T>
inline void axpy_sub(T *y, const T *x, T f, int64_t w) {  // y -= f * x
    for (int64_t c = 0; c < w; ++c) y[c] = sub(y[c], mul(f, x[c]));
}

inline void axpy_sub(double *__restrict y, const double *__restrict x, double f, int64_t w) {
    for (int64_t c = 0; c < w; ++c) y[c] -= f * x[c];
}

template <class T>
inline void swap_rows(T *p, T *q, int64_t w) {
    for (int64_t c = 0; c < w; ++c) {
        const T t = p[c];
        p[c] = q[c];
        q[c] = t;
    }
}

// Runs f(ctx, begin, end) over [0, n) in nchunks pieces on the pool (or inline for one chunk).
inline void run_split(int64_t n, int64_t nchunks, arrpy::pool::range_fn fn, void *ctx) {
    if (nchunks <= 1)
        fn(ctx, 0, n);
    else
        arrpy::pool::run_chunks(n, nchunks, fn, ctx);
}

// ---------------------------------------------------------------------------------------------
// Unblocked algorithms, any element type (the python backend's loops).
// ---------------------------------------------------------------------------------------------

// Pivot search in column j, rows j .. n-1 (stride ld): the first of the largest magnitudes; nan
// never wins (as LAPACK's idamax and the python backend's max()).
template <class T>
inline int64_t pivot_row(const T *a, int64_t ld, int64_t j, int64_t n) {
    int64_t p = j;
    double best = magnitude(a[j * ld + j]);
    for (int64_t i = j + 1; i < n; ++i) {
        const double v = magnitude(a[i * ld + j]);
        if (v > best) {
            best = v;
            p = i;
        }
    }
    return p;
}

// LU of columns c0 .. c1-1 of the n x n matrix a (leading dimension ld), rows c0 .. n-1: the
// rank-1 updates reach only up to column c1 (the caller updates the rest); every swap moves the
// whole row of length row_len. Pivots are absolute row numbers; returns the first zero-pivot
// info code (0 if none).
template <class T>
int64_t lu_unblocked(T *a, int64_t ld, int64_t n, int64_t c0, int64_t c1, int64_t row_len,
                     int64_t *piv) {
    int64_t info = 0;
    for (int64_t j = c0; j < c1; ++j) {
        const int64_t p = pivot_row(a, ld, j, n);
        piv[j] = p;
        if (p != j) swap_rows(a + j * ld, a + p * ld, row_len);
        const T pivot = a[j * ld + j];
        if (is_zero(pivot)) {
            if (info == 0) info = j + 1;
            continue;
        }
        const T *prow = a + j * ld;
        for (int64_t i = j + 1; i < n; ++i) {
            T *row = a + i * ld;
            const T m = divide(row[j], pivot);
            row[j] = m;
            axpy_sub(row + j + 1, prow + j + 1, m, c1 - j - 1);
        }
    }
    return info;
}

// Columns c0 .. c1-1 of b (n x nrhs) <- A^-1 b from A's LU factors, by row axpys.
template <class T>
void lu_solve_rows(const T *a, int64_t n, const int64_t *piv, T *b, int64_t nrhs, int64_t c0,
                   int64_t c1) {
    const int64_t w = c1 - c0;
    for (int64_t i = 0; i < n; ++i)
        if (piv[i] != i) swap_rows(b + i * nrhs + c0, b + piv[i] * nrhs + c0, w);
    for (int64_t i = 0; i < n; ++i) {
        T *row = b + i * nrhs + c0;
        for (int64_t k = 0; k < i; ++k) {
            const T f = a[i * n + k];
            if (!is_zero(f)) axpy_sub(row, b + k * nrhs + c0, f, w);
        }
    }
    for (int64_t i = n - 1; i >= 0; --i) {
        T *row = b + i * nrhs + c0;
        for (int64_t k = i + 1; k < n; ++k) {
            const T f = a[i * n + k];
            if (!is_zero(f)) axpy_sub(row, b + k * nrhs + c0, f, w);
        }
        const T d = a[i * n + i];
        for (int64_t c = 0; c < w; ++c) row[c] = divide(row[c], d);
    }
}

// Cholesky-Crout of the m x m block at a (leading dimension ld): lower triangle read, L written.
// Returns 0 or the 1-based column of the first pivot that is not > 0. Does not touch the upper
// triangle.
template <class T>
int64_t cholesky_crout(T *a, int64_t ld, int64_t m) {
    for (int64_t j = 0; j < m; ++j) {
        T *rj = a + j * ld;
        double pivot = real_part(rj[j]);
        for (int64_t k = 0; k < j; ++k) pivot -= abs2(rj[k]);
        if (!(pivot > 0)) return j + 1;  // also catches nan
        const double root = sqrt(pivot);
        set_real(rj + j, root);
        for (int64_t i = j + 1; i < m; ++i) {
            T *ri = a + i * ld;
            T total = ri[j];
            for (int64_t k = 0; k < j; ++k) total = sub(total, conj_mul(ri[k], rj[k]));
            ri[j] = scale_down(total, root);
        }
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------
// float64 building blocks: gemm_sub (C -= A B) and the triangular solves built on it.
// ---------------------------------------------------------------------------------------------

constexpr int64_t MR = 6;     // micro-kernel rows (6 x 8 doubles: 12 AVX2 accumulators)
constexpr int64_t NR = 8;     // micro-kernel columns
constexpr int64_t KC = 256;   // depth of a packed block: an 8-column strip of B is 16 KiB (L1)
constexpr int64_t MC = 96;    // rows of a packed block of A: 192 KiB (L2)
constexpr int64_t NC = 2048;  // columns of a packed block of B: 4 MiB (L2 / L3)
constexpr int64_t TB = 16;    // rows of a triangular block solved by row axpys (trsm leaves)
constexpr int64_t NB = 64;    // LU and Cholesky panel width
constexpr int64_t SMALL_N = 48;  // below this order the unblocked loops are faster
// multiply-adds below which a gemm or a solve stays on one thread (a pool job costs ~10-50 us)
constexpr int64_t GEMM_PARALLEL_MIN_WORK = int64_t(1) << 21;

// Packing buffers of this thread, grown on demand and kept for the next call (one pair per
// thread, at most KC x NC and MC x KC doubles), freed when the thread exits (the pool's workers
// are replaced when the thread count changes).
struct PackBuffers {
    double *a = nullptr;
    double *b = nullptr;
    int64_t acap = 0, bcap = 0;
    ~PackBuffers() {
        free(a);
        free(b);
    }
};
thread_local PackBuffers tl_pack;

inline double *grow(double **p, int64_t *cap, int64_t need) {
    if (*cap < need) {
        free(*p);
        const size_t bytes = (size_t(need) * sizeof(double) + 63) / 64 * 64;
        *p = static_cast<double *>(aligned_alloc(64, bytes));
        *cap = *p != nullptr ? need : 0;
    }
    return *p;
}

// Packs the mc x kc block of A (A[i][p] = a[i * ars + p * acs]) into strips of MR rows, each
// stored p-major (MR consecutive values per p), zero-padded below the last row.
void pack_a(int64_t mc, int64_t kc, const double *a, int64_t ars, int64_t acs, double *dst) {
    for (int64_t i0 = 0; i0 < mc; i0 += MR) {
        const int64_t mr = min64(MR, mc - i0);
        for (int64_t r = 0; r < mr; ++r) {
            const double *src = a + (i0 + r) * ars;
            for (int64_t p = 0; p < kc; ++p) dst[p * MR + r] = src[p * acs];
        }
        for (int64_t r = mr; r < MR; ++r)
            for (int64_t p = 0; p < kc; ++p) dst[p * MR + r] = 0;
        dst += kc * MR;
    }
}

// Packs the kc x nc block of B (B[p][j] = b[p * brs + j * bcs]) into strips of NR columns,
// each stored p-major, zero-padded right of the last column.
void pack_b(int64_t kc, int64_t nc, const double *b, int64_t brs, int64_t bcs, double *dst) {
    for (int64_t j0 = 0; j0 < nc; j0 += NR) {
        const int64_t nr = min64(NR, nc - j0);
        if (nr == NR && bcs == 1) {
            for (int64_t p = 0; p < kc; ++p) {
                const double *src = b + p * brs + j0;
                for (int64_t c = 0; c < NR; ++c) dst[p * NR + c] = src[c];
            }
        } else {
            for (int64_t p = 0; p < kc; ++p) {
                const double *src = b + p * brs + j0 * bcs;
                for (int64_t c = 0; c < nr; ++c) dst[p * NR + c] = src[c * bcs];
                for (int64_t c = nr; c < NR; ++c) dst[p * NR + c] = 0;
            }
        }
        dst += kc * NR;
    }
}

// C (mr x nr corner of an MR x NR tile, row stride ldc) -= Ap^T Bp over depth kc.
#if ARRPY_FAC_AVX2
void micro_kernel(int64_t kc, const double *__restrict ap, const double *__restrict bp,
                  double *c, int64_t ldc, int64_t mr, int64_t nr) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    __m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd();
    __m256d c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    for (int64_t p = 0; p < kc; ++p) {
        const __m256d b0 = _mm256_load_pd(bp);
        const __m256d b1 = _mm256_load_pd(bp + 4);
        __m256d x = _mm256_broadcast_sd(ap);
        c00 = _mm256_fmadd_pd(x, b0, c00);
        c01 = _mm256_fmadd_pd(x, b1, c01);
        x = _mm256_broadcast_sd(ap + 1);
        c10 = _mm256_fmadd_pd(x, b0, c10);
        c11 = _mm256_fmadd_pd(x, b1, c11);
        x = _mm256_broadcast_sd(ap + 2);
        c20 = _mm256_fmadd_pd(x, b0, c20);
        c21 = _mm256_fmadd_pd(x, b1, c21);
        x = _mm256_broadcast_sd(ap + 3);
        c30 = _mm256_fmadd_pd(x, b0, c30);
        c31 = _mm256_fmadd_pd(x, b1, c31);
        x = _mm256_broadcast_sd(ap + 4);
        c40 = _mm256_fmadd_pd(x, b0, c40);
        c41 = _mm256_fmadd_pd(x, b1, c41);
        x = _mm256_broadcast_sd(ap + 5);
        c50 = _mm256_fmadd_pd(x, b0, c50);
        c51 = _mm256_fmadd_pd(x, b1, c51);
        ap += MR;
        bp += NR;
    }
    if (mr == MR && nr == NR) {
        double *r = c;
        _mm256_storeu_pd(r, _mm256_sub_pd(_mm256_loadu_pd(r), c00));
        _mm256_storeu_pd(r + 4, _mm256_sub_pd(_mm256_loadu_pd(r + 4), c01));
        r += ldc;
        _mm256_storeu_pd(r, _mm256_sub_pd(_mm256_loadu_pd(r), c10));
        _mm256_storeu_pd(r + 4, _mm256_sub_pd(_mm256_loadu_pd(r + 4), c11));
        r += ldc;
        _mm256_storeu_pd(r, _mm256_sub_pd(_mm256_loadu_pd(r), c20));
        _mm256_storeu_pd(r + 4, _mm256_sub_pd(_mm256_loadu_pd(r + 4), c21));
        r += ldc;
        _mm256_storeu_pd(r, _mm256_sub_pd(_mm256_loadu_pd(r), c30));
        _mm256_storeu_pd(r + 4, _mm256_sub_pd(_mm256_loadu_pd(r + 4), c31));
        r += ldc;
        _mm256_storeu_pd(r, _mm256_sub_pd(_mm256_loadu_pd(r), c40));
        _mm256_storeu_pd(r + 4, _mm256_sub_pd(_mm256_loadu_pd(r + 4), c41));
        r += ldc;
        _mm256_storeu_pd(r, _mm256_sub_pd(_mm256_loadu_pd(r), c50));
        _mm256_storeu_pd(r + 4, _mm256_sub_pd(_mm256_loadu_pd(r + 4), c51));
        return;
    }
    alignas(32) double t[MR * NR];
    _mm256_store_pd(t + 0, c00);
    _mm256_store_pd(t + 4, c01);
    _mm256_store_pd(t + 8, c10);
    _mm256_store_pd(t + 12, c11);
    _mm256_store_pd(t + 16, c20);
    _mm256_store_pd(t + 20, c21);
    _mm256_store_pd(t + 24, c30);
    _mm256_store_pd(t + 28, c31);
    _mm256_store_pd(t + 32, c40);
    _mm256_store_pd(t + 36, c41);
    _mm256_store_pd(t + 40, c50);
    _mm256_store_pd(t + 44, c51);
    for (int64_t r = 0; r < mr; ++r)
        for (int64_t j = 0; j < nr; ++j) c[r * ldc + j] -= t[r * NR + j];
}
#else
void micro_kernel(int64_t kc, const double *__restrict ap, const double *__restrict bp,
                  double *c, int64_t ldc, int64_t mr, int64_t nr) {
    double t[MR * NR];
    for (int64_t i = 0; i < MR * NR; ++i) t[i] = 0;
    for (int64_t p = 0; p < kc; ++p) {
        for (int64_t r = 0; r < MR; ++r) {
            const double x = ap[r];
            for (int64_t j = 0; j < NR; ++j) t[r * NR + j] += x * bp[j];
        }
        ap += MR;
        bp += NR;
    }
    for (int64_t r = 0; r < mr; ++r)
        for (int64_t j = 0; j < nr; ++j) c[r * ldc + j] -= t[r * NR + j];
}
#endif

// C -= A B without packing (only if a packing buffer could not be allocated).
void gemm_naive(int64_t m, int64_t n, int64_t k, const double *a, int64_t ars, int64_t acs,
                const double *b, int64_t brs, int64_t bcs, double *c, int64_t ldc) {
    for (int64_t i = 0; i < m; ++i)
        for (int64_t p = 0; p < k; ++p) {
            const double f = a[i * ars + p * acs];
            for (int64_t j = 0; j < n; ++j) c[i * ldc + j] -= f * b[p * brs + j * bcs];
        }
}

// C (m x n, row stride ldc) -= A (m x k) B (k x n) on the calling thread.
void gemm_seq(int64_t m, int64_t n, int64_t k, const double *a, int64_t ars, int64_t acs,
              const double *b, int64_t brs, int64_t bcs, double *c, int64_t ldc) {
    if (m <= 0 || n <= 0 || k <= 0) return;
    const int64_t ncmax = (min64(n, NC) + NR - 1) / NR * NR;
    const int64_t kcmax = min64(k, KC);
    double *bp = grow(&tl_pack.b, &tl_pack.bcap, kcmax * ncmax);
    double *ap = grow(&tl_pack.a, &tl_pack.acap, kcmax * MC);
    if (ap == nullptr || bp == nullptr) {
        gemm_naive(m, n, k, a, ars, acs, b, brs, bcs, c, ldc);
        return;
    }
    for (int64_t jc = 0; jc < n; jc += NC) {
        const int64_t nc = min64(NC, n - jc);
        for (int64_t pc = 0; pc < k; pc += KC) {
            const int64_t kc = min64(KC, k - pc);
            pack_b(kc, nc, b + pc * brs + jc * bcs, brs, bcs, bp);
            for (int64_t ic = 0; ic < m; ic += MC) {
                const int64_t mc = min64(MC, m - ic);
                pack_a(mc, kc, a + ic * ars + pc * acs, ars, acs, ap);
                for (int64_t jr = 0; jr < nc; jr += NR)
                    for (int64_t ir = 0; ir < mc; ir += MR)
                        micro_kernel(kc, ap + ir * kc, bp + jr * kc,
                                     c + (ic + ir) * ldc + jc + jr, ldc, min64(MR, mc - ir),
                                     min64(NR, nc - jr));
            }
        }
    }
}

struct GemmJob {
    int64_t m, n, k;
    const double *a;
    int64_t ars, acs;
    const double *b;
    int64_t brs, bcs;
    double *c;
    int64_t ldc;
};

void gemm_rows(void *ctx, int64_t begin, int64_t end) {  // units of MR rows
    const GemmJob &g = *static_cast<const GemmJob *>(ctx);
    const int64_t r0 = begin * MR, r1 = min64(g.m, end * MR);
    gemm_seq(r1 - r0, g.n, g.k, g.a + r0 * g.ars, g.ars, g.acs, g.b, g.brs, g.bcs,
             g.c + r0 * g.ldc, g.ldc);
}

void gemm_cols(void *ctx, int64_t begin, int64_t end) {  // units of NR columns
    const GemmJob &g = *static_cast<const GemmJob *>(ctx);
    const int64_t c0 = begin * NR, c1 = min64(g.n, end * NR);
    gemm_seq(g.m, c1 - c0, g.k, g.a, g.ars, g.acs, g.b + c0 * g.bcs, g.brs, g.bcs, g.c + c0,
             g.ldc);
}

// C -= A B, split over up to nthreads threads when the product is large: by rows of C (each
// thread packs its own A block and its own copy of B) or, for a short C, by columns.
void gemm_sub(int64_t m, int64_t n, int64_t k, const double *a, int64_t ars, int64_t acs,
              const double *b, int64_t brs, int64_t bcs, double *c, int64_t ldc, int nthreads) {
    if (m <= 0 || n <= 0 || k <= 0) return;
    if (nthreads <= 1 || m * n * k < GEMM_PARALLEL_MIN_WORK) {
        gemm_seq(m, n, k, a, ars, acs, b, brs, bcs, c, ldc);
        return;
    }
    GemmJob job = {m, n, k, a, ars, acs, b, brs, bcs, c, ldc};
    const int64_t row_units = (m + MR - 1) / MR, col_units = (n + NR - 1) / NR;
    if (m >= 8 * MR * nthreads || m >= n)
        run_split(row_units, min64(nthreads, row_units), gemm_rows, &job);
    else
        run_split(col_units, min64(nthreads, col_units), gemm_cols, &job);
}

// B (m x w, row stride ldb) <- L^-1 B, L unit lower triangular (m x m, row stride ldl).
// Recursive (as LAPACK's recursive trsm variants): solve the top half, subtract its product with
// L's lower-left block from the bottom half (gemm, where the flops are), solve the bottom half;
// blocks of at most TB rows are solved by row axpys over B's contiguous rows.
void trsm_lower_unit(int64_t m, int64_t w, const double *l, int64_t ldl, double *b, int64_t ldb) {
    if (m <= TB) {
        for (int64_t i = 1; i < m; ++i)
            for (int64_t p = 0; p < i; ++p) axpy_sub(b + i * ldb, b + p * ldb, l[i * ldl + p], w);
        return;
    }
    const int64_t m1 = m / 2;
    trsm_lower_unit(m1, w, l, ldl, b, ldb);
    gemm_seq(m - m1, w, m1, l + m1 * ldl, ldl, 1, b, ldb, 1, b + m1 * ldb, ldb);
    trsm_lower_unit(m - m1, w, l + m1 * ldl + m1, ldl, b + m1 * ldb, ldb);
}

// B (m x w) <- U^-1 B, U upper triangular (m x m): the same recursion from the bottom half up;
// the leaves divide by the diagonal (as the python backend does, no reciprocal).
void trsm_upper(int64_t m, int64_t w, const double *u, int64_t ldu, double *b, int64_t ldb) {
    if (m <= TB) {
        for (int64_t i = m - 1; i >= 0; --i) {
            double *row = b + i * ldb;
            for (int64_t p = i + 1; p < m; ++p) axpy_sub(row, b + p * ldb, u[i * ldu + p], w);
            const double d = u[i * ldu + i];
            for (int64_t c = 0; c < w; ++c) row[c] /= d;
        }
        return;
    }
    const int64_t m1 = m / 2;
    trsm_upper(m - m1, w, u + m1 * ldu + m1, ldu, b + m1 * ldb, ldb);
    gemm_seq(m1, w, m - m1, u + m1, ldu, 1, b + m1 * ldb, ldb, 1, b, ldb);
    trsm_upper(m1, w, u, ldu, b, ldb);
}

struct TrsmJob {
    int64_t m, w;
    const double *l;
    int64_t ldl;
    double *b;
    int64_t ldb;
};

void trsm_lower_cols(void *ctx, int64_t begin, int64_t end) {  // units of NR columns
    const TrsmJob &t = *static_cast<const TrsmJob *>(ctx);
    const int64_t c0 = begin * NR, c1 = min64(t.w, end * NR);
    trsm_lower_unit(t.m, c1 - c0, t.l, t.ldl, t.b + c0, t.ldb);
}

// trsm_lower_unit with the columns of B split over threads when it is large.
void trsm_lower_unit_par(int64_t m, int64_t w, const double *l, int64_t ldl, double *b,
                         int64_t ldb, int nthreads) {
    const int64_t units = (w + NR - 1) / NR;
    if (nthreads <= 1 || m * m * w < 2 * GEMM_PARALLEL_MIN_WORK || units < 2) {
        trsm_lower_unit(m, w, l, ldl, b, ldb);
        return;
    }
    TrsmJob job = {m, w, l, ldl, b, ldb};
    run_split(units, min64(nthreads, units), trsm_lower_cols, &job);
}

// x . y over n contiguous doubles, four partial sums (the loop vectorises without reassociation
// flags).
inline double dot(const double *x, const double *y, int64_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += x[i] * y[i];
        s1 += x[i + 1] * y[i + 1];
        s2 += x[i + 2] * y[i + 2];
        s3 += x[i + 3] * y[i + 3];
    }
    for (; i < n; ++i) s0 += x[i] * y[i];
    return (s0 + s1) + (s2 + s3);
}

// ---------------------------------------------------------------------------------------------
// float64 factorizations.
// ---------------------------------------------------------------------------------------------

// Recursive LU (LAPACK getrf2) of columns c0 .. c0+w-1, rows c0 .. n-1 of the n x n matrix a.
int64_t lu_recursive(double *a, int64_t n, int64_t c0, int64_t w, int64_t *piv, int nthreads) {
    if (w <= 8) return lu_unblocked(a, n, n, c0, c0 + w, n, piv);
    const int64_t w1 = w / 2, w2 = w - w1;
    const int64_t info1 = lu_recursive(a, n, c0, w1, piv, nthreads);
    double *top = a + c0 * n + c0;
    trsm_lower_unit(w1, w2, top, n, top + w1, n);
    gemm_sub(n - c0 - w1, w2, w1, top + w1 * n, n, 1, top + w1, n, 1, top + w1 * n + w1, n,
             nthreads);
    const int64_t info2 = lu_recursive(a, n, c0 + w1, w2, piv, nthreads);
    return info1 != 0 ? info1 : info2;
}

// Blocked right-looking LU (LAPACK getrf) of the n x n matrix a; returns the info code.
int64_t lu_blocked(double *a, int64_t n, int64_t *piv, int nthreads) {
    if (n < SMALL_N) return lu_unblocked(a, n, n, 0, n, n, piv);
    int64_t info = 0;
    for (int64_t k0 = 0; k0 < n; k0 += NB) {
        const int64_t nb = min64(NB, n - k0), rest = n - k0 - nb;
        const int64_t code = lu_recursive(a, n, k0, nb, piv, nthreads);
        if (info == 0) info = code;
        if (rest == 0) break;
        double *a11 = a + k0 * n + k0;
        trsm_lower_unit_par(nb, rest, a11, n, a11 + nb, n, nthreads);  // U12 = L11^-1 A12
        gemm_sub(rest, rest, nb, a11 + nb * n, n, 1, a11 + nb, n, 1, a11 + nb * n + nb, n,
                 nthreads);  // A22 -= L21 U12
    }
    return info;
}

// Columns c0 .. c1-1 of b <- A^-1 b from A's LU factors (float64).
void lu_solve_block(const double *a, int64_t n, const int64_t *piv, double *b, int64_t nrhs,
                    int64_t c0, int64_t c1) {
    const int64_t w = c1 - c0;
    if (n < SMALL_N) {
        lu_solve_rows(a, n, piv, b, nrhs, c0, c1);
        return;
    }
    for (int64_t i = 0; i < n; ++i)
        if (piv[i] != i) swap_rows(b + i * nrhs + c0, b + piv[i] * nrhs + c0, w);
    double *x = w < 4 ? static_cast<double *>(malloc(size_t(n) * sizeof(double))) : nullptr;
    if (x == nullptr) {
        trsm_lower_unit(n, w, a, n, b + c0, nrhs);
        trsm_upper(n, w, a, n, b + c0, nrhs);
        return;
    }
    // Few right-hand sides: one column at a time in the dot-product form, over rows of L, U.
    for (int64_t c = c0; c < c1; ++c) {
        for (int64_t i = 0; i < n; ++i) x[i] = b[i * nrhs + c];
        for (int64_t i = 1; i < n; ++i) x[i] -= dot(a + i * n, x, i);
        for (int64_t i = n - 1; i >= 0; --i)
            x[i] = (x[i] - dot(a + i * n + i + 1, x + i + 1, n - i - 1)) / a[i * n + i];
        for (int64_t i = 0; i < n; ++i) b[i * nrhs + c] = x[i];
    }
    free(x);
}

// Blocked right-looking Cholesky of the n x n matrix a (lower triangle read); info code.
struct Trsm21Job {
    double *a;
    int64_t n, k0, nb;
};

void cholesky_panel_rows(void *ctx, int64_t begin, int64_t end) {
    // rows of A21 <- A21 L11^-T: x[j] = (x[j] - x[:j] . L11[j, :j]) / L11[j][j]
    const Trsm21Job &t = *static_cast<const Trsm21Job *>(ctx);
    const double *l11 = t.a + t.k0 * t.n + t.k0;
    for (int64_t r = begin; r < end; ++r) {
        double *x = t.a + (t.k0 + t.nb + r) * t.n + t.k0;
        for (int64_t j = 0; j < t.nb; ++j) x[j] = (x[j] - dot(x, l11 + j * t.n, j)) / l11[j * t.n + j];
    }
}

int64_t cholesky_blocked(double *a, int64_t n, int nthreads) {
    if (n >= SMALL_N) {
        for (int64_t k0 = 0; k0 < n; k0 += NB) {
            const int64_t nb = min64(NB, n - k0), rest = n - k0 - nb;
            double *a11 = a + k0 * n + k0;
            const int64_t code = cholesky_crout(a11, n, nb);
            if (code != 0) return k0 + code;
            if (rest == 0) break;
            Trsm21Job job = {a, n, k0, nb};
            const int64_t chunks =
                nthreads > 1 && rest * nb * nb >= GEMM_PARALLEL_MIN_WORK ? min64(nthreads, rest / 16) : 1;
            run_split(rest, chunks, cholesky_panel_rows, &job);
            // A22 -= L21 L21^T on and below the diagonal, in column blocks of NB
            double *l21 = a11 + nb * n;
            for (int64_t jb = 0; jb < rest; jb += NB) {
                const int64_t jw = min64(NB, rest - jb);
                gemm_sub(rest - jb, jw, nb, l21 + jb * n, n, 1, l21 + jb * n, 1, n,
                         l21 + jb * n + nb + jb, n, nthreads);
            }
        }
    } else {
        const int64_t code = cholesky_crout(a, n, n);
        if (code != 0) return code;
    }
    for (int64_t i = 0; i < n; ++i)
        for (int64_t k = i + 1; k < n; ++k) a[i * n + k] = 0;
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Per matrix, batch and the entry point.
// ---------------------------------------------------------------------------------------------

// The float64 algorithms are blocked; complex128 runs the unblocked loops.
int64_t lu_factor_matrix(double *a, int64_t n, int64_t *piv, int nthreads) {
    return lu_blocked(a, n, piv, nthreads);
}
int64_t lu_factor_matrix(cplx *a, int64_t n, int64_t *piv, int) {
    return lu_unblocked(a, n, n, 0, n, n, piv);
}
void lu_solve_matrix(const double *a, int64_t n, const int64_t *piv, double *b, int64_t nrhs,
                     int64_t c0, int64_t c1) {
    lu_solve_block(a, n, piv, b, nrhs, c0, c1);
}
void lu_solve_matrix(const cplx *a, int64_t n, const int64_t *piv, cplx *b, int64_t nrhs,
                     int64_t c0, int64_t c1) {
    lu_solve_rows(a, n, piv, b, nrhs, c0, c1);
}
int64_t cholesky_matrix(double *a, int64_t n, int nthreads) {
    return cholesky_blocked(a, n, nthreads);
}
int64_t cholesky_matrix(cplx *a, int64_t n, int) {
    const int64_t code = cholesky_crout(a, n, n);
    if (code == 0)
        for (int64_t i = 0; i < n; ++i)
            for (int64_t k = i + 1; k < n; ++k) set_zero(a + i * n + k);
    return code;
}

// ---------------------------------------------------------------------------------------------
// The decompositions, one file each (they see everything above).
// ---------------------------------------------------------------------------------------------

#include "qr_impl.hpp"
#include "eigh_impl.hpp"
#include "eig_impl.hpp"
#include "svd_impl.hpp"

// Matrix i of the batch for the decompositions: every array advanced to its own slice.
template <class T>
void decompose_one(int op, const arrpy_linalg_args *args, int64_t i, int nthreads) {
    const int64_t m = args->m, n = args->n, k = min64(m, n);
    T *a = reinterpret_cast<T *>(args->a) + i * m * n;
    T *tau = args->tau ? reinterpret_cast<T *>(args->tau) + i * k : nullptr;
    if (op == ARRPY_QR) {
        qr_matrix(a, m, n, tau, nthreads);
    } else if (op == ARRPY_QR_Q) {
        qr_q_matrix(a, m, n, tau, reinterpret_cast<T *>(args->u) + i * m * args->ucols,
                    args->ucols, nthreads);
    } else if (op == ARRPY_EIGH) {
        T *u = args->u ? reinterpret_cast<T *>(args->u) + i * n * n : nullptr;
        args->info[i] = eigh_matrix(a, n, reinterpret_cast<double *>(args->w) + i * n, u,
                                    nthreads);
    } else if (op == ARRPY_EIG) {
        cplx *u = args->u ? reinterpret_cast<cplx *>(args->u) + i * n * n : nullptr;
        args->info[i] = eig_matrix(a, n, reinterpret_cast<cplx *>(args->w) + i * n, u,
                                   nthreads);
    } else {  // ARRPY_SVD
        T *u = args->u ? reinterpret_cast<T *>(args->u) + i * m * args->ucols : nullptr;
        T *vt = args->vt ? reinterpret_cast<T *>(args->vt) + i * args->vtrows * n : nullptr;
        args->info[i] = svd_matrix(a, m, n, reinterpret_cast<double *>(args->w) + i * k, u,
                                   args->ucols, vt, args->vtrows, nthreads);
    }
}

// The first `cols` columns of the rows x rows identity, at p (rows x cols).
template <class T>
void write_identity(T *p, int64_t rows, int64_t cols) {
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) {
            set_zero(p + r * cols + c);
            if (r == c) set_real(p + r * cols + c, 1.0);
        }
}

// Empty matrices (m or n is 0): no values, and the orthonormal factors are identities.
template <class T>
void decompose_empty(int op, const arrpy_linalg_args *args) {
    const int64_t m = args->m, n = args->n;
    for (int64_t i = 0; i < args->count; ++i) {
        if (args->info) args->info[i] = 0;
        if ((op == ARRPY_QR_Q || op == ARRPY_SVD) && args->u)
            write_identity(reinterpret_cast<T *>(args->u) + i * m * args->ucols, m, args->ucols);
        if (op == ARRPY_SVD && args->vt)
            write_identity(reinterpret_cast<T *>(args->vt) + i * args->vtrows * n, args->vtrows,
                           n);
    }
}

template <class T>
struct SolveJob {
    const T *a;
    int64_t n;
    const int64_t *piv;
    T *b;
    int64_t nrhs;
};

template <class T>
void solve_cols(void *ctx, int64_t begin, int64_t end) {  // units of NR columns
    const SolveJob<T> &s = *static_cast<const SolveJob<T> *>(ctx);
    lu_solve_matrix(s.a, s.n, s.piv, s.b, s.nrhs, begin * NR, min64(s.nrhs, end * NR));
}

template <class T>
void one_matrix(int op, T *a, const arrpy_linalg_args *args, int64_t m, int nthreads) {
    if (op >= ARRPY_QR) {
        decompose_one<T>(op, args, m, nthreads);
        return;
    }
    const int64_t n = args->n;
    T *am = a + m * n * n;
    if (op == ARRPY_LU_FACTOR) {
        args->info[m] = lu_factor_matrix(am, n, args->pivots + m * n, nthreads);
    } else if (op == ARRPY_LU_SOLVE) {
        const int64_t nrhs = args->nrhs;
        if (nrhs <= 0) return;
        SolveJob<T> job = {am, n, args->pivots + m * n,
                           reinterpret_cast<T *>(args->b) + m * n * nrhs, nrhs};
        // the right-hand sides are independent: column chunks (multiples of NR) per thread
        const int64_t units = (nrhs + NR - 1) / NR;
        const int64_t chunks =
            nthreads > 1 && n * n * nrhs >= GEMM_PARALLEL_MIN_WORK ? min64(nthreads, units) : 1;
        run_split(units, chunks, solve_cols<T>, &job);
    } else {
        args->info[m] = cholesky_matrix(am, n, nthreads);
    }
}

template <class T>
struct BatchJob {
    int op;
    T *a;
    const arrpy_linalg_args *args;
};

template <class T>
void batch_range(void *ctx, int64_t begin, int64_t end) {
    const BatchJob<T> &j = *static_cast<const BatchJob<T> *>(ctx);
    for (int64_t m = begin; m < end; ++m) one_matrix(j.op, j.a, j.args, m, 1);
}

template <class T>
void run_batch(int op, T *a, const arrpy_linalg_args *args) {
    const int64_t count = args->count, n = args->n;
    const int nthreads = arrpy::pool::num_threads();
    // Many small matrices: one per thread. Large ones: one after the other, threads inside.
    if (nthreads > 1 && count >= 2 && n <= 128 &&
        count * n * n * (n + args->nrhs) >= GEMM_PARALLEL_MIN_WORK) {
        BatchJob<T> job = {op, a, args};
        run_split(count, min64(count, 4 * int64_t(nthreads)), batch_range<T>, &job);
        return;
    }
    for (int64_t m = 0; m < count; ++m) one_matrix(op, a, args, m, nthreads);
}

}  // namespace

int linalg_nd(int op, int dtype, const arrpy_linalg_args *args) {
    if (op < 0 || op >= ARRPY_NUM_LINALG_OPS ||
        (dtype != ARRPY_FLOAT64 && dtype != ARRPY_COMPLEX128))
        return ARRPY_STATUS_UNSUPPORTED;
    if (args->count <= 0) return 0;
    if (op >= ARRPY_QR && (args->m <= 0 || args->n <= 0)) {
        if (dtype == ARRPY_FLOAT64)
            decompose_empty<double>(op, args);
        else
            decompose_empty<cplx>(op, args);
        return 0;
    }
    if (args->n <= 0) {  // empty matrices: factored, nothing to solve
        if (op != ARRPY_LU_SOLVE)
            for (int64_t m = 0; m < args->count; ++m) args->info[m] = 0;
        return 0;
    }
    if (dtype == ARRPY_FLOAT64)
        run_batch(op, reinterpret_cast<double *>(args->a), args);
    else
        run_batch(op, reinterpret_cast<cplx *>(args->a), args);
    return 0;
}

}  // namespace ARRPY_KERNEL_NS
