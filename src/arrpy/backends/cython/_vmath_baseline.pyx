"""exp / log / sin / cos of the Cython backend (_vmath.pxi) compiled for the baseline target of
the build (no -march, no FMA), like every Cython kernel.

Why two builds: a distributable wheel targets the baseline (SSE2 on x86-64: two doubles per
register, fma() a slow libm call), where these loops take 2-2.7x the time of the AVX2 build
(_vmath_avx2); this build is what CPUs without AVX2 and FMA run.

_kernels.pyx runs the fastest build the CPU can run (set_vmath_target): the build files give
this module its own compiler flags (see meson.build), the source is the same as the other
build's. Algorithms (the C++ backend's: Cody-Waite exp, fdlibm log, pi/2 reduction and fdlibm
kernels for sin / cos) and accuracy (measured within 1 ulp of NumPy in float64 and of the
correctly rounded result in float32; tested to 2 ulp): _vmath.pxi and
docs/elementwise-semantics.md.
"""

include "_vmath.pxi"

TARGET = "baseline"
