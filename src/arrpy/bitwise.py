"""Bitwise operations on integers and booleans, elementwise: & | ^ ~ << >>."""

from arrpy._ufunc import binary_function, unary_function

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


bitwise_and = binary_function(
    "bitwise_and",
    "Bitwise ``x1 & x2`` of integers and booleans, elementwise.",
    "The result in the operands' promoted (integer or bool) dtype.",
    "arrpy.bitwise_and(arrpy.array([12, 10], dtype='uint8'), 6)",
    "ArrPy([4, 2], dtype=uint8)",
    details=(
        "For booleans it is the logical operation. Floating and complex inputs raise "
        "TypeError, as in NumPy."
    ),
)

bitwise_or = binary_function(
    "bitwise_or",
    "Bitwise ``x1 | x2`` of integers and booleans, elementwise.",
    "The result in the operands' promoted (integer or bool) dtype.",
    "arrpy.bitwise_or(arrpy.array([12, 10], dtype='uint8'), 6)",
    "ArrPy([14, 14], dtype=uint8)",
    details=(
        "For booleans it is the logical operation. Floating and complex inputs raise "
        "TypeError, as in NumPy."
    ),
)

bitwise_xor = binary_function(
    "bitwise_xor",
    "Bitwise ``x1 ^ x2`` of integers and booleans, elementwise.",
    "The result in the operands' promoted (integer or bool) dtype.",
    "arrpy.bitwise_xor(arrpy.array([12, 10], dtype='uint8'), 6)",
    "ArrPy([10, 12], dtype=uint8)",
    details=(
        "For booleans it is the logical operation. Floating and complex inputs raise "
        "TypeError, as in NumPy."
    ),
)

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
