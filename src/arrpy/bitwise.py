"""Bitwise operations on integers and booleans, elementwise: & | ^ ~ << >>."""

from arrpy._ufunc import binary, binary_function, unary_function

__all__ = [
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "invert",
    "bitwise_not",
    "bitwise_invert",
    "left_shift",
    "right_shift",
    "bitwise_left_shift",
    "bitwise_right_shift",
]


def _bitwise(op, symbol, example):
    def bitwise(x1, x2, /, out=None, *, where=True, dtype=None):
        return binary(op, x1, x2, out, dtype, where)

    bitwise.__name__ = bitwise.__qualname__ = op
    bitwise.__doc__ = f"""Bitwise ``x1 {symbol} x2`` of integers and booleans, elementwise.

    Shapes broadcast. For booleans it is the logical operation. Floating and complex inputs
    raise TypeError, as in NumPy.

    Parameters
    ----------
    x1, x2 : array_like
        Integer or boolean operands; shapes must broadcast.
    out : ArrPy, optional
        Where to store the result (broadcast shape; 'same_kind' cast).
    where : array_like of bool, optional
        Compute only where True; elsewhere ``out`` keeps its values.
    dtype : dtype, optional
        Compute in this (integer or bool) dtype.

    Returns
    -------
    ArrPy
        The result in the operands' promoted dtype.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.{op}(arrpy.array([12, 10], dtype="uint8"), 6)
    {example}
    """
    return bitwise


bitwise_and = _bitwise("bitwise_and", "&", "ArrPy([4, 2], dtype=uint8)")
bitwise_or = _bitwise("bitwise_or", "|", "ArrPy([14, 14], dtype=uint8)")
bitwise_xor = _bitwise("bitwise_xor", "^", "ArrPy([10, 12], dtype=uint8)")

invert = unary_function(
    "invert",
    "Bitwise not, ``~x``, of integers and booleans, elementwise.",
    "``~x``: two's complement bit flip for integers, logical not for booleans.",
    "arrpy.invert(arrpy.array([0, 5], dtype='uint8'))",
    "ArrPy([255, 250], dtype=uint8)",
)

bitwise_not = invert
bitwise_invert = invert  # the Array API spelling

left_shift = binary_function(
    "left_shift",
    "Shift the bits of ``x1`` left by ``x2`` places, elementwise.",
    "``x1 << x2`` in the promoted integer dtype; shifting by the bit width or more gives 0.",
    "arrpy.left_shift(arrpy.array([1, 3], dtype='uint8'), arrpy.array([2, 7], dtype='uint8'))",
    "ArrPy([  4, 128], dtype=uint8)",
)

right_shift = binary_function(
    "right_shift",
    (
        "Shift the bits of ``x1`` right by ``x2`` places, elementwise (arithmetic shift "
        "for signed integers)."
    ),
    "``x1 >> x2``; shifting by the bit width or more gives 0 (-1 for negative signed values).",
    "arrpy.right_shift(arrpy.array([-8, 8]), 2)",
    "ArrPy([-2,  2])",
)

bitwise_left_shift = left_shift  # the Array API spellings
bitwise_right_shift = right_shift
