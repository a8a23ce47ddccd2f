"""Reduction kernels of the python backend: ``kernel(x, out)`` reduces the last axis of ``x``.

``x`` is an ndarray of the input dtype (any strides, possibly a transposed view, possibly an empty
last axis), ``out`` an ndarray of shape ``x.shape[:-1]`` and the output dtype. Every value of ``x``
is read once in C order, so the rows to reduce are consecutive runs of ``n = x.shape[-1]``
values; each row is converted to the output (accumulator) dtype and reduced by a row function
below, and the results are stored in ``out``. The kernel returns status 0.

The ops and their rules (abi.h, ``arrpy_reduce_op``; NumPy's ``add.reduce``, ``multiply.reduce``,
``minimum.reduce``, ``maximum.reduce``, ``all``, ``any``, ``argmin``, ``argmax``):

* sum: integers exactly, then wrapped to the accumulator's width; floats with ``math.fsum``
  (correctly rounded, which is at least as accurate as NumPy's pairwise sum), then rounded to
  float32 for a float32 accumulator; complex numbers per component; bool: logical or.
* prod: in order, rounded to the accumulator after every step as NumPy's loop does (float32 in
  single precision; complex products by the textbook formula, as NumPy's reduction loop);
  integers wrap as they go; bool: logical and.
* min, max: a nan propagates (the first nan of the row is the result); complex numbers by
  NumPy's order (real parts, then imaginary parts).
* argmin, argmax: the index of the first extreme; the first nan wins.
* sumsqdev: the sum of squared deviations from the row's mean (the numerator of var), two
  passes with ``math.fsum``.
* all, any: truth values as ``logical_and``: nonzero; nan is true; a complex number is true if
  either part is nonzero.

An empty row sums to 0 and multiplies to 1; ``all`` is true and ``any`` false. The front end
never calls min, max, argmin or argmax with an empty row (NumPy raises ValueError).
"""

import cmath
import math
import operator
from functools import reduce

from arrpy.backends.python._buffers import read_values, write_values
from arrpy.backends.python._floats import to_float32
from arrpy.backends.python.elementwise import (
    _INTEGER_BITS,
    _category,
    _wrap_integers,
)

__all__ = ["reduce_kernel", "supported_reduce"]


# --- sum ------------------------------------------------------------------------------------------


def _float_sum(values):
    """The correctly rounded sum of floats, with IEEE's special values.

    ``math.fsum`` is exact until the final rounding, but it raises where IEEE arithmetic returns
    a special value (inf + -inf; finite partial sums beyond the float range): those rows take the
    slower exact sum.
    """
    try:
        return math.fsum(values)
    except (OverflowError, ValueError):
        return _exact_float_sum(values)


def _exact_float_sum(values):
    """The sum of floats with no intermediate rounding: nan if a nan or both infinities occur,
    the infinity if one does; otherwise the exact rational sum rounded once (to +-inf beyond the
    float range)."""
    if any(map(math.isnan, values)):
        return math.nan
    infinities = {v for v in values if math.isinf(v)}
    if len(infinities) == 2:
        return math.nan  # inf + -inf
    if infinities:
        return infinities.pop()
    # Every finite float is an integer multiple of 2**-1074 (the smallest subnormal), so the sum
    # is an exact integer count of those units; Python's int / int is correctly rounded.
    unit = 1 << 1074
    total = 0
    for v in values:
        numerator, denominator = v.as_integer_ratio()
        total += numerator * (unit // denominator)
    try:
        return total / unit
    except OverflowError:
        return math.inf if total > 0 else -math.inf


def _float32_sum(values):
    # fsum's double result rounded to float32: a second rounding, within the contract's pairwise
    # accuracy (the double is within half a double ulp of the exact sum).
    return to_float32(_float_sum(values))


def _complex_sum(rounded):
    """Sum of complex numbers, each component summed as floats and rounded by ``rounded``."""

    def complex_sum(values):
        real = _float_sum([z.real for z in values])
        imag = _float_sum([z.imag for z in values])
        return complex(rounded(real), rounded(imag))

    return complex_sum


# --- prod -----------------------------------------------------------------------------------------


def _integer_product(bits):
    """Product modulo 2**bits, reduced after every step: the exact product of many integers is
    huge, and only its low bits survive the wrap-around anyway. ``_wrap_integers`` then maps
    the result into the dtype's (signed or unsigned) range."""
    mask = (1 << bits) - 1

    def integer_product(values):
        product = 1
        for v in values:
            product = (product * v) & mask
        return product

    return integer_product


def _float64_product(values):
    # math.prod multiplies Python floats (IEEE doubles) in order, as NumPy's loop does; starting
    # from the identity 1 changes nothing (1 * x == x, -0.0 and nan included).
    return math.prod(values)


def _float32_product(values):
    """In order, rounded to float32 after every step. The double product of two float32 values
    is exact (24 + 24 significant bits), so rounding it once is float32 multiplication."""
    product = 1.0
    for v in values:
        product = to_float32(product * v)
    return product


def _complex_product(rounded):
    """In order, starting from the identity 1 as NumPy does (it matters: (1 + 0j) * (inf + 0j)
    is inf + nanj). NumPy's multiply.reduce computes each complex product by the textbook
    formula with every operation rounded (``rounded``: float, or to_float32 for complex64),
    without the fused multiply-add of its elementwise multiply loop."""

    def multiply(x, y):
        a, b, c, d = x.real, x.imag, y.real, y.imag
        return complex(
            rounded(rounded(a * c) - rounded(b * d)), rounded(rounded(a * d) + rounded(b * c))
        )

    def complex_product(values):
        return reduce(multiply, values, complex(1.0, 0.0))

    return complex_product


# --- min, max, argmin, argmax ---------------------------------------------------------------------


def _complex_key(z):
    """NumPy's order of complex numbers without nans: real parts first, then imaginary parts."""
    return (z.real, z.imag)


def _first_nan(values, isnan):
    """Index of the first nan in ``values`` (complex: either part is nan), or None."""
    if not any(map(isnan, values)):
        return None  # the common case, checked at C speed
    return next(i for i, v in enumerate(values) if isnan(v))


def _extreme(choose, isnan=None, key=None):
    """min or max (``choose``) of a row. NumPy's minimum and maximum propagate a nan: folding
    the row with them, the first nan wins. Without nans the extreme is ``choose``'s: ties keep
    the first of the equal values (0.0 and -0.0 compare equal)."""

    def extreme(values):
        if isnan is not None:
            nan_index = _first_nan(values, isnan)
            if nan_index is not None:
                return values[nan_index]
        return choose(values, key=key)

    return extreme


def _arg_extreme(choose, isnan=None, key=None):
    """Index of the first min or max of a row (NumPy's argmin/argmax); the first nan wins."""
    extreme = _extreme(choose, isnan, key)

    def arg_extreme(values):
        if isnan is not None:
            nan_index = _first_nan(values, isnan)
            if nan_index is not None:
                return nan_index
        # The first value equal to the extreme: ties (0.0 and -0.0 too) give the first index.
        return operator.indexOf(values, extreme(values))

    return arg_extreme


# --- the row functions ----------------------------------------------------------------------------


def _squared_deviations(values):
    """The numerator of the variance: the sum of |x - mean|**2 over the row, in two passes.

    The mean is the correctly rounded sum divided by the count; the squares of the deviations
    are summed with ``fsum`` too (Python's float arithmetic is double precision; a float32
    result is rounded once when stored). ``d * d``, not ``d ** 2``: the power raises
    OverflowError where IEEE multiplication gives inf.
    """
    if not values:
        return 0.0
    count = len(values)
    if isinstance(values[0], complex):
        mean_re = _float_sum([v.real for v in values]) / count
        mean_im = _float_sum([v.imag for v in values]) / count
        squares = []
        for v in values:
            d_re, d_im = v.real - mean_re, v.imag - mean_im
            squares += (d_re * d_re, d_im * d_im)
        return _float_sum(squares)
    numbers = [float(v) for v in values]  # bools and integers as the float64 they sum as
    mean = _float_sum(numbers) / count
    return _float_sum([(x - mean) * (x - mean) for x in numbers])


def _row_function(op, source, target):
    """The function reducing one row of ``target`` values (``source`` values already converted),
    or None when the pair is not a reduction of ``op``."""
    kind = _category(target)
    if op == "sum":
        return {
            "bool": any,  # logical or
            "int": sum,  # exact; wrapped by the kernel
            "float": _float32_sum if target == "float32" else _float_sum,
            "complex64": _complex_sum(to_float32),
            "complex128": _complex_sum(float),
        }[kind]
    if op == "prod":
        if kind == "int":
            return _integer_product(_INTEGER_BITS[target])
        return {
            "bool": all,  # logical and
            "float": _float32_product if target == "float32" else _float64_product,
            "complex64": _complex_product(to_float32),
            "complex128": _complex_product(float),
        }[kind]
    if op in ("all", "any"):
        return all if op == "all" else any  # bool(v): nonzero, nan is true, complex either part
    if op == "sumsqdev":
        return _squared_deviations
    choose = min if op in ("min", "argmin") else max
    build = _extreme if op in ("min", "max") else _arg_extreme
    kind = _category(source)
    if kind in ("bool", "int"):
        return build(choose)  # False < True: min is logical and, max logical or
    if kind == "float":
        return build(choose, isnan=math.isnan)
    return build(choose, isnan=cmath.isnan, key=_complex_key)


def _converter(op, source, target):
    """The conversion of input values to the accumulator, or None when Python's value already is
    one: an integer or bool summed as float64 is float(value) (rounded to nearest, as C's cast);
    a bool summed as an integer is 0 or 1."""
    if op not in ("sum", "prod") or source == target:
        return None
    if target == "float64" and source != "float32":
        return float
    if source == "bool":
        return int
    return None  # an integer widened to int64/uint64, float32 to float64: the same value


def supported_reduce():
    """The (op, "in->out") pairs this backend implements: every reduction of the registry."""
    from arrpy._registry import REDUCTIONS

    return [(op, pair) for op, pairs in REDUCTIONS.items() for pair in pairs]


def reduce_kernel(op, pair):
    """The kernel ``kernel(x, out)`` reducing the last axis of ``x`` into ``out`` by ``op``, for
    the dtype pair ``pair`` ("in->out"); it returns 0."""
    source, target = pair.split("->")
    reduce_row = _row_function(op, source, target)
    convert = _converter(op, source, target)
    wraps = target in _INTEGER_BITS and op in ("sum", "prod")

    def kernel(x, out):
        rows = out.size
        if rows == 0:
            return 0
        n = x.shape[-1]
        if n == 0:
            results = [reduce_row(())] * rows  # the empty reduction: 0, 1, true or false
        else:
            values = read_values(x, source)
            if convert is not None:
                values = list(map(convert, values))
            results = [reduce_row(values[start : start + n]) for start in range(0, rows * n, n)]
        if wraps:
            results = _wrap_integers(results, target)
        write_values(out, target, results)
        return 0

    kernel.__name__ = f"{op}_{source}_{target}"
    kernel.__qualname__ = kernel.__name__
    return kernel
