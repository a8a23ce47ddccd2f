"""NaN-aware reductions: nansum, nanprod, nanmean, nanvar, nanstd, nanmin, nanmax, nanargmin,
nanargmax.

They are composites of existing kernels, written the way NumPy's
``numpy/lib/_nanfunctions_impl.py`` writes them: find the nans (the ``isnan`` kernel), replace
them by a value that cannot change the result (the identity of the reduction: 0 for sums, 1 for
products, +inf for a minimum, -inf for a maximum), reduce with the plain reduction, and count the
non-nan elements (a sum of the negated mask) where the count matters (mean, var). Slices that had
nothing but nans then get NumPy's warning or error:

* nanmin, nanmax: nan, with ``RuntimeWarning("All-NaN slice encountered")``;
* nanargmin, nanargmax: ``ValueError("All-NaN slice encountered")``;
* nanmean: nan, with ``RuntimeWarning("Mean of empty slice")``;
* nanvar, nanstd: nan where ``count - ddof <= 0``, with
  ``RuntimeWarning("Degrees of freedom <= 0 for slice.")``.

Bool and integer arrays cannot hold a nan: they take the plain reduction, as in NumPy (so
``nanmean`` of ints is float64 and ``nansum`` of int8 is int64).
"""

import math
import warnings

import numpy as np

from arrpy import _core
from arrpy import reductions as _red
from arrpy._ufunc import binary, unary

__all__ = [
    "nansum",
    "nanprod",
    "nanmean",
    "nanvar",
    "nanstd",
    "nanmin",
    "nanmax",
    "nanargmin",
    "nanargmax",
]

_NO_VALUE = _red._NO_VALUE
_INT64 = np.dtype(np.int64)


def _ndarray(value):
    """The ndarray behind an ArrPy result or a NumPy scalar."""
    return value._data if isinstance(value, _core._ArrayBase) else np.asarray(value)


def _replace_nan(a, value, op):
    """``(data, mask)``: ``a`` with its nans replaced by ``value`` and the bool mask of where
    they were; ``mask`` is None for dtypes that cannot hold a nan (``data`` is then ``a``'s own
    ndarray, not a copy)."""
    data = _red._data(a, op)
    if data.dtype.kind not in "fc":
        return data, None
    mask = unary("isnan", _core.wrap(data))._data
    # A masked selection into a new array (NumPy owns memory: this is the where= machinery of
    # the reductions; np.where selects in one pass, half the time of a copy plus np.copyto). The
    # value is a Python scalar, so the dtype stays the input's.
    filled = np.where(mask, value, data)
    return filled, mask


def _inexact_dtype_check(dtype, out):
    """NumPy's TypeErrors for nanmean / nanvar of float input with an integer dtype or out."""
    if dtype is not None and np.dtype(dtype).kind not in "fc":
        raise TypeError("If a is inexact, then dtype must be inexact")
    if out is not None and out._data.dtype.kind not in "fc":
        raise TypeError("If a is inexact, then out must be inexact")


def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Sum of array elements over the given axes, treating nans as zero.

    Parameters
    ----------
    a : array_like
        Input.
    axis : None, int or tuple of ints, optional
        Axes to sum over (None: all). Negative axes count from the end.
    dtype : dtype, optional
        Accumulator and result dtype (default as ``arrpy.sum``).
    out : ArrPy, optional
        Where to store the result.
    keepdims : bool, optional
        Keep the reduced axes with length 1.
    initial : scalar, optional
        Added to the sum.
    where : array_like of bool, optional
        Elements to include.

    Returns
    -------
    ArrPy or NumPy scalar
        The sums; a slice of nothing but nans sums to 0.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nansum(arrpy.array([1.0, float("nan"), 3.0]))
    np.float64(4.0)
    >>> arrpy.nansum(arrpy.array([[1.0, float("nan")], [float("nan"), float("nan")]]), axis=1)
    ArrPy([1., 0.])
    """
    data, _ = _replace_nan(a, 0, "nansum")
    return _red.sum(data, axis, dtype, out, keepdims, initial, where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Product of array elements over the given axes, treating nans as one.

    Parameters are those of ``arrpy.nansum``; ``initial`` multiplies the product.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanprod(arrpy.array([2.0, float("nan"), 3.0]))
    np.float64(6.0)
    """
    data, _ = _replace_nan(a, 1, "nanprod")
    return _red.prod(data, axis, dtype, out, keepdims, initial, where)


def _nan_extreme(op, a, axis, out, keepdims, initial, where):
    """nanmin / nanmax: the plain reduction with nans replaced by the far infinity, then nan
    back for the slices that held only nans (NumPy's ``fmin.reduce`` gives the same)."""
    name = "nan" + op
    fill = np.inf if op == "min" else -np.inf
    data, mask = _replace_nan(a, fill, name)
    axes = _red._axes(axis, data.ndim, name)
    count = math.prod(data.shape[d] for d in axes)
    if count == 0 and initial is _NO_VALUE:
        raise ValueError(
            f"zero-size array to reduction operation {'fmin' if op == 'min' else 'fmax'} "
            "which has no identity"
        )
    result = _red._reduce(op, data, axis, None, None, keepdims, initial, where)
    if mask is None or initial is not _NO_VALUE:
        # With an initial value, a slice of nans reduces to it (as fmin(initial, nan) does); a
        # where= mask always comes with one.
        return _red._finish(_ndarray(result), (), 0, False, out, name)
    all_nan = _ndarray(_red.all(_core.wrap(mask), axis, keepdims=keepdims))
    result = np.array(_ndarray(result))  # our own copy: the nans go back into it
    if all_nan.any():
        np.copyto(result, np.nan, where=all_nan)
        warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
    return _red._finish(result, (), 0, False, out, name)


def nanmin(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Minimum over the given axes, ignoring nans.

    A slice of nothing but nans gives nan and a ``RuntimeWarning("All-NaN slice
    encountered")``, as in NumPy. Parameters are those of ``arrpy.min``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanmin(arrpy.array([[1.0, float("nan")], [float("nan"), 4.0]]), axis=0)
    ArrPy([1., 4.])
    """
    return _nan_extreme("min", a, axis, out, keepdims, initial, where)


def nanmax(a, axis=None, out=None, keepdims=False, initial=_NO_VALUE, where=True):
    """Maximum over the given axes, ignoring nans (all-nan slices: nan and a RuntimeWarning).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanmax(arrpy.array([1.0, float("nan"), 3.0]))
    np.float64(3.0)
    """
    return _nan_extreme("max", a, axis, out, keepdims, initial, where)


def _nan_arg(op, a, axis, out, keepdims):
    name = "nan" + op
    fill = np.inf if op == "argmin" else -np.inf
    data, mask = _replace_nan(a, fill, name)
    if mask is not None and mask.size:
        if _red.any(_red.all(_core.wrap(mask), axis)):
            raise ValueError("All-NaN slice encountered")
    return _red._reduce(op, data, axis, None, out, keepdims)


def nanargmin(a, axis=None, out=None, *, keepdims=False):
    """Index of the first minimum along an axis (flattened for ``axis=None``), ignoring nans.

    Raises ``ValueError("All-NaN slice encountered")`` if a slice holds only nans, as NumPy.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanargmin(arrpy.array([[float("nan"), 4.0], [2.0, 3.0]]), axis=1)
    ArrPy([1, 0])
    """
    return _nan_arg("argmin", a, axis, out, keepdims)


def nanargmax(a, axis=None, out=None, *, keepdims=False):
    """Index of the first maximum along an axis (flattened for ``axis=None``), ignoring nans.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanargmax(arrpy.array([float("nan"), 4.0, 2.0]))
    np.int64(1)
    """
    return _nan_arg("argmax", a, axis, out, keepdims)


def _counts(mask, axis, keepdims, where):
    """Number of non-nan elements per slice (int64)."""
    present = unary("logical_not", _core.wrap(mask))
    return _ndarray(_red.sum(present, axis, _INT64, None, keepdims, where=where))


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Arithmetic mean over the given axes, ignoring nans: ``nansum / count of non-nans``.

    A slice of nothing but nans gives nan and a ``RuntimeWarning("Mean of empty slice")``.
    Integer input takes ``arrpy.mean`` (float64 result).

    Parameters
    ----------
    a : array_like
        Input.
    axis : None, int or tuple of ints, optional
        Axes to average over.
    dtype : dtype, optional
        Accumulator and result dtype; must be inexact for float input.
    out : ArrPy, optional
        Where to store the result.
    keepdims : bool, optional
        Keep the reduced axes with length 1.
    where : array_like of bool, optional
        Elements to include.

    Returns
    -------
    ArrPy or NumPy scalar

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanmean(arrpy.array([[1.0, float("nan")], [3.0, 4.0]]), axis=1)
    ArrPy([1. , 3.5])
    """
    data, mask = _replace_nan(a, 0, "nanmean")
    if mask is None:
        return _red.mean(data, axis, dtype, out, keepdims, where=where)
    _inexact_dtype_check(dtype, out)
    count = _counts(mask, axis, keepdims, where)
    total = _ndarray(_red.sum(data, axis, dtype, None, keepdims, where=where))
    # 0 / 0 gives the nan of an empty slice (the kernels do not report it as a warning).
    result = binary("divide", _core.wrap(total), _core.wrap(count), dtype=total.dtype)
    if (count == 0).any():
        warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=2)
    return _red._finish(result._data, (), 0, False, out, "nanmean")


def nanvar(
    a,
    axis=None,
    dtype=None,
    out=None,
    ddof=0,
    keepdims=False,
    *,
    where=True,
    mean=_NO_VALUE,
    correction=_NO_VALUE,
):
    """Variance over the given axes, ignoring nans (divisor: non-nan count - ddof).

    Two passes, as NumPy: the mean of the non-nan elements, then the mean square deviation
    (the nans contribute zero). Where ``count - ddof <= 0`` the result is nan, with a
    ``RuntimeWarning("Degrees of freedom <= 0 for slice.")``.

    Parameters
    ----------
    a : array_like
        Input.
    axis : None, int or tuple of ints, optional
        Axes to reduce.
    dtype : dtype, optional
        Accumulator dtype; must be inexact for float input.
    out : ArrPy, optional
        Where to store the result.
    ddof : int, optional
        Delta degrees of freedom.
    keepdims : bool, optional
        Keep the reduced axes with length 1.
    where : array_like of bool, optional
        Elements to include.
    mean : array_like, optional
        The mean, if already computed (its shape as with ``keepdims=True``).
    correction : int, optional
        The Array API's name for ``ddof`` (only one of the two may be given).

    Returns
    -------
    ArrPy or NumPy scalar
        Real for complex input.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanvar(arrpy.array([1.0, float("nan"), 3.0]))
    np.float64(1.0)
    """
    if correction is not _NO_VALUE:
        if ddof != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        ddof = correction
    data, mask = _replace_nan(a, 0, "nanvar")
    if mask is None:
        if mean is _NO_VALUE:
            return _red.var(data, axis, dtype, out, ddof, keepdims, where=where)
        mask = np.zeros(data.shape, dtype=bool)  # no nans; the given mean is used below
    else:
        _inexact_dtype_check(dtype, out)
    count = _counts(mask, axis, True, where)
    if mean is _NO_VALUE:
        total = _ndarray(_red.sum(data, axis, dtype, None, True, where=where))
        mean = binary("divide", _core.wrap(total), _core.wrap(count), dtype=total.dtype)
    else:
        mean = _core.wrap(
            _ndarray(mean) if isinstance(mean, _core._ArrayBase) else np.asarray(mean)
        )
    # Stored in the input's dtype, as NumPy does (it subtracts into the input's copy); integer
    # input (with a given mean) subtracts in float64.
    deviation = binary("subtract", _core.wrap(data), mean)._data
    if data.dtype.kind in "fc":
        deviation = deviation.astype(data.dtype, copy=False)
    # The nans' places deviate by nothing (their difference from the mean is meaningless).
    np.copyto(deviation, 0, where=mask)
    deviation = _core.wrap(deviation)
    if deviation._data.dtype.kind == "c":
        deviation = unary("absolute", deviation)
    squared = binary("multiply", deviation, deviation)
    total_sq = _ndarray(_red.sum(squared, axis, dtype, None, keepdims, where=where))
    if not keepdims:
        count = count.reshape(total_sq.shape)
    dof = np.asarray(count - ddof)
    result = binary("divide", _core.wrap(total_sq), _core.wrap(dof), dtype=total_sq.dtype)._data
    bad = dof <= 0
    if bad.any():
        warnings.warn("Degrees of freedom <= 0 for slice.", RuntimeWarning, stacklevel=2)
        np.copyto(result, np.nan, where=bad)
    return _red._finish(result, (), 0, False, out, "nanvar")


def nanstd(
    a,
    axis=None,
    dtype=None,
    out=None,
    ddof=0,
    keepdims=False,
    *,
    where=True,
    mean=_NO_VALUE,
    correction=_NO_VALUE,
):
    """Standard deviation over the given axes, ignoring nans: ``sqrt(nanvar(...))`` (the
    parameters are those of ``arrpy.nanvar``).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanstd(arrpy.array([1.0, float("nan"), 3.0]))
    np.float64(1.0)
    """
    variance = nanvar(
        a, axis, dtype, None, ddof, keepdims, where=where, mean=mean, correction=correction
    )
    result = unary("sqrt", _core.wrap(_ndarray(variance)))
    return _red._finish(result._data, (), 0, False, out, "nanstd")
