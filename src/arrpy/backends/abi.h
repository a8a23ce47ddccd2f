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
 * Floating-point status of the elementwise kernels (binary_nd and unary_nd on float32 and
 * float64; complex dtypes report nothing), NumPy's warnings "divide by zero / overflow / invalid
 * value encountered in OP". Every backend reports the same flags, defined element by element
 * on the inputs x (and y) and the result r, as IEEE 754 defines the exceptions:
 *   INVALID         r is nan and no input is nan (inf - inf, 0 * inf, sqrt(-1), log(-1),
 *                   sin(inf), 0 / 0, x % 0, ...);
 *   DIVIDE_BY_ZERO  r is infinite at a pole of OP: divide and floor_divide with y == 0 and x
 *                   finite, power with x == 0 and y < 0, log / log2 / log10 of 0, log1p of -1,
 *                   arctanh of +-1, reciprocal of 0;
 *   OVERFLOW        r is infinite, every input is finite and it is not a pole (exp(1000),
 *                   1e308 * 10, ...).
 * Underflow is not reported (NumPy ignores it by default). A compiled backend may read the
 * hardware exception flags instead where they are exactly these (the correctly rounded add,
 * subtract, multiply, divide, square, reciprocal and sqrt), and must apply the rule above where
 * its code could raise a flag spuriously or miss one (vectorised polynomials, composite
 * formulas).
 */

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
 * The decompositions below use the fields appended at the end of the struct. For them `a` may be
 * m x n (QR, QR_Q, SVD; k = min(m, n)) and is always the kernel's to overwrite (workspace).
 * Iterative ones (EIGH, EIG, SVD) bound their iterations (nan or inf input must terminate) and
 * set info[i] > 0 when matrix i did not converge (its outputs are then unspecified), else 0.
 *
 *   ARRPY_QR     Householder QR (LAPACK geqrf) of each m x n a, in place: R on and above the
 *       diagonal; below the diagonal of column j < k the Householder vector v_j (v_j[j] = 1 not
 *       stored, v_j[i] = a[i][j] for i > j, zero above j); tau[j] its scalar, so that
 *       H_j = I - tau_j v_j v_j^H and A = H_0 H_1 ... H_{k-1} R. Each reflector follows LAPACK's
 *       xLARFG (this is what makes the signs agree with NumPy): for alpha = a[j][j] and x the
 *       entries below it, if x == 0 and Im(alpha) == 0 then tau = 0 (H = I, a unchanged);
 *       otherwise beta = -copysign(||(alpha, x)||_2, Re(alpha)), tau = (beta - alpha) / beta,
 *       v = x * (1 / (alpha - beta)) (LAPACK's reciprocal), a[j][j] = beta (R's diagonal is
 *       real, of either sign). info is not used (nan propagates).
 *   ARRPY_QR_Q   From QR's a and tau (read), write u = the first ucols columns of
 *       Q = H_0 H_1 ... H_{k-1} (m x m), an m x ucols matrix, k <= ucols <= m (LAPACK orgqr).
 *   ARRPY_EIGH   Eigen-decomposition of each n x n Hermitian a (the front end passes the full
 *       matrix, both triangles, with a real diagonal; the kernels read only the lower triangle and
 *       the diagonal's real part): w = the n real eigenvalues in ascending order (float64); if
 *       u != NULL, u = orthonormal eigenvectors as its columns (dtype), A u[:, j] = w[j] u[:, j].
 *   ARRPY_EIG    Eigenvalues and right eigenvectors of each general n x n a (float64 or
 *       complex128 input; the front end checked that it is finite): w = the n eigenvalues as
 *       complex128, in any order (LAPACK geev's: the order of the Schur form's diagonal; for
 *       real input a complex-conjugate pair is adjacent, positive imaginary part first, and a
 *       real eigenvalue has imaginary part exactly 0). If u != NULL (complex128, n x n), column j
 *       is a unit-2-norm eigenvector for w[j], with its largest-magnitude component real (complex
 *       vectors: real and positive); for real input and a real eigenvalue it is real (imaginary
 *       parts exactly 0), so that the front end can return real results when every eigenvalue
 *       is real, as NumPy.
 *   ARRPY_SVD    Singular values of each m x n a: w = the k singular values, descending, >= 0
 *       (float64). If u != NULL: u (m x ucols, dtype; ucols = k or m) and vt (vtrows x n;
 *       vtrows = k or n) with orthonormal columns / rows and A = u[:, :k] diag(w) vt[:k, :]; the
 *       extra columns of u (ucols = m) and rows of vt (vtrows = n) complete orthonormal bases.
 *       u and vt are both NULL or both given.
 *
 * Exported as PyCapsules "arrpy.linalg_nd" and "arrpy.linalg_supported".
 */
enum arrpy_linalg_op {
    ARRPY_LU_FACTOR = 0,
    ARRPY_LU_SOLVE = 1,
    ARRPY_CHOLESKY = 2,
    ARRPY_QR = 3,
    ARRPY_QR_Q = 4,
    ARRPY_EIGH = 5,
    ARRPY_EIG = 6,
    ARRPY_SVD = 7,
    ARRPY_NUM_LINALG_OPS = 8
};

typedef struct arrpy_linalg_args {
    int64_t count;     /* matrices in the batch, >= 0 */
    int64_t n;         /* order of each square matrix a, >= 0 */
    int64_t nrhs;      /* LU_SOLVE: columns of each b, >= 0 */
    char *a;           /* count x n x n elements */
    char *b;           /* LU_SOLVE: count x n x nrhs elements; otherwise NULL */
    int64_t *pivots;   /* LU_FACTOR (written) and LU_SOLVE (read): count x n; otherwise NULL */
    int64_t *info;     /* LU_FACTOR, CHOLESKY, EIGH, EIG, SVD: count entries, written; else NULL */
    /* The decompositions' fields (zero / NULL for the ops above). */
    int64_t m;         /* QR, QR_Q, SVD: rows of each a (count x m x n); other ops: m == n */
    char *tau;         /* QR (written), QR_Q (read): count x min(m, n) elements of dtype */
    char *w;           /* EIGH: count x n float64; EIG: count x n complex128; SVD: count x k float64 */
    char *u;           /* QR_Q: count x m x ucols (dtype); EIGH: count x n x n (dtype) or NULL;
                          EIG: count x n x n complex128 or NULL; SVD: count x m x ucols or NULL */
    int64_t ucols;     /* QR_Q, SVD: columns of each u */
    char *vt;          /* SVD: count x vtrows x n (dtype), NULL exactly when u is NULL */
    int64_t vtrows;    /* SVD: rows of each vt */
} arrpy_linalg_args;

typedef int (*arrpy_linalg_nd_fn)(int op, int dtype, const arrpy_linalg_args *args);
typedef int (*arrpy_linalg_supported_fn)(int op, int dtype);

/* ---- Counting and searching: bincount, searchsorted, histogram (issue 4, "stats") ---------- */

/* The kernels of this family; `dtype` below is the element type of the values searched. */
enum arrpy_counting_op {
    ARRPY_BINCOUNT = 0,     /* dtype: INT64 (the indices) */
    ARRPY_SEARCHSORTED = 1, /* dtype: BOOL, any integer, FLOAT32, FLOAT64 */
    ARRPY_HISTOGRAM = 2,    /* dtype: FLOAT32, FLOAT64 */
    ARRPY_NUM_COUNTING_OPS = 3
};

/* Sides of searchsorted (NumPy's side='left' / 'right'). */
enum arrpy_search_side { ARRPY_SIDE_LEFT = 0, ARRPY_SIDE_RIGHT = 1 };

/*
 * bincount: out[idx[k]] += (weights == NULL ? 1 : weights[k]) for k in [0, n).
 *   idx[k] is the int64 at idx + k * idx_stride (bytes, any sign); every idx[k] is in [0, nbins)
 *     (the front end has checked: a kernel may rely on it).
 *   weights == NULL: out holds nbins int64 counts. Otherwise weights[k] is the float64 at
 *     weights + k * w_stride and out holds nbins float64 sums, each bin's weights added in the
 *     order of k (NumPy's loop; a kernel may not reorder a bin's additions).
 *   out: nbins contiguous elements, overwritten (the kernel zeroes them first); nbins >= 0.
 */
typedef int (*arrpy_bincount_fn)(int64_t n, const char *idx, int64_t idx_stride,
                                 const char *weights, int64_t w_stride,
                                 char *out, int64_t nbins);

/*
 * searchsorted: for k in [0, n), out[k] (int64 at out + k * o_stride) is the insertion index of
 * v[k] (at v + k * v_stride) in edges[0..m) (at edges + i * e_stride):
 *   side LEFT:  the first i with !(edges[i] < v[k])   (m if none);
 *   side RIGHT: the first i with v[k] < edges[i]       (m if none);
 * where "<" is NumPy's sort order: for floats a < b || (isnan(b) && !isnan(a)) (nan after
 * everything, equal to itself); bool as 0 < 1. edges and v hold `dtype`; edges are sorted by that
 * order (not checked: unsorted edges give some index in [0, m]). m, n >= 0; strides any sign.
 */
typedef int (*arrpy_searchsorted_fn)(int dtype, int side, int64_t m, const char *edges,
                                     int64_t e_stride, int64_t n, const char *v,
                                     int64_t v_stride, char *out, int64_t o_stride);

/*
 * histogram with nbins >= 1 equal bins (NumPy's uniform-bin algorithm, fused): the values a[k]
 * (at a + k * a_stride, `dtype`) with lo <= a[k] <= hi (compared as double; nan never counts) go
 * to bin
 *     i = (int64)((a[k] - lo) / (hi - lo) * nbins)   (double arithmetic; i == nbins -> nbins - 1)
 * corrected against the edges so that the result agrees with them exactly:
 *     if a[k] < edges[i]: i -= 1 (not below 0); else if i < nbins - 1 and a[k] >= edges[i + 1]:
 *     i += 1.
 * edges: nbins + 1 contiguous `dtype` values (NumPy's linspace(lo, hi, nbins + 1)); lo < hi finite.
 * weights / out as for bincount (NULL: int64 counts, else float64 sums); out has nbins elements,
 * zeroed by the kernel. Weighted sums may be added in any order (NumPy adds them in blocks).
 */
typedef int (*arrpy_histogram_fn)(int dtype, int64_t n, const char *a, int64_t a_stride,
                                  const char *weights, int64_t w_stride,
                                  double lo, double hi, int64_t nbins, const char *edges,
                                  char *out);

/* 1 if the backend has the counting kernel `op` (an arrpy_counting_op) for `dtype`, else 0.
 * The four are exported as PyCapsules "arrpy.bincount", "arrpy.searchsorted",
 * "arrpy.histogram" and "arrpy.counting_supported". Same calling rules as arrpy_binary_nd_fn. */
typedef int (*arrpy_counting_supported_fn)(int op, int dtype);

/* ---- Scans (cumulative sum / product) along one axis ---- */
enum arrpy_scan_op {
    ARRPY_CUMSUM = 0,  /* bool -> bool: logical or */
    ARRPY_CUMPROD = 1, /* bool -> bool: logical and */
    ARRPY_NUM_SCAN_OPS = 2
};

/*
 * Inclusive scans. For every index i of an N-d outer index space (ndim >= 0, shape[ndim];
 * ndim == 0 is a single scan) and 0 <= k < n:
 *     out[i][k] = a[i][0] OP a[i][1] OP ... OP a[i][k]
 * where, in byte offsets (any sign; sa[d] may be 0),
 *     a[i][k]   is at a   + sum_d(i_d * sa[d]) + k * stride
 *     out[i][k] is at out + sum_d(i_d * so[d]) + k * out_stride
 * Each element is converted to out_dtype first (as NumPy's add.accumulate(a, dtype=out_dtype)),
 * then out[i][0] = a[i][0] and out[i][k] = out[i][k-1] OP a[i][k] for k >= 1, in that order:
 *   floats are accumulated SEQUENTIALLY in out_dtype (float32 in float32), so results are
 *   bit-identical to NumPy's add/multiply.accumulate; complex sums per component; complex
 *   products by the textbook formula (re = ar*br - ai*bi, im = ar*bi + ai*br, every operation
 *   rounded, no fused multiply-add: NumPy's accumulate loop); integers wrap; bool -> bool is
 *   logical or (CUMSUM) / logical and (CUMPROD), results 0 or 1.
 * (in_dtype, out_dtype) pairs: those of SUM / PROD in arrpy_reduce_nd_fn: (T, T) for every
 * dtype; (bool or signed integer, int64); (bool or unsigned integer, uint64); (bool, any integer
 * or float32, float64).
 * n == 0 or an empty outer space: nothing to do. `out` never overlaps `a` (the front end
 * copies first). A kernel chooses its loop order: for a scan down the rows of a C-ordered
 * matrix (axis 0: stride = row length, sa[ndim-1] = itemsize) it accumulates whole rows,
 * out[row k] = out[row k-1] OP a[row k], with contiguous inner loops and no copy of `a`.
 * Same calling rules as arrpy_binary_nd_fn (no GIL, any thread; the backend may use its own
 * threads over the outer space). Exported as PyCapsules "arrpy.scan_nd" and
 * "arrpy.scan_supported".
 */
typedef int (*arrpy_scan_nd_fn)(int op, int in_dtype, int out_dtype, int ndim,
                                const int64_t *shape, const char *a, const int64_t *sa,
                                int64_t n, int64_t stride, char *out, const int64_t *so,
                                int64_t out_stride);
typedef int (*arrpy_scan_supported_fn)(int op, int in_dtype, int out_dtype);
/* --- Selection (partition_nd): median, percentile and quantile select with it. ------------- */

/*
 * In-place partial sort along one axis (NumPy's np.partition contract). For every index i of an
 * N-d outer index space (ndim >= 0, shape[ndim]; ndim == 0 is a single row), the n elements
 *     a + sum_d(i_d * sa[d]) + k * stride,   0 <= k < n        (byte offsets, any sign)
 * are reordered in place so that, for every j in [0, nkth), with p = kth[j]:
 *     the element at p is the one a full ascending sort would put there, no element before p
 *     is greater than it and no element after p is smaller.
 * kth holds nkth >= 0 indices, strictly increasing, each in [0, n) (the front end sorts them and
 * removes duplicates; n == 0 means nkth == 0 and nothing to do). Rows never overlap (the outer
 * addresses of different i are more than (n-1)*|stride| apart, as in any ndarray).
 * The order is NumPy's sort order:
 *   bool and integers: by value (bool: the byte 0 or 1).
 *   float32/float64: ascending with every nan after every number (nans are equal to each other;
 *     -0.0 and 0.0 are equal, so either may come first).
 *   complex: lexicographic (real part, then imaginary part) with NumPy's nan rules:
 *     [R + Rj, R + nanj, nan + Rj, nan + nanj], i.e. x < y iff
 *       xr < yr: !isnan(xi) || isnan(yi)
 *       xr > yr: isnan(yi) && !isnan(xi)
 *       xr == yr or both real parts nan: xi < yi || (isnan(yi) && !isnan(xi))
 *       otherwise (exactly one real part nan): isnan(yr)
 * Which of two equal elements comes first is unspecified (partition is not stable).
 * Same calling rules as arrpy_binary_nd_fn (no GIL, any thread; the backend may use its own
 * threads, e.g. over the rows). Returns arrpy_status flags (ARRPY_STATUS_UNSUPPORTED without
 * touching memory for an unknown dtype). Exported as PyCapsules "arrpy.partition_nd" and
 * "arrpy.partition_supported".
 */
typedef int (*arrpy_partition_nd_fn)(int dtype, int ndim, const int64_t *shape, char *a,
                                     const int64_t *sa, int64_t n, int64_t stride,
                                     const int64_t *kth, int64_t nkth);
typedef int (*arrpy_partition_supported_fn)(int dtype);

#ifdef __cplusplus
}
#endif

#endif /* ARRPY_ABI_H */
