/*
 * Which SIMD flavour of the kernels this CPU runs, decided in one place for every op family
 * (elementwise, unary, reductions): AVX2+FMA on x86-64 CPUs that have both, NEON on aarch64,
 * the portable scalar build otherwise. ARRPY_SIMD=scalar in the environment forces the scalar
 * flavour (how the tests exercise the path a CPU without AVX2 runs). Within the AVX2 flavour a
 * few kernels (GEMM; float64 exp and log, float32 sin and cos) have AVX-512F versions, used
 * where use_avx512() says.
 */
#ifndef ARRPY_SIMD_FLAVOUR_HPP
#define ARRPY_SIMD_FLAVOUR_HPP

#include <stdlib.h>
#include <string.h>

namespace arrpy {

enum class Flavour { scalar, avx2, neon };

inline Flavour simd_flavour() {
    const char *env = getenv("ARRPY_SIMD");
    if (env != nullptr && strcmp(env, "scalar") == 0) return Flavour::scalar;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Flavour::avx2;
    return Flavour::scalar;
#elif defined(__aarch64__)
    return Flavour::neon;
#else
    return Flavour::scalar;
#endif
}

// The AVX2 flavour's AVX-512F kernels: when the CPU (and OS) have AVX-512F, unless
// ARRPY_SIMD=avx2 asks for the AVX2 kernels (how the tests run them on an AVX-512 machine).
inline bool use_avx512() {
#if defined(__x86_64__)
    if (simd_flavour() != Flavour::avx2) return false;
    const char *env = getenv("ARRPY_SIMD");
    if (env != nullptr && strcmp(env, "avx2") == 0) return false;
    return __builtin_cpu_supports("avx512f");
#else
    return false;
#endif
}

}  // namespace arrpy

#endif  // ARRPY_SIMD_FLAVOUR_HPP
