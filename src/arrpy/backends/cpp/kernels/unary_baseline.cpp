// Baseline flavours of the unary loops (no extra compiler flags):
//   arrpy_un_scalar: plain C++ loops for every (op, dtype), complex included (auto-vectorised for
//                    the baseline ISA, e.g. SSE2 on x86-64);
//   arrpy_un_neon:   explicit NEON intrinsics for the cheap float32/float64 ops (aarch64 only).
#define ARRPY_KERNEL_NS arrpy_un_scalar
#define ARRPY_SIMD_LEVEL 0
#include "unary_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_LEVEL

#if defined(__aarch64__)
#define ARRPY_KERNEL_NS arrpy_un_neon
#define ARRPY_SIMD_LEVEL 1
#include "unary_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_LEVEL
#endif
