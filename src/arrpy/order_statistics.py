"""Order statistics: partition, median, percentile, quantile and their nan-ignoring forms.

Everything here is built on one kernel, ``partition_nd`` (``backends/abi.h``): NumPy's
``np.partition``, an in-place partial sort of every row of a C-contiguous work array. The front
end does what is semantics, once:

* the work array: a copy of the input with the reduced axes moved last and merged into one (NumPy
  copies too, unless ``overwrite_input``; arrpy always copies, which that flag allows);
* which positions to select (``kth``): the one or two middle positions for the median, the
  neighbours of each "virtual index" for quantiles (NumPy's 13 methods, Hyndman & Fan), plus the
  last position for floats, because nans sort last: a row whose last element is nan has a nan
  result, as in NumPy;
* the arithmetic on the few selected values, with arrpy's elementwise kernels and NumPy's result
  dtypes: the median is the ``mean`` of the middle one or two values (ints give float64, float32
  stays float32); an interpolating quantile is NumPy's ``_lerp`` (``a + (b - a) * t``, or
  ``b - (b - a) * (1 - t)`` where ``t >= 0.5``, which is exact at ``t == 1``);
* the nan forms group the rows by their number of non-nan values, squeeze the nans out of each
  group and run the plain statistic on it; an all-nan row gives nan with NumPy's RuntimeWarning.

Full reductions return NumPy scalars, as in NumPy.
"""

import operator
import warnings

import numpy as np
from numpy.exceptions import AxisError

from arrpy import _core
from arrpy._convert import as_ndarray
from arrpy._dtypes import from_numpy_dtype
from arrpy._registry import lookup
from arrpy._ufunc import binary, unary
from arrpy.reductions import _axes, mean
from arrpy.reductions import _finish as _finish_reduction

__all__ = [
    "partition",
    "median",
    "nanmedian",
    "percentile",
    "nanpercentile",
    "quantile",
    "nanquantile",
]

_INTP = np.dtype(np.intp)


# --- the kernel -----------------------------------------------------------------------------------


def _data(a, op):
    """``a`` as a native-byte-order, aligned ndarray of a dtype arrpy has."""
    data = a._data if isinstance(a, _core._ArrayBase) else as_ndarray(a, op=op)
    if not (data.dtype.isnative and data.flags.aligned):
        data = data.astype(data.dtype.newbyteorder("="))
    from_numpy_dtype(data.dtype, op)  # TypeError for dtypes arrpy lacks
    return data


def _select(work, kth):
    """Partition ``work`` (C-contiguous, rows along the last axis) in place around the
    positions ``kth`` (any order, duplicates and negative positions allowed)."""
    n = work.shape[-1]
    if work.size == 0:
        return
    positions = np.unique(np.asarray(kth, dtype=np.int64).ravel() % n)
    kernel = lookup("partition", from_numpy_dtype(work.dtype).name, _core.current_backend_name())
    status = kernel(work, positions)
    if status:
        raise MemoryError("partition: the kernel could not allocate its scratch row")


def _rows(data, axes):
    """A C-contiguous copy of ``data`` with the ``axes`` moved last and merged into one."""
    kept = [d for d in range(data.ndim) if d not in axes]
    view = data.transpose(kept + list(axes))
    count = 1
    for d in axes:
        count *= data.shape[d]
    return np.array(view, order="C").reshape([data.shape[d] for d in kept] + [count])


def _is_inexact(dtype):
    return dtype.kind in "fc"


def _nan_rows_mask(last):
    """Where the last (largest) element of a partitioned row is nan: arrpy's isnan kernel."""
    return unary("isnan", _core.wrap(np.array(last, order="C")))._data


# --- partition ------------------------------------------------------------------------------------


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """A partitioned copy of an array (NumPy's ``np.partition``).

    Along ``axis``, the element at each position of ``kth`` is the one a full sort would put
    there; nothing before it is greater and nothing after it is smaller. The order within the
    two parts is unspecified. nan sorts last; complex numbers sort lexicographically.

    Parameters
    ----------
    a : array_like
        Input.
    kth : int or sequence of ints
        Positions to put in their sorted place (negative positions count from the end).
    axis : int or None, optional
        Axis to partition along (default: the last); None partitions the flattened array.
    kind : {'introselect'}, optional
        Selection algorithm (NumPy has only this one).
    order : None
        Not supported for arrpy's dtypes (they have no fields).

    Returns
    -------
    ArrPy
        A new array of the same shape and dtype.

    Examples
    --------
    >>> import arrpy
    >>> p = arrpy.partition(arrpy.array([7, 1, 5, 3, 9]), 2)
    >>> int(p[2])
    5
    >>> bool((p[:2] <= 5).all()) and bool((p[3:] >= 5).all())
    True
    """
    data = _data(a, "partition")
    if kind != "introselect":
        raise ValueError(f"select kind must be 'introselect' (got {kind!r})")
    if order is not None:
        raise ValueError("Cannot specify order when the array has no fields.")
    if axis is None:
        data = data.reshape(-1)
        axis = -1
    try:
        axis = operator.index(axis)
    except TypeError:
        raise TypeError(f"partition: axis must be an integer or None, got {axis!r}") from None
    if not -data.ndim <= axis < data.ndim:
        raise AxisError(axis, data.ndim)
    axis %= data.ndim
    n = data.shape[axis]
    positions = np.asarray(kth._data if isinstance(kth, _core._ArrayBase) else kth)
    if positions.dtype.kind not in "iu":
        raise TypeError("Partition index must be integer")  # NumPy's message
    if positions.ndim > 1:
        raise ValueError(f"partition: kth must be an integer or a 1-d sequence, got {kth!r}")
    normalized = []
    for k in positions.reshape(-1).tolist():
        k = k + n if k < 0 else k
        if not 0 <= k < n:
            raise ValueError(f"kth(={k}) out of bounds ({n})")
        normalized.append(k)
    work = np.moveaxis(data, axis, -1).copy(order="C")
    if normalized:
        _select(work, normalized)
    return _core.wrap(np.moveaxis(work, -1, axis))


# --- median ---------------------------------------------------------------------------------------


def _median_rows(work):
    """The median of every row of ``work`` (partitioned in place): shape ``work.shape[:-1]``."""
    n = work.shape[-1]
    inexact = _is_inexact(work.dtype)
    if n == 0:
        # NumPy: the mean of an empty slice, nan with its RuntimeWarning.
        return np.asarray(_as_ndarray(mean(_core.wrap(work), axis=-1)))
    half = n // 2
    kth = [half - 1, half] if n % 2 == 0 else [half]
    if inexact:
        kth.append(n - 1)  # nans sort last: the row's last element says whether it has any
    _select(work, kth)
    middle = work[..., kth[0] : half + 1]
    # NumPy takes the mean of the one or two middle values: its dtype rules (ints -> float64,
    # float32 stays float32, complex stays complex) and its arithmetic ((a + b) / 2).
    result = np.array(_as_ndarray(mean(_core.wrap(np.ascontiguousarray(middle)), axis=-1)))
    if inexact:
        last = work[..., -1]
        np.copyto(result, last, where=_nan_rows_mask(last), casting="unsafe")
    return result


def _as_ndarray(value):
    return value._data if isinstance(value, _core._ArrayBase) else np.asarray(value)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median along the given axes.

    The mean of the middle one or two values of each slice, found by selection (a partition
    around the middle, linear time), not by a full sort. A slice containing nan has median nan.

    Parameters
    ----------
    a : array_like
        Input (any dtype, complex included, as in NumPy).
    axis : None, int or tuple of ints, optional
        Axes to reduce (None: all).
    out : ArrPy, optional
        Where to store the result (its shape must be the result's).
    overwrite_input : bool, optional
        Accepted for NumPy compatibility; arrpy always works on a copy, so ``a`` is unchanged.
    keepdims : bool, optional
        Keep the reduced axes with length 1.

    Returns
    -------
    ArrPy or NumPy scalar
        float64 for bool and integer input, else the input's dtype.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.array([[10, 7, 4], [3, 2, 1]])
    >>> arrpy.median(a)
    np.float64(3.5)
    >>> arrpy.median(a, axis=0)
    ArrPy([6.5, 4.5, 2.5])
    >>> arrpy.median(arrpy.array([1.0, float("nan"), 3.0]))
    np.float64(nan)
    """
    data = _data(a, "median")
    axes = _axes(axis, data.ndim, "median")
    result = _median_rows(_rows(data, axes))
    return _finish(result, 0, axes, keepdims, out, "median")


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Median along the given axes, ignoring nans.

    A slice of nans only gives nan with a RuntimeWarning ("All-NaN slice encountered"); bool and
    integer input is the same as ``median``. Parameters as ``arrpy.median``.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.array([[10.0, float("nan"), 4.0], [3.0, 2.0, 1.0]])
    >>> arrpy.nanmedian(a, axis=1)
    ArrPy([7., 2.])
    """
    data = _data(a, "nanmedian")
    if data.size == 0:
        # NumPy: the nanmean of the empty input (nan with "Mean of empty slice").
        return mean(_core.wrap(data), axis=axis, out=out, keepdims=keepdims)
    if not _is_inexact(data.dtype):
        return median(data, axis, out, overwrite_input, keepdims)
    axes = _axes(axis, data.ndim, "nanmedian")
    result = _without_nans(_rows(data, axes), _median_rows, ())
    return _finish(result, 0, axes, keepdims, out, "nanmedian")


# --- quantiles ------------------------------------------------------------------------------------


def _discrete(index, take_previous):
    """NumPy's ``_discrete_interpolation_to_boundaries``: the integer position of a discrete
    method, the floor of ``index`` where ``take_previous(gamma, index)``, else the next one."""
    previous = np.floor(index)
    gamma = index - previous
    result = np.where(take_previous(gamma, index), previous, previous + 1).astype(_INTP)
    result[result < 0] = 0  # some methods step below the first position
    return result


def _virtual(n, q, alpha, beta):
    """Hyndman & Fan's continuous positions with parameters alpha, beta (0-based)."""
    return n * q + (alpha + q * (1 - alpha - beta)) - 1


def _gamma_where(gamma, default, value, where):
    result = np.full(gamma.shape, default)
    np.copyto(result, value, where=where, casting="unsafe")
    return result


def _identity_gamma(gamma, index):
    return gamma


# method -> (virtual position of quantile q in a sorted slice of n values, the interpolation
# weight rule or None for the methods that pick one value). These are NumPy's definitions
# (numpy.lib._function_base_impl._QuantileMethods), in the same order.
_METHODS = {
    "inverted_cdf": (lambda n, q: _discrete(n * q - 1, lambda g, _: g == 0), None),
    "averaged_inverted_cdf": (
        lambda n, q: n * q - 1,
        lambda gamma, _: _gamma_where(gamma, 1.0, 0.5, gamma == 0),
    ),
    "closest_observation": (
        lambda n, q: _discrete(
            n * q - 1 - 0.5, lambda g, index: (g == 0) & (np.floor(index) % 2 == 1)
        ),
        None,
    ),
    "interpolated_inverted_cdf": (lambda n, q: _virtual(n, q, 0, 1), _identity_gamma),
    "hazen": (lambda n, q: _virtual(n, q, 0.5, 0.5), _identity_gamma),
    "weibull": (lambda n, q: _virtual(n, q, 0, 0), _identity_gamma),
    # (n - 1) * q rather than _virtual(n, q, 1, 1): the same value with fewer roundings.
    "linear": (lambda n, q: (n - 1) * q, _identity_gamma),
    "median_unbiased": (lambda n, q: _virtual(n, q, 1 / 3.0, 1 / 3.0), _identity_gamma),
    "normal_unbiased": (lambda n, q: _virtual(n, q, 3 / 8.0, 3 / 8.0), _identity_gamma),
    "lower": (lambda n, q: np.floor((n - 1) * q).astype(_INTP), None),
    "higher": (lambda n, q: np.ceil((n - 1) * q).astype(_INTP), None),
    "midpoint": (
        lambda n, q: 0.5 * (np.floor((n - 1) * q) + np.ceil((n - 1) * q)),
        lambda gamma, index: _gamma_where(gamma, 0.5, 0.0, index % 1 == 0),
    ),
    "nearest": (lambda n, q: np.around((n - 1) * q).astype(_INTP), None),
}


def _neighbours(virtual, n):
    """NumPy's ``_get_indexes``: the positions below and above each virtual position, clamped
    to the slice (-1 is the last position)."""
    previous = np.array(np.floor(virtual))  # arrays even for a 0-d q (item assignment)
    following = np.array(previous + 1)
    above = virtual >= n - 1
    previous[above] = -1
    following[above] = -1
    below = virtual < 0
    previous[below] = 0
    following[below] = 0
    return previous.astype(_INTP), following.astype(_INTP)


def _take(work, positions):
    """``work[..., positions]`` with the axes of ``positions`` first: shape
    ``positions.shape + work.shape[:-1]``."""
    taken = np.asarray(np.take(work, positions, axis=-1))  # an ndarray even when 0-d
    rows = work.ndim - 1
    return np.moveaxis(taken, list(range(rows, taken.ndim)), list(range(positions.ndim)))


def _lerp(a, b, t, t_array):
    """NumPy's ``_lerp`` with arrpy's kernels: ``a + (b - a) * t``, and where ``t >= 0.5``
    ``b - (b - a) * (1 - t)``, which is exactly ``b`` at ``t == 1`` and keeps the result
    monotonic in t."""
    a, b = _core.wrap(a), _core.wrap(b)
    weight = t if isinstance(t, float) else _core.wrap(t)
    diff = binary("subtract", b, a)
    result = binary("add", a, binary("multiply", diff, weight))._data
    # 1 - t: a Python float stays one (weak), as in NumPy; an array goes through the kernel.
    complement = 1.0 - t if isinstance(t, float) else binary("subtract", 1, weight)
    upper = binary("subtract", b, binary("multiply", diff, complement))._data
    where = np.broadcast_to(t_array >= 0.5, result.shape)
    np.copyto(result, upper, where=where, casting="unsafe")
    return result


def _quantile_rows(work, q, method, weak_q):
    """Quantiles ``q`` (an ndarray in [0, 1]) of every row of ``work`` (partitioned in place):
    shape ``q.shape + work.shape[:-1]``."""
    n = work.shape[-1]
    if n == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    position, fix_gamma = _METHODS[method]
    virtual = np.asanyarray(position(n, q))
    inexact = _is_inexact(work.dtype)
    tail = [n - 1] if inexact else []  # nans sort last: the last element flags them
    if fix_gamma is None or (method == "linear" and virtual.dtype.kind in "iu"):
        # One value per quantile: no interpolation, the input's dtype.
        _select(work, np.concatenate([virtual.ravel(), tail]))
        result = _take(work, virtual)
    else:
        previous, following = _neighbours(virtual, n)
        _select(work, np.concatenate([previous.ravel(), following.ravel(), tail]))
        gamma = np.asanyarray(fix_gamma(np.asanyarray(virtual - previous), virtual))
        gamma = np.asanyarray(gamma, dtype=virtual.dtype)
        if weak_q:
            # A Python scalar q is "weak" (NumPy 2): the data's precision decides the dtype.
            t = float(gamma)
        else:
            t = gamma.reshape(gamma.shape + (1,) * (work.ndim - 1))
        result = _lerp(_take(work, previous), _take(work, following), t, np.asarray(t))
    if inexact:
        last = work[..., -1]
        result = np.array(result)  # writable (a 0-d result may be a scalar)
        np.copyto(
            result,
            np.broadcast_to(last, result.shape),
            casting="unsafe",
            where=np.broadcast_to(_nan_rows_mask(last), result.shape),
        )
    return result


def _q_array(q):
    return np.asanyarray(q._data if isinstance(q, _core._ArrayBase) else q)


def _quantile_is_valid(q):
    """NumPy's check: every q in [0, 1] (nan is not)."""
    if q.size == 0:
        return True
    with np.errstate(invalid="ignore"):
        return bool(np.all((q >= 0) & (q <= 1)))


def _check_method(method, weights):
    if method not in _METHODS:
        raise ValueError(f"{method!r} is not a valid method. Use one of: {_METHODS.keys()}")
    if weights is not None:
        if method != "inverted_cdf":
            raise ValueError(f"Only method 'inverted_cdf' supports weights. Got: {method}.")
        raise NotImplementedError("quantile: weights are not supported by arrpy yet")


def _quantiles(op, a, q, axis, out, method, keepdims, weights, nan, percent):
    """The shared body of (nan)quantile and (nan)percentile."""
    data = _data(a, op)
    if data.dtype.kind == "c":
        raise TypeError("a must be an array of real numbers")
    weak_q = type(q) in (int, float)
    q = _q_array(q)
    if percent:
        q = np.true_divide(q, 100)
    if not _quantile_is_valid(q):
        if percent:
            raise ValueError("Percentiles must be in the range [0, 100]")
        raise ValueError("Quantiles must be in the range [0, 1]")
    _check_method(method, weights)
    if q.ndim > 2:
        raise ValueError("q must be a scalar or 1d")
    if nan and data.size == 0:
        # NumPy: the nanmean of the empty input (nan with "Mean of empty slice"), whatever q.
        return mean(_core.wrap(data), axis=axis, out=out, keepdims=keepdims)
    axes = _axes(axis, data.ndim, op)
    work = _rows(data, axes)

    def rows(w):
        return _quantile_rows(w, q, method, weak_q)

    if nan and _is_inexact(data.dtype) and work.size > 0:
        result = _without_nans(work, rows, q.shape)
    else:
        result = rows(work)
    return _finish(result, q.ndim, axes, keepdims, out, op)


def quantile(
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
):
    """The q-th quantiles of the data along the given axes.

    Parameters
    ----------
    a : array_like
        Input of a real dtype (complex raises TypeError, as in NumPy).
    q : float or array_like of floats
        Quantiles in [0, 1]; an array of them puts its shape first in the result.
    axis : None, int or tuple of ints, optional
        Axes to reduce (None: all).
    out : ArrPy, optional
        Where to store the result.
    overwrite_input : bool, optional
        Accepted for NumPy compatibility; arrpy always works on a copy.
    method : str, optional
        NumPy's 13 estimators: 'inverted_cdf', 'averaged_inverted_cdf', 'closest_observation',
        'interpolated_inverted_cdf', 'hazen', 'weibull', 'linear' (default),
        'median_unbiased', 'normal_unbiased', 'lower', 'higher', 'midpoint', 'nearest'.
    keepdims : bool, optional
        Keep the reduced axes with length 1.
    weights : None
        Not supported yet (NotImplementedError with method='inverted_cdf').

    Returns
    -------
    ArrPy or NumPy scalar
        Interpolating methods give float64 for integer input and keep float32 (with a Python
        scalar q); 'lower', 'higher', 'nearest' and the discrete methods keep the input dtype.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.array([[10, 7, 4], [3, 2, 1]])
    >>> arrpy.quantile(a, 0.5)
    np.float64(3.5)
    >>> arrpy.quantile(a, [0.25, 0.75], axis=1)
    ArrPy([[5.5, 1.5],
           [8.5, 2.5]])
    >>> arrpy.quantile(a, 0.5, method="lower")
    np.int64(3)
    """
    return _quantiles("quantile", a, q, axis, out, method, keepdims, weights, False, False)


def percentile(
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
):
    """The q-th percentiles of the data along the given axes: ``quantile(a, q / 100)``.

    ``q`` is in [0, 100]; otherwise ValueError ("Percentiles must be in the range [0, 100]").
    The other parameters are those of ``arrpy.quantile``.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.arange(11.0)
    >>> arrpy.percentile(a, 90)
    np.float64(9.0)
    >>> arrpy.percentile(a, [25, 50], method="nearest")
    ArrPy([2., 5.])
    """
    return _quantiles("percentile", a, q, axis, out, method, keepdims, weights, False, True)


def nanquantile(
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
):
    """The q-th quantiles along the given axes, ignoring nans.

    A slice of nans only gives nan with a RuntimeWarning ("All-NaN slice encountered").
    Parameters as ``arrpy.quantile``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanquantile(arrpy.array([1.0, float("nan"), 3.0, 4.0]), 0.5)
    np.float64(3.0)
    """
    return _quantiles("nanquantile", a, q, axis, out, method, keepdims, weights, True, False)


def nanpercentile(
    a,
    q,
    axis=None,
    out=None,
    overwrite_input=False,
    method="linear",
    keepdims=False,
    *,
    weights=None,
):
    """The q-th percentiles along the given axes, ignoring nans (``q`` in [0, 100]).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.nanpercentile(arrpy.array([[1.0, float("nan")], [3.0, 4.0]]), 50, axis=1)
    ArrPy([1. , 3.5])
    """
    return _quantiles("nanpercentile", a, q, axis, out, method, keepdims, weights, True, True)


# --- nans and the result --------------------------------------------------------------------------


def _without_nans(work, statistic, q_shape):
    """``statistic`` (a function of a rows array, returning ``q_shape + rows``) of every row of
    ``work`` with its nans left out.

    Rows are grouped by how many numbers they hold, so each group is one rectangular array for
    ``statistic`` (one kernel call per distinct count, not one per row). A row of nans only has
    result nan, with NumPy's RuntimeWarning.
    """
    n = work.shape[-1]
    rows_shape = work.shape[:-1]
    if work.size == 0:
        return statistic(work)
    flat = work.reshape(-1, n)
    is_nan = unary("isnan", _core.wrap(flat))._data
    nan_counts = _as_ndarray(_core.wrap(is_nan).sum(axis=1))
    if not nan_counts.any():
        return statistic(work)
    counts = n - nan_counts
    groups = []
    for count in np.unique(counts).tolist():
        members = np.flatnonzero(counts == count)
        if count == 0:
            warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=4)
            groups.append((members, np.full(q_shape + (len(members),), np.nan, work.dtype)))
            continue
        numbers = flat[members][~is_nan[members]].reshape(len(members), count)
        groups.append((members, np.asarray(statistic(numbers))))
    computed = [values for members, values in groups if counts[members[0]] > 0]
    dtype = np.result_type(*computed) if computed else work.dtype
    result = np.empty(q_shape + (flat.shape[0],), dtype=dtype)
    for members, values in groups:
        result[..., members] = values
    return result.reshape(q_shape + rows_shape)


def _finish(result, q_ndim, axes, keepdims, out, op):
    """keepdims (after the q axes), out= (NumPy's quantile casts unsafely into it), and a NumPy
    scalar for a 0-d result."""
    return _finish_reduction(
        np.asarray(result), axes, None, keepdims, out, op, leading=q_ndim, casting="unsafe"
    )
