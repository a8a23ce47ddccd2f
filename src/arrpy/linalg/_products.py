"""The products of ``arrpy.linalg``: the Array API spellings over ``arrpy.products``, and
``matrix_power`` and ``multi_dot``, which choose the order of matrix products."""

import operator

import numpy as np

from arrpy import _core, products
from arrpy._convert import operand_data as _data
from arrpy.linalg._solvers import _stacked_square, inv

__all__ = [
    "LinAlgError",
    "cross",
    "diagonal",
    "matmul",
    "matrix_power",
    "matrix_transpose",
    "multi_dot",
    "outer",
    "tensordot",
    "trace",
    "vecdot",
]

# NumPy's exception class itself: code written for numpy.linalg catches arrpy's errors unchanged.
LinAlgError = np.linalg.LinAlgError


def matmul(x1, x2, /):
    """Matrix product (the Array API's ``linalg.matmul``: ``arrpy.matmul`` without options).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.matmul(arrpy.eye(2), arrpy.array([[1.0, 2.0], [3.0, 4.0]]))
    ArrPy([[1., 2.],
           [3., 4.]])
    """
    return products.matmul(x1, x2)


def vecdot(x1, x2, /, *, axis=-1):
    """Vector dot product along ``axis``, conjugating ``x1`` (see ``arrpy.vecdot``).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.vecdot(arrpy.array([1.0, 2.0]), arrpy.array([3.0, 4.0]))
    np.float64(11.0)
    """
    return products.vecdot(x1, x2, axis=axis)


def tensordot(x1, x2, /, *, axes=2):
    """Sum products over the given axes (see ``arrpy.tensordot``).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.tensordot(arrpy.ones((2, 3)), arrpy.ones((3, 2)), axes=1)
    ArrPy([[3., 3.],
           [3., 3.]])
    """
    return products.tensordot(x1, x2, axes=axes)


def outer(x1, x2, /):
    """Outer product of two vectors (1-d only, unlike ``arrpy.outer``).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.outer(arrpy.array([1, 2]), arrpy.array([3, 4]))
    ArrPy([[3, 4],
           [6, 8]])
    """
    a, b = _data(x1, "outer"), _data(x2, "outer")
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError(
            "Input arrays must be one-dimensional, but they are "
            f"x1.ndim={a.ndim} and x2.ndim={b.ndim}."
        )
    return products.outer(a, b)


def cross(x1, x2, /, *, axis=-1):
    """Cross product of (arrays of) 3-vectors along ``axis``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.cross(arrpy.array([0, 1, 0]), arrpy.array([0, 0, 1]))
    ArrPy([1, 0, 0])
    """
    a, b = _data(x1, "cross"), _data(x2, "cross")
    try:
        sizes = a.shape[axis], b.shape[axis]
    except IndexError:
        raise np.exceptions.AxisError(axis, min(a.ndim, b.ndim)) from None
    if sizes != (3, 3):
        raise ValueError(
            "Both input arrays must be (arrays of) 3-dimensional vectors, but they are "
            f"{sizes[0]} and {sizes[1]} dimensional instead."
        )
    return products.cross(a, b, axis=axis)


def trace(x, /, *, offset=0, dtype=None):
    """Sum of the diagonal of the last two axes (a batch of matrices gives a batch of traces).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.trace(arrpy.arange(8).reshape(2, 2, 2))
    ArrPy([ 3, 11])
    """
    return products.trace(x, offset, axis1=-2, axis2=-1, dtype=dtype)


def diagonal(x, /, *, offset=0):
    """The diagonal of the last two axes (a read-only view, as NumPy's).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.diagonal(arrpy.array([[1, 2], [3, 4]]))
    ArrPy([1, 4])
    """
    return _core.wrap(np.diagonal(_data(x, "diagonal"), offset, axis1=-2, axis2=-1))


def matrix_transpose(x, /):
    """Swap the last two axes (a view).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.matrix_transpose(arrpy.ones((2, 3))).shape
    (3, 2)
    """
    data = _data(x, "matrix_transpose")
    if data.ndim < 2:
        raise ValueError("matrix_transpose: input must have at least 2 dimensions")
    return _core.wrap(np.swapaxes(data, -1, -2))


def matrix_power(a, n):
    """Raise a square matrix (or a stack of them) to the integer power ``n``.

    Repeated squaring: the bits of ``n`` from the lowest select which squares multiply into
    the result, so ``n`` costs about ``2 log2(n)`` products. ``n == 0`` gives the identity (in
    ``a``'s dtype); a negative ``n`` raises the inverse (``linalg.inv``) to ``-n``.

    Parameters
    ----------
    a : array_like
        Square matrix, or a stack of them in the last two axes.
    n : int
        The exponent.

    Returns
    -------
    ArrPy

    Raises
    ------
    LinAlgError
        If ``a`` is not a (stack of) square matrices.
    TypeError
        If ``n`` is not an integer.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.matrix_power(arrpy.array([[2, 0], [0, 3]]), 3)
    ArrPy([[ 8,  0],
           [ 0, 27]])
    """
    data = _data(a, "matrix_power")
    _stacked_square(data)
    try:
        n = operator.index(n)
    except TypeError as error:
        raise TypeError("exponent must be an integer") from error
    if n == 0:
        identity = np.empty_like(data)
        identity[...] = np.eye(data.shape[-2], dtype=data.dtype)
        return _core.wrap(identity)
    if n < 0:
        data = inv(data)._data
        n = -n
    current = result = None
    while n > 0:
        current = data if current is None else products.matmul(current, current)._data
        n, bit = divmod(n, 2)
        if bit:
            result = current if result is None else products.matmul(result, current)._data
    return _core.wrap(result.copy() if result is data else result)


def _chain_order(shapes):
    """The optimal parenthesisation of a matrix chain (the textbook dynamic programme, Cormen et
    al. 15.2): ``split[i][j]`` is where the product of matrices i..j splits."""
    count = len(shapes)
    dims = [s[0] for s in shapes] + [shapes[-1][1]]
    cost = [[0] * count for _ in range(count)]
    split = [[0] * count for _ in range(count)]
    for length in range(1, count):
        for i in range(count - length):
            j = i + length
            cost[i][j] = float("inf")
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if q < cost[i][j]:
                    cost[i][j] = q
                    split[i][j] = k
    return split


def multi_dot(arrays, *, out=None):
    """Product of two or more matrices in the cheapest order (first and last may be vectors).

    Parameters
    ----------
    arrays : sequence of array_like
        2-d matrices; the first may be 1-d (a row vector) and the last 1-d (a column vector).
    out : ArrPy, optional
        As for ``arrpy.dot``: exactly the result's dtype and shape, C-contiguous.

    Returns
    -------
    ArrPy or scalar

    Examples
    --------
    >>> import arrpy
    >>> a, b, c = arrpy.ones((10, 100)), arrpy.ones((100, 5)), arrpy.ones((5, 50))
    >>> arrpy.linalg.multi_dot([a, b, c]).shape
    (10, 50)
    """
    count = len(arrays)
    if count < 2:
        raise ValueError("Expecting at least two arrays.")
    if count == 2:
        return products.dot(arrays[0], arrays[1], out=out)
    data = [_data(x, "multi_dot") for x in arrays]
    first_ndim, last_ndim = data[0].ndim, data[-1].ndim
    if first_ndim == 1:
        data[0] = data[0][np.newaxis, :]
    if last_ndim == 1:
        data[-1] = data[-1][:, np.newaxis]
    for matrix in data:
        if matrix.ndim != 2:
            raise LinAlgError(
                f"{matrix.ndim}-dimensional array given. Array must be two-dimensional"
            )
    split = _chain_order([m.shape for m in data])

    def chain(i, j, target=None):
        if i == j:
            return data[i]
        left, right = chain(i, split[i][j]), chain(split[i][j] + 1, j)
        return products.dot(left, right, out=target)

    result = chain(0, count - 1, out)
    if first_ndim == 1 and last_ndim == 1:
        return result._data[0, 0]
    if first_ndim == 1 or last_ndim == 1:
        return _core.wrap(result._data.ravel())
    return result
