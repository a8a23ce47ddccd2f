"""Counting and searching kernels of the python backend: bincount, searchsorted, histogram.

The contracts are those of ``abi.h`` (``arrpy_bincount_fn``, ``arrpy_searchsorted_fn``,
``arrpy_histogram_fn``); here every kernel reads its 1-D inputs with ``read_values`` and writes
its output with ``write_values``, and returns status 0. The front end (``arrpy.histograms``) has
validated everything a kernel relies on: indices in range, sorted edges, ``lo < hi``.

* ``bincount(idx, weights, out)``: ``out[i]`` is the number of ``k`` with ``idx[k] == i`` (int64)
  or, with weights, the sum of their ``weights[k]`` (float64), added in the order of ``k``.
* ``searchsorted(edges, v, out, side)``: for each value the insertion index into the sorted
  ``edges`` that keeps them sorted: before equal edges for ``side="left"``, after them for
  ``"right"``. nan sorts after every number (NumPy's sort order), so it is inserted at the end.
* ``histogram(a, weights, lo, hi, edges, out)``: NumPy's algorithm for equal bins: a value's bin
  is computed from its position in ``[lo, hi]`` and then moved by one if rounding put it on the
  wrong side of an edge, so the result agrees with ``edges`` exactly.
"""

import math

from arrpy.backends.python._buffers import read_values, write_values

__all__ = ["counting_kernel", "supported_counting"]

_SEARCH_DTYPES = (
    "bool",
    "int8",
    "uint8",
    "int16",
    "uint16",
    "int32",
    "uint32",
    "int64",
    "uint64",
    "float32",
    "float64",
)


def supported_counting():
    """The (op, dtype name) pairs this backend has a counting kernel for."""
    return (
        [("bincount", "int64")]
        + [("searchsorted", d) for d in _SEARCH_DTYPES]
        + [("histogram", "float32"), ("histogram", "float64")]
    )


def bincount(idx, weights, out):
    """Count (or sum the weights of) each index: one pass, in the order of the input."""
    nbins = out.shape[0]
    if weights is None:
        totals = [0] * nbins
        for i in read_values(idx, "int64"):
            totals[i] += 1
        write_values(out, "int64", totals)
    else:
        totals = [0.0] * nbins
        for i, w in zip(read_values(idx, "int64"), read_values(weights, "float64"), strict=True):
            totals[i] += w  # Python floats are IEEE doubles: NumPy's float64 additions
        write_values(out, "float64", totals)
    return 0


def _less(a, b):
    """NumPy's sort order: the usual order of numbers, with nan after all of them."""
    return a < b or (b != b and a == a)


def _search(edges, value, right):
    """Binary search: the first index whose edge is > value (right) or >= value (left)."""
    low, high = 0, len(edges)
    while low < high:
        middle = (low + high) // 2
        # Go right of `middle` while its edge still belongs before the value.
        before = not _less(value, edges[middle]) if right else _less(edges[middle], value)
        if before:
            low = middle + 1
        else:
            high = middle
    return low


def _searchsorted_kernel(dtype):
    def kernel(edges, v, out, side):
        sorted_edges = list(read_values(edges, dtype))
        right = side == "right"
        write_values(out, "int64", [_search(sorted_edges, x, right) for x in read_values(v, dtype)])
        return 0

    kernel.__name__ = f"searchsorted_{dtype}"
    return kernel


def _histogram_kernel(dtype):
    def kernel(a, weights, lo, hi, edges, out):
        nbins = out.shape[0]
        bounds = list(read_values(edges, dtype))
        weighted = weights is not None
        totals = [0.0 if weighted else 0] * nbins
        values = read_values(a, dtype)
        ws = read_values(weights, "float64") if weighted else None
        width = hi - lo
        for k, x in enumerate(values):
            if not lo <= x <= hi:  # outside the range, or nan
                continue
            i = math.trunc((x - lo) / width * nbins)
            if i >= nbins:  # x == hi (or rounding just below it)
                i = nbins - 1
            # The computed position can be one bin off near an edge: the edges decide.
            if x < bounds[i]:
                i = i - 1 if i > 0 else 0
            elif i < nbins - 1 and x >= bounds[i + 1]:
                i += 1
            totals[i] += ws[k] if weighted else 1
        write_values(out, "float64" if weighted else "int64", totals)
        return 0

    kernel.__name__ = f"histogram_{dtype}"
    return kernel


def counting_kernel(op, dtype):
    """The kernel for ``(op, dtype)`` (see ``supported_counting``)."""
    if op == "bincount":
        return bincount
    if op == "searchsorted":
        return _searchsorted_kernel(dtype)
    return _histogram_kernel(dtype)
