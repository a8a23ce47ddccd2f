// Vectorised exp/log/sin/cos/tanh over contiguous arrays, AVX2 + FMA (compiled with -mavx2 -mfma,
// -ffp-contract=off: every fused multiply-add below is an explicit intrinsic, and the
// error-free transformations rely on the compiler not contracting or reassociating).
//
// Measured accuracy, max |ours - glibc| in ulp (simd_math_test.cpp; f64: ~56M inputs each for
// exp/log and ~21M for sin/cos: random bit patterns over the whole range, random values in the
// ordinary ranges, +-20000 ulp around the overflow/underflow/subnormal thresholds, subnormals,
// integers, multiples of pi/2 and pi/4 and their neighbours up to 2^30 pi/2, +-0, +-inf, nan;
// f32: all 2^32 inputs). The test fails above 2 ulp.
//   exp f64 1, log f64 1, sin f64 1, cos f64 1        (glibc is < 1 ulp, so <= ~1.5 ulp vs exact)
//   exp f32 1, log f32 1, sin f32 2, cos f32 2        (glibc's float versions are correctly
//   rounded; the 2-ulp cases of sin/cos f32 (~1e-4 of the inputs that differ at all) come
//   from the float range reduction, e.g. r just above a power of two while sin r is below it)
//   tanh f64 1, tanh f32 1                             (against tanhl rounded, not glibc's tanh,
//   which is up to ~2.2 ulp off in (0, 1); vs glibc: 2 ulp. f64: 18.7M inputs (random bits,
//   uniform in [-20, 20], [-1, 1], [-1.2, 1.2], tiny/subnormal, +-20000 ulp around the branch
//   threshold 1, 0.549 and the saturation point 19.06, specials); a sweep against tanhl gives
//   <= 0.95 ulp of the exact value (0.94 just above 1, <= 0.95 in the polynomial range).
//   f32 (native float, see TanhF32): 1 ulp from tanhl rounded to float, all 2^32 inputs (the
//   float64 core rounded once gave 0 ulp but ran at float64 speed))
// Speed, 1e6 elements, one thread, vs NumPy 2.x (AVX512 SVML) on the dev machine (AMD EPYC,
// Zen 4), ns/element ours / NumPy: exp f64 0.80/0.83, log f64 0.87/0.84, sin f64 1.87/16+,
// cos f64 1.81/16+, exp f32 0.28/0.44, log f32 0.31/0.37, sin f32 0.48/0.51, cos f32 0.46/0.53.
// tanh (uniform in [-10, 10], another machine: Xeon with AVX-512, busy): f64 ~1.9-2.1/1.3,
// f32 ~0.75/0.35 (NumPy uses 8/16 AVX-512 lanes there; ours 4/8).
//
// Loops: two independent vectors per iteration, then one, then a masked tail
// (maskload/maskstore, never touching memory past `n`). `in == out` is fine: each block is
// loaded completely before it is stored.
#include "simd_math.hpp"

#include <immintrin.h>

#include <cmath>
#include <cstring>

namespace arrpy {
namespace simd {
namespace {

#define AINLINE inline __attribute__((always_inline))

AINLINE __m256d set1(double v) { return _mm256_set1_pd(v); }
AINLINE __m256d fmadd(__m256d a, __m256d b, __m256d c) { return _mm256_fmadd_pd(a, b, c); }
AINLINE __m256i i64(__m256d v) { return _mm256_castpd_si256(v); }
AINLINE __m256d f64(__m256i v) { return _mm256_castsi256_pd(v); }
AINLINE __m256i c64(long long v) { return _mm256_set1_epi64x(v); }

// Masks for the tails: lanes [0, k) active.
AINLINE __m256i tail_mask_64(int64_t k) {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(k), _mm256_setr_epi64x(0, 1, 2, 3));
}
AINLINE __m256i tail_mask_32(int64_t k) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(k)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

template <class F>
AINLINE void loop_f64(const double *in, double *out, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256d a = _mm256_loadu_pd(in + i);
        __m256d b = _mm256_loadu_pd(in + i + 4);
        a = f(a);
        b = f(b);
        _mm256_storeu_pd(out + i, a);
        _mm256_storeu_pd(out + i + 4, b);
    }
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(out + i, f(_mm256_loadu_pd(in + i)));
    if (i < n) {
        __m256i m = tail_mask_64(n - i);
        __m256d a = _mm256_maskload_pd(in + i, m);
        _mm256_maskstore_pd(out + i, m, f(a));
    }
}

// float32 computed in double: 8 floats -> two __m256d -> f -> back (one rounding to float).
template <class F>
AINLINE __m256 via_f64(__m256 v, F f) {
    __m256d lo = f(_mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    __m256d hi = f(_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
    return _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo));
}

template <class F>
AINLINE void loop_f32(const float *in, float *out, int64_t n, F f) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 a = _mm256_loadu_ps(in + i);
        __m256 b = _mm256_loadu_ps(in + i + 8);
        a = f(a);
        b = f(b);
        _mm256_storeu_ps(out + i, a);
        _mm256_storeu_ps(out + i + 8, b);
    }
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, f(_mm256_loadu_ps(in + i)));
    if (i < n) {
        __m256i m = tail_mask_32(n - i);
        __m256 a = _mm256_maskload_ps(in + i, m);
        _mm256_maskstore_ps(out + i, m, f(a));
    }
}

const double kShift = 0x1.8p52;  // adding it rounds to an integer held in the low mantissa bits

// ------------------------------------------------------------------------------------- exp
// x = k ln2 + r, |r| <= ln2/2 (+ rounding); exp(r) = 1 + (r + r^2 q(r)) with q a degree-9
// Chebyshev fit to (e^r - 1 - r)/r^2 (fit error 1.1e-16 on q, 0.06 ulp of the result);
// exp(x) = exp(r) 2^k.
AINLINE __m256d exp_poly(__m256d r) {
    __m256d q = set1(0x1.af38b4925be09p-26);
    q = fmadd(q, r, set1(0x1.28918e390a71ep-22));
    q = fmadd(q, r, set1(0x1.71de0da9d06acp-19));
    q = fmadd(q, r, set1(0x1.a019b905bafb1p-16));
    q = fmadd(q, r, set1(0x1.a01a01a7c54aep-13));
    q = fmadd(q, r, set1(0x1.6c16c1788dc33p-10));
    q = fmadd(q, r, set1(0x1.11111111109b2p-7));
    q = fmadd(q, r, set1(0x1.5555555553d5ep-5));
    q = fmadd(q, r, set1(0x1.5555555555556p-3));
    q = fmadd(q, r, set1(0x1.0000000000001p-1));
    __m256d p = fmadd(_mm256_mul_pd(r, r), q, r);
    return _mm256_add_pd(set1(1.0), p);
}

const double kLn2Hi = 0x1.62e42fefa39efp-1;    // ln 2 rounded
const double kLn2Lo = 0x1.abc9e3b39803fp-56;   // ln 2 - kLn2Hi

// Lanes with |x| < 707: 2^k and the result are normal, one scaling multiply.
AINLINE __m256d exp_fast(__m256d x) {
    __m256d t = fmadd(x, set1(0x1.71547652b82fep0), set1(kShift));
    __m256d kd = _mm256_sub_pd(t, set1(kShift));
    __m256d r = fmadd(kd, set1(-kLn2Hi), x);
    r = fmadd(kd, set1(-kLn2Lo), r);
    __m256d e = exp_poly(r);
    __m256d scale = f64(_mm256_slli_epi64(_mm256_add_epi64(i64(t), c64(1023)), 52));
    return _mm256_mul_pd(e, scale);
}

// Any x: clamp to [-746, 710] (nan propagates through min/max with x as second operand), scale
// by 2^k1 then 2^k2 with k1 + k2 = k, both normal, so overflow gives inf, and subnormal
// results are rounded once (the first multiply is exact).
AINLINE __m256d exp_any(__m256d x) {
    x = _mm256_min_pd(set1(710.0), x);
    x = _mm256_max_pd(set1(-746.0), x);
    __m256d t = fmadd(x, set1(0x1.71547652b82fep0), set1(kShift));
    __m256d kd = _mm256_sub_pd(t, set1(kShift));
    __m256d r = fmadd(kd, set1(-kLn2Hi), x);
    r = fmadd(kd, set1(-kLn2Lo), r);
    __m256d e = exp_poly(r);
    __m256d t1 = _mm256_add_pd(_mm256_mul_pd(kd, set1(0.5)), set1(kShift));  // k1 = rint(k/2)
    __m256i k2 = _mm256_sub_epi64(i64(t), i64(t1));                           // k - k1
    __m256d s1 = f64(_mm256_slli_epi64(_mm256_add_epi64(i64(t1), c64(1023)), 52));
    __m256d s2 = f64(_mm256_slli_epi64(_mm256_add_epi64(k2, c64(1023)), 52));
    return _mm256_mul_pd(_mm256_mul_pd(e, s1), s2);
}

struct ExpF64 {
    AINLINE __m256d operator()(__m256d x) const {
        __m256d ax = _mm256_andnot_pd(set1(-0.0), x);
        if (_mm256_movemask_pd(_mm256_cmp_pd(ax, set1(707.0), _CMP_LT_OQ)) == 0xF)
            return exp_fast(x);
        return exp_any(x);
    }
};

// ------------------------------------------------------------------------------------- log
// After fdlibm's e_log.c: x = 2^k m, sqrt(2)/2 <= m < sqrt(2), f = m - 1, s = f/(2+f),
// log1p(f) = 2 atanh(s) = 2s + s z R(z) (z = s^2, fdlibm's Lg1..Lg7) = f - s (f - z R(z)),
// log(x) = k ln2_hi - ((s (f - z R) - k ln2_lo) - f)  (k ln2_hi exact).
// `x` must be positive, finite and normal; `kadj` is subtracted from the exponent (for
// subnormals pre-scaled by 2^54).
AINLINE __m256d log_core(__m256d x, __m256d kadj) {
    __m256i bits = i64(x);
    __m256i u = _mm256_sub_epi64(bits, c64(0x0006a09e667f3bcdLL));
    __m256i e = _mm256_srli_epi64(u, 52);  // biased exponent, minus 1 when mantissa < sqrt2
    __m256d m = f64(_mm256_add_epi64(_mm256_and_si256(u, c64(0x000fffffffffffffLL)),
                                     c64(0x3fe6a09e667f3bcdLL)));
    __m256d kd = _mm256_sub_pd(f64(_mm256_or_si256(e, c64(0x4330000000000000LL))),
                               set1(0x1p52 + 1022.0));
    kd = _mm256_sub_pd(kd, kadj);
    __m256d f = _mm256_sub_pd(m, set1(1.0));
    __m256d s = _mm256_div_pd(f, _mm256_add_pd(set1(2.0), f));
    __m256d z = _mm256_mul_pd(s, s);
    __m256d R = fmadd(z, set1(1.479819860511658591e-01), set1(1.531383769920937332e-01));
    R = fmadd(R, z, set1(1.818357216161805012e-01));
    R = fmadd(R, z, set1(2.222219843214978396e-01));
    R = fmadd(R, z, set1(2.857142874366239149e-01));
    R = fmadd(R, z, set1(3.999999999940941908e-01));
    R = fmadd(R, z, set1(6.666666666666735130e-01));
    // log1p(f) = 2s + s z R = f - s (f - z R)   (2s = f - s f)
    __m256d a = _mm256_fmsub_pd(s, _mm256_fnmadd_pd(z, R, f), _mm256_mul_pd(kd, set1(1.90821492927058770002e-10)));
    return _mm256_fmsub_pd(kd, set1(6.93147180369123816490e-01), _mm256_sub_pd(a, f));
}

struct LogF64 {
    AINLINE __m256d operator()(__m256d x) const {
        // x positive, normal, finite  <=>  bits + 2^52 > 2^53 - 1 as signed int64 (zero and
        // subnormals stay below, inf/nan/negative wrap negative, -inf and -nan wrap below 2^52).
        __m256i ok = _mm256_cmpgt_epi64(_mm256_add_epi64(i64(x), c64(1LL << 52)), c64((1LL << 53) - 1));
        if (_mm256_movemask_pd(f64(ok)) == 0xF) return log_core(x, _mm256_setzero_pd());
        __m256d sub = _mm256_cmp_pd(x, set1(0x1p-1022), _CMP_LT_OQ);
        __m256d xs = _mm256_blendv_pd(x, _mm256_mul_pd(x, set1(0x1p54)), sub);
        __m256d res = log_core(xs, _mm256_and_pd(sub, set1(54.0)));
        const double inf = HUGE_VAL;
        res = _mm256_blendv_pd(res, set1(-inf), _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_EQ_OQ));
        res = _mm256_blendv_pd(res, set1(std::nan("")), _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_LT_OQ));
        res = _mm256_blendv_pd(res, set1(inf), _mm256_cmp_pd(x, set1(inf), _CMP_EQ_OQ));
        res = _mm256_blendv_pd(res, x, _mm256_cmp_pd(x, x, _CMP_UNORD_Q));
        return res;
    }
};

// ---------------------------------------------------------------------------------- sin/cos
// n = rint(x 2/pi), r = x - n pi/2 as a double-double (rhi, rlo): pi/2 = P1 + P2 + P3 (3 x 53
// bits); x - n P1 is exact (one FMA: the difference is a multiple of min(ulp x, 2^-52) below
// 1); n P2 is split exactly with an FMA and subtracted with 2Sum; n P3 goes into the low part.
// Then fdlibm's __kernel_sin/__kernel_cos (FreeBSD k_sin.c/k_cos.c coefficients) on
// |r| <= pi/4 and the quadrant n mod 4. Lanes with |x| > kTrigMax (or inf/nan) send the whole
// vector to scalar std::sin/std::cos.
const double kTrigMax = 0x1p27;  // ~1.34e8

template <bool kCos>
AINLINE __m256d sincos_core(__m256d x) {
    __m256d t = fmadd(x, set1(0x1.45f306dc9c883p-1), set1(kShift));
    __m256d nd = _mm256_sub_pd(t, set1(kShift));
    __m256i q = i64(t);
    if (kCos) q = _mm256_add_epi64(q, c64(1));
    const double P1 = 0x1.921fb54442d18p+0, P2 = 0x1.1a62633145c07p-54, P3 = -0x1.f1976b7ed8fbcp-110;
    __m256d t1 = fmadd(nd, set1(-P1), x);
    __m256d whi = _mm256_mul_pd(nd, set1(P2));
    __m256d wlo = _mm256_fmsub_pd(nd, set1(P2), whi);
    wlo = fmadd(nd, set1(P3), wlo);
    // 2Sum: rhi + err = t1 - whi exactly.
    __m256d rhi = _mm256_sub_pd(t1, whi);
    __m256d bb = _mm256_sub_pd(rhi, t1);
    __m256d err = _mm256_add_pd(_mm256_sub_pd(t1, _mm256_sub_pd(rhi, bb)),
                                _mm256_sub_pd(_mm256_setzero_pd(), _mm256_add_pd(whi, bb)));
    __m256d rlo = _mm256_sub_pd(err, wlo);

    __m256d z = _mm256_mul_pd(rhi, rhi);
    __m256d w = _mm256_mul_pd(z, z);
    // __kernel_sin(rhi, rlo, 1)
    __m256d sr = fmadd(z, set1(2.75573137070700676789e-06), set1(-1.98412698298579493134e-04));
    sr = fmadd(z, sr, set1(8.33333333332248946124e-03));
    __m256d sr2 = fmadd(z, set1(1.58969099521155010221e-10), set1(-2.50507602534068634195e-08));
    sr = fmadd(_mm256_mul_pd(z, w), sr2, sr);
    __m256d v = _mm256_mul_pd(z, rhi);
    __m256d sa = _mm256_sub_pd(_mm256_mul_pd(set1(0.5), rlo), _mm256_mul_pd(v, sr));
    sa = _mm256_sub_pd(_mm256_mul_pd(z, sa), rlo);
    sa = _mm256_sub_pd(sa, _mm256_mul_pd(v, set1(-1.66666666666666324348e-01)));
    __m256d sinr = _mm256_sub_pd(rhi, sa);
    // __kernel_cos(rhi, rlo)
    __m256d cr = fmadd(z, set1(2.48015872894767294178e-05), set1(-1.38888888888741095749e-03));
    cr = fmadd(z, cr, set1(4.16666666666666019037e-02));
    cr = _mm256_mul_pd(z, cr);
    __m256d cr2 = fmadd(z, set1(-1.13596475577881948265e-11), set1(2.08757232129817482790e-09));
    cr2 = fmadd(z, cr2, set1(-2.75573143513906633035e-07));
    cr = fmadd(_mm256_mul_pd(w, w), cr2, cr);
    __m256d hz = _mm256_mul_pd(set1(0.5), z);
    __m256d cw = _mm256_sub_pd(set1(1.0), hz);
    __m256d ca = _mm256_sub_pd(_mm256_sub_pd(set1(1.0), cw), hz);
    ca = _mm256_add_pd(ca, _mm256_sub_pd(_mm256_mul_pd(z, cr), _mm256_mul_pd(rhi, rlo)));
    __m256d cosr = _mm256_add_pd(cw, ca);

    __m256d odd = f64(_mm256_cmpeq_epi64(_mm256_and_si256(q, c64(1)), c64(1)));
    __m256d res = _mm256_blendv_pd(sinr, cosr, odd);
    __m256i sign = _mm256_and_si256(_mm256_slli_epi64(q, 62), c64(0x8000000000000000LL));
    res = _mm256_xor_pd(res, f64(sign));
    if (!kCos) res = _mm256_blendv_pd(res, x, _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_EQ_OQ));
    return res;
}

template <bool kCos>
struct SinCosF64 {
    AINLINE __m256d operator()(__m256d x) const {
        __m256d ax = _mm256_andnot_pd(set1(-0.0), x);
        if (_mm256_movemask_pd(_mm256_cmp_pd(ax, set1(kTrigMax), _CMP_LE_OQ)) == 0xF)
            return sincos_core<kCos>(x);
        alignas(32) double tmp[4];
        _mm256_store_pd(tmp, x);
        for (double &v : tmp) v = kCos ? std::cos(v) : std::sin(v);
        return _mm256_load_pd(tmp);
    }
};

// ------------------------------------------------------------------------------------ tanh
// |x| < kTanhSmall: tanh x = x + x u P(u), u = x^2, P a degree-15 Chebyshev fit (mpmath) to
// (tanh x - x)/x^3 on u in [0, kTanhSmall^2] (fit error 0.12 ulp of tanh with the coefficients
// rounded to double). |x| >= kTanhSmall: tanh|x| = 1 - 2/(e^{2|x|} + 1) with exp_fast (2|x|
// is exact; |x| is clamped to 20 first, where tanh already rounds to 1, so exp never
// overflows and inf gives 1); the sign bit of x is put back (both branches work on |x|), so tanh(-x) = -tanh(x). Vectors
// with lanes on both sides compute both and blend; nan takes the polynomial (the compare is
// false) and propagates.
const double kTanhSmall = 1.0;

AINLINE __m256d tanh_poly(__m256d x) {
    __m256d u = _mm256_mul_pd(x, x);
    __m256d p = set1(0x1.b028f6cb72ebfp-26);
    p = fmadd(p, u, set1(-0x1.1ab979c0ab58cp-22));
    p = fmadd(p, u, set1(0x1.7238a0a7e22b6p-20));
    p = fmadd(p, u, set1(-0x1.4eb911dcd9788p-18));
    p = fmadd(p, u, set1(0x1.ea19b73b128d8p-17));
    p = fmadd(p, u, set1(-0x1.42090e21d3d28p-15));
    p = fmadd(p, u, set1(0x1.94981e5bdbe6fp-14));
    p = fmadd(p, u, set1(-0x1.f5211730ee038p-13));
    p = fmadd(p, u, set1(0x1.3551ae34bdfffp-11));
    p = fmadd(p, u, set1(-0x1.7da2bdc3daa27p-10));
    p = fmadd(p, u, set1(0x1.d6d3c538d0bbep-9));
    p = fmadd(p, u, set1(-0x1.226e3519865dfp-7));
    p = fmadd(p, u, set1(0x1.664f4880d2a47p-6));
    p = fmadd(p, u, set1(-0x1.ba1ba1ba1453ep-5));
    p = fmadd(p, u, set1(0x1.11111111110b9p-3));
    p = fmadd(p, u, set1(-0x1.5555555555555p-2));
    return fmadd(_mm256_mul_pd(x, u), p, x);
}

// tanh|x| for |x| >= kTanhSmall (ax = |x|), without the sign.
AINLINE __m256d tanh_big(__m256d ax) {
    __m256d a = _mm256_min_pd(set1(20.0), ax);  // nan propagates (second operand)
    __m256d e = exp_fast(_mm256_add_pd(a, a));
    return _mm256_sub_pd(set1(1.0), _mm256_div_pd(set1(2.0), _mm256_add_pd(e, set1(1.0))));
}

struct TanhF64 {
    AINLINE __m256d operator()(__m256d x) const {
        // Both branches on |x|, then the sign bit of x (x + x u P(u) with x = -0 would give +0).
        const __m256d signbit = set1(-0.0);
        __m256d ax = _mm256_andnot_pd(signbit, x);
        __m256d sign = _mm256_and_pd(signbit, x);
        __m256d big = _mm256_cmp_pd(ax, set1(kTanhSmall), _CMP_GE_OQ);
        int m = _mm256_movemask_pd(big);
        __m256d r;
        if (m == 0)
            r = tanh_poly(ax);
        else if (m == 0xF)
            r = tanh_big(ax);
        else
            r = _mm256_blendv_pd(tanh_poly(ax), tanh_big(ax), big);
        return _mm256_or_pd(r, sign);
    }
};

// =================================================================================== float32
// Native float arithmetic, 8 lanes (coefficients: Chebyshev fits, see the comments).
AINLINE __m256 set1f(float v) { return _mm256_set1_ps(v); }
AINLINE __m256 fmaddf(__m256 a, __m256 b, __m256 c) { return _mm256_fmadd_ps(a, b, c); }
AINLINE __m256i i32(__m256 v) { return _mm256_castps_si256(v); }
AINLINE __m256 f32(__m256i v) { return _mm256_castsi256_ps(v); }
AINLINE __m256i c32(int v) { return _mm256_set1_epi32(v); }
const float kShiftF = 0x1.8p23f;

// exp: x = k ln2 + r, r = x - k ln2_hi - k ln2_lo (the first FMA is exact),
// e^r = 1 + (r + r^2 q(r)), q a degree-5 fit to (e^r - 1 - r)/r^2 (error 1.4e-9).
AINLINE __m256 expf_poly(__m256 x, __m256 &t) {
    t = fmaddf(x, set1f(0x1.715476p+0f), set1f(kShiftF));
    __m256 kf = _mm256_sub_ps(t, set1f(kShiftF));
    __m256 r = fmaddf(kf, set1f(-0x1.62e43p-1f), x);
    r = fmaddf(kf, set1f(0x1.05c61p-29f), r);
    __m256 q = fmaddf(r, set1f(0x1.a1256cp-13f), set1f(0x1.6d43b0p-10f));
    q = fmaddf(q, r, set1f(0x1.1110e0p-7f));
    q = fmaddf(q, r, set1f(0x1.5554e8p-5f));
    q = fmaddf(q, r, set1f(0x1.555556p-3f));
    q = fmaddf(q, r, set1f(0x1.000000p-1f));
    __m256 p = fmaddf(_mm256_mul_ps(r, r), q, r);
    return _mm256_add_ps(set1f(1.0f), p);
}

struct ExpF32 {
    AINLINE __m256 operator()(__m256 x) const {
        __m256 ax = _mm256_andnot_ps(set1f(-0.0f), x);
        __m256 t;
        if (_mm256_movemask_ps(_mm256_cmp_ps(ax, set1f(87.0f), _CMP_LT_OQ)) == 0xFF) {
            // |x| < 87: k in [-126, 126], 2^k and the result are normal.
            __m256 e = expf_poly(x, t);
            __m256 scale = f32(_mm256_add_epi32(_mm256_slli_epi32(i32(t), 23), c32(127 << 23)));
            return _mm256_mul_ps(e, scale);
        }
        // Clamp (nan propagates), scale by 2^k1 2^k2 (both normal; one rounding if subnormal).
        x = _mm256_min_ps(set1f(89.0f), x);
        x = _mm256_max_ps(set1f(-104.0f), x);
        __m256 e = expf_poly(x, t);
        __m256i k = _mm256_sub_epi32(i32(t), i32(set1f(kShiftF)));
        __m256i k1 = _mm256_srai_epi32(k, 1);
        __m256i k2 = _mm256_sub_epi32(k, k1);
        __m256 s1 = f32(_mm256_slli_epi32(_mm256_add_epi32(k1, c32(127)), 23));
        __m256 s2 = f32(_mm256_slli_epi32(_mm256_add_epi32(k2, c32(127)), 23));
        return _mm256_mul_ps(_mm256_mul_ps(e, s1), s2);
    }
};

// log: x = 2^k m, sqrt(2)/2 <= m < sqrt(2), f = m - 1 (exact), s = f/(2+f), z = s^2,
// log1p(f) = f - s (f - z R(z)), R a degree-2 fit to (2 atanh(s) - 2s)/(s z) (error 1.9e-7 on
// R, 1e-9 absolute on the result); log(x) = k ln2_f - ((s (f - z R) - k (ln2 - ln2_f)) - f).
AINLINE __m256 logf_core(__m256 x, __m256 kadj) {
    __m256i bits = i32(x);
    __m256i u = _mm256_sub_epi32(bits, c32(0x3f3504f3 - 0x3f000000));  // sqrt(0.5) mantissa
    __m256i e = _mm256_srli_epi32(u, 23);
    __m256 m = f32(_mm256_add_epi32(_mm256_and_si256(u, c32(0x7fffff)), c32(0x3f3504f3)));
    __m256 kf = _mm256_sub_ps(_mm256_cvtepi32_ps(e), _mm256_add_ps(set1f(126.0f), kadj));
    __m256 f = _mm256_sub_ps(m, set1f(1.0f));
    __m256 s = _mm256_div_ps(f, _mm256_add_ps(set1f(2.0f), f));
    __m256 z = _mm256_mul_ps(s, s);
    __m256 R = fmaddf(z, set1f(0x1.2eeb80p-2f), set1f(0x1.997c12p-2f));
    R = fmaddf(R, z, set1f(0x1.55555cp-1f));
    // log1p(f) = 2s + s z R = f - s (f - z R)   (2s = f - s f)
    __m256 a = _mm256_fmsub_ps(s, _mm256_fnmadd_ps(z, R, f), _mm256_mul_ps(kf, set1f(-0x1.05c61p-29f)));
    return _mm256_fmsub_ps(kf, set1f(0x1.62e43p-1f), _mm256_sub_ps(a, f));
}

struct LogF32 {
    AINLINE __m256 operator()(__m256 x) const {
        // x positive, normal, finite  <=>  bits + 2^23 > 2^24 - 1 as signed int32 (as for f64)
        __m256i ok = _mm256_cmpgt_epi32(_mm256_add_epi32(i32(x), c32(1 << 23)), c32((1 << 24) - 1));
        if (_mm256_movemask_ps(f32(ok)) == 0xFF) return logf_core(x, _mm256_setzero_ps());
        __m256 sub = _mm256_cmp_ps(x, set1f(0x1p-126f), _CMP_LT_OQ);
        __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, set1f(0x1p25f)), sub);
        __m256 res = logf_core(xs, _mm256_and_ps(sub, set1f(25.0f)));
        const float inf = HUGE_VALF;
        res = _mm256_blendv_ps(res, set1f(-inf), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
        res = _mm256_blendv_ps(res, set1f(std::nanf("")), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
        res = _mm256_blendv_ps(res, set1f(inf), _mm256_cmp_ps(x, set1f(inf), _CMP_EQ_OQ));
        res = _mm256_blendv_ps(res, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
        return res;
    }
};

// sin/cos: n = rint(x 2/pi), r = x - n PA - n PB - n PC (pi/2 = PA + PB + PC in floats; the
// first FMA is exact), |r| <= pi/4 (+ 0.01 for the rounding of n); sin r = r + r^3 S(r^2)
// (degree 3, error 3e-11), cos r = 1 + z (-1/2 + z C(z)) (degree 2, error 2e-9); quadrant.
// Vectors with a lane beyond kTrigMaxF (or inf/nan) go to scalar std::sin/std::cos.
const float kTrigMaxF = 0x1p16f;

template <bool kCos>
AINLINE __m256 sincosf_core(__m256 x) {
    __m256 t = fmaddf(x, set1f(0x1.45f306p-1f), set1f(kShiftF));
    __m256 nf = _mm256_sub_ps(t, set1f(kShiftF));
    __m256i q = i32(t);
    if (kCos) q = _mm256_add_epi32(q, c32(1));
    __m256 r = fmaddf(nf, set1f(-0x1.921fb6p+0f), x);
    r = fmaddf(nf, set1f(0x1.777a5cp-25f), r);
    r = fmaddf(nf, set1f(0x1.ee59dap-50f), r);
    __m256 z = _mm256_mul_ps(r, r);
    __m256 S = fmaddf(z, set1f(0x1.6da31ep-19f), set1f(-0x1.a01354p-13f));
    S = fmaddf(S, z, set1f(0x1.11110ep-7f));
    S = fmaddf(S, z, set1f(-0x1.555556p-3f));
    __m256 sinr = fmaddf(_mm256_mul_ps(r, z), S, r);
    __m256 C = fmaddf(z, set1f(0x1.9bbcd8p-16f), set1f(-0x1.6c129ep-10f));
    C = fmaddf(C, z, set1f(0x1.555542p-5f));
    C = fmaddf(C, z, set1f(-0.5f));
    __m256 cosr = fmaddf(C, z, set1f(1.0f));
    __m256 odd = f32(_mm256_slli_epi32(q, 31));  // blendv looks at the sign bit only
    __m256 res = _mm256_blendv_ps(sinr, cosr, odd);
    __m256i sign = _mm256_and_si256(_mm256_slli_epi32(q, 30), c32(static_cast<int>(0x80000000u)));
    res = _mm256_xor_ps(res, f32(sign));
    if (!kCos) res = _mm256_blendv_ps(res, x, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
    return res;
}

template <bool kCos>
struct SinCosF32 {
    AINLINE __m256 operator()(__m256 x) const {
        __m256 ax = _mm256_andnot_ps(set1f(-0.0f), x);
        if (_mm256_movemask_ps(_mm256_cmp_ps(ax, set1f(kTrigMaxF), _CMP_LE_OQ)) == 0xFF)
            return sincosf_core<kCos>(x);
        alignas(32) float tmp[8];
        _mm256_store_ps(tmp, x);
        for (float &v : tmp) v = kCos ? std::cos(v) : std::sin(v);
        return _mm256_load_ps(tmp);
    }
};

// tanh: |x| < 0.55: x + x u P(u), u = x^2, P a degree-4 Chebyshev fit (mpmath, coefficients
// rounded to float: 0.09 ulp) to (tanh x - x)/x^3; |x| >= 0.55 (tanh >= 0.5): 1 - 2/(e^{2a} + 1),
// a = min(|x|, 9.1) (tanhf rounds to 1 from 9.01), e from expf_poly; the sign bit of x or-ed
// back. Native float (8 lanes, vdivps) instead of the float64 core: 3.4x faster, <= 1 ulp from
// tanhl rounded to float (the float64 core is correctly rounded but costs as much per element
// as float64 tanh).
struct TanhF32 {
    AINLINE __m256 operator()(__m256 x) const {
        const __m256 signbit = set1f(-0.0f);
        __m256 ax = _mm256_andnot_ps(signbit, x);
        __m256 sign = _mm256_and_ps(signbit, x);
        __m256 big = _mm256_cmp_ps(ax, set1f(0.55f), _CMP_GE_OQ);  // false for nan
        int m = _mm256_movemask_ps(big);
        __m256 u = _mm256_mul_ps(ax, ax);
        __m256 p = fmaddf(set1f(-0x1.b13538p-8f), u, set1f(0x1.5d220ep-6f));
        p = fmaddf(p, u, set1f(-0x1.b9a044p-5f));
        p = fmaddf(p, u, set1f(0x1.110feap-3f));
        p = fmaddf(p, u, set1f(-0x1.555554p-2f));
        __m256 small = fmaddf(_mm256_mul_ps(ax, u), p, ax);
        if (m == 0) return _mm256_or_ps(small, sign);
        __m256 a = _mm256_min_ps(set1f(9.1f), ax);
        __m256 t;
        __m256 e = expf_poly(_mm256_add_ps(a, a), t);  // 2a <= 18.2: 2^k normal
        e = _mm256_mul_ps(e, f32(_mm256_add_epi32(_mm256_slli_epi32(i32(t), 23), c32(127 << 23))));
        __m256 r = _mm256_sub_ps(set1f(1.0f), _mm256_div_ps(set1f(2.0f), _mm256_add_ps(e, set1f(1.0f))));
        return _mm256_or_ps(_mm256_blendv_ps(small, r, big), sign);
    }
};

}  // namespace

void exp_f64_avx2(const double *in, double *out, int64_t n) { loop_f64(in, out, n, ExpF64()); }
void log_f64_avx2(const double *in, double *out, int64_t n) { loop_f64(in, out, n, LogF64()); }
void sin_f64_avx2(const double *in, double *out, int64_t n) {
    loop_f64(in, out, n, SinCosF64<false>());
}
void cos_f64_avx2(const double *in, double *out, int64_t n) {
    loop_f64(in, out, n, SinCosF64<true>());
}

void tanh_f64_avx2(const double *in, double *out, int64_t n) { loop_f64(in, out, n, TanhF64()); }

void exp_f32_avx2(const float *in, float *out, int64_t n) { loop_f32(in, out, n, ExpF32()); }
void log_f32_avx2(const float *in, float *out, int64_t n) { loop_f32(in, out, n, LogF32()); }
void sin_f32_avx2(const float *in, float *out, int64_t n) {
    loop_f32(in, out, n, SinCosF32<false>());
}
void cos_f32_avx2(const float *in, float *out, int64_t n) {
    loop_f32(in, out, n, SinCosF32<true>());
}

void tanh_f32_avx2(const float *in, float *out, int64_t n) { loop_f32(in, out, n, TanhF32()); }

}  // namespace simd
}  // namespace arrpy
