"""The ``python`` backend: every kernel in pure Python (standard library only).

It is the executable specification of arrpy's numerics: short, readable loops over the values of
the ndarray's buffer (read through ``memoryview``), with NumPy's semantics spelled out (integer
wrap-around, IEEE division by zero, NumPy's complex division). It never calls NumPy to compute.
"""

from arrpy.backends.python.elementwise import binary_kernel, supported_binary
from arrpy.backends.python.factorizations import linalg_kernel, supported_linalg
from arrpy.backends.python.reductions import reduce_kernel, supported_reduce
from arrpy.backends.python.unary import supported_unary, unary_kernel

__all__ = [
    "NAME",
    "binary_kernel",
    "linalg_kernel",
    "supported_linalg",
    "reduce_kernel",
    "supported_binary",
    "supported_reduce",
    "supported_unary",
    "unary_kernel",
    "simd_target",
]

NAME = "python"


def simd_target():
    """The python backend runs one element at a time in the interpreter."""
    return "interpreter"
