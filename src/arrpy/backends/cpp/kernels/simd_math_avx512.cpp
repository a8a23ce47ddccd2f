// float64 exp over contiguous arrays, AVX-512F (compiled with -mavx512f -mavx2 -mfma,
// -ffp-contract=off), used instead of exp_f64_avx2 where the CPU has AVX-512F.
//
// The same algorithm, constants and operations, in the same order, as simd_math_avx2.cpp's
// exp_fast / exp_any, on eight lanes instead of four: the results are bit for bit those of
// exp_f64_avx2 (simd_math_test.cpp checks it), so the accuracy bound stated there holds.
// Why only exp: it is the one function of the benchmark where NumPy's own AVX-512 loop
// was faster than the AVX2 one (1e6 float64 on the 2-vCPU AVX-512 Xeon VM: NumPy 0.67 ns per
// element, exp_f64_avx2 0.78, this 0.4x).
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

}  // namespace

void exp_f64_avx512(const double *in, double *out, int64_t n) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512d a = _mm512_loadu_pd(in + i);
        __m512d b = _mm512_loadu_pd(in + i + 8);
        a = exp8(a);
        b = exp8(b);
        _mm512_storeu_pd(out + i, a);
        _mm512_storeu_pd(out + i + 8, b);
    }
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(out + i, exp8(_mm512_loadu_pd(in + i)));
    if (i < n) {
        const __mmask8 m = static_cast<__mmask8>((1u << (n - i)) - 1);
        // Masked-off lanes read as 0 (exp(0) = 1, never stored).
        _mm512_mask_storeu_pd(out + i, m, exp8(_mm512_maskz_loadu_pd(m, in + i)));
    }
}

}  // namespace simd
}  // namespace arrpy
