// AVX2+FMA flavour of the matrix-product building blocks (6 x 8 float64 and 6 x 16 float32
// micro-kernels). The build compiles this file with -mavx2 -mfma (x86-64 only); its code runs only
// after the dispatcher checked the CPU. On other targets it is empty.
#if defined(__x86_64__)
#if defined(__AVX2__) && defined(__FMA__)
#define ARRPY_KERNEL_NS arrpy_mm_avx2
#define ARRPY_SIMD_BYTES 32
#include "matmul_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES
#else
// Built without -mavx2 -mfma (misconfigured build): no AVX2 flavour; the dispatcher falls back.
#include "matmul_table.hpp"
namespace arrpy_mm_avx2 {
const arrpy_matmul_table *get_matmul_table() { return nullptr; }
}  // namespace arrpy_mm_avx2
#endif
#endif
