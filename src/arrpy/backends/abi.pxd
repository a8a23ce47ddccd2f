# Cython declarations of the kernel ABI in abi.h, cimported by arrpy._core and the Cython backend.

from libc.stdint cimport int64_t


cdef extern from "abi.h":
    enum:
        ARRPY_BOOL
        ARRPY_INT8
        ARRPY_UINT8
        ARRPY_INT16
        ARRPY_UINT16
        ARRPY_INT32
        ARRPY_UINT32
        ARRPY_INT64
        ARRPY_UINT64
        ARRPY_FLOAT32
        ARRPY_FLOAT64
        ARRPY_COMPLEX64
        ARRPY_COMPLEX128
        ARRPY_NUM_DTYPES

        ARRPY_ADD
        ARRPY_SUBTRACT
        ARRPY_MULTIPLY
        ARRPY_DIVIDE
        ARRPY_BITWISE_AND
        ARRPY_BITWISE_OR
        ARRPY_BITWISE_XOR
        ARRPY_FLOOR_DIVIDE
        ARRPY_REMAINDER
        ARRPY_POWER
        ARRPY_MAXIMUM
        ARRPY_MINIMUM
        ARRPY_FMAX
        ARRPY_FMIN
        ARRPY_COPYSIGN
        ARRPY_HYPOT
        ARRPY_ARCTAN2
        ARRPY_LOGADDEXP
        ARRPY_LEFT_SHIFT
        ARRPY_RIGHT_SHIFT
        ARRPY_NUM_BINARY_OPS

        ARRPY_EQUAL
        ARRPY_NOT_EQUAL
        ARRPY_LESS
        ARRPY_LESS_EQUAL
        ARRPY_GREATER
        ARRPY_GREATER_EQUAL
        ARRPY_LOGICAL_AND
        ARRPY_LOGICAL_OR
        ARRPY_LOGICAL_XOR
        ARRPY_NUM_COMPARE_OPS

        ARRPY_NEGATIVE
        ARRPY_POSITIVE
        ARRPY_ABSOLUTE
        ARRPY_RECIPROCAL
        ARRPY_SQUARE
        ARRPY_SQRT
        ARRPY_CBRT
        ARRPY_EXP
        ARRPY_EXP2
        ARRPY_EXPM1
        ARRPY_LOG
        ARRPY_LOG2
        ARRPY_LOG10
        ARRPY_LOG1P
        ARRPY_SIN
        ARRPY_COS
        ARRPY_TAN
        ARRPY_ARCSIN
        ARRPY_ARCCOS
        ARRPY_ARCTAN
        ARRPY_SINH
        ARRPY_COSH
        ARRPY_TANH
        ARRPY_ARCSINH
        ARRPY_ARCCOSH
        ARRPY_ARCTANH
        ARRPY_DEG2RAD
        ARRPY_RAD2DEG
        ARRPY_FLOOR
        ARRPY_CEIL
        ARRPY_TRUNC
        ARRPY_RINT
        ARRPY_SIGN
        ARRPY_CONJUGATE
        ARRPY_INVERT
        ARRPY_ISNAN
        ARRPY_ISINF
        ARRPY_ISFINITE
        ARRPY_SIGNBIT
        ARRPY_LOGICAL_NOT
        ARRPY_NUM_UNARY_OPS

        ARRPY_SUM
        ARRPY_PROD
        ARRPY_MIN
        ARRPY_MAX
        ARRPY_ALL
        ARRPY_ANY
        ARRPY_ARGMIN
        ARRPY_ARGMAX
        ARRPY_SUMSQDEV
        ARRPY_NUM_REDUCE_OPS

        ARRPY_OK
        ARRPY_STATUS_DIVIDE_BY_ZERO
        ARRPY_STATUS_OVERFLOW
        ARRPY_STATUS_INVALID
        ARRPY_STATUS_NEGATIVE_INTEGER_POWER
        ARRPY_STATUS_UNSUPPORTED

    ctypedef int (*arrpy_binary_nd_fn)(
        int op, int dtype, int ndim, const int64_t *shape,
        const char *a, const int64_t *sa, const char *b, const int64_t *sb,
        char *out, const int64_t *so) noexcept nogil
    ctypedef int (*arrpy_binary_supported_fn)(int op, int dtype) noexcept nogil
    ctypedef arrpy_binary_nd_fn arrpy_compare_nd_fn
    ctypedef arrpy_binary_supported_fn arrpy_compare_supported_fn
    ctypedef int (*arrpy_unary_nd_fn)(
        int op, int dtype, int ndim, const int64_t *shape,
        const char *a, const int64_t *sa, char *out, const int64_t *so) noexcept nogil
    ctypedef int (*arrpy_unary_supported_fn)(int op, int dtype) noexcept nogil
    ctypedef int (*arrpy_reduce_nd_fn)(
        int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
        const char *a, const int64_t *sa, int64_t n, int64_t stride,
        char *out, const int64_t *so) noexcept nogil
    ctypedef int (*arrpy_reduce_supported_fn)(int op, int in_dtype, int out_dtype) noexcept nogil
    ctypedef int (*arrpy_matmul_nd_fn)(
        int dtype, int ndim, const int64_t *shape, int64_t m, int64_t n, int64_t k,
        const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
        const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
        char *out, const int64_t *so, int64_t o_rs, int64_t o_cs) noexcept nogil
    ctypedef int (*arrpy_matmul_supported_fn)(int dtype) noexcept nogil

    enum:
        ARRPY_LU_FACTOR
        ARRPY_LU_SOLVE
        ARRPY_CHOLESKY
        ARRPY_QR
        ARRPY_QR_Q
        ARRPY_EIGH
        ARRPY_EIG
        ARRPY_SVD
        ARRPY_NUM_LINALG_OPS
    ctypedef struct arrpy_linalg_args:
        int64_t count
        int64_t n
        int64_t nrhs
        char *a
        char *b
        int64_t *pivots
        int64_t *info
        int64_t m
        char *tau
        char *w
        char *u
        int64_t ucols
        char *vt
        int64_t vtrows
    ctypedef int (*arrpy_linalg_nd_fn)(int op, int dtype, const arrpy_linalg_args *args) noexcept nogil
    ctypedef int (*arrpy_linalg_supported_fn)(int op, int dtype) noexcept nogil

    # Counting and searching (issue 4, "stats")
    enum:
        ARRPY_BINCOUNT
        ARRPY_SEARCHSORTED
        ARRPY_HISTOGRAM
        ARRPY_NUM_COUNTING_OPS
        ARRPY_SIDE_LEFT
        ARRPY_SIDE_RIGHT
    ctypedef int (*arrpy_bincount_fn)(
        int64_t n, const char *idx, int64_t idx_stride, const char *weights, int64_t w_stride,
        char *out, int64_t nbins) noexcept nogil
    ctypedef int (*arrpy_searchsorted_fn)(
        int dtype, int side, int64_t m, const char *edges, int64_t e_stride, int64_t n,
        const char *v, int64_t v_stride, char *out, int64_t o_stride) noexcept nogil
    ctypedef int (*arrpy_histogram_fn)(
        int dtype, int64_t n, const char *a, int64_t a_stride, const char *weights,
        int64_t w_stride, double lo, double hi, int64_t nbins, const char *edges,
        char *out) noexcept nogil
    ctypedef int (*arrpy_counting_supported_fn)(int op, int dtype) noexcept nogil

    # Scans (cumulative sum / product)
    enum:
        ARRPY_CUMSUM
        ARRPY_CUMPROD
        ARRPY_NUM_SCAN_OPS
    ctypedef int (*arrpy_scan_nd_fn)(
        int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
        const char *a, const int64_t *sa, int64_t n, int64_t stride,
        char *out, const int64_t *so, int64_t out_stride) noexcept nogil
    ctypedef int (*arrpy_scan_supported_fn)(int op, int in_dtype, int out_dtype) noexcept nogil
    # selection (partition_nd)
    ctypedef int (*arrpy_partition_nd_fn)(
        int dtype, int ndim, const int64_t *shape, char *a, const int64_t *sa,
        int64_t n, int64_t stride, const int64_t *kth, int64_t nkth) noexcept nogil
    ctypedef int (*arrpy_partition_supported_fn)(int dtype) noexcept nogil
