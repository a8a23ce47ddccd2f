"""The matrix product of the python backend: ``kernel(a, b, out)`` computes ``out = a @ b``.

``a`` has shape (..., m, k), ``b`` (..., k, n) and ``out`` (..., m, n), all three of one dtype
and of the same number of dimensions. Each batch axis (all but the last two) of ``a`` and ``b``
is either as long as ``out``'s or 1, and a 1 repeats that operand's matrix along the axis
(NumPy's broadcasting; the front end has already added the leading 1s). The operands may have
any strides (transposed or reversed views): their values are read once in C order.

The algorithm is the textbook definition, one output element at a time::

    C[r][c] = A[r][0] * B[0][c] + A[r][1] * B[1][c] + ... + A[r][k-1] * B[k-1][c]

that is, the dot product of row ``r`` of A with column ``c`` of B, summed from p = 0 upwards.
``k == 0`` gives the empty sum, zero. What "multiply" and "add" mean follows the dtype, as in a C
loop over that type (abi.h, ``arrpy_matmul_nd_fn``):

* integers: exact products and sums, then wrapped to the dtype's width (two's complement).
  Wrapping once at the end gives the same bits as wrapping after every step, because taking the
  remainder modulo 2**bits commutes with + and *.
* bool: the OR over p of (A[r][p] AND B[p][c]).
* float64: Python floats are IEEE doubles, so ``total = total + x * y`` is a double loop.
* float32: every product and every partial sum is rounded to float32 (``to_float32``), so the
  result is what a float32 loop gives (a product of two float32 values is exact in a double, and a
  double sum of two float32 values rounded to float32 is the correctly rounded float32 sum).
* complex: each term is (ar*br - ai*bi) + (ar*bi + ai*br)j, accumulated per component; complex64
  rounds every product, difference, sum and partial sum to float32.

The kernel returns status 0: a matrix product has no error to report (nan and inf propagate, and
an ``inf * 0`` term makes nan, as in C).
"""

import operator
from itertools import product

from arrpy.backends.python._buffers import read_values, write_values
from arrpy.backends.python._floats import to_float32
from arrpy.backends.python.elementwise import _INTEGER_BITS, _wrap_integers

__all__ = ["matmul_kernel", "supported_matmul"]


# --- dot products: one row of A with one column of B ----------------------------------------------


def _bool_dot(row, column):
    """OR over p of (row[p] AND column[p]): true as soon as one pair is true."""
    return any(x and y for x, y in zip(row, column, strict=True))


def _integer_dot(row, column):
    """The exact integer sum of products; the kernel wraps it to the dtype's width."""
    return sum(map(operator.mul, row, column))


def _float64_dot(row, column):
    """A double loop: multiply, add, in order of p, every operation rounded to double."""
    total = 0.0
    for x, y in zip(row, column, strict=True):
        total = total + x * y
    return total


def _float32_dot(row, column):
    """A float32 loop: every product and every partial sum rounded to float32."""
    total = 0.0
    for x, y in zip(row, column, strict=True):
        total = to_float32(total + to_float32(x * y))
    return total


def _complex_dot(rounded):
    """The complex dot product by the textbook formula, every real operation followed by
    ``rounded`` (``float`` for complex128, where Python's arithmetic already rounds to double;
    ``to_float32`` for complex64)."""

    def complex_dot(row, column):
        real = 0.0
        imag = 0.0
        for x, y in zip(row, column, strict=True):
            ar, ai, br, bi = x.real, x.imag, y.real, y.imag
            term_real = rounded(rounded(ar * br) - rounded(ai * bi))
            term_imag = rounded(rounded(ar * bi) + rounded(ai * br))
            real = rounded(real + term_real)
            imag = rounded(imag + term_imag)
        return complex(real, imag)

    return complex_dot


def _dot_function(dtype_name):
    if dtype_name == "bool":
        return _bool_dot
    if dtype_name in _INTEGER_BITS:
        return _integer_dot
    return {
        "float32": _float32_dot,
        "float64": _float64_dot,
        "complex64": _complex_dot(to_float32),
        "complex128": _complex_dot(float),
    }[dtype_name]


# --- the batch of matrices ------------------------------------------------------------------------


def _matrix_start(shape, index):
    """Where the matrix of batch index ``index`` starts in the C-order values of an operand of
    ``shape``: an axis of length 1 is broadcast (its index is taken as 0)."""
    matrix_size = shape[-2] * shape[-1]
    start = 0
    for length, i in zip(shape[:-2], index, strict=True):
        start = start * length + (i if length != 1 else 0)
    return start * matrix_size


def _rows(values, start, rows, columns):
    """The ``rows`` x ``columns`` matrix stored at ``values[start:]`` (C order), as rows."""
    return [values[start + r * columns : start + (r + 1) * columns] for r in range(rows)]


def _columns(values, start, rows, columns):
    """The same matrix as a list of its columns (B is walked down its columns)."""
    return [values[start + c : start + rows * columns : columns] for c in range(columns)]


def supported_matmul():
    """The dtypes this backend multiplies: every dtype of the registry's ``matmul`` entry."""
    from arrpy._registry import PRODUCTS

    return list(PRODUCTS["matmul"])


def matmul_kernel(dtype_name):
    """The kernel ``kernel(a, b, out)`` writing the batched product ``a @ b`` of ``dtype_name``
    values into ``out``; it returns 0."""
    dot = _dot_function(dtype_name)
    wraps = dtype_name in _INTEGER_BITS

    def kernel(a, b, out):
        if out.size == 0:
            return 0
        m, n = out.shape[-2], out.shape[-1]
        k = a.shape[-1]
        if k == 0:
            # Every element is the empty sum (zero); a and b hold no values to read.
            write_values(out, dtype_name, [dot((), ())] * out.size)
            return 0
        a_values = read_values(a, dtype_name)
        b_values = read_values(b, dtype_name)
        results = []
        # Every batch index of out in C order; each names one matrix of a and one of b.
        for index in product(*(range(length) for length in out.shape[:-2])):
            rows = _rows(a_values, _matrix_start(a.shape, index), m, k)
            columns = _columns(b_values, _matrix_start(b.shape, index), k, n)
            for row in rows:
                results.extend(dot(row, column) for column in columns)
        if wraps:
            results = _wrap_integers(results, dtype_name)
        write_values(out, dtype_name, results)
        return 0

    kernel.__name__ = f"matmul_{dtype_name}"
    kernel.__qualname__ = kernel.__name__
    return kernel
