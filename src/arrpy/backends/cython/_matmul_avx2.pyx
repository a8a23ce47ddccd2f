"""The Cython matmul kernel (_matmul.pxi) compiled with -mavx2 -mfma (x86-64 only); it is
imported only on a CPU with AVX2 and FMA.

_kernels.matmul_nd calls the fastest build the CPU can run: the build files give this module its
own compiler flags (see meson.build), the source is the same as the other build's.
"""

from cpython.pycapsule cimport PyCapsule_New

include "_matmul.pxi"

#: mm_matmul as a PyCapsule named "arrpy.cython_matmul_impl" (the type mm_impl_fn).
impl_capsule = PyCapsule_New(<void *>mm_matmul, b"arrpy.cython_matmul_impl", NULL)
TARGET = "avx2"
