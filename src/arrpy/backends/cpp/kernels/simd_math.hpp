/*
 * Vectorised transcendental functions over contiguous arrays (AVX2/FMA), used by the unary
 * kernels on the AVX2 path. Compiled in simd_math_avx2.cpp with -mavx2 -mfma; call only when
 * the CPU has AVX2 and FMA (the dispatcher checks).
 *
 * Contract for every function: out[i] = f(in[i]) for 0 <= i < n; n >= 0; `in` and `out` may be
 * the same pointer (in place) but never partially overlap; no alignment required. Results are
 * within 1 ulp of the correctly rounded value where stated in simd_math_avx2.cpp (tested bound:
 * 2 ulp against glibc over the whole range) and IEEE special values match C's (exp(-inf) = 0,
 * log(0) = -inf, log(-1) = nan, sin(inf) = nan, nan in -> nan out, ...).
 */
#ifndef ARRPY_SIMD_MATH_HPP
#define ARRPY_SIMD_MATH_HPP

#include <cstdint>

namespace arrpy {
namespace simd {

void exp_f64_avx2(const double *in, double *out, int64_t n);
void log_f64_avx2(const double *in, double *out, int64_t n);
void sin_f64_avx2(const double *in, double *out, int64_t n);
void cos_f64_avx2(const double *in, double *out, int64_t n);

void exp_f32_avx2(const float *in, float *out, int64_t n);
void log_f32_avx2(const float *in, float *out, int64_t n);
void sin_f32_avx2(const float *in, float *out, int64_t n);
void cos_f32_avx2(const float *in, float *out, int64_t n);

}  // namespace simd
}  // namespace arrpy

#endif  // ARRPY_SIMD_MATH_HPP
