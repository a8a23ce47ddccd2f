"""Arithmetic: + - * / // % ** and their unary relatives, elementwise with broadcasting.

Every function resolves dtypes like the NumPy ufunc of the same name and runs the current
backend's kernel (see ``arrpy._ufunc``).
"""

from arrpy._ufunc import binary_function, divmod_, unary_function

__all__ = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "floor_divide",
    "remainder",
    "mod",
    "power",
    "pow",
    "negative",
    "positive",
    "absolute",
    "abs",
    "reciprocal",
    "square",
    "divmod",
]


add = binary_function(
    "add",
    "Add arguments elementwise, with broadcasting.",
    "``x1 + x2``; for booleans the logical or. Integers wrap around on overflow.",
    "arrpy.add(arrpy.array([[1], [2]]), arrpy.array([10, 20, 30]))",
    "ArrPy([[11, 21, 31],\n           [12, 22, 32]])",
)

subtract = binary_function(
    "subtract",
    "Subtract arguments elementwise, with broadcasting.",
    (
        "``x1 - x2``. Integers wrap around on overflow; booleans are not supported "
        "(TypeError, as NumPy)."
    ),
    "arrpy.subtract(arrpy.array([5, 7], dtype='uint8'), 6)",
    "ArrPy([255,   1], dtype=uint8)",
)

multiply = binary_function(
    "multiply",
    "Multiply arguments elementwise, with broadcasting.",
    "``x1 * x2``; for booleans the logical and. Integers wrap around on overflow.",
    "arrpy.multiply(arrpy.array([1.5, 2.0]), arrpy.array([2.0, -1.0]))",
    "ArrPy([ 3., -2.])",
)

divide = binary_function(
    "divide",
    "True division elementwise, with broadcasting.",
    "``x1 / x2``, in float64 for integer and boolean inputs (as NumPy).",
    "arrpy.divide(arrpy.array([1, 2, 3]), 2)",
    "ArrPy([0.5, 1. , 1.5])",
    details="Division by zero gives ``inf`` or ``nan`` (IEEE 754), never an exception.",
)

true_divide = divide


floor_divide = binary_function(
    "floor_divide",
    "Floor division ``x1 // x2`` elementwise: the largest integer not above the quotient.",
    "The quotient, rounded toward minus infinity, in the promoted dtype.",
    "arrpy.floor_divide(arrpy.array([7, -7, 7]), arrpy.array([2, 2, -2]))",
    "ArrPy([ 3, -4, -4])",
    details=(
        "Integer division by zero gives 0 with a RuntimeWarning (see ``arrpy.errstate``);"
        " float division by zero gives +-inf or nan, as in NumPy."
    ),
)

remainder = binary_function(
    "remainder",
    "Remainder of floor division, ``x1 % x2``, elementwise; it has the sign of ``x2``.",
    "``x1 - floor(x1 / x2) * x2``, in the promoted dtype.",
    "arrpy.remainder(arrpy.array([7, -7, 7]), arrpy.array([2, 2, -2]))",
    "ArrPy([ 1,  1, -1])",
    details=(
        "This is Python's ``%`` (not C's ``fmod``). Integer remainder by zero gives 0 "
        "with a RuntimeWarning."
    ),
)

mod = remainder

power = binary_function(
    "power",
    "``x1 ** x2`` elementwise.",
    "The powers, in the promoted dtype (integers wrap around on overflow).",
    "arrpy.power(arrpy.array([2, 3, 4]), 3)",
    "ArrPy([ 8, 27, 64])",
    details="Integers to negative integer powers raise ValueError, as in NumPy.",
)

pow = power  # the Array API spelling

negative = unary_function(
    "negative",
    "Numerical negative, ``-x``, elementwise.",
    "``-x``; unsigned integers wrap around, booleans are not supported (TypeError).",
    "arrpy.negative(arrpy.array([1, -2, 0]))",
    "ArrPy([-1,  2,  0])",
)

positive = unary_function(
    "positive",
    "Numerical positive, ``+x``, elementwise: a copy.",
    "A copy of ``x`` (booleans are not supported).",
    "arrpy.positive(arrpy.array([1.5, -2.0]))",
    "ArrPy([ 1.5, -2. ])",
)

absolute = unary_function(
    "absolute",
    "Absolute value elementwise; for complex input the modulus ``hypot(re, im)``.",
    (
        "``|x|``; a real dtype for complex input. The most negative integer wraps to "
        "itself, as in NumPy."
    ),
    "arrpy.absolute(arrpy.array([-1.5, 2.0, 3 + 4j]))",
    "ArrPy([1.5, 2. , 5. ])",
)

abs = absolute

reciprocal = unary_function(
    "reciprocal",
    "``1 / x`` elementwise, in the input's dtype.",
    "The reciprocal. For integers this is integer division: 0 for abs(x) > 1.",
    "arrpy.reciprocal(arrpy.array([2.0, 0.5, 0.0]))",
    "ArrPy([0.5, 2. , inf])",
)

square = unary_function(
    "square",
    "``x * x`` elementwise, in the input's dtype.",
    "The squares (integers wrap around on overflow).",
    "arrpy.square(arrpy.array([1, -3, 4], dtype='int8'))",
    "ArrPy([ 1,  9, 16], dtype=int8)",
)


def divmod(x1, x2, out1=None, out2=None, /, out=(None, None), *, where=True, dtype=None):
    """``(x1 // x2, x1 % x2)`` elementwise, as NumPy's ``divmod``.

    Parameters
    ----------
    x1, x2 : array_like
        Dividend and divisor; shapes must broadcast.
    out1, out2 : ArrPy, optional
        Where to store the quotient and the remainder (or pass ``out=(q, r)``).
    where : array_like of bool, optional
        Compute only where True.
    dtype : dtype, optional
        Compute in this dtype.

    Returns
    -------
    tuple of ArrPy
        The floor quotient and the remainder (sign of ``x2``).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.divmod(arrpy.array([7, -7]), 2)
    (ArrPy([ 3, -4]), ArrPy([1, 1]))
    """
    if out1 is not None or out2 is not None:
        out = (out1, out2)
    return divmod_(x1, x2, out, dtype=dtype, where=where)
