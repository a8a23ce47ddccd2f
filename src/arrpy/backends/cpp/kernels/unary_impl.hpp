// Elementwise unary loops, compiled once per SIMD flavour.
//
// No include guard around the body on purpose (as elementwise_impl.hpp): a translation unit defines
//   ARRPY_KERNEL_NS    the namespace of this flavour (arrpy_un_avx2, arrpy_un_neon, arrpy_un_scalar)
//   ARRPY_SIMD_LEVEL   0 = plain C++ loops, 1 = NEON intrinsics (aarch64), 2 = AVX2 intrinsics
// and includes it; it defines ARRPY_KERNEL_NS::get_unary_table(). Everything else has internal
// linkage, and only C functions of <math.h> and builtins are called (no library templates or
// inline library functions such as std::numeric_limits<>::infinity() or std::signbit, which an
// unoptimised build emits as weak symbols), so no code compiled with -mavx2 can be merged by the
// linker into code that runs without AVX2 (checked with nm at -O0: no weak symbols).
//
// Level 0 (scalar) fills every supported (op, dtype) entry, complex ones included (those come
// from unary_complex.hpp, included by the scalar flavour only, since they use std::complex).
// Levels 1 and 2 fill only what they speed up: the cheap real-float ops with explicit SIMD, the
// bool-result float tests (AVX2), the integer ops (plain loops, auto-vectorised for the flavour's
// ISA), and on AVX2 exp/log/sin/cos through arrpy::simd (simd_math.hpp).

#if !defined(ARRPY_KERNEL_NS) || !defined(ARRPY_SIMD_LEVEL)
#error "define ARRPY_KERNEL_NS and ARRPY_SIMD_LEVEL before including unary_impl.hpp"
#endif

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <type_traits>

#include "unary_table.hpp"

#if ARRPY_SIMD_LEVEL == 2
#include <immintrin.h>

#include "simd_math.hpp"
#elif ARRPY_SIMD_LEVEL == 1
#include <arm_neon.h>
#endif
#if ARRPY_SIMD_LEVEL == 0
#include <complex>  // unary_complex.hpp (scalar flavour only)
#endif

namespace ARRPY_KERNEL_NS {
namespace {

template <class T>
struct UWrap {
    typedef typename std::conditional<(sizeof(T) < sizeof(unsigned)), unsigned,
                                      typename std::make_unsigned<T>::type>::type type;
};

// <math.h> overloads by float / double (C functions only).
#define ARRPY_M1(name)                                          \
    inline float m_##name(float x) { return ::name##f(x); }     \
    inline double m_##name(double x) { return ::name(x); }
// float32 through the double function, rounded once: glibc's float versions of these are up to
// 2 ulp off (tanhf, sinhf, log10f, ...), the double ones rounded to float are within ~0.5 ulp.
// (expf, logf, sinf, cosf are already <= 1 ulp and much faster than the double ones.)
#define ARRPY_M1D(name)                                                                       \
    inline float m_##name(float x) { return static_cast<float>(::name(static_cast<double>(x))); } \
    inline double m_##name(double x) { return ::name(x); }
ARRPY_M1(sqrt) ARRPY_M1(exp) ARRPY_M1(log) ARRPY_M1(sin) ARRPY_M1(cos)
ARRPY_M1(floor) ARRPY_M1(ceil) ARRPY_M1(trunc) ARRPY_M1(rint) ARRPY_M1(fabs)
ARRPY_M1D(cbrt) ARRPY_M1D(exp2) ARRPY_M1D(expm1) ARRPY_M1D(log2) ARRPY_M1D(log10) ARRPY_M1D(log1p)
ARRPY_M1D(tan) ARRPY_M1D(asin) ARRPY_M1D(acos) ARRPY_M1D(atan) ARRPY_M1D(sinh) ARRPY_M1D(cosh)
ARRPY_M1D(tanh) ARRPY_M1D(asinh) ARRPY_M1D(acosh) ARRPY_M1D(atanh)
#undef ARRPY_M1
#undef ARRPY_M1D

template <class T>
constexpr bool is_int_v = std::is_integral<T>::value && !std::is_same<T, bool>::value;

// ---------------------------------------------------------------------------------------------
// Scalar element operations on bool (stored as uint8_t 0/1, any nonzero true), integers and
// real floats. `Out<T>` is the output element type.

struct SameOut { template <class T> using Out = T; };
struct BoolOut { template <class T> using Out = uint8_t; };

struct UNegative : SameOut {
    template <class T> static inline T f(T a) {
        if constexpr (std::is_integral<T>::value) {
            typedef typename UWrap<T>::type U;
            return static_cast<T>(static_cast<U>(U(0) - static_cast<U>(a)));
        } else {
            return -a;
        }
    }
};
struct UPositive : SameOut { template <class T> static inline T f(T a) { return a; } };
struct UCopy : SameOut { template <class T> static inline T f(T a) { return a; } };
struct UAbsolute : SameOut {
    template <class T> static inline T f(T a) {
        if constexpr (std::is_floating_point<T>::value) {
            return m_fabs(a);
        } else if constexpr (std::is_signed<T>::value) {
            typedef typename UWrap<T>::type U;
            return a < 0 ? static_cast<T>(static_cast<U>(U(0) - static_cast<U>(a))) : a;
        } else {
            return a;
        }
    }
};
struct UReciprocal : SameOut {
    template <class T> static inline T f(T a) {
        if constexpr (std::is_floating_point<T>::value) {
            return T(1) / a;
        } else {
            // (T)(1.0 / a) as NumPy computes it on x86-64 (cvttsd2si of +-inf or 1/a).
            if (a == 1) return 1;
            if constexpr (std::is_signed<T>::value) {
                if (a == -1) return static_cast<T>(-1);
                if (a == 0 && sizeof(T) >= 4) {  // T's minimum (no std::numeric_limits: see the top)
                    typedef typename std::make_unsigned<T>::type U;
                    return static_cast<T>(static_cast<U>(U(1) << (8 * sizeof(T) - 1)));
                }
            }
            return 0;
        }
    }
};
struct USquare : SameOut {
    template <class T> static inline T f(T a) {
        if constexpr (std::is_integral<T>::value) {
            typedef typename UWrap<T>::type U;
            return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(a)));
        } else {
            return a * a;
        }
    }
};

#define ARRPY_UMATH(Name, fn)                                              \
    struct Name : SameOut {                                                \
        template <class T> static inline T f(T a) { return m_##fn(a); }    \
    };
// cbrt: glibc's double cbrt is up to ~3 ulp off (e.g. cbrt(0.0008136745283182579) is
// 0x1.7e64aa57dc1d6p-4, NumPy 0x1.7e64aa57dc1d9p-4, the true value rounds to ...d9). One Newton
// step with an FMA-exact residual brings it to <= 1 ulp. Tiny / huge inputs are scaled by 2^+-300
// (exact) so the residual's products stay normal and finite; 0, inf and nan keep libm's result.
inline double cbrt_refined(double x) {
    double ax = ::fabs(x);
    if (!(ax > 0 && ax <= 1.79e308)) return ::cbrt(x);  // 0, inf, nan (and a margin at MAX)
    double scale = 1.0;
    double xs = x;
    if (ax < 0x1p-900) { xs = x * 0x1p300; scale = 0x1p-100; }
    else if (ax > 0x1p1000) { xs = x * 0x1p-300; scale = 0x1p100; }
    const double y = ::cbrt(xs);
    const double y2 = y * y, e2 = ::fma(y, y, -y2);       // y*y == y2 + e2 exactly
    const double y3 = y2 * y, e3 = ::fma(y2, y, -y3);     // y2*y == y3 + e3 exactly
    const double r = (y3 - xs) + (e3 + e2 * y);           // y^3 - x (y3 - x is exact: Sterbenz)
    return (y - r / (3.0 * y2)) * scale;
}
struct UCbrt : SameOut {
    static inline float f(float a) { return m_cbrt(a); }
    static inline double f(double a) { return cbrt_refined(a); }
};
ARRPY_UMATH(USqrt, sqrt) ARRPY_UMATH(UExp, exp) ARRPY_UMATH(UExp2, exp2)
ARRPY_UMATH(UExpm1, expm1) ARRPY_UMATH(ULog, log) ARRPY_UMATH(ULog2, log2)
ARRPY_UMATH(ULog10, log10) ARRPY_UMATH(ULog1p, log1p) ARRPY_UMATH(USin, sin)
ARRPY_UMATH(UCos, cos) ARRPY_UMATH(UTan, tan) ARRPY_UMATH(UArcsin, asin) ARRPY_UMATH(UArccos, acos)
ARRPY_UMATH(UArctan, atan) ARRPY_UMATH(USinh, sinh) ARRPY_UMATH(UCosh, cosh)
ARRPY_UMATH(UTanh, tanh) ARRPY_UMATH(UArcsinh, asinh) ARRPY_UMATH(UArccosh, acosh)
ARRPY_UMATH(UArctanh, atanh) ARRPY_UMATH(URint, rint)
#undef ARRPY_UMATH

// floor / ceil / trunc: copy for bool and integers.
#define ARRPY_UROUND(Name, fn)                                             \
    struct Name : SameOut {                                                \
        template <class T> static inline T f(T a) {                        \
            if constexpr (std::is_floating_point<T>::value) return m_##fn(a); \
            else return a;                                                 \
        }                                                                  \
    };
ARRPY_UROUND(UFloor, floor) ARRPY_UROUND(UCeil, ceil) ARRPY_UROUND(UTrunc, trunc)
#undef ARRPY_UROUND

// NumPy: x * (NPY_PI / 180) and x * (180 / NPY_PI), the constant computed in the dtype.
struct UDeg2rad : SameOut {
    template <class T> static inline T f(T a) { return a * (T(3.141592653589793238462643383279502884) / T(180)); }
};
struct URad2deg : SameOut {
    template <class T> static inline T f(T a) { return a * (T(180) / T(3.141592653589793238462643383279502884)); }
};
struct USign : SameOut {
    template <class T> static inline T f(T a) {
        if constexpr (std::is_floating_point<T>::value) {
            return a > 0 ? T(1) : a < 0 ? T(-1) : a == 0 ? T(0) : a;
        } else {
            return static_cast<T>((a > 0) - (a < 0));
        }
    }
};
struct UInvert : SameOut {
    template <class T> static inline T f(T a) {
        return static_cast<T>(~a);
    }
};
struct ULogicalNotBool : SameOut { static inline uint8_t f(uint8_t a) { return a == 0; } };

struct UIsnan : BoolOut {
    template <class T> static inline uint8_t f(T a) {
        if constexpr (std::is_floating_point<T>::value) return a != a; else { (void)a; return 0; }
    }
};
struct UIsinf : BoolOut {
    template <class T> static inline uint8_t f(T a) {
        if constexpr (std::is_floating_point<T>::value)
            return m_fabs(a) == T(INFINITY);
        else { (void)a; return 0; }
    }
};
struct UIsfinite : BoolOut {
    template <class T> static inline uint8_t f(T a) {
        if constexpr (std::is_floating_point<T>::value)
            return m_fabs(a) < T(INFINITY);
        else { (void)a; return 1; }
    }
};
struct USignbit : BoolOut {
    template <class T> static inline uint8_t f(T a) {
        static_assert(std::is_floating_point<T>::value, "signbit is float-only");
        return __builtin_signbit(a) ? 1 : 0;
    }
};
struct ULogicalNot : BoolOut { template <class T> static inline uint8_t f(T a) { return a == T(0); } };

// ---------------------------------------------------------------------------------------------
// Generic 1-D loop: contiguous, broadcast input, and strided cases.

template <class Op, class Tin, class Tout>
void loop_plain(int64_t n, const char *a, int64_t sa, char *out, int64_t so) {
    if (sa == static_cast<int64_t>(sizeof(Tin)) && so == static_cast<int64_t>(sizeof(Tout))) {
        const Tin *x = reinterpret_cast<const Tin *>(a);
        Tout *y = reinterpret_cast<Tout *>(out);
        for (int64_t i = 0; i < n; ++i) y[i] = Op::f(x[i]);
    } else if (sa == 0) {
        const Tout v = Op::f(*reinterpret_cast<const Tin *>(a));
        if (so == static_cast<int64_t>(sizeof(Tout))) {
            Tout *y = reinterpret_cast<Tout *>(out);
            for (int64_t i = 0; i < n; ++i) y[i] = v;
        } else {
            for (int64_t i = 0; i < n; ++i) *reinterpret_cast<Tout *>(out + i * so) = v;
        }
    } else {
        for (int64_t i = 0; i < n; ++i)
            *reinterpret_cast<Tout *>(out + i * so) = Op::f(*reinterpret_cast<const Tin *>(a + i * sa));
    }
}

template <class Op, class T>
void loop_same(int64_t n, const char *a, int64_t sa, char *out, int64_t so) {
    loop_plain<Op, T, T>(n, a, sa, out, so);
}
template <class Op, class T>
void loop_bool(int64_t n, const char *a, int64_t sa, char *out, int64_t so) {
    loop_plain<Op, T, uint8_t>(n, a, sa, out, so);
}

// ---------------------------------------------------------------------------------------------
// Explicit SIMD for the cheap real-float ops.

#if ARRPY_SIMD_LEVEL == 2
struct VD {
    typedef double T;
    typedef __m256d V;
    static constexpr int N = 4;
    static inline V load(const T *p) { return _mm256_loadu_pd(p); }
    static inline void store(T *p, V v) { _mm256_storeu_pd(p, v); }
    static inline V set1(T x) { return _mm256_set1_pd(x); }
    static inline V neg(V x) { return _mm256_xor_pd(x, set1(-0.0)); }
    static inline V abs(V x) { return _mm256_andnot_pd(set1(-0.0), x); }
    static inline V mul(V x, V y) { return _mm256_mul_pd(x, y); }
    static inline V div(V x, V y) { return _mm256_div_pd(x, y); }
    static inline V sqrt(V x) { return _mm256_sqrt_pd(x); }
    template <int M> static inline V round(V x) { return _mm256_round_pd(x, M | _MM_FROUND_NO_EXC); }
    // bool tests: bit i of the result = test(lane i)
    static inline unsigned isnan(V x) { return unsigned(_mm256_movemask_pd(_mm256_cmp_pd(x, x, _CMP_UNORD_Q))); }
    static inline unsigned isinf(V x) {
        return unsigned(_mm256_movemask_pd(_mm256_cmp_pd(abs(x), set1(INFINITY), _CMP_EQ_OQ)));
    }
    static inline unsigned isfinite(V x) {
        return unsigned(_mm256_movemask_pd(_mm256_cmp_pd(abs(x), set1(INFINITY), _CMP_LT_OQ)));
    }
    static inline unsigned signbit(V x) { return unsigned(_mm256_movemask_pd(x)); }
};
struct VF {
    typedef float T;
    typedef __m256 V;
    static constexpr int N = 8;
    static inline V load(const T *p) { return _mm256_loadu_ps(p); }
    static inline void store(T *p, V v) { _mm256_storeu_ps(p, v); }
    static inline V set1(T x) { return _mm256_set1_ps(x); }
    static inline V neg(V x) { return _mm256_xor_ps(x, set1(-0.0f)); }
    static inline V abs(V x) { return _mm256_andnot_ps(set1(-0.0f), x); }
    static inline V mul(V x, V y) { return _mm256_mul_ps(x, y); }
    static inline V div(V x, V y) { return _mm256_div_ps(x, y); }
    static inline V sqrt(V x) { return _mm256_sqrt_ps(x); }
    template <int M> static inline V round(V x) { return _mm256_round_ps(x, M | _MM_FROUND_NO_EXC); }
    static inline unsigned isnan(V x) { return unsigned(_mm256_movemask_ps(_mm256_cmp_ps(x, x, _CMP_UNORD_Q))); }
    static inline unsigned isinf(V x) {
        return unsigned(_mm256_movemask_ps(_mm256_cmp_ps(abs(x), set1(INFINITY), _CMP_EQ_OQ)));
    }
    static inline unsigned isfinite(V x) {
        return unsigned(_mm256_movemask_ps(_mm256_cmp_ps(abs(x), set1(INFINITY), _CMP_LT_OQ)));
    }
    static inline unsigned signbit(V x) { return unsigned(_mm256_movemask_ps(x)); }
    // The same tests as all-ones / all-zeros 32-bit lanes.
    static inline __m256i isnan_m(V x) { return _mm256_castps_si256(_mm256_cmp_ps(x, x, _CMP_UNORD_Q)); }
    static inline __m256i isinf_m(V x) {
        return _mm256_castps_si256(_mm256_cmp_ps(abs(x), set1(INFINITY), _CMP_EQ_OQ));
    }
    static inline __m256i isfinite_m(V x) {
        return _mm256_castps_si256(_mm256_cmp_ps(abs(x), set1(INFINITY), _CMP_LT_OQ));
    }
    static inline __m256i signbit_m(V x) { return _mm256_srai_epi32(_mm256_castps_si256(x), 31); }
};
template <class T> struct VecOf;
template <> struct VecOf<double> { typedef VD type; };
template <> struct VecOf<float> { typedef VF type; };
#define ARRPY_RND_FLOOR _MM_FROUND_TO_NEG_INF
#define ARRPY_RND_CEIL _MM_FROUND_TO_POS_INF
#define ARRPY_RND_TRUNC _MM_FROUND_TO_ZERO
#define ARRPY_RND_RINT _MM_FROUND_TO_NEAREST_INT
#define ARRPY_HAVE_VEC 1
#elif ARRPY_SIMD_LEVEL == 1
struct VD {
    typedef double T;
    typedef float64x2_t V;
    static constexpr int N = 2;
    static inline V load(const T *p) { return vld1q_f64(p); }
    static inline void store(T *p, V v) { vst1q_f64(p, v); }
    static inline V set1(T x) { return vdupq_n_f64(x); }
    static inline V neg(V x) { return vnegq_f64(x); }
    static inline V abs(V x) { return vabsq_f64(x); }
    static inline V mul(V x, V y) { return vmulq_f64(x, y); }
    static inline V div(V x, V y) { return vdivq_f64(x, y); }
    static inline V sqrt(V x) { return vsqrtq_f64(x); }
    template <int M> static inline V round(V x) {
        if constexpr (M == 0) return vrndmq_f64(x);
        else if constexpr (M == 1) return vrndpq_f64(x);
        else if constexpr (M == 2) return vrndq_f64(x);
        else return vrndnq_f64(x);
    }
};
struct VF {
    typedef float T;
    typedef float32x4_t V;
    static constexpr int N = 4;
    static inline V load(const T *p) { return vld1q_f32(p); }
    static inline void store(T *p, V v) { vst1q_f32(p, v); }
    static inline V set1(T x) { return vdupq_n_f32(x); }
    static inline V neg(V x) { return vnegq_f32(x); }
    static inline V abs(V x) { return vabsq_f32(x); }
    static inline V mul(V x, V y) { return vmulq_f32(x, y); }
    static inline V div(V x, V y) { return vdivq_f32(x, y); }
    static inline V sqrt(V x) { return vsqrtq_f32(x); }
    template <int M> static inline V round(V x) {
        if constexpr (M == 0) return vrndmq_f32(x);
        else if constexpr (M == 1) return vrndpq_f32(x);
        else if constexpr (M == 2) return vrndq_f32(x);
        else return vrndnq_f32(x);
    }
};
template <class T> struct VecOf;
template <> struct VecOf<double> { typedef VD type; };
template <> struct VecOf<float> { typedef VF type; };
#define ARRPY_RND_FLOOR 0
#define ARRPY_RND_CEIL 1
#define ARRPY_RND_TRUNC 2
#define ARRPY_RND_RINT 3
#define ARRPY_HAVE_VEC 1
#endif

#if defined(ARRPY_HAVE_VEC)
// Vector forms of the cheap ops (same results as the scalar f, bit for bit).
struct VNegative : UNegative { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::neg(x); } };
struct VAbsolute : UAbsolute { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::abs(x); } };
struct VSquare : USquare { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::mul(x, x); } };
struct VSqrt : USqrt { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::sqrt(x); } };
struct VReciprocal : UReciprocal {
    template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::div(VT::set1(1), x); }
};
struct VFloor : UFloor { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::template round<ARRPY_RND_FLOOR>(x); } };
struct VCeil : UCeil { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::template round<ARRPY_RND_CEIL>(x); } };
struct VTrunc : UTrunc { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::template round<ARRPY_RND_TRUNC>(x); } };
struct VRint : URint { template <class VT> static inline typename VT::V v(typename VT::V x) { return VT::template round<ARRPY_RND_RINT>(x); } };
struct VDeg2rad : UDeg2rad {
    template <class VT> static inline typename VT::V v(typename VT::V x) {
        typedef typename VT::T T;
        return VT::mul(x, VT::set1(T(3.141592653589793238462643383279502884) / T(180)));
    }
};
struct VRad2deg : URad2deg {
    template <class VT> static inline typename VT::V v(typename VT::V x) {
        typedef typename VT::T T;
        return VT::mul(x, VT::set1(T(180) / T(3.141592653589793238462643383279502884)));
    }
};

template <class Op, class T>
void loop_vec(int64_t n, const char *a, int64_t sa, char *out, int64_t so) {
    typedef typename VecOf<T>::type VT;
    if (sa == static_cast<int64_t>(sizeof(T)) && so == static_cast<int64_t>(sizeof(T))) {
        const T *x = reinterpret_cast<const T *>(a);
        T *y = reinterpret_cast<T *>(out);
        int64_t i = 0;
        for (; i + 4 * VT::N <= n; i += 4 * VT::N) {  // 4 independent vectors per iteration
            const typename VT::V v0 = VT::load(x + i), v1 = VT::load(x + i + VT::N);
            const typename VT::V v2 = VT::load(x + i + 2 * VT::N), v3 = VT::load(x + i + 3 * VT::N);
            VT::store(y + i, Op::template v<VT>(v0));
            VT::store(y + i + VT::N, Op::template v<VT>(v1));
            VT::store(y + i + 2 * VT::N, Op::template v<VT>(v2));
            VT::store(y + i + 3 * VT::N, Op::template v<VT>(v3));
        }
        for (; i + VT::N <= n; i += VT::N) VT::store(y + i, Op::template v<VT>(VT::load(x + i)));
        for (; i < n; ++i) y[i] = Op::f(x[i]);
    } else {
        loop_plain<Op, T, T>(n, a, sa, out, so);
    }
}
#endif

#if ARRPY_SIMD_LEVEL == 2
// Bool-result tests: movemask bits -> bytes 0/1.
struct BitsToBytes {
    uint64_t t[256];
    constexpr BitsToBytes() : t() {
        for (int b = 0; b < 256; ++b) {
            uint64_t v = 0;
            for (int k = 0; k < 8; ++k) v |= uint64_t((b >> k) & 1) << (8 * k);
            t[b] = v;
        }
    }
};
constexpr BitsToBytes kBitsToBytes;

#define ARRPY_TEST_OP(Name, Base, t)                                                               \
    struct Name : Base {                                                                          \
        template <class VT> static inline unsigned m(typename VT::V x) { return VT::t(x); }       \
        static inline __m256i mask32(__m256 x) { return VF::t##_m(x); }                           \
    };
ARRPY_TEST_OP(TIsnan, UIsnan, isnan) ARRPY_TEST_OP(TIsinf, UIsinf, isinf)
ARRPY_TEST_OP(TIsfinite, UIsfinite, isfinite) ARRPY_TEST_OP(TSignbit, USignbit, signbit)
#undef ARRPY_TEST_OP

template <class Op, class T>
void loop_test(int64_t n, const char *a, int64_t sa, char *out, int64_t so) {
    typedef typename VecOf<T>::type VT;
    if (sa == static_cast<int64_t>(sizeof(T)) && so == 1) {
        const T *x = reinterpret_cast<const T *>(a);
        uint8_t *y = reinterpret_cast<uint8_t *>(out);
        int64_t i = 0;
        if constexpr (VT::N == 8) {
            // float32: 32 elements -> 4 lane masks -> packed to 32 bytes (packs work per 128-bit
            // lane, so the 4-byte groups come out as m0.lo m1.lo m2.lo m3.lo | m0.hi ...: permute).
            const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
            const __m256i one = _mm256_set1_epi8(1);
            for (; i + 32 <= n; i += 32) {
                const __m256i m0 = Op::mask32(VT::load(x + i)), m1 = Op::mask32(VT::load(x + i + 8));
                const __m256i m2 = Op::mask32(VT::load(x + i + 16)), m3 = Op::mask32(VT::load(x + i + 24));
                const __m256i p = _mm256_packs_epi16(_mm256_packs_epi32(m0, m1), _mm256_packs_epi32(m2, m3));
                _mm256_storeu_si256(reinterpret_cast<__m256i *>(y + i),
                                    _mm256_and_si256(_mm256_permutevar8x32_epi32(p, order), one));
            }
        }
        for (; i + 8 <= n; i += 8) {  // 8 elements -> 8 bytes
            unsigned bits;
            if constexpr (VT::N == 8) {
                bits = Op::template m<VT>(VT::load(x + i));
            } else {
                bits = Op::template m<VT>(VT::load(x + i)) | (Op::template m<VT>(VT::load(x + i + 4)) << 4);
            }
            const uint64_t bytes = kBitsToBytes.t[bits];
            memcpy(y + i, &bytes, 8);
        }
        for (; i < n; ++i) y[i] = Op::f(x[i]);
    } else {
        loop_plain<Op, T, uint8_t>(n, a, sa, out, so);
    }
}

#endif

// ---------------------------------------------------------------------------------------------
// The table.

#if ARRPY_SIMD_LEVEL == 0
#include "unary_complex.hpp"
#endif

// The quick scan of the floating-point rule (fp_status.hpp): is one of the n values at p (byte
// stride s) inf or nan? Contiguous values are compared a vector at a time (exponent bits all set).
template <class T, class U>
bool non_finite(int64_t n, const char *p, int64_t s) {
    constexpr U exponent = sizeof(T) == 8 ? U(0x7ff0000000000000ull) : U(0x7f800000u);
    int64_t i = 0;
    U hit = 0;
#if ARRPY_SIMD_LEVEL == 2
    if (s == int64_t(sizeof(T))) {
        const __m256i mask = sizeof(T) == 8 ? _mm256_set1_epi64x(int64_t(exponent))
                                            : _mm256_set1_epi32(int32_t(exponent));
        __m256i any = _mm256_setzero_si256();
        constexpr int64_t lanes = 32 / sizeof(T);
        for (; i + 2 * lanes <= n; i += 2 * lanes) {
            const __m256i v0 = _mm256_and_si256(
                _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + i * sizeof(T))), mask);
            const __m256i v1 = _mm256_and_si256(
                _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + (i + lanes) * sizeof(T))),
                mask);
            if (sizeof(T) == 8)
                any = _mm256_or_si256(any, _mm256_or_si256(_mm256_cmpeq_epi64(v0, mask),
                                                            _mm256_cmpeq_epi64(v1, mask)));
            else
                any = _mm256_or_si256(any, _mm256_or_si256(_mm256_cmpeq_epi32(v0, mask),
                                                            _mm256_cmpeq_epi32(v1, mask)));
        }
        if (!_mm256_testz_si256(any, any)) return true;
    }
#endif
    for (; i < n; ++i) {
        U bits;
        memcpy(&bits, p + i * s, sizeof(U));
        hit |= U((bits & exponent) == exponent);
    }
    return hit != 0;
}

struct Table {
    arrpy_unary_table t;

    template <class Op>
    void ints(int op) {
        t.fn[op][ARRPY_INT8] = &loop_same<Op, int8_t>;
        t.fn[op][ARRPY_UINT8] = &loop_same<Op, uint8_t>;
        t.fn[op][ARRPY_INT16] = &loop_same<Op, int16_t>;
        t.fn[op][ARRPY_UINT16] = &loop_same<Op, uint16_t>;
        t.fn[op][ARRPY_INT32] = &loop_same<Op, int32_t>;
        t.fn[op][ARRPY_UINT32] = &loop_same<Op, uint32_t>;
        t.fn[op][ARRPY_INT64] = &loop_same<Op, int64_t>;
        t.fn[op][ARRPY_UINT64] = &loop_same<Op, uint64_t>;
    }
    template <class Op>
    void ints_bool(int op) {  // bool-result op on bool + integers
        t.fn[op][ARRPY_BOOL] = &loop_bool<Op, uint8_t>;
        t.fn[op][ARRPY_INT8] = &loop_bool<Op, int8_t>;
        t.fn[op][ARRPY_UINT8] = &loop_bool<Op, uint8_t>;
        t.fn[op][ARRPY_INT16] = &loop_bool<Op, int16_t>;
        t.fn[op][ARRPY_UINT16] = &loop_bool<Op, uint16_t>;
        t.fn[op][ARRPY_INT32] = &loop_bool<Op, int32_t>;
        t.fn[op][ARRPY_UINT32] = &loop_bool<Op, uint32_t>;
        t.fn[op][ARRPY_INT64] = &loop_bool<Op, int64_t>;
        t.fn[op][ARRPY_UINT64] = &loop_bool<Op, uint64_t>;
    }
    template <class Op>
    void floats(int op) {
        t.fn[op][ARRPY_FLOAT32] = &loop_same<Op, float>;
        t.fn[op][ARRPY_FLOAT64] = &loop_same<Op, double>;
    }
    template <class Op>
    void floats_bool(int op) {
        t.fn[op][ARRPY_FLOAT32] = &loop_bool<Op, float>;
        t.fn[op][ARRPY_FLOAT64] = &loop_bool<Op, double>;
    }
#if defined(ARRPY_HAVE_VEC)
    template <class Op>
    void floats_vec(int op) {
        t.fn[op][ARRPY_FLOAT32] = &loop_vec<Op, float>;
        t.fn[op][ARRPY_FLOAT64] = &loop_vec<Op, double>;
    }
#endif

    Table() : t() {
#if ARRPY_SIMD_LEVEL == 2
        t.name = "avx2";
#elif ARRPY_SIMD_LEVEL == 1
        t.name = "neon";
#else
        t.name = "scalar";
#endif
        t.non_finite_f32 = &non_finite<float, uint32_t>;
        t.non_finite_f64 = &non_finite<double, uint64_t>;
        // Integer and bool ops (plain loops; auto-vectorised for this flavour's ISA).
        ints<UNegative>(ARRPY_NEGATIVE);
        ints<UPositive>(ARRPY_POSITIVE);
        ints<UAbsolute>(ARRPY_ABSOLUTE);
        t.fn[ARRPY_ABSOLUTE][ARRPY_BOOL] = &loop_same<UCopy, uint8_t>;
        ints<UReciprocal>(ARRPY_RECIPROCAL);
        ints<USquare>(ARRPY_SQUARE);
        ints<UFloor>(ARRPY_FLOOR);
        ints<UCeil>(ARRPY_CEIL);
        ints<UTrunc>(ARRPY_TRUNC);
        t.fn[ARRPY_FLOOR][ARRPY_BOOL] = &loop_same<UCopy, uint8_t>;
        t.fn[ARRPY_CEIL][ARRPY_BOOL] = &loop_same<UCopy, uint8_t>;
        t.fn[ARRPY_TRUNC][ARRPY_BOOL] = &loop_same<UCopy, uint8_t>;
        ints<USign>(ARRPY_SIGN);
        ints<UCopy>(ARRPY_CONJUGATE);
        ints<UInvert>(ARRPY_INVERT);
        t.fn[ARRPY_INVERT][ARRPY_BOOL] = &loop_same<ULogicalNotBool, uint8_t>;
        ints_bool<UIsnan>(ARRPY_ISNAN);
        ints_bool<UIsinf>(ARRPY_ISINF);
        ints_bool<UIsfinite>(ARRPY_ISFINITE);
        ints_bool<ULogicalNot>(ARRPY_LOGICAL_NOT);
        floats_bool<ULogicalNot>(ARRPY_LOGICAL_NOT);

#if ARRPY_SIMD_LEVEL == 0
        // Real floats, plain loops.
        floats<UNegative>(ARRPY_NEGATIVE);
        floats<UPositive>(ARRPY_POSITIVE);
        floats<UAbsolute>(ARRPY_ABSOLUTE);
        floats<UReciprocal>(ARRPY_RECIPROCAL);
        floats<USquare>(ARRPY_SQUARE);
        floats<USqrt>(ARRPY_SQRT);
        floats<UFloor>(ARRPY_FLOOR);
        floats<UCeil>(ARRPY_CEIL);
        floats<UTrunc>(ARRPY_TRUNC);
        floats<URint>(ARRPY_RINT);
        floats<UDeg2rad>(ARRPY_DEG2RAD);
        floats<URad2deg>(ARRPY_RAD2DEG);
        floats_bool<UIsnan>(ARRPY_ISNAN);
        floats_bool<UIsinf>(ARRPY_ISINF);
        floats_bool<UIsfinite>(ARRPY_ISFINITE);
        floats_bool<USignbit>(ARRPY_SIGNBIT);
        floats<UExp>(ARRPY_EXP);
        floats<ULog>(ARRPY_LOG);
        floats<USin>(ARRPY_SIN);
        floats<UCos>(ARRPY_COS);
#else
        floats_vec<VNegative>(ARRPY_NEGATIVE);
        floats<UPositive>(ARRPY_POSITIVE);
        floats_vec<VAbsolute>(ARRPY_ABSOLUTE);
        floats_vec<VReciprocal>(ARRPY_RECIPROCAL);
        floats_vec<VSquare>(ARRPY_SQUARE);
        floats_vec<VSqrt>(ARRPY_SQRT);
        floats_vec<VFloor>(ARRPY_FLOOR);
        floats_vec<VCeil>(ARRPY_CEIL);
        floats_vec<VTrunc>(ARRPY_TRUNC);
        floats_vec<VRint>(ARRPY_RINT);
        floats_vec<VDeg2rad>(ARRPY_DEG2RAD);
        floats_vec<VRad2deg>(ARRPY_RAD2DEG);
#endif
#if ARRPY_SIMD_LEVEL == 2
        t.fn[ARRPY_ISNAN][ARRPY_FLOAT32] = &loop_test<TIsnan, float>;
        t.fn[ARRPY_ISNAN][ARRPY_FLOAT64] = &loop_test<TIsnan, double>;
        t.fn[ARRPY_ISINF][ARRPY_FLOAT32] = &loop_test<TIsinf, float>;
        t.fn[ARRPY_ISINF][ARRPY_FLOAT64] = &loop_test<TIsinf, double>;
        t.fn[ARRPY_ISFINITE][ARRPY_FLOAT32] = &loop_test<TIsfinite, float>;
        t.fn[ARRPY_ISFINITE][ARRPY_FLOAT64] = &loop_test<TIsfinite, double>;
        t.fn[ARRPY_SIGNBIT][ARRPY_FLOAT32] = &loop_test<TSignbit, float>;
        t.fn[ARRPY_SIGNBIT][ARRPY_FLOAT64] = &loop_test<TSignbit, double>;
        // exp / log / sin / cos: arrpy::simd's vectorised functions (simd_math.hpp)
        t.fn[ARRPY_EXP][ARRPY_FLOAT32] = &arrpy::simd::strided_loop<float, &arrpy::simd::exp_f32_avx2>;
        t.fn[ARRPY_EXP][ARRPY_FLOAT64] = &arrpy::simd::strided_loop<double, &arrpy::simd::exp_f64_avx2>;
        t.fn[ARRPY_LOG][ARRPY_FLOAT32] = &arrpy::simd::strided_loop<float, &arrpy::simd::log_f32_avx2>;
        t.fn[ARRPY_LOG][ARRPY_FLOAT64] = &arrpy::simd::strided_loop<double, &arrpy::simd::log_f64_avx2>;
        t.fn[ARRPY_SIN][ARRPY_FLOAT32] = &arrpy::simd::strided_loop<float, &arrpy::simd::sin_f32_avx2>;
        t.fn[ARRPY_SIN][ARRPY_FLOAT64] = &arrpy::simd::strided_loop<double, &arrpy::simd::sin_f64_avx2>;
        t.fn[ARRPY_COS][ARRPY_FLOAT32] = &arrpy::simd::strided_loop<float, &arrpy::simd::cos_f32_avx2>;
        t.fn[ARRPY_COS][ARRPY_FLOAT64] = &arrpy::simd::strided_loop<double, &arrpy::simd::cos_f64_avx2>;
        // tanh: arrpy::simd's vectorised tanh (float32 in native float)
        t.fn[ARRPY_TANH][ARRPY_FLOAT32] = &arrpy::simd::strided_loop<float, &arrpy::simd::tanh_f32_avx2>;
        t.fn[ARRPY_TANH][ARRPY_FLOAT64] = &arrpy::simd::strided_loop<double, &arrpy::simd::tanh_f64_avx2>;
#endif
#if ARRPY_SIMD_LEVEL == 0
        // The rest of the real-float ops: scalar libm on every path.
        floats<UCbrt>(ARRPY_CBRT);
        floats<UExp2>(ARRPY_EXP2);
        floats<UExpm1>(ARRPY_EXPM1);
        floats<ULog2>(ARRPY_LOG2);
        floats<ULog10>(ARRPY_LOG10);
        floats<ULog1p>(ARRPY_LOG1P);
        floats<UTan>(ARRPY_TAN);
        floats<UArcsin>(ARRPY_ARCSIN);
        floats<UArccos>(ARRPY_ARCCOS);
        floats<UArctan>(ARRPY_ARCTAN);
        floats<USinh>(ARRPY_SINH);
        floats<UCosh>(ARRPY_COSH);
        floats<UTanh>(ARRPY_TANH);
        floats<UArcsinh>(ARRPY_ARCSINH);
        floats<UArccosh>(ARRPY_ARCCOSH);
        floats<UArctanh>(ARRPY_ARCTANH);
        floats<USign>(ARRPY_SIGN);
        floats<UCopy>(ARRPY_CONJUGATE);
        add_complex(t);  // unary_complex.hpp
#else
        floats<USign>(ARRPY_SIGN);
        floats<UCopy>(ARRPY_CONJUGATE);
#endif
    }
};

}  // namespace

const arrpy_unary_table *get_unary_table() {
    static const Table table;
    return &table.t;
}

}  // namespace ARRPY_KERNEL_NS

#undef ARRPY_HAVE_VEC
#undef ARRPY_RND_FLOOR
#undef ARRPY_RND_CEIL
#undef ARRPY_RND_TRUNC
#undef ARRPY_RND_RINT
