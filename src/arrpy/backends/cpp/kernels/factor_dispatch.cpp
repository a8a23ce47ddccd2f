// arrpy C++ backend: factorizations and solves (abi.h arrpy_linalg_op). Exported entry points and
// the run-time choice of the SIMD flavour (factor_impl.hpp has the algorithms).
#include <stdint.h>

#include "arrpy_cpp.hpp"
#include "simd_flavour.hpp"

namespace arrpy_fac_scalar { int linalg_nd(int op, int dtype, const arrpy_linalg_args *args); }
#if defined(__x86_64__)
namespace arrpy_fac_avx2 { int linalg_nd(int op, int dtype, const arrpy_linalg_args *args); }
#endif

namespace {

typedef int (*linalg_fn)(int op, int dtype, const arrpy_linalg_args *args);

linalg_fn pick() {
#if defined(__x86_64__)
    if (arrpy::simd_flavour() == arrpy::Flavour::avx2) return arrpy_fac_avx2::linalg_nd;
#endif
    return arrpy_fac_scalar::linalg_nd;
}

}  // namespace

extern "C" int arrpy_cpp_linalg_supported(int op, int dtype) {
    return op >= 0 && op < ARRPY_NUM_LINALG_OPS &&
           (dtype == ARRPY_FLOAT64 || dtype == ARRPY_COMPLEX128);
}

extern "C" int arrpy_cpp_linalg_nd(int op, int dtype, const arrpy_linalg_args *args) {
    if (!arrpy_cpp_linalg_supported(op, dtype)) return ARRPY_STATUS_UNSUPPORTED;
    static const linalg_fn fn = pick();
    return fn(op, dtype, args);
}
