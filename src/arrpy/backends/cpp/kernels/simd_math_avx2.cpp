// Vectorised exp/log/sin/cos for AVX2/FMA: placeholder scalar loops until the SIMD versions land.
#include "simd_math.hpp"

#include <cmath>

namespace arrpy {
namespace simd {

#define ARRPY_SCALAR_LOOP(name, type, fn)                      \
    void name(const type *in, type *out, int64_t n) {          \
        for (int64_t i = 0; i < n; ++i) out[i] = std::fn(in[i]); \
    }

ARRPY_SCALAR_LOOP(exp_f64_avx2, double, exp)
ARRPY_SCALAR_LOOP(log_f64_avx2, double, log)
ARRPY_SCALAR_LOOP(sin_f64_avx2, double, sin)
ARRPY_SCALAR_LOOP(cos_f64_avx2, double, cos)
ARRPY_SCALAR_LOOP(exp_f32_avx2, float, exp)
ARRPY_SCALAR_LOOP(log_f32_avx2, float, log)
ARRPY_SCALAR_LOOP(sin_f32_avx2, float, sin)
ARRPY_SCALAR_LOOP(cos_f32_avx2, float, cos)

}  // namespace simd
}  // namespace arrpy
