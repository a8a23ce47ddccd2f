"""The ``cython`` backend: fused-type kernels over raw buffers, ``nogil``, ``prange`` (OpenMP).

The kernels live in ``_kernels.pyx``.
"""

from arrpy.backends.cython import _kernels

__all__ = ["NAME", "kernel_table", "set_num_threads", "get_num_threads", "simd_target"]

NAME = "cython"
set_num_threads = _kernels.set_num_threads
get_num_threads = _kernels.get_num_threads


def simd_target():
    """Cython kernels are plain loops that the C compiler vectorises for the baseline target."""
    return "compiler"


def kernel_table():
    """The backend's kernels as a ``arrpy._core.KernelTable``."""
    from arrpy._core import KernelTable

    return KernelTable(
        NAME,
        _kernels.binary_nd_capsule,
        _kernels.binary_supported_capsule,
        _kernels.compare_nd_capsule,
        _kernels.compare_supported_capsule,
        _kernels.unary_nd_capsule,
        _kernels.unary_supported_capsule,
        _kernels.reduce_nd_capsule,
        _kernels.reduce_supported_capsule,
        # stats (issue 4): counting and searching
        bincount=_kernels.bincount_capsule,
        searchsorted=_kernels.searchsorted_capsule,
        histogram=_kernels.histogram_capsule,
        counting_supported=_kernels.counting_supported_capsule,
        # scans
        scan_nd=_kernels.scan_nd_capsule,
        scan_supported=_kernels.scan_supported_capsule,
        partition_nd=_kernels.partition_nd_capsule,
        partition_supported=_kernels.partition_supported_capsule,
        # matrix products (issue 5)
        matmul_nd=_kernels.matmul_nd_capsule,
        matmul_supported=_kernels.matmul_supported_capsule,
        # factorizations (linalg_nd)
        linalg_nd=_kernels.linalg_nd_capsule,
        linalg_supported=_kernels.linalg_supported_capsule,
    )
