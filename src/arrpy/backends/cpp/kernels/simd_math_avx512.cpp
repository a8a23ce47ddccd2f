// float64 exp and log, float32 sin and cos over contiguous arrays, AVX-512F (compiled with
// -mavx512f -mavx2 -mfma, -ffp-contract=off), used instead of the AVX2 versions where the CPU
// has AVX-512F.
//
// The same algorithms, constants and operations, in the same order, as simd_math_avx2.cpp's, on
// twice the lanes: exp and log give bit for bit the AVX2 versions' results (simd_math_test.cpp
// checks it), so the accuracy bounds stated there hold; sin/cos see sincos16. Why these four:
// the functions of the benchmark where NumPy's own AVX-512 loops were as fast as the
// AVX2 ones or faster (1e6 elements, one thread, 2-vCPU AVX-512 Xeon VM, ns per element, NumPy /
// AVX2 / this: exp f64 0.67 / 0.81 / 0.68-0.77, log f64 0.95 / 0.80-0.87 / 0.73-0.84, sin f32
// 0.60 / 0.57 / 0.38). Wider vectors gain less than 2x for float64: the AVX-512 clock is lower
// and 1e6 elements stream from L3.
//
// Loop: two vectors per iteration, then one, then a masked tail (never touching memory past n);
// `in == out` is fine.
#include "simd_math.hpp"

// GCC 12's AVX-512 intrinsics (min, max, shifts, ...) pass `_mm512_undefined_pd()` as the unused
// merge operand, which -Wmaybe-uninitialized reports as "may be used uninitialized" (GCC bug
// 105593, fixed in GCC 13): a false positive in the compiler's own header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <cmath>

namespace arrpy {
namespace simd {
namespace {

#define AINLINE inline __attribute__((always_inline))

AINLINE __m512d set1(double v) { return _mm512_set1_pd(v); }
AINLINE __m512d fmadd(__m512d a, __m512d b, __m512d c) { return _mm512_fmadd_pd(a, b, c); }
AINLINE __m512i i64(__m512d v) { return _mm512_castpd_si512(v); }
AINLINE __m512d f64(__m512i v) { return _mm512_castsi512_pd(v); }
AINLINE __m512i c64(long long v) { return _mm512_set1_epi64(v); }
// 2^k as a double from k + 1023 in the low bits.
AINLINE __m512d pow2(__m512i biased) { return f64(_mm512_slli_epi64(biased, 52)); }

const double kShift = 0x1.8p52;
const double kLn2Hi = 0x1.62e42fefa39efp-1;
const double kLn2Lo = 0x1.abc9e3b39803fp-56;

// simd_math_avx2.cpp's exp_poly: 1 + (r + r^2 q(r)), q of degree 9.
AINLINE __m512d exp_poly(__m512d r) {
    __m512d q = set1(0x1.af38b4925be09p-26);
    q = fmadd(q, r, set1(0x1.28918e390a71ep-22));
    q = fmadd(q, r, set1(0x1.71de0da9d06acp-19));
    q = fmadd(q, r, set1(0x1.a019b905bafb1p-16));
    q = fmadd(q, r, set1(0x1.a01a01a7c54aep-13));
    q = fmadd(q, r, set1(0x1.6c16c1788dc33p-10));
    q = fmadd(q, r, set1(0x1.11111111109b2p-7));
    q = fmadd(q, r, set1(0x1.5555555553d5ep-5));
    q = fmadd(q, r, set1(0x1.5555555555556p-3));
    q = fmadd(q, r, set1(0x1.0000000000001p-1));
    __m512d p = fmadd(_mm512_mul_pd(r, r), q, r);
    return _mm512_add_pd(set1(1.0), p);
}

// x = k ln2 + r; t holds k in its low mantissa bits.
AINLINE __m512d reduce(__m512d x, __m512d *t, __m512d *kd) {
    *t = fmadd(x, set1(0x1.71547652b82fep0), set1(kShift));
    *kd = _mm512_sub_pd(*t, set1(kShift));
    __m512d r = fmadd(*kd, set1(-kLn2Hi), x);
    return fmadd(*kd, set1(-kLn2Lo), r);
}

// Every lane |x| < 707: one scaling multiply by 2^k.
AINLINE __m512d exp_fast(__m512d x) {
    __m512d t, kd;
    __m512d e = exp_poly(reduce(x, &t, &kd));
    __m512d scale = pow2(_mm512_add_epi64(i64(t), c64(1023)));
    return _mm512_mul_pd(e, scale);
}

// Any x: clamped to [-746, 710] (nan stays nan: it is the second operand of min/max, as in the
// AVX2 version), scaled by 2^k1 then 2^k2, k1 + k2 = k.
AINLINE __m512d exp_any(__m512d x) {
    x = _mm512_min_pd(set1(710.0), x);
    x = _mm512_max_pd(set1(-746.0), x);
    __m512d t, kd;
    __m512d e = exp_poly(reduce(x, &t, &kd));
    __m512d t1 = _mm512_add_pd(_mm512_mul_pd(kd, set1(0.5)), set1(kShift));
    __m512i k2 = _mm512_sub_epi64(i64(t), i64(t1));
    __m512d s1 = pow2(_mm512_add_epi64(i64(t1), c64(1023)));
    __m512d s2 = pow2(_mm512_add_epi64(k2, c64(1023)));
    return _mm512_mul_pd(_mm512_mul_pd(e, s1), s2);
}

AINLINE __m512d exp8(__m512d x) {
    __m512d ax = _mm512_abs_pd(x);
    if (_mm512_cmp_pd_mask(ax, set1(707.0), _CMP_LT_OQ) == 0xFF) return exp_fast(x);
    return exp_any(x);
}

// ------------------------------------------------------------------------------------- log
// simd_math_avx2.cpp's log_core: fdlibm's e_log.c on x positive, finite and normal (kadj is
// subtracted from the exponent of pre-scaled subnormals).
AINLINE __m512d log_core(__m512d x, __m512d kadj) {
    __m512i bits = i64(x);
    __m512i u = _mm512_sub_epi64(bits, c64(0x0006a09e667f3bcdLL));
    __m512i e = _mm512_srli_epi64(u, 52);
    __m512d m = f64(_mm512_add_epi64(_mm512_and_si512(u, c64(0x000fffffffffffffLL)),
                                     c64(0x3fe6a09e667f3bcdLL)));
    __m512d kd = _mm512_sub_pd(f64(_mm512_or_si512(e, c64(0x4330000000000000LL))),
                               set1(0x1p52 + 1022.0));
    kd = _mm512_sub_pd(kd, kadj);
    __m512d f = _mm512_sub_pd(m, set1(1.0));
    __m512d s = _mm512_div_pd(f, _mm512_add_pd(set1(2.0), f));
    __m512d z = _mm512_mul_pd(s, s);
    __m512d R = fmadd(z, set1(1.479819860511658591e-01), set1(1.531383769920937332e-01));
    R = fmadd(R, z, set1(1.818357216161805012e-01));
    R = fmadd(R, z, set1(2.222219843214978396e-01));
    R = fmadd(R, z, set1(2.857142874366239149e-01));
    R = fmadd(R, z, set1(3.999999999940941908e-01));
    R = fmadd(R, z, set1(6.666666666666735130e-01));
    __m512d a = _mm512_fmsub_pd(s, _mm512_fnmadd_pd(z, R, f),
                                _mm512_mul_pd(kd, set1(1.90821492927058770002e-10)));
    return _mm512_fmsub_pd(kd, set1(6.93147180369123816490e-01), _mm512_sub_pd(a, f));
}

// simd_math_avx2.cpp's LogF64, the special lanes through masks instead of blends.
AINLINE __m512d log8(__m512d x) {
    // x positive, normal, finite  <=>  bits + 2^52 > 2^53 - 1 as signed int64
    const __mmask8 ok = _mm512_cmpgt_epi64_mask(_mm512_add_epi64(i64(x), c64(1LL << 52)),
                                                c64((1LL << 53) - 1));
    if (ok == 0xFF) return log_core(x, _mm512_setzero_pd());
    const __mmask8 sub = _mm512_cmp_pd_mask(x, set1(0x1p-1022), _CMP_LT_OQ);
    __m512d xs = _mm512_mask_blend_pd(sub, x, _mm512_mul_pd(x, set1(0x1p54)));
    __m512d res = log_core(xs, _mm512_maskz_mov_pd(sub, set1(54.0)));
    const double inf = HUGE_VAL;
    const __m512d zero = _mm512_setzero_pd();
    res = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(x, zero, _CMP_EQ_OQ), res, set1(-inf));
    res = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(x, zero, _CMP_LT_OQ), res, set1(std::nan("")));
    res = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(x, set1(inf), _CMP_EQ_OQ), res, set1(inf));
    res = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q), res, x);
    return res;
}

template <class F>
AINLINE void loop_f64(const double *in, double *out, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512d a = _mm512_loadu_pd(in + i);
        __m512d b = _mm512_loadu_pd(in + i + 8);
        a = f(a);
        b = f(b);
        _mm512_storeu_pd(out + i, a);
        _mm512_storeu_pd(out + i + 8, b);
    }
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(out + i, f(_mm512_loadu_pd(in + i)));
    if (i < n) {
        const __mmask8 m = static_cast<__mmask8>((1u << (n - i)) - 1);
        // Masked-off lanes read as 0 (never stored).
        _mm512_mask_storeu_pd(out + i, m, f(_mm512_maskz_loadu_pd(m, in + i)));
    }
}

// ------------------------------------------------------------------------- sin/cos float32
// simd_math_avx2.cpp's sincosf_core on 16 floats: n = rint(x 2/pi), r = x - n pi/2 in three
// float parts, sin r and cos r polynomials, the quadrant.
const float kShiftF = 0x1.8p23f;
const float kTrigMaxF = 0x1p16f;

AINLINE __m512 set1f(float v) { return _mm512_set1_ps(v); }
AINLINE __m512 fmaddf(__m512 a, __m512 b, __m512 c) { return _mm512_fmadd_ps(a, b, c); }

template <bool kCos>
AINLINE __m512 sincosf_core(__m512 x) {
    __m512 t = fmaddf(x, set1f(0x1.45f306p-1f), set1f(kShiftF));
    __m512 nf = _mm512_sub_ps(t, set1f(kShiftF));
    __m512i q = _mm512_castps_si512(t);
    if (kCos) q = _mm512_add_epi32(q, _mm512_set1_epi32(1));
    __m512 r = fmaddf(nf, set1f(-0x1.921fb6p+0f), x);
    r = fmaddf(nf, set1f(0x1.777a5cp-25f), r);
    r = fmaddf(nf, set1f(0x1.ee59dap-50f), r);
    __m512 z = _mm512_mul_ps(r, r);
    __m512 S = fmaddf(z, set1f(0x1.6da31ep-19f), set1f(-0x1.a01354p-13f));
    S = fmaddf(S, z, set1f(0x1.11110ep-7f));
    S = fmaddf(S, z, set1f(-0x1.555556p-3f));
    __m512 sinr = fmaddf(_mm512_mul_ps(r, z), S, r);
    __m512 C = fmaddf(z, set1f(0x1.9bbcd8p-16f), set1f(-0x1.6c129ep-10f));
    C = fmaddf(C, z, set1f(0x1.555542p-5f));
    C = fmaddf(C, z, set1f(-0.5f));
    __m512 cosr = fmaddf(C, z, set1f(1.0f));
    const __mmask16 odd = _mm512_test_epi32_mask(q, _mm512_set1_epi32(1));
    __m512 res = _mm512_mask_blend_ps(odd, sinr, cosr);
    __m512i sign = _mm512_slli_epi32(_mm512_srli_epi32(q, 1), 31);  // bit 1 of q
    res = _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(res), sign));
    if (!kCos)  // sin(+-0) = +-0
        res = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_EQ_OQ), res, x);
    return res;
}

// Lanes beyond kTrigMaxF (or inf / nan) are recomputed by std::sin / std::cos one by one; the
// AVX2 version sends the whole vector of such a lane to libm instead, so in those (rare) vectors
// the other lanes' results can differ from it by the polynomial's error (<= 1 ulp); everywhere
// else they are its bits. simd_math_test checks these two against glibc (2 ulp), not bitwise.
template <bool kCos>
AINLINE __m512 sincos16(__m512 x) {
    const __mmask16 ok = _mm512_cmp_ps_mask(_mm512_abs_ps(x), set1f(kTrigMaxF), _CMP_LE_OQ);
    __m512 res = sincosf_core<kCos>(x);
    if (ok == 0xFFFF) return res;
    alignas(64) float in[16], out[16];
    _mm512_store_ps(in, x);
    _mm512_store_ps(out, res);
    for (int i = 0; i < 16; ++i)
        if (!((ok >> i) & 1)) out[i] = kCos ? std::cos(in[i]) : std::sin(in[i]);
    return _mm512_load_ps(out);
}

template <class F>
AINLINE void loop_f32(const float *in, float *out, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512 a = _mm512_loadu_ps(in + i);
        __m512 b = _mm512_loadu_ps(in + i + 16);
        a = f(a);
        b = f(b);
        _mm512_storeu_ps(out + i, a);
        _mm512_storeu_ps(out + i + 16, b);
    }
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, f(_mm512_loadu_ps(in + i)));
    if (i < n) {
        const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(out + i, m, f(_mm512_maskz_loadu_ps(m, in + i)));
    }
}

}  // namespace

void exp_f64_avx512(const double *in, double *out, int64_t n) { loop_f64(in, out, n, exp8); }
void log_f64_avx512(const double *in, double *out, int64_t n) { loop_f64(in, out, n, log8); }
void sin_f32_avx512(const float *in, float *out, int64_t n) { loop_f32(in, out, n, sincos16<false>); }
void cos_f32_avx512(const float *in, float *out, int64_t n) { loop_f32(in, out, n, sincos16<true>); }

}  // namespace simd
}  // namespace arrpy
