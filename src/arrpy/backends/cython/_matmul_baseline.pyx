"""The Cython matmul kernel (_matmul.pxi) compiled for the baseline target of the build (no
-march), like every Cython kernel.

_kernels.matmul_nd calls the fastest build the CPU can run: the build files give this module its
own compiler flags (see meson.build), the source is the same as the other build's.
"""

from cpython.pycapsule cimport PyCapsule_New

include "_matmul.pxi"

#: mm_matmul as a PyCapsule named "arrpy.cython_matmul_impl" (the type mm_impl_fn).
impl_capsule = PyCapsule_New(<void *>mm_matmul, b"arrpy.cython_matmul_impl", NULL)
TARGET = "baseline"
