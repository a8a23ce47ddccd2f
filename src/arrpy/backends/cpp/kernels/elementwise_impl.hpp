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
// The ops of NumPy's loops beyond arithmetic (docs/elementwise-semantics.md).
//
// Library calls go through __builtin_* (plain C calls into libm): a std:: overload is an inline
// function that could be emitted out of line with -mavx2 and merged by the linker.

static inline float m_floor(float x) { return __builtin_floorf(x); }
static inline double m_floor(double x) { return __builtin_floor(x); }
static inline float m_fmod(float x, float y) { return __builtin_fmodf(x, y); }
static inline double m_fmod(double x, double y) { return __builtin_fmod(x, y); }
static inline float m_copysign(float x, float y) { return __builtin_copysignf(x, y); }
static inline double m_copysign(double x, double y) { return __builtin_copysign(x, y); }
static inline float m_pow(float x, float y) { return __builtin_powf(x, y); }
static inline double m_pow(double x, double y) { return __builtin_pow(x, y); }
static inline float m_hypot(float x, float y) { return __builtin_hypotf(x, y); }
static inline double m_hypot(double x, double y) { return __builtin_hypot(x, y); }
static inline float m_atan2(float x, float y) { return __builtin_atan2f(x, y); }
static inline double m_atan2(double x, double y) { return __builtin_atan2(x, y); }
static inline float m_exp(float x) { return __builtin_expf(x); }
static inline double m_exp(double x) { return __builtin_exp(x); }
static inline float m_log1p(float x) { return __builtin_log1pf(x); }
static inline double m_log1p(double x) { return __builtin_log1p(x); }

// NumPy's npy_divmod (CPython's float divmod): returns the floor quotient, *modulus the remainder
// with the sign of b.
template <class T>
static inline T npy_divmod(T a, T b, T &modulus) {
    T mod = m_fmod(a, b);
    if (!b) {
        modulus = mod;
        return a / b;
    }
    T div = (a - mod) / b;  // very nearly an integer multiple of b
    if (mod) {
        if ((b < T(0)) != (mod < T(0))) {
            mod += b;
            div -= T(1);
        }
    } else {
        mod = m_copysign(T(0), b);
    }
    T floordiv;
    if (div) {
        floordiv = m_floor(div);
        if (div - floordiv > T(0.5)) floordiv += T(1);
    } else {
        floordiv = m_copysign(T(0), a / b);
    }
    modulus = mod;
    return floordiv;
}

template <class T>
static constexpr T int_min() {  // the bit pattern 100...0 (signed types only)
    return static_cast<T>(static_cast<typename std::make_unsigned<T>::type>(
        static_cast<typename std::make_unsigned<T>::type>(1) << (8 * sizeof(T) - 1)));
}

// Integer floor division / remainder / power report status flags through `st`; their loops are
// loop_status below. Float versions have no flags (plain loops).
// Integers of up to 32 bits divide through floating point, branch-free (so the loops vectorise):
// for |a|, |d| < 2^32 a non-integral quotient a/d is at least 1/|d| >= |a/d| * 2^-32 away from
// every integer, far more than the rounding error of one float (16-bit types: 2^-24 relative,
// |a| < 2^16) or double (32-bit: 2^-53) division, so floor(fl(a / d)) == floor(a / d) exactly.
// d == 0 and MIN // -1 divide by 1 instead (MIN // 1 == MIN is NumPy's wrapped answer).
// Only where floor is an instruction (SSE4.1 / AVX, NEON): the baseline x86-64 flavour would call
// libm's floor per element, slower than the integer division it uses instead.
#if ARRPY_SIMD_LEVEL > 0 || defined(__SSE4_1__)
#define ARRPY_INT_DIV_FP 1
#else
#define ARRPY_INT_DIV_FP 0
#endif
template <class T>
struct DivFloatType {
    typedef typename std::conditional<(sizeof(T) <= 2), float, double>::type type;
};
template <class T>
static inline T floor_div_fp(T a, T b, int &st) {
    typedef typename DivFloatType<T>::type F;
    bool to_one = b == 0;
    st |= (b == 0) ? ARRPY_STATUS_DIVIDE_BY_ZERO : 0;
    if constexpr (std::is_signed<T>::value) {
        const bool ovf = (a == int_min<T>()) & (b == T(-1));
        st |= ovf ? ARRPY_STATUS_OVERFLOW : 0;
        to_one |= ovf;
    }
    const T d = to_one ? T(1) : b;
    const F q = m_floor(static_cast<F>(a) / static_cast<F>(d));  // exact, within T's range
    return b == 0 ? T(0) : static_cast<T>(q);
}
template <class T>
static inline T remainder_fp(T a, T b, int &st) {
    typedef typename DivFloatType<T>::type F;
    typedef typename WrapType<T>::type U;
    st |= (b == 0) ? ARRPY_STATUS_DIVIDE_BY_ZERO : 0;
    bool to_one = b == 0;
    if constexpr (std::is_signed<T>::value) to_one |= (a == int_min<T>()) & (b == T(-1));
    const T d = to_one ? T(1) : b;
    const T q = static_cast<T>(m_floor(static_cast<F>(a) / static_cast<F>(d)));
    const T r = static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(static_cast<U>(q) * static_cast<U>(d))));
    return b == 0 ? T(0) : r;  // a - floor(a / d) * d: the sign of d (0 for d == +-1)
}

struct OpFloorDivInt {
    template <class T>
    static inline T f(T a, T b, int &st) {
        if constexpr (ARRPY_INT_DIV_FP && sizeof(T) <= 4) return floor_div_fp(a, b, st);
        if (b == 0) {
            st |= ARRPY_STATUS_DIVIDE_BY_ZERO;
            return 0;
        }
        if constexpr (std::is_signed<T>::value) {
            if (b == T(-1)) {  // -a, wrapping: MIN // -1 == MIN
                if (a == int_min<T>()) st |= ARRPY_STATUS_OVERFLOW;
                typedef typename WrapType<T>::type U;
                return static_cast<T>(static_cast<U>(U(0) - static_cast<U>(a)));
            }
            const T q = static_cast<T>(a / b), r = static_cast<T>(a % b);
            return (r != 0 && ((r < 0) != (b < 0))) ? static_cast<T>(q - 1) : q;
        } else {
            return static_cast<T>(a / b);
        }
    }
};
struct OpRemainderInt {
    template <class T>
    static inline T f(T a, T b, int &st) {
        if constexpr (ARRPY_INT_DIV_FP && sizeof(T) <= 4) return remainder_fp(a, b, st);
        if (b == 0) {
            st |= ARRPY_STATUS_DIVIDE_BY_ZERO;
            return 0;
        }
        if constexpr (std::is_signed<T>::value) {
            if (b == T(-1)) return 0;  // MIN % -1 would trap in C
            const T r = static_cast<T>(a % b);
            return (r != 0 && ((r < 0) != (b < 0))) ? static_cast<T>(r + b) : r;
        } else {
            return static_cast<T>(a % b);
        }
    }
};
struct OpPowerInt {  // exponentiation by squaring, wrapping; 0**0 == 1
    template <class T>
    static inline T f(T a, T b, int &st) {
        if constexpr (std::is_signed<T>::value) {
            if (b < 0) {
                st |= ARRPY_STATUS_NEGATIVE_INTEGER_POWER;
                return 0;
            }
        }
        typedef typename WrapType<T>::type U;
        U base = static_cast<U>(a), r = 1;
        for (typename std::make_unsigned<T>::type e = static_cast<typename std::make_unsigned<T>::type>(b);;) {
            if (e & 1u) r = static_cast<U>(r * base);
            e = static_cast<decltype(e)>(e >> 1);
            if (e == 0) break;
            base = static_cast<U>(base * base);
        }
        return static_cast<T>(r);
    }
};

struct OpFloorDivFloat {  // npy_floor_divide
    template <class T>
    static inline T f(T a, T b) {
        if (!b) return a / b;
        T mod;
        return npy_divmod(a, b, mod);
    }
};
struct OpRemainderFloat {  // npy_remainder
    template <class T>
    static inline T f(T a, T b) {
        if (!b) return m_fmod(a, b);
        T mod;
        npy_divmod(a, b, mod);
        return mod;
    }
};
struct OpPowerFloat {
    template <class T>
    static inline T f(T a, T b) { return m_pow(a, b); }
};
struct OpHypot {
    template <class T>
    static inline T f(T a, T b) { return m_hypot(a, b); }
};
struct OpArctan2 {
    template <class T>
    static inline T f(T a, T b) { return m_atan2(a, b); }
};
struct OpLogaddexp {  // npy_logaddexp
    template <class T>
    static inline T f(T a, T b) {
        if (a == b) return a + static_cast<T>(0.693147180559945309417232121458176568);  // a + ln 2 (inf stays inf)
        const T d = a - b;
        if (d > 0) return a + m_log1p(m_exp(-d));
        if (d <= 0) return b + m_log1p(m_exp(d));
        return d;  // nan
    }
};

// maximum / minimum propagate nan (from either side); fmax / fmin ignore a nan unless both are.
// The vector forms (VT::vmax etc.) give exactly these results, ±0 included.
struct OpMaximum {
    template <class T>
    static inline T f(T a, T b) {
        if constexpr (std::is_floating_point<T>::value) return (a >= b || a != a) ? a : b;
        else return a >= b ? a : b;
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::vmax(a, b); }
};
struct OpMinimum {
    template <class T>
    static inline T f(T a, T b) {
        if constexpr (std::is_floating_point<T>::value) return (a <= b || a != a) ? a : b;
        else return a <= b ? a : b;
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::vmin(a, b); }
};
struct OpFmax {
    template <class T>
    static inline T f(T a, T b) {
        if constexpr (std::is_floating_point<T>::value) return (a >= b || b != b) ? a : b;
        else return a >= b ? a : b;
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::vfmax(a, b); }
};
struct OpFmin {
    template <class T>
    static inline T f(T a, T b) {
        if constexpr (std::is_floating_point<T>::value) return (a <= b || b != b) ? a : b;
        else return a <= b ? a : b;
    }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::vfmin(a, b); }
};
struct OpCopysign {
    template <class T>
    static inline T f(T a, T b) { return m_copysign(a, b); }
    template <class VT>
    static inline typename VT::V v(typename VT::V a, typename VT::V b) { return VT::vcopysign(a, b); }
};

// Shifts: a count outside [0, bits) gives 0 (left) or the sign fill (right), as npy_lshift /
// npy_rshift. Computed in the unsigned type (no UB for negative a).
// (The count is compared in T's own unsigned type, a negative one becoming >= 2^(bits-1): keeps
// the lanes of T's width, so the compiler vectorises with variable shifts.)
template <class T>
static inline bool shift_in_range(T b) {
    typedef typename std::make_unsigned<T>::type UT;
    return static_cast<UT>(b) < static_cast<UT>(8 * sizeof(T));
}
struct OpLeftShift {
    template <class T>
    static inline T f(T a, T b) {
        typedef typename WrapType<T>::type U;
        return shift_in_range(b) ? static_cast<T>(static_cast<U>(static_cast<U>(a) << b)) : T(0);
    }
};
struct OpRightShift {
    template <class T>
    static inline T f(T a, T b) {
        if (shift_in_range(b)) return static_cast<T>(a >> b);  // arithmetic for signed
        if constexpr (std::is_signed<T>::value) return a < 0 ? static_cast<T>(-1) : T(0);
        else return T(0);
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
    static inline void stream(T *p, V v) { _mm256_stream_pd(p, v); }
    static inline V set1(T x) { return _mm256_set1_pd(x); }
    static inline V add(V a, V b) { return _mm256_add_pd(a, b); }
    static inline V sub(V a, V b) { return _mm256_sub_pd(a, b); }
    static inline V mul(V a, V b) { return _mm256_mul_pd(a, b); }
    static inline V div(V a, V b) { return _mm256_div_pd(a, b); }
    // max_pd(x, y) / min_pd(x, y) return y when either is nan or both are equal; the blend fixes
    // the remaining nan case.
    static inline V isnan(V x) { return _mm256_cmp_pd(x, x, _CMP_UNORD_Q); }
    static inline V vmax(V a, V b) { return _mm256_blendv_pd(_mm256_max_pd(b, a), b, isnan(b)); }
    static inline V vmin(V a, V b) { return _mm256_blendv_pd(_mm256_min_pd(b, a), b, isnan(b)); }
    static inline V vfmax(V a, V b) { return _mm256_blendv_pd(_mm256_max_pd(b, a), b, isnan(a)); }
    static inline V vfmin(V a, V b) { return _mm256_blendv_pd(_mm256_min_pd(b, a), b, isnan(a)); }
    static inline V vcopysign(V a, V b) {
        const V sign = _mm256_set1_pd(-0.0);
        return _mm256_or_pd(_mm256_andnot_pd(sign, a), _mm256_and_pd(sign, b));
    }
};
struct VecF32 {
    typedef float T;
    typedef __m256 V;
    static constexpr int W = 8;
    static inline V load(const T *p) { return _mm256_loadu_ps(p); }
    static inline void store(T *p, V v) { _mm256_storeu_ps(p, v); }
    static inline void stream(T *p, V v) { _mm256_stream_ps(p, v); }
    static inline V set1(T x) { return _mm256_set1_ps(x); }
    static inline V add(V a, V b) { return _mm256_add_ps(a, b); }
    static inline V sub(V a, V b) { return _mm256_sub_ps(a, b); }
    static inline V mul(V a, V b) { return _mm256_mul_ps(a, b); }
    static inline V div(V a, V b) { return _mm256_div_ps(a, b); }
    static inline V isnan(V x) { return _mm256_cmp_ps(x, x, _CMP_UNORD_Q); }
    static inline V vmax(V a, V b) { return _mm256_blendv_ps(_mm256_max_ps(b, a), b, isnan(b)); }
    static inline V vmin(V a, V b) { return _mm256_blendv_ps(_mm256_min_ps(b, a), b, isnan(b)); }
    static inline V vfmax(V a, V b) { return _mm256_blendv_ps(_mm256_max_ps(b, a), b, isnan(a)); }
    static inline V vfmin(V a, V b) { return _mm256_blendv_ps(_mm256_min_ps(b, a), b, isnan(a)); }
    static inline V vcopysign(V a, V b) {
        const V sign = _mm256_set1_ps(-0.0f);
        return _mm256_or_ps(_mm256_andnot_ps(sign, a), _mm256_and_ps(sign, b));
    }
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
    // Selects with the scalar formulas' comparisons (bit-identical to OpMaximum::f etc.).
    static inline uint64x2_t isnan(V x) {  // (no vmvnq_u64)
        return veorq_u64(vceqq_f64(x, x), vdupq_n_u64(~uint64_t(0)));
    }
    static inline V vmax(V a, V b) { return vbslq_f64(vorrq_u64(vcgeq_f64(a, b), isnan(a)), a, b); }
    static inline V vmin(V a, V b) { return vbslq_f64(vorrq_u64(vcleq_f64(a, b), isnan(a)), a, b); }
    static inline V vfmax(V a, V b) { return vbslq_f64(vorrq_u64(vcgeq_f64(a, b), isnan(b)), a, b); }
    static inline V vfmin(V a, V b) { return vbslq_f64(vorrq_u64(vcleq_f64(a, b), isnan(b)), a, b); }
    static inline V vcopysign(V a, V b) { return vbslq_f64(vdupq_n_u64(uint64_t(1) << 63), b, a); }
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
    static inline uint32x4_t isnan(V x) { return vmvnq_u32(vceqq_f32(x, x)); }
    static inline V vmax(V a, V b) { return vbslq_f32(vorrq_u32(vcgeq_f32(a, b), isnan(a)), a, b); }
    static inline V vmin(V a, V b) { return vbslq_f32(vorrq_u32(vcleq_f32(a, b), isnan(a)), a, b); }
    static inline V vfmax(V a, V b) { return vbslq_f32(vorrq_u32(vcgeq_f32(a, b), isnan(b)), a, b); }
    static inline V vfmin(V a, V b) { return vbslq_f32(vorrq_u32(vcleq_f32(a, b), isnan(b)), a, b); }
    static inline V vcopysign(V a, V b) { return vbslq_f32(vdupq_n_u32(uint32_t(1) << 31), b, a); }
};
#endif

// Integer vectors for maximum / minimum / fmax / fmin (vmax == vfmax: no nan).
template <class E>
struct VecI;
#if ARRPY_SIMD_LEVEL == 2
template <class E>
struct VecI {
    typedef E T;
    typedef __m256i V;
    static constexpr int W = 32 / static_cast<int>(sizeof(E));
    static inline V load(const T *p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p)); }
    static inline void store(T *p, V v) { _mm256_storeu_si256(reinterpret_cast<__m256i *>(p), v); }
    static inline void stream(T *p, V v) { _mm256_stream_si256(reinterpret_cast<__m256i *>(p), v); }
    static inline V set1(T x) {
        if constexpr (sizeof(E) == 1) return _mm256_set1_epi8(static_cast<char>(x));
        else if constexpr (sizeof(E) == 2) return _mm256_set1_epi16(static_cast<short>(x));
        else if constexpr (sizeof(E) == 4) return _mm256_set1_epi32(static_cast<int>(x));
        else return _mm256_set1_epi64x(static_cast<long long>(x));
    }
    static inline V gt64(V a, V b) {  // a > b, 64-bit lanes (signed, or unsigned via the sign flip)
        if constexpr (std::is_signed<E>::value) {
            return _mm256_cmpgt_epi64(a, b);
        } else {
            const V s = _mm256_set1_epi64x(static_cast<long long>(uint64_t(1) << 63));
            return _mm256_cmpgt_epi64(_mm256_xor_si256(a, s), _mm256_xor_si256(b, s));
        }
    }
    static inline V vmax(V a, V b) {
        if constexpr (std::is_same<E, int8_t>::value) return _mm256_max_epi8(a, b);
        else if constexpr (std::is_same<E, uint8_t>::value) return _mm256_max_epu8(a, b);
        else if constexpr (std::is_same<E, int16_t>::value) return _mm256_max_epi16(a, b);
        else if constexpr (std::is_same<E, uint16_t>::value) return _mm256_max_epu16(a, b);
        else if constexpr (std::is_same<E, int32_t>::value) return _mm256_max_epi32(a, b);
        else if constexpr (std::is_same<E, uint32_t>::value) return _mm256_max_epu32(a, b);
        else return _mm256_blendv_epi8(b, a, gt64(a, b));
    }
    static inline V vmin(V a, V b) {
        if constexpr (std::is_same<E, int8_t>::value) return _mm256_min_epi8(a, b);
        else if constexpr (std::is_same<E, uint8_t>::value) return _mm256_min_epu8(a, b);
        else if constexpr (std::is_same<E, int16_t>::value) return _mm256_min_epi16(a, b);
        else if constexpr (std::is_same<E, uint16_t>::value) return _mm256_min_epu16(a, b);
        else if constexpr (std::is_same<E, int32_t>::value) return _mm256_min_epi32(a, b);
        else if constexpr (std::is_same<E, uint32_t>::value) return _mm256_min_epu32(a, b);
        else return _mm256_blendv_epi8(a, b, gt64(a, b));
    }
    static inline V vfmax(V a, V b) { return vmax(a, b); }
    static inline V vfmin(V a, V b) { return vmin(a, b); }
};
#elif ARRPY_SIMD_LEVEL == 1
#define ARRPY_NEON_VECI(E, VTYPE, SFX, MAXF, MINF)                                             \
    template <>                                                                              \
    struct VecI<E> {                                                                         \
        typedef E T;                                                                         \
        typedef VTYPE V;                                                                     \
        static constexpr int W = 16 / static_cast<int>(sizeof(E));                          \
        static inline V load(const T *p) { return vld1q_##SFX(p); }                         \
        static inline void store(T *p, V v) { vst1q_##SFX(p, v); }                          \
        static inline V set1(T x) { return vdupq_n_##SFX(x); }                              \
        static inline V vmax(V a, V b) { return MAXF; }                                     \
        static inline V vmin(V a, V b) { return MINF; }                                     \
        static inline V vfmax(V a, V b) { return vmax(a, b); }                              \
        static inline V vfmin(V a, V b) { return vmin(a, b); }                              \
    };
ARRPY_NEON_VECI(int8_t, int8x16_t, s8, vmaxq_s8(a, b), vminq_s8(a, b))
ARRPY_NEON_VECI(uint8_t, uint8x16_t, u8, vmaxq_u8(a, b), vminq_u8(a, b))
ARRPY_NEON_VECI(int16_t, int16x8_t, s16, vmaxq_s16(a, b), vminq_s16(a, b))
ARRPY_NEON_VECI(uint16_t, uint16x8_t, u16, vmaxq_u16(a, b), vminq_u16(a, b))
ARRPY_NEON_VECI(int32_t, int32x4_t, s32, vmaxq_s32(a, b), vminq_s32(a, b))
ARRPY_NEON_VECI(uint32_t, uint32x4_t, u32, vmaxq_u32(a, b), vminq_u32(a, b))
ARRPY_NEON_VECI(int64_t, int64x2_t, s64, vbslq_s64(vcgtq_s64(a, b), a, b), vbslq_s64(vcgtq_s64(a, b), b, a))
ARRPY_NEON_VECI(uint64_t, uint64x2_t, u64, vbslq_u64(vcgtq_u64(a, b), a, b), vbslq_u64(vcgtq_u64(a, b), b, a))
#undef ARRPY_NEON_VECI
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
#if ARRPY_SIMD_LEVEL == 2
        // A call too big for the caches (see arrpy_stream_stores): aligned non-temporal stores,
        // which skip the read-for-ownership of o's cache lines (~0.7x the time for 1e6 float64).
        if (arrpy_stream_stores && n >= 1024) {
            for (; i < n && (reinterpret_cast<uintptr_t>(o + i) & 31) != 0; ++i) o[i] = Op::f(a[i], b[i]);
            for (; i + 4 * W <= n; i += 4 * W) {
                V a0 = VT::load(a + i), a1 = VT::load(a + i + W);
                V a2 = VT::load(a + i + 2 * W), a3 = VT::load(a + i + 3 * W);
                V b0 = VT::load(b + i), b1 = VT::load(b + i + W);
                V b2 = VT::load(b + i + 2 * W), b3 = VT::load(b + i + 3 * W);
                VT::stream(o + i, Op::template v<VT>(a0, b0));
                VT::stream(o + i + W, Op::template v<VT>(a1, b1));
                VT::stream(o + i + 2 * W, Op::template v<VT>(a2, b2));
                VT::stream(o + i + 3 * W, Op::template v<VT>(a3, b3));
            }
            _mm_sfence();
        }
#endif
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
#if ARRPY_SIMD_LEVEL == 2
        if (arrpy_stream_stores && n >= 1024) {  // as in contig
            for (; i < n && (reinterpret_cast<uintptr_t>(o + i) & 31) != 0; ++i) o[i] = Op::f(a, b[i]);
            for (; i + 4 * W <= n; i += 4 * W) {
                V b0 = VT::load(b + i), b1 = VT::load(b + i + W);
                V b2 = VT::load(b + i + 2 * W), b3 = VT::load(b + i + 3 * W);
                VT::stream(o + i, Op::template v<VT>(va, b0));
                VT::stream(o + i + W, Op::template v<VT>(va, b1));
                VT::stream(o + i + 2 * W, Op::template v<VT>(va, b2));
                VT::stream(o + i + 3 * W, Op::template v<VT>(va, b3));
            }
            _mm_sfence();
        }
#endif
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
#if ARRPY_SIMD_LEVEL == 2
        if (arrpy_stream_stores && n >= 1024) {  // as in contig
            for (; i < n && (reinterpret_cast<uintptr_t>(o + i) & 31) != 0; ++i) o[i] = Op::f(a[i], b);
            for (; i + 4 * W <= n; i += 4 * W) {
                V a0 = VT::load(a + i), a1 = VT::load(a + i + W);
                V a2 = VT::load(a + i + 2 * W), a3 = VT::load(a + i + 3 * W);
                VT::stream(o + i, Op::template v<VT>(a0, vb));
                VT::stream(o + i + W, Op::template v<VT>(a1, vb));
                VT::stream(o + i + 2 * W, Op::template v<VT>(a2, vb));
                VT::stream(o + i + 3 * W, Op::template v<VT>(a3, vb));
            }
            _mm_sfence();
        }
#endif
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

// The 1-D loop for real and bool dtypes over kernel K (contig / scalar_a / scalar_b), with a
// plain strided loop for every other layout. Returns arrpy_status flags (0: these ops set none).
template <class K, class Op, class T>
int loop_with(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    const int64_t is = static_cast<int64_t>(sizeof(T));
    if (so == is) {
        if (sa == is && sb == is) {
            K::contig(n, reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b),
                      reinterpret_cast<T *>(o));
            return 0;
        }
        if (sa == 0 && sb == is) {
            K::scalar_a(n, *reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b),
                        reinterpret_cast<T *>(o));
            return 0;
        }
        if (sa == is && sb == 0) {
            K::scalar_b(n, reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b),
                        reinterpret_cast<T *>(o));
            return 0;
        }
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        *reinterpret_cast<T *>(o) =
            Op::f(*reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b));
    }
    return 0;
}

// Real and bool dtypes: explicit SIMD for float32/float64 where the flavour has it (Op::v).
template <class Op, class T>
int loop_real(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    return loop_with<typename KernSel<Op, T>::type, Op, T>(n, a, sa, b, sb, o, so);
}

// Ops without a vector form (library calls such as pow, atan2): plain loops in every flavour.
template <class Op, class T>
int loop_plain(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    return loop_with<PlainKern<Op, T>, Op, T>(n, a, sa, b, sb, o, so);
}

// Integer maximum / minimum / fmax / fmin: explicit SIMD (VecI) in the SIMD flavours.
template <class Op, class T>
int loop_int_simd(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
#if ARRPY_SIMD_LEVEL > 0
    return loop_with<SimdKern<Op, VecI<T>>, Op, T>(n, a, sa, b, sb, o, so);
#else
    return loop_with<PlainKern<Op, T>, Op, T>(n, a, sa, b, sb, o, so);
#endif
}

// Ops that report status flags: Op::f(a, b, st) ORs arrpy_status bits into st.
template <class Op, class T>
int loop_status(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    int st = 0;
    const int64_t is = static_cast<int64_t>(sizeof(T));
    if (so == is && sa == is && sb == is) {
        const T *pa = reinterpret_cast<const T *>(a);
        const T *pb = reinterpret_cast<const T *>(b);
        T *po = reinterpret_cast<T *>(o);
        for (int64_t i = 0; i < n; ++i) po[i] = Op::f(pa[i], pb[i], st);
        return st;
    }
    if (so == is && sa == is && sb == 0) {
        const T *pa = reinterpret_cast<const T *>(a);
        const T vb = *reinterpret_cast<const T *>(b);
        T *po = reinterpret_cast<T *>(o);
        for (int64_t i = 0; i < n; ++i) po[i] = Op::f(pa[i], vb, st);
        return st;
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        *reinterpret_cast<T *>(o) = Op::f(*reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b), st);
    }
    return st;
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

// Complex maximum / minimum / fmax / fmin: NumPy's lexicographic CGE / CLE with its nan rules.
template <class R>
static inline bool cge(R xr, R xi, R yr, R yi) {
    return (xr > yr && xi == xi && yi == yi) || (xr == yr && xi >= yi);
}
template <class R>
static inline bool cle(R xr, R xi, R yr, R yi) {
    return (xr < yr && xi == xi && yi == yi) || (xr == yr && xi <= yi);
}
struct CMaximum {  // a if a has a nan part or a >= b, else b
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        const bool take_a = ar != ar || ai != ai || cge(ar, ai, br, bi);
        re = take_a ? ar : br;
        im = take_a ? ai : bi;
    }
};
struct CMinimum {
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        const bool take_a = ar != ar || ai != ai || cle(ar, ai, br, bi);
        re = take_a ? ar : br;
        im = take_a ? ai : bi;
    }
};
struct CFmax {  // a if b has a nan part or a >= b, else b
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        const bool take_a = br != br || bi != bi || cge(ar, ai, br, bi);
        re = take_a ? ar : br;
        im = take_a ? ai : bi;
    }
};
struct CFmin {
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        const bool take_a = br != br || bi != bi || cle(ar, ai, br, bi);
        re = take_a ? ar : br;
        im = take_a ? ai : bi;
    }
};

// The C library's cpow (what NumPy calls for the general case).
static inline void sys_cpow(float ar, float ai, float br, float bi, float &re, float &im) {
    __complex__ float x, y;
    __real__ x = ar;
    __imag__ x = ai;
    __real__ y = br;
    __imag__ y = bi;
    const __complex__ float r = __builtin_cpowf(x, y);
    re = __real__ r;
    im = __imag__ r;
}
static inline void sys_cpow(double ar, double ai, double br, double bi, double &re, double &im) {
    __complex__ double x, y;
    __real__ x = ar;
    __imag__ x = ai;
    __real__ y = br;
    __imag__ y = bi;
    const __complex__ double r = __builtin_cpow(x, y);
    re = __real__ r;
    im = __imag__ r;
}

// npymath's cmul, the plain formula with each product rounded (NumPy's baseline build has no
// FMA), which npy_cpow uses. (Not CMul: the fused formula drifts by several ulp over the
// repeated multiplications of an integer power and overflows differently, e.g. (big+bigj)**2.)
struct CMulPlain {
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        const R rr = pmul(ar, br) - pmul(ai, bi);
        const R ii = pmul(ar, bi) + pmul(ai, br);
        re = rr;
        im = ii;
    }
};

// NumPy's npy_cpow: b == 0 -> 1; a == 0 -> 0 (Re b > 0) or nan+nanj; a real integral exponent
// |n| < 100 by repeated multiplication (CMulPlain; a negative one inverted with CDiv), else cpow.
struct CPow {
    template <class R>
    static inline void c(R ar, R ai, R br, R bi, R &re, R &im) {
        if (br == 0 && bi == 0) {
            re = 1;
            im = 0;
            return;
        }
        if (ar == 0 && ai == 0) {
            if (br > 0) {
                re = 0;
                im = 0;
            } else {
                re = im = static_cast<R>(NAN);
            }
            return;
        }
        if (bi == 0 && br > -100 && br < 100) {
            const int n0 = static_cast<int>(br);
            if (static_cast<R>(n0) == br) {
                if (n0 == 1) {
                    re = ar;
                    im = ai;
                    return;
                }
                if (n0 == 2) {
                    CMulPlain::c(ar, ai, ar, ai, re, im);
                    return;
                }
                if (n0 == 3) {
                    R sr, si;
                    CMulPlain::c(ar, ai, ar, ai, sr, si);
                    CMulPlain::c(ar, ai, sr, si, re, im);
                    return;
                }
                const int n = n0 < 0 ? -n0 : n0;
                R pr = ar, pi = ai, qr = 1, qi = 0;
                for (int mask = 1;;) {
                    if (n & mask) CMulPlain::c(qr, qi, pr, pi, qr, qi);
                    mask <<= 1;
                    if (n < mask) break;
                    CMulPlain::c(pr, pi, pr, pi, pr, pi);
                }
                if (br < 0) CDiv::c(R(1), R(0), qr, qi, qr, qi);
                re = qr;
                im = qi;
                return;
            }
        }
        sys_cpow(ar, ai, br, bi, re, im);
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
int loop_complex(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    typedef typename CKernSel<Op, R>::type K;
    const int64_t is = static_cast<int64_t>(2 * sizeof(R));
    if (so == is) {
        R *po = reinterpret_cast<R *>(o);
        const R *pa = reinterpret_cast<const R *>(a);
        const R *pb = reinterpret_cast<const R *>(b);
        if (sa == is && sb == is) {
            K::contig(n, pa, pb, po);
            return 0;
        }
        if (sa == 0 && sb == is) {
            K::scalar_a(n, pa[0], pa[1], pb, po);
            return 0;
        }
        if (sa == is && sb == 0) {
            K::scalar_b(n, pa, pb[0], pb[1], po);
            return 0;
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
    return 0;
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
int loop_cmp(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o, int64_t so) {
    typedef typename CmpKernSel<Op, T>::type K;
    const int64_t is = static_cast<int64_t>(sizeof(T));
    uint8_t *po = reinterpret_cast<uint8_t *>(o);
    if (so == 1) {
        if (sa == is && sb == is) {
            K::contig(n, reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b), po);
            return 0;
        }
        if (sa == 0 && sb == is) {
            K::scalar_a(n, *reinterpret_cast<const T *>(a), reinterpret_cast<const T *>(b), po);
            return 0;
        }
        if (sa == is && sb == 0) {
            K::scalar_b(n, reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b), po);
            return 0;
        }
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        *reinterpret_cast<uint8_t *>(o) = static_cast<uint8_t>(
            Op::f(*reinterpret_cast<const T *>(a), *reinterpret_cast<const T *>(b)));
    }
    return 0;
}

// The 1-D comparison loop for complex dtypes (interleaved R pairs).
template <class Op, class R>
int loop_cmp_complex(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb, char *o,
                      int64_t so) {
    const int64_t is = static_cast<int64_t>(2 * sizeof(R));
    if (so == 1) {
        uint8_t *po = reinterpret_cast<uint8_t *>(o);
        const R *pa = reinterpret_cast<const R *>(a);
        const R *pb = reinterpret_cast<const R *>(b);
        if (sa == is && sb == is) {
            for (int64_t i = 0; i < n; ++i)
                po[i] = static_cast<uint8_t>(Op::c(pa[2 * i], pa[2 * i + 1], pb[2 * i], pb[2 * i + 1]));
            return 0;
        }
        if (sa == 0 && sb == is) {
            const R ar = pa[0], ai = pa[1];
            for (int64_t i = 0; i < n; ++i)
                po[i] = static_cast<uint8_t>(Op::c(ar, ai, pb[2 * i], pb[2 * i + 1]));
            return 0;
        }
        if (sa == is && sb == 0) {
            const R br = pb[0], bi = pb[1];
            for (int64_t i = 0; i < n; ++i)
                po[i] = static_cast<uint8_t>(Op::c(pa[2 * i], pa[2 * i + 1], br, bi));
            return 0;
        }
    }
    for (int64_t i = 0; i < n; ++i, a += sa, b += sb, o += so) {
        const R *pa = reinterpret_cast<const R *>(a);
        const R *pb = reinterpret_cast<const R *>(b);
        *reinterpret_cast<uint8_t *>(o) = static_cast<uint8_t>(Op::c(pa[0], pa[1], pb[0], pb[1]));
    }
    return 0;
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

#define ARRPY_STATUS_ROW(OP)                                                                   \
    &loop_status<OP, int8_t>, &loop_status<OP, uint8_t>, &loop_status<OP, int16_t>,            \
        &loop_status<OP, uint16_t>, &loop_status<OP, int32_t>, &loop_status<OP, uint32_t>,     \
        &loop_status<OP, int64_t>, &loop_status<OP, uint64_t>

#define ARRPY_MINMAX_ROW(OP)                                                                   \
    &loop_int_simd<OP, int8_t>, &loop_int_simd<OP, uint8_t>, &loop_int_simd<OP, int16_t>,      \
        &loop_int_simd<OP, uint16_t>, &loop_int_simd<OP, int32_t>, &loop_int_simd<OP, uint32_t>, \
        &loop_int_simd<OP, int64_t>, &loop_int_simd<OP, uint64_t>, &loop_real<OP, float>,      \
        &loop_real<OP, double>

#define ARRPY_NO_INTS nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr

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
        /* FLOOR_DIVIDE */ {nullptr, ARRPY_STATUS_ROW(OpFloorDivInt), &loop_plain<OpFloorDivFloat, float>,
                            &loop_plain<OpFloorDivFloat, double>, nullptr, nullptr},
        /* REMAINDER */ {nullptr, ARRPY_STATUS_ROW(OpRemainderInt), &loop_plain<OpRemainderFloat, float>,
                         &loop_plain<OpRemainderFloat, double>, nullptr, nullptr},
        /* POWER */ {nullptr, ARRPY_STATUS_ROW(OpPowerInt), &loop_plain<OpPowerFloat, float>,
                     &loop_plain<OpPowerFloat, double>, &loop_complex<CPow, float>, &loop_complex<CPow, double>},
        /* MAXIMUM */ {&loop_real<OpOr, uint8_t>, ARRPY_MINMAX_ROW(OpMaximum), &loop_complex<CMaximum, float>,
                       &loop_complex<CMaximum, double>},
        /* MINIMUM */ {&loop_real<OpAnd, uint8_t>, ARRPY_MINMAX_ROW(OpMinimum), &loop_complex<CMinimum, float>,
                       &loop_complex<CMinimum, double>},
        /* FMAX */ {&loop_real<OpOr, uint8_t>, ARRPY_MINMAX_ROW(OpFmax), &loop_complex<CFmax, float>,
                    &loop_complex<CFmax, double>},
        /* FMIN */ {&loop_real<OpAnd, uint8_t>, ARRPY_MINMAX_ROW(OpFmin), &loop_complex<CFmin, float>,
                    &loop_complex<CFmin, double>},
        /* COPYSIGN */ {ARRPY_NO_INTS, &loop_real<OpCopysign, float>, &loop_real<OpCopysign, double>, nullptr,
                        nullptr},
        /* HYPOT */ {ARRPY_NO_INTS, &loop_plain<OpHypot, float>, &loop_plain<OpHypot, double>, nullptr, nullptr},
        /* ARCTAN2 */ {ARRPY_NO_INTS, &loop_plain<OpArctan2, float>, &loop_plain<OpArctan2, double>, nullptr,
                       nullptr},
        /* LOGADDEXP */ {ARRPY_NO_INTS, &loop_plain<OpLogaddexp, float>, &loop_plain<OpLogaddexp, double>,
                         nullptr, nullptr},
        /* LEFT_SHIFT */ {nullptr, ARRPY_INT_ROW(OpLeftShift), nullptr, nullptr, nullptr, nullptr},
        /* RIGHT_SHIFT */ {nullptr, ARRPY_INT_ROW(OpRightShift), nullptr, nullptr, nullptr, nullptr},
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
#undef ARRPY_STATUS_ROW
#undef ARRPY_MINMAX_ROW
#undef ARRPY_NO_INTS
#undef ARRPY_INT_DIV_FP
#undef ARRPY_OPAQUE

}  // namespace

const arrpy_kernel_table *get_table() { return &kTable; }

}  // namespace ARRPY_KERNEL_NS
