"""Scan kernels of the python backend: ``kernel(x, out)`` scans the last axis of ``x`` into ``out``.

``x`` is an ndarray of the input dtype (any strides: a transposed or reversed view, an empty last
axis), ``out`` an ndarray of the same shape and the output (accumulator) dtype. Every value of
``x`` is read once in C order, so the lines to scan are consecutive runs of ``n = x.shape[-1]``
values. Each line is converted to the accumulator dtype and folded from left to right,

    out[0] = a[0],   out[k] = out[k - 1] OP a[k]   (k = 1 .. n - 1),

which is exactly NumPy's ``add.accumulate`` / ``multiply.accumulate``: the first element is copied
(not combined with an identity) and every later result is rounded to the accumulator's precision
before the next step. So floating results are bit-identical to NumPy's (no pairwise summation
here: a scan's partial results are its output, each one the sequential sum up to that point).

The step functions (abi.h, ``arrpy_scan_op``):

* cumsum: float64 is Python's float addition (IEEE double); float32 adds in double and rounds to
  float32 (exact: the double sum of two float32 values rounds correctly to float32); complex per
  component; integers exactly, then wrapped to the accumulator's width (the low bits of an exact
  prefix sum are those of the wrapped one); bool: logical or.
* cumprod: floats and float32 the same way; complex by the textbook formula with every operation
  rounded (NumPy's accumulate loop does not fuse the multiply-add); integers modulo 2**bits at
  every step (the exact product would grow without bound); bool: logical and.
"""

import operator
from itertools import accumulate

from arrpy.backends.python._buffers import read_values, write_values
from arrpy.backends.python._floats import to_float32
from arrpy.backends.python.elementwise import _INTEGER_BITS, _category, _wrap_integers

__all__ = ["scan_kernel", "supported_scan"]


def _logical_or(x, y):
    return x or y


def _logical_and(x, y):
    return x and y


def _float32_add(x, y):
    return to_float32(x + y)


def _float32_multiply(x, y):
    return to_float32(x * y)


def _complex_add(rounded):
    def add(x, y):
        return complex(rounded(x.real + y.real), rounded(x.imag + y.imag))

    return add


def _complex_multiply(rounded):
    """(a + bi)(c + di) = (ac - bd) + (ad + bc)i, each product and sum rounded by ``rounded``
    (``float`` for complex128, ``to_float32`` for complex64)."""

    def multiply(x, y):
        a, b, c, d = x.real, x.imag, y.real, y.imag
        return complex(
            rounded(rounded(a * c) - rounded(b * d)), rounded(rounded(a * d) + rounded(b * c))
        )

    return multiply


def _integer_multiply(bits):
    mask = (1 << bits) - 1

    def multiply(x, y):
        return (x * y) & mask  # only the low bits survive the wrap-around anyway

    return multiply


def _step(op, target):
    """The function ``step(previous result, next element)`` of ``op`` in dtype ``target``."""
    kind = _category(target)
    if op == "cumsum":
        return {
            "bool": _logical_or,
            "int": operator.add,  # exact; wrapped by the kernel
            "float": _float32_add if target == "float32" else operator.add,
            "complex64": _complex_add(to_float32),
            "complex128": _complex_add(float),
        }[kind]
    if kind == "int":
        return _integer_multiply(_INTEGER_BITS[target])
    return {
        "bool": _logical_and,
        "float": _float32_multiply if target == "float32" else operator.mul,
        "complex64": _complex_multiply(to_float32),
        "complex128": _complex_multiply(float),
    }[kind]


def _converter(source, target):
    """The conversion of input values to the accumulator, or None when the value already is
    one: an integer or bool scanned as float64 is float(value) (rounded to nearest, as C's
    cast); a bool scanned as an integer is 0 or 1; a bool stays a bool."""
    if source == target:
        return None
    if target == "float64" and source != "float32":
        return float
    if source == "bool":
        return int
    return None  # an integer widened to int64 / uint64, float32 to float64: the same value


def supported_scan():
    """The (op, "in->out") pairs this backend implements: every scan of the registry."""
    from arrpy._registry import SCANS

    return [(op, pair) for op, pairs in SCANS.items() for pair in pairs]


def scan_kernel(op, pair):
    """The kernel ``kernel(x, out)`` scanning the last axis of ``x`` into ``out`` by ``op``
    ("cumsum" or "cumprod") for the dtype pair ``pair`` ("in->out"); it returns 0."""
    source, target = pair.split("->")
    step = _step(op, target)
    convert = _converter(source, target)
    wraps = target in _INTEGER_BITS

    def kernel(x, out):
        if out.size == 0:
            return 0
        n = x.shape[-1]
        values = read_values(x, source)
        if convert is not None:
            values = map(convert, values)
        values = list(values)
        results = []
        for start in range(0, len(values), n):
            results.extend(accumulate(values[start : start + n], step))
        if wraps:
            results = _wrap_integers(results, target)
        write_values(out, target, results)
        return 0

    kernel.__name__ = f"{op}_{source}_{target}"
    kernel.__qualname__ = kernel.__name__
    return kernel
