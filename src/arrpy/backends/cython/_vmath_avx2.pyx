"""exp / log / sin / cos of the Cython backend (_vmath.pxi) compiled with -mavx2 -mfma (x86-64
only); it is imported only on a CPU with AVX2 and FMA.

_kernels.pyx runs the fastest build the CPU can run (set_vmath_target): the build files give
this module its own compiler flags (see meson.build), the source is the same as the other
build's; this one uses fma() where the C++ backend uses an FMA. Algorithms (the C++ backend's:
Cody-Waite exp, fdlibm log, pi/2 reduction and fdlibm kernels for sin / cos) and accuracy
(measured within 1 ulp of NumPy in float64 and of the correctly rounded result in float32;
tested to 2 ulp): _vmath.pxi and docs/elementwise-semantics.md.
"""

include "_vmath.pxi"

TARGET = "avx2"
