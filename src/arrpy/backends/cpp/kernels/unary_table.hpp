// Internal: the table of 1-D unary loops each SIMD flavour provides, and which (op, dtype) pairs
// exist. The scalar flavour fills every supported entry; the avx2 / neon flavours fill only the
// entries they speed up (nullptr elsewhere) and the dispatcher takes the rest from the scalar one.
#ifndef ARRPY_UNARY_TABLE_HPP
#define ARRPY_UNARY_TABLE_HPP

#include <stdint.h>

#include "abi.h"

// out[i*so] = OP(a[i*sa]) for i in [0, n); strides in bytes, any sign, 0 = broadcast.
typedef void (*arrpy_unary1d_fn)(int64_t n, const char *a, int64_t sa, char *out, int64_t so);

// True if one of the n values at p (byte stride s) is inf or nan (float32 or float64): the quick
// scan of the floating-point rule (fp_status.hpp), vectorised by each flavour.
typedef bool (*arrpy_non_finite_fn)(int64_t n, const char *p, int64_t s);

struct arrpy_unary_table {
    const char *name;  // "avx2", "neon" or "scalar"
    arrpy_unary1d_fn fn[ARRPY_NUM_UNARY_OPS][ARRPY_NUM_DTYPES];  // nullptr: not provided
    arrpy_non_finite_fn non_finite_f32, non_finite_f64;          // nullptr: not provided
};

// Which (op, dtype) pairs exist (docs/elementwise-semantics.md; _registry.OPS).
static constexpr inline bool arrpy_cpp_is_unary_supported(int op, int dtype) {
    if (op < 0 || op >= ARRPY_NUM_UNARY_OPS || dtype < 0 || dtype >= ARRPY_NUM_DTYPES) return false;
    const bool is_bool = dtype == ARRPY_BOOL;
    const bool is_int = dtype >= ARRPY_INT8 && dtype <= ARRPY_UINT64;
    const bool is_float = dtype == ARRPY_FLOAT32 || dtype == ARRPY_FLOAT64;
    const bool is_complex = dtype == ARRPY_COMPLEX64 || dtype == ARRPY_COMPLEX128;
    switch (op) {
        case ARRPY_NEGATIVE:
        case ARRPY_POSITIVE:
        case ARRPY_RECIPROCAL:
        case ARRPY_SQUARE:
        case ARRPY_SIGN:
        case ARRPY_CONJUGATE: return !is_bool;
        case ARRPY_ABSOLUTE:
        case ARRPY_ISNAN:
        case ARRPY_ISINF:
        case ARRPY_ISFINITE:
        case ARRPY_LOGICAL_NOT: return true;
        case ARRPY_CBRT:
        case ARRPY_DEG2RAD:
        case ARRPY_RAD2DEG:
        case ARRPY_SIGNBIT: return is_float;
        case ARRPY_FLOOR:
        case ARRPY_CEIL:
        case ARRPY_TRUNC: return !is_complex;
        case ARRPY_INVERT: return is_bool || is_int;
        default: return is_float || is_complex;  // sqrt, exp..., trig, hyperbolic, rint
    }
}

// Output dtype of (op, dtype).
static constexpr inline int arrpy_cpp_unary_out_dtype(int op, int dtype) {
    switch (op) {
        case ARRPY_ISNAN:
        case ARRPY_ISINF:
        case ARRPY_ISFINITE:
        case ARRPY_SIGNBIT:
        case ARRPY_LOGICAL_NOT: return ARRPY_BOOL;
        case ARRPY_ABSOLUTE:
            return dtype == ARRPY_COMPLEX64 ? ARRPY_FLOAT32 : dtype == ARRPY_COMPLEX128 ? ARRPY_FLOAT64 : dtype;
        default: return dtype;
    }
}

// The flavour the unary driver selected ("avx2", "neon" or "scalar"; defined in unary_dispatch.cpp).
extern "C" const char *arrpy_cpp_unary_simd_target(void);

namespace arrpy_un_scalar { const arrpy_unary_table *get_unary_table(); }
#if defined(__aarch64__)
namespace arrpy_un_neon { const arrpy_unary_table *get_unary_table(); }
#endif
#if defined(__x86_64__)
namespace arrpy_un_avx2 { const arrpy_unary_table *get_unary_table(); }
#endif

#endif  // ARRPY_UNARY_TABLE_HPP
