// Baseline flavours of the reduction loops (no extra compiler flags):
//   arrpy_red_scalar: plain C++ loops (what ARRPY_SIMD=scalar selects; the compiler may still
//                     auto-vectorise integer loops for the baseline ISA);
//   arrpy_red_neon:   the explicit-vector loops with 16-byte vectors (aarch64 only: NEON).
#define ARRPY_KERNEL_NS arrpy_red_scalar
#define ARRPY_SIMD_BYTES 0
#include "reduce_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES

#if defined(__aarch64__)
#define ARRPY_KERNEL_NS arrpy_red_neon
#define ARRPY_SIMD_BYTES 16
#include "reduce_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES
#endif
