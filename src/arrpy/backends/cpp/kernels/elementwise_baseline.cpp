// Baseline flavours of the elementwise loops (no extra compiler flags):
//   arrpy_scalar: plain C++ loops (auto-vectorised for the baseline ISA, e.g. SSE2 on x86-64);
//   arrpy_neon:   explicit NEON intrinsics for float32/float64 (aarch64 only).
#define ARRPY_KERNEL_NS arrpy_scalar
#define ARRPY_SIMD_LEVEL 0
#include "elementwise_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_LEVEL

#if defined(__aarch64__)
#define ARRPY_KERNEL_NS arrpy_neon
#define ARRPY_SIMD_LEVEL 1
#include "elementwise_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_LEVEL
#endif
