"""Counting, searching and histograms: bincount, searchsorted, digitize, histogram,
histogram_bin_edges.

The front end does the semantics once (NumPy's argument checks and messages, dtypes, bin edges,
ranges, density) and hands the compute to the counting kernels of ``abi.h``:

* ``bincount``: one pass over int64 indices into ``nbins`` counters (or float64 weight sums);
* ``searchsorted``: a binary search of every value in a sorted 1-D array;
* ``histogram``: NumPy's equal-bin algorithm fused in one pass (the bin computed from the value's
  position in the range, then corrected against the edges so that it agrees with them exactly).

A histogram with explicit (non-uniform) edges is ``searchsorted`` of the values in the edges
followed by ``bincount`` of the bin numbers, with one extra "overflow" bin that collects the
values outside the edges (and nans), so that nothing needs to be compacted first.

NumPy computes the bin edges (``np.linspace``, as ``arrpy.linspace`` does): they are part of the
result's definition, not a loop over the data.
"""

import builtins
import operator
import warnings

import numpy as np

from arrpy import _core
from arrpy import reductions as _red
from arrpy._convert import as_ndarray
from arrpy._dtypes import from_numpy_dtype
from arrpy._registry import lookup
from arrpy._ufunc import binary, unary

__all__ = ["bincount", "searchsorted", "digitize", "histogram", "histogram_bin_edges"]

_INT64 = np.dtype(np.int64)
_FLOAT64 = np.dtype(np.float64)
# Dtype kinds the searchsorted kernel handles: bool, integers, floats.
_SEARCH_KINDS = "biuf"


def _ndarray(x, op):
    data = x._data if isinstance(x, _core._ArrayBase) else as_ndarray(x, op=op)
    if not (data.dtype.isnative and data.flags.aligned):
        data = data.astype(data.dtype.newbyteorder("="))
    return data


def _kernel(op, dtype):
    return lookup(op, from_numpy_dtype(dtype).name, _core.current_backend_name())


def _bincount_kernel(idx, weights, nbins):
    """The counts (int64) or weight sums (float64) of the int64 indices ``idx``."""
    out = np.empty(nbins, dtype=_INT64 if weights is None else _FLOAT64)
    _kernel("bincount", _INT64)(idx, weights, out)
    return out


def bincount(x, weights=None, minlength=0):
    """Count the occurrences of each value in an array of non-negative integers.

    Parameters
    ----------
    x : array_like, 1-D, non-negative integers
        Input.
    weights : array_like, optional
        Weights of the same length as ``x``: the result sums them per value (float64).
    minlength : int, optional
        A minimum number of bins for the output.

    Returns
    -------
    ArrPy
        int64 counts, or float64 sums of the weights; length ``max(x.max() + 1, minlength)``.

    Raises
    ------
    ValueError
        For negative values, a ``minlength`` below 0, a wrong ``weights`` length, or input that
        is not 1-D.
    TypeError
        For input that cannot be cast safely to int64 (floats, for example).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.bincount(arrpy.array([0, 1, 1, 3, 2, 1, 7]))
    ArrPy([1, 3, 1, 1, 0, 0, 0, 1])
    >>> arrpy.bincount(arrpy.array([0, 1, 1, 2]), weights=arrpy.array([0.5, 1.0, 0.25, 2.0]))
    ArrPy([0.5 , 1.25, 2.  ])
    """
    if minlength is None:
        raise TypeError("use 0 instead of None for minlength")
    minlength = operator.index(minlength)
    if minlength < 0:
        raise ValueError("'minlength' must not be negative")
    if isinstance(x, (list, tuple)) and len(x) == 0:
        data = np.empty(0, dtype=_INT64)
    else:
        data = _ndarray(x, "bincount")
    if data.ndim != 1:
        raise ValueError(
            "object too deep for desired array"
            if data.ndim > 1
            else "object of too small depth for desired array"
        )
    if data.dtype != _INT64:
        if not (np.can_cast(data.dtype, _INT64, "safe") or data.dtype.kind == "u"):
            raise TypeError(
                f"Cannot cast array data from {data.dtype!r} to dtype('int64') according to the "
                "rule 'safe'"
            )
        # uint64 values beyond int64 cannot be counted anyway (NumPy fails on the allocation).
        data = data.astype(_INT64)
    w = None
    if weights is not None:
        w = _ndarray(weights, "bincount")
        if w.dtype.kind == "c":
            raise TypeError(
                f"Cannot cast array data from {w.dtype!r} to dtype('float64') according to the "
                "rule 'safe'"
            )
        w = w.reshape(-1).astype(_FLOAT64, copy=False)
        if w.shape[0] != data.shape[0]:
            raise ValueError("The weights and list don't have the same length.")
    nbins = minlength
    if data.size == 0:
        # NumPy: zeros of the index type, with or without weights.
        return _core.wrap(np.zeros(nbins, dtype=_INT64))
    if data.size:
        if _red.min(data) < 0:
            raise ValueError("'list' argument must have no negative elements")
        nbins = max(nbins, int(_red.max(data)) + 1)
    return _core.wrap(_bincount_kernel(data, w, nbins))


def _searchsorted(edges, values, side):
    """searchsorted of the 1-D ``values`` in the 1-D ``edges`` (one real dtype): int64."""
    out = np.empty(values.shape[0], dtype=_INT64)
    _kernel("searchsorted", edges.dtype)(edges, values, out, side)
    return out


def _common_search_dtype(a, v, op):
    """The dtype both arrays are searched in (NumPy's promotion of the two)."""
    dtype = np.result_type(a, v)
    if dtype.kind not in _SEARCH_KINDS:
        raise TypeError(
            f"{op}: arrays of dtype {a.dtype} and {np.asarray(v).dtype} cannot be searched "
            "(supported: bool, integers, float32, float64)"
        )
    return dtype


def searchsorted(a, v, side="left", sorter=None):
    """Indices where the values ``v`` would be inserted into the sorted 1-D ``a`` to keep it
    sorted.

    Parameters
    ----------
    a : array_like, 1-D
        Sorted in ascending order (nan last), unless ``sorter`` sorts it.
    v : array_like or scalar
        Values to insert.
    side : {'left', 'right'}, optional
        'left': the first suitable index (before equal values); 'right': after them.
    sorter : array_like of int, optional
        Indices that sort ``a`` (as from ``argsort``).

    Returns
    -------
    ArrPy of int64 or NumPy int64
        Same shape as ``v``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.searchsorted(arrpy.array([1, 2, 3, 4, 5]), 3)
    np.int64(2)
    >>> arrpy.searchsorted(arrpy.array([1, 2, 3, 4, 5]), arrpy.array([-10, 3, 10]), side="right")
    ArrPy([0, 3, 5])
    """
    if side not in ("left", "right"):
        raise ValueError(f"search side must be 'left' or 'right' (got {side!r})")
    edges = _ndarray(a, "searchsorted")
    if edges.ndim != 1:
        raise ValueError(
            "object too deep for desired array"
            if edges.ndim > 1
            else "object of too small depth for desired array"
        )
    if sorter is not None:
        order = _ndarray(sorter, "searchsorted")
        if order.shape != edges.shape:
            raise ValueError("sorter.size must equal a.size")
        edges = edges.take(order)  # a gather (NumPy moves memory)
    values = v._data if isinstance(v, _core._ArrayBase) else v
    dtype = _common_search_dtype(edges, values, "searchsorted")
    values = np.asarray(values, dtype=dtype)
    result = _searchsorted(edges.astype(dtype, copy=False), values.reshape(-1), side).reshape(
        values.shape
    )
    if result.ndim == 0:
        return result[()]
    return _core.wrap(result)


def _monotonicity(bins):
    """1 if ``bins`` never decreases, -1 if it never increases, else 0 (NumPy's rule)."""
    if bins.shape[0] < 2:
        return 1
    low, high = _core.wrap(bins[:-1]), _core.wrap(bins[1:])
    if _red.all(binary("less_equal", low, high)):
        return 1
    if _red.all(binary("greater_equal", low, high)):
        return -1
    return 0


def digitize(x, bins, right=False):
    """The index of the bin each value of ``x`` falls in.

    With increasing ``bins``: ``bins[i-1] <= x < bins[i]`` gives ``i`` (``right=True``:
    ``bins[i-1] < x <= bins[i]``); decreasing bins mirror this. Values beyond the bins give 0
    or ``len(bins)``.

    Parameters
    ----------
    x : array_like
        Values (not complex).
    bins : array_like, 1-D, monotonic
        Bin edges.
    right : bool, optional
        Whether a bin includes its right edge instead of its left one.

    Returns
    -------
    ArrPy of int64 or NumPy int64

    Examples
    --------
    >>> import arrpy
    >>> arrpy.digitize(arrpy.array([0.2, 6.4, 3.0, 1.6]), arrpy.array([0.0, 1.0, 2.5, 4.0, 10.0]))
    ArrPy([1, 4, 3, 2])
    """
    values = x._data if isinstance(x, _core._ArrayBase) else np.asarray(x)
    if values.dtype.kind == "c":
        raise TypeError("x may not be complex")
    edges = _ndarray(bins, "digitize")
    if edges.ndim != 1:
        raise ValueError("bins must be a 1-d array")  # close to NumPy's "object too deep"
    direction = _monotonicity(edges)
    if direction == 0:
        raise ValueError("bins must be monotonically increasing or decreasing")
    side = "left" if right else "right"
    if direction == -1:
        # Decreasing bins: search the reversed (increasing) edges and count from the end.
        found = searchsorted(edges[::-1], values, side=side)
        if isinstance(found, _core._ArrayBase):
            return binary("subtract", edges.shape[0], found)
        return np.int64(edges.shape[0] - found)
    return searchsorted(edges, values, side=side)


# --- histogram ------------------------------------------------------------------------------


def _ravel_and_check_weights(a, weights):
    data = _ndarray(a, "histogram")
    if data.dtype.kind == "b":
        warnings.warn(
            f"Converting input from {data.dtype} to {np.uint8} for compatibility.",
            RuntimeWarning,
            stacklevel=3,
        )
        data = data.astype(np.uint8)
    w = None
    if weights is not None:
        w = _ndarray(weights, "histogram")
        if w.shape != data.shape:
            raise ValueError("weights should have the same shape as a.")
        w = w.reshape(-1)
    return data.reshape(-1), w


def _outer_edges(a, range):
    """NumPy's _get_outer_edges: the range of the data (or the given one), widened by 0.5 on
    each side when it is a single value."""
    if range is not None:
        first, last = range
        if first > last:
            raise ValueError("max must be larger than min in range parameter.")
        if not (np.isfinite(first) and np.isfinite(last)):
            raise ValueError(f"supplied range of [{first}, {last}] is not finite")
    elif a.size == 0:
        first, last = 0, 1
    else:
        first, last = _red.min(a), _red.max(a)
        if not (np.isfinite(first) and np.isfinite(last)):
            raise ValueError(f"autodetected range of [{first}, {last}] is not finite")
    if first == last:
        first = first - 0.5
        last = last + 0.5
    return first, last


def _ptp(a):
    """max - min of the data, as a Python float (NumPy's estimators use the data's extent)."""
    return float(_red.max(a)) - float(_red.min(a))


def _sturges(a, range):
    return _ptp(a) / (np.log2(a.size) + 1.0)


def _freedman_diaconis(a, range):
    """Twice the interquartile range over the cube root of the size."""
    from arrpy.order_statistics import percentile

    upper, lower = percentile(_core.wrap(a), [75, 25])._data
    return 2.0 * float(upper - lower) * a.size ** (-1.0 / 3.0)


def _auto(a, range):
    """The smaller of the Freedman-Diaconis and Sturges widths, Freedman-Diaconis kept at no
    less than half the 'sqrt' width (NumPy 2's limit on the number of bins for outliers)."""
    fd, sturges = _freedman_diaconis(a, range), _sturges(a, range)
    return min(max(fd, _ptp(a) / np.sqrt(a.size) / 2), sturges)


def _doane(a, range):
    """Sturges corrected for the skewness g1 of the data (Doane's formula)."""
    if a.size <= 2:
        return 0.0
    sg1 = np.sqrt(6.0 * (a.size - 2) / ((a.size + 1.0) * (a.size + 3)))
    sigma = float(_red.std(a))
    if not sigma > 0.0:
        return 0.0
    wrapped = _core.wrap(a)
    standardised = binary("divide", binary("subtract", wrapped, _red.mean(wrapped)), sigma)
    g1 = float(_red.mean(binary("power", standardised, 3)))
    return _ptp(a) / (1.0 + np.log2(a.size) + np.log2(1.0 + abs(g1) / sg1))


def _stone(a, range):
    """The width minimising Stone's estimate of the integrated squared error, over 1 to
    max(100, sqrt(n)) bins (each candidate is one histogram)."""
    n = a.size
    extent = _ptp(a)
    if n <= 1 or extent == 0:
        return 0.0

    def risk(nbins):
        counts = histogram(_core.wrap(a), bins=nbins, range=range)[0]._data
        p = counts / n  # a few hundred values: scalar bookkeeping
        return (2 - (n + 1) * float(p @ p)) / (extent / nbins)

    upper = max(100, int(np.sqrt(n)))
    nbins = builtins.min(builtins.range(1, upper + 1), key=risk)  # (range is a parameter here)
    if nbins == upper:
        warnings.warn(
            "The number of bins estimated may be suboptimal.", RuntimeWarning, stacklevel=4
        )
    return extent / nbins


# NumPy's bin-width estimators (_hist_bin_selectors), for the data ``a`` (already within the
# range) and the range: the extent of the data over a number of bins, or a statistic of it.
_ESTIMATORS = {
    "sqrt": lambda a, r: _ptp(a) / np.sqrt(a.size),
    "sturges": _sturges,
    "rice": lambda a, r: _ptp(a) / (2.0 * a.size ** (1.0 / 3)),
    "scott": lambda a, r: (24.0 * np.pi**0.5 / a.size) ** (1.0 / 3.0) * float(_red.std(a)),
    "fd": _freedman_diaconis,
    "auto": _auto,
    "doane": _doane,
    "stone": _stone,
}


def _bin_edges(a, bins, range, weights):
    """``(edges, uniform)``: the bin edges and, for equal bins, ``(first, last, count)``."""
    n_equal_bins = None
    if isinstance(bins, str):
        if bins not in _ESTIMATORS:
            raise ValueError(f"{bins!r} is not a valid estimator for `bins`")
        if weights is not None:
            raise TypeError(
                "Automated estimation of the number of bins is not supported for weighted data"
            )
        first, last = _outer_edges(a, range)
        if range is not None:
            wrapped = _core.wrap(a)
            keep = binary(
                "logical_and",
                binary("greater_equal", wrapped, first),
                binary("less_equal", wrapped, last),
            )
            a = a[keep._data]
        if a.size == 0:
            n_equal_bins = 1
        else:
            width = _ESTIMATORS[bins](a, (first, last))
            if width:
                if a.dtype.kind in "iu" and width < 1:
                    width = 1
                n_equal_bins = int(np.ceil((last - first) / width))
            else:
                n_equal_bins = 1
    elif np.ndim(bins) == 0:
        try:
            n_equal_bins = operator.index(bins)
        except TypeError as error:
            raise TypeError("`bins` must be an integer, a string, or an array") from error
        if n_equal_bins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        first, last = _outer_edges(a, range)
    elif np.ndim(bins) == 1:
        edges = _ndarray(bins, "histogram")
        if edges.shape[0] > 1 and not _red.all(
            binary("less_equal", _core.wrap(edges[:-1]), _core.wrap(edges[1:]))
        ):
            raise ValueError("`bins` must increase monotonically, when an array")
        return edges, None
    else:
        raise ValueError("`bins` must be 1d, when an array")

    bin_type = np.result_type(first, last, a)
    if bin_type.kind in "iub":
        bin_type = np.result_type(bin_type, float)
    edges = np.linspace(first, last, n_equal_bins + 1, endpoint=True, dtype=bin_type)
    if n_equal_bins > 0 and not _red.all(
        binary("less", _core.wrap(edges[:-1]), _core.wrap(edges[1:]))
    ):
        raise ValueError(
            f"Too many bins for data range. Cannot create {n_equal_bins} finite-sized bins."
        )
    return edges, (first, last, n_equal_bins)


def _weighted(count, weights, ntype):
    """Run ``count(w)`` (float64 weights -> float64 sums) for weights of any real or complex
    dtype and return the sums in ``ntype`` (NumPy's rule: the weights' dtype)."""
    if weights is None:
        return count(None)
    if weights.dtype.kind == "c":
        result = np.empty_like(count(weights.real.astype(_FLOAT64)), dtype=ntype)
        result.real = count(weights.real.astype(_FLOAT64))
        result.imag = count(weights.imag.astype(_FLOAT64))
        return result
    return count(weights.astype(_FLOAT64, copy=False)).astype(ntype, copy=False)


def _histogram(a, bins, range, weights):
    """(counts ndarray, edges ndarray)."""
    a, weights = _ravel_and_check_weights(a, weights)
    edges, uniform = _bin_edges(a, bins, range, weights)
    ntype = _INT64 if weights is None else weights.dtype
    if uniform is not None and edges.dtype.kind == "f":
        first, last, nbins = uniform
        values = a.astype(edges.dtype, copy=False)

        def count(w):
            out = np.empty(nbins, dtype=_INT64 if w is None else _FLOAT64)
            _kernel("histogram", edges.dtype)(values, w, float(first), float(last), edges, out)
            return out

        return _weighted(count, weights, ntype), edges
    # Edges given as an array: the bin of each value is found by binary search. A value in
    # [edges[i], edges[i+1]) is in bin i, the last bin includes its right edge.
    nbins = edges.shape[0] - 1
    if nbins < 1:
        raise ValueError("histogram: `bins` must hold at least 2 edges, when an array")
    dtype = _common_search_dtype(edges, a, "histogram")
    values = a.astype(dtype, copy=False)
    bounds = edges.astype(dtype, copy=False)
    closed = _closed_last_edge(bounds)
    if closed is not None:
        # Two kernel passes: search the edges with the last one moved up by one step (so that a
        # value equal to it lands in the last bin), side right: index 0 is "below the first
        # edge", 1..nbins the bins, nbins + 1 "above the last edge, or nan". Counting nbins + 2
        # bins and dropping the first and last needs no mask.
        index = _searchsorted(closed, values, "right")

        def count(w):
            return _bincount_kernel(index, w, nbins + 2)[1:-1]

        return _weighted(count, weights, ntype), edges
    # The last edge is the largest value of the dtype (or inf): nothing is above it but nan.
    # Every value outside the edges goes to an overflow bin nbins, dropped at the end.
    index = _searchsorted(bounds[:-1], values, "right")  # bin + 1 for values >= edges[0]
    index = binary("subtract", _core.wrap(index), 1)._data
    # Outside: below the first edge (index -1), or not <= the last edge (above it, or nan).
    below = binary("less", _core.wrap(index), 0)
    not_above = binary("less_equal", _core.wrap(values), bounds[-1])
    outside = binary("logical_or", below, unary("logical_not", not_above))._data
    np.copyto(index, nbins, where=outside)

    def count(w):
        return _bincount_kernel(index, w, nbins + 1)[:nbins]

    return _weighted(count, weights, ntype), edges


def _closed_last_edge(bounds):
    """A copy of the edges with the last one replaced by the next value of the dtype above it
    (x <= last  <=>  x < next), or None when there is no such value (the dtype's maximum,
    inf, nan)."""
    last = bounds[-1]
    if bounds.dtype.kind == "f":
        if not np.isfinite(last) or last == np.finfo(bounds.dtype).max:
            return None
        step = np.nextafter(last, bounds.dtype.type(np.inf))
    elif bounds.dtype.kind in "iu":
        if last == np.iinfo(bounds.dtype).max:
            return None
        step = last + bounds.dtype.type(1)
    else:  # bool
        if last:
            return None
        step = True
    closed = bounds.copy()
    closed[-1] = step
    return closed


def histogram(a, bins=10, range=None, density=None, weights=None):
    """Compute the histogram of the values in ``a``.

    Parameters
    ----------
    a : array_like
        Input (flattened).
    bins : int, sequence of scalars or str, optional
        The number of equal-width bins in ``range`` (default 10); or the bin edges, increasing
        (every bin but the last is half-open, ``[edge, next)``; the last includes its right
        edge); or the name of one of NumPy's bin-width estimators: 'auto', 'fd', 'doane',
        'scott', 'stone', 'rice', 'sturges', 'sqrt'.
    range : (float, float), optional
        The lower and upper range of the bins (default: the data's min and max). Values outside
        it are ignored.
    density : bool, optional
        If True, the result is the value of the probability density at each bin (the counts
        divided by the total and by the bin width).
    weights : array_like, optional
        A weight for each value of ``a``: the bins sum the weights (in the weights' dtype).

    Returns
    -------
    hist : ArrPy
        int64 counts (or the weight sums; float64 with ``density``).
    bin_edges : ArrPy
        The ``len(hist) + 1`` bin edges.

    Examples
    --------
    >>> import arrpy
    >>> hist, edges = arrpy.histogram(arrpy.array([1, 2, 1]), bins=[0, 1, 2, 3])
    >>> hist
    ArrPy([0, 2, 1])
    >>> edges
    ArrPy([0, 1, 2, 3])
    >>> hist, edges = arrpy.histogram(arrpy.array([0.5, 1.5, 1.7, 4.0]), bins=4, range=(0, 4))
    >>> hist
    ArrPy([1, 2, 0, 1])
    """
    hist, edges = _histogram(a, bins, range, weights)
    if density:
        # n / width / n.sum(), in float64 (NumPy's order of the two divisions).
        widths = binary("subtract", _core.wrap(edges[1:]), _core.wrap(edges[:-1]))
        widths = _core.wrap(widths._data.astype(_FLOAT64, copy=False))
        total = _red.sum(hist)
        hist_w = binary("divide", _core.wrap(hist), widths)
        return binary("divide", hist_w, total), _core.wrap(edges)
    return _core.wrap(hist), _core.wrap(edges)


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """The bin edges ``histogram`` would use (see ``arrpy.histogram`` for the arguments).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.histogram_bin_edges(arrpy.array([0.0, 1.0, 2.0, 4.0]), bins=4)
    ArrPy([0., 1., 2., 3., 4.])
    """
    a, weights = _ravel_and_check_weights(a, weights)
    edges, _ = _bin_edges(a, bins, range, weights)
    return _core.wrap(edges)
