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
    ARRPY_NUM_BINARY_OPS = 7
};

/* Status flags a kernel may return (bitwise or); 0 means nothing to report. */
enum arrpy_status {
    ARRPY_OK = 0,
    ARRPY_STATUS_DIVIDE_BY_ZERO = 1,
    ARRPY_STATUS_OVERFLOW = 2,
    ARRPY_STATUS_INVALID = 4,
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

#ifdef __cplusplus
}
#endif

#endif /* ARRPY_ABI_H */
