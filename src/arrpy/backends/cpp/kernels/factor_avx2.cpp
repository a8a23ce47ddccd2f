// AVX2/FMA flavour of the factorizations (factor_impl.hpp). The build compiles this file with
// -mavx2 -mfma (x86-64 only); its code runs only after the dispatcher checked the CPU.
#if defined(__x86_64__)
#include "abi.h"
#if defined(__AVX2__) && defined(__FMA__)
#define ARRPY_KERNEL_NS arrpy_fac_avx2
#define ARRPY_FAC_AVX2 1
#include "factor_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_FAC_AVX2
#else
// Built without -mavx2 -mfma (misconfigured build): the scalar flavour under this name.
namespace arrpy_fac_scalar { int linalg_nd(int op, int dtype, const arrpy_linalg_args *args); }
namespace arrpy_fac_avx2 {
int linalg_nd(int op, int dtype, const arrpy_linalg_args *args) {
    return arrpy_fac_scalar::linalg_nd(op, dtype, args);
}
}  // namespace arrpy_fac_avx2
#endif
#endif
