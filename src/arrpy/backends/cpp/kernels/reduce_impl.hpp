// Reduction loops, compiled once per SIMD flavour (see reduce_table.hpp for the two loop shapes).
//
// No include guard around the body on purpose (as elementwise_impl.hpp): a translation unit defines
//   ARRPY_KERNEL_NS    the namespace of this flavour (arrpy_red_avx2, arrpy_red_neon, arrpy_red_scalar)
//   ARRPY_SIMD_BYTES   the width of the explicit vectors: 32 for AVX2, 16 for NEON, 0 for plain
//                      C++ loops (the scalar flavour)
// and includes it; it defines ARRPY_KERNEL_NS::get_reduce_table(). Everything else has internal
// linkage and only builtins are called (no library templates: nothing compiled with -mavx2 can be
// merged by the linker into code that runs without AVX2).
//
// The explicit SIMD uses GCC/Clang vector extensions (vector_size): with -mavx2 they compile to
// AVX2 instructions, on aarch64 to NEON. What is vectorised (contiguous input, stride == itemsize):
//   SUM to float32/float64 (real or complex, per component): 8 vector accumulators (32 float64
//     lanes with AVX2) over blocks of 1024 numbers, blocks combined pairwise (NumPy's recursion,
//     so the error stays O(log n) eps); a short peel first aligns the loads; float32 -> float64
//     converts whole vectors.
//   MIN / MAX of real dtypes: vector min/max plus a nan mask (the first nan is returned).
//   ARGMIN / ARGMAX of real dtypes: the extreme of each 2048-element block with vectors, the
//     best block remembered (strictly better only, so ties keep the first), then one vector
//     compare scan of that block for the first index; a block with a nan gives its first nan.
//     (Measured faster here than NumPy's four sets of (extreme, index) vectors with compare +
//     blend: 1e6 float64 ~90 vs ~117 us.)
// Integer sums and ALL / ANY are plain loops the compiler vectorises (integer adds reassociate;
// ALL / ANY stop at the first deciding block of 1024). Complex MIN / MAX use four independent
// scalar accumulators (without a nan the lexicographic extreme does not depend on the order; with
// one, the first nan element is the answer). PROD of floats and complex is the sequential product
// in index order, like NumPy's loop (the same rounding and the same overflow). The row kernels
// (axis 0 of a C matrix) keep one accumulator per output in a stack buffer of 1024 columns and
// fold whole rows in with contiguous inner loops (explicit vectors for float min/max, the
// compiler's for the rest); float sums add blocks of 128 rows into a partial buffer first
// (two-level blocking).

#if !defined(ARRPY_KERNEL_NS) || !defined(ARRPY_SIMD_BYTES)
#error "define ARRPY_KERNEL_NS and ARRPY_SIMD_BYTES before including reduce_impl.hpp"
#endif

#include <stdint.h>

#include <type_traits>

#include "reduce_table.hpp"

#if ARRPY_SIMD_BYTES == 32
#include <immintrin.h>
#endif

namespace ARRPY_KERNEL_NS {
namespace {

template <class R>
struct Cx {
    R re, im;
};

template <int D> struct Ty;
template <> struct Ty<ARRPY_BOOL> { typedef uint8_t T; };
template <> struct Ty<ARRPY_INT8> { typedef int8_t T; };
template <> struct Ty<ARRPY_UINT8> { typedef uint8_t T; };
template <> struct Ty<ARRPY_INT16> { typedef int16_t T; };
template <> struct Ty<ARRPY_UINT16> { typedef uint16_t T; };
template <> struct Ty<ARRPY_INT32> { typedef int32_t T; };
template <> struct Ty<ARRPY_UINT32> { typedef uint32_t T; };
template <> struct Ty<ARRPY_INT64> { typedef int64_t T; };
template <> struct Ty<ARRPY_UINT64> { typedef uint64_t T; };
template <> struct Ty<ARRPY_FLOAT32> { typedef float T; };
template <> struct Ty<ARRPY_FLOAT64> { typedef double T; };
template <> struct Ty<ARRPY_COMPLEX64> { typedef Cx<float> T; };
template <> struct Ty<ARRPY_COMPLEX128> { typedef Cx<double> T; };

constexpr bool is_cx(int d) { return d == ARRPY_COMPLEX64 || d == ARRPY_COMPLEX128; }

// The scalar numbers an element of dtype D is made of: a complex number's component type, the
// byte of a bool, else the element type itself.
template <int D> struct Num { typedef typename Ty<D>::T S; };
template <> struct Num<ARRPY_COMPLEX64> { typedef float S; };
template <> struct Num<ARRPY_COMPLEX128> { typedef double S; };
constexpr bool is_fl(int d) { return d == ARRPY_FLOAT32 || d == ARRPY_FLOAT64; }
constexpr bool is_int(int d) { return d >= ARRPY_INT8 && d <= ARRPY_UINT64; }

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

// Wrapping integer arithmetic: computed in an unsigned type at least as wide as unsigned int.
template <class T>
struct UWrap {
    typedef typename std::conditional<(sizeof(T) < sizeof(unsigned)), unsigned,
                                      typename std::make_unsigned<T>::type>::type type;
};
template <class T>
inline T wadd(T a, T b) {
    typedef typename UWrap<T>::type U;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <class T>
inline T wmul(T a, T b) {
    typedef typename UWrap<T>::type U;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
}

// Element of dtype I converted to the accumulator of dtype O (bool: 0/1).
template <int I, int O>
inline typename Ty<O>::T cvt(typename Ty<I>::T x) {
    typedef typename Ty<O>::T OT;
    if constexpr (I == ARRPY_BOOL) return static_cast<OT>(x != 0);
    else return static_cast<OT>(x);
}

// A value the optimiser cannot see through (blocks contraction and pattern matching).
template <class R>
inline R opaque(R v) {
#if defined(__x86_64__)
    __asm__("" : "+x"(v));
#elif defined(__aarch64__)
    __asm__("" : "+w"(v));
#else
    __asm__("" : "+r"(v));
#endif
    return v;
}

template <int I>
inline bool truth(typename Ty<I>::T x) {
    if constexpr (is_cx(I)) return x.re != 0 || x.im != 0;
    else return x != 0;
}

template <class R>
inline bool cx_nan(Cx<R> a) { return (a.re != a.re) | (a.im != a.im); }  // branch-free
template <class R>
inline bool cle(Cx<R> x, Cx<R> y) {
    return ((x.re < y.re) & (x.im == x.im) & (y.im == y.im)) | ((x.re == y.re) & (x.im <= y.im));
}
template <class R>
inline bool cge(Cx<R> x, Cx<R> y) {
    return ((x.re > y.re) & (x.im == x.im) & (y.im == y.im)) | ((x.re == y.re) & (x.im >= y.im));
}

// ---------------------------------------------------------------------------------------------
// Accumulating operations: A is the accumulator (the output element), step(acc, x) folds one
// input element in. ALL / ANY use a bool accumulator.

template <int OP, int I, int O>
struct Acc;

template <int I, int O>
struct Acc<ARRPY_SUM, I, O> {
    typedef typename Ty<O>::T A;
    static inline A identity() {
        if constexpr (is_cx(O)) return A{0, 0};
        else return A(0);
    }
    static inline A step(A acc, typename Ty<I>::T x) {
        if constexpr (O == ARRPY_BOOL) return static_cast<A>(acc | (x != 0));
        else if constexpr (is_cx(O)) return A{acc.re + x.re, acc.im + x.im};
        else if constexpr (is_fl(O)) return acc + cvt<I, O>(x);
        else return wadd(acc, cvt<I, O>(x));
    }
};

template <int I, int O>
struct Acc<ARRPY_PROD, I, O> {
    typedef typename Ty<O>::T A;
    static inline A identity() {
        if constexpr (is_cx(O)) return A{1, 0};
        else return A(1);
    }
    static inline A step(A acc, typename Ty<I>::T x) {
        if constexpr (O == ARRPY_BOOL) return static_cast<A>(acc & (x != 0));
        else if constexpr (is_cx(O)) {
            // NumPy's scalar loop (its reduction takes it): each product rounded. The products go
            // through an empty asm: GCC 12's SLP vectoriser otherwise turns the row loop into
            // vfmaddsub even with -ffp-contract=off (found by selftest_reduce.cpp).
            const auto re = opaque(acc.re * x.re);
            const auto ii = opaque(acc.im * x.im);
            const auto ri = opaque(acc.re * x.im);
            const auto ir = opaque(acc.im * x.re);
            return A{re - ii, ri + ir};
        } else if constexpr (is_fl(O)) return acc * cvt<I, O>(x);
        else return wmul(acc, cvt<I, O>(x));
    }
};

template <int I, bool MAX>
struct MinMax {
    typedef typename Ty<I>::T A;
    static inline A first(A x) {
        if constexpr (I == ARRPY_BOOL) return static_cast<A>(x != 0);
        else return x;
    }
    static inline A step(A acc, A x) {
        if constexpr (I == ARRPY_BOOL) return MAX ? static_cast<A>(acc | (x != 0)) : static_cast<A>(acc & (x != 0));
        else if constexpr (is_cx(I)) {
            const bool keep = cx_nan(acc) | (MAX ? cge(acc, x) : cle(acc, x));
            return keep ? acc : x;
        } else if constexpr (is_fl(I)) {
            return (MAX ? acc >= x : acc <= x) || acc != acc ? acc : x;
        } else {
            return (MAX ? x > acc : x < acc) ? x : acc;
        }
    }
};

// Argmin/argmax: is x strictly better than the current best b (and b not a nan)?
template <int I, bool MAX>
inline bool arg_better(typename Ty<I>::T x, typename Ty<I>::T b) {
    if constexpr (I == ARRPY_BOOL) return MAX ? (x != 0 && b == 0) : (x == 0 && b != 0);
    else if constexpr (is_cx(I)) {
        if (cx_nan(b)) return false;
        if (cx_nan(x)) return true;
        return MAX ? (x.re > b.re || (x.re == b.re && x.im > b.im))
                   : (x.re < b.re || (x.re == b.re && x.im < b.im));
    } else if constexpr (is_fl(I)) {
        return b == b && !(MAX ? x <= b : x >= b);  // x better, or x is the first nan
    } else {
        return MAX ? x > b : x < b;
    }
}
template <int I>
inline bool is_nan_elem(typename Ty<I>::T x) {
    if constexpr (is_cx(I)) return cx_nan(x);
    else if constexpr (is_fl(I)) return x != x;
    else return false;
}

// ---------------------------------------------------------------------------------------------
// Scalar pairwise sum (any stride), NumPy's recursion: 8 accumulators over blocks of <= 128.

template <int I, class R>
R pairwise_strided(const char *a, int64_t n, int64_t stride) {
    typedef typename Ty<I>::T T;
    if (n < 8) {
        R res = 0;
        for (int64_t i = 0; i < n; ++i) res += static_cast<R>(cvt<I, I>(ld<T>(a + i * stride)));
        return res;
    }
    if (n <= 128) {
        R r[8];
        for (int j = 0; j < 8; ++j) r[j] = static_cast<R>(cvt<I, I>(ld<T>(a + j * stride)));
        int64_t i = 8;
        for (; i + 8 <= n; i += 8)
            for (int j = 0; j < 8; ++j) r[j] += static_cast<R>(cvt<I, I>(ld<T>(a + (i + j) * stride)));
        R res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += static_cast<R>(cvt<I, I>(ld<T>(a + i * stride)));
        return res;
    }
    int64_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_strided<I, R>(a, n2, stride) + pairwise_strided<I, R>(a + n2 * stride, n - n2, stride);
}

#if ARRPY_SIMD_BYTES > 0
// ---------------------------------------------------------------------------------------------
// Explicit SIMD on contiguous data.

constexpr int VB = ARRPY_SIMD_BYTES;
template <class T>
struct VT {
    typedef T V __attribute__((vector_size(VB)));
    static constexpr int L = VB / static_cast<int>(sizeof(T));
    static inline V load(const T *p) {
        V v;
        __builtin_memcpy(&v, p, sizeof v);
        return v;
    }
    static inline V splat(T x) {
        V v;
        for (int l = 0; l < L; ++l) v[l] = x;
        return v;
    }
};

// L consecutive elements of type S as a vector of R (the accumulator type).
template <class S, class R>
inline typename VT<R>::V vload_cvt(const S *p) {
    typedef VT<R> W;
    if constexpr (std::is_same<S, R>::value) {
        return W::load(p);
    } else if constexpr (std::is_same<S, float>::value && std::is_same<R, double>::value) {
        typedef float HF __attribute__((vector_size(VB / 2)));
        HF h;
        __builtin_memcpy(&h, p, sizeof h);
        return __builtin_convertvector(h, typename W::V);
    } else {
        typename W::V v;
        for (int l = 0; l < W::L; ++l) v[l] = static_cast<R>(p[l]);
        return v;
    }
}

constexpr int64_t kSumBlock = 1024;  // numbers per block: 32 per lane of 8 accumulator vectors

// Vector of partial sums of cnt contiguous numbers p[0..cnt) (complex: interleaved components;
// lane l holds numbers with index == l mod L, so even lanes are real parts). Block boundaries are
// multiples of 8 L, keeping the lane parity.
template <class S, class R>
typename VT<R>::V vsum_block(const S *p, int64_t cnt) {
    typedef VT<R> W;
    constexpr int L = W::L;
    typename W::V a0 = W::splat(0), a1 = a0, a2 = a0, a3 = a0;
    int64_t i = 0;
    if (cnt >= 8 * L) {
        typename W::V a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (; i + 8 * L <= cnt; i += 8 * L) {
            a0 += vload_cvt<S, R>(p + i);
            a1 += vload_cvt<S, R>(p + i + L);
            a2 += vload_cvt<S, R>(p + i + 2 * L);
            a3 += vload_cvt<S, R>(p + i + 3 * L);
            a4 += vload_cvt<S, R>(p + i + 4 * L);
            a5 += vload_cvt<S, R>(p + i + 5 * L);
            a6 += vload_cvt<S, R>(p + i + 6 * L);
            a7 += vload_cvt<S, R>(p + i + 7 * L);
        }
        a0 += a4;
        a1 += a5;
        a2 += a6;
        a3 += a7;
    }
    for (; i + L <= cnt; i += L) a0 += vload_cvt<S, R>(p + i);
    for (; i < cnt; ++i) a1[i % L] += static_cast<R>(p[i]);
    return (a0 + a1) + (a2 + a3);
}
template <class S, class R>
typename VT<R>::V vsum_pairwise(const S *p, int64_t cnt) {
    if (cnt <= kSumBlock) return vsum_block<S, R>(p, cnt);
    constexpr int64_t q = 8 * VT<R>::L;
    int64_t h = cnt / 2;
    h -= h % q;
    return vsum_pairwise<S, R>(p, h) + vsum_pairwise<S, R>(p + h, cnt - h);
}
// vsum_pairwise after peeling up to L - 1 leading numbers so that the vector loads are aligned to
// the vector width (NumPy's large arrays start 16 bytes past a 64-byte line: without the peel every
// other 32-byte load splits a cache line). The peel keeps the lane parity (complex) by peeling an
// even count only when `pairs`.
template <class S, class R>
typename VT<R>::V vsum_aligned(const S *p, int64_t cnt, bool pairs) {
    constexpr int L = VT<R>::L;
    const uintptr_t addr = reinterpret_cast<uintptr_t>(p);
    int64_t peel = 0;
    if (addr % sizeof(S) == 0 && cnt >= 8 * L) {
        const uintptr_t want = sizeof(S) * L;  // aligned loads of L input numbers
        peel = static_cast<int64_t>(((want - addr % want) % want) / sizeof(S));
        if (peel >= L || (pairs && (peel & 1))) peel = 0;
    }
    typename VT<R>::V v = vsum_pairwise<S, R>(p + peel, cnt - peel);
    for (int64_t i = 0; i < peel; ++i) v[i] += static_cast<R>(p[i]);
    return v;
}
template <class R>
inline R vhsum(typename VT<R>::V v, int first, int step) {  // pairwise over lanes first, first+step, ...
    constexpr int L = VT<R>::L;
    R t[L];
    int k = 0;
    for (int l = first; l < L; l += step) t[k++] = v[l];
    while (k > 1) {
        for (int j = 0; j < k / 2; ++j) t[j] = t[2 * j] + t[2 * j + 1];
        if (k & 1) t[k / 2] = t[k - 1];
        k = (k + 1) / 2;
    }
    return t[0];
}

// Sum of squared deviations (x - m[lane])^2 of cnt contiguous numbers (complex: interleaved
// components, m alternating the real and imaginary means; block sizes are multiples of 4 L, so
// the lane parity holds), blocks of kSumBlock combined pairwise like vsum_pairwise.
template <class S, class R>
typename VT<R>::V vsqdev_block(const S *p, int64_t cnt, typename VT<R>::V m) {
    typedef VT<R> W;
    constexpr int L = W::L;
    typename W::V a0 = W::splat(0), a1 = a0, a2 = a0, a3 = a0;
    int64_t i = 0;
    for (; i + 4 * L <= cnt; i += 4 * L) {
        const typename W::V d0 = vload_cvt<S, R>(p + i) - m, d1 = vload_cvt<S, R>(p + i + L) - m,
                            d2 = vload_cvt<S, R>(p + i + 2 * L) - m,
                            d3 = vload_cvt<S, R>(p + i + 3 * L) - m;
        a0 += d0 * d0;
        a1 += d1 * d1;
        a2 += d2 * d2;
        a3 += d3 * d3;
    }
    for (; i + L <= cnt; i += L) {
        const typename W::V d = vload_cvt<S, R>(p + i) - m;
        a0 += d * d;
    }
    for (; i < cnt; ++i) {
        const R d = static_cast<R>(p[i]) - m[i % L];
        a1[i % L] += d * d;
    }
    return (a0 + a1) + (a2 + a3);
}
template <class S, class R>
typename VT<R>::V vsqdev_pairwise(const S *p, int64_t cnt, typename VT<R>::V m) {
    if (cnt <= kSumBlock) return vsqdev_block<S, R>(p, cnt, m);
    constexpr int64_t q = 4 * VT<R>::L;
    int64_t h = cnt / 2;
    h -= h % q;
    return vsqdev_pairwise<S, R>(p, h, m) + vsqdev_pairwise<S, R>(p + h, cnt - h, m);
}

// Lanes where a or b is a nan (all bits set), one instruction on AVX2.
template <class V>
inline auto unord(V a, V b) {
#if ARRPY_SIMD_BYTES == 32
    if constexpr (sizeof(a[0]) == 8) {
        return reinterpret_cast<decltype(a != b)>(_mm256_cmp_pd(reinterpret_cast<__m256d>(a),
                                                               reinterpret_cast<__m256d>(b), _CMP_UNORD_Q));
    } else if constexpr (sizeof(a[0]) == 4) {
        return reinterpret_cast<decltype(a != b)>(_mm256_cmp_ps(reinterpret_cast<__m256>(a),
                                                               reinterpret_cast<__m256>(b), _CMP_UNORD_Q));
    }
#endif
    return (a != a) | (b != b);
}

// Min / max of n >= 1 contiguous reals; sets *nan_at to the first nan's index (or -1).
template <class T, bool MAX>
T vminmax(const T *p, int64_t n, int64_t *nan_at) {
    typedef VT<T> W;
    constexpr int L = W::L;
    constexpr bool FP = std::is_floating_point<T>::value;
    *nan_at = -1;
    typename W::V m0 = W::splat(p[0]), m1 = m0, m2 = m0, m3 = m0;
    const typename W::V z = W::splat(T(0));
    auto nanm = (z != z);  // all false: the nan mask
    int64_t i = 0;
    for (; i + 8 * L <= n; i += 8 * L) {
        typename W::V x0 = W::load(p + i), x1 = W::load(p + i + L), x2 = W::load(p + i + 2 * L),
                      x3 = W::load(p + i + 3 * L);
        const typename W::V y0 = W::load(p + i + 4 * L), y1 = W::load(p + i + 5 * L),
                            y2 = W::load(p + i + 6 * L), y3 = W::load(p + i + 7 * L);
        if constexpr (FP) nanm |= (unord(x0, x1) | unord(x2, x3)) | (unord(y0, y1) | unord(y2, y3));
        if constexpr (MAX) {
            x0 = y0 > x0 ? y0 : x0; x1 = y1 > x1 ? y1 : x1;
            x2 = y2 > x2 ? y2 : x2; x3 = y3 > x3 ? y3 : x3;
            m0 = x0 > m0 ? x0 : m0; m1 = x1 > m1 ? x1 : m1;
            m2 = x2 > m2 ? x2 : m2; m3 = x3 > m3 ? x3 : m3;
        } else {
            x0 = y0 < x0 ? y0 : x0; x1 = y1 < x1 ? y1 : x1;
            x2 = y2 < x2 ? y2 : x2; x3 = y3 < x3 ? y3 : x3;
            m0 = x0 < m0 ? x0 : m0; m1 = x1 < m1 ? x1 : m1;
            m2 = x2 < m2 ? x2 : m2; m3 = x3 < m3 ? x3 : m3;
        }
    }
    for (; i + 4 * L <= n; i += 4 * L) {
        const typename W::V x0 = W::load(p + i), x1 = W::load(p + i + L), x2 = W::load(p + i + 2 * L),
                            x3 = W::load(p + i + 3 * L);
        if constexpr (MAX) {
            m0 = x0 > m0 ? x0 : m0; m1 = x1 > m1 ? x1 : m1;
            m2 = x2 > m2 ? x2 : m2; m3 = x3 > m3 ? x3 : m3;
        } else {
            m0 = x0 < m0 ? x0 : m0; m1 = x1 < m1 ? x1 : m1;
            m2 = x2 < m2 ? x2 : m2; m3 = x3 < m3 ? x3 : m3;
        }
        if constexpr (FP) nanm |= unord(x0, x1) | unord(x2, x3);
    }
    if constexpr (MAX) { m0 = m1 > m0 ? m1 : m0; m2 = m3 > m2 ? m3 : m2; m0 = m2 > m0 ? m2 : m0; }
    else { m0 = m1 < m0 ? m1 : m0; m2 = m3 < m2 ? m3 : m2; m0 = m2 < m0 ? m2 : m0; }
    T best = m0[0];
    for (int l = 1; l < L; ++l) best = (MAX ? m0[l] > best : m0[l] < best) ? m0[l] : best;
    bool any_nan = false;
    if constexpr (FP) {
        for (int l = 0; l < L; ++l) any_nan |= nanm[l] != 0;
    }
    for (; i < n; ++i) {
        const T x = p[i];
        if constexpr (FP) any_nan |= x != x;
        best = (MAX ? x > best : x < best) ? x : best;
    }
    if (any_nan) {
        for (int64_t j = 0; j < n; ++j)
            if (p[j] != p[j]) {
                *nan_at = j;
                return p[j];
            }
    }
    return best;
}

// Index of the first element == v in q[0, cnt) (v is there), a vector of lanes at a time.
template <class T>
int64_t vfind_first(const T *q, int64_t cnt, T v) {
    typedef VT<T> W;
    const typename W::V bv = W::splat(v);
    int64_t j = 0;
    for (; j + W::L <= cnt; j += W::L) {
        const auto eq = W::load(q + j) == bv;
#if ARRPY_SIMD_BYTES == 32
        const unsigned bits = static_cast<unsigned>(_mm256_movemask_epi8(reinterpret_cast<__m256i>(eq)));
        if (bits != 0) return j + __builtin_ctz(bits) / static_cast<int>(sizeof(T));
#else
        for (int l = 0; l < W::L; ++l)
            if (eq[l]) return j + l;
#endif
    }
    for (;; ++j)
        if (q[j] == v) return j;
}

// Leading elements before the first vector-aligned one (NumPy's large arrays start 16 bytes past
// a 64-byte line: unaligned 32-byte loads cost ~40% in min/max/argmax on the development VM).
template <class T>
inline int64_t align_peel(const T *p, int64_t n) {
    constexpr uintptr_t want = VB;
    const uintptr_t addr = reinterpret_cast<uintptr_t>(p);
    if (addr % sizeof(T) != 0 || n < 16 * VT<T>::L) return 0;
    return static_cast<int64_t>(((want - addr % want) % want) / sizeof(T));
}

// vminmax with the aligned peel: the peeled elements are folded in by the same rules.
template <class T, bool MAX>
T vminmax_aligned(const T *p, int64_t n, int64_t *nan_at) {
    const int64_t peel = align_peel(p, n);
    if (peel == 0) return vminmax<T, MAX>(p, n, nan_at);
    for (int64_t j = 0; j < peel; ++j)
        if (p[j] != p[j]) {
            *nan_at = j;
            return p[j];
        }
    T r = vminmax<T, MAX>(p + peel, n - peel, nan_at);
    if (*nan_at >= 0) {
        *nan_at += peel;
        return r;
    }
    for (int64_t j = 0; j < peel; ++j) r = (MAX ? p[j] > r : p[j] < r) ? p[j] : r;
    return r;
}

// Argmin / argmax of n >= 1 contiguous reals (first index; the first nan wins).
template <class T, bool MAX>
int64_t vargminmax(const T *p, int64_t n) {
    constexpr int64_t B = 2048;
    T best = p[0];
    int64_t best_block = 0;
    const int64_t first = align_peel(p, n) + B;  // the later blocks start vector-aligned
    for (int64_t s = 0; s < n;) {
        const int64_t len = s == 0 ? first : B;
        const int64_t cnt = n - s < len ? n - s : len;
        int64_t nan_at;
        const T e = vminmax<T, MAX>(p + s, cnt, &nan_at);
        if (nan_at >= 0) return s + nan_at;
        if (MAX ? e > best : e < best) {
            best = e;
            best_block = s;
        }
        s += cnt;
    }
    return best_block + vfind_first<T>(p + best_block, n - best_block, best);
}
#endif  // ARRPY_SIMD_BYTES > 0

// ---------------------------------------------------------------------------------------------
// One reduction, any stride.

template <int I, int O>
void one_sum(int64_t n, const char *a, int64_t stride, char *out) {
    typedef typename Ty<I>::T T;
    typedef typename Ty<O>::T A;
    constexpr int64_t isz = sizeof(T);
    if constexpr (is_fl(O) || is_cx(O)) {
        typedef typename std::conditional<O == ARRPY_FLOAT32 || O == ARRPY_COMPLEX64, float, double>::type R;
        if (stride < 0 && n > 0) {  // sum order does not matter: walk forwards
            a += (n - 1) * stride;
            stride = -stride;
        }
#if ARRPY_SIMD_BYTES > 0
        if (stride == isz || n <= 1) {
            if constexpr (is_cx(O)) {
                const auto v = vsum_aligned<R, R>(reinterpret_cast<const R *>(a), 2 * n, true);
                st<A>(out, A{R(0) + vhsum<R>(v, 0, 2), R(0) + vhsum<R>(v, 1, 2)});
            } else if constexpr (I == ARRPY_BOOL) {
                st<A>(out, R(0) + vhsum<R>(vsum_aligned<uint8_t, R>(reinterpret_cast<const uint8_t *>(a), n, false), 0, 1));
            } else {
                st<A>(out, R(0) + vhsum<R>(vsum_aligned<T, R>(reinterpret_cast<const T *>(a), n, false), 0, 1));
            }
            return;
        }
#endif
        if constexpr (is_cx(O)) {
            const R re = pairwise_strided<is_cx(O) && sizeof(R) == 4 ? ARRPY_FLOAT32 : ARRPY_FLOAT64, R>(a, n, stride);
            const R im = pairwise_strided<is_cx(O) && sizeof(R) == 4 ? ARRPY_FLOAT32 : ARRPY_FLOAT64, R>(a + sizeof(R), n, stride);
            st<A>(out, A{R(0) + re, R(0) + im});
        } else {
            st<A>(out, R(0) + pairwise_strided<I, R>(a, n, stride));
        }
    } else {
        // Integers and bool: exact in any order.
        A acc = 0;
        if (stride == isz) {
            const T *p = reinterpret_cast<const T *>(a);
            if constexpr (O == ARRPY_BOOL) {
                for (int64_t s = 0; s < n && !acc; s += 1024) {
                    const int64_t e = n - s < 1024 ? n - s : 1024;
                    unsigned any = 0;
                    for (int64_t i = s; i < e + s; ++i) any |= p[i];
                    acc = any != 0;
                }
            } else {
                typedef typename UWrap<A>::type U;
                U u = 0;
                for (int64_t i = 0; i < n; ++i) u += static_cast<U>(cvt<I, O>(p[i]));
                acc = static_cast<A>(u);
            }
        } else {
            for (int64_t i = 0; i < n; ++i) acc = Acc<ARRPY_SUM, I, O>::step(acc, ld<T>(a + i * stride));
        }
        st<A>(out, acc);
    }
}

// Squared deviation of one element from the mean (mr, mi), in R.
template <int I, class R>
inline R dev2(typename Ty<I>::T x, R mr, R mi) {
    if constexpr (is_cx(I)) {
        const R dr = static_cast<R>(x.re) - mr, di = static_cast<R>(x.im) - mi;
        return dr * dr + di * di;
    } else {
        const R d = static_cast<R>(cvt<I, I>(x)) - mr;
        return d * d;
    }
}

// Pairwise sum of dev2 over a strided row (NumPy's recursion, as pairwise_strided).
template <int I, class R>
R sqdev_strided(const char *a, int64_t n, int64_t stride, R mr, R mi) {
    typedef typename Ty<I>::T T;
    if (n <= 128) {
        R r[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (int j = 0; j < 8; ++j) r[j] += dev2<I, R>(ld<T>(a + (i + j) * stride), mr, mi);
        R res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += dev2<I, R>(ld<T>(a + i * stride), mr, mi);
        return res;
    }
    int64_t n2 = n / 2;
    n2 -= n2 % 8;
    return sqdev_strided<I, R>(a, n2, stride, mr, mi) +
           sqdev_strided<I, R>(a + n2 * stride, n - n2, stride, mr, mi);
}

// SUMSQDEV: the mean by the pairwise sum, then the squared deviations (abi.h).
template <int I, int O>
void one_sqdev(int64_t n, const char *a, int64_t stride, char *out) {
    typedef typename Ty<I>::T T;
    typedef typename Ty<O>::T R;  // float or double
    if (n == 0) {
        st<R>(out, R(0));
        return;
    }
    if (stride < 0) {  // the order does not matter: walk forwards
        a += (n - 1) * stride;
        stride = -stride;
    }
    R mr, mi = 0;
    if constexpr (is_cx(I)) {
        typedef typename Num<I>::S C;
        constexpr int IC = sizeof(C) == 4 ? ARRPY_FLOAT32 : ARRPY_FLOAT64;
        if constexpr (sizeof(C) == sizeof(R)) {
            char buf[16];
            one_sum<I, I>(n, a, stride, buf);
            const T total = ld<T>(buf);
            mr = total.re / static_cast<R>(n);
            mi = total.im / static_cast<R>(n);
        } else {
            mr = pairwise_strided<IC, R>(a, n, stride) / static_cast<R>(n);
            mi = pairwise_strided<IC, R>(a + sizeof(C), n, stride) / static_cast<R>(n);
        }
    } else {
        constexpr int OS = sizeof(R) == 4 ? ARRPY_FLOAT32 : ARRPY_FLOAT64;
        char buf[16];
        one_sum<I, OS>(n, a, stride, buf);
        mr = ld<R>(buf) / static_cast<R>(n);
    }
#if ARRPY_SIMD_BYTES > 0
    if (stride == static_cast<int64_t>(sizeof(T))) {
        typedef VT<R> W;
        typename W::V m = W::splat(mr);
        typedef typename Num<I>::S S;
        if constexpr (is_cx(I)) {
            for (int l = 1; l < W::L; l += 2) m[l] = mi;
            st<R>(out, R(0) + vhsum<R>(vsqdev_pairwise<S, R>(reinterpret_cast<const S *>(a), 2 * n, m), 0, 1));
        } else {
            st<R>(out, R(0) + vhsum<R>(vsqdev_pairwise<S, R>(reinterpret_cast<const S *>(a), n, m), 0, 1));
        }
        return;
    }
#endif
    st<R>(out, R(0) + sqdev_strided<I, R>(a, n, stride, mr, mi));
}

template <int I, int O>
void one_prod(int64_t n, const char *a, int64_t stride, char *out) {
    typedef typename Ty<I>::T T;
    typedef typename Ty<O>::T A;
    typedef Acc<ARRPY_PROD, I, O> P;
    A acc = P::identity();
    if constexpr (O == ARRPY_BOOL) {
        for (int64_t i = 0; i < n; ++i)
            if (ld<T>(a + i * stride) == 0) { acc = 0; break; }
    } else if constexpr (is_int(O) && !is_fl(I)) {
        if (stride == static_cast<int64_t>(sizeof(T))) {  // wrapping products reassociate
            const T *p = reinterpret_cast<const T *>(a);
            typedef typename UWrap<A>::type U;
            U u[4] = {1, 1, 1, 1};
            int64_t i = 0;
            for (; i + 4 <= n; i += 4)
                for (int j = 0; j < 4; ++j) u[j] = static_cast<U>(static_cast<U>(u[j]) * static_cast<U>(static_cast<U>(cvt<I, O>(p[i + j]))));
            for (; i < n; ++i) u[0] = static_cast<U>(u[0] * static_cast<U>(cvt<I, O>(p[i])));
            acc = static_cast<A>(static_cast<U>(static_cast<U>(u[0] * u[1]) * static_cast<U>(u[2] * u[3])));
        } else {
            for (int64_t i = 0; i < n; ++i) acc = P::step(acc, ld<T>(a + i * stride));
        }
    } else {
        for (int64_t i = 0; i < n; ++i) acc = P::step(acc, ld<T>(a + i * stride));
    }
    st<A>(out, acc);
}

template <int I, bool MAX>
void one_minmax(int64_t n, const char *a, int64_t stride, char *out) {
    typedef typename Ty<I>::T T;
    typedef MinMax<I, MAX> M;
    if (n <= 0) return;  // never called so (abi.h)
    if (stride < 0 && !is_cx(I)) {  // a real value does not depend on the order (complex: which
        a += (n - 1) * stride;          // nan comes first does)
        stride = -stride;
    }
#if ARRPY_SIMD_BYTES > 0
    if constexpr (is_fl(I) || is_int(I)) {
        if (stride == static_cast<int64_t>(sizeof(T))) {
            int64_t nan_at;
            st<T>(out, vminmax_aligned<T, MAX>(reinterpret_cast<const T *>(a), n, &nan_at));
            return;
        }
    }
#endif
    if constexpr (is_cx(I)) {
        // Four independent accumulators (the dependency chain through the lexicographic compare
        // is the bottleneck); without nans the extreme does not depend on the order. Any nan:
        // the result is the first element with a nan part (NumPy's sequential rule).
        if (n >= 8) {
            T c[4] = {ld<T>(a), ld<T>(a + stride), ld<T>(a + 2 * stride), ld<T>(a + 3 * stride)};
            bool nan = cx_nan(c[0]) | cx_nan(c[1]) | cx_nan(c[2]) | cx_nan(c[3]);
            int64_t i = 4;
            for (; i + 4 <= n; i += 4) {
                for (int k = 0; k < 4; ++k) {
                    const T x = ld<T>(a + (i + k) * stride);
                    nan |= cx_nan(x);
                    c[k] = M::step(c[k], x);
                }
            }
            for (; i < n; ++i) {
                const T x = ld<T>(a + i * stride);
                nan |= cx_nan(x);
                c[0] = M::step(c[0], x);
            }
            if (nan) {
                for (int64_t j = 0;; ++j) {
                    const T x = ld<T>(a + j * stride);
                    if (cx_nan(x)) {
                        st<T>(out, x);
                        return;
                    }
                }
            }
            st<T>(out, M::step(M::step(c[0], c[1]), M::step(c[2], c[3])));
            return;
        }
    }
    T acc = M::first(ld<T>(a));
    for (int64_t i = 1; i < n; ++i) {
        acc = M::step(acc, ld<T>(a + i * stride));
        if constexpr (is_fl(I)) {
            if (acc != acc) break;
        }
    }
    st<T>(out, acc);
}

template <int I, bool ALL>
void one_allany(int64_t n, const char *a, int64_t stride, char *out) {
    typedef typename Ty<I>::T T;
    uint8_t r = ALL ? 1 : 0;
    if (stride < 0 && n > 0) {
        a += (n - 1) * stride;
        stride = -stride;
    }
    if constexpr (!is_cx(I)) {
        if (stride == static_cast<int64_t>(sizeof(T))) {
            const T *p = reinterpret_cast<const T *>(a);
            for (int64_t s = 0; s < n; s += 1024) {
                const int64_t e = n - s < 1024 ? s + (n - s) : s + 1024;
                unsigned hit = 0;  // ALL: some zero; ANY: some nonzero
                for (int64_t i = s; i < e; ++i) hit |= ALL ? (p[i] == 0) : (p[i] != 0);
                if (hit) {
                    r = ALL ? 0 : 1;
                    break;
                }
            }
            *out = r;
            return;
        }
    }
    for (int64_t i = 0; i < n; ++i) {
        if (truth<I>(ld<T>(a + i * stride)) != ALL) {
            r = ALL ? 0 : 1;
            break;
        }
    }
    *out = r;
}

template <int I, bool MAX>
void one_arg(int64_t n, const char *a, int64_t stride, char *out) {
    typedef typename Ty<I>::T T;
    if (n <= 0) return;
    int64_t best_i = 0;
    if constexpr (I == ARRPY_BOOL) {
        for (int64_t i = 0; i < n; ++i) {
            if ((ld<T>(a + i * stride) != 0) == MAX) { best_i = i; break; }
        }
        st<int64_t>(out, best_i);
        return;
    }
#if ARRPY_SIMD_BYTES > 0
    if constexpr (is_fl(I) || is_int(I)) {
        if (stride == static_cast<int64_t>(sizeof(T))) {
            st<int64_t>(out, vargminmax<T, MAX>(reinterpret_cast<const T *>(a), n));
            return;
        }
    }
#endif
    T best = ld<T>(a);
    if (!is_nan_elem<I>(best)) {
        for (int64_t i = 1; i < n; ++i) {
            const T x = ld<T>(a + i * stride);
            if (arg_better<I, MAX>(x, best)) {
                best = x;
                best_i = i;
                if (is_nan_elem<I>(x)) break;
            }
        }
    }
    st<int64_t>(out, best_i);
}

// ---------------------------------------------------------------------------------------------
// Row kernels (axis 0 of a C matrix): m adjacent outputs, accumulators in a column block.

constexpr int64_t kCols = 1024;  // must match reduce_dispatch.cpp
constexpr int64_t kRowBlock = 128;

template <int OP, int I, int O>
void rows_kernel(int64_t m, int64_t n, const char *a, int64_t stride, char *out, int64_t so) {
    typedef typename Ty<I>::T T;
    typedef typename Ty<O>::T A;
    constexpr int64_t isz = sizeof(T);
    for (int64_t j0 = 0; j0 < m; j0 += kCols) {
        const int64_t bm = m - j0 < kCols ? m - j0 : kCols;
        const char *base = a + j0 * isz;
        char *ob = out + j0 * so;
        if constexpr (OP == ARRPY_SUMSQDEV) {
            // Two passes over the rows: column sums -> means, then the squared deviations.
            typedef A R;
            constexpr int C = is_cx(I) ? 2 : 1;
            typedef typename Num<I>::S S;
            R tot[C * kCols], part[C * kCols], mean[C * kCols];
            const int64_t w = C * bm;
            for (int pass = 0; pass < 2; ++pass) {
                for (int64_t j = 0; j < w; ++j) tot[j] = 0;
                for (int64_t k0 = 0; k0 < n; k0 += kRowBlock) {
                    const int64_t k1 = n - k0 < kRowBlock ? n : k0 + kRowBlock;
                    for (int64_t j = 0; j < w; ++j) part[j] = 0;
                    for (int64_t k = k0; k < k1; ++k) {
                        const S *__restrict row = reinterpret_cast<const S *>(base + k * stride);
                        if (pass == 0) {
                            for (int64_t j = 0; j < w; ++j) part[j] += static_cast<R>(row[j]);
                        } else {
                            for (int64_t j = 0; j < w; ++j) {
                                const R d = static_cast<R>(row[j]) - mean[j];
                                part[j] += d * d;
                            }
                        }
                    }
                    for (int64_t j = 0; j < w; ++j) tot[j] += part[j];
                }
                if (pass == 0)
                    for (int64_t j = 0; j < w; ++j) mean[j] = tot[j] / static_cast<R>(n);
            }
            for (int64_t j = 0; j < bm; ++j) {
                if constexpr (is_cx(I)) st<R>(ob + j * so, R(0) + (tot[2 * j] + tot[2 * j + 1]));
                else st<R>(ob + j * so, R(0) + tot[j]);
            }
        } else if constexpr (OP == ARRPY_SUM && (is_fl(O) || is_cx(O))) {
            typedef typename std::conditional<O == ARRPY_FLOAT32 || O == ARRPY_COMPLEX64, float, double>::type R;
            constexpr int C = is_cx(O) ? 2 : 1;
            typedef typename std::conditional<is_cx(O), R, T>::type S;  // scalar input numbers
            R tot[C * kCols], part[C * kCols];
            const int64_t w = C * bm;
            for (int64_t j = 0; j < w; ++j) tot[j] = 0;
            for (int64_t k0 = 0; k0 < n; k0 += kRowBlock) {
                const int64_t k1 = n - k0 < kRowBlock ? n : k0 + kRowBlock;
                for (int64_t j = 0; j < w; ++j) part[j] = 0;
                for (int64_t k = k0; k < k1; ++k) {
                    const S *__restrict row = reinterpret_cast<const S *>(base + k * stride);
                    if constexpr (I == ARRPY_BOOL) {
                        for (int64_t j = 0; j < w; ++j) part[j] += static_cast<R>(row[j] != 0);
                    } else {
                        for (int64_t j = 0; j < w; ++j) part[j] += static_cast<R>(row[j]);
                    }
                }
                for (int64_t j = 0; j < w; ++j) tot[j] += part[j];
            }
            for (int64_t j = 0; j < bm; ++j) {
                if constexpr (is_cx(O)) st<A>(ob + j * so, A{R(0) + tot[2 * j], R(0) + tot[2 * j + 1]});
                else st<A>(ob + j * so, R(0) + tot[j]);
            }
        } else if constexpr (OP == ARRPY_SUM || OP == ARRPY_PROD) {
            typedef Acc<OP, I, O> P;
            A acc[kCols];
            for (int64_t j = 0; j < bm; ++j) acc[j] = P::identity();
            for (int64_t k = 0; k < n; ++k) {
                const T *__restrict row = reinterpret_cast<const T *>(base + k * stride);
                for (int64_t j = 0; j < bm; ++j) acc[j] = P::step(acc[j], row[j]);
            }
            for (int64_t j = 0; j < bm; ++j) st<A>(ob + j * so, acc[j]);
        } else if constexpr (OP == ARRPY_MIN || OP == ARRPY_MAX) {
            typedef MinMax<I, OP == ARRPY_MAX> M;
            T acc[kCols];
            const T *r0 = reinterpret_cast<const T *>(base);
            for (int64_t j = 0; j < bm; ++j) acc[j] = M::first(r0[j]);
            for (int64_t k = 1; k < n; ++k) {
                const T *__restrict row = reinterpret_cast<const T *>(base + k * stride);
                int64_t j = 0;
#if ARRPY_SIMD_BYTES > 0
                if constexpr (is_fl(I)) {
                    typedef VT<T> W;
                    for (; j + W::L <= bm; j += W::L) {
                        const typename W::V c = W::load(acc + j), x = W::load(row + j);
                        const auto keep = (OP == ARRPY_MAX ? c >= x : c <= x) | (c != c);
                        const typename W::V r = keep ? c : x;
                        __builtin_memcpy(acc + j, &r, sizeof r);
                    }
                }
#endif
                for (; j < bm; ++j) acc[j] = M::step(acc[j], row[j]);
            }
            for (int64_t j = 0; j < bm; ++j) st<T>(ob + j * so, acc[j]);
        } else if constexpr (OP == ARRPY_ALL || OP == ARRPY_ANY) {
            uint8_t acc[kCols];
            for (int64_t j = 0; j < bm; ++j) acc[j] = OP == ARRPY_ALL;
            for (int64_t k = 0; k < n; ++k) {
                const T *__restrict row = reinterpret_cast<const T *>(base + k * stride);
                if constexpr (OP == ARRPY_ALL) {
                    for (int64_t j = 0; j < bm; ++j) acc[j] &= static_cast<uint8_t>(truth<I>(row[j]));
                } else {
                    for (int64_t j = 0; j < bm; ++j) acc[j] |= static_cast<uint8_t>(truth<I>(row[j]));
                }
            }
            for (int64_t j = 0; j < bm; ++j) ob[j * so] = acc[j];
        } else {  // ARGMIN / ARGMAX
            constexpr bool MAX = OP == ARRPY_ARGMAX;
            T val[kCols];
            int64_t idx[kCols];
            const T *r0 = reinterpret_cast<const T *>(base);
            for (int64_t j = 0; j < bm; ++j) { val[j] = r0[j]; idx[j] = 0; }
            for (int64_t k = 1; k < n; ++k) {
                const T *__restrict row = reinterpret_cast<const T *>(base + k * stride);
                for (int64_t j = 0; j < bm; ++j) {
                    const bool b = arg_better<I, MAX>(row[j], val[j]);
                    val[j] = b ? row[j] : val[j];
                    idx[j] = b ? k : idx[j];
                }
            }
            for (int64_t j = 0; j < bm; ++j) st<int64_t>(ob + j * so, idx[j]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The table.

template <int OP, int I, int O>
void one_kernel(int64_t n, const char *a, int64_t stride, char *out) {
    if constexpr (OP == ARRPY_SUM) one_sum<I, O>(n, a, stride, out);
    else if constexpr (OP == ARRPY_PROD) one_prod<I, O>(n, a, stride, out);
    else if constexpr (OP == ARRPY_MIN || OP == ARRPY_MAX) one_minmax<I, OP == ARRPY_MAX>(n, a, stride, out);
    else if constexpr (OP == ARRPY_ALL || OP == ARRPY_ANY) one_allany<I, OP == ARRPY_ALL>(n, a, stride, out);
    else if constexpr (OP == ARRPY_SUMSQDEV) one_sqdev<I, O>(n, a, stride, out);
    else one_arg<I, OP == ARRPY_ARGMAX>(n, a, stride, out);
}

template <int OP, int I, int O>
void fill_one(arrpy_reduce_table &t) {
    if constexpr (arrpy_cpp_is_reduce_supported(OP, I, O)) {
        t.one[OP][I][O] = &one_kernel<OP, I, O>;
        t.rows[OP][I][O] = &rows_kernel<OP, I, O>;
    }
}
template <int OP, int I>
void fill_in(arrpy_reduce_table &t) {
    fill_one<OP, I, ARRPY_BOOL>(t); fill_one<OP, I, ARRPY_INT8>(t); fill_one<OP, I, ARRPY_UINT8>(t);
    fill_one<OP, I, ARRPY_INT16>(t); fill_one<OP, I, ARRPY_UINT16>(t); fill_one<OP, I, ARRPY_INT32>(t);
    fill_one<OP, I, ARRPY_UINT32>(t); fill_one<OP, I, ARRPY_INT64>(t); fill_one<OP, I, ARRPY_UINT64>(t);
    fill_one<OP, I, ARRPY_FLOAT32>(t); fill_one<OP, I, ARRPY_FLOAT64>(t);
    fill_one<OP, I, ARRPY_COMPLEX64>(t); fill_one<OP, I, ARRPY_COMPLEX128>(t);
}
template <int OP>
void fill_op(arrpy_reduce_table &t) {
    fill_in<OP, ARRPY_BOOL>(t); fill_in<OP, ARRPY_INT8>(t); fill_in<OP, ARRPY_UINT8>(t);
    fill_in<OP, ARRPY_INT16>(t); fill_in<OP, ARRPY_UINT16>(t); fill_in<OP, ARRPY_INT32>(t);
    fill_in<OP, ARRPY_UINT32>(t); fill_in<OP, ARRPY_INT64>(t); fill_in<OP, ARRPY_UINT64>(t);
    fill_in<OP, ARRPY_FLOAT32>(t); fill_in<OP, ARRPY_FLOAT64>(t);
    fill_in<OP, ARRPY_COMPLEX64>(t); fill_in<OP, ARRPY_COMPLEX128>(t);
}

struct TableHolder {
    arrpy_reduce_table t;
    TableHolder() {
        __builtin_memset(&t, 0, sizeof t);
#if ARRPY_SIMD_BYTES == 32
        t.name = "avx2";
#elif ARRPY_SIMD_BYTES == 16
        t.name = "neon";
#else
        t.name = "scalar";
#endif
        fill_op<ARRPY_SUM>(t); fill_op<ARRPY_PROD>(t); fill_op<ARRPY_MIN>(t); fill_op<ARRPY_MAX>(t);
        fill_op<ARRPY_ALL>(t); fill_op<ARRPY_ANY>(t); fill_op<ARRPY_ARGMIN>(t); fill_op<ARRPY_ARGMAX>(t);
        fill_op<ARRPY_SUMSQDEV>(t);
    }
};

}  // namespace

const arrpy_reduce_table *get_reduce_table() {
    static const TableHolder holder;
    return &holder.t;
}

}  // namespace ARRPY_KERNEL_NS
