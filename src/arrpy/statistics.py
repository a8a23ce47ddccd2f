"""Statistics built on the elementwise and reduction kernels: average, cov, corrcoef, gradient.

Each function follows NumPy's ``numpy/lib/_function_base_impl.py`` step by step (the same
argument checks, messages, result dtypes and order of operations), with every loop over the data
done by an arrpy kernel (``binary`` / ``unary`` elementwise ops and the reductions). NumPy only
allocates, slices and reshapes.

``cov`` computes ``X @ X^H`` as a broadcast product summed over the observations, a block of
rows at a time (about 10^6 temporary elements per step): the matmul kernel family is not used
yet. The sums are pairwise, so the result agrees with NumPy's BLAS product to rounding, not
bitwise.
"""

import operator
import warnings

import numpy as np
from numpy.exceptions import AxisError

from arrpy import _core
from arrpy import reductions as _red
from arrpy._convert import as_ndarray
from arrpy._ufunc import binary, unary

__all__ = ["average", "cov", "corrcoef", "gradient"]

_FLOAT64 = np.dtype(np.float64)


def _ndarray(x, op):
    if isinstance(x, _core._ArrayBase):
        return x._data
    return as_ndarray(x, op=op)


def _wrap(x):
    return x if isinstance(x, _core._ArrayBase) else _core.wrap(np.asarray(x))


def _plain(x):
    """The ndarray of an ArrPy result or a NumPy scalar's 0-d array."""
    return x._data if isinstance(x, _core._ArrayBase) else np.asarray(x)


def _result(data):
    """An ndarray as a public result: a NumPy scalar if 0-d, else an ArrPy."""
    data = np.asarray(data)
    return data[()] if data.ndim == 0 else _core.wrap(data)


def _axis_tuple(axis, ndim, op):
    items = axis if isinstance(axis, tuple) else (axis,)
    axes = []
    for item in items:
        index = operator.index(item)
        if not -ndim <= index < ndim:
            raise AxisError(index, ndim)
        axes.append(index % ndim)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{op}: repeated axis in 'axis' argument: {axis!r}")
    return tuple(axes)


def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """Weighted average over the given axes: ``sum(a * weights) / sum(weights)``.

    Parameters
    ----------
    a : array_like
        Input.
    axis : None, int or tuple of ints, optional
        Axes to average over (None: all).
    weights : array_like, optional
        Weights of ``a``'s shape, or 1-D (N-D) of the averaged axes' lengths when ``axis`` is
        given. None: every weight is 1 (the mean).
    returned : bool, optional
        Also return the sum of the weights.
    keepdims : bool, optional
        Keep the averaged axes with length 1.

    Returns
    -------
    average : ArrPy or NumPy scalar
        float64 for integer input, else the promoted dtype of ``a`` and ``weights``.
    sum_of_weights : ArrPy or NumPy scalar
        With ``returned=True``, the weight sums, broadcast to the average's shape.

    Raises
    ------
    ZeroDivisionError
        When the weights along an axis sum to zero.
    TypeError, ValueError
        When the weights' shape does not fit (NumPy's messages).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.average(arrpy.array([1.0, 2.0, 3.0, 4.0]), weights=arrpy.array([4, 3, 2, 1]))
    np.float64(2.0)
    >>> arrpy.average(arrpy.array([[1, 2], [3, 5]]), axis=1, weights=[1, 3])
    ArrPy([1.75, 4.5 ])
    """
    data = _ndarray(a, "average")
    if axis is not None:
        axis = _axis_tuple(axis, data.ndim, "average")
    if weights is None:
        avg = _plain(_red.mean(data, axis, keepdims=keepdims))
        scale = np.asarray(avg.dtype.type(data.size / avg.size))
    else:
        wgt = _ndarray(weights, "average")
        if data.dtype.kind in "biu":
            result_dtype = np.result_type(data.dtype, wgt.dtype, "f8")
        else:
            result_dtype = np.result_type(data.dtype, wgt.dtype)
        if data.shape != wgt.shape:
            if axis is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            if wgt.shape != tuple(data.shape[ax] for ax in axis):
                raise ValueError(
                    "Shape of weights must be consistent with shape of a along specified axis."
                )
            # The weights along the averaged axes, broadcast over the others (a view).
            wgt = wgt.transpose(np.argsort(axis))
            wgt = wgt.reshape(tuple(s if ax in axis else 1 for ax, s in enumerate(data.shape)))
        scale = _plain(_red.sum(wgt, axis, result_dtype, keepdims=keepdims))
        if _red.any(binary("equal", _wrap(scale), 0.0)):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        product = binary("multiply", _wrap(data), _wrap(wgt), dtype=result_dtype)
        total = _plain(_red.sum(product, axis, keepdims=keepdims))
        avg = binary("divide", _wrap(total), _wrap(scale))._data
    if returned:
        if scale.shape != avg.shape:
            scale = np.broadcast_to(scale, avg.shape).copy()
        return _result(avg), _result(scale)
    return _result(avg)


def _at_least_2d(x, dtype):
    data = np.array(x, dtype=dtype, ndmin=2, copy=True)  # cov works on its own copy
    return data


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None):
    """Covariance matrix of the variables in the rows (``rowvar=True``) or columns of ``m``.

    Parameters
    ----------
    m : array_like, 1-D or 2-D
        Variables and their observations.
    y : array_like, optional
        More variables, appended to ``m``'s.
    rowvar : bool, optional
        True: each row is a variable; False: each column is.
    bias : bool, optional
        Normalise by N (True) instead of N - 1 (unless ``ddof`` says otherwise).
    ddof : int, optional
        Overrides ``bias``: the divisor is ``N - ddof``.
    fweights : array_like of int, optional
        Frequency weights: how many times each observation occurs.
    aweights : array_like, optional
        Observation weights (importance).
    dtype : dtype, optional
        Computation and result dtype (default: at least float64).

    Returns
    -------
    ArrPy
        The ``(p, p)`` covariance matrix (0-d for a single variable, as NumPy's ``squeeze``).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.cov(arrpy.array([[0, 1, 2], [2, 1, 0]]))
    ArrPy([[ 1., -1.],
           [-1.,  1.]])
    """
    if ddof is not None and ddof != int(ddof):
        raise ValueError("ddof must be integer")
    m_data = _ndarray(m, "cov")
    if m_data.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    y_data = None
    if y is not None:
        y_data = _ndarray(y, "cov")
        if y_data.ndim > 2:
            raise ValueError("y has more than 2 dimensions")
    if dtype is None:
        dtype = (
            np.result_type(m_data, np.float64)
            if y_data is None
            else np.result_type(m_data, y_data, np.float64)
        )
    X = _at_least_2d(m_data, dtype)
    if not rowvar and m_data.ndim != 1:
        X = X.T
    if X.shape[0] == 0:
        return _core.wrap(np.array([]).reshape(0, 0))
    if y_data is not None:
        y2 = np.array(y_data, dtype=dtype, ndmin=2)
        if not rowvar and y2.shape[0] != 1:
            y2 = y2.T
        X = np.concatenate((X, y2), axis=0)
    if ddof is None:
        ddof = 0 if bias else 1

    w = None
    if fweights is not None:
        fw = np.asarray(_plain(fweights), dtype=float)
        if not _red.all(binary("equal", _wrap(fw), unary("rint", _wrap(fw)))):
            raise TypeError("fweights must be integer")
        if fw.ndim > 1:
            raise RuntimeError("cannot handle multidimensional fweights")
        if fw.shape[0] != X.shape[1]:
            raise RuntimeError("incompatible numbers of samples and fweights")
        if _red.any(binary("less", _wrap(fw), 0)):
            raise ValueError("fweights cannot be negative")
        w = fw
    if aweights is not None:
        aw = np.asarray(_plain(aweights), dtype=float)
        if aw.ndim > 1:
            raise RuntimeError("cannot handle multidimensional aweights")
        if aw.shape[0] != X.shape[1]:
            raise RuntimeError("incompatible numbers of samples and aweights")
        if _red.any(binary("less", _wrap(aw), 0)):
            raise ValueError("aweights cannot be negative")
        w = aw if w is None else binary("multiply", _wrap(w), _wrap(aw))._data

    avg, w_sum = average(X, axis=1, weights=w, returned=True)
    avg, w_sum = _plain(avg), _plain(w_sum)[0]
    if w is None:
        fact = X.shape[1] - ddof
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        weighted = _red.sum(binary("multiply", _wrap(w), _wrap(aw)))
        fact = w_sum - ddof * weighted / w_sum
    if fact <= 0:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
        fact = 0.0

    X = binary("subtract", _wrap(X), _wrap(avg[:, None]), dtype=X.dtype)
    X_w = X if w is None else binary("multiply", X, _wrap(w))
    if X_w._data.dtype.kind == "c":
        X_w = unary("conjugate", X_w)
    c = _outer_sums(X._data, X_w._data)
    with np.errstate(divide="ignore"):
        scale = np.true_divide(1, fact)  # a Python-level scalar (NumPy's 1 / 0 -> inf)
    c = binary("multiply", _wrap(c), scale, dtype=c.dtype)._data
    return _core.wrap(c.squeeze())


# Elements of the broadcast product in _outer_sums per step (bounds its temporary memory).
_PRODUCT_BLOCK = 1 << 20


def _outer_sums(x, y):
    """``c[i, j] = sum over k of x[i, k] * y[j, k]`` (x, y: (p, n)) with the multiply and sum
    kernels: a block of rows of x at a time times all rows of y, summed over k (at most about
    _PRODUCT_BLOCK temporary elements)."""
    p, n = x.shape
    c = np.empty((p, y.shape[0]), dtype=np.result_type(x, y))
    rows = max(1, _PRODUCT_BLOCK // max(1, y.shape[0] * n))
    for start in range(0, p, rows):
        block = x[start : start + rows]
        product = binary("multiply", _wrap(block[:, None, :]), _wrap(y[None, :, :]))
        c[start : start + rows] = _plain(_red.sum(product, axis=-1))
    return c


def corrcoef(x, y=None, rowvar=True, *, dtype=None):
    """Pearson correlation coefficients: ``cov(x, y) / (std_i * std_j)``, clipped to [-1, 1].

    Parameters
    ----------
    x : array_like, 1-D or 2-D
        Variables and their observations.
    y : array_like, optional
        More variables.
    rowvar : bool, optional
        True: each row is a variable; False: each column is.
    dtype : dtype, optional
        Computation dtype (default: at least float64).

    Returns
    -------
    ArrPy
        The correlation matrix.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.corrcoef(arrpy.array([[0.0, 1.0, 2.0], [2.0, 1.5, 0.0]]))
    ArrPy([[ 1.        , -0.96076892],
           [-0.96076892,  1.        ]])
    """
    c = cov(x, y, rowvar, dtype=dtype)
    data = c._data
    if data.ndim != 2:
        # A single variable: c / c (1, or nan for a zero or nan variance), a NumPy scalar as
        # NumPy's (cov gives a 0-d array).
        return binary("divide", c, c)._data[()]
    d = np.diagonal(data)
    real = d.real if d.dtype.kind == "c" else d
    stddev = unary("sqrt", _wrap(np.ascontiguousarray(real)))._data
    data = binary("divide", c, _wrap(stddev[:, None]), dtype=data.dtype)
    data = binary("divide", data, _wrap(stddev[None, :]), dtype=data._data.dtype)._data
    # Clip the real (and imaginary) parts to [-1, 1] (maximum / minimum propagate nan, as clip).
    if data.dtype.kind == "c":
        data = data.copy()
        for part in (data.real, data.imag):
            part[...] = _clip(part)
    else:
        data = _clip(data)
    return _core.wrap(data)


def _clip(values):
    low = binary("maximum", _wrap(values), -1.0, dtype=values.dtype)
    return binary("minimum", low, 1.0, dtype=values.dtype)._data


def _spacings(varargs, f, axes):
    """NumPy's spacing arguments of gradient: per axis a scalar or a 1-D array of differences
    between coordinates (a scalar if they are all equal)."""
    n = len(varargs)
    if n == 0:
        return [1.0] * len(axes)
    if n == 1 and np.ndim(varargs[0]) == 0:
        return list(varargs) * len(axes)
    if n != len(axes):
        raise TypeError("invalid number of arguments")
    dx = list(varargs)
    for i, distances in enumerate(dx):
        distances = _plain(distances) if isinstance(distances, _core._ArrayBase) else distances
        distances = np.asarray(distances)
        if distances.ndim == 0:
            continue
        if distances.ndim != 1:
            raise ValueError("distances must be either scalars or 1d")
        if len(distances) != f.shape[axes[i]]:
            raise ValueError(
                "when 1d, distances must match the length of the corresponding dimension"
            )
        if distances.dtype.kind in "iu":
            distances = distances.astype(np.float64)
        diffx = binary("subtract", _wrap(distances[1:]), _wrap(distances[:-1]))._data
        if diffx.size and _red.all(binary("equal", _wrap(diffx), diffx[0])):
            diffx = diffx[0]
        dx[i] = diffx
    return dx


def _combine(terms):
    """``sum of coefficient * values`` over ``terms`` [(coefficient, ArrPy), ...]. A coefficient
    is a Python float (weak: the values keep their dtype), a NumPy scalar or an ndarray (NumPy's
    promotion), as in NumPy's expression ``a * f1 + b * f2 + c * f3``."""
    total = None
    for coefficient, values in terms:
        if isinstance(coefficient, np.ndarray):
            coefficient = _core.wrap(coefficient)
        term = binary("multiply", coefficient, values)
        total = term if total is None else binary("add", total, term)
    return total._data


def gradient(f, *varargs, axis=None, edge_order=1):
    """The gradient of an N-D array by second-order central differences in the interior and
    first- or second-order one-sided differences at the boundaries.

    Parameters
    ----------
    f : array_like
        Samples of a function.
    *varargs : scalars or 1-D arrays, optional
        Spacing: one scalar for every axis, or one per axis (a scalar step, or the coordinates
        along that axis).
    axis : None, int or tuple of ints, optional
        Axes to differentiate along (None: all).
    edge_order : {1, 2}, optional
        Accuracy order of the boundary differences.

    Returns
    -------
    ArrPy or tuple of ArrPy
        One array per axis (float64 for integer input), a single array for one axis.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.gradient(arrpy.array([1, 2, 4, 7, 11, 16]))
    ArrPy([1. , 1.5, 2.5, 3.5, 4.5, 5. ])
    >>> arrpy.gradient(arrpy.array([1.0, 2.0, 4.0, 7.0]), 2.0, edge_order=2)
    ArrPy([0.25, 0.75, 1.25, 1.75])
    """
    data = _ndarray(f, "gradient")
    ndim = data.ndim
    axes = tuple(range(ndim)) if axis is None else _axis_tuple(axis, ndim, "gradient")
    dx = _spacings(varargs, data, axes)
    if edge_order > 2:
        raise ValueError("'edge_order' greater than 2 not supported")
    otype = data.dtype
    if otype.kind not in "fc":
        if otype.kind in "iu":
            data = data.astype(np.float64)
        otype = _FLOAT64
    outputs = []
    for ax, ax_dx in zip(axes, dx, strict=True):
        if data.shape[ax] < edge_order + 1:
            raise ValueError(
                "Shape of array too small to calculate a numerical gradient, "
                "at least (edge_order + 1) elements are required."
            )
        out = np.empty(data.shape, dtype=otype)

        def span(start, stop, ax=ax):
            """The index of a range along the axis (all of the other axes)."""
            index = [slice(None)] * ndim
            index[ax] = slice(start, stop)
            return tuple(index)

        def plane(i, ax=ax):
            """The index of one position along the axis."""
            index = [slice(None)] * ndim
            index[ax] = i
            return tuple(index)

        def at(index):
            return _core.wrap(np.asarray(data[index]))  # (one position of a 1-D array: 0-d)

        uniform = np.ndim(ax_dx) == 0
        # Interior: second-order central differences (non-uniform: weighted by the spacings).
        if uniform:
            difference = binary("subtract", at(span(2, None)), at(span(None, -2)))
            out[span(1, -1)] = binary("divide", difference, 2.0 * ax_dx)._data
        else:
            dx1, dx2 = _wrap(ax_dx[:-1]), _wrap(ax_dx[1:])
            sum12 = binary("add", dx1, dx2)
            coef_a = binary("divide", unary("negative", dx2), binary("multiply", dx1, sum12))
            coef_b = binary("divide", binary("subtract", dx2, dx1), binary("multiply", dx1, dx2))
            coef_c = binary("divide", dx1, binary("multiply", dx2, sum12))
            shape = [1] * ndim
            shape[ax] = -1
            out[span(1, -1)] = _combine(
                [
                    (coef_a._data.reshape(shape), at(span(None, -2))),
                    (coef_b._data.reshape(shape), at(span(1, -1))),
                    (coef_c._data.reshape(shape), at(span(2, None))),
                ]
            )
        # Boundaries: one-sided differences of order edge_order.
        if edge_order == 1:
            dx_0 = ax_dx if uniform else ax_dx[0]
            dx_n = ax_dx if uniform else ax_dx[-1]
            first = binary("subtract", at(plane(1)), at(plane(0)))
            out[plane(0)] = binary("divide", first, dx_0)._data
            last = binary("subtract", at(plane(-1)), at(plane(-2)))
            out[plane(-1)] = binary("divide", last, dx_n)._data
        else:
            if uniform:
                a, b, c = -1.5 / ax_dx, 2.0 / ax_dx, -0.5 / ax_dx
            else:
                dx1, dx2 = ax_dx[0], ax_dx[1]
                a = -(2.0 * dx1 + dx2) / (dx1 * (dx1 + dx2))
                b = (dx1 + dx2) / (dx1 * dx2)
                c = -dx1 / (dx2 * (dx1 + dx2))
            out[plane(0)] = _combine([(a, at(plane(0))), (b, at(plane(1))), (c, at(plane(2)))])
            if uniform:
                a, b, c = 0.5 / ax_dx, -2.0 / ax_dx, 1.5 / ax_dx
            else:
                dx1, dx2 = ax_dx[-2], ax_dx[-1]
                a = dx2 / (dx1 * (dx1 + dx2))
                b = -(dx2 + dx1) / (dx1 * dx2)
                c = (2.0 * dx2 + dx1) / (dx2 * (dx1 + dx2))
            out[plane(-1)] = _combine([(a, at(plane(-3))), (b, at(plane(-2))), (c, at(plane(-1)))])
        outputs.append(_core.wrap(out))
    if len(axes) == 1:
        return outputs[0]
    return tuple(outputs)
