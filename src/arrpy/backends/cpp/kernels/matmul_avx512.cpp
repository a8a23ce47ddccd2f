// AVX-512 flavour of the matrix-product building blocks (14 x 16 float64 and 14 x 32 float32
// micro-kernels on 28 zmm accumulators). The build compiles this file with -mavx512f -mavx2
// -mfma (x86-64 only); the dispatcher uses it only on CPUs (and kernels) with AVX-512F state.
// It is the GEMM's own extra flavour: where OpenBLAS runs AVX-512 kernels, an AVX2 GEMM peaks at
// half their speed. On other targets this file is empty.
#if defined(__x86_64__)
#if defined(__AVX512F__) && defined(__FMA__)
#define ARRPY_KERNEL_NS arrpy_mm_avx512
#define ARRPY_SIMD_BYTES 64
#include "matmul_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES
#else
// Built without -mavx512f (misconfigured build): no AVX-512 flavour; the dispatcher falls back.
#include "matmul_table.hpp"
namespace arrpy_mm_avx512 {
const arrpy_matmul_table *get_matmul_table() { return nullptr; }
}  // namespace arrpy_mm_avx512
#endif
#endif
