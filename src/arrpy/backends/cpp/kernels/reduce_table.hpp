// Internal: the reduction loops each SIMD flavour provides, and which (op, in, out) triples exist.
#ifndef ARRPY_REDUCE_TABLE_HPP
#define ARRPY_REDUCE_TABLE_HPP

#include <stdint.h>

#include "abi.h"

// One reduction: *out = REDUCE over k in [0, n) of the element at a + k * stride (any sign).
// ARGMIN / ARGMAX write the int64 index (n >= 1).
typedef void (*arrpy_reduce1_fn)(int64_t n, const char *a, int64_t stride, char *out);

// m reductions over adjacent inputs ("axis 0 of a C matrix"): for j in [0, m),
//   out[j * so] = REDUCE over k in [0, n) of the element at a + j * itemsize + k * stride.
// Accumulates whole rows with contiguous inner loops (no copy of the input).
typedef void (*arrpy_reduce_rows_fn)(int64_t m, int64_t n, const char *a, int64_t stride,
                                     char *out, int64_t so);

struct arrpy_reduce_table {
    const char *name;  // "avx2", "neon" or "scalar"
    arrpy_reduce1_fn one[ARRPY_NUM_REDUCE_OPS][ARRPY_NUM_DTYPES][ARRPY_NUM_DTYPES];
    arrpy_reduce_rows_fn rows[ARRPY_NUM_REDUCE_OPS][ARRPY_NUM_DTYPES][ARRPY_NUM_DTYPES];
};

// abi.h: SUM, PROD: (T, T); (bool or signed, int64); (bool or unsigned, uint64); (bool, integer
// or float32, float64). MIN, MAX: (T, T). ALL, ANY: (T, bool). ARGMIN, ARGMAX: (T, int64).
// SUMSQDEV: (T, the real float type of the computation), see abi.h.
static constexpr inline bool arrpy_cpp_is_reduce_supported(int op, int in, int out) {
    if (op < 0 || op >= ARRPY_NUM_REDUCE_OPS || in < 0 || in >= ARRPY_NUM_DTYPES || out < 0 ||
        out >= ARRPY_NUM_DTYPES)
        return false;
    switch (op) {
        case ARRPY_SUM:
        case ARRPY_PROD: {
            if (in == out) return true;
            const bool is_bool = in == ARRPY_BOOL;
            const bool is_signed = in == ARRPY_INT8 || in == ARRPY_INT16 || in == ARRPY_INT32 ||
                                   in == ARRPY_INT64;
            const bool is_unsigned = in == ARRPY_UINT8 || in == ARRPY_UINT16 ||
                                     in == ARRPY_UINT32 || in == ARRPY_UINT64;
            if (out == ARRPY_INT64) return is_bool || is_signed;
            if (out == ARRPY_UINT64) return is_bool || is_unsigned;
            if (out == ARRPY_FLOAT64) return is_bool || is_signed || is_unsigned || in == ARRPY_FLOAT32;
            return false;
        }
        case ARRPY_MIN:
        case ARRPY_MAX: return in == out;
        case ARRPY_ALL:
        case ARRPY_ANY: return out == ARRPY_BOOL;
        case ARRPY_SUMSQDEV:
            if (in <= ARRPY_UINT64) return out == ARRPY_FLOAT64;  // bool and the integers
            if (in == ARRPY_FLOAT32 || in == ARRPY_COMPLEX64)
                return out == ARRPY_FLOAT32 || out == ARRPY_FLOAT64;
            return out == ARRPY_FLOAT64;  // float64, complex128
        default: return out == ARRPY_INT64;  // ARGMIN, ARGMAX
    }
}

namespace arrpy_red_scalar { const arrpy_reduce_table *get_reduce_table(); }
#if defined(__aarch64__)
namespace arrpy_red_neon { const arrpy_reduce_table *get_reduce_table(); }
#endif
#if defined(__x86_64__)
namespace arrpy_red_avx2 { const arrpy_reduce_table *get_reduce_table(); }
#endif

#endif  // ARRPY_REDUCE_TABLE_HPP
