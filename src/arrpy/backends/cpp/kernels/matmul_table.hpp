// Internal: the matrix-product building blocks each SIMD flavour provides (matmul_impl.hpp) and
// that matmul_dispatch.cpp combines into arrpy_matmul_nd_fn (blocking loops, buffers, threads).
//
// Every stride is in bytes (any sign). "Real" entry points come in two element types, indexed
// [0] = float32 and [1] = float64; complex products are run as four real products over the
// real / imaginary halves of the complex elements (same pointers + sizeof(real), same strides).
#ifndef ARRPY_MATMUL_TABLE_HPP
#define ARRPY_MATMUL_TABLE_HPP

#include <stdint.h>

#include "abi.h"

// Packs rows [0, mc) x columns [0, kc) of A (a points at A[0][0]) into ceil(mc / MR) micro-panels
// of kc x MR (element (r, p) of panel i at dst[i * kc * MR + p * MR + r]); rows past mc are zeros.
// negate: store -A (for the imaginary part of a complex product).
typedef void (*arrpy_mm_pack_a_fn)(int64_t mc, int64_t kc, const char *a, int64_t rs, int64_t cs,
                                   void *dst, int negate);

// Packs rows [0, kc) x columns [0, nc) of B into ceil(nc / NR) micro-panels of kc x NR (element
// (p, c) of panel j at dst[j * kc * NR + p * NR + c]); columns past nc are zeros.
typedef void (*arrpy_mm_pack_b_fn)(int64_t kc, int64_t nc, const char *b, int64_t rs, int64_t cs,
                                   void *dst);

// C[0:mc, 0:nc] (=, or += when accumulate) packed A (mc x kc, from pack_a) @ packed B (kc x nc,
// from pack_b): the register-blocked micro-kernel over every MR x NR tile, edge tiles included.
typedef void (*arrpy_mm_macro_fn)(int64_t mc, int64_t nc, int64_t kc, const void *ap,
                                  const void *bp, char *c, int64_t c_rs, int64_t c_cs,
                                  int accumulate);

// y[r] (=, or += when accumulate) (negate ? -1 : 1) * sum_p M[r][p] * x[p] for r in [0, rows),
// x contiguous (x[p] at x + p * itemsize). Matrix-vector products, no packing.
typedef void (*arrpy_mm_gemv_fn)(int64_t rows, int64_t k, const char *mat, int64_t rs,
                                 int64_t cs, const void *x, char *y, int64_t ys, int accumulate,
                                 int negate);

// A whole product for small or non-float operands, no packing of A: C[0:m, 0:n] = A @ B
// (integer dtypes wrap; bool is OR of ANDs; float and complex plain dot products).
typedef void (*arrpy_mm_direct_fn)(int64_t m, int64_t n, int64_t k, const char *a, int64_t a_rs,
                                   int64_t a_cs, const char *b, int64_t b_rs, int64_t b_cs,
                                   char *c, int64_t c_rs, int64_t c_cs);

// Columns [j0, j1) of C[0:m, :] (=, or += when accumulate) A @ B without packing, for A, B and C
// whose rows are contiguous (column stride == itemsize): small products, where packing would
// cost more than it saves. nullptr in flavours without it.
typedef void (*arrpy_mm_sup_fn)(int64_t m, int64_t j0, int64_t j1, int64_t k, const char *a,
                                int64_t a_rs, const char *b, int64_t b_rs, char *c, int64_t c_rs,
                                int accumulate);

struct arrpy_matmul_table {
    const char *name;  // "avx512", "avx2" or "scalar"
    int mr[2], nr[2];  // micro-tile of the real kernels: [0] float32, [1] float64
    arrpy_mm_pack_a_fn pack_a[2];
    arrpy_mm_pack_b_fn pack_b[2];
    arrpy_mm_macro_fn macro[2];
    arrpy_mm_gemv_fn gemv[2];
    arrpy_mm_sup_fn sup[2];
    // Per dtype: integers and bool (blocked i-p-j loops with a packed B block, what the compiler
    // vectorises), float and complex (plain dot products, for tiny matrices).
    arrpy_mm_direct_fn direct[ARRPY_NUM_DTYPES];
};

namespace arrpy_mm_scalar { const arrpy_matmul_table *get_matmul_table(); }
#if defined(__x86_64__)
namespace arrpy_mm_avx2 { const arrpy_matmul_table *get_matmul_table(); }
namespace arrpy_mm_avx512 { const arrpy_matmul_table *get_matmul_table(); }
#endif

#endif  // ARRPY_MATMUL_TABLE_HPP
