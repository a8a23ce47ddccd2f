// Internal: the scan loops (cumsum / cumprod) each SIMD flavour provides, and which
// (op, in, out) triples exist (the SUM / PROD pairs of the reductions, abi.h).
#ifndef ARRPY_SCAN_TABLE_HPP
#define ARRPY_SCAN_TABLE_HPP

#include <stdint.h>

#include "abi.h"
#include "reduce_table.hpp"

// One line: out[k * out_stride] = a[0] OP ... OP a[k * stride] for k in [0, n), n >= 1 (any
// signs), each element converted to the output dtype first; a running accumulator in a register.
typedef void (*arrpy_scan_line_fn)(int64_t n, const char *a, int64_t stride, char *out,
                                   int64_t out_stride);

// m adjacent lines scanned together ("axis 0 of a C matrix"): for j in [0, m) and k in [0, n),
//   out[k * out_stride + j * out_itemsize] = scan over rows 0..k of a[k * stride + j * in_itemsize]
// i.e. out[row k] = out[row k-1] OP a[row k] with contiguous (vectorised) inner loops over j.
// n >= 1, m >= 1; the column count per call is up to the caller (it blocks by cache).
typedef void (*arrpy_scan_rows_fn)(int64_t m, int64_t n, const char *a, int64_t stride, char *out,
                                   int64_t out_stride);

struct arrpy_scan_table {
    const char *name;  // "avx2", "neon" or "scalar"
    arrpy_scan_line_fn line[ARRPY_NUM_SCAN_OPS][ARRPY_NUM_DTYPES][ARRPY_NUM_DTYPES];
    arrpy_scan_rows_fn rows[ARRPY_NUM_SCAN_OPS][ARRPY_NUM_DTYPES][ARRPY_NUM_DTYPES];
};

static constexpr inline bool arrpy_cpp_is_scan_supported(int op, int in, int out) {
    return (op == ARRPY_CUMSUM || op == ARRPY_CUMPROD) &&
           arrpy_cpp_is_reduce_supported(ARRPY_SUM, in, out);
}

namespace arrpy_scan_scalar { const arrpy_scan_table *get_scan_table(); }
#if defined(__aarch64__)
namespace arrpy_scan_neon { const arrpy_scan_table *get_scan_table(); }
#endif
#if defined(__x86_64__)
namespace arrpy_scan_avx2 { const arrpy_scan_table *get_scan_table(); }
#endif

#endif  // ARRPY_SCAN_TABLE_HPP
