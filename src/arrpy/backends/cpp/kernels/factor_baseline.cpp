// Portable flavour of the factorizations (factor_impl.hpp): plain C++ loops for the baseline
// ISA, what ARRPY_SIMD=scalar and CPUs without AVX2/FMA (and aarch64) run.
#define ARRPY_KERNEL_NS arrpy_fac_scalar
#define ARRPY_FAC_AVX2 0
#include "factor_impl.hpp"
#undef ARRPY_KERNEL_NS
#undef ARRPY_FAC_AVX2
