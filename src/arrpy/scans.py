"""Scans: cumsum, cumprod, their NaN-ignoring forms nancumsum and nancumprod, the Array API's
cumulative_sum and cumulative_prod, and diff.

The front end does what is semantics, once: the axis (``None`` flattens in C order; NumPy's
AxisError), the accumulator dtype (the rule of ``sum``: bool and signed integers accumulate in
int64, unsigned ones in uint64, ``dtype=`` overrides), ``out=`` (any dtype, NumPy's unsafe cast),
``include_initial``. It hands the kernel (``scan_nd`` in ``backends/abi.h``) the input with the
scanned axis moved last (a view: no copy) and an output view of the same layout onto a C-ordered
result, so ``cumsum(axis=0)`` of a C-ordered matrix reaches the kernel as "scan down the rows" and
the kernel accumulates whole contiguous rows.

Floating scans are sequential, exactly NumPy's ``add.accumulate``: every partial sum is an
output, so there is no pairwise summation to gain accuracy from, and the results are the same
bits as NumPy's in every backend.

``diff`` needs no kernel of its own: it is ``subtract`` (``not_equal`` for bool, as NumPy) of two
shifted views of the input.
"""

import operator

import numpy as np
from numpy.exceptions import AxisError

from arrpy import _core
from arrpy._convert import as_ndarray
from arrpy._dtypes import from_numpy_dtype, to_numpy_dtype
from arrpy._registry import dtype_pair, lookup
from arrpy._ufunc import binary, unary
from arrpy.reductions import _axes_last

__all__ = [
    "cumsum",
    "cumprod",
    "nancumsum",
    "nancumprod",
    "cumulative_sum",
    "cumulative_prod",
    "diff",
]

_INT64 = np.dtype(np.int64)
_UINT64 = np.dtype(np.uint64)
_IDENTITY = {"cumsum": 0, "cumprod": 1}
_NO_VALUE = object()  # diff's "prepend / append not given" (NumPy's np._NoValue)


def _data(a, op):
    """The ndarray of ``a`` in native byte order and aligned (what a kernel can read)."""
    data = a._data if isinstance(a, _core._ArrayBase) else as_ndarray(a, op=op)
    if not (data.dtype.isnative and data.flags.aligned):
        data = data.astype(data.dtype.newbyteorder("="))
    from_numpy_dtype(data.dtype, op)  # TypeError for dtypes arrpy lacks
    return data


def _axis(axis, ndim, op):
    """``axis`` as a non-negative int; NumPy's AxisError (a ValueError and an IndexError)."""
    try:
        index = operator.index(axis)
    except TypeError:
        raise TypeError(f"{op}: axis must be an integer or None, got {axis!r}") from None
    if not -ndim <= index < ndim:
        raise AxisError(index, ndim, msg_prefix=op)
    return index % ndim


def _accumulator(dtype, requested, op):
    """NumPy's result dtype of add/multiply.accumulate: ``dtype=`` if given, else int64 for
    bool and signed integers narrower than 64 bits, uint64 for narrower unsigned ones, else the
    input's dtype (the rule of ``sum``)."""
    if requested is not None:
        return to_numpy_dtype(requested, op)
    if dtype.kind == "b" or (dtype.kind == "i" and dtype.itemsize < 8):
        return _INT64
    if dtype.kind == "u" and dtype.itemsize < 8:
        return _UINT64
    return dtype


def _scan_into(op, data, axis, target):
    """Run the ``op`` kernel over ``axis`` of ``data`` into the ndarray ``target`` (same shape,
    the accumulator dtype, not overlapping ``data``)."""
    pair, cast = dtype_pair(op, data.dtype, target.dtype)
    if cast:
        # e.g. cumsum(float64, dtype=float32) or cumsum(float, dtype=int64): NumPy converts
        # each element to the requested dtype first, then accumulates in it.
        data = data.astype(target.dtype)
    kernel = lookup(op, pair, _core.current_backend_name())
    # The scanned axis last, for the input and for the output (views: no copy).
    # (Not np.moveaxis: its argument checking was a third of a small cumsum's time.)
    kernel(_axes_last(data, (axis,)), _axes_last(target, (axis,)))


def _scan(op, a, axis, dtype, out, name, include_initial=False, identity=None):
    """The scan ``op`` ("cumsum" / "cumprod") as public function ``name``."""
    data = _data(a, name)
    if axis is None:
        data = data.reshape(-1)  # C order (a copy only for non-contiguous input)
        axis = 0
    elif data.ndim == 0:
        data = data.reshape(1)  # NumPy scans a 0-d array as a 1-element vector
    axis = _axis(axis, data.ndim, name)
    out_dtype = _accumulator(data.dtype, dtype, name)
    shape = list(data.shape)
    if include_initial:
        shape[axis] += 1
    shape = tuple(shape)
    target = None
    if out is not None:
        if not isinstance(out, _core._ArrayBase):
            raise TypeError(f"{name}: out must be an ArrPy array, got {type(out).__name__}")
        if out._data.shape != shape:
            raise ValueError(
                f"{name}: provided out is the wrong size for the accumulation: it has shape "
                f"{out._data.shape}, the result has {shape}"
            )
        target = out._data
        if not target.flags.writeable:
            raise ValueError(f"{name}: output array is read-only")
    direct = (
        target is not None
        and target.dtype == out_dtype
        and target.dtype.isnative
        and target.flags.aligned
        and not np.may_share_memory(target, data)
    )
    result = target if direct else np.empty(shape, dtype=out_dtype)
    body = result
    if include_initial:
        # The first slot along the axis is the identity (0 or 1); the scan fills the rest.
        index = [slice(None)] * result.ndim
        index[axis] = 0
        result[tuple(index)] = _IDENTITY[op] if identity is None else identity
        index[axis] = slice(1, None)
        body = result[tuple(index)]
    if data.size:
        _scan_into(op, data, axis, body)
    if out is None:
        return _core.wrap(result)
    if not direct:
        # Moving the computed values into place (a cast, as NumPy's unsafe one) is memory
        # movement, left to NumPy.
        np.copyto(target, result, casting="unsafe")
    return out


def cumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum of the elements along an axis.

    Parameters
    ----------
    a : array_like
        Input.
    axis : int, optional
        Axis to accumulate along; None (the default) accumulates over the flattened array (C
        order). Negative axes count from the end.
    dtype : dtype, optional
        The accumulator and result dtype. Default: int64 for bool and signed integers narrower
        than 64 bits, uint64 for narrower unsigned ones, else the input's dtype.
    out : ArrPy, optional
        Where to store the result (the result's shape; its values are cast to out's dtype).

    Returns
    -------
    ArrPy
        ``out[..., k, ...] = a[..., 0, ...] + ... + a[..., k, ...]``: the same shape as ``a``
        (1-D for ``axis=None``). Floating sums are sequential, exactly as NumPy's (the same bits);
        integers wrap around.

    Examples
    --------
    >>> import arrpy
    >>> m = arrpy.array([[1, 2, 3], [4, 5, 6]], dtype="int8")
    >>> arrpy.cumsum(m)
    ArrPy([ 1,  3,  6, 10, 15, 21])
    >>> arrpy.cumsum(m, axis=0)
    ArrPy([[1, 2, 3],
           [5, 7, 9]])
    >>> m.cumsum(axis=1, dtype="float32")
    ArrPy([[ 1.,  3.,  6.],
           [ 4.,  9., 15.]], dtype=float32)
    """
    return _scan("cumsum", a, axis, dtype, out, "cumsum")


def cumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product of the elements along an axis (integers wrap around, as in NumPy).

    Parameters are those of ``arrpy.cumsum``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.cumprod(arrpy.array([1.0, 2.0, 3.0, 4.0]))
    ArrPy([ 1.,  2.,  6., 24.])
    >>> arrpy.cumprod(arrpy.array([[1, 2], [3, 4]]), axis=0)
    ArrPy([[1, 2],
           [3, 8]])
    """
    return _scan("cumprod", a, axis, dtype, out, "cumprod")


def _nan_filled(a, op, name):
    """``a`` with every nan replaced by the identity of ``op`` (a masked copy), or ``a``'s
    ndarray itself when its dtype has no nan (integers and bool: no copy)."""
    data = _data(a, name)
    if data.dtype.kind not in "fc":
        return data
    nan = unary("isnan", _core.wrap(data))._data  # complex: either part is nan
    filled = data.copy()
    np.copyto(filled, _IDENTITY[op], where=nan)
    return filled


def nancumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum treating nan as zero (``cumsum`` of ``a`` with its nans replaced by 0).

    Parameters are those of ``arrpy.cumsum``. Leading nans give zeros; a slice of only nans
    gives zeros.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nancumsum(arrpy.array([1.0, float("nan"), 2.0]))
    ArrPy([1., 1., 3.])
    """
    return _scan("cumsum", _nan_filled(a, "cumsum", "nancumsum"), axis, dtype, out, "nancumsum")


def nancumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product treating nan as one (``cumprod`` with the nans replaced by 1).

    Parameters are those of ``arrpy.cumsum``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nancumprod(arrpy.array([2.0, float("nan"), 3.0]))
    ArrPy([2., 2., 6.])
    """
    filled = _nan_filled(a, "cumprod", "nancumprod")
    return _scan("cumprod", filled, axis, dtype, out, "nancumprod")


def _cumulative(op, x, axis, dtype, out, include_initial, name):
    data = _data(x, name)
    if axis is None:
        if data.ndim > 1:
            raise ValueError(
                f"{name}: for arrays which have more than one dimension ``axis`` argument is "
                f"required (got an array of shape {data.shape})"
            )
        axis = 0
    return _scan(op, data, axis, dtype, out, name, include_initial=bool(include_initial))


def cumulative_sum(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """Cumulative sum along an axis (the Array API's function, as NumPy 2 has it).

    Parameters
    ----------
    x : array_like
        Input.
    axis : int, optional
        Axis to accumulate along; required when ``x`` has more than one dimension.
    dtype : dtype, optional
        Accumulator and result dtype (default as ``arrpy.cumsum``).
    out : ArrPy, optional
        Where to store the result.
    include_initial : bool, optional
        Start with the sum of nothing (0), so the axis grows by one.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.cumulative_sum(arrpy.array([1, 2, 3]), include_initial=True)
    ArrPy([0, 1, 3, 6])
    >>> arrpy.cumulative_sum(arrpy.array([[1, 2], [3, 4]]), axis=1)
    ArrPy([[1, 3],
           [3, 7]])
    """
    return _cumulative("cumsum", x, axis, dtype, out, include_initial, "cumulative_sum")


def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """Cumulative product along an axis (the Array API's function, as NumPy 2 has it).

    Parameters are those of ``arrpy.cumulative_sum``; the initial value is 1.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.cumulative_prod(arrpy.array([2.0, 3.0, 4.0]), include_initial=True)
    ArrPy([ 1.,  2.,  6., 24.])
    """
    return _cumulative("cumprod", x, axis, dtype, out, include_initial, "cumulative_prod")


def _as_edge(value, data, axis):
    """A ``prepend`` / ``append`` value as an ndarray to concatenate along ``axis`` (a scalar is
    broadcast to one slice, as NumPy does)."""
    edge = value._data if isinstance(value, _core._ArrayBase) else np.asanyarray(value)
    if edge.ndim == 0:
        shape = list(data.shape)
        shape[axis] = 1
        edge = np.broadcast_to(edge, tuple(shape))
    return edge


def diff(a, n=1, axis=-1, prepend=_NO_VALUE, append=_NO_VALUE):
    """The n-th discrete difference along an axis: ``out[i] = a[i + 1] - a[i]``, n times.

    Parameters
    ----------
    a : array_like
        Input, at least one-dimensional.
    n : int, optional
        How many times to difference (0 returns ``a`` unchanged).
    axis : int, optional
        The axis (default: the last).
    prepend, append : array_like, optional
        Values joined to ``a`` along ``axis`` before differencing (a scalar is one slice).

    Returns
    -------
    ArrPy
        The axis is ``n`` shorter. Bool input gives ``a[i + 1] != a[i]`` (NumPy's rule);
        unsigned integers wrap around.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.diff(arrpy.array([1, 2, 4, 7, 0]))
    ArrPy([ 1,  2,  3, -7])
    >>> arrpy.diff(arrpy.array([1, 2, 4, 7, 0]), n=2)
    ArrPy([  1,   1, -10])
    >>> arrpy.diff(arrpy.array([[1, 3], [4, 9]]), axis=0)
    ArrPy([[3, 6]])
    >>> arrpy.diff(arrpy.array([True, False, False]))
    ArrPy([ True, False])
    """
    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"diff: n must be an integer, got {n!r}") from None
    if n == 0:
        return a if isinstance(a, _core._ArrayBase) else _core.wrap(_data(a, "diff"))
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n!r}")
    data = _data(a, "diff")
    if data.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = _axis(axis, data.ndim, "diff")
    pieces = []
    if prepend is not _NO_VALUE:
        pieces.append(_as_edge(prepend, data, axis))
    pieces.append(data)
    if append is not _NO_VALUE:
        pieces.append(_as_edge(append, data, axis))
    if len(pieces) > 1:
        # Joining is memory movement (NumPy's concatenate, with its dtype promotion).
        data = np.concatenate(pieces, axis=axis)
        from_numpy_dtype(data.dtype, "diff")
    op = "not_equal" if data.dtype.kind == "b" else "subtract"
    later = [slice(None)] * data.ndim
    earlier = [slice(None)] * data.ndim
    later[axis] = slice(1, None)
    earlier[axis] = slice(None, -1)
    later, earlier = tuple(later), tuple(earlier)
    result = _core.wrap(data)
    for _ in range(n):
        values = result._data
        # Two shifted views of the same buffer (no copy); the kernel writes a new array.
        result = binary(op, _core.wrap(values[later]), _core.wrap(values[earlier]))
    return result
