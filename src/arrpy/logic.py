"""Comparisons, logical operations and value tests, elementwise: all return bool arrays."""

from arrpy._ufunc import binary, unary_function

__all__ = [
    "equal",
    "not_equal",
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "logical_not",
    "isnan",
    "isinf",
    "isfinite",
    "signbit",
]

# The Parameters and Returns sections shared by every op with a bool result.
_BOOL_RESULT_SECTIONS = """Parameters
    ----------
    x1, x2 : array_like
        Operands (ArrPy, ndarray, nested sequences or scalars). Shapes must broadcast.
    out : ArrPy, optional
        A bool (or 'same_kind' castable) array of the broadcast shape to write into.
    where : array_like of bool, optional
        Compute only where True; elsewhere ``out`` keeps its values.

    Returns
    -------
    ArrPy
        Bool array of the broadcast shape."""


def _bool_result_function(op, doc):
    """The public function ``op(x1, x2, /, out=None, *, where=True)`` of a bool-result op."""

    def function(x1, x2, /, out=None, *, where=True):
        return binary(op, x1, x2, out, None, where)

    function.__name__ = function.__qualname__ = op
    function.__doc__ = doc
    return function


def _comparison(op, symbol, meaning, example):
    return _bool_result_function(
        op,
        f"""Return ``x1 {symbol} x2`` elementwise, with broadcasting, as a bool array.

    {meaning} NaN compares unequal to everything, itself included. Complex numbers
    are ordered lexicographically (real part first), as NumPy orders them.

    {_BOOL_RESULT_SECTIONS}

    Examples
    --------
    >>> import arrpy
    >>> arrpy.{op}(arrpy.array([1.0, 2.0, float("nan")]), 2.0)
    {example}
    """,
    )


equal = _comparison(
    "equal", "==", "True where the elements are equal.", "ArrPy([False,  True, False])"
)
not_equal = _comparison(
    "not_equal", "!=", "True where the elements differ.", "ArrPy([ True, False,  True])"
)
less = _comparison("less", "<", "True where x1 is smaller.", "ArrPy([ True, False, False])")
less_equal = _comparison(
    "less_equal", "<=", "True where x1 is smaller or equal.", "ArrPy([ True,  True, False])"
)
greater = _comparison("greater", ">", "True where x1 is larger.", "ArrPy([False, False, False])")
greater_equal = _comparison(
    "greater_equal", ">=", "True where x1 is larger or equal.", "ArrPy([False,  True, False])"
)


def _logical(op, meaning, example):
    return _bool_result_function(
        op,
        f"""{meaning} of the operands' truth values, elementwise, as a bool array.

    An element is true when it is nonzero (nan is true; a complex number is true when either
    part is nonzero).

    {_BOOL_RESULT_SECTIONS}

    Examples
    --------
    >>> import arrpy
    >>> arrpy.{op}(arrpy.array([0.0, 1.0, float("nan")]), arrpy.array([1, 1, 0]))
    {example}
    """,
    )


logical_and = _logical("logical_and", "Logical and", "ArrPy([False,  True, False])")
logical_or = _logical("logical_or", "Logical or", "ArrPy([ True,  True,  True])")
logical_xor = _logical("logical_xor", "Logical exclusive or", "ArrPy([ True, False,  True])")

logical_not = unary_function(
    "logical_not",
    "Logical not of the truth values, elementwise, as a bool array.",
    "True where ``x`` is zero (nan is true, so its not is False).",
    "arrpy.logical_not(arrpy.array([0, 1, 2]))",
    "ArrPy([ True, False, False])",
)

isnan = unary_function(
    "isnan",
    "Test elementwise for nan (not a number).",
    "Bool array: True where ``x`` is nan (complex: either part).",
    "arrpy.isnan(arrpy.array([1.0, float('nan'), float('inf')]))",
    "ArrPy([False,  True, False])",
)

isinf = unary_function(
    "isinf",
    "Test elementwise for positive or negative infinity.",
    "Bool array: True where ``x`` is +-inf (complex: either part).",
    "arrpy.isinf(arrpy.array([1.0, float('nan'), -float('inf')]))",
    "ArrPy([False, False,  True])",
)

isfinite = unary_function(
    "isfinite",
    "Test elementwise for finiteness (not infinity and not nan).",
    "Bool array: True where ``x`` is finite (complex: both parts). Integers are always finite.",
    "arrpy.isfinite(arrpy.array([1.0, float('nan'), float('inf')]))",
    "ArrPy([ True, False, False])",
)

signbit = unary_function(
    "signbit",
    "Test elementwise whether the sign bit is set (less than zero, or -0.0, or a negative nan).",
    "Bool array.",
    "arrpy.signbit(arrpy.array([-0.0, 0.0, -2.0]))",
    "ArrPy([ True, False,  True])",
)
