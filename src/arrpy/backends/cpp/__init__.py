"""The ``c`` backend: C++17 kernels with explicit SIMD (AVX2/FMA, NEON, scalar) and a thread pool.

The kernels live in ``kernels/`` (no Python headers); ``_cpp`` is the compiled shim.
"""

from arrpy.backends.cpp import _cpp

__all__ = [
    "NAME",
    "kernel_table",
    "set_num_threads",
    "get_num_threads",
    "simd_target",
    "matmul_simd_target",
]

NAME = "c"
set_num_threads = _cpp.set_num_threads
get_num_threads = _cpp.get_num_threads
simd_target = _cpp.simd_target
matmul_simd_target = _cpp.matmul_simd_target  # the GEMM's own: "avx512" where the CPU has it


def kernel_table():
    """The backend's kernels as a ``arrpy._core.KernelTable``."""
    from arrpy._core import KernelTable

    return KernelTable(
        NAME,
        _cpp.binary_nd_capsule,
        _cpp.binary_supported_capsule,
        _cpp.compare_nd_capsule,
        _cpp.compare_supported_capsule,
        _cpp.unary_nd_capsule,
        _cpp.unary_supported_capsule,
        _cpp.reduce_nd_capsule,
        _cpp.reduce_supported_capsule,
        # stats (issue 4): counting and searching
        bincount=_cpp.bincount_capsule,
        searchsorted=_cpp.searchsorted_capsule,
        histogram=_cpp.histogram_capsule,
        counting_supported=_cpp.counting_supported_capsule,
        # scans
        scan_nd=_cpp.scan_nd_capsule,
        scan_supported=_cpp.scan_supported_capsule,
        partition_nd=_cpp.partition_nd_capsule,
        partition_supported=_cpp.partition_supported_capsule,
        # factorizations (linalg_nd)
        linalg_nd=_cpp.linalg_nd_capsule,
        linalg_supported=_cpp.linalg_supported_capsule,
        matmul_nd=_cpp.matmul_nd_capsule,
        matmul_supported=_cpp.matmul_supported_capsule,
    )
