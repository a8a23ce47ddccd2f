// Matrix-product building blocks, compiled once per SIMD flavour (matmul_table.hpp lists them;
// matmul_dispatch.cpp owns the blocking loops, the buffers and the threads).
//
// No include guard around the body on purpose (as reduce_impl.hpp): a translation unit defines
//   ARRPY_KERNEL_NS    the namespace of this flavour (arrpy_mm_avx512, arrpy_mm_avx2,
//                      arrpy_mm_scalar)
//   ARRPY_SIMD_BYTES   64 for the AVX-512 micro-kernels, 32 for AVX2+FMA, 0 for plain C++ loops
// and includes it; it defines ARRPY_KERNEL_NS::get_matmul_table(). Everything else has internal
// linkage and only builtins and C functions are called (no library templates: nothing compiled
// with -mavx2 can be merged by the linker into code that runs without AVX2).
//
// The real (float32 / float64) GEMM is the BLIS / Goto scheme: the dispatcher packs A into
// MR-row micro-panels and B into NR-column micro-panels (pack_a / pack_b read any strides, so a
// transposed view costs nothing extra), and macro() runs the register-blocked micro-kernel over
// every MR x NR tile of a block of C:
//   AVX-512: 14 x 16 float64 / 14 x 32 float32 (28 zmm accumulators); partial tiles use the
//     4-, 8- or 14-row and one- or two-vector variant with masked loads and stores of C. The same
//     kernels also run on A and B in place ("sup", no packing) for small row-contiguous operands.
//   AVX2+FMA: 6 x 8 float64 (12 ymm accumulators: 6 rows x 2 vectors of 4), 6 x 16 float32; per
//     step of k two vector loads of B, six broadcasts of A and twelve FMAs.
//   scalar:   4 x 4 float64, 4 x 8 float32 in plain loops the compiler keeps in registers (and
//     vectorises with the baseline ISA: SSE2 / NEON).
// Edge tiles (m or n not a multiple of the tile) and a C whose columns are not contiguous go
// through a small tile buffer. Matrix-vector products (m == 1 or n == 1) skip packing: gemv()
// runs dot products over contiguous rows or column updates over contiguous columns.
// bool products: NumPy's early exit at the first true term, eight terms per 64-bit AND.
// Integer products: blocked i-p-j loops over a packed block of B converted to an
// unsigned type at least as wide as unsigned int (so products wrap without signed-overflow UB),
// whole rows of C accumulated in a buffer with contiguous inner loops the compiler vectorises.

#if !defined(ARRPY_KERNEL_NS) || !defined(ARRPY_SIMD_BYTES)
#error "define ARRPY_KERNEL_NS and ARRPY_SIMD_BYTES before including matmul_impl.hpp"
#endif

#include <stdint.h>
#include <stdlib.h>

#include <type_traits>

#include "matmul_table.hpp"

#if ARRPY_SIMD_BYTES >= 32
#include <immintrin.h>
#endif

namespace ARRPY_KERNEL_NS {
namespace {

template <class T>
inline T ld(const char *p) {
    T v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
template <class T>
inline void st(char *p, T v) {
    __builtin_memcpy(p, &v, sizeof v);
}
inline int64_t imin(int64_t a, int64_t b) { return a < b ? a : b; }

// ---------------------------------------------------------------------------------------------
// Micro-kernels: C[0:MR, 0:NR] (=, or += when acc) sum over p of A[p * MR + r] * B[p * NR + c];
// C's rows are c + r * rs (bytes), its columns contiguous.

// Portable: an accumulator tile the compiler keeps in registers.
template <class T, int MR, int NR>
inline void uk_generic(int64_t kc, const T *__restrict A, const T *__restrict B, char *c,
                       int64_t rs, int acc) {
    T ab[MR][NR];
    for (int i = 0; i < MR; ++i)
        for (int j = 0; j < NR; ++j) ab[i][j] = T(0);
    for (int64_t p = 0; p < kc; ++p) {
        for (int i = 0; i < MR; ++i) {
            const T a = A[i];
            for (int j = 0; j < NR; ++j) ab[i][j] += a * B[j];
        }
        A += MR;
        B += NR;
    }
    for (int i = 0; i < MR; ++i) {
        T *row = reinterpret_cast<T *>(c + i * rs);
        if (acc)
            for (int j = 0; j < NR; ++j) row[j] += ab[i][j];
        else
            for (int j = 0; j < NR; ++j) row[j] = ab[i][j];
    }
}

#if ARRPY_SIMD_BYTES == 32
// 6 x 8 float64: rows of C are two ymm each.
inline void uk_d6x8(int64_t kc, const double *__restrict A, const double *__restrict B, char *c,
                    int64_t rs, int acc) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    __m256d c40 = _mm256_setzero_pd(), c41 = _mm256_setzero_pd();
    __m256d c50 = _mm256_setzero_pd(), c51 = _mm256_setzero_pd();
    for (int i = 0; i < 6; ++i) _mm_prefetch(reinterpret_cast<const char *>(c + i * rs), _MM_HINT_T0);
#pragma GCC unroll 4
    for (int64_t p = 0; p < kc; ++p) {
        const __m256d b0 = _mm256_load_pd(B), b1 = _mm256_load_pd(B + 4);
        __m256d a;
        a = _mm256_broadcast_sd(A + 0);
        c00 = _mm256_fmadd_pd(a, b0, c00);
        c01 = _mm256_fmadd_pd(a, b1, c01);
        a = _mm256_broadcast_sd(A + 1);
        c10 = _mm256_fmadd_pd(a, b0, c10);
        c11 = _mm256_fmadd_pd(a, b1, c11);
        a = _mm256_broadcast_sd(A + 2);
        c20 = _mm256_fmadd_pd(a, b0, c20);
        c21 = _mm256_fmadd_pd(a, b1, c21);
        a = _mm256_broadcast_sd(A + 3);
        c30 = _mm256_fmadd_pd(a, b0, c30);
        c31 = _mm256_fmadd_pd(a, b1, c31);
        a = _mm256_broadcast_sd(A + 4);
        c40 = _mm256_fmadd_pd(a, b0, c40);
        c41 = _mm256_fmadd_pd(a, b1, c41);
        a = _mm256_broadcast_sd(A + 5);
        c50 = _mm256_fmadd_pd(a, b0, c50);
        c51 = _mm256_fmadd_pd(a, b1, c51);
        A += 6;
        B += 8;
    }
#define ARRPY_MM_STORE_D(i, x0, x1)                                      \
    do {                                                                 \
        double *row = reinterpret_cast<double *>(c + (i) * rs);          \
        if (acc) {                                                       \
            x0 = _mm256_add_pd(_mm256_loadu_pd(row), x0);                \
            x1 = _mm256_add_pd(_mm256_loadu_pd(row + 4), x1);            \
        }                                                                \
        _mm256_storeu_pd(row, x0);                                       \
        _mm256_storeu_pd(row + 4, x1);                                   \
    } while (0)
    ARRPY_MM_STORE_D(0, c00, c01);
    ARRPY_MM_STORE_D(1, c10, c11);
    ARRPY_MM_STORE_D(2, c20, c21);
    ARRPY_MM_STORE_D(3, c30, c31);
    ARRPY_MM_STORE_D(4, c40, c41);
    ARRPY_MM_STORE_D(5, c50, c51);
#undef ARRPY_MM_STORE_D
}

// 6 x 16 float32: rows of C are two ymm each.
inline void uk_s6x16(int64_t kc, const float *__restrict A, const float *__restrict B, char *c,
                     int64_t rs, int acc) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (int i = 0; i < 6; ++i) _mm_prefetch(reinterpret_cast<const char *>(c + i * rs), _MM_HINT_T0);
#pragma GCC unroll 4
    for (int64_t p = 0; p < kc; ++p) {
        const __m256 b0 = _mm256_load_ps(B), b1 = _mm256_load_ps(B + 8);
        __m256 a;
        a = _mm256_broadcast_ss(A + 0);
        c00 = _mm256_fmadd_ps(a, b0, c00);
        c01 = _mm256_fmadd_ps(a, b1, c01);
        a = _mm256_broadcast_ss(A + 1);
        c10 = _mm256_fmadd_ps(a, b0, c10);
        c11 = _mm256_fmadd_ps(a, b1, c11);
        a = _mm256_broadcast_ss(A + 2);
        c20 = _mm256_fmadd_ps(a, b0, c20);
        c21 = _mm256_fmadd_ps(a, b1, c21);
        a = _mm256_broadcast_ss(A + 3);
        c30 = _mm256_fmadd_ps(a, b0, c30);
        c31 = _mm256_fmadd_ps(a, b1, c31);
        a = _mm256_broadcast_ss(A + 4);
        c40 = _mm256_fmadd_ps(a, b0, c40);
        c41 = _mm256_fmadd_ps(a, b1, c41);
        a = _mm256_broadcast_ss(A + 5);
        c50 = _mm256_fmadd_ps(a, b0, c50);
        c51 = _mm256_fmadd_ps(a, b1, c51);
        A += 6;
        B += 16;
    }
#define ARRPY_MM_STORE_S(i, x0, x1)                                      \
    do {                                                                 \
        float *row = reinterpret_cast<float *>(c + (i) * rs);            \
        if (acc) {                                                       \
            x0 = _mm256_add_ps(_mm256_loadu_ps(row), x0);                \
            x1 = _mm256_add_ps(_mm256_loadu_ps(row + 8), x1);            \
        }                                                                \
        _mm256_storeu_ps(row, x0);                                       \
        _mm256_storeu_ps(row + 8, x1);                                   \
    } while (0)
    ARRPY_MM_STORE_S(0, c00, c01);
    ARRPY_MM_STORE_S(1, c10, c11);
    ARRPY_MM_STORE_S(2, c20, c21);
    ARRPY_MM_STORE_S(3, c30, c31);
    ARRPY_MM_STORE_S(4, c40, c41);
    ARRPY_MM_STORE_S(5, c50, c51);
#undef ARRPY_MM_STORE_S
}
#endif

#if ARRPY_SIMD_BYTES == 64
// AVX-512: 14 x 16 float64 / 14 x 32 float32, 28 zmm accumulators (14 rows x 2 vectors; with the
// two vectors of B and a broadcast of A, 31 of the 32 registers); per step of k two vector loads
// of B and fourteen broadcasts of A, so the two FMA ports, not the loads, are the limit.
// (Measured at 100 x 100 float64: 14 rows 22.7 us, 12 rows 23.5 us, 8 rows 23.8 us.)
constexpr int kZR = 14;
template <class T> struct Z;
template <> struct Z<double> {
    typedef __m512d V;
    static constexpr int L = 8;
    static inline V zero() { return _mm512_setzero_pd(); }
    static inline V load(const double *p) { return _mm512_load_pd(p); }
    static inline V loadu(unsigned m, const double *p) { return _mm512_maskz_loadu_pd(__mmask8(m), p); }
    static inline void storeu(double *p, unsigned m, V v) { _mm512_mask_storeu_pd(p, __mmask8(m), v); }
    static inline V bcast(const double *p) { return _mm512_set1_pd(*p); }
    static inline V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
    static inline V add(V a, V b) { return _mm512_add_pd(a, b); }
};
template <> struct Z<float> {
    typedef __m512 V;
    static constexpr int L = 16;
    static inline V zero() { return _mm512_setzero_ps(); }
    static inline V load(const float *p) { return _mm512_load_ps(p); }
    static inline V loadu(unsigned m, const float *p) { return _mm512_maskz_loadu_ps(__mmask16(m), p); }
    static inline void storeu(float *p, unsigned m, V v) { _mm512_mask_storeu_ps(p, __mmask16(m), v); }
    static inline V bcast(const float *p) { return _mm512_set1_ps(*p); }
    static inline V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
    static inline V add(V a, V b) { return _mm512_add_ps(a, b); }
};

// R rows (of the kZR a packed panel holds) x NV vectors; only rows < mr and columns < nr of C are
// read and written (masked loads and stores), so the edge tiles of C need no tile buffer and
// cost only the rows and vectors they have (100 x 100: 104 columns computed, not 112).
template <class T, int R, int NV>
inline void uk_z(int64_t kc, const T *__restrict A, const T *__restrict B, char *c, int64_t rs,
                 int acc, int mr, int nr) {
    typedef Z<T> S;
    typedef typename S::V V;
    constexpr int L = S::L;
    V c0[R], c1[R];
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i) {
        c0[i] = S::zero();
        c1[i] = S::zero();
        if (i < mr) _mm_prefetch(reinterpret_cast<const char *>(c + i * rs), _MM_HINT_T0);
    }
#pragma GCC unroll 2
    for (int64_t p = 0; p < kc; ++p) {
        const V b0 = S::load(B);
        const V b1 = NV == 2 ? S::load(B + L) : b0;
#pragma GCC unroll 16
        for (int i = 0; i < R; ++i) {
            const V a = S::bcast(A + i);
            c0[i] = S::fma(a, b0, c0[i]);
            if (NV == 2) c1[i] = S::fma(a, b1, c1[i]);
        }
        A += kZR;
        B += 2 * L;
    }
    const unsigned m0 = nr >= L ? (1u << L) - 1 : (1u << nr) - 1;
    const unsigned m1 = nr >= 2 * L ? (1u << L) - 1 : nr > L ? (1u << (nr - L)) - 1 : 0u;
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i) {
        if (i >= mr) break;
        T *row = reinterpret_cast<T *>(c + i * rs);
        V x0 = c0[i];
        if (acc) x0 = S::add(S::loadu(m0, row), x0);
        S::storeu(row, m0, x0);
        if (NV == 2) {
            V x1 = c1[i];
            if (acc) x1 = S::add(S::loadu(m1, row + L), x1);
            S::storeu(row + L, m1, x1);
        }
    }
}

// The kernel for an mr x nr tile (mr <= kZR, nr <= 2 L) of a C with contiguous rows.
template <class T>
inline void uk_z_any(int64_t kc, const T *A, const T *B, char *c, int64_t rs, int acc, int mr,
                     int nr) {
    constexpr int L = Z<T>::L;
    if (nr > L) {
        if (mr > 8) uk_z<T, kZR, 2>(kc, A, B, c, rs, acc, mr, nr);
        else if (mr > 4) uk_z<T, 8, 2>(kc, A, B, c, rs, acc, mr, nr);
        else uk_z<T, 4, 2>(kc, A, B, c, rs, acc, mr, nr);
    } else {
        if (mr > 8) uk_z<T, kZR, 1>(kc, A, B, c, rs, acc, mr, nr);
        else if (mr > 4) uk_z<T, 8, 1>(kc, A, B, c, rs, acc, mr, nr);
        else uk_z<T, 4, 1>(kc, A, B, c, rs, acc, mr, nr);
    }
}
#endif

#if ARRPY_SIMD_BYTES == 64
// Small products without packing (BLIS calls these "sup"): A, B and C with contiguous rows are
// read in place. An R x NV-vector tile reads R rows of A (rows past mr repeat the last one; their
// results are not stored) and NV vectors of each row of B (masked past nr).
template <class T, int R, int NV>
inline void uk_sup(int64_t k, const char *a, int64_t a_rs, const char *b, int64_t b_rs, char *c,
                   int64_t c_rs, int acc, int mr, int nr) {
    typedef Z<T> S;
    typedef typename S::V V;
    constexpr int L = S::L;
    const unsigned m0 = nr >= L ? (1u << L) - 1 : (1u << nr) - 1;
    const unsigned m1 = nr >= 2 * L ? (1u << L) - 1 : nr > L ? (1u << (nr - L)) - 1 : 0u;
    const T *ar[R];
    V c0[R], c1[R];
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i) {
        ar[i] = reinterpret_cast<const T *>(a + (i < mr ? i : mr - 1) * a_rs);
        c0[i] = S::zero();
        c1[i] = S::zero();
    }
    for (int64_t p = 0; p < k; ++p) {
        const T *brow = reinterpret_cast<const T *>(b + p * b_rs);
        const V b0 = S::loadu(m0, brow);
        const V b1 = NV == 2 ? S::loadu(m1, brow + L) : b0;
#pragma GCC unroll 16
        for (int i = 0; i < R; ++i) {
            const V x = S::bcast(ar[i] + p);
            c0[i] = S::fma(x, b0, c0[i]);
            if (NV == 2) c1[i] = S::fma(x, b1, c1[i]);
        }
    }
#pragma GCC unroll 16
    for (int i = 0; i < R; ++i) {
        if (i >= mr) break;
        T *row = reinterpret_cast<T *>(c + i * c_rs);
        V x0 = c0[i];
        if (acc) x0 = S::add(S::loadu(m0, row), x0);
        S::storeu(row, m0, x0);
        if (NV == 2) {
            V x1 = c1[i];
            if (acc) x1 = S::add(S::loadu(m1, row + L), x1);
            S::storeu(row + L, m1, x1);
        }
    }
}

// Columns [j0, j1) of C = A @ B (+ C when accumulate); rows of A, B and C contiguous.
template <class T>
void sup(int64_t m, int64_t j0, int64_t j1, int64_t k, const char *a, int64_t a_rs,
         const char *b, int64_t b_rs, char *c, int64_t c_rs, int accumulate) {
    constexpr int L = Z<T>::L;
    for (; j0 < j1; j0 += 2 * L) {
        const int nr = static_cast<int>(imin(2 * L, j1 - j0));
        const char *bj = b + j0 * static_cast<int64_t>(sizeof(T));
        char *cj = c + j0 * static_cast<int64_t>(sizeof(T));
        for (int64_t i0 = 0; i0 < m; i0 += kZR) {
            const int mr = static_cast<int>(imin(kZR, m - i0));
            const char *ai = a + i0 * a_rs;
            char *ci = cj + i0 * c_rs;
            if (nr > L) {
                if (mr > 8) uk_sup<T, kZR, 2>(k, ai, a_rs, bj, b_rs, ci, c_rs, accumulate, mr, nr);
                else if (mr > 4) uk_sup<T, 8, 2>(k, ai, a_rs, bj, b_rs, ci, c_rs, accumulate, mr, nr);
                else uk_sup<T, 4, 2>(k, ai, a_rs, bj, b_rs, ci, c_rs, accumulate, mr, nr);
            } else {
                if (mr > 8) uk_sup<T, kZR, 1>(k, ai, a_rs, bj, b_rs, ci, c_rs, accumulate, mr, nr);
                else if (mr > 4) uk_sup<T, 8, 1>(k, ai, a_rs, bj, b_rs, ci, c_rs, accumulate, mr, nr);
                else uk_sup<T, 4, 1>(k, ai, a_rs, bj, b_rs, ci, c_rs, accumulate, mr, nr);
            }
        }
    }
}
#endif

// The micro-kernel and tile of each real type in this flavour.
template <class T> struct Micro;
#if ARRPY_SIMD_BYTES == 64
template <> struct Micro<double> {
    static constexpr int MR = kZR, NR = 16;
    static constexpr bool kEdge = true;  // edge() handles partial tiles of a row-contiguous C
    static inline void run(int64_t kc, const double *A, const double *B, char *c, int64_t rs,
                           int acc) {
        uk_z<double, kZR, 2>(kc, A, B, c, rs, acc, kZR, 16);
    }
    static inline void edge(int64_t kc, const double *A, const double *B, char *c, int64_t rs,
                            int acc, int mr, int nr) {
        uk_z_any<double>(kc, A, B, c, rs, acc, mr, nr);
    }
};
template <> struct Micro<float> {
    static constexpr int MR = kZR, NR = 32;
    static constexpr bool kEdge = true;
    static inline void run(int64_t kc, const float *A, const float *B, char *c, int64_t rs,
                           int acc) {
        uk_z<float, kZR, 2>(kc, A, B, c, rs, acc, kZR, 32);
    }
    static inline void edge(int64_t kc, const float *A, const float *B, char *c, int64_t rs,
                            int acc, int mr, int nr) {
        uk_z_any<float>(kc, A, B, c, rs, acc, mr, nr);
    }
};
#elif ARRPY_SIMD_BYTES == 32
template <> struct Micro<double> {
    static constexpr int MR = 6, NR = 8;
    static constexpr bool kEdge = false;
    static inline void edge(int64_t, const double *, const double *, char *, int64_t, int, int,
                            int) {}
    static inline void run(int64_t kc, const double *A, const double *B, char *c, int64_t rs,
                           int acc) {
        uk_d6x8(kc, A, B, c, rs, acc);
    }
};
template <> struct Micro<float> {
    static constexpr int MR = 6, NR = 16;
    static constexpr bool kEdge = false;
    static inline void edge(int64_t, const float *, const float *, char *, int64_t, int, int,
                            int) {}
    static inline void run(int64_t kc, const float *A, const float *B, char *c, int64_t rs,
                           int acc) {
        uk_s6x16(kc, A, B, c, rs, acc);
    }
};
#else
template <> struct Micro<double> {
    static constexpr int MR = 4, NR = 4;
    static constexpr bool kEdge = false;
    static inline void edge(int64_t, const double *, const double *, char *, int64_t, int, int,
                            int) {}
    static inline void run(int64_t kc, const double *A, const double *B, char *c, int64_t rs,
                           int acc) {
        uk_generic<double, 4, 4>(kc, A, B, c, rs, acc);
    }
};
template <> struct Micro<float> {
    static constexpr int MR = 4, NR = 8;
    static constexpr bool kEdge = false;
    static inline void edge(int64_t, const float *, const float *, char *, int64_t, int, int,
                            int) {}
    static inline void run(int64_t kc, const float *A, const float *B, char *c, int64_t rs,
                           int acc) {
        uk_generic<float, 4, 8>(kc, A, B, c, rs, acc);
    }
};
#endif

// ---------------------------------------------------------------------------------------------
// Packing.

template <class T>
void pack_a(int64_t mc, int64_t kc, const char *a, int64_t rs, int64_t cs, void *dst,
            int negate) {
    constexpr int MR = Micro<T>::MR;
    constexpr int64_t sz = sizeof(T);
    T *d = static_cast<T *>(dst);
    for (int64_t i0 = 0; i0 < mc; i0 += MR, d += MR * kc) {
        const int64_t rows = imin(MR, mc - i0);
        const char *ap = a + i0 * rs;
        if (rows == MR && cs == sz) {
            // Rows of A contiguous (C order): MR row streams read side by side.
            const T *rp[MR];
            for (int r = 0; r < MR; ++r) rp[r] = reinterpret_cast<const T *>(ap + r * rs);
            for (int64_t p = 0; p < kc; ++p)
                for (int r = 0; r < MR; ++r) d[p * MR + r] = rp[r][p];
        } else if (rows == MR && rs == sz) {
            // Columns contiguous (a transposed view): each step of k is MR adjacent elements.
            for (int64_t p = 0; p < kc; ++p) {
                const T *col = reinterpret_cast<const T *>(ap + p * cs);
                for (int r = 0; r < MR; ++r) d[p * MR + r] = col[r];
            }
        } else {
            for (int64_t p = 0; p < kc; ++p) {
                for (int r = 0; r < rows; ++r) d[p * MR + r] = ld<T>(ap + r * rs + p * cs);
                for (int r = static_cast<int>(rows); r < MR; ++r) d[p * MR + r] = T(0);
            }
        }
        if (negate)
            for (int64_t x = 0; x < MR * kc; ++x) d[x] = -d[x];
    }
}

template <class T>
void pack_b(int64_t kc, int64_t nc, const char *b, int64_t rs, int64_t cs, void *dst) {
    constexpr int NR = Micro<T>::NR;
    constexpr int64_t sz = sizeof(T);
    T *d = static_cast<T *>(dst);
    for (int64_t j0 = 0; j0 < nc; j0 += NR, d += NR * kc) {
        const int64_t cols = imin(NR, nc - j0);
        const char *bp = b + j0 * cs;
        if (cols == NR && cs == sz) {
            // Rows of B contiguous (C order): each step of k copies NR adjacent elements.
            for (int64_t p = 0; p < kc; ++p) {
                const T *row = reinterpret_cast<const T *>(bp + p * rs);
                for (int c = 0; c < NR; ++c) d[p * NR + c] = row[c];
            }
        } else if (cols == NR && rs == sz) {
            // Columns contiguous (a transposed view): NR column streams.
            for (int c = 0; c < NR; ++c) {
                const T *col = reinterpret_cast<const T *>(bp + c * cs);
                for (int64_t p = 0; p < kc; ++p) d[p * NR + c] = col[p];
            }
        } else {
            for (int64_t p = 0; p < kc; ++p) {
                for (int c = 0; c < cols; ++c) d[p * NR + c] = ld<T>(bp + p * rs + c * cs);
                for (int c = static_cast<int>(cols); c < NR; ++c) d[p * NR + c] = T(0);
            }
        }
    }
}

template <class T>
void macro(int64_t mc, int64_t nc, int64_t kc, const void *ap, const void *bp, char *c,
           int64_t c_rs, int64_t c_cs, int accumulate) {
    constexpr int MR = Micro<T>::MR, NR = Micro<T>::NR;
    constexpr int64_t sz = sizeof(T);
    alignas(64) T tile[MR * NR];
    const T *A0 = static_cast<const T *>(ap);
    const T *B0 = static_cast<const T *>(bp);
    for (int64_t j0 = 0; j0 < nc; j0 += NR) {
        const T *B = B0 + (j0 / NR) * kc * NR;
        const int64_t nr = imin(NR, nc - j0);
        for (int64_t i0 = 0; i0 < mc; i0 += MR) {
            const T *A = A0 + (i0 / MR) * kc * MR;
            const int64_t mr = imin(MR, mc - i0);
            char *cc = c + i0 * c_rs + j0 * c_cs;
            if (mr == MR && nr == NR && c_cs == sz) {
                Micro<T>::run(kc, A, B, cc, c_rs, accumulate);
                continue;
            }
            if (Micro<T>::kEdge && c_cs == sz) {
                Micro<T>::edge(kc, A, B, cc, c_rs, accumulate, static_cast<int>(mr),
                               static_cast<int>(nr));
                continue;
            }
            Micro<T>::run(kc, A, B, reinterpret_cast<char *>(tile), NR * sz, 0);
            for (int64_t i = 0; i < mr; ++i)
                for (int64_t j = 0; j < nr; ++j) {
                    char *e = cc + i * c_rs + j * c_cs;
                    const T v = tile[i * NR + j];
                    st<T>(e, accumulate ? ld<T>(e) + v : v);
                }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Matrix-vector products.

// sum_p a[p] * x[p] over contiguous a and x: 16 independent lanes (vectorised without
// reassociating anything), then the lanes pairwise.
template <class T>
inline T dot(const T *__restrict a, const T *__restrict x, int64_t k) {
    T l[16];
    for (int j = 0; j < 16; ++j) l[j] = T(0);
    int64_t p = 0;
    for (; p + 16 <= k; p += 16)
        for (int j = 0; j < 16; ++j) l[j] += a[p + j] * x[p + j];
    for (int j = 0; p < k; ++p, ++j) l[j] += a[p] * x[p];
    for (int w = 8; w >= 1; w /= 2)
        for (int j = 0; j < w; ++j) l[j] += l[j + w];
    return l[0];
}

template <class T>
void gemv(int64_t rows, int64_t k, const char *mat, int64_t rs, int64_t cs, const void *xv,
          char *y, int64_t ys, int accumulate, int negate) {
    constexpr int64_t sz = sizeof(T);
    const T *x = static_cast<const T *>(xv);
    auto put = [&](int64_t r, T s) {
        char *e = y + r * ys;
        if (negate) s = -s;
        st<T>(e, accumulate ? ld<T>(e) + s : s);
    };
    if (cs == sz) {
        for (int64_t r = 0; r < rows; ++r)
            put(r, dot(reinterpret_cast<const T *>(mat + r * rs), x, k));
    } else if (rs == sz) {
        // Columns contiguous: y += M[:, p] * x[p], a block of rows at a time in a buffer.
        constexpr int64_t RB = 512;
        T buf[RB];
        for (int64_t r0 = 0; r0 < rows; r0 += RB) {
            const int64_t rb = imin(RB, rows - r0);
            for (int64_t r = 0; r < rb; ++r) buf[r] = T(0);
            for (int64_t p = 0; p < k; ++p) {
                const T *col = reinterpret_cast<const T *>(mat + r0 * rs + p * cs);
                const T xp = x[p];
                for (int64_t r = 0; r < rb; ++r) buf[r] += col[r] * xp;
            }
            for (int64_t r = 0; r < rb; ++r) put(r0 + r, buf[r]);
        }
    } else {
        for (int64_t r = 0; r < rows; ++r) {
            T s = T(0);
            for (int64_t p = 0; p < k; ++p) s += ld<T>(mat + r * rs + p * cs) * x[p];
            put(r, s);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Direct products (no packing of A).

// Integers and bool. S: the stored type; U: the unsigned type products are computed in.
template <class S, bool IS_BOOL>
void int_direct(int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
                const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs, int64_t c_cs) {
    typedef typename std::make_unsigned<S>::type US;
    typedef typename std::conditional<(sizeof(US) < sizeof(unsigned)), unsigned, US>::type U;
    // B in blocks of KB x NB converted to U (at most 128 KiB), C rows accumulated in acc.
    int64_t NB = 128, KB = 128;
    U *bp = static_cast<U *>(malloc(static_cast<size_t>(NB * KB) * sizeof(U)));
    U small[32 * 32];
    if (bp == nullptr) {
        NB = KB = 32;
        bp = small;
    }
    U acc[128];
    for (int64_t j0 = 0; j0 < n; j0 += NB) {
        const int64_t nb = imin(NB, n - j0);
        for (int64_t p0 = 0; p0 < k || p0 == 0; p0 += KB) {
            const int64_t kb = imin(KB, k - p0);
            for (int64_t p = 0; p < kb; ++p)
                for (int64_t j = 0; j < nb; ++j) {
                    const S v = ld<S>(b + (p0 + p) * b_rs + (j0 + j) * b_cs);
                    bp[p * nb + j] = IS_BOOL ? U(v != 0) : U(static_cast<US>(v));
                }
            for (int64_t i = 0; i < m; ++i) {
                char *crow = c + i * c_rs + j0 * c_cs;
                if (p0 == 0)
                    for (int64_t j = 0; j < nb; ++j) acc[j] = U(0);
                else
                    for (int64_t j = 0; j < nb; ++j) acc[j] = U(static_cast<US>(ld<S>(crow + j * c_cs)));
                const char *arow = a + i * a_rs + p0 * a_cs;
                for (int64_t p = 0; p < kb; ++p) {
                    const S av = ld<S>(arow + p * a_cs);
                    if (av == 0) continue;  // also what makes bool an OR of ANDs
                    const U *br = bp + p * nb;
                    if (IS_BOOL) {
                        for (int64_t j = 0; j < nb; ++j) acc[j] |= br[j];
                    } else {
                        const U u = U(static_cast<US>(av));
                        for (int64_t j = 0; j < nb; ++j) acc[j] += u * br[j];
                    }
                }
                for (int64_t j = 0; j < nb; ++j)
                    st<S>(crow + j * c_cs, static_cast<S>(static_cast<US>(acc[j])));
            }
            if (k == 0) break;
        }
    }
    if (bp != small) free(bp);
}

// bool: C[i][j] = OR over p of (A[i][p] && B[p][j]), the way NumPy's loop does it: stop at the
// first true term (random dense inputs: a handful of terms), but test eight terms per step as
// 64-bit words of 0/1 bytes: the row of A and, for a block of columns, B transposed, both packed
// as bytes (nonzero -> 1) with k cut into blocks of KB; an output already true skips later blocks.
void bool_direct(int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
                 const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs, int64_t c_cs) {
    constexpr int64_t KB = 2048, NB = 64;
    uint8_t *bt = static_cast<uint8_t *>(malloc(static_cast<size_t>(KB * NB + KB)));
    if (bt == nullptr) {  // no memory for the packs: the plain i-p-j loops
        int_direct<uint8_t, true>(m, n, k, a, a_rs, a_cs, b, b_rs, b_cs, c, c_rs, c_cs);
        return;
    }
    uint8_t *arow = bt + KB * NB;
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) st<uint8_t>(c + i * c_rs + j * c_cs, 0);
    for (int64_t j0 = 0; j0 < n; j0 += NB) {
        const int64_t nb = imin(NB, n - j0);
        for (int64_t p0 = 0; p0 < k; p0 += KB) {
            const int64_t kb = imin(KB, k - p0), words = (kb + 7) / 8;
            for (int64_t j = 0; j < nb; ++j) {
                uint8_t *col = bt + j * KB;
                for (int64_t p = 0; p < kb; ++p)
                    col[p] = ld<uint8_t>(b + (p0 + p) * b_rs + (j0 + j) * b_cs) != 0;
                for (int64_t p = kb; p < words * 8; ++p) col[p] = 0;
            }
            for (int64_t i = 0; i < m; ++i) {
                const char *ap = a + i * a_rs + p0 * a_cs;
                bool any_true = false;
                for (int64_t p = 0; p < kb; ++p) {
                    arow[p] = ld<uint8_t>(ap + p * a_cs) != 0;
                    any_true |= arow[p] != 0;
                }
                if (!any_true) continue;
                for (int64_t p = kb; p < words * 8; ++p) arow[p] = 0;
                char *crow = c + i * c_rs + j0 * c_cs;
                for (int64_t j = 0; j < nb; ++j) {
                    char *e = crow + j * c_cs;
                    if (ld<uint8_t>(e)) continue;
                    const uint8_t *col = bt + j * KB;
                    for (int64_t w = 0; w < words; ++w)
                        if (ld<uint64_t>(reinterpret_cast<const char *>(arow + 8 * w)) &
                            ld<uint64_t>(reinterpret_cast<const char *>(col + 8 * w))) {
                            st<uint8_t>(e, 1);
                            break;
                        }
                }
            }
        }
    }
    free(bt);
}

template <class T>
void float_direct(int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
                  const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs, int64_t c_cs) {
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            T s = T(0);
            for (int64_t p = 0; p < k; ++p)
                s += ld<T>(a + i * a_rs + p * a_cs) * ld<T>(b + p * b_rs + j * b_cs);
            st<T>(c + i * c_rs + j * c_cs, s);
        }
}

template <class R>
void complex_direct(int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs, int64_t a_cs,
                    const char *b, int64_t b_rs, int64_t b_cs, char *c, int64_t c_rs,
                    int64_t c_cs) {
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
            R sr = R(0), si = R(0);
            for (int64_t p = 0; p < k; ++p) {
                const char *x = a + i * a_rs + p * a_cs;
                const char *w = b + p * b_rs + j * b_cs;
                const R ar = ld<R>(x), ai = ld<R>(x + sizeof(R));
                const R br = ld<R>(w), bi = ld<R>(w + sizeof(R));
                sr += ar * br - ai * bi;
                si += ar * bi + ai * br;
            }
            char *e = c + i * c_rs + j * c_cs;
            st<R>(e, sr);
            st<R>(e + sizeof(R), si);
        }
}

struct TableHolder {
    arrpy_matmul_table t;
    TableHolder() {
#if ARRPY_SIMD_BYTES == 64
        t.name = "avx512";
#elif ARRPY_SIMD_BYTES == 32
        t.name = "avx2";
#elif ARRPY_SIMD_BYTES == 16
        t.name = "neon";
#else
        t.name = "scalar";
#endif
        t.mr[0] = Micro<float>::MR;
        t.nr[0] = Micro<float>::NR;
        t.mr[1] = Micro<double>::MR;
        t.nr[1] = Micro<double>::NR;
        t.pack_a[0] = &pack_a<float>;
        t.pack_a[1] = &pack_a<double>;
        t.pack_b[0] = &pack_b<float>;
        t.pack_b[1] = &pack_b<double>;
        t.macro[0] = &macro<float>;
        t.macro[1] = &macro<double>;
        t.gemv[0] = &gemv<float>;
        t.gemv[1] = &gemv<double>;
#if ARRPY_SIMD_BYTES == 64
        t.sup[0] = &sup<float>;
        t.sup[1] = &sup<double>;
#else
        t.sup[0] = nullptr;
        t.sup[1] = nullptr;
#endif
        t.direct[ARRPY_BOOL] = &bool_direct;
        t.direct[ARRPY_INT8] = &int_direct<int8_t, false>;
        t.direct[ARRPY_UINT8] = &int_direct<uint8_t, false>;
        t.direct[ARRPY_INT16] = &int_direct<int16_t, false>;
        t.direct[ARRPY_UINT16] = &int_direct<uint16_t, false>;
        t.direct[ARRPY_INT32] = &int_direct<int32_t, false>;
        t.direct[ARRPY_UINT32] = &int_direct<uint32_t, false>;
        t.direct[ARRPY_INT64] = &int_direct<int64_t, false>;
        t.direct[ARRPY_UINT64] = &int_direct<uint64_t, false>;
        t.direct[ARRPY_FLOAT32] = &float_direct<float>;
        t.direct[ARRPY_FLOAT64] = &float_direct<double>;
        t.direct[ARRPY_COMPLEX64] = &complex_direct<float>;
        t.direct[ARRPY_COMPLEX128] = &complex_direct<double>;
    }
};

}  // namespace

const arrpy_matmul_table *get_matmul_table() {
    static const TableHolder holder;
    return &holder.t;
}

}  // namespace ARRPY_KERNEL_NS
