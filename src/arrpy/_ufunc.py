"""Elementwise operations: the front end shared by all backends.

Everything that is semantics happens here, once: dtype resolution (NumPy 2's rules, weak Python
scalars), casting the operands to the loop dtype, broadcasting, checking and allocating ``out``,
and the error messages. Then one kernel from the registry runs over the buffers. Scalars are passed
to kernels as 0-d arrays (one element), never expanded.

The operators of ``ArrPy`` take a compiled fast path in ``arrpy._core`` for the common cases and
come here (``binary_operator``) for everything else.
"""

import numpy as np

from arrpy import _core
from arrpy._convert import as_ndarray
from arrpy._dtypes import from_numpy_dtype, to_numpy_dtype
from arrpy._registry import OPS, lookup

__all__ = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "equal",
    "not_equal",
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "logical_and",
    "logical_or",
    "logical_xor",
    "binary_operator",
    "compare_operator",
]

# Op code (see backends/abi.h) -> name, and the NumPy ufunc whose type resolution we follow.
_OP_NAMES = {code: name for name, code in _core.BINARY_OPS.items()}
_COMPARE_NAMES = {code: name for name, code in _core.COMPARE_OPS.items()}
_NUMPY_UFUNCS = {
    "add": np.add,
    "subtract": np.subtract,
    "multiply": np.multiply,
    "divide": np.true_divide,
    "equal": np.equal,
    "not_equal": np.not_equal,
    "less": np.less,
    "less_equal": np.less_equal,
    "greater": np.greater,
    "greater_equal": np.greater_equal,
    "bitwise_and": np.bitwise_and,
    "bitwise_or": np.bitwise_or,
    "bitwise_xor": np.bitwise_xor,
    "logical_and": np.logical_and,
    "logical_or": np.logical_or,
    "logical_xor": np.logical_xor,
}
_BOOL = np.dtype(np.bool_)
# Python scalar types that NumPy 2 treats as "weak" (they take the array's precision).
_WEAK_SCALARS = (int, float, complex)
_OPERAND_TYPES = (_core._ArrayBase, np.ndarray, np.generic, bool, int, float, complex, list, tuple)

_loop_cache = {}


def _operand(x, op):
    """``(value, type for resolution)``: an ndarray and its dtype, or a weak Python scalar."""
    if isinstance(x, _core._ArrayBase):
        data = x._data
        return data, data.dtype
    kind = type(x)
    if kind in _WEAK_SCALARS:
        return x, kind
    data = as_ndarray(x, op=op)
    return data, data.dtype


def _resolve(op, type1, type2):
    """The loop dtype NumPy would use for ``op`` on these operand types (cached)."""
    key = (op, type1, type2)
    loop = _loop_cache.get(key)
    if loop is None:
        try:
            resolved = _NUMPY_UFUNCS[op].resolve_dtypes((type1, type2, None))
            # The loop dtype is the operands' common dtype; for arithmetic it is also the
            # result's, a comparison's or logical op's result is bool.
            loop = resolved[0] if op in _core.COMPARE_OPS else resolved[2]
        except TypeError as error:
            raise TypeError(
                f"{op}: not supported for operand types {_type_name(type1)} and "
                f"{_type_name(type2)} ({error})"
            ) from None
        loop = from_numpy_dtype(loop, op).dtype
        if loop.name not in OPS[op]:
            raise TypeError(f"{op}: no loop for dtype {loop.name}; supported: {', '.join(OPS[op])}")
        _loop_cache[key] = loop
    return loop


# The dtype kinds a weak Python scalar may be computed in under 'same_kind' casting (NumPy's
# abstract Python int/float/complex dtypes: an int fits any integer or inexact loop, not bool).
_WEAK_SCALAR_KINDS = {int: "iufc", float: "fc", complex: "c"}


def _forced_loop(op, type1, type2, dtype):
    """The loop dtype given ``dtype=``; operands must cast to it under 'same_kind'."""
    loop = to_numpy_dtype(dtype, op)
    if loop.name not in OPS[op]:
        raise TypeError(f"{op}: no loop for dtype={loop.name}; supported: {', '.join(OPS[op])}")
    for index, kind in enumerate((type1, type2)):
        if isinstance(kind, np.dtype):
            allowed = np.can_cast(kind, loop, casting="same_kind")
        else:
            allowed = loop.kind in _WEAK_SCALAR_KINDS[kind]
        if not allowed:
            raise TypeError(
                f"Cannot cast ufunc '{op}' input {index} from {_type_name(kind)} to {loop!r} "
                "with casting rule 'same_kind'"
            )
    return loop


def _type_name(kind):
    return kind.name if isinstance(kind, np.dtype) else f"Python {kind.__name__}"


def _to_loop_dtype(op, value, loop):
    """The operand as an ndarray of the loop dtype (a Python scalar becomes a 0-d array)."""
    if isinstance(value, np.ndarray):
        if value.dtype == loop and value.dtype.isnative and value.flags.aligned:
            return value
        return value.astype(loop)
    try:
        return np.asarray(value, dtype=loop)
    except OverflowError:
        # NumPy 2 refuses a Python int outside the loop dtype's range rather than wrapping it.
        raise OverflowError(f"{op}: Python integer {value} out of bounds for {loop.name}") from None


def _broadcast_shapes(op, shape1, shape2):
    """NumPy's broadcast of two shapes; ValueError naming ``op`` and both shapes."""
    if shape1 == shape2:
        return shape1
    ndim = max(len(shape1), len(shape2))
    padded1 = (1,) * (ndim - len(shape1)) + shape1
    padded2 = (1,) * (ndim - len(shape2)) + shape2
    result = []
    for n1, n2 in zip(padded1, padded2, strict=True):
        if n1 == n2 or n2 == 1:
            result.append(n1)
        elif n1 == 1:
            result.append(n2)
        else:
            raise ValueError(
                f"{op}: operands could not be broadcast together with shapes {shape1} {shape2}"
            )
    return tuple(result)


_output_cast_cache = {}


def _output_target(op, out, loop):
    """The ndarray behind ``out=``, checked for type, casting and writability."""
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError(f"{op}: out must be an array or a tuple of one array, got {len(out)}")
        out = out[0]
    if not isinstance(out, _core._ArrayBase):
        raise TypeError(f"{op}: out must be an ArrPy array, got {type(out).__name__}")
    target = out._data
    castable = _output_cast_cache.get((loop, target.dtype))
    if castable is None:
        castable = _output_cast_cache[(loop, target.dtype)] = bool(
            np.can_cast(loop, target.dtype, casting="same_kind")
        )
    if not castable:
        raise TypeError(
            f"Cannot cast ufunc '{op}' output from {loop!r} to {target.dtype!r} "
            "with casting rule 'same_kind'"
        )
    if not target.flags.writeable:
        raise ValueError(f"{op}: output array is read-only")
    return out, target


def _check_output_shape(op, target, shape):
    """The output may be larger than the operands' broadcast shape (the inputs then broadcast
    to it), but the broadcast shape must fit into it."""
    if target.shape == shape:
        return
    try:
        fits = _broadcast_shapes(op, shape, target.shape) == target.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"{op}: non-broadcastable output operand with shape {target.shape} doesn't "
            f"match the broadcast shape {shape}"
        )


def _separate_from(value, target):
    """``value``, copied if it shares memory with ``target`` in any way but exactly in place."""
    if value is target or value.ndim == 0 or not np.may_share_memory(value, target):
        return value
    same_layout = (
        value.shape == target.shape
        and value.strides == target.strides
        and value.__array_interface__["data"][0] == target.__array_interface__["data"][0]
    )
    return value if same_layout else value.copy()


def binary(op, x1, x2, out=None, dtype=None):
    """``x1 <op> x2`` elementwise with NumPy's semantics, computed by the current backend."""
    bool_result = op in _core.COMPARE_OPS
    if out is None and dtype is None:
        # The operators' compiled fast path serves the function spelling too.
        if bool_result:
            result = _core.try_fast_compare(_core.COMPARE_OPS[op], x1, x2)
        else:
            result = _core.try_fast_binary(_core.BINARY_OPS[op], x1, x2)
        if result is not None:
            return result
    value1, type1 = _operand(x1, op)
    value2, type2 = _operand(x2, op)
    loop = _resolve(op, type1, type2) if dtype is None else _forced_loop(op, type1, type2, dtype)
    value1 = _to_loop_dtype(op, value1, loop)
    value2 = _to_loop_dtype(op, value2, loop)
    result_dtype = _BOOL if bool_result else loop
    if out is not None:
        # NumPy checks the output's casting before the shapes.
        out, target = _output_target(op, out, result_dtype)
    shape = _broadcast_shapes(op, value1.shape, value2.shape)
    # (DType.name is a plain attribute; numpy.dtype.name is computed in Python on every access.)
    kernel = lookup(op, from_numpy_dtype(loop).name, _core.current_backend_name())
    if out is None:
        result = np.empty(shape, dtype=result_dtype)
        kernel(value1, value2, result)
        return _core.wrap(result)
    _check_output_shape(op, target, shape)
    if target.dtype == result_dtype and target.dtype.isnative and target.flags.aligned:
        kernel(_separate_from(value1, target), _separate_from(value2, target), target)
    else:
        result = np.empty(target.shape, dtype=result_dtype)
        kernel(value1, value2, result)
        np.copyto(target, result, casting="same_kind")
    return out


def compare_operator(op_code, self, other):
    """``self <op> other`` for ArrPy's comparison operators when the fast path declined."""
    if not isinstance(other, _OPERAND_TYPES) and not hasattr(other, "__array__"):
        return NotImplemented
    return binary(_COMPARE_NAMES[op_code], self, other)


def binary_operator(op_code, self, other, reflected, inplace):
    """``self <op> other`` for ArrPy's operators when the compiled fast path declined."""
    if not isinstance(other, _OPERAND_TYPES) and not hasattr(other, "__array__"):
        return NotImplemented
    op = _OP_NAMES[op_code]
    if inplace:
        return binary(op, self, other, out=self)
    if reflected:
        return binary(op, other, self)
    return binary(op, self, other)


# NumPy ufunc -> arrpy op, for ArrPy.__array_ufunc__.
_FROM_NUMPY_UFUNC = {ufunc: name for name, ufunc in _NUMPY_UFUNCS.items()}


def numpy_ufunc(ufunc, method, inputs, kwargs):
    """Run a NumPy ufunc call that involves an ArrPy operand (``__array_ufunc__``)."""
    op = _FROM_NUMPY_UFUNC.get(ufunc)
    if op is None or method != "__call__":
        spelled = f"numpy.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
        raise TypeError(
            f"{spelled} is not implemented for ArrPy arrays; arrpy implements "
            + ", ".join(f"numpy.{u.__name__}" for u in _FROM_NUMPY_UFUNC)
        )
    unsupported = set(kwargs) - {"out", "dtype"}
    if unsupported:
        raise TypeError(f"numpy.{ufunc.__name__}: arrpy does not support {sorted(unsupported)}")
    out = kwargs.get("out")
    numpy_out = None
    if out is not None:
        out = out[0] if isinstance(out, tuple) and len(out) == 1 else out
        if isinstance(out, np.ndarray):
            # An ndarray output (``ndarray += ArrPy``): compute into it, hand it back as is.
            numpy_out, out = out, _core.wrap(out)
    result = binary(op, *inputs, out=out, dtype=kwargs.get("dtype"))
    return numpy_out if numpy_out is not None else result


def add(x1, x2, /, out=None, *, dtype=None):
    """Add arguments elementwise, with broadcasting.

    Parameters
    ----------
    x1, x2 : array_like
        Operands (ArrPy, ndarray, nested sequences or scalars). Shapes must broadcast.
    out : ArrPy, optional
        Where to store the result; its shape must be the broadcast shape and the result must cast
        to its dtype under 'same_kind'.
    dtype : dtype, optional
        Compute in this dtype instead of the one NumPy's promotion would choose.

    Returns
    -------
    ArrPy
        ``x1 + x2``; for booleans the logical or. Integers wrap around on overflow.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.add(arrpy.array([1, 2, 3]), 10)
    ArrPy([11, 12, 13])
    >>> arrpy.array([[1.0], [2.0]]) + arrpy.array([0.5, 0.25])
    ArrPy([[1.5 , 1.25],
           [2.5 , 2.25]])
    """
    return binary("add", x1, x2, out, dtype)


def subtract(x1, x2, /, out=None, *, dtype=None):
    """Subtract arguments elementwise, with broadcasting.

    Parameters
    ----------
    x1, x2 : array_like
        Operands; shapes must broadcast. Booleans are not supported (TypeError, as NumPy).
    out : ArrPy, optional
        Where to store the result (broadcast shape; 'same_kind' cast).
    dtype : dtype, optional
        Compute in this dtype.

    Returns
    -------
    ArrPy
        ``x1 - x2``. Integers wrap around on overflow.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.subtract(arrpy.array([5, 7], dtype="uint8"), 6)
    ArrPy([255,   1], dtype=uint8)
    """
    return binary("subtract", x1, x2, out, dtype)


def multiply(x1, x2, /, out=None, *, dtype=None):
    """Multiply arguments elementwise, with broadcasting.

    Parameters
    ----------
    x1, x2 : array_like
        Operands; shapes must broadcast.
    out : ArrPy, optional
        Where to store the result (broadcast shape; 'same_kind' cast).
    dtype : dtype, optional
        Compute in this dtype.

    Returns
    -------
    ArrPy
        ``x1 * x2``; for booleans the logical and. Integers wrap around on overflow.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.multiply(arrpy.array([1.5, 2.0]), arrpy.array([2.0, -1.0]))
    ArrPy([ 3., -2.])
    """
    return binary("multiply", x1, x2, out, dtype)


def divide(x1, x2, /, out=None, *, dtype=None):
    """True division elementwise, with broadcasting.

    Integer and boolean inputs are divided in float64, as NumPy does. Division by zero gives
    ``inf`` or ``nan`` (IEEE 754), never an exception.

    Parameters
    ----------
    x1, x2 : array_like
        Dividend and divisor; shapes must broadcast.
    out : ArrPy, optional
        Where to store the result (broadcast shape; 'same_kind' cast).
    dtype : dtype, optional
        Compute in this (floating or complex) dtype.

    Returns
    -------
    ArrPy
        ``x1 / x2``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.divide(arrpy.array([1, 2, 3]), 2)
    ArrPy([0.5, 1. , 1.5])
    >>> arrpy.divide(arrpy.array([1.0, -1.0, 0.0]), 0.0)
    ArrPy([ inf, -inf,  nan])
    """
    return binary("divide", x1, x2, out, dtype)


true_divide = divide


# The Parameters and Returns sections shared by every op with a bool result.
_BOOL_RESULT_SECTIONS = """Parameters
    ----------
    x1, x2 : array_like
        Operands (ArrPy, ndarray, nested sequences or scalars). Shapes must broadcast.
    out : ArrPy, optional
        A bool (or 'same_kind' castable) array of the broadcast shape to write into.

    Returns
    -------
    ArrPy
        Bool array of the broadcast shape."""


def _bool_result_function(op, doc):
    """The public function ``op(x1, x2, /, out=None)`` of a comparison or logical op."""

    def function(x1, x2, /, out=None):
        return binary(op, x1, x2, out)

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


def _bitwise(op, symbol, example):
    def bitwise(x1, x2, /, out=None, *, dtype=None):
        return binary(op, x1, x2, out, dtype)

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
