"""Array creation with NumPy's signatures and default dtypes.

Creation allocates and fills memory, which NumPy owns: these functions build the ndarray with
NumPy and wrap it. Every ``dtype=`` accepts any spelling NumPy accepts and is checked against
arrpy's dtypes.
"""

import numpy as np

from arrpy import _core
from arrpy._convert import as_ndarray
from arrpy._dtypes import to_numpy_dtype

__all__ = [
    "array",
    "asarray",
    "zeros",
    "ones",
    "full",
    "empty",
    "zeros_like",
    "ones_like",
    "full_like",
    "empty_like",
    "arange",
    "linspace",
    "eye",
    "identity",
]


def _dtype(dtype, op, default=np.float64):
    return to_numpy_dtype(default if dtype is None else dtype, op)


def _prototype(a, op):
    # ``subok`` is accepted for NumPy's signature; an ArrPy result is always an ArrPy.
    return as_ndarray(a, op=op)


def array(data, dtype=None, copy=True):
    """Create an array (a copy by default).

    Parameters
    ----------
    data : array_like
        Nested sequences, scalars, ndarrays, objects with ``__array__`` or ArrPy arrays.
    dtype : dtype, optional
        Element type; inferred as NumPy does when omitted.
    copy : bool or None, optional
        True: always copy. None: copy only if needed. False: never copy (ValueError if needed).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.array([[1, 2], [3, 4]], dtype="float32")
    ArrPy([[1., 2.],
           [3., 4.]], dtype=float32)
    """
    return _core.wrap(as_ndarray(data, dtype=dtype, copy=copy, op="array"))


def asarray(data, dtype=None, copy=None):
    """Convert to an array without copying when the input already is one.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.array([1.0, 2.0])
    >>> arrpy.asarray(a).data is a.data
    True
    """
    return _core.wrap(as_ndarray(data, dtype=dtype, copy=copy, op="asarray"))


def zeros(shape, dtype=None, order="C"):
    """An array of zeros (float64 unless ``dtype`` says otherwise).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.zeros((2, 2), dtype=int)
    ArrPy([[0, 0],
           [0, 0]])
    """
    return _core.wrap(np.zeros(shape, dtype=_dtype(dtype, "zeros"), order=order))


def ones(shape, dtype=None, order="C"):
    """An array of ones (float64 unless ``dtype`` says otherwise).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.ones(3)
    ArrPy([1., 1., 1.])
    """
    return _core.wrap(np.ones(shape, dtype=_dtype(dtype, "ones"), order=order))


def full(shape, fill_value, dtype=None, order="C"):
    """An array filled with ``fill_value`` (dtype inferred from it when omitted).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.full((2,), 7)
    ArrPy([7, 7])
    """
    if isinstance(fill_value, _core._ArrayBase):
        fill_value = fill_value._data
    fill = as_ndarray(fill_value, dtype=dtype, op="full")
    return _core.wrap(np.full(shape, fill, dtype=fill.dtype, order=order))


def empty(shape, dtype=None, order="C"):
    """An array whose memory is not initialised (float64 unless ``dtype`` says otherwise).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.empty((2, 3)).shape
    (2, 3)
    """
    return _core.wrap(np.empty(shape, dtype=_dtype(dtype, "empty"), order=order))


def zeros_like(a, dtype=None, order="K", subok=True, shape=None):
    """Zeros with the shape and dtype of ``a`` (each overridable).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.zeros_like(arrpy.array([1, 2, 3]))
    ArrPy([0, 0, 0])
    """
    proto = _prototype(a, "zeros_like")
    return _core.wrap(
        np.zeros_like(
            proto, dtype=_dtype(dtype, "zeros_like", proto.dtype), order=order, shape=shape
        )
    )


def ones_like(a, dtype=None, order="K", subok=True, shape=None):
    """Ones with the shape and dtype of ``a`` (each overridable).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.ones_like(arrpy.zeros((2,), dtype="int8"))
    ArrPy([1, 1], dtype=int8)
    """
    proto = _prototype(a, "ones_like")
    return _core.wrap(
        np.ones_like(proto, dtype=_dtype(dtype, "ones_like", proto.dtype), order=order, shape=shape)
    )


def full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None):
    """``fill_value`` everywhere, with the shape and dtype of ``a`` (each overridable).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.full_like(arrpy.zeros(2), 0.5)
    ArrPy([0.5, 0.5])
    """
    proto = _prototype(a, "full_like")
    if isinstance(fill_value, _core._ArrayBase):
        fill_value = fill_value._data
    return _core.wrap(
        np.full_like(
            proto,
            fill_value,
            dtype=_dtype(dtype, "full_like", proto.dtype),
            order=order,
            shape=shape,
        )
    )


def empty_like(a, dtype=None, order="K", subok=True, shape=None):
    """Uninitialised memory with the shape and dtype of ``a`` (each overridable).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.empty_like(arrpy.zeros((2, 2))).shape
    (2, 2)
    """
    proto = _prototype(a, "empty_like")
    return _core.wrap(
        np.empty_like(
            proto, dtype=_dtype(dtype, "empty_like", proto.dtype), order=order, shape=shape
        )
    )


def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in ``[start, stop)`` (``arange(stop)`` starts at 0).

    The dtype is int64 for integer arguments and float64 when any is a float, as NumPy's.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.arange(5)
    ArrPy([0, 1, 2, 3, 4])
    >>> arrpy.arange(1.0, 2.0, 0.25)
    ArrPy([1.  , 1.25, 1.5 , 1.75])
    """
    args = [start] if stop is None else [start, stop]
    if step is not None:
        if stop is None:
            args = [0, start]
        args.append(step)
    if step == 0:
        raise ZeroDivisionError("arange: step must not be zero")
    numpy_dtype = None if dtype is None else to_numpy_dtype(dtype, "arange")
    result = np.arange(*args, dtype=numpy_dtype)
    return _core.wrap(as_ndarray(result, copy=None, op="arange"))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``num`` evenly spaced samples from ``start`` to ``stop`` (inclusive by default).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linspace(0, 1, 5)
    ArrPy([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    if isinstance(num, bool) or not isinstance(num, (int, np.integer)):
        raise TypeError(f"linspace: num must be an integer, got {type(num).__name__}")
    if num < 0:
        raise ValueError(f"linspace: number of samples, {num}, must be non-negative")
    start = start._data if isinstance(start, _core._ArrayBase) else start
    stop = stop._data if isinstance(stop, _core._ArrayBase) else stop
    numpy_dtype = None if dtype is None else to_numpy_dtype(dtype, "linspace")
    result = np.linspace(
        start, stop, num, endpoint=endpoint, retstep=retstep, dtype=numpy_dtype, axis=axis
    )
    if retstep:
        return _core.wrap(as_ndarray(result[0], copy=None, op="linspace")), result[1]
    return _core.wrap(as_ndarray(result, copy=None, op="linspace"))


def eye(N, M=None, k=0, dtype=None, order="C"):
    """A 2-d array with ones on diagonal ``k`` and zeros elsewhere.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.eye(2, 3, k=1, dtype=int)
    ArrPy([[0, 1, 0],
           [0, 0, 1]])
    """
    return _core.wrap(np.eye(N, M, k=k, dtype=_dtype(dtype, "eye"), order=order))


def identity(n, dtype=None):
    """The ``n`` x ``n`` identity matrix.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.identity(2)
    ArrPy([[1., 0.],
           [0., 1.]])
    """
    return _core.wrap(np.identity(n, dtype=_dtype(dtype, "identity")))
