"""exp / log / sin / cos of the Cython backend (_vmath.pxi) compiled for the baseline target of
the build (no -march, no FMA), like every Cython kernel.

_kernels.pyx runs the fastest build the CPU can run (set_vmath_target): the build files give
this module its own compiler flags (see meson.build), the source is the same as the other
build's. Algorithms and accuracy: _vmath.pxi and docs/elementwise-semantics.md.
"""

include "_vmath.pxi"

TARGET = "baseline"
