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

        ARRPY_OK
        ARRPY_STATUS_DIVIDE_BY_ZERO
        ARRPY_STATUS_OVERFLOW
        ARRPY_STATUS_INVALID
        ARRPY_STATUS_UNSUPPORTED

    ctypedef int (*arrpy_binary_nd_fn)(
        int op, int dtype, int ndim, const int64_t *shape,
        const char *a, const int64_t *sa, const char *b, const int64_t *sb,
        char *out, const int64_t *so) noexcept nogil
    ctypedef int (*arrpy_binary_supported_fn)(int op, int dtype) noexcept nogil
    ctypedef arrpy_binary_nd_fn arrpy_compare_nd_fn
    ctypedef arrpy_binary_supported_fn arrpy_compare_supported_fn
