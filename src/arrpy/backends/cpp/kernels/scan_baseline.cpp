// Baseline flavours of the scan loops (no extra compiler flags):
//   arrpy_scan_scalar: plain C++ loops (what ARRPY_SIMD=scalar selects; the compiler may still
//                      auto-vectorise the row loops for the baseline ISA);
//   arrpy_scan_neon:   the explicit-vector row loops with 16-byte vectors (aarch64 only: NEON).
#define ARRPY_KERNEL_NS arrpy_scan_scalar
#define ARRPY_SIMD_BYTES 0
#include "scan_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES

#if defined(__aarch64__)
#define ARRPY_KERNEL_NS arrpy_scan_neon
#define ARRPY_SIMD_BYTES 16
#include "scan_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES
#endif
