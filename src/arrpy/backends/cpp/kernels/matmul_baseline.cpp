// Baseline flavour of the matrix-product building blocks (no extra compiler flags): plain C++
// micro-kernels the compiler keeps in registers and vectorises for the baseline ISA (SSE2 on
// x86-64, NEON on aarch64). What ARRPY_SIMD=scalar selects, and what CPUs without AVX2 run.
#define ARRPY_KERNEL_NS arrpy_mm_scalar
#define ARRPY_SIMD_BYTES 0
#include "matmul_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES
