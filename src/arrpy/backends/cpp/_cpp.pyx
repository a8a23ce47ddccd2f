"""Thin Cython shim over the C++ kernels (``kernels/arrpy_cpp.hpp``).

The kernels are plain C++17 with no Python headers; this module only hands their function pointers
to the front end as PyCapsules and exposes the thread-pool settings. Why a Cython shim and not
pybind11 or nanobind: the operator fast path calls the kernel through a raw function pointer from
``arrpy._core``, so no binding layer sits on the hot path at all, and for the general path a Cython
shim with the NumPy C API costs ~300 ns per call against ~700-850 ns for pybind11 ``array_t`` or
nanobind ``ndarray`` on this class of machine.
"""

from cpython.pycapsule cimport PyCapsule_New
from libc.stdint cimport int64_t

cdef extern from "arrpy_cpp.hpp":
    int arrpy_cpp_binary_nd(int op, int dtype, int ndim, const int64_t *shape,
                            const char *a, const int64_t *sa, const char *b, const int64_t *sb,
                            char *out, const int64_t *so) noexcept nogil
    int arrpy_cpp_binary_supported(int op, int dtype) noexcept nogil
    int arrpy_cpp_compare_nd(int op, int dtype, int ndim, const int64_t *shape,
                             const char *a, const int64_t *sa, const char *b, const int64_t *sb,
                             char *out, const int64_t *so) noexcept nogil
    int arrpy_cpp_compare_supported(int op, int dtype) noexcept nogil
    int arrpy_cpp_unary_nd(int op, int dtype, int ndim, const int64_t *shape,
                           const char *a, const int64_t *sa,
                           char *out, const int64_t *so) noexcept nogil
    int arrpy_cpp_unary_supported(int op, int dtype) noexcept nogil
    int arrpy_cpp_reduce_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                            const char *a, const int64_t *sa, int64_t n, int64_t stride,
                            char *out, const int64_t *so) noexcept nogil
    int arrpy_cpp_reduce_supported(int op, int in_dtype, int out_dtype) noexcept nogil
    # selection (partition_nd)
    int arrpy_cpp_partition_nd(int dtype, int ndim, const int64_t *shape, char *a,
                               const int64_t *sa, int64_t n, int64_t stride,
                               const int64_t *kth, int64_t nkth) noexcept nogil
    int arrpy_cpp_partition_supported(int dtype) noexcept nogil
    # matrix products (gemm)
    int arrpy_cpp_matmul_nd(int dtype, int ndim, const int64_t *shape,
                            int64_t m, int64_t n, int64_t k,
                            const char *a, const int64_t *sa, int64_t a_rs, int64_t a_cs,
                            const char *b, const int64_t *sb, int64_t b_rs, int64_t b_cs,
                            char *out, const int64_t *so, int64_t o_rs, int64_t o_cs) noexcept nogil
    int arrpy_cpp_matmul_supported(int dtype) noexcept nogil
    const char *arrpy_cpp_matmul_target() noexcept nogil
    void arrpy_cpp_set_num_threads(int n) noexcept nogil
    int arrpy_cpp_get_num_threads() noexcept nogil
    const char *arrpy_cpp_simd_target() noexcept nogil
    # scans
    int arrpy_cpp_scan_nd(int op, int in_dtype, int out_dtype, int ndim, const int64_t *shape,
                          const char *a, const int64_t *sa, int64_t n, int64_t stride,
                          char *out, const int64_t *so, int64_t out_stride) noexcept nogil
    int arrpy_cpp_scan_supported(int op, int in_dtype, int out_dtype) noexcept nogil

# factorizations (linalg_nd)
cdef extern from "arrpy_cpp.hpp":
    ctypedef struct arrpy_linalg_args:
        pass
    int arrpy_cpp_linalg_nd(int op, int dtype, const arrpy_linalg_args *args) noexcept nogil
    int arrpy_cpp_linalg_supported(int op, int dtype) noexcept nogil

binary_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_binary_nd, b"arrpy.binary_nd", NULL)
binary_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_binary_supported, b"arrpy.binary_supported", NULL)
compare_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_compare_nd, b"arrpy.compare_nd", NULL)
compare_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_compare_supported, b"arrpy.compare_supported", NULL)
unary_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_unary_nd, b"arrpy.unary_nd", NULL)
unary_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_unary_supported, b"arrpy.unary_supported", NULL)

reduce_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_reduce_nd, b"arrpy.reduce_nd", NULL)
reduce_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_reduce_supported, b"arrpy.reduce_supported", NULL)

# scans
scan_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_scan_nd, b"arrpy.scan_nd", NULL)
scan_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_scan_supported, b"arrpy.scan_supported", NULL)


# stats (issue 4): counting and searching (counting.cpp)
cdef extern from "arrpy_cpp.hpp":
    int arrpy_cpp_bincount(int64_t n, const char *idx, int64_t idx_stride, const char *weights,
                           int64_t w_stride, char *out, int64_t nbins) noexcept nogil
    int arrpy_cpp_searchsorted(int dtype, int side, int64_t m, const char *edges,
                               int64_t e_stride, int64_t n, const char *v, int64_t v_stride,
                               char *out, int64_t o_stride) noexcept nogil
    int arrpy_cpp_histogram(int dtype, int64_t n, const char *a, int64_t a_stride,
                            const char *weights, int64_t w_stride, double lo, double hi,
                            int64_t nbins, const char *edges, char *out) noexcept nogil
    int arrpy_cpp_counting_supported(int op, int dtype) noexcept nogil

bincount_capsule = PyCapsule_New(<void *>arrpy_cpp_bincount, b"arrpy.bincount", NULL)
searchsorted_capsule = PyCapsule_New(<void *>arrpy_cpp_searchsorted, b"arrpy.searchsorted", NULL)
histogram_capsule = PyCapsule_New(<void *>arrpy_cpp_histogram, b"arrpy.histogram", NULL)
counting_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_counting_supported, b"arrpy.counting_supported", NULL)
# selection (partition_nd)
partition_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_partition_nd, b"arrpy.partition_nd", NULL)
partition_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_partition_supported, b"arrpy.partition_supported", NULL)
# factorizations (linalg_nd)
linalg_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_linalg_nd, b"arrpy.linalg_nd", NULL)
linalg_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_linalg_supported, b"arrpy.linalg_supported", NULL)
# matrix products (gemm)
matmul_nd_capsule = PyCapsule_New(<void *>arrpy_cpp_matmul_nd, b"arrpy.matmul_nd", NULL)
matmul_supported_capsule = PyCapsule_New(
    <void *>arrpy_cpp_matmul_supported, b"arrpy.matmul_supported", NULL)


def set_num_threads(int n):
    """Resize the C++ thread pool to ``n`` threads (the calling thread counts as one)."""
    if n < 1:
        raise ValueError(f"set_num_threads: n must be >= 1, got {n}")
    with nogil:
        arrpy_cpp_set_num_threads(n)


def get_num_threads():
    """Number of threads the C++ kernels split large work across."""
    return arrpy_cpp_get_num_threads()


def simd_target():
    """The SIMD path selected at run time from the CPU's features: "avx2", "neon" or "scalar"."""
    return arrpy_cpp_simd_target().decode()


# matrix products (gemm)
def matmul_simd_target():
    """The GEMM micro-kernels selected at run time: "avx512", "avx2" or "scalar"."""
    return arrpy_cpp_matmul_target().decode()
