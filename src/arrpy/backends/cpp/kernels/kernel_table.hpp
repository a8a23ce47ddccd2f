// Internal: the table of 1-D loops that each SIMD flavour (avx2 / neon / scalar) provides.
#ifndef ARRPY_KERNEL_TABLE_HPP
#define ARRPY_KERNEL_TABLE_HPP

#include <stdint.h>

#include "abi.h"
#include "dtypes.hpp"

// out[i*so] = a[i*sa] OP b[i*sb] for i in [0, n); strides in bytes, any sign, 0 = broadcast.
// Returns arrpy_status flags (only integer floor_divide / remainder / power set any).
// (Comparison loops have the same type; their out elements are one byte, 0 or 1.)
typedef int (*arrpy_loop1d_fn)(int64_t n, const char *a, int64_t sa, const char *b, int64_t sb,
                                char *out, int64_t so);

// Set by the N-d driver on the thread that runs a 1-D loop: true when the whole call moves more
// data than the last-level cache is likely to hold, so the contiguous AVX2 loops write `out` with
// non-temporal stores. (Defined in elementwise_dispatch.cpp.)
extern thread_local bool arrpy_stream_stores;

struct arrpy_kernel_table {
    const char *name;  // "avx2", "neon" or "scalar"
    arrpy_loop1d_fn fn[ARRPY_NUM_BINARY_OPS][ARRPY_NUM_DTYPES];  // nullptr: unsupported
    arrpy_loop1d_fn cmp[ARRPY_NUM_COMPARE_OPS][ARRPY_NUM_DTYPES];  // comparisons + logical ops (all present)
};

// Which (op, dtype) pairs exist (same for every flavour).
static constexpr inline bool arrpy_cpp_is_supported(int op, int dtype) {
    if (op < 0 || op >= ARRPY_NUM_BINARY_OPS || dtype < 0 || dtype >= ARRPY_NUM_DTYPES) return false;
    switch (op) {
        case ARRPY_ADD:
        case ARRPY_MULTIPLY: return true;
        case ARRPY_SUBTRACT: return dtype != ARRPY_BOOL;
        case ARRPY_DIVIDE:
            return dtype == ARRPY_FLOAT32 || dtype == ARRPY_FLOAT64 || dtype == ARRPY_COMPLEX64 ||
                   dtype == ARRPY_COMPLEX128;
        case ARRPY_BITWISE_AND:
        case ARRPY_BITWISE_OR:
        case ARRPY_BITWISE_XOR: return dtype <= ARRPY_UINT64;  // bool and the integers
        case ARRPY_FLOOR_DIVIDE:
        case ARRPY_REMAINDER: return dtype != ARRPY_BOOL && dtype <= ARRPY_FLOAT64;  // ints, floats
        case ARRPY_POWER: return dtype != ARRPY_BOOL;
        case ARRPY_MAXIMUM:
        case ARRPY_MINIMUM:
        case ARRPY_FMAX:
        case ARRPY_FMIN: return true;
        case ARRPY_COPYSIGN:
        case ARRPY_HYPOT:
        case ARRPY_ARCTAN2:
        case ARRPY_LOGADDEXP: return dtype == ARRPY_FLOAT32 || dtype == ARRPY_FLOAT64;
        case ARRPY_LEFT_SHIFT:
        case ARRPY_RIGHT_SHIFT: return dtype != ARRPY_BOOL && dtype <= ARRPY_UINT64;  // ints
        default: return false;
    }
}

// Binary ops whose loops may return status flags (integer division, remainder and power).
static constexpr inline bool arrpy_cpp_may_set_status(int op, int dtype) {
    return (op == ARRPY_FLOOR_DIVIDE || op == ARRPY_REMAINDER || op == ARRPY_POWER) &&
           dtype >= ARRPY_INT8 && dtype <= ARRPY_UINT64;
}

// Comparisons and logical ops exist for every dtype.
static constexpr inline bool arrpy_cpp_is_compare_supported(int op, int dtype) {
    return op >= 0 && op < ARRPY_NUM_COMPARE_OPS && dtype >= 0 && dtype < ARRPY_NUM_DTYPES;
}

// One getter per compiled flavour. Only call arrpy_avx2::get_table() after checking the CPU.
namespace arrpy_scalar { const arrpy_kernel_table *get_table(); }
#if defined(__aarch64__)
namespace arrpy_neon { const arrpy_kernel_table *get_table(); }
#endif
#if defined(__x86_64__)
namespace arrpy_avx2 { const arrpy_kernel_table *get_table(); }
#endif

#endif  // ARRPY_KERNEL_TABLE_HPP
