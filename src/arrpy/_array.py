"""``ArrPy``: the array. It wraps exactly one ``numpy.ndarray`` (``_data``).

Shape, strides, dtype and views come from that ndarray: NumPy owns memory. Compute (the
arithmetic operators, inherited from ``arrpy._core._ArrayBase``) goes through arrpy's front end to
the selected backend. Indexing and reshaping are views, made with NumPy's view machinery.
"""

import operator
import warnings

import numpy as np

from arrpy import _core, _ufunc, products, reductions
from arrpy._convert import as_ndarray
from arrpy._dtypes import from_numpy_dtype, to_numpy_dtype

__all__ = ["ArrPy"]

_INDEX_RULE = (
    "only integers, slices (`:`), ellipsis (`...`), None (`numpy.newaxis`) and integer or "
    "boolean arrays are valid indices"
)
_NOT_INDICES = (float, complex, str, bytes, np.inexact)
# What ``@`` accepts on the other side (anything else: NotImplemented, so Python raises TypeError).
_MATMUL_OPERANDS = (_core._ArrayBase, np.ndarray, np.generic, list, tuple, int, float, complex)


def _index_key(key, data):
    """``key`` with ArrPy index arrays unwrapped; IndexError for floats and strings.

    Everything else (ints, slices, ``...``, ``None``, integer and boolean arrays) is NumPy's to
    interpret, with NumPy's IndexError for out-of-range indices.
    """
    kind = type(key)
    if kind is int or kind is slice:  # the common cases, at the cost of two type checks
        return key
    items = key if kind is tuple else (key,)
    has_arrpy = False
    for item in items:
        kind = type(item)
        if kind is int or kind is slice or item is None or item is Ellipsis:
            continue
        if isinstance(item, _NOT_INDICES):
            raise IndexError(
                f"{_INDEX_RULE}; got {type(item).__name__} {item!r} to index an array of "
                f"shape {data.shape}"
            )
        has_arrpy = has_arrpy or isinstance(item, _core._ArrayBase)
    if has_arrpy:
        items = tuple(i._data if isinstance(i, _core._ArrayBase) else i for i in items)
        return items if isinstance(key, tuple) else items[0]
    return key


class ArrPy(_core._ArrayBase):
    """An N-dimensional array with NumPy's semantics and a choice of compute backend.

    Parameters
    ----------
    data : array_like
        Nested lists or tuples, a scalar, a NumPy array, an object with ``__array__`` or
        another ArrPy. The data is copied.
    dtype : dtype, optional
        Element type (``arrpy.float64``, ``"int32"``, ``float``, ``np.uint8`` ...). By default
        it is inferred as NumPy would.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.ArrPy([[1, 2, 3], [4, 5, 6]])
    >>> a.shape, a.dtype
    ((2, 3), arrpy.int64)
    >>> a[:, ::2]
    ArrPy([[1, 3],
           [4, 6]])
    >>> a + 0.5
    ArrPy([[1.5, 2.5, 3.5],
           [4.5, 5.5, 6.5]])
    """

    __slots__ = ()
    __hash__ = None

    def __init__(self, data, dtype=None):
        self._data = as_ndarray(data, dtype=dtype, copy=True, op="ArrPy")

    def __reduce__(self):
        return (_core.wrap, (self._data,))

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    # --- properties (all from the ndarray) ----------------------------------------------------
    @property
    def data(self):
        """The wrapped ``numpy.ndarray`` (shares memory with this array)."""
        return self._data

    @property
    def shape(self):
        """Tuple of dimension lengths."""
        return self._data.shape

    @shape.setter
    def shape(self, value):
        self._data = self._data.reshape(value)

    @property
    def dtype(self):
        """The element type, an ``arrpy.DType``."""
        return from_numpy_dtype(self._data.dtype)

    @property
    def ndim(self):
        """Number of dimensions."""
        return self._data.ndim

    @property
    def size(self):
        """Number of elements."""
        return self._data.size

    @property
    def strides(self):
        """Bytes to step in each dimension."""
        return self._data.strides

    @property
    def itemsize(self):
        """Bytes per element."""
        return self._data.itemsize

    @property
    def nbytes(self):
        """Bytes of all elements (``size * itemsize``)."""
        return self._data.nbytes

    @property
    def T(self):
        """The transposed array (a view)."""
        return _core.wrap(self._data.T)

    @property
    def mT(self):
        """The last two axes swapped (a view); ValueError below 2 dimensions."""
        if self._data.ndim < 2:
            raise ValueError(f"mT: matrix transpose with ndim < 2 is undefined (ndim={self.ndim})")
        return _core.wrap(self._data.swapaxes(-1, -2))

    @property
    def flat_list(self):
        """Deprecated: the elements as a flat Python list; use ``tolist()`` or ``ravel``."""
        warnings.warn(
            "ArrPy.flat_list is deprecated; use a.tolist() (nested) or a.reshape(-1).tolist()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self._data.reshape(-1).tolist()

    # --- conversion -----------------------------------------------------------------------------
    def tolist(self):
        """The elements as nested Python lists of Python scalars (a scalar for 0-d)."""
        return self._data.tolist()

    def item(self, *args):
        """One element as a Python scalar (``a.item()`` needs exactly one element)."""
        return self._data.item(*args)

    def __array__(self, dtype=None, copy=None):
        if copy is False:
            if dtype is not None and np.dtype(dtype) != self._data.dtype:
                raise ValueError(
                    f"__array__: unable to avoid a copy converting {self._data.dtype} to "
                    f"{np.dtype(dtype)} (copy=False)"
                )
            return self._data
        if copy:
            return np.array(self._data, dtype=dtype, copy=True)
        return self._data if dtype is None else self._data.astype(dtype, copy=False)

    def copy(self):
        """A copy with its own memory (C order)."""
        return _core.wrap(self._data.copy())

    # Reductions, as ndarray methods (the functions of arrpy.reductions with the array first).
    def sum(self, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
        """``arrpy.sum(self, ...)``."""
        return reductions.sum(self, axis, dtype, out, keepdims, **kwargs)

    def prod(self, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
        """``arrpy.prod(self, ...)``."""
        return reductions.prod(self, axis, dtype, out, keepdims, **kwargs)

    def min(self, axis=None, out=None, keepdims=False, **kwargs):
        """``arrpy.min(self, ...)``."""
        return reductions.min(self, axis, out, keepdims, **kwargs)

    def max(self, axis=None, out=None, keepdims=False, **kwargs):
        """``arrpy.max(self, ...)``."""
        return reductions.max(self, axis, out, keepdims, **kwargs)

    def all(self, axis=None, out=None, keepdims=False, **kwargs):
        """``arrpy.all(self, ...)``."""
        return reductions.all(self, axis, out, keepdims, **kwargs)

    def any(self, axis=None, out=None, keepdims=False, **kwargs):
        """``arrpy.any(self, ...)``."""
        return reductions.any(self, axis, out, keepdims, **kwargs)

    def argmin(self, axis=None, out=None, **kwargs):
        """``arrpy.argmin(self, ...)``."""
        return reductions.argmin(self, axis, out, **kwargs)

    def argmax(self, axis=None, out=None, **kwargs):
        """``arrpy.argmax(self, ...)``."""
        return reductions.argmax(self, axis, out, **kwargs)

    def mean(self, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
        """``arrpy.mean(self, ...)``."""
        return reductions.mean(self, axis, dtype, out, keepdims, **kwargs)

    def var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
        """``arrpy.var(self, ...)``."""
        return reductions.var(self, axis, dtype, out, ddof, keepdims, **kwargs)

    def std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
        """``arrpy.std(self, ...)``."""
        return reductions.std(self, axis, dtype, out, ddof, keepdims, **kwargs)

    # Products (arrpy.products), as ndarray methods and the @ operator.
    def dot(self, b, out=None):
        """``arrpy.dot(self, b, out)``."""
        return products.dot(self, b, out)

    def trace(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
        """``arrpy.trace(self, ...)``."""
        return products.trace(self, offset, axis1, axis2, dtype, out)

    def __matmul__(self, other):
        if not isinstance(other, _MATMUL_OPERANDS):
            return NotImplemented
        return products.matmul(self, other)

    def __rmatmul__(self, other):
        if not isinstance(other, _MATMUL_OPERANDS):
            return NotImplemented
        return products.matmul(other, self)

    def __imatmul__(self, other):
        # NumPy's a @= b: the product must have a's shape; it is computed apart, then stored.
        if not isinstance(other, _MATMUL_OPERANDS):
            return NotImplemented
        return products.matmul(self, other, out=self)

    def astype(self, dtype, copy=True):
        """The array converted to ``dtype`` (NumPy's casting: floats truncate to integers).

        Examples
        --------
        >>> import arrpy
        >>> arrpy.array([1.7, -2.5]).astype("int32")
        ArrPy([ 1, -2], dtype=int32)
        """
        target = to_numpy_dtype(dtype, "astype")
        return _core.wrap(self._data.astype(target, copy=copy))

    def reshape(self, *shape, order="C"):
        """The same data with a new shape (a view when possible); one dimension may be -1.

        Examples
        --------
        >>> import arrpy
        >>> arrpy.arange(6).reshape(2, 3)
        ArrPy([[0, 1, 2],
               [3, 4, 5]])
        """
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        try:
            return _core.wrap(self._data.reshape(shape, order=order))
        except ValueError as error:
            raise ValueError(f"reshape: {error}") from None

    def __bool__(self):
        return bool(self._data)

    def __int__(self):
        return int(self._data)

    def __float__(self):
        return float(self._data)

    def __complex__(self):
        return complex(self._data)

    def __index__(self):
        if self._data.ndim != 0 or self._data.dtype.kind not in "iu":
            raise TypeError(
                "only integer scalar arrays can be converted to a scalar index "
                f"(got dtype {self._data.dtype}, shape {self.shape})"
            )
        return operator.index(self._data[()])

    # --- sequence protocol ----------------------------------------------------------------------
    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of unsized object")
        return len(self._data)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        if self._data.ndim == 1:
            return iter(self._data)
        return (_core.wrap(row) for row in self._data)

    def __contains__(self, value):
        # Membership is an equality test per element; it will run on the backends' `equal`
        # kernel once comparisons land. Until then it scans the Python values.
        return any(v == value for v in self._data.reshape(-1).tolist())

    # --- indexing -------------------------------------------------------------------------------
    def __getitem__(self, key):
        result = self._data[_index_key(key, self._data)]
        return _core.wrap(result) if type(result) is np.ndarray else result

    def __setitem__(self, key, value):
        if isinstance(value, _core._ArrayBase):
            value = value._data
        elif isinstance(value, (str, bytes)):
            raise TypeError(f"__setitem__: cannot assign a string ({value!r}) to a numeric array")
        try:
            self._data[_index_key(key, self._data)] = value
        except ValueError as error:
            raise ValueError(f"__setitem__: {error}") from None

    # --- printing -------------------------------------------------------------------------------
    def __repr__(self):
        # "array" and "ArrPy" have the same length, so NumPy's continuation-line indent fits.
        return "ArrPy" + repr(self._data)[len("array") :]

    def __str__(self):
        return str(self._data)

    def __format__(self, spec):
        return format(self._data, spec) if self._data.ndim == 0 else str(self)

    # --- NumPy interoperability -------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """NumPy ufuncs on ArrPy operands run on arrpy's selected backend and return ArrPy.

        ``np.add(a, b)``, ``ndarray + ArrPy`` and ``ndarray += ArrPy`` all land here. A ufunc
        arrpy does not implement yet raises TypeError naming it (no silent NumPy fallback).
        """
        return _ufunc.numpy_ufunc(ufunc, method, inputs, kwargs)

    def __array_namespace__(self, api_version=None):
        import arrpy

        return arrpy


_core.register_array_type(
    ArrPy,
    _ufunc.binary_operator,
    _ufunc.compare_operator,
    _ufunc.unary_operator,
    _ufunc.report_status,
)
