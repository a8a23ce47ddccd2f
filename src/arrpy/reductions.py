"""Reductions: sum, prod, min, max, all, any, argmin, argmax, and mean, var, std, ptp,
count_nonzero built on them.

The front end does what is semantics, once: axes (None, int, negative, tuple; NumPy's
AxisError), the accumulator dtype (integer sums in int64 / uint64, ``dtype=``), ``keepdims``,
``out=``, ``initial=``, empty reductions. It then hands the kernel (``reduce_nd`` in
``backends/abi.h``) a view of the input with the reduced axes moved last and merged into one,
without copying: a kernel sees "reduce n elements `stride` bytes apart, for every index of the
outer space" and picks its own loop order (``sum(axis=0)`` of a C-ordered matrix accumulates
whole rows). Axes that cannot be merged into one stride are reduced one after the other.

Results of full reductions are NumPy scalars, as in NumPy (``a.sum()`` is an ``np.float64``).
"""

import math
import operator
import warnings

import numpy as np
from numpy.exceptions import AxisError

from arrpy import _core
from arrpy._convert import operand_data as _data
from arrpy._dtypes import from_numpy_dtype, to_numpy_dtype
from arrpy._registry import dtype_pair, lookup
from arrpy._ufunc import binary, unary

__all__ = [
    "AxisError",
    "sum",
    "prod",
    "min",
    "max",
    "amin",
    "amax",
    "all",
    "any",
    "argmin",
    "argmax",
    "mean",
    "var",
    "std",
    "ptp",
    "count_nonzero",
]

_INT64 = np.dtype(np.int64)
_UINT64 = np.dtype(np.uint64)
_FLOAT64 = np.dtype(np.float64)
_BOOL = np.dtype(np.bool_)
# NumPy's names of the ufuncs behind the reductions, for its error messages.
_UFUNC_NAMES = {"min": "minimum", "max": "maximum"}
_NO_VALUE = object()  # "argument not given" (None is a valid initial for nothing)


def _axes(axis, ndim, op):
    """``axis`` as a sorted tuple of non-negative axes; NumPy's AxisError / ValueError."""
    if axis is None:
        return tuple(range(ndim))
    items = axis if isinstance(axis, tuple) else (axis,)
    axes = []
    for item in items:
        try:
            index = operator.index(item)
        except TypeError:
            raise TypeError(
                f"{op}: axis must be an integer or a tuple of integers, got {item!r}"
            ) from None
        if not -ndim <= index < ndim:
            raise AxisError(index, ndim)
        axes.append(index % ndim)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{op}: duplicate value in 'axis': {axis!r}")
    return tuple(sorted(axes))


def _accumulator(op, dtype, requested):
    """The output dtype of sum/prod (NumPy's rule) or of the others."""
    if op in ("all", "any"):
        return _BOOL
    if op in ("argmin", "argmax"):
        return _INT64
    if op in ("min", "max"):
        return dtype
    if requested is not None:
        return to_numpy_dtype(requested, op)
    if dtype.kind == "b" or (dtype.kind == "i" and dtype.itemsize < 8):
        return _INT64
    if dtype.kind == "u" and dtype.itemsize < 8:
        return _UINT64
    return dtype


def _merged_last(view, count):
    """``view`` with its last ``count`` axes merged into one, or None if their strides do not
    allow it without a copy. Axes are first ordered by decreasing stride (a reduction does not
    care about the order of the reduced elements, except arg*, which never merges)."""
    if count == 1:
        return view
    outer = view.ndim - count
    dims = sorted(
        zip(view.shape[outer:], view.strides[outer:], strict=True), key=lambda d: -abs(d[1])
    )
    length, stride = 1, 0
    for extent, step in reversed(dims):
        if extent == 1:
            continue
        if length == 1:
            length, stride = extent, step
        elif step == stride * length:
            length *= extent
        else:
            return None
    shape = view.shape[:outer] + (length,)
    strides = view.strides[:outer] + (stride,)
    return np.lib.stride_tricks.as_strided(view, shape, strides, writeable=False)


def _axes_last(data, axes):
    """A view of ``data`` with ``axes`` (sorted, non-empty) moved last, in their order."""
    if axes[0] == data.ndim - len(axes):
        return data  # the last axes already
    kept = [d for d in range(data.ndim) if d not in axes]
    return data.transpose(kept + list(axes))


def _run(op, data, axes, out_dtype):
    """The kernel over ``axes`` of ``data`` (an aligned, native ndarray): a new ndarray."""
    if not axes:
        # Reducing over no axis: each element alone (NumPy: the values, cast).
        if op in ("all", "any"):
            return binary("not_equal", _core.wrap(data), 0)._data
        return data.astype(out_dtype, copy=True)
    view = _axes_last(data, axes)
    merged = _merged_last(view, len(axes))
    if merged is None:
        # Reduce the last axis, then the rest (their strides do not merge into one).
        partial = _run(op, data, axes[-1:], out_dtype)
        return _run(op, partial, axes[:-1], out_dtype)
    pair, cast = dtype_pair(op, merged.dtype, out_dtype)
    if cast:
        # e.g. sum(float64, dtype=float32): NumPy computes in the requested dtype.
        merged = merged.astype(out_dtype)
    out = np.empty(merged.shape[:-1], dtype=out_dtype)
    kernel = lookup(op, pair, _core.current_backend_name())
    kernel(merged, out)
    return out


def _finish(result, axes, ndim, keepdims, out, op, *, leading=0, casting="same_kind"):
    """keepdims, out=, and a NumPy scalar for a full reduction. ``leading`` axes of ``result``
    come before the reduced array's (quantile's q axes); ``casting`` is out='s rule."""
    if keepdims:
        shape = list(result.shape)
        for axis in axes:
            shape.insert(leading + axis, 1)
        result = result.reshape(shape)
    if out is not None:
        if not isinstance(out, _core._ArrayBase):
            raise TypeError(f"{op}: out must be an ArrPy array, got {type(out).__name__}")
        if out._data.shape != result.shape:
            raise ValueError(
                f"{op}: output array has shape {out._data.shape}, the result has {result.shape}"
            )
        np.copyto(out._data, result, casting=casting)
        return out
    if result.ndim == 0:
        return result[()]
    return _core.wrap(result)


def _mask(where, shape, op):
    """``where=`` as a bool ndarray broadcast to ``shape``."""
    mask = where._data if isinstance(where, _core._ArrayBase) else np.asarray(where)
    try:
        return np.broadcast_to(mask.astype(bool, copy=False), shape)
    except ValueError:
        raise ValueError(
            f"{op}: where= of shape {mask.shape} does not broadcast to the array's {shape}"
        ) from None


def _reduce(op, a, axis, dtype, out, keepdims, initial=_NO_VALUE, where=True):
    data = _data(a, op)
    if not (data.dtype.isnative and data.flags.aligned):
        data = data.astype(data.dtype.newbyteorder("="))
    from_numpy_dtype(data.dtype, op)  # TypeError for dtypes arrpy lacks
    if where is not True:
        if op in ("min", "max") and initial is _NO_VALUE:
            raise ValueError(
                f"reduction operation '{_UFUNC_NAMES[op]}' does not have an identity, so to use "
                "a where mask one has to specify 'initial'"
            )
        # The masked-out elements are replaced by the operation's identity (for min and max:
        # the initial value, which takes part anyway): a masked copy, then a plain reduction.
        identity = {"sum": 0, "prod": 1, "all": True, "any": False}.get(op, initial)
        filled = np.full(data.shape, identity, dtype=data.dtype)
        np.copyto(filled, data, where=_mask(where, data.shape, op))
        data = filled
    if op in ("argmin", "argmax"):
        if isinstance(axis, tuple):
            raise TypeError(f"{op}: axis must be an integer or None, not a tuple")
        if axis is None:
            data = data.reshape(-1)  # C order (a copy only for non-contiguous input)
            axes = (0,)
        else:
            axes = _axes(axis, data.ndim, op)
    else:
        axes = _axes(axis, data.ndim, op)
    out_dtype = _accumulator(op, data.dtype, dtype)
    count = math.prod(data.shape[d] for d in axes)
    if count == 0 and op in ("min", "max", "argmin", "argmax") and initial is _NO_VALUE:
        if op in ("argmin", "argmax"):
            raise ValueError(f"attempt to get {op} of an empty sequence")
        raise ValueError(
            f"zero-size array to reduction operation {_UFUNC_NAMES[op]} which has no identity"
        )
    if count == 0 and op in ("min", "max"):
        shape = tuple(n for d, n in enumerate(data.shape) if d not in axes)
        result = np.full(shape, initial, dtype=out_dtype)
    else:
        result = _run(op, data, axes, out_dtype)
        if initial is not _NO_VALUE:
            combine = {"sum": "add", "prod": "multiply", "min": "minimum", "max": "maximum"}[op]
            result = binary(combine, _core.wrap(result), initial, dtype=out_dtype)._data
    if op in ("argmin", "argmax") and axis is None:
        axes, keepdims_axes = (0,), tuple(range(_data(a, op).ndim))
        if keepdims:
            result = result.reshape((1,) * len(keepdims_axes))
            keepdims = False
    return _finish(result, axes, data.ndim, keepdims, out, op)


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Sum of array elements over the given axes.

    Parameters
    ----------
    a : array_like
        Input.
    axis : None, int or tuple of ints, optional
        Axes to sum over (None: all). Negative axes count from the end.
    dtype : dtype, optional
        The accumulator and result dtype. Default: int64 for bool and signed integers narrower
        than 64 bits, uint64 for narrower unsigned ones, else the input's dtype.
    out : ArrPy, optional
        Where to store the result (its shape must be the result's).
    keepdims : bool, optional
        Keep the reduced axes with length 1.
    initial : scalar, optional
        Added to the sum.

    Returns
    -------
    ArrPy or NumPy scalar
        The sums (a NumPy scalar for a full reduction, as in NumPy). Floating sums are pairwise
        or better (their error grows like log n), never a naive running sum.

    Examples
    --------
    >>> import arrpy
    >>> m = arrpy.array([[1, 2, 3], [4, 5, 6]], dtype="int8")
    >>> arrpy.sum(m, axis=0)
    ArrPy([5, 7, 9])
    >>> m.sum()
    np.int64(21)
    """
    return _reduce("sum", a, axis, dtype, out, keepdims, initial, where)


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Product of array elements over the given axes (integers wrap around, as in NumPy).

    Parameters are those of ``arrpy.sum``; ``initial`` multiplies the product.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.prod(arrpy.array([[1.0, 2.0], [3.0, 4.0]]), axis=1)
    ArrPy([ 2., 12.])
    """
    return _reduce("prod", a, axis, dtype, out, keepdims, initial, where)


def min(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Minimum over the given axes; nan propagates. An empty reduction without ``initial``
    raises ValueError, as in NumPy.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.min(arrpy.array([[3, 1], [2, 5]]), axis=0)
    ArrPy([2, 1])
    >>> arrpy.min(arrpy.array([1.0, float("nan")]))
    np.float64(nan)
    """
    return _reduce("min", a, axis, None, out, keepdims, initial, where)


def max(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Maximum over the given axes; nan propagates.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.max(arrpy.array([[3, 1], [2, 5]]), axis=1)
    ArrPy([3, 5])
    """
    return _reduce("max", a, axis, None, out, keepdims, initial, where)


amin, amax = min, max


def all(a, axis=None, out=None, keepdims=False, *, where=True):
    """True where every element over the axes is nonzero (nan counts as true).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.all(arrpy.array([[1, 0], [2, 3]]), axis=1)
    ArrPy([False,  True])
    """
    return _reduce("all", a, axis, None, out, keepdims, where=where)


def any(a, axis=None, out=None, keepdims=False, *, where=True):
    """True where some element over the axes is nonzero.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.any(arrpy.array([[0, 0], [0, 3]]), axis=1)
    ArrPy([False,  True])
    """
    return _reduce("any", a, axis, None, out, keepdims, where=where)


def argmin(a, axis=None, out=None, *, keepdims=False):
    """Index of the first minimum along an axis (of the flattened array for ``axis=None``);
    a nan counts as the minimum, as in NumPy.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.argmin(arrpy.array([[4, 1, 1], [0, 9, 0]]), axis=1)
    ArrPy([1, 0])
    """
    return _reduce("argmin", a, axis, None, out, keepdims)


def argmax(a, axis=None, out=None, *, keepdims=False):
    """Index of the first maximum along an axis (flattened for ``axis=None``); nan wins.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.argmax(arrpy.array([1.0, 7.0, 7.0]))
    np.int64(1)
    """
    return _reduce("argmax", a, axis, None, out, keepdims)


def _counts(data, axis, keepdims, where):
    """How many elements each result reduces: an int, or with where= an int64 array."""
    if where is True:
        axes = _axes(axis, data.ndim, "mean")
        return math.prod(data.shape[d] for d in axes)
    mask = _core.wrap(np.ascontiguousarray(_mask(where, data.shape, "mean")))
    counted = _reduce("sum", mask, axis, _INT64, None, keepdims)
    return counted._data if isinstance(counted, _core._ArrayBase) else counted


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Arithmetic mean over the given axes: ``sum / count``.

    Integer and bool inputs are summed in float64 (as NumPy); float32 stays float32. The mean
    of nothing is nan, with NumPy's RuntimeWarning.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.mean(arrpy.array([[1, 2], [3, 5]]), axis=0)
    ArrPy([2. , 3.5])
    """
    data = _data(a, "mean")
    count = _counts(data, axis, keepdims, where)
    if dtype is None and data.dtype.kind in "biu":
        dtype = _FLOAT64
    if count == 0 if isinstance(count, int) else np.any(count == 0):
        warnings.warn("Mean of empty slice.", RuntimeWarning, stacklevel=2)
    total = _reduce("sum", data, axis, dtype, None, keepdims, where=where)
    total = _as_array(total)
    # Divided in the sum's dtype (NumPy divides into the sum with casting='unsafe'). A float or
    # complex sum divided by a Python int keeps its dtype without dtype= (the operators' compiled
    # path, 0.3 us instead of 4.7).
    same = isinstance(count, int) and total._data.dtype.kind in "fc"
    result = binary("divide", total, _weak(count), dtype=None if same else total._data.dtype)
    if dtype is not None:
        result = _core.wrap(result._data.astype(to_numpy_dtype(dtype, "mean"), copy=False))
    return _finish(result._data, (), data.ndim, False, out, "mean")


def _weak(count):
    """A count as a divisor: a Python int (no effect on the dtype) or an int64 ArrPy."""
    return count if isinstance(count, int) else _core.wrap(np.asarray(count))


def _as_array(value):
    return value if isinstance(value, _core._ArrayBase) else _core.wrap(np.asarray(value))


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True):
    """Variance over the given axes: ``mean(|x - mean(x)|**2)`` with ``count - ddof`` as the
    divisor (two passes, as NumPy). Complex input gives a real variance.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.var(arrpy.array([1.0, 2.0, 3.0, 4.0]))
    np.float64(1.25)
    >>> arrpy.var(arrpy.array([[1, 3], [5, 7]]), axis=1, ddof=1)
    ArrPy([2., 2.])
    """
    data = _data(a, "var")
    count = _counts(data, axis, True, where)
    if isinstance(count, int):
        # A Python number (ddof may be fractional, as in NumPy: count 5, ddof 1.5 divides by
        # 3.5); the builtin max is shadowed in this module by arrpy.max.
        divisor = count - ddof
        divisor = divisor if divisor > 0 else 0
        degenerate = divisor == 0
    else:
        divisor = np.maximum(count - ddof, 0)
        degenerate = np.any(divisor == 0)
    if degenerate:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
    axes = _axes(axis, data.ndim, "var")
    if where is True and axes and (dtype is None or to_numpy_dtype(dtype, "var").kind in "fc"):
        # The fused kernel: both passes over each row at once, no temporaries.
        total = _squared_deviations(data, axes, dtype)
        # (A Python int or float divisor keeps the float dtype without dtype=: the compiled
        # path, 0.3 us instead of 4.7.)
        weak = type(divisor) in (int, float)
        result = binary("divide", _core.wrap(total), divisor, dtype=None if weak else total.dtype)
        result = result._data
        if keepdims:
            result = result.reshape([1 if d in axes else n for d, n in enumerate(data.shape)])
        return _finish(result, (), data.ndim, False, out, "var")
    if dtype is None and data.dtype.kind in "biu":
        dtype = _FLOAT64
    centre = _reduce("sum", data, axis, dtype, None, True, where=where)
    centre = _as_array(centre)
    centre = binary("divide", centre, _weak(count), dtype=centre._data.dtype)
    deviation = binary("subtract", _core.wrap(data), centre, dtype=dtype)
    if deviation._data.dtype.kind == "c":
        squared = unary("absolute", deviation)
        squared = binary("multiply", squared, squared)
    else:
        squared = binary("multiply", deviation, deviation)
    total = _reduce("sum", squared, axis, None, None, True, where=where)
    total = _as_array(total)
    result = binary("divide", total, _weak(divisor), dtype=total._data.dtype)
    if not keepdims:
        axes = _axes(axis, data.ndim, "var")
        squeezed = result._data.reshape(
            [n for d, n in enumerate(result._data.shape) if d not in axes]
        )
        result = _core.wrap(squeezed)
    return _finish(result._data, (), data.ndim, False, out, "var")


def _squared_deviations(data, axes, dtype):
    """``sum(|x - mean(x)|**2)`` over ``axes`` (sorted, non-empty) by the ``sumsqdev`` kernel:
    a new ndarray without the reduced axes, in the real dtype of the computation (NumPy's var:
    integers compute in float64, ``dtype=`` chooses the precision)."""
    if not (data.dtype.isnative and data.flags.aligned):
        data = data.astype(data.dtype.newbyteorder("="))
    computation = to_numpy_dtype(dtype, "var") if dtype is not None else data.dtype
    if computation.kind in "biu":
        computation = _FLOAT64
    real = computation
    if computation.kind == "c":
        real = np.dtype(np.float32 if computation == np.complex64 else np.float64)
    pair, cast = dtype_pair("sumsqdev", data.dtype, real, computation)
    if cast:
        # e.g. var(float64, dtype=float32): NumPy computes in the requested precision.
        data = data.astype(computation)
    view = _axes_last(data, axes)
    merged = _merged_last(view, len(axes))
    if merged is None:
        # The row must be reduced in one go (its mean is needed by all of it): gather it.
        kept = data.ndim - len(axes)
        merged = np.ascontiguousarray(view).reshape(view.shape[:kept] + (-1,))
    out = np.empty(merged.shape[:-1], dtype=real)
    lookup("sumsqdev", pair, _core.current_backend_name())(merged, out)
    return out


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True):
    """Standard deviation over the given axes: ``sqrt(var(...))``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.std(arrpy.array([1.0, 2.0, 3.0, 4.0]))
    np.float64(1.118033988749895)
    """
    variance = var(a, axis, dtype, None, ddof, keepdims, where=where)
    result = unary("sqrt", _as_array(variance))
    return _finish(result._data, (), 0, False, out, "std")


def ptp(a, axis=None, out=None, keepdims=False):
    """Range of values (maximum - minimum) over the given axes.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.ptp(arrpy.array([[4, 9, 2], [1, 1, 1]]), axis=1)
    ArrPy([7, 0])
    """
    high = _reduce("max", a, axis, None, None, keepdims)
    low = _reduce("min", a, axis, None, None, keepdims)
    result = binary("subtract", _as_array(high), _as_array(low))
    return _finish(result._data, (), 0, False, out, "ptp")


def count_nonzero(a, axis=None, *, keepdims=False):
    """Number of nonzero elements over the given axes (nan counts as nonzero).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.count_nonzero(arrpy.array([[0, 1, 7], [0, 0, 3]]), axis=1)
    ArrPy([2, 1])
    >>> arrpy.count_nonzero(arrpy.array([0.0, float("nan")]))
    np.int64(1)
    """
    nonzero = binary("not_equal", _core.wrap(_data(a, "count_nonzero")), 0)
    return _reduce("sum", nonzero, axis, _INT64, None, keepdims)
