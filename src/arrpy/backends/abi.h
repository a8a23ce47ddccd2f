/*
 * The kernel ABI shared by the compiled backends (C++ and Cython).
 *
 * This header is plain C, free of Python headers. The front end (arrpy._core) resolves dtypes,
 * broadcasts and allocates the output; a backend only loops over buffers through the functions
 * below, which it exports to Python as PyCapsules named "arrpy.binary_nd" and "arrpy.binary_supported".
 */
#ifndef ARRPY_ABI_H
#define ARRPY_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element types. The numbering is arrpy's own (not NumPy's type numbers, where int64 has two). */
enum arrpy_dtype {
    ARRPY_BOOL = 0,
    ARRPY_INT8 = 1,
    ARRPY_UINT8 = 2,
    ARRPY_INT16 = 3,
    ARRPY_UINT16 = 4,
    ARRPY_INT32 = 5,
    ARRPY_UINT32 = 6,
    ARRPY_INT64 = 7,
    ARRPY_UINT64 = 8,
    ARRPY_FLOAT32 = 9,
    ARRPY_FLOAT64 = 10,
    ARRPY_COMPLEX64 = 11,  /* two float32: real, imag */
    ARRPY_COMPLEX128 = 12, /* two float64: real, imag */
    ARRPY_NUM_DTYPES = 13
};

/* Binary elementwise operations. */
enum arrpy_binary_op {
    ARRPY_ADD = 0,      /* bool: logical or */
    ARRPY_SUBTRACT = 1, /* not defined for bool */
    ARRPY_MULTIPLY = 2, /* bool: logical and */
    ARRPY_DIVIDE = 3,   /* true division; float and complex dtypes only */
    ARRPY_BITWISE_AND = 4, /* bool and integer dtypes only (bool: logical and) */
    ARRPY_BITWISE_OR = 5,  /* bool and integer dtypes only (bool: logical or) */
    ARRPY_BITWISE_XOR = 6, /* bool and integer dtypes only (bool: logical xor) */
    /* The ops below follow NumPy's loop for the same name; the dtypes each supports and the
     * special cases are listed in docs/elementwise-semantics.md. */
    ARRPY_FLOOR_DIVIDE = 7, /* integers: 0 when b == 0 (DIVIDE_BY_ZERO); MIN // -1 wraps to MIN */
    ARRPY_REMAINDER = 8,    /* sign of the divisor (Python's %); integers: 0 when b == 0 */
    ARRPY_POWER = 9,        /* integers: b < 0 -> status NEGATIVE_INTEGER_POWER */
    ARRPY_MAXIMUM = 10,     /* nan propagates */
    ARRPY_MINIMUM = 11,
    ARRPY_FMAX = 12,        /* nan ignored unless both are nan */
    ARRPY_FMIN = 13,
    ARRPY_COPYSIGN = 14,    /* float32/float64 only */
    ARRPY_HYPOT = 15,       /* float32/float64 only */
    ARRPY_ARCTAN2 = 16,     /* float32/float64 only */
    ARRPY_LOGADDEXP = 17,   /* float32/float64 only */
    ARRPY_LEFT_SHIFT = 18,  /* integers only; a shift >= the bit width (or negative) gives 0 */
    ARRPY_RIGHT_SHIFT = 19, /* integers only; a shift >= the width gives 0, or -1 for a < 0 */
    ARRPY_NUM_BINARY_OPS = 20
};

/* Status flags a kernel may return (bitwise or); 0 means nothing to report. */
enum arrpy_status {
    ARRPY_OK = 0,
    ARRPY_STATUS_DIVIDE_BY_ZERO = 1,
    ARRPY_STATUS_OVERFLOW = 2,
    ARRPY_STATUS_INVALID = 4,
    ARRPY_STATUS_NEGATIVE_INTEGER_POWER = 8, /* integer power with a negative exponent: the front
                                                end raises ValueError (NumPy's message) */
    ARRPY_STATUS_UNSUPPORTED = 1 << 30 /* (op, dtype) has no kernel: a bug in the caller */
};

/*
 * out[i] = a[i] OP b[i] over an N-d index space.
 *
 *   ndim >= 0 (ndim == 0 means one element), shape[ndim] >= 0 (a zero means nothing to do).
 *   a, b, out point at the first element; sa, sb, so are byte strides per dimension, any sign,
 *   0 meaning broadcast (a scalar operand is passed with all strides 0).
 *   All three operands have the element type `dtype`; the pointers are aligned for it.
 *   out never partially overlaps a or b (it may be identical to one of them: in-place ops).
 *
 * Must be callable without the GIL, from any thread. Returns arrpy_status flags.
 */
typedef int (*arrpy_binary_nd_fn)(int op, int dtype, int ndim, const int64_t *shape,
                                  const char *a, const int64_t *sa,
                                  const char *b, const int64_t *sb,
                                  char *out, const int64_t *so);

/* Returns 1 if the backend has a kernel for (op, dtype), else 0. */
typedef int (*arrpy_binary_supported_fn)(int op, int dtype);

/* Ops with a bool result, out[i] = (a[i] OP b[i]) as one byte, 0 or 1: comparisons and the
 * logical ops. The logical ops take each operand's truth value: nonzero (complex: either part
 * nonzero; nan is nonzero, so true). */
enum arrpy_compare_op {
    ARRPY_EQUAL = 0,
    ARRPY_NOT_EQUAL = 1,
    ARRPY_LESS = 2,
    ARRPY_LESS_EQUAL = 3,
    ARRPY_GREATER = 4,
    ARRPY_GREATER_EQUAL = 5,
    ARRPY_LOGICAL_AND = 6,
    ARRPY_LOGICAL_OR = 7,
    ARRPY_LOGICAL_XOR = 8,
    ARRPY_NUM_COMPARE_OPS = 9
};

/*
 * The same contract as arrpy_binary_nd_fn, except that `out` holds bools (one byte each, 0 or 1,
 * strides in bytes like the others) while a and b hold `dtype`. Every dtype is supported.
 * bool inputs: any nonzero byte is true. Floats: IEEE (any comparison with nan is false, except
 * NOT_EQUAL which is true). Complex: NumPy's lexicographic order,
 *   LESS(x, y)  = (xr < yr && !isnan(xi) && !isnan(yi)) || (xr == yr && xi < yi)
 *   LESS_EQUAL  = (xr < yr && !isnan(xi) && !isnan(yi)) || (xr == yr && xi <= yi)
 *   GREATER, GREATER_EQUAL mirrored (> and >=); EQUAL = xr == yr && xi == yi; NOT_EQUAL = !EQUAL.
 * Exported as PyCapsules "arrpy.compare_nd" and "arrpy.compare_supported".
 */
typedef arrpy_binary_nd_fn arrpy_compare_nd_fn;
typedef arrpy_binary_supported_fn arrpy_compare_supported_fn;

/* Unary elementwise operations, out[i] = OP(a[i]). The output dtype is the input dtype except:
 *   ISNAN, ISINF, ISFINITE, SIGNBIT, LOGICAL_NOT: bool (one byte, 0 or 1);
 *   ABSOLUTE of complex64 / complex128: float32 / float64.
 * Which dtypes each op supports and its special cases: docs/elementwise-semantics.md. */
enum arrpy_unary_op {
    ARRPY_NEGATIVE = 0,
    ARRPY_POSITIVE = 1,
    ARRPY_ABSOLUTE = 2,
    ARRPY_RECIPROCAL = 3,
    ARRPY_SQUARE = 4,
    ARRPY_SQRT = 5,
    ARRPY_CBRT = 6,
    ARRPY_EXP = 7,
    ARRPY_EXP2 = 8,
    ARRPY_EXPM1 = 9,
    ARRPY_LOG = 10,
    ARRPY_LOG2 = 11,
    ARRPY_LOG10 = 12,
    ARRPY_LOG1P = 13,
    ARRPY_SIN = 14,
    ARRPY_COS = 15,
    ARRPY_TAN = 16,
    ARRPY_ARCSIN = 17,
    ARRPY_ARCCOS = 18,
    ARRPY_ARCTAN = 19,
    ARRPY_SINH = 20,
    ARRPY_COSH = 21,
    ARRPY_TANH = 22,
    ARRPY_ARCSINH = 23,
    ARRPY_ARCCOSH = 24,
    ARRPY_ARCTANH = 25,
    ARRPY_DEG2RAD = 26,
    ARRPY_RAD2DEG = 27,
    ARRPY_FLOOR = 28,
    ARRPY_CEIL = 29,
    ARRPY_TRUNC = 30,
    ARRPY_RINT = 31,
    ARRPY_SIGN = 32,
    ARRPY_CONJUGATE = 33,
    ARRPY_INVERT = 34,
    ARRPY_ISNAN = 35,
    ARRPY_ISINF = 36,
    ARRPY_ISFINITE = 37,
    ARRPY_SIGNBIT = 38,
    ARRPY_LOGICAL_NOT = 39,
    ARRPY_NUM_UNARY_OPS = 40
};

/*
 * out[i] = OP(a[i]) over an N-d index space; the same contract as arrpy_binary_nd_fn with one
 * input. `a` holds `dtype`; `out` holds the output dtype given above. Exported as PyCapsules
 * "arrpy.unary_nd" and "arrpy.unary_supported".
 */
typedef int (*arrpy_unary_nd_fn)(int op, int dtype, int ndim, const int64_t *shape,
                                 const char *a, const int64_t *sa,
                                 char *out, const int64_t *so);
typedef int (*arrpy_unary_supported_fn)(int op, int dtype);

/* Reductions along one axis. */
enum arrpy_reduce_op {
    ARRPY_SUM = 0,
    ARRPY_PROD = 1,
    ARRPY_MIN = 2,    /* nan propagates (complex: NumPy's order, as ARRPY_MINIMUM) */
    ARRPY_MAX = 3,
    ARRPY_ALL = 4,    /* bool out: every element nonzero (nan and complex as logical_and) */
    ARRPY_ANY = 5,    /* bool out: some element nonzero */
    ARRPY_ARGMIN = 6, /* int64 out: index of the first minimum; a nan counts as the extreme */
    ARRPY_ARGMAX = 7,
    ARRPY_SUMSQDEV = 8, /* sum of |x - mean|^2, the numerator of var: see below */
    ARRPY_NUM_REDUCE_OPS = 9
};

/*
 * For every index i of an N-d outer index space (ndim >= 0, shape[ndim]; ndim == 0 is a single
 * reduction), out[i] = REDUCE over k in [0, n) of the element at
 *     a + sum_d(i_d * sa[d]) + k * stride          (byte offsets; any sign; sa[d] may be 0)
 * and out[i] is at out + sum_d(i_d * so[d]). `a` holds in_dtype, `out` holds out_dtype:
 *   SUM, PROD: out_dtype is the accumulator, each element converted to it first (as NumPy's
 *     add.reduce(a, dtype=out_dtype)). Pairs: (T, T) for every dtype (bool: logical or / and);
 *     (bool or any signed integer, int64); (bool or any unsigned integer, uint64); (bool or any
 *     integer or float32, float64). Integers wrap. Floating sums are pairwise or blocked
 *     (error O(log n) eps, like NumPy's pairwise sum), complex per component.
 *   MIN, MAX: out_dtype == in_dtype. ALL, ANY: out_dtype bool, any in_dtype.
 *   ARGMIN, ARGMAX: out_dtype int64; ties give the first index; the first nan wins.
 *   SUMSQDEV: two passes over the row (NumPy's var, fused): mean = SUM / n, computed in out_dtype
 *     (the real type of the computation: float32 or float64), then the sum of |x - mean|^2
 *     (complex: (re - mean_re)^2 + (im - mean_im)^2), pairwise or blocked like SUM. Pairs:
 *     (bool or any integer, float64); (float32, float32); (float32, float64); (float64, float64);
 *     (complex64, float32); (complex64, float64); (complex128, float64). Unlike the others it
 *     does not decompose: a kernel must not split one row into independently reduced parts.
 * n == 0: SUM and SUMSQDEV give 0, PROD 1, ALL true, ANY false; MIN, MAX, ARGMIN, ARGMAX are never called
 * with n == 0 (the front end raises NumPy's ValueError). `out` never overlaps `a`.
 * A kernel chooses its own loop order: for a reduction across rows of a C-ordered matrix
 * (stride = row length, sa[ndim-1] = itemsize) it accumulates whole rows with contiguous inner
 * loops, without copying the input. Same calling rules as arrpy_binary_nd_fn. Exported as
 * PyCapsules "arrpy.reduce_nd" and "arrpy.reduce_supported".
 */
typedef int (*arrpy_reduce_nd_fn)(int op, int in_dtype, int out_dtype, int ndim,
                                  const int64_t *shape, const char *a, const int64_t *sa,
                                  int64_t n, int64_t stride, char *out, const int64_t *so);
typedef int (*arrpy_reduce_supported_fn)(int op, int in_dtype, int out_dtype);

/*
 * Matrix product over a batch. For every index i of an N-d batch space (ndim >= 0, shape[ndim];
 * ndim == 0 is a single product) and 0 <= r < m, 0 <= c < n:
 *     C_i[r][c] = sum over p in [0, k) of A_i[r][p] * B_i[p][c]
 * with, in byte offsets (any sign; a batch stride may be 0 for a broadcast operand):
 *     A_i[r][p] at a   + sum_d(i_d * sa[d]) + r * a_rs + p * a_cs
 *     B_i[p][c] at b   + sum_d(i_d * sb[d]) + p * b_rs + c * b_cs
 *     C_i[r][c] at out + sum_d(i_d * so[d]) + r * o_rs + c * o_cs
 * All three hold `dtype`, aligned for it. m, n, k >= 0; k == 0 writes zeros. The strides of a and
 * b are arbitrary (a transposed view is as common as a C-ordered one: a kernel packs what it
 * needs); a row or column stride may be 0 when that dimension is 1. `out` never overlaps a or b
 * and its (r, c) addresses are distinct.
 *   Integers wrap (NumPy's int matmul); bool: C = OR over p of (A && B), one byte 0 or 1.
 *   float32/float64: any summation order and FMA are allowed; the error stays within
 *     k * eps * sum_p |A[r][p]| |B[p][c]| (the usual bound for a dot product).
 *   complex: per term (ar*br - ai*bi, ar*bi + ai*br), accumulated like floats.
 * Same calling rules as arrpy_binary_nd_fn (no GIL, any thread; the backend may use its own
 * threads). Exported as PyCapsules "arrpy.matmul_nd" and "arrpy.matmul_supported".
 */
typedef int (*arrpy_matmul_nd_fn)(int dtype, int ndim, const int64_t *shape,
                                  int64_t m, int64_t n, int64_t k,
                                  const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                                  const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                                  char *out, const int64_t *so, int64_t o_rs, int64_t o_cs);
typedef int (*arrpy_matmul_supported_fn)(int dtype);

/*
 * Dense factorizations and solves (what NumPy's linalg hands to LAPACK). Every matrix is stored
 * C-ordered and contiguous, and a batch is `count` matrices back to back; the front end makes
 * these working copies, so a kernel may overwrite them. dtypes: float64 and complex128 (NumPy's
 * linalg computes in double precision only and casts single-precision results back). Problems
 * with the data (a singular or indefinite matrix) are reported per matrix in info[] (0: fine),
 * never as a status; the status is 0 or ARRPY_STATUS_UNSUPPORTED.
 *
 *   ARRPY_LU_FACTOR  LU with partial pivoting (LAPACK getrf, 0-based), each n x n matrix in
 *       place. For column j = 0 .. n-1: p = the first row i >= j with the largest |a[i][j]|
 *       (complex: |re| + |im|, as LAPACK), pivots[j] = p, swap rows j and p; then, if
 *       a[j][j] != 0, a[i][j] /= a[j][j] and a[i][k] -= a[i][j] * a[j][k] for i, k > j. Result:
 *       U on and above the diagonal, L's multipliers below it (L has a unit diagonal), so that
 *       applying the swaps to A in order gives L U. info = 0, or j + 1 for the first exactly zero
 *       pivot a[j][j] (that column is not eliminated; the factorization goes on, as LAPACK's).
 *       Blocked or reordered updates are allowed (backward stable like getrf), so roundings and,
 *       in near-ties, pivot choices may differ between backends.
 *   ARRPY_LU_SOLVE   With a and pivots from LU_FACTOR (info 0), overwrite each n x nrhs matrix
 *       b by the solution X of A X = B: swap b's rows as pivots says, in order, then solve with
 *       L (unit lower) and U. info is not used.
 *   ARRPY_CHOLESKY   A = L L^H for Hermitian positive definite A: reads the lower triangle and
 *       diagonal of a (the imaginary part of the diagonal is ignored), writes L (real positive
 *       diagonal) there and zeros above the diagonal. info = j + 1 if the j-th pivot,
 *       a[j][j] - sum_k |L[j][k]|^2, is not > 0 (or is nan); the matrix is then unspecified.
 *
 * Exported as PyCapsules "arrpy.linalg_nd" and "arrpy.linalg_supported".
 */
enum arrpy_linalg_op {
    ARRPY_LU_FACTOR = 0,
    ARRPY_LU_SOLVE = 1,
    ARRPY_CHOLESKY = 2,
    ARRPY_NUM_LINALG_OPS = 3
};

typedef struct arrpy_linalg_args {
    int64_t count;     /* matrices in the batch, >= 0 */
    int64_t n;         /* order of each square matrix a, >= 0 */
    int64_t nrhs;      /* LU_SOLVE: columns of each b, >= 0 */
    char *a;           /* count x n x n elements */
    char *b;           /* LU_SOLVE: count x n x nrhs elements; otherwise NULL */
    int64_t *pivots;   /* LU_FACTOR (written) and LU_SOLVE (read): count x n; otherwise NULL */
    int64_t *info;     /* LU_FACTOR, CHOLESKY: count entries, written; otherwise NULL */
} arrpy_linalg_args;

typedef int (*arrpy_linalg_nd_fn)(int op, int dtype, const arrpy_linalg_args *args);
typedef int (*arrpy_linalg_supported_fn)(int op, int dtype);

#ifdef __cplusplus
}
#endif

#endif /* ARRPY_ABI_H */
