// Elementwise binary and comparison loops, compiled once per SIMD flavour.
//
// This header has NO include guard around its body on purpose: a translation unit defines
//   ARRPY_KERNEL_NS    the namespace to put this flavour in (arrpy_avx2, arrpy_neon, arrpy_scalar)
//   ARRPY_SIMD_LEVEL   0 = plain C++ loops, 1 = NEON intrinsics (aarch64), 2 = AVX2 intrinsics
// and includes it; it defines ARRPY_KERNEL_NS::get_table(). Everything else lives in an anonymous
// namespace (internal linkage), so no inline function compiled with -mavx2 can be merged by the
// linker into code that runs on a CPU without AVX2. For the same reason this header calls no
// out-of-line library template (no <algorithm>, no std::complex).
//
// Semantics (match NumPy bit for bit): integers wrap (arithmetic in the unsigned type), bool
// add/multiply and bitwise and/or/xor are logical (0/1 results), real float ops are single IEEE operations (the build passes
// -ffp-contract=off), complex multiply is NumPy's fused formula (see CMul) and complex divide is
// NumPy's Smith algorithm.

#if !defined(ARRPY_KERNEL_NS) || !defined(ARRPY_SIMD_LEVEL)
#error "define ARRPY_KERNEL_NS and ARRPY_SIMD_LEVEL before including elementwise_impl.hpp"
#endif

#include <math.h>
#include <stdint.h>

#include <type_traits>

#include "kernel_table.hpp"

#if ARRPY_SIMD_LEVEL == 2
#include <immintrin.h>
#elif ARRPY_SIMD_LEVEL == 1
#include <arm_neon.h>
#endif

namespace ARRPY_KERNEL_NS {
namespace {

// ---------------------------------------------------------------------------------------------
// Scalar element operations.

// Unsigned type used for wrap-around integer arithmetic (at least `unsigned int`, so that e.g.
// uint16*uint16 is not promoted to a signed int that could overflow).
template <class T>
struct WrapType {
    typedef typename std::conditional<(sizeof(T) < sizeof(unsigned)), unsigned,
                                      typename std::make_unsigned<T>::type>::type type;
};

struct OpAdd {
    template <class T>
    static inline T f(T a, T b) {
        if constexpr (std::is_integral<T>::value) {
            typedef typename WrapType<T>::type U;
            return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
        } else {
            return a + b;
        }
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::add(a, b); }
};

struct OpSub {
    template <class T>
    static inline T f(T a, T b) {
        if constexpr (std::is_integral<T>::value) {
            typedef typename WrapType<T>::type U;
            return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
        } else {
            return a - b;
        }
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::sub(a, b); }
};

struct OpMul {
    template <class T>
    static inline T f(T a, T b) {
        if constexpr (std::is_integral<T>::value) {
            typedef typename WrapType<T>::type U;
            return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
        } else {
            return a * b;
        }
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::mul(a, b); }
};

struct OpDiv {  // floating point only
    template <class T>
    static inline T f(T a, T b) {
        static_assert(std::is_floating_point<T>::value, "true division is float-only here");
        return a / b;
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::div(a, b); }
};

// bool (one byte, any nonzero = true, result 0/1)
struct OpOr {
    template <class T>
    static inline T f(T a, T b) { return static_cast<T>((a != 0) | (b != 0)); }
};
struct OpAnd {
    template <class T>
    static inline T f(T a, T b) { return static_cast<T>((a != 0) & (b != 0)); }
};
struct OpXor {
    template <class T>
    static inline T f(T a, T b) { return static_cast<T>((a != 0) ^ (b != 0)); }
};

// Bitwise and / or / xor, integer dtypes only (bool uses OpAnd / OpOr / OpXor above).
struct OpBitAnd {
    template <class T>
    static inline T f(T a, T b) {
        static_assert(std::is_integral<T>::value, "bitwise ops are integer-only");
        return static_cast<T>(a & b);
    }
};
struct OpBitOr {
    template <class T>
    static inline T f(T a, T b) {
        static_assert(std::is_integral<T>::value, "bitwise ops are integer-only");
        return static_cast<T>(a | b);
    }
};
struct OpBitXor {
    template <class T>
    static inline T f(T a, T b) {
        static_assert(std::is_integral<T>::value, "bitwise ops are integer-only");
        return static_cast<T>(a ^ b);
    }
};

// ---------------------------------------------------------------------------------------------
// Plain contiguous / broadcast loops (auto-vectorised by the compiler for the unit's ISA).

template <class Op, class T>
struct PlainKern {
    static void contig(int64_t n, const T *a, const T *b, T *o) {
        for (int64_t i = 0; i < n; ++i) o[i] = Op::f(a[i], b[i]);
    }
    static void scalar_a(int64_t n, T a, const T *b, T *o) {
        for (int64_t i = 0; i < n; ++i) o[i] = Op::f(a, b[i]);
    }
    static void scalar_b(int64_t n, const T *a, T b, T *o) {
        for (int64_t i = 0; i < n; ++i) o[i] = Op::f(a[i], b);
    }
};

// ---------------------------------------------------------------------------------------------
// Explicit SIMD loops for float32 / float64.

#if ARRPY_SIMD_LEVEL == 2
struct VecF64 {
    typedef double T;
    typedef __m256d V;
    static constexpr int W = 4;
    static inline V load(const T *p) { return _mm256_loadu_pd(p); }
    static inline void store(T *p, V v) { _mm256_storeu_pd(p, v); }
    static inline V set1(T x) { return _mm256_set1_pd(x); }
    static inline V add(V a, V b) { return _mm256_add_pd(a, b); }
    static inline V sub(V a, V b) { return _mm256_sub_pd(a, b); }
    static inline V mul(V a, V b) { return _mm256_mul_pd(a, b); }
    static inline V div(V a, V b) { return _mm256_div_pd(a, b); }
};
struct VecF32 {
    typedef float T;
    typedef __m256 V;
    static constexpr int W = 8;
    static inline V load(const T *p) { return _mm256_loadu_ps(p); }
    static inline void store(T *p, V v) { _mm256_storeu_ps(p, v); }
    static inline V set1(T x) { return _mm256_set1_ps(x); }
    static inline V add(V a, V b) { return _mm256_add_ps(a, b); }
    static inline V sub(V a, V b) { return _mm256_sub_ps(a, b); }
    static inline V mul(V a, V b) { return _mm256_mul_ps(a, b); }
    static inline V div(V a, V b) { return _mm256_div_ps(a, b); }
};
#elif ARRPY_SIMD_LEVEL == 1
struct VecF64 {
    typedef double T;
    typedef float64x2_t V;
    static constexpr int W = 2;
    static inline V load(const T *p) { return vld1q_f64(p); }
    static inline void store(T *p, V v) { vst1q_f64(p, v); }
    static inline V set1(T x) { return vdupq_n_f64(x); }
    static inline V add(V a, V b) { return vaddq_f64(a, b); }
    static inline V sub(V a, V b) { return vsubq_f64(a, b); }
    static inline V mul(V a, V b) { return vmulq_f64(a, b); }
    static inline V div(V a, V b) { return vdivq_f64(a, b); }
};
struct VecF32 {
    typedef float T;
    typedef float32x4_t V;
    static constexpr int W = 4;
    static inline V load(const T *p) { return vld1q_f32(p); }
    static inline void store(T *p, V v) { vst1q_f32(p, v); }
    static inline V set1(T x) { return vdupq_n_f32(x); }
    static inline V add(V a, V b) { return vaddq_f32(a, b); }
    static inline V sub(V a, V b) { return vsubq_f32(a, b); }
    static inline V mul(V a, V b) { return vmulq_f32(a, b); }
    static inline V div(V a, V b) { return vdivq_f32(a, b); }
};
#endif

#if ARRPY_SIMD_LEVEL > 0
// 4x unrolled, unaligned loads; every block loads before it stores, so out == a or out == b
// (in-place) is fine. The scalar tail uses the same IEEE operation, so results do not depend on
// where an element falls.
template <class Op, class VT>
struct SimdKern {
    typedef typename VT::T T;
    typedef typename VT::V V;
    static constexpr int W = VT::W;

    static void contig(int64_t n, const T *a, const T *b, T *o) {
        int64_t i = 0;
        for (; i + 4 * W <= n; i += 4 * W) {
            V a0 = VT::load(a + i), a1 = VT::load(a + i + W);
            V a2 = VT::load(a + i + 2 * W), a3 = VT::load(a + i + 3 * W);
            V b0 = VT::load(b + i), b1 = VT::load(b + i + W);
            V b2 = VT::load(b + i + 2 * W), b3 = VT::load(b + i + 3 * W);
            VT::store(o + i, Op::template v<VT>(a0, b0));
            VT::store(o + i + W, Op::template v<VT>(a1, b1));
            VT::store(o + i + 2 * W, Op::template v<VT>(a2, b2));
            VT::store(o + i + 3 * W, Op::template v<VT>(a3, b3));
        }
        for (; i + W <= n; i += W) VT::store(o + i, Op::template v<VT>(VT::load(a + i), VT::load(b + i)));
        for (; i < n; ++i) o[i] = Op::f(a[i], b[i]);
    }
    static void scalar_a(int64_t n, T a, const T *b, T *o) {
        const V va = VT::set1(a);
        int64_t i = 0;
        for (; i + 4 * W <= n; i += 4 * W) {
            V b0 = VT::load(b + i), b1 = VT::load(b + i + W);
            V b2 = VT::load(b + i + 2 * W), b3 = VT::load(b + i + 3 * W);
            VT::store(o + i, Op::template v<VT>(va, b0));
            VT::store(o + i + W, Op::template v<VT>(va, b1));
            VT::store(o + i + 2 * W, Op::template v<VT>(va, b2));
            VT::store(o + i + 3 * W, Op::template v<VT>(va, b3));
        }
        for (; i + W <= n; i += W) VT::store(o + i, Op::template v<VT>(va, VT::load(b + i)));
        for (; i < n; ++i) o[i] = Op::f(a, b[i]);
    }
    static void scalar_b(int64_t n, const T *a, T b, T *o) {
        const V vb = VT::set1(b);
        int64_t i = 0;
        for (; i + 4 * W <= n; i += 4 * W) {
            V a0 = VT::load(a + i), a1 = VT::load(a + i + W);
            V a2 = VT::load(a + i + 2 * W), a3 = VT::load(a + i + 3 * W);
            VT::store(o + i, Op::template v<VT>(a0, vb));
            VT::store(o + i + W, Op::template v<VT>(a1, vb));
            VT::store(o + i + 2 * W, Op::template v<VT>(a2, vb));
            VT::store(o + i + 3 * W, Op::template v<VT>(a3, vb));
        }
        for (; i + W <= n; i += W) VT::store(o + i, Op::template v<VT>(VT::load(a + i), vb));
        for (; i < n; ++i) o[i] = Op::f(a[i], b);
    }
};
#endif

// Kernel selection: explicit SIMD for float32/float64 when the flavour has it.
template <class Op, class T>
struct KernSel {
    typedef PlainKern<Op, T> type;
};
#if ARRPY_SIMD_LEVEL > 0
template <class Op>
struct KernSel<Op, double> {
    typedef SimdKern<Op, VecF64> type;
};
template <class Op>
struct KernSel<Op, float> {
    typedef SimdKern<Op, VecF32> type;
};
#endif

// The 1-D loop for real and bool dtypes.
template <class Op, class T>
void loop_real(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    typedef typename KernSel<Op, T>::type K;
    const int64_t is = static_cast<int64_t>(sizeof(T));
    if (so == is) {
        if (sa == is && sb == is) {
            K::contig(n, reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b),
                      reinterpret_cast<T *>(o));
            return;
        }
        if (sa == 0 && sb == is) {
            K::scalar_a(n, *reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b),
                        reinterpret_cast<T *>(o));
            return;
        }
        if (sa == is && sb == 0) {
            K::scalar_b(n, reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b),
                        reinterpret_cast<T *>(o));
            return;
        }
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        *reinterpret_cast<T *>(o) =
            Op::f(*reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b));
    }
}

// ---------------------------------------------------------------------------------------------
// Complex (interleaved real, imag; R = float or double).
//
// -ffp-contract=off is not enough here: gcc 12's SLP vectoriser turns the two lanes of
// "x*y - z*w, x*w + z*y" into vfmaddsub (FMA) on FMA targets regardless of the flag, which changes
// results by an ulp. An empty asm on each product makes it opaque, so it is rounded on its own
// and never fused. It costs nothing on x86 (the value already is in an xmm register).

#if ARRPY_SIMD_LEVEL == 0 && !defined(__FMA__) && !defined(__aarch64__) && !defined(__powerpc__) && \
    !defined(__s390__)
#define ARRPY_OPAQUE(x) ((void)0)  // no FMA instructions in this unit's ISA
#elif defined(__x86_64__) || defined(__i386__)
#define ARRPY_OPAQUE(x) __asm__("" : "+x"(x))
#elif defined(__aarch64__)
#define ARRPY_OPAQUE(x) __asm__("" : "+w"(x))
#else
#define ARRPY_OPAQUE(x) __asm__("" : "+m"(x))  // other targets: round-trip through memory
#endif

template <class R>
static inline R pmul(R x, R y) {  // x*y, rounded, never fused into a following add
    R p = x * y;
    ARRPY_OPAQUE(p);
    return p;
}

struct CAdd {
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) { re = ar + br; im = ai + bi; }
};
struct CSub {
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) { re = ar - br; im = ai - bi; }
};
static inline float fused(float x, float y, float z) { return __builtin_fmaf(x, y, z); }
static inline double fused(double x, double y, double z) { return __builtin_fma(x, y, z); }

// Complex multiply, the formula NumPy 2.x's SIMD loop uses on FMA hardware (simd_cmul =
// npyv_muladdsub(a_re, b, a_im * b_rev)), in every flavour and for every layout:
//   re = fma(ar, br, -(ai*bi)),  im = fma(ar, bi, ai*br)
// Not C99 Annex G (no inf/nan recovery). The plain formula (each product rounded) differs by more
// than one ulp in ~4% of random inputs. NumPy itself uses the plain formula in its scalar loop
// (e.g. complex64 with a negative input stride, or a CPU without FMA); arrpy's result does not
// depend on the layout or the CPU. On a CPU without FMA, fma() is glibc's exact software version.
struct CMul {
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        re = fused(ar, br, -pmul(ai, bi));
        im = fused(ar, bi, pmul(ai, br));
    }
};

struct CDiv {  // NumPy's Smith algorithm, computed in R
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        const R abs_br = fabs(br), abs_bi = fabs(bi);
        if (abs_br >= abs_bi) {
            if (abs_br == 0 && abs_bi == 0) {
                re = ar / abs_br;
                im = ai / abs_br;
            } else {
                const R rat = bi / br;
                const R scl = R(1) / (br + pmul(bi, rat));
                re = (ar + pmul(ai, rat)) * scl;
                im = (ai - pmul(ar, rat)) * scl;
            }
        } else {
            const R rat = br / bi;
            const R scl = R(1) / (bi + pmul(br, rat));
            re = (pmul(ar, rat) + ai) * scl;
            im = (pmul(ai, rat) - ar) * scl;
        }
    }
};

template <class Op, class R>
struct CPlainKern {
    static void contig(int64_t n, const R *a, const R *b, R *o) {
        for (int64_t i = 0; i < n; ++i) {
            R re, im;
            Op::c(a[2 * i], a[2 * i + 1], b[2 * i], b[2 * i + 1], re, im);
            o[2 * i] = re;
            o[2 * i + 1] = im;
        }
    }
    static void scalar_a(int64_t n, R ar, R ai, const R *b, R *o) {
        for (int64_t i = 0; i < n; ++i) {
            R re, im;
            Op::c(ar, ai, b[2 * i], b[2 * i + 1], re, im);
            o[2 * i] = re;
            o[2 * i + 1] = im;
        }
    }
    static void scalar_b(int64_t n, const R *a, R br, R bi, R *o) {
        for (int64_t i = 0; i < n; ++i) {
            R re, im;
            Op::c(a[2 * i], a[2 * i + 1], br, bi, re, im);
            o[2 * i] = re;
            o[2 * i + 1] = im;
        }
    }
};

// Contiguous complex add/subtract is real add/subtract over 2n numbers.
template <class Op, class ROp, class R>
struct CComponentwiseKern : CPlainKern<Op, R> {
    static void contig(int64_t n, const R *a, const R *b, R *o) {
        KernSel<ROp, R>::type::contig(2 * n, a, b, o);
    }
};

#if ARRPY_SIMD_LEVEL == 2
// Complex multiply with AVX2, bit-identical to CMul::c (NumPy's simd_cmul):
//   fmaddsub([ar, ar], [br, bi], [ai*bi, ai*br]) = [fma(ar, br, -ai*bi), fma(ar, bi, ai*br)].
// (ARRPY_OPAQUE keeps the products rounded; see above.)
struct CMulVecF64 {
    typedef double R;
    typedef __m256d V;
    static constexpr int N = 2;  // complex numbers per vector
    static inline V load(const R *p) { return _mm256_loadu_pd(p); }
    static inline void store(R *p, V v) { _mm256_storeu_pd(p, v); }
    static inline V set1(R re, R im) { return _mm256_setr_pd(re, im, re, im); }
    static inline V mul(V a, V b) {
        const V are = _mm256_movedup_pd(a);        // [ar, ar]
        const V aim = _mm256_permute_pd(a, 0xF);   // [ai, ai]
        const V brev = _mm256_permute_pd(b, 0x5);  // [bi, br]
        V t = _mm256_mul_pd(aim, brev);  // [ai*bi, ai*br]
        ARRPY_OPAQUE(t);
        return _mm256_fmaddsub_pd(are, b, t);
    }
};
struct CMulVecF32 {
    typedef float R;
    typedef __m256 V;
    static constexpr int N = 4;
    static inline V load(const R *p) { return _mm256_loadu_ps(p); }
    static inline void store(R *p, V v) { _mm256_storeu_ps(p, v); }
    static inline V set1(R re, R im) { return _mm256_setr_ps(re, im, re, im, re, im, re, im); }
    static inline V mul(V a, V b) {
        const V are = _mm256_moveldup_ps(a);
        const V aim = _mm256_movehdup_ps(a);
        const V brev = _mm256_permute_ps(b, 0xB1);
        V t = _mm256_mul_ps(aim, brev);
        ARRPY_OPAQUE(t);
        return _mm256_fmaddsub_ps(are, b, t);
    }
};

template <class CV>
struct CMulSimdKern {
    typedef typename CV::R R;
    typedef typename CV::V V;
    static constexpr int N = CV::N;
    static void contig(int64_t n, const R *a, const R *b, R *o) {
        int64_t i = 0;
        for (; i + 2 * N <= n; i += 2 * N) {
            V a0 = CV::load(a + 2 * i), a1 = CV::load(a + 2 * i + 2 * N);
            V b0 = CV::load(b + 2 * i), b1 = CV::load(b + 2 * i + 2 * N);
            CV::store(o + 2 * i, CV::mul(a0, b0));
            CV::store(o + 2 * i + 2 * N, CV::mul(a1, b1));
        }
        for (; i + N <= n; i += N) CV::store(o + 2 * i, CV::mul(CV::load(a + 2 * i), CV::load(b + 2 * i)));
        CPlainKern<CMul, R>::contig(n - i, a + 2 * i, b + 2 * i, o + 2 * i);
    }
    static void scalar_a(int64_t n, R ar, R ai, const R *b, R *o) {
        const V va = CV::set1(ar, ai);
        int64_t i = 0;
        for (; i + N <= n; i += N) CV::store(o + 2 * i, CV::mul(va, CV::load(b + 2 * i)));
        CPlainKern<CMul, R>::scalar_a(n - i, ar, ai, b + 2 * i, o + 2 * i);
    }
    static void scalar_b(int64_t n, const R *a, R br, R bi, R *o) {
        const V vb = CV::set1(br, bi);
        int64_t i = 0;
        for (; i + N <= n; i += N) CV::store(o + 2 * i, CV::mul(CV::load(a + 2 * i), vb));
        CPlainKern<CMul, R>::scalar_b(n - i, a + 2 * i, br, bi, o + 2 * i);
    }
};
#endif

template <class Op, class R>
struct CKernSel {
    typedef CPlainKern<Op, R> type;
};
template <class R>
struct CKernSel<CAdd, R> {
    typedef CComponentwiseKern<CAdd, OpAdd, R> type;
};
template <class R>
struct CKernSel<CSub, R> {
    typedef CComponentwiseKern<CSub, OpSub, R> type;
};
#if ARRPY_SIMD_LEVEL == 2
template <>
struct CKernSel<CMul, double> {
    typedef CMulSimdKern<CMulVecF64> type;
};
template <>
struct CKernSel<CMul, float> {
    typedef CMulSimdKern<CMulVecF32> type;
};
#endif

template <class Op, class R>
void loop_complex(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    typedef typename CKernSel<Op, R>::type K;
    const int64_t is = static_cast<int64_t>(2 * sizeof(R));
    if (so == is) {
        R *po = reinterpret_cast<R *>(o);
        const R *pa = reinterpret_cast<const R *>(a);
        const R *pb = reinterpret_cast<const R *>(b);
        if (sa == is && sb == is) {
            K::contig(n, pa, pb, po);
            return;
        }
        if (sa == 0 && sb == is) {
            K::scalar_a(n, pa[0], pa[1], pb, po);
            return;
        }
        if (sa == is && sb == 0) {
            K::scalar_b(n, pa, pb[0], pb[1], po);
            return;
        }
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        const R *pa = reinterpret_cast<const R *>(a);
        const R *pb = reinterpret_cast<const R *>(b);
        R re, im;
        Op::c(pa[0], pa[1], pb[0], pb[1], re, im);
        R *po = reinterpret_cast<R *>(o);
        po[0] = re;
        po[1] = im;
    }
}

// ---------------------------------------------------------------------------------------------
// Comparisons: a and b hold T, out holds one byte per element (0 or 1).
//
// f() compares two reals, c() two complex numbers (NumPy's lexicographic order with its nan rule,
// see abi.h). Bitwise & and | instead of && and || keep the loops branch-free, so they vectorise.
// Floats use the C operators: IEEE, every comparison with nan false except !=.

struct CmpEq {
    template <class T>
    static inline bool f(T a, T b) { return a == b; }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) { return (ar == br) & (ai == bi); }
};
struct CmpNe {
    template <class T>
    static inline bool f(T a, T b) { return a != b; }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) { return !((ar == br) & (ai == bi)); }
};
struct CmpLt {
    template <class T>
    static inline bool f(T a, T b) { return a < b; }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) {
        return ((ar < br) & (ai == ai) & (bi == bi)) | ((ar == br) & (ai < bi));
    }
};
struct CmpLe {
    template <class T>
    static inline bool f(T a, T b) { return a <= b; }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) {
        return ((ar < br) & (ai == ai) & (bi == bi)) | ((ar == br) & (ai <= bi));
    }
};
struct CmpGt {
    template <class T>
    static inline bool f(T a, T b) { return a > b; }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) {
        return ((ar > br) & (ai == ai) & (bi == bi)) | ((ar == br) & (ai > bi));
    }
};
struct CmpGe {
    template <class T>
    static inline bool f(T a, T b) { return a >= b; }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) {
        return ((ar > br) & (ai == ai) & (bi == bi)) | ((ar == br) & (ai >= bi));
    }
};

// Logical and / or / xor of the truth values: x != 0 (floats: nan true, -0.0 false; complex:
// either part nonzero). No SIMD specialisation: the plain loops vectorise.
struct LogAnd {
    template <class T>
    static inline bool f(T a, T b) { return (a != 0) & (b != 0); }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) {
        return ((ar != 0) | (ai != 0)) & ((br != 0) | (bi != 0));
    }
};
struct LogOr {
    template <class T>
    static inline bool f(T a, T b) { return (a != 0) | (b != 0); }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) {
        return ((ar != 0) | (ai != 0)) | ((br != 0) | (bi != 0));
    }
};
struct LogXor {
    template <class T>
    static inline bool f(T a, T b) { return (a != 0) ^ (b != 0); }
    template <class R>
    static inline bool c(R ar, R ai, R br, R bi) {
        return ((ar != 0) | (ai != 0)) ^ ((br != 0) | (bi != 0));
    }
};
template <class Op>
struct IsLogical : std::false_type {};
template <>
struct IsLogical<LogAnd> : std::true_type {};
template <>
struct IsLogical<LogOr> : std::true_type {};
template <>
struct IsLogical<LogXor> : std::true_type {};

// bool inputs: any nonzero byte is true, so normalise to 0/1 before comparing.
template <class Op>
struct CmpBool {
    template <class T>
    static inline bool f(T a, T b) {
        return Op::f(static_cast<uint8_t>(a != 0), static_cast<uint8_t>(b != 0));
    }
};

template <class Op, class T>
struct PlainCmpKern {
    static void contig(int64_t n, const T *a, const T *b, uint8_t *o) {
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<uint8_t>(Op::f(a[i], b[i]));
    }
    static void scalar_a(int64_t n, T a, const T *b, uint8_t *o) {
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<uint8_t>(Op::f(a, b[i]));
    }
    static void scalar_b(int64_t n, const T *a, T b, uint8_t *o) {
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<uint8_t>(Op::f(a[i], b));
    }
};

template <class Op, class T>
struct CmpKernSel {
    typedef PlainCmpKern<Op, T> type;
};

#if ARRPY_SIMD_LEVEL == 2
// AVX2 float32/float64: vcmpp[sd] -> movemask -> 16 result bits per block, expanded to 16 bytes.
// The predicates are the quiet (non-signalling) forms; NEQ is unordered (true for nan).
template <class Op>
struct CmpPred;
template <>
struct CmpPred<CmpEq> { static constexpr int p = _CMP_EQ_OQ; };
template <>
struct CmpPred<CmpNe> { static constexpr int p = _CMP_NEQ_UQ; };
template <>
struct CmpPred<CmpLt> { static constexpr int p = _CMP_LT_OQ; };
template <>
struct CmpPred<CmpLe> { static constexpr int p = _CMP_LE_OQ; };
template <>
struct CmpPred<CmpGt> { static constexpr int p = _CMP_GT_OQ; };
template <>
struct CmpPred<CmpGe> { static constexpr int p = _CMP_GE_OQ; };

struct CmpVecF64 {
    typedef double T;
    typedef __m256d V;
    static constexpr int W = 4;
    static inline V load(const T *p) { return _mm256_loadu_pd(p); }
    static inline V set1(T x) { return _mm256_set1_pd(x); }
    template <int P>
    static inline unsigned mask(V a, V b) {
        return static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(a, b, P)));
    }
};
struct CmpVecF32 {
    typedef float T;
    typedef __m256 V;
    static constexpr int W = 8;
    static inline V load(const T *p) { return _mm256_loadu_ps(p); }
    static inline V set1(T x) { return _mm256_set1_ps(x); }
    template <int P>
    static inline unsigned mask(V a, V b) {
        return static_cast<unsigned>(_mm256_movemask_ps(_mm256_cmp_ps(a, b, P)));
    }
};

// Stores bit j of m (j < 16) as byte o[j] (0 or 1).
static inline void store_bits16(uint8_t *o, unsigned m) {
    const __m128i sel = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    const __m128i bit = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
    __m128i v = _mm_shuffle_epi8(_mm_cvtsi32_si128(static_cast<int>(m)), sel);  // byte j: m's byte j/8
    v = _mm_cmpeq_epi8(_mm_and_si128(v, bit), bit);                               // 0xff or 0
    _mm_storeu_si128(reinterpret_cast<__m128i *>(o), _mm_and_si128(v, _mm_set1_epi8(1)));
}

template <class Op, class VT>
struct SimdCmpKern {
    typedef typename VT::T T;
    typedef typename VT::V V;
    static constexpr int W = VT::W;
    static constexpr int M = 16 / W;  // vectors per block of 16 elements
    static constexpr int P = CmpPred<Op>::p;

    // LA(i), LB(i): the vectors of a and b starting at element i.
    template <class LA, class LB>
    static inline int64_t blocks(int64_t n, LA la, LB lb, uint8_t *o) {
        int64_t i = 0;
        for (; i + 16 <= n; i += 16) {
            unsigned m = 0;
            for (int k = 0; k < M; ++k) m |= VT::template mask<P>(la(i + k * W), lb(i + k * W)) << (k * W);
            store_bits16(o + i, m);
        }
        return i;
    }
    static void contig(int64_t n, const T *a, const T *b, uint8_t *o) {
        int64_t i = blocks(
            n, [a](int64_t j) { return VT::load(a + j); }, [b](int64_t j) { return VT::load(b + j); }, o);
        for (; i < n; ++i) o[i] = static_cast<uint8_t>(Op::f(a[i], b[i]));
    }
    static void scalar_a(int64_t n, T a, const T *b, uint8_t *o) {
        const V va = VT::set1(a);
        int64_t i = blocks(
            n, [va](int64_t) { return va; }, [b](int64_t j) { return VT::load(b + j); }, o);
        for (; i < n; ++i) o[i] = static_cast<uint8_t>(Op::f(a, b[i]));
    }
    static void scalar_b(int64_t n, const T *a, T b, uint8_t *o) {
        const V vb = VT::set1(b);
        int64_t i = blocks(
            n, [a](int64_t j) { return VT::load(a + j); }, [vb](int64_t) { return vb; }, o);
        for (; i < n; ++i) o[i] = static_cast<uint8_t>(Op::f(a[i], b));
    }
};

// (Logical ops have no predicate: plain loops. Naming SimdCmpKern<LogAnd, ...> in
// std::conditional does not instantiate it.)
template <class Op>
struct CmpKernSel<Op, double> {
    typedef typename std::conditional<IsLogical<Op>::value, PlainCmpKern<Op, double>,
                                      SimdCmpKern<Op, CmpVecF64>>::type type;
};
template <class Op>
struct CmpKernSel<Op, float> {
    typedef typename std::conditional<IsLogical<Op>::value, PlainCmpKern<Op, float>,
                                      SimdCmpKern<Op, CmpVecF32>>::type type;
};
#endif

// The 1-D comparison loop for real and bool dtypes.
template <class Op, class T>
void loop_cmp(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    typedef typename CmpKernSel<Op, T>::type K;
    const int64_t is = static_cast<int64_t>(sizeof(T));
    uint8_t *po = reinterpret_cast<uint8_t *>(o);
    if (so == 1) {
        if (sa == is && sb == is) {
            K::contig(n, reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b), po);
            return;
        }
        if (sa == 0 && sb == is) {
            K::scalar_a(n, *reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b), po);
            return;
        }
        if (sa == is && sb == 0) {
            K::scalar_b(n, reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b), po);
            return;
        }
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        *reinterpret_cast<uint8_t *>(o) = static_cast<uint8_t>(
            Op::f(*reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b)));
    }
}

// The 1-D comparison loop for complex dtypes (interleaved R pairs).
template <class Op, class R>
void loop_cmp_complex(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o,
                      int64_t so) {
    const int64_t is = static_cast<int64_t>(2 * sizeof(R));
    if (so == 1) {
        uint8_t *po = reinterpret_cast<uint8_t *>(o);
        const R *pa = reinterpret_cast<const R *>(a);
        const R *pb = reinterpret_cast<const R *>(b);
        if (sa == is && sb == is) {
            for (int64_t i = 0; i < n; ++i)
                po[i] = static_cast<uint8_t>(Op::c(pa[2 * i], pa[2 * i + 1], pb[2 * i], pb[2 * i + 1]));
            return;
        }
        if (sa == 0 && sb == is) {
            const R ar = pa[0], ai = pa[1];
            for (int64_t i = 0; i < n; ++i)
                po[i] = static_cast<uint8_t>(Op::c(ar, ai, pb[2 * i], pb[2 * i + 1]));
            return;
        }
        if (sa == is && sb == 0) {
            const R br = pb[0], bi = pb[1];
            for (int64_t i = 0; i < n; ++i)
                po[i] = static_cast<uint8_t>(Op::c(pa[2 * i], pa[2 * i + 1], br, bi));
            return;
        }
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        const R *pa = reinterpret_cast<const R *>(a);
        const R *pb = reinterpret_cast<const R *>(b);
        *reinterpret_cast<uint8_t *>(o) = static_cast<uint8_t>(Op::c(pa[0], pa[1], pb[0], pb[1]));
    }
}

// ---------------------------------------------------------------------------------------------
// The table (constant-initialised: no code from this unit runs at load time).

#define ARRPY_REAL_ROW(OP)                                                                     \
    &loop_real<OP, int8_t>, &loop_real<OP, uint8_t>, &loop_real<OP, int16_t>,                  \
        &loop_real<OP, uint16_t>, &loop_real<OP, int32_t>, &loop_real<OP, uint32_t>,           \
        &loop_real<OP, int64_t>, &loop_real<OP, uint64_t>, &loop_real<OP, float>,              \
        &loop_real<OP, double>

#define ARRPY_INT_ROW(OP)                                                                      \
    &loop_real<OP, int8_t>, &loop_real<OP, uint8_t>, &loop_real<OP, int16_t>,                  \
        &loop_real<OP, uint16_t>, &loop_real<OP, int32_t>, &loop_real<OP, uint32_t>,           \
        &loop_real<OP, int64_t>, &loop_real<OP, uint64_t>

#define ARRPY_CMP_ROW(OP)                                                                      \
    {&loop_cmp<CmpBool<OP>, uint8_t>, &loop_cmp<OP, int8_t>, &loop_cmp<OP, uint8_t>,           \
     &loop_cmp<OP, int16_t>, &loop_cmp<OP, uint16_t>, &loop_cmp<OP, int32_t>,                  \
     &loop_cmp<OP, uint32_t>, &loop_cmp<OP, int64_t>, &loop_cmp<OP, uint64_t>,                 \
     &loop_cmp<OP, float>, &loop_cmp<OP, double>, &loop_cmp_complex<OP, float>,                \
     &loop_cmp_complex<OP, double>}

constexpr arrpy_kernel_table kTable = {
#if ARRPY_SIMD_LEVEL == 2
    "avx2",
#elif ARRPY_SIMD_LEVEL == 1
    "neon",
#else
    "scalar",
#endif
    {
        /* ADD */ {&loop_real<OpOr, uint8_t>, ARRPY_REAL_ROW(OpAdd), &loop_complex<CAdd, float>,
                   &loop_complex<CAdd, double>},
        /* SUBTRACT */ {nullptr, ARRPY_REAL_ROW(OpSub), &loop_complex<CSub, float>,
                        &loop_complex<CSub, double>},
        /* MULTIPLY */ {&loop_real<OpAnd, uint8_t>, ARRPY_REAL_ROW(OpMul),
                        &loop_complex<CMul, float>, &loop_complex<CMul, double>},
        /* DIVIDE */ {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                      nullptr, &loop_real<OpDiv, float>, &loop_real<OpDiv, double>,
                      &loop_complex<CDiv, float>, &loop_complex<CDiv, double>},
        /* BITWISE_AND */ {&loop_real<OpAnd, uint8_t>, ARRPY_INT_ROW(OpBitAnd), nullptr, nullptr,
                           nullptr, nullptr},
        /* BITWISE_OR */ {&loop_real<OpOr, uint8_t>, ARRPY_INT_ROW(OpBitOr), nullptr, nullptr,
                          nullptr, nullptr},
        /* BITWISE_XOR */ {&loop_real<OpXor, uint8_t>, ARRPY_INT_ROW(OpBitXor), nullptr, nullptr,
                           nullptr, nullptr},
    },
    {
        ARRPY_CMP_ROW(CmpEq),
        ARRPY_CMP_ROW(CmpNe),
        ARRPY_CMP_ROW(CmpLt),
        ARRPY_CMP_ROW(CmpLe),
        ARRPY_CMP_ROW(CmpGt),
        ARRPY_CMP_ROW(CmpGe),
        ARRPY_CMP_ROW(LogAnd),
        ARRPY_CMP_ROW(LogOr),
        ARRPY_CMP_ROW(LogXor),
    },
};

// A row left out of the initialiser above is silently all nullptr (ARRPY_NUM_*_OPS sizes the
// arrays): a pair that arrpy_cpp_is_supported / arrpy_cpp_is_compare_supported accepts would then
// return ARRPY_STATUS_UNSUPPORTED. (A static_assert over the table is not a constant expression
// under -fsanitize; selftest.cpp runs every supported pair instead.)

#undef ARRPY_REAL_ROW
#undef ARRPY_CMP_ROW
#undef ARRPY_INT_ROW
#undef ARRPY_OPAQUE

}  // namespace

const arrpy_kernel_table *get_table() { return &kTable; }

}  // namespace ARRPY_KERNEL_NS
