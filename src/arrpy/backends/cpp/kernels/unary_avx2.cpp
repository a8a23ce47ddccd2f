// AVX2 flavour of the unary loops. The build compiles this file with -mavx2 -mfma (x86-64 only);
// its code runs only after the dispatcher checked the CPU. On other targets the file is empty.
#if defined(__x86_64__)
#if defined(__AVX2__)
#define ARRPY_KERNEL_NS arrpy_un_avx2
#define ARRPY_SIMD_LEVEL 2
#include "unary_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_SIMD_LEVEL
#else
// Built without -mavx2 (misconfigured build): no AVX2 flavour; the dispatcher falls back.
#include "unary_table.hpp"
namespace arrpy_un_avx2 {
const arrpy_unary_table *get_unary_table() { return nullptr; }
}  // namespace arrpy_un_avx2
#endif
#endif
