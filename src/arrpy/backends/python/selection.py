"""Selection kernel of the python backend: ``kernel(x, kth)`` partitions ``x`` in place.

The contract is ``partition_nd`` in ``backends/abi.h`` (NumPy's ``np.partition``): along the last
axis of ``x`` every row is reordered so that, for each index ``p`` in ``kth`` (increasing, in
range), the element at ``p`` is the one a full sort would put there, nothing before it is greater
and nothing after it is smaller. The order is NumPy's sort order, written here as a sort key:

* bool and integers: by value;
* floats: by value with every nan last (``(is nan, value)``); 0.0 and -0.0 are equal;
* complex: NumPy's lexicographic order with its nan rules, which groups the numbers into four
  classes sorted one after the other, ``R + Rj < R + nanj < nan + Rj < nan + nanj``, and inside a
  class by the parts that are not nan (real part first).

The algorithm is *introselect*: quickselect (Hoare's FIND) with a median-of-three pivot and a
three-way split, which handles rows full of equal values in linear time; if the recursion gets
deeper than ``2 log2 n`` (an adversarial row), the remaining range is sorted instead, so the worst
case stays O(n log n). Several ``kth`` are selected one after the other, each in the part of the
row after the previous one (which is already at its final place with nothing smaller after it).
"""

from arrpy.backends.python._buffers import read_values, write_values

__all__ = ["partition_kernel", "supported_partition", "select_row"]

# Ranges at most this long are finished by sorting them (cheaper than more partition passes).
_SMALL = 16


def _float_key(v):
    """NumPy's float order: numbers by value, then every nan (equal to each other)."""
    return (True, 0.0) if v != v else (False, v)


def _complex_key(z):
    """NumPy's complex order (see the module docstring): the nan class, then the parts."""
    re, im = z.real, z.imag
    re_nan, im_nan = re != re, im != im
    return (2 * re_nan + im_nan, 0.0 if re_nan else re, 0.0 if im_nan else im)


def _key_function(dtype_name):
    if dtype_name.startswith("float"):
        return _float_key
    if dtype_name.startswith("complex"):
        return _complex_key
    return None  # bool and integers: the value is its own key


def _sort_range(keys, values, lo, hi):
    """Sort keys[lo:hi] (and values with them) by key."""
    order = sorted(range(lo, hi), key=keys.__getitem__)
    keys[lo:hi] = [keys[i] for i in order]
    values[lo:hi] = [values[i] for i in order]


def _swap(keys, values, i, j):
    keys[i], keys[j] = keys[j], keys[i]
    values[i], values[j] = values[j], values[i]


def _median_of_three(keys, lo, mid, last):
    """The index (one of lo, mid, last) holding the median of the three keys."""
    a, b, c = keys[lo], keys[mid], keys[last]
    if a < b:
        if b < c:
            return mid
        return last if a < c else lo
    if a < c:
        return lo
    return last if b < c else mid


def _three_way_split(keys, values, lo, hi, pivot_index):
    """Reorder [lo, hi) into keys < pivot, == pivot, > pivot (Dijkstra's Dutch national flag);
    returns (lt, gt): the equal keys occupy [lt, gt)."""
    pivot = keys[pivot_index]
    lt, i, gt = lo, lo, hi
    while i < gt:
        key = keys[i]
        if key < pivot:
            _swap(keys, values, lt, i)
            lt += 1
            i += 1
        elif pivot < key:
            gt -= 1
            _swap(keys, values, i, gt)
        else:
            i += 1
    return lt, gt


def _select(keys, values, lo, hi, k):
    """Put the element of rank k (lo <= k < hi) of the range [lo, hi) at index k, the smaller
    ones before it and the larger ones after it."""
    depth = 2 * max(1, (hi - lo).bit_length())  # introselect's recursion budget
    while hi - lo > _SMALL:
        if depth == 0:
            break  # too many bad pivots: sort what is left
        depth -= 1
        pivot = _median_of_three(keys, lo, (lo + hi) // 2, hi - 1)
        lt, gt = _three_way_split(keys, values, lo, hi, pivot)
        if k < lt:
            hi = lt
        elif k >= gt:
            lo = gt
        else:
            return  # k falls among the keys equal to the pivot: in place already
    _sort_range(keys, values, lo, hi)


def select_row(values, kth, key=None):
    """Partition the list ``values`` in place around the increasing indices ``kth``."""
    # The keys move together with the values (a separate list even when a value is its own key).
    keys = list(values) if key is None else list(map(key, values))
    lo = 0
    for k in kth:
        _select(keys, values, lo, len(values), k)
        lo = k + 1  # everything at or before k is final for the later (larger) indices


def supported_partition():
    """The dtypes this backend partitions: all of them."""
    from arrpy._registry import SELECTIONS

    return list(SELECTIONS["partition"])


def partition_kernel(dtype_name):
    """The kernel ``kernel(x, kth)`` partitioning ``x`` (an ndarray of ``dtype_name``) in place
    along its last axis around the indices of the int64 array ``kth``; it returns 0."""
    key = _key_function(dtype_name)

    def kernel(x, kth):
        n = x.shape[-1]
        if x.size == 0 or len(kth) == 0:
            return 0
        kth = [int(k) for k in kth]
        values = list(read_values(x, dtype_name))  # a copy: the buffer is rewritten below
        for start in range(0, len(values), n):
            row = values[start : start + n]
            select_row(row, kth, key)
            values[start : start + n] = row
        write_values(x, dtype_name, values)
        return 0

    kernel.__name__ = f"partition_{dtype_name}"
    kernel.__qualname__ = kernel.__name__
    return kernel
