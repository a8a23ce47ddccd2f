// AVX2 flavour of the scan loops. The build compiles this file with -mavx2 -mfma (x86-64 only);
// its code runs only after the dispatcher checked the CPU. On other targets it is empty.
#if defined(__x86_64__)
#if defined(__AVX2__)
#define ARRPY_KERNEL_NS arrpy_scan_avx2
#define ARRPY_SIMD_BYTES 32
#include "scan_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_BYTES
#else
// Built without -mavx2 (misconfigured build): no AVX2 flavour; the dispatcher falls back.
#include "scan_table.hpp"
namespace arrpy_scan_avx2 {
const arrpy_scan_table *get_scan_table() { return nullptr; }
}  // namespace arrpy_scan_avx2
#endif
#endif
