"""Elementwise operations: the front end shared by all backends.

Everything that is semantics happens here, once: dtype resolution (NumPy 2's rules, weak Python
scalars), casting the operands to the loop dtype, broadcasting, checking and allocating ``out``,
and the error messages. Then one kernel from the registry runs over the buffers. Scalars are passed
to kernels as 0-d arrays (one element), never expanded.

The operators of ``ArrPy`` take a compiled fast path in ``arrpy._core`` for the common cases and
come here (``binary_operator``) for everything else.
"""

import sys
import warnings

import numpy as np

from arrpy import _core
from arrpy._convert import as_ndarray
from arrpy._dtypes import from_numpy_dtype, to_numpy_dtype
from arrpy._errstate import report_status
from arrpy._registry import OPS, lookup

__all__ = [
    "binary",
    "unary",
    "divmod_",
    "binary_operator",
    "compare_operator",
    "unary_operator",
    "numpy_ufunc",
    "report_status",
]

# Op code (see backends/abi.h) -> name, and the NumPy ufunc whose type resolution we follow
# (arrpy's op names are NumPy's ufunc names, except divide = numpy.true_divide).
_OP_NAMES = {code: name for name, code in _core.BINARY_OPS.items()}
_COMPARE_NAMES = {code: name for name, code in _core.COMPARE_OPS.items()}
_UNARY_NAMES = {code: name for name, code in _core.UNARY_OPS.items()}
_NUMPY_UFUNCS = {
    name: getattr(np, "true_divide" if name == "divide" else name)
    for name in (*_core.BINARY_OPS, *_core.COMPARE_OPS, *_core.UNARY_OPS)
}
_BOOL = np.dtype(np.bool_)
# NumPy computes float functions of bool, int8 and uint8 in float16, which arrpy does not
# have: arrpy uses the next float, float32 (the one documented difference in result dtype).
_FLOAT16 = np.dtype(np.float16)
_FLOAT32 = np.dtype(np.float32)
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
            if resolved[0] == _FLOAT16:
                resolved = _NUMPY_UFUNCS[op].resolve_dtypes(
                    (type1, type2, None), signature=(_FLOAT32, _FLOAT32, None)
                )
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


def _resolve_unary(op, kind, dtype):
    """``(loop dtype, result dtype)`` NumPy would use for unary ``op`` (cached)."""
    key = (op, kind, dtype)
    loops = _loop_cache.get(key)
    if loops is None:
        forced = None if dtype is None else to_numpy_dtype(dtype, op)
        try:
            if forced is None:
                resolved = _NUMPY_UFUNCS[op].resolve_dtypes((kind, None))
                if resolved[0] == _FLOAT16:
                    resolved = _NUMPY_UFUNCS[op].resolve_dtypes(
                        (kind, None), signature=(_FLOAT32, None)
                    )
            else:
                resolved = _NUMPY_UFUNCS[op].resolve_dtypes(
                    (kind, None), signature=(None, forced), casting="same_kind"
                )
        except TypeError:
            wanted = "" if forced is None else f" with dtype={forced.name}"
            raise TypeError(
                f"{op}: not supported for {_type_name(kind)}{wanted}; "
                f"supported dtypes: {', '.join(OPS[op])}"
            ) from None
        loop = from_numpy_dtype(resolved[0], op).dtype
        if loop.name not in OPS[op]:
            raise TypeError(f"{op}: no loop for dtype {loop.name}; supported: {', '.join(OPS[op])}")
        loops = _loop_cache[key] = (loop, resolved[1])
    return loops


# The dtype kinds a weak Python scalar may be computed in under 'same_kind' casting (NumPy's
# abstract Python int/float/complex dtypes: an int fits any integer or inexact loop, not bool).
_WEAK_SCALAR_KINDS = {int: "iufc", float: "fc", complex: "c"}


_forced_loop_cache = {}


def _forced_loop(op, type1, type2, dtype):
    """The loop dtype given ``dtype=``; operands must cast to it under 'same_kind'. Remembered
    per (op, operand types, dtype): the checks cost 2.8 us, a tenth of a small var()."""
    try:
        return _forced_loop_cache[op, type1, type2, dtype]
    except KeyError:
        pass
    except TypeError:  # an unhashable dtype argument: checked (and refused) below
        return _checked_forced_loop(op, type1, type2, dtype)
    loop = _forced_loop_cache[op, type1, type2, dtype] = _checked_forced_loop(
        op, type1, type2, dtype
    )
    return loop


def _checked_forced_loop(op, type1, type2, dtype):
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


# For a Python int beyond an integer dtype's range, every comparison with it has one answer:
# ``int8_array < 300`` is all True. It is computed as an equivalent comparison with the dtype's
# bound (``int8_array <= 127``), so out= and where= work as for any comparison.
_MIRRORED = {"less": "greater", "less_equal": "greater_equal", "greater": "less",
             "greater_equal": "less_equal", "equal": "equal", "not_equal": "not_equal"}  # fmt: skip
_ALWAYS_TRUE_ABOVE = {"less", "less_equal", "not_equal"}  # array OP (int above the maximum)
_ALWAYS_TRUE_BELOW = {"greater", "greater_equal", "not_equal"}  # array OP (int below minimum)


def _in_range_comparison(op, value1, value2, loop):
    """``(op, value1, value2)`` with an out-of-range Python int replaced (see above)."""
    if type(value1) is int and type(value2) is not int:
        mirrored, array, number = _MIRRORED.get(op), value2, value1
    else:
        mirrored, array, number = op, value1, value2
    info = np.iinfo(loop)
    if type(number) is not int or info.min <= number <= info.max:
        return op, value1, value2
    if mirrored is None:
        # logical_and/or/xor: only the truth of the number matters, and it is nonzero. (NumPy
        # raises OverflowError beyond a C long, and so does the normal path.)
        if not -(2**63) <= number < 2**63:
            return op, value1, value2
        return op, (1 if value1 is number else value1), (1 if value2 is number else value2)
    if number > info.max:
        always = mirrored in _ALWAYS_TRUE_ABOVE
        return ("less_equal" if always else "greater"), array, info.max
    always = mirrored in _ALWAYS_TRUE_BELOW
    return ("greater_equal" if always else "less"), array, info.min


def _where_mask(op, where):
    """``where=`` as a bool ndarray. As in NumPy, an array must already be bool (a 'safe'
    cast), while a list or scalar is converted to bool."""
    if isinstance(where, (_core._ArrayBase, np.ndarray)):
        mask = where._data if isinstance(where, _core._ArrayBase) else where
        if mask.dtype != _BOOL:
            raise TypeError(
                f"{op}: cannot cast where= from dtype {mask.dtype} to bool according to the "
                "rule 'safe'"
            )
        return mask
    return np.asarray(where, dtype=bool)


def _compute(op, kernel, inputs, shape, result_dtype, out, target, mask):
    """Run ``kernel`` on the loop-dtype ``inputs`` into a new array of ``shape`` or into
    ``out`` (its ndarray ``target``), only where ``mask`` is true; report its status."""
    if out is None:
        # Without out=, NumPy leaves the masked-out elements uninitialised: computing them
        # anyway is as good and needs no extra pass.
        if mask is not None:
            warnings.warn(
                f"{op}: 'where' used without 'out', expect uninitialized memory in output. "
                "If this is intentional, use out=None.",
                UserWarning,
                stacklevel=4,
            )
        result = np.empty(shape, dtype=result_dtype)
        status = kernel(*inputs, result)
        if status:
            report_status(op, status)
        return _core.wrap(result)
    _check_output_shape(op, target, shape)
    direct = (
        mask is None
        and target.dtype == result_dtype
        and target.dtype.isnative
        and target.flags.aligned
    )
    if direct:
        status = kernel(*(_separate_from(value, target) for value in inputs), target)
    else:
        result = np.empty(target.shape, dtype=result_dtype)
        status = kernel(*inputs, result)
        # Moving the computed values into place (a cast and/or a masked copy) is memory
        # movement, left to NumPy.
        np.copyto(target, result, casting="same_kind", where=True if mask is None else mask)
    if status:
        report_status(op, status)
    return out


def binary(op, x1, x2, out=None, dtype=None, where=True):
    """``x1 <op> x2`` elementwise with NumPy's semantics, computed by the current backend."""
    bool_result = op in _core.COMPARE_OPS
    if out is None and dtype is None and where is True:
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
    if bool_result and loop.kind in "iu" and (type1 is int or type2 is int):
        op, value1, value2 = _in_range_comparison(op, value1, value2, loop)
    value1 = _to_loop_dtype(op, value1, loop)
    value2 = _to_loop_dtype(op, value2, loop)
    result_dtype = _BOOL if bool_result else loop
    target = None
    if out is not None:
        # NumPy checks the output's casting before the shapes.
        out, target = _output_target(op, out, result_dtype)
    shape = _broadcast_shapes(op, value1.shape, value2.shape)
    mask = None
    if where is not True:
        mask = _where_mask(op, where)
        shape = _broadcast_shapes(op, shape, mask.shape)
    # (DType.name is a plain attribute; numpy.dtype.name is computed in Python on every access.)
    kernel = lookup(op, from_numpy_dtype(loop).name, _core.current_backend_name())
    return _compute(op, kernel, (value1, value2), shape, result_dtype, out, target, mask)


def unary(op, x, out=None, dtype=None, where=True):
    """``op(x)`` elementwise with NumPy's semantics, computed by the current backend."""
    if out is None and dtype is None and where is True:
        result = _core.try_fast_unary(_core.UNARY_OPS[op], x)
        if result is not None:
            return result
    value, kind = _operand(x, op)
    loop, result_dtype = _resolve_unary(op, kind, dtype)
    value = _to_loop_dtype(op, value, loop)
    target = None
    if out is not None:
        out, target = _output_target(op, out, result_dtype)
    shape = value.shape
    mask = None
    if where is not True:
        mask = _where_mask(op, where)
        shape = _broadcast_shapes(op, shape, mask.shape)
    kernel = lookup(op, from_numpy_dtype(loop).name, _core.current_backend_name())
    return _compute(op, kernel, (value,), shape, result_dtype, out, target, mask)


def divmod_(x1, x2, out=(None, None), *, dtype=None, where=True):
    """``(x1 // x2, x1 % x2)``: the floor_divide and remainder kernels, NumPy's pair."""
    if out is None:
        out = (None, None)
    if not isinstance(out, tuple) or len(out) != 2:
        raise ValueError("divmod: out must be a tuple of two arrays (or None)")
    quotient = binary("floor_divide", x1, x2, out[0], dtype, where)
    remainder = binary("remainder", x1, x2, out[1], dtype, where)
    return quotient, remainder


def compare_operator(op_code, self, other):
    """``self <op> other`` for ArrPy's comparison operators when the fast path declined."""
    if not isinstance(other, _OPERAND_TYPES) and not hasattr(other, "__array__"):
        return NotImplemented
    return binary(_COMPARE_NAMES[op_code], self, other)


_DIVMOD = -1  # the op code _core passes for divmod(a, b)
# ``a ** exponent`` for these Python-scalar exponents is NumPy's unary shortcut (its
# fast_scalar_power): square for any dtype, reciprocal and sqrt for inexact arrays only.
_POWER_SHORTCUTS = {(int, 2): "square", (int, -1): "reciprocal", (float, 0.5): "sqrt"}


def binary_operator(op_code, self, other, reflected, inplace, modulo=None):
    """``self <op> other`` for ArrPy's operators when the compiled fast path declined."""
    if modulo is not None:
        return NotImplemented  # three-argument pow(), as NumPy
    if not isinstance(other, _OPERAND_TYPES) and not hasattr(other, "__array__"):
        return NotImplemented
    if op_code == _DIVMOD:
        return divmod_(other, self) if reflected else divmod_(self, other)
    op = _OP_NAMES[op_code]
    if op == "power" and not reflected:
        kind = type(other)
        shortcut = _POWER_SHORTCUTS.get((kind, other)) if kind in (int, float) else None
        if shortcut is not None and (shortcut == "square" or self._data.dtype.kind in "fc"):
            return unary(shortcut, self, out=self if inplace else None)
    if inplace:
        return binary(op, self, other, out=self)
    if reflected:
        return binary(op, other, self)
    return binary(op, self, other)


def unary_operator(op_code, self):
    """``-a``, ``+a``, ``abs(a)``, ``~a`` when the compiled fast path declined."""
    return unary(_UNARY_NAMES[op_code], self)


# NumPy ufunc -> arrpy op, for ArrPy.__array_ufunc__.
_FROM_NUMPY_UFUNC = {ufunc: name for name, ufunc in _NUMPY_UFUNCS.items()}
_FROM_NUMPY_UFUNC[np.divmod] = "divmod"


# NumPy's product gufuncs -> the arrpy.products function of the same name.
_PRODUCT_GUFUNCS = tuple(
    getattr(np, name) for name in ("matmul", "vecdot", "matvec", "vecmat") if hasattr(np, name)
)


def numpy_ufunc(ufunc, method, inputs, kwargs):
    """Run a NumPy ufunc call that involves an ArrPy operand (``__array_ufunc__``)."""
    if ufunc in _PRODUCT_GUFUNCS and method == "__call__":
        from arrpy import products

        allowed = {"out", "dtype", "axis"} if ufunc.__name__ == "vecdot" else {"out", "dtype"}
        unsupported = set(kwargs) - allowed
        if unsupported:
            raise TypeError(f"numpy.{ufunc.__name__}: arrpy does not support {sorted(unsupported)}")
        out = kwargs.pop("out", None)
        if isinstance(out, tuple):
            out = out[0]
        if isinstance(out, np.ndarray):
            getattr(products, ufunc.__name__)(*inputs, out=_core.wrap(out), **kwargs)
            return out
        return getattr(products, ufunc.__name__)(*inputs, out=out, **kwargs)
    op = _FROM_NUMPY_UFUNC.get(ufunc)
    if op is None or method != "__call__":
        spelled = f"numpy.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
        raise TypeError(
            f"{spelled} is not implemented for ArrPy arrays; arrpy implements "
            + ", ".join(sorted(f"numpy.{u.__name__}" for u in _FROM_NUMPY_UFUNC))
        )
    unsupported = set(kwargs) - {"out", "dtype", "where"}
    if unsupported:
        raise TypeError(f"numpy.{ufunc.__name__}: arrpy does not support {sorted(unsupported)}")
    options = {"dtype": kwargs.get("dtype"), "where": kwargs.get("where", True)}
    outs = kwargs.get("out")
    if outs is None:
        outs = (None,) * ufunc.nout
    elif not isinstance(outs, tuple):
        outs = (outs,)
    # An ndarray output (``ndarray += ArrPy``): compute into it, hand it back as is.
    wrapped = tuple(_core.wrap(o) if isinstance(o, np.ndarray) else o for o in outs)
    if op == "divmod":
        results = divmod_(*inputs, out=wrapped, **options)
    elif ufunc.nin == 1:
        results = (unary(op, *inputs, out=wrapped[0], **options),)
    else:
        results = (binary(op, *inputs, out=wrapped[0], **options),)
    results = tuple(
        original if isinstance(original, np.ndarray) else result
        for original, result in zip(outs, results, strict=True)
    )
    return results if ufunc.nout > 1 else results[0]


# --- building the public functions -----------------------------------------------------------
# Every public elementwise function is one of two signatures, NumPy's:
#   f(x, /, out=None, *, where=True, dtype=None) and f(x1, x2, /, out=None, *, where=True,
#   dtype=None). The factories below build them with a numpydoc docstring from a few facts.

_OUT_WHERE_DTYPE = """out : ArrPy, optional
        Where to store the result: it must have the broadcast shape (or one the inputs broadcast
        to), and the result must cast to its dtype under 'same_kind'.
    where : array_like of bool, optional
        Compute only where True; elsewhere ``out`` keeps its values (without ``out`` those
        elements are uninitialised, as in NumPy). Broadcasts with the inputs.
    dtype : dtype, optional
        Compute in this dtype instead of the one NumPy's promotion would choose."""


def _docstring(summary, details, parameters, returns, example, output):
    details = f"\n\n    {details}" if details else ""
    return f"""{summary}{details}

    Parameters
    ----------
    {parameters}
    {_OUT_WHERE_DTYPE}

    Returns
    -------
    ArrPy
        {returns}

    Examples
    --------
    >>> import arrpy
    >>> {example}
    {output}
    """


def _place(function, name):
    """Name ``function`` and make it belong to the module that called the factory, so that
    help(), repr() and doctest see it where users find it (arrpy.mathematical.sqrt ...)."""
    function.__name__ = function.__qualname__ = name
    function.__module__ = sys._getframe(2).f_globals["__name__"]


def unary_function(op, summary, returns, example, output, details="", name=None):
    """The public function ``op(x, /, out=None, *, where=True, dtype=None)``."""

    code = _core.UNARY_OPS[op]
    fast = _core.try_fast_unary

    def function(x, /, out=None, *, where=True, dtype=None):
        if out is None and where is True and dtype is None:
            result = fast(code, x)  # the compiled fast path, before any Python work
            if result is not None:
                return result
        return unary(op, x, out, dtype, where)

    _place(function, name or op)
    function.__doc__ = _docstring(
        summary,
        details,
        "x : array_like\n        Input (ArrPy, ndarray, nested sequence or scalar).",
        returns,
        example,
        output,
    )
    return function


def binary_function(op, summary, returns, example, output, details="", name=None):
    """The public function ``op(x1, x2, /, out=None, *, where=True, dtype=None)``."""

    code = _core.BINARY_OPS[op]
    fast = _core.try_fast_binary

    def function(x1, x2, /, out=None, *, where=True, dtype=None):
        if out is None and where is True and dtype is None:
            result = fast(code, x1, x2)  # the compiled fast path, before any Python work
            if result is not None:
                return result
        return binary(op, x1, x2, out, dtype, where)

    _place(function, name or op)
    function.__doc__ = _docstring(
        summary,
        details,
        "x1, x2 : array_like\n        Operands (ArrPy, ndarray, nested sequences or scalars); "
        "shapes must broadcast.",
        returns,
        example,
        output,
    )
    return function
