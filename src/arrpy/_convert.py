"""Turning Python input into the ndarray an ArrPy wraps.

Lists, tuples, scalars, ndarrays, objects with ``__array__`` and ArrPy arrays are accepted; the
result is always a native-byte-order ndarray of one of arrpy's dtypes. NumPy does the conversion
(it owns memory); this module adds arrpy's checks and error messages.
"""

import numpy as np

from arrpy._core import _ArrayBase
from arrpy._dtypes import from_numpy_dtype, to_numpy_dtype

__all__ = ["as_ndarray", "operand_data"]


def as_ndarray(obj, dtype=None, copy=None, op="array"):
    """The ndarray for ``obj``, of ``dtype`` if given, with NumPy 2 ``copy`` semantics.

    ``copy=True`` always copies, ``copy=None`` copies only if needed, ``copy=False`` never copies
    (ValueError if it would have to). Raises TypeError for strings and unsupported dtypes and
    ValueError for ragged nested sequences; each message names ``op``.
    """
    if isinstance(obj, _ArrayBase):
        data = obj._data
    elif isinstance(obj, np.ndarray):
        data = obj
    elif isinstance(obj, (str, bytes)):
        raise TypeError(f"{op}: strings are not supported (got {obj!r}); arrpy holds numbers")
    else:
        # Converting straight to the requested dtype lets NumPy refuse out-of-range Python ints
        # (OverflowError) instead of wrapping them through an int64 intermediate.
        requested = None if dtype is None else to_numpy_dtype(dtype, op)
        try:
            data = np.asarray(obj, dtype=requested)
        except ValueError as error:
            raise ValueError(
                f"{op}: cannot build an array from {_describe(obj)}: {error}"
            ) from None
        except OverflowError as error:
            raise OverflowError(f"{op}: {error}") from None
        if data is not obj and not hasattr(obj, "__array__"):
            # A list or scalar: np.asarray has just built a fresh array.
            if copy is False:
                raise ValueError(
                    f"{op}: unable to avoid a copy converting {type(obj).__name__} (copy=False)"
                )
            copy = None
    if dtype is None:
        if data.dtype.kind in "US":
            raise TypeError(f"{op}: strings are not supported (got dtype {data.dtype})")
        if data.dtype.kind == "O":
            raise TypeError(
                f"{op}: cannot build a numeric array from {_describe(obj)} "
                "(elements must be bool, int within int64/uint64, float or complex)"
            )
        target = from_numpy_dtype(data.dtype, op).dtype
    else:
        target = to_numpy_dtype(dtype, op)
    return np.array(data, dtype=target, copy=copy)


def operand_data(obj, op):
    """The ndarray an ArrPy wraps (no copy), or ``obj`` converted by ``as_ndarray``: what the
    public functions call on each of their array arguments."""
    return obj._data if isinstance(obj, _ArrayBase) else as_ndarray(obj, op=op)


def _describe(obj):
    text = repr(obj)
    return text if len(text) <= 60 else text[:57] + "..."
