"""Vector and matrix norms (``norm``, ``vector_norm``, ``matrix_norm``), NumPy's definitions,
computed by the elementwise and reduction kernels.

The 2-norm is ``sqrt(sum(|x|**2))`` (NumPy computes the full-array case with a BLAS dot, so the
last bits may differ); the matrix 2-norm, -2-norm and nuclear norm are functions of the singular
values, from ``linalg.svd``.
"""

import math
import operator

import numpy as np
from numpy.exceptions import AxisError

from arrpy import _core, reductions
from arrpy._convert import operand_data
from arrpy._ufunc import binary, unary

__all__ = ["matrix_norm", "norm", "vector_norm"]


def _float_data(x, op):
    data = operand_data(x, op)
    if data.dtype.kind not in "fc":
        data = data.astype(np.float64)
    return data


def _abs(data):
    return unary("absolute", _core.wrap(data))


def _squares(data):
    """``|x|**2`` as a real array (complex: real**2 + imag**2, as ``(conj(x) * x).real``)."""
    if data.dtype.kind == "c":
        return binary(
            "add",
            unary("square", _core.wrap(np.ascontiguousarray(data.real))),
            unary("square", _core.wrap(np.ascontiguousarray(data.imag))),
        )
    return unary("square", _core.wrap(data))


def _wrap_result(result):
    return result if isinstance(result, (_core._ArrayBase, np.generic)) else _core.wrap(result)


def _scalar_if_0d(result):
    """A 0-d result as a NumPy scalar, as NumPy's norms return it."""
    if isinstance(result, _core._ArrayBase) and result.ndim == 0:
        return result._data[()]
    return result


def _vector_norm(data, ord, axis, keepdims):
    """NumPy's vector norms along one axis."""
    if ord == math.inf:
        return reductions.max(_abs(data), axis=axis, keepdims=keepdims, initial=0)
    if ord == -math.inf:
        return reductions.min(_abs(data), axis=axis, keepdims=keepdims)
    if ord == 0:
        nonzero = binary("not_equal", _core.wrap(data), 0)._data
        return reductions.sum(
            _core.wrap(nonzero.astype(data.real.dtype)), axis=axis, keepdims=keepdims
        )
    if ord == 1:
        return reductions.sum(_abs(data), axis=axis, keepdims=keepdims)
    if ord is None or ord == 2:
        return unary("sqrt", reductions.sum(_squares(data), axis=axis, keepdims=keepdims))
    if isinstance(ord, str):
        raise ValueError(f"Invalid norm order '{ord}' for vectors")
    powered = binary("power", _abs(data), ord)
    total = reductions.sum(powered, axis=axis, keepdims=keepdims)
    return binary("power", total, unary("reciprocal", np.asarray(ord, dtype=total.dtype)))


def _singular_value_norm(data, ord, row_axis, col_axis):
    """The 2-norm (largest singular value), -2 (smallest) or nuclear norm (their sum)."""
    from arrpy.linalg._decompositions import svd  # the decompositions import this module

    values = svd(np.moveaxis(data, (row_axis, col_axis), (-2, -1)), compute_uv=False)
    if ord == 2:
        return reductions.max(values, axis=-1)
    if ord == -2:
        return reductions.min(values, axis=-1)
    return reductions.sum(values, axis=-1)


def _matrix_norm(data, ord, row_axis, col_axis, keepdims):
    """NumPy's matrix norms over two axes."""
    row_axis = _normalized(row_axis, data.ndim)
    col_axis = _normalized(col_axis, data.ndim)
    if row_axis == col_axis:
        raise ValueError("Duplicate axes given.")
    inner = None
    if ord in (2, -2, "nuc"):
        result = _singular_value_norm(data, ord, row_axis, col_axis)
    elif ord in (1, -1):
        inner, outer = row_axis, col_axis - (col_axis > row_axis)
    elif ord in (math.inf, -math.inf):
        inner, outer = col_axis, row_axis - (row_axis > col_axis)
    elif ord in (None, "fro", "f"):
        sums = reductions.sum(_squares(data), axis=(row_axis, col_axis))
        result = unary("sqrt", sums)
    else:
        raise ValueError("Invalid norm order for matrices.")
    if inner is not None:
        sums = reductions.sum(_abs(data), axis=inner)
        if ord in (1, math.inf):
            result = reductions.max(sums, axis=outer, initial=0)
        else:
            result = reductions.min(sums, axis=outer)
    result = _wrap_result(result)
    if keepdims:
        shape = list(data.shape)
        shape[row_axis] = shape[col_axis] = 1
        result = _core.wrap(np.reshape(result._data if hasattr(result, "_data") else result, shape))
    return result


def _normalized(axis, ndim):
    index = operator.index(axis)
    if not -ndim <= index < ndim:
        raise AxisError(index, ndim)
    return index % ndim


def norm(x, ord=None, axis=None, keepdims=False):
    """Matrix or vector norm (NumPy's ``linalg.norm``).

    Parameters
    ----------
    x : array_like
        Input; integers are converted to float64.
    ord : {None, int, float, inf, -inf, 'fro', 'nuc'}, optional
        The norm (NumPy's table): for vectors any power, 0 (count of nonzeros), inf and -inf;
        for matrices 'fro', 'nuc', 1, -1, 2, -2, inf, -inf.
    axis : None, int or 2-tuple of ints, optional
        One axis: vector norms; two axes: matrix norms; None: the whole array as a vector
        (ord None), or as a matrix if it is 2-d and ``ord`` is given.
    keepdims : bool, optional
        Keep the normed axes with length 1.

    Returns
    -------
    ArrPy or float

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.norm(arrpy.array([3.0, 4.0]))
    np.float64(5.0)
    >>> arrpy.linalg.norm(arrpy.array([[1.0, -2.0], [3.0, 4.0]]), ord=1)
    np.float64(6.0)
    """
    return _scalar_if_0d(_norm(_float_data(x, "norm"), ord, axis, keepdims))


def _norm(data, ord, axis, keepdims):
    if axis is None:
        if ord is None or (ord in ("f", "fro") and data.ndim == 2) or (ord == 2 and data.ndim == 1):
            result = unary("sqrt", reductions.sum(_squares(data.ravel())))
            if keepdims:
                return _core.wrap(np.reshape(result, [1] * data.ndim))
            return result
        axis = tuple(range(data.ndim))
    elif not isinstance(axis, tuple):
        try:
            axis = (operator.index(axis),)
        except TypeError as error:
            raise TypeError("'axis' must be None, an integer or a tuple of integers") from error
    if len(axis) == 1:
        return _vector_norm(data, ord, _normalized(axis[0], data.ndim), keepdims)
    if len(axis) == 2:
        return _matrix_norm(data, ord, axis[0], axis[1], keepdims)
    raise ValueError("Improper number of dimensions to norm.")


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """Vector norm over ``axis`` (None: all of ``x`` as one vector; a tuple: those axes as one).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.vector_norm(arrpy.array([[3.0, 4.0], [0.0, 0.0]]), axis=1)
    ArrPy([5., 0.])
    """
    data = _float_data(x, "vector_norm")
    shape = list(data.shape)
    if axis is None:
        flat, along = data.ravel(), 0
    elif isinstance(axis, tuple):
        axes = tuple(_normalized(a, data.ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"vector_norm: repeated axis in {axis!r}")
        rest = tuple(i for i in range(data.ndim) if i not in axes)
        flat = data.transpose(axes + rest).reshape(
            (math.prod(data.shape[i] for i in axes), *(data.shape[i] for i in rest))
        )
        along = 0
    else:
        flat, along = data, _normalized(axis, data.ndim)
    result = _scalar_if_0d(_vector_norm(flat, ord, along, False))
    if keepdims:
        axes = range(len(shape)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
        for i in axes:
            shape[_normalized(i, len(shape))] = 1
        values = result._data if isinstance(result, _core._ArrayBase) else np.asarray(result)
        return _core.wrap(values.reshape(shape))
    return result


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """Matrix norm of the last two axes (a stack of matrices gives a stack of norms).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.matrix_norm(arrpy.array([[1.0, 2.0], [2.0, 4.0]]))
    np.float64(5.0)
    """
    return norm(x, axis=(-2, -1), keepdims=keepdims, ord=ord)
