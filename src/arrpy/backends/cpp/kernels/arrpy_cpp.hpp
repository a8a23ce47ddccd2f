/*
 * arrpy C++ backend: exported kernel entry points (C-compatible, no Python headers).
 *
 * arrpy_cpp_binary_nd / arrpy_cpp_binary_supported match arrpy_binary_nd_fn /
 * arrpy_binary_supported_fn in abi.h; arrpy_cpp_compare_nd / arrpy_cpp_compare_supported match
 * arrpy_compare_nd_fn / arrpy_compare_supported_fn.
 */
#ifndef ARRPY_CPP_HPP
#define ARRPY_CPP_HPP

#include <stdint.h>

#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* out[i] = a[i] OP b[i] over an N-d index space; see abi.h. Returns arrpy_status flags
   (0 on success, ARRPY_STATUS_UNSUPPORTED without touching memory for an unknown (op, dtype)). */
int arrpy_cpp_binary_nd(int op, int dtype, int ndim, const int64_t *shape,
                        const char *a, const int64_t *sa,
                        const char *b, const int64_t *sb,
                        char *out, const int64_t *so);

/* 1 if (op, dtype) has a kernel, else 0. */
int arrpy_cpp_binary_supported(int op, int dtype);

/* out[i] = (a[i] OP b[i]) as one byte (0 or 1) over an N-d index space, OP an arrpy_compare_op;
   a and b hold `dtype`, out holds bool; see abi.h. Same return convention as arrpy_cpp_binary_nd. */
int arrpy_cpp_compare_nd(int op, int dtype, int ndim, const int64_t *shape,
                         const char *a, const int64_t *sa,
                         const char *b, const int64_t *sb,
                         char *out, const int64_t *so);

/* 1 for 0 <= op < ARRPY_NUM_COMPARE_OPS and every dtype, else 0. */
int arrpy_cpp_compare_supported(int op, int dtype);

/* out[i] = OP(a[i]) over an N-d index space, OP an arrpy_unary_op; out holds the output dtype
   abi.h gives for (op, dtype). Same return convention as arrpy_cpp_binary_nd. */
int arrpy_cpp_unary_nd(int op, int dtype, int ndim, const int64_t *shape,
                       const char *a, const int64_t *sa,
                       char *out, const int64_t *so);

/* 1 if (op, dtype) has a unary kernel, else 0. */
int arrpy_cpp_unary_supported(int op, int dtype);

/* Reductions along one axis (arrpy_reduce_nd_fn in abi.h): for every index of the N-d outer space,
   out[i] = REDUCE over k in [0, n) of a[i] + k * stride. Same return convention as
   arrpy_cpp_binary_nd (ARRPY_STATUS_UNSUPPORTED without touching memory for an unknown triple). */
int arrpy_cpp_reduce_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                        const char *a, const int64_t *sa, int64_t n, int64_t stride,
                        char *out, const int64_t *so);

/* 1 if (op, in_dtype, out_dtype) has a reduction kernel (abi.h lists the pairs), else 0. */
int arrpy_cpp_reduce_supported(int op, int in_dtype, int out_dtype);

/* Selection (arrpy_partition_nd_fn in abi.h): every row of n elements `stride` bytes apart is
   partitioned in place around the increasing indices kth[0..nkth) (np.partition's contract).
   ARRPY_STATUS_UNSUPPORTED for an unknown dtype (or if a strided row's scratch buffer cannot be
   allocated). */
int arrpy_cpp_partition_nd(int dtype, int ndim, const int64_t *shape, char *a, const int64_t *sa,
                           int64_t n, int64_t stride, const int64_t *kth, int64_t nkth);

/* 1 for every dtype. */
int arrpy_cpp_partition_supported(int dtype);
/* Matrix products (arrpy_matmul_nd_fn in abi.h): for every index of the N-d batch space,
   C = A @ B with m x k A, k x n B and m x n C at arbitrary byte strides. Every dtype; same return
   convention as arrpy_cpp_binary_nd (ARRPY_STATUS_UNSUPPORTED for an unknown dtype). */
int arrpy_cpp_matmul_nd(int dtype, int ndim, const int64_t *shape, int64_t m, int64_t n, int64_t k,
                        const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                        const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                        char *out, const int64_t *so, int64_t o_rs, int64_t o_cs);

/* 1 for every dtype code in [0, ARRPY_NUM_DTYPES), else 0. */
int arrpy_cpp_matmul_supported(int dtype);

/* "avx512", "avx2" or "scalar": the GEMM micro-kernels selected at run time (AVX-512 where the CPU
   has it, unless ARRPY_SIMD=avx2 or ARRPY_SIMD=scalar). */
const char *arrpy_cpp_matmul_target(void);

/* Number of threads (including the caller) used for large inputs. n < 1 is treated as 1.
   Must not be called concurrently with a running kernel call (it waits for it). */
void arrpy_cpp_set_num_threads(int n);

/* Default: ARRPY_NUM_THREADS if set to an integer >= 1, else std::thread::hardware_concurrency(). */
int arrpy_cpp_get_num_threads(void);

/* "avx2", "neon" or "scalar": the kernel set selected at run time (ARRPY_SIMD=scalar forces "scalar"). */
const char *arrpy_cpp_simd_target(void);

/* stats (issue 4): counting and searching (arrpy_bincount_fn, arrpy_searchsorted_fn,
   arrpy_histogram_fn and arrpy_counting_supported_fn in abi.h; counting.cpp). */
int arrpy_cpp_bincount(int64_t n, const char *idx, int64_t idx_stride, const char *weights,
                       int64_t w_stride, char *out, int64_t nbins);
int arrpy_cpp_searchsorted(int dtype, int side, int64_t m, const char *edges, int64_t e_stride,
                           int64_t n, const char *v, int64_t v_stride, char *out,
                           int64_t o_stride);
int arrpy_cpp_histogram(int dtype, int64_t n, const char *a, int64_t a_stride,
                        const char *weights, int64_t w_stride, double lo, double hi,
                        int64_t nbins, const char *edges, char *out);
int arrpy_cpp_counting_supported(int op, int dtype);
/* Scans along one axis (arrpy_scan_nd_fn in abi.h): out[i][k] = a[i][0] OP ... OP a[i][k].
   Same return convention as arrpy_cpp_binary_nd. */
int arrpy_cpp_scan_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                      const char *a, const int64_t *sa, int64_t n, int64_t stride,
                      char *out, const int64_t *so, int64_t out_stride);

/* 1 if (op, in_dtype, out_dtype) has a scan kernel (the SUM / PROD pairs), else 0. */
int arrpy_cpp_scan_supported(int op, int in_dtype, int out_dtype);
/* Factorizations and solves (arrpy_linalg_nd_fn in abi.h: LU_FACTOR, LU_SOLVE, CHOLESKY) on
   float64 and complex128; returns 0, or ARRPY_STATUS_UNSUPPORTED without touching memory. */
int arrpy_cpp_linalg_nd(int op, int dtype, const arrpy_linalg_args *args);

/* 1 if (op, dtype) has a factorization kernel (float64, complex128), else 0. */
int arrpy_cpp_linalg_supported(int op, int dtype);

#ifdef __cplusplus
}
#endif

#endif /* ARRPY_CPP_HPP */
