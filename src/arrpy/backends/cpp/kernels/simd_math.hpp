/*
 * Vectorised transcendental functions (exp, log, sin, cos, tanh) over contiguous arrays
 * (AVX2/FMA), used by the unary kernels on the AVX2 path. Compiled in simd_math_avx2.cpp with
 * -mavx2 -mfma; call only when the CPU has AVX2 and FMA (the dispatcher checks).
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
void tanh_f64_avx2(const double *in, double *out, int64_t n);

void exp_f32_avx2(const float *in, float *out, int64_t n);
void log_f32_avx2(const float *in, float *out, int64_t n);
void sin_f32_avx2(const float *in, float *out, int64_t n);
void cos_f32_avx2(const float *in, float *out, int64_t n);
void tanh_f32_avx2(const float *in, float *out, int64_t n);

// simd_math_avx512.cpp (-mavx512f): bit for bit the AVX2 versions' results, eight lanes at a
// time. Call only when the CPU has AVX-512F.
void exp_f64_avx512(const double *in, double *out, int64_t n);
void log_f64_avx512(const double *in, double *out, int64_t n);
void sin_f32_avx512(const float *in, float *out, int64_t n);
void cos_f32_avx512(const float *in, float *out, int64_t n);

// The unary kernels' 1-D loop (any strides) around one of these functions: contiguous calls go
// straight through, strided ones through a buffer of 256 elements, a broadcast input once.
template <class T, void (*vf)(const T *, T *, int64_t)>
void strided_loop(int64_t n, const char *a, int64_t sa, char *out, int64_t so) {
    const int64_t is = static_cast<int64_t>(sizeof(T));
    if (sa == is && so == is) {
        vf(reinterpret_cast<const T *>(a), reinterpret_cast<T *>(out), n);
        return;
    }
    if (sa == 0) {
        T v = *reinterpret_cast<const T *>(a);
        T r;
        vf(&v, &r, 1);
        for (int64_t i = 0; i < n; ++i) *reinterpret_cast<T *>(out + i * so) = r;
        return;
    }
    constexpr int64_t kBuf = 256;
    T buf[kBuf];
    for (int64_t i0 = 0; i0 < n; i0 += kBuf) {
        const int64_t m = n - i0 < kBuf ? n - i0 : kBuf;
        const char *pa = a + i0 * sa;
        for (int64_t i = 0; i < m; ++i) buf[i] = *reinterpret_cast<const T *>(pa + i * sa);
        vf(buf, buf, m);
        char *po = out + i0 * so;
        for (int64_t i = 0; i < m; ++i) *reinterpret_cast<T *>(po + i * so) = buf[i];
    }
}

}  // namespace simd
}  // namespace arrpy

#endif  // ARRPY_SIMD_MATH_HPP
