"""Products: matmul (``@``), dot, vdot, inner, outer, tensordot, kron, trace, cross, vecdot,
matvec, vecmat.

Every product is computed by one kernel, ``matmul_nd`` (``backends/abi.h``): a batch of
``(m, k) @ (k, n)`` products over arbitrary byte strides. This module does the semantics, once:
NumPy's dtype promotion for the product, the 1-d rules of ``matmul`` (a vector operand gains a
dimension that the result drops again), batch broadcasting, and the reshapes that turn ``dot``,
``inner`` and ``tensordot`` into one matrix product (reshaping and transposing are memory
movement, which NumPy owns; the arithmetic is the kernel's). ``outer``, ``kron`` and ``cross`` are
elementwise products and run on the elementwise kernels.

Results that NumPy returns as scalars (``vdot``, ``dot`` of two vectors, a full ``trace``) are
NumPy scalars here too.
"""

import math
import operator
import warnings

import numpy as np
from numpy.exceptions import AxisError

from arrpy import _core
from arrpy._convert import operand_data as _data
from arrpy._dtypes import from_numpy_dtype, to_numpy_dtype
from arrpy._registry import lookup
from arrpy._ufunc import binary, unary

__all__ = [
    "matmul",
    "dot",
    "vdot",
    "inner",
    "outer",
    "tensordot",
    "kron",
    "trace",
    "cross",
    "vecdot",
    "matvec",
    "vecmat",
]

_MATMUL_SIGNATURE = "(n?,k),(k,m?)->(n?,m?)"
_FLOAT16 = np.dtype(np.float16)
_FLOAT32 = np.dtype(np.float32)


# --- the shared machinery --------------------------------------------------------------------


def _product_dtype(op, type1, type2, dtype=None):
    """The dtype NumPy's matmul computes ``type1 @ type2`` in (float16 -> float32, as everywhere
    in arrpy), or the requested ``dtype`` if both operands cast to it under 'same_kind'."""
    if dtype is not None:
        loop = to_numpy_dtype(dtype, op)
        for source in (type1, type2):
            if not np.can_cast(source, loop, casting="same_kind"):
                raise TypeError(
                    f"{op}: cannot cast input from {source!r} to {loop!r} with casting rule "
                    "'same_kind'"
                )
        return from_numpy_dtype(loop, op).dtype
    try:
        loop = np.matmul.resolve_dtypes((type1, type2, None))[2]
    except TypeError:
        raise TypeError(f"{op}: not supported for dtypes {type1} and {type2}") from None
    if loop == _FLOAT16:
        loop = _FLOAT32
    return from_numpy_dtype(loop, op).dtype


def _in_dtype(data, dtype):
    """``data`` as a native, aligned ndarray of ``dtype`` (a copy only if needed)."""
    if data.dtype != dtype or not data.flags.aligned or not data.dtype.isnative:
        return data.astype(dtype)
    return data


def _matmul_arrays(a, b, loop, op="matmul"):
    """``a @ b`` of two ndarrays with NumPy's matmul rules, in dtype ``loop``: a new ndarray.

    A 1-d ``a`` is a row vector and a 1-d ``b`` a column vector for the product; the dimension
    added for that is removed from the result. The batch axes (all but the last two) broadcast.
    """
    for position, operand in enumerate((a, b)):
        if operand.ndim == 0:
            raise ValueError(
                f"{op}: Input operand {position} does not have enough dimensions (has 0, gufunc "
                f"core with signature {_MATMUL_SIGNATURE} requires 1)"
            )
    a2 = a[np.newaxis, :] if a.ndim == 1 else a
    b2 = b[:, np.newaxis] if b.ndim == 1 else b
    if a2.shape[-1] != b2.shape[-2]:
        raise ValueError(
            f"{op}: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            f"signature {_MATMUL_SIGNATURE} (size {b2.shape[-2]} is different from "
            f"{a2.shape[-1]})"
        )
    try:
        batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
    except ValueError:
        raise ValueError(
            f"{op}: operands could not be broadcast together: the batch dimensions of "
            f"{a.shape} and {b.shape} (all but the last two) do not broadcast"
        ) from None
    a3 = a2.reshape((1,) * (len(batch) - a2.ndim + 2) + a2.shape)
    b3 = b2.reshape((1,) * (len(batch) - b2.ndim + 2) + b2.shape)
    result = np.empty(batch + (a2.shape[-2], b2.shape[-1]), dtype=loop)
    kernel = lookup("matmul", from_numpy_dtype(loop).name, _core.current_backend_name())
    kernel(_in_dtype(a3, loop), _in_dtype(b3, loop), result)
    if a.ndim == 1:
        result = result[..., 0, :]
    if b.ndim == 1:
        result = result[..., 0]
    return result


def _store(op, result, out):
    """Hand back ``result`` (an ndarray): into ``out`` if given, else as ArrPy or NumPy scalar."""
    if out is None:
        return result[()] if result.ndim == 0 else _core.wrap(result)
    if isinstance(out, tuple):
        if len(out) != 1:
            raise ValueError(f"{op}: out must be an array or a tuple of one array")
        out = out[0]
    if not isinstance(out, _core._ArrayBase):
        raise TypeError(f"{op}: out must be an ArrPy array, got {type(out).__name__}")
    target = out._data
    if target.shape != result.shape:
        raise ValueError(
            f"{op}: output array has shape {target.shape}, the result has shape {result.shape}"
        )
    if not np.can_cast(result.dtype, target.dtype, casting="same_kind"):
        raise TypeError(
            f"Cannot cast ufunc '{op}' output from {result.dtype!r} to {target.dtype!r} with "
            "casting rule 'same_kind'"
        )
    if not target.flags.writeable:
        raise ValueError(f"{op}: output array is read-only")
    # The product is computed apart from the operands (out may be one of them: a @= b) and
    # then moved into place, which is memory movement.
    np.copyto(target, result, casting="same_kind")
    return out


# --- matmul and its relatives ------------------------------------------------------------------


def matmul(x1, x2, /, out=None, *, dtype=None):
    """Matrix product of two arrays, with NumPy's broadcasting rules (the ``@`` operator).

    Parameters
    ----------
    x1, x2 : array_like
        Operands of at least one dimension. Two-dimensional operands multiply as matrices; in
        more dimensions the last two axes hold the matrices and the others broadcast as a batch;
        a one-dimensional ``x1`` is a row vector and a one-dimensional ``x2`` a column vector,
        and the result loses that dimension again.
    out : ArrPy, optional
        Where to store the result; it must have the result's shape.
    dtype : dtype, optional
        Compute in this dtype (both inputs must cast to it under 'same_kind').

    Returns
    -------
    ArrPy or scalar
        The product; a NumPy scalar if both inputs are one-dimensional.

    Raises
    ------
    ValueError
        If an operand is 0-d, the core dimensions do not match, or the batches do not broadcast.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.array([[1.0, 2.0], [3.0, 4.0]])
    >>> arrpy.matmul(a, a)
    ArrPy([[ 7., 10.],
           [15., 22.]])
    >>> a @ arrpy.array([1.0, 1.0])
    ArrPy([3., 7.])
    """
    if out is None and dtype is None and isinstance(x1, _ArrayBase) and isinstance(x2, _ArrayBase):
        result = _matmul_2d_fast(x1._data, x2._data)
        if result is not None:
            return _core.wrap(result)
    a, b = _data(x1, "matmul"), _data(x2, "matmul")
    loop = _product_dtype("matmul", a.dtype, b.dtype, dtype)
    return _store("matmul", _matmul_arrays(a, b, loop), out)


# The common case, two 2-d arrays of one supported dtype, is a single kernel call under NumPy's
# rules (the product's dtype is the operands'); going straight to it skips dtype resolution,
# broadcast_shapes, reshapes and dtype.name, ~5-7 us a call: 100 x 100 float64 a @ b measured
# 30.8 -> 23.9 us (NumPy 22.4 us), 2 x 2 5.5 -> 0.7 us (NumPy 0.6 us).
_ArrayBase = _core._ArrayBase
_FAST_DTYPES = frozenset(np.dtype(name) for name in _core.DTYPE_CODES)
_fast_kernels = {}  # (dtype, backend name) -> matmul kernel


def _matmul_2d_fast(a, b):
    """``a @ b`` for aligned 2-d ndarrays of one supported dtype; None otherwise."""
    if (
        a.ndim != 2
        or b.ndim != 2
        or a.dtype != b.dtype
        or a.dtype not in _FAST_DTYPES
        or a.shape[1] != b.shape[0]
        or not (a.flags.aligned and b.flags.aligned)
    ):
        return None
    key = (a.dtype, _core.current_backend_name())
    kernel = _fast_kernels.get(key)
    if kernel is None:
        kernel = _fast_kernels[key] = lookup("matmul", a.dtype.name, key[1])
    result = np.empty((a.shape[0], b.shape[1]), dtype=a.dtype)
    kernel(a, b, result)
    return result


def _vector_axis(data, axis, op, position):
    """``data`` with vector axis ``axis`` moved last."""
    if data.ndim == 0:
        raise ValueError(f"{op}: Input operand {position} does not have enough dimensions")
    try:
        return np.moveaxis(data, axis, -1)
    except AxisError:
        raise AxisError(axis, data.ndim) from None


def _conjugated(data):
    """The complex conjugate (by the conjugate kernel) of a complex ndarray; others unchanged."""
    if data.dtype.kind != "c":
        return data
    return unary("conjugate", _core.wrap(data))._data


def vecdot(x1, x2, /, out=None, *, axis=-1, dtype=None):
    """Vector dot product along ``axis``: ``sum(conj(x1) * x2, axis)``, broadcasting the rest.

    Parameters
    ----------
    x1, x2 : array_like
        Arrays whose ``axis`` has the same length; the other axes broadcast.
    out : ArrPy, optional
        Where to store the result.
    axis : int, optional
        The axis holding the vectors (default: the last).
    dtype : dtype, optional
        Compute in this dtype.

    Returns
    -------
    ArrPy or scalar
        The dot products, conjugating ``x1`` for complex input.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.vecdot(arrpy.array([[1.0, 2.0], [3.0, 4.0]]), arrpy.array([1.0, 1.0]))
    ArrPy([3., 7.])
    """
    a = _vector_axis(_data(x1, "vecdot"), axis, "vecdot", 0)
    b = _vector_axis(_data(x2, "vecdot"), axis, "vecdot", 1)
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"vecdot: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            f"signature (n),(n)->() (size {b.shape[-1]} is different from {a.shape[-1]})"
        )
    loop = _product_dtype("vecdot", a.dtype, b.dtype, dtype)
    a = _conjugated(_in_dtype(a, loop))
    result = _matmul_arrays(a[..., np.newaxis, :], b[..., :, np.newaxis], loop, "vecdot")
    return _store("vecdot", result[..., 0, 0], out)


def matvec(x1, x2, /, out=None, *, dtype=None):
    """Matrix-vector product: ``x1[..., m, n]`` times ``x2[..., n]`` gives ``[..., m]``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.matvec(arrpy.array([[1.0, 2.0], [3.0, 4.0]]), arrpy.array([1.0, 0.0]))
    ArrPy([1., 3.])
    """
    a, b = _data(x1, "matvec"), _data(x2, "matvec")
    if a.ndim < 2 or b.ndim < 1:
        raise ValueError("matvec: needs a matrix (ndim >= 2) and a vector (ndim >= 1)")
    loop = _product_dtype("matvec", a.dtype, b.dtype, dtype)
    result = _matmul_arrays(a, b[..., :, np.newaxis], loop, "matvec")
    return _store("matvec", result[..., 0], out)


def vecmat(x1, x2, /, out=None, *, dtype=None):
    """Vector-matrix product ``conj(x1[..., n])`` times ``x2[..., n, m]``: ``[..., m]``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.vecmat(arrpy.array([1.0, 0.0]), arrpy.array([[1.0, 2.0], [3.0, 4.0]]))
    ArrPy([1., 2.])
    """
    a, b = _data(x1, "vecmat"), _data(x2, "vecmat")
    if a.ndim < 1 or b.ndim < 2:
        raise ValueError("vecmat: needs a vector (ndim >= 1) and a matrix (ndim >= 2)")
    loop = _product_dtype("vecmat", a.dtype, b.dtype, dtype)
    a = _conjugated(_in_dtype(a, loop))
    result = _matmul_arrays(a[..., np.newaxis, :], b, loop, "vecmat")
    return _store("vecmat", result[..., 0, :], out)


def _not_aligned(a, b, axis_a, axis_b):
    return ValueError(
        f"shapes {a.shape} and {b.shape} not aligned: {a.shape[axis_a]} (dim {axis_a}) != "
        f"{b.shape[axis_b]} (dim {axis_b})"
    )


def _dot_out(op, result, out):
    """NumPy's dot and inner take only an exact output: right dtype, shape, C-contiguous."""
    if out is not None:
        target = out._data if isinstance(out, _core._ArrayBase) else None
        if (
            target is None
            or target.dtype != result.dtype
            or target.shape != result.shape
            or not target.flags.c_contiguous
        ):
            raise ValueError(
                f"{op}: output array is not acceptable (must have the right datatype, number of "
                "dimensions, and be a C-Array)"
            )
    return _store(op, result, out)


def dot(a, b, out=None):
    """Dot product of two arrays (NumPy's ``dot``).

    * 0-d operands: elementwise multiplication.
    * 1-d with 1-d: the inner product of the vectors (a scalar).
    * N-d with 1-d: sum product over the last axis of ``a`` and ``b``.
    * N-d with M-d (M >= 2): sum product over the last axis of ``a`` and the second-to-last of
      ``b``: ``dot(a, b)[i, j, k, m] = sum(a[i, j, :] * b[k, :, m])`` (unlike matmul, the
      leading axes do not broadcast, they are all kept).

    Parameters
    ----------
    a, b : array_like
        Operands.
    out : ArrPy, optional
        Must have exactly the result's dtype and shape and be C-contiguous (as in NumPy).

    Returns
    -------
    ArrPy or scalar

    Examples
    --------
    >>> import arrpy
    >>> arrpy.dot(arrpy.array([1, 2, 3]), arrpy.array([4, 5, 6]))
    np.int64(32)
    >>> arrpy.dot(arrpy.ones((2, 3)), arrpy.ones((4, 3, 2))).shape
    (2, 4, 2)
    """
    x, y = _data(a, "dot"), _data(b, "dot")
    if x.ndim == 0 or y.ndim == 0:
        return binary("multiply", _core.wrap(x), _core.wrap(y), out=out)
    loop = _product_dtype("dot", x.dtype, y.dtype)
    axis_b = max(y.ndim - 2, 0)
    if x.shape[-1] != y.shape[axis_b]:
        raise _not_aligned(x, y, x.ndim - 1, axis_b)
    if y.ndim <= 2 or x.ndim == 1:
        # Here dot is matmul (a 2-d or 1-d b has no batch; a 1-d a broadcasts over b's).
        if x.ndim == 1 and y.ndim > 2:
            result = _matmul_arrays(x, y, loop, "dot")
        else:
            rows = x.reshape(-1, x.shape[-1])
            result = _matmul_arrays(rows, y, loop, "dot").reshape(x.shape[:-1] + y.shape[1:])
    else:
        rows = x.reshape(-1, x.shape[-1])
        columns = np.moveaxis(y, -2, 0).reshape(y.shape[-2], -1)
        product = _matmul_arrays(rows, columns, loop, "dot")
        result = product.reshape(x.shape[:-1] + y.shape[:-2] + y.shape[-1:])
    return _dot_out("dot", result, out)


def vdot(a, b, /):
    """Dot product of two arrays flattened to vectors, conjugating the first (complex input).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.vdot(arrpy.array([1 + 2j, 3 + 4j]), arrpy.array([5 + 6j, 7 + 8j]))
    np.complex128(70-8j)
    """
    x, y = _data(a, "vdot").ravel(), _data(b, "vdot").ravel()
    if x.size != y.size:
        raise ValueError(
            f"vdot: the arrays must have the same number of elements, got {x.size} and {y.size}"
        )
    loop = _product_dtype("vdot", x.dtype, y.dtype)
    return _store("vdot", _matmul_arrays(_conjugated(_in_dtype(x, loop)), y, loop, "vdot"), None)


def inner(a, b, /):
    """Inner product over the last axes: ``inner(a, b)[i, j] = sum(a[i, :] * b[j, :])``.

    The result has shape ``a.shape[:-1] + b.shape[:-1]``; 0-d operands multiply.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.inner(arrpy.array([[1, 2], [3, 4]]), arrpy.array([1, 1]))
    ArrPy([3, 7])
    """
    x, y = _data(a, "inner"), _data(b, "inner")
    if x.ndim == 0 or y.ndim == 0:
        return binary("multiply", _core.wrap(x), _core.wrap(y))
    if x.shape[-1] != y.shape[-1]:
        raise _not_aligned(x, y, x.ndim - 1, y.ndim - 1)
    loop = _product_dtype("inner", x.dtype, y.dtype)
    k = x.shape[-1]
    product = _matmul_arrays(x.reshape(-1, k), y.reshape(-1, k).T, loop, "inner")
    return _store("inner", product.reshape(x.shape[:-1] + y.shape[:-1]), None)


def outer(a, b, out=None):
    """Outer product of two arrays flattened to vectors: ``out[i, j] = a[i] * b[j]``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.outer(arrpy.array([1, 2]), arrpy.array([1, 10, 100]))
    ArrPy([[  1,  10, 100],
           [  2,  20, 200]])
    """
    x, y = _data(a, "outer").ravel(), _data(b, "outer").ravel()
    return binary("multiply", _core.wrap(x[:, np.newaxis]), _core.wrap(y[np.newaxis, :]), out=out)


def _tensordot_axes(axes, op):
    try:
        count = operator.index(axes)
    except TypeError:
        try:
            axes_a, axes_b = axes
        except (TypeError, ValueError):
            raise TypeError(
                f"{op}: axes must be an int or a pair of sequences of axes, got {axes!r}"
            ) from None
        axes_a = list(axes_a) if isinstance(axes_a, (list, tuple)) else [axes_a]
        axes_b = list(axes_b) if isinstance(axes_b, (list, tuple)) else [axes_b]
        return axes_a, axes_b
    if count < 0:
        raise ValueError(f"{op}: axes must be non-negative, got {count}")
    return list(range(-count, 0)), list(range(count))


def tensordot(a, b, /, axes=2):
    """Sum products over the given axes of ``a`` and ``b`` (NumPy's ``tensordot``).

    ``axes`` is an int N (the last N axes of ``a`` with the first N of ``b``) or a pair of
    sequences of axes. The result's axes are ``a``'s remaining axes, then ``b``'s.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.arange(24.0).reshape(2, 3, 4)
    >>> arrpy.tensordot(a, arrpy.ones((3, 4)), axes=2)
    ArrPy([ 66., 210.])
    """
    x, y = _data(a, "tensordot"), _data(b, "tensordot")
    axes_a, axes_b = _tensordot_axes(axes, "tensordot")
    if len(axes_a) != len(axes_b):
        raise ValueError("shape-mismatch for sum")
    try:
        axes_a = [operator.index(axis) % x.ndim if x.ndim else axis for axis in axes_a]
        axes_b = [operator.index(axis) % y.ndim if y.ndim else axis for axis in axes_b]
        summed = [(x.shape[i], y.shape[j]) for i, j in zip(axes_a, axes_b, strict=True)]
    except (IndexError, ZeroDivisionError):
        raise ValueError("tensordot: an axis is out of range for the operands") from None
    if any(m != n for m, n in summed):
        raise ValueError("shape-mismatch for sum")
    kept_a = [i for i in range(x.ndim) if i not in axes_a]
    kept_b = [j for j in range(y.ndim) if j not in axes_b]
    k = math.prod(x.shape[i] for i in axes_a)
    rows = x.transpose(kept_a + axes_a).reshape(-1, k)
    columns = y.transpose(axes_b + kept_b).reshape(k, -1)
    loop = _product_dtype("tensordot", x.dtype, y.dtype)
    product = _matmul_arrays(rows, columns, loop, "tensordot")
    shape = tuple(x.shape[i] for i in kept_a) + tuple(y.shape[j] for j in kept_b)
    return _core.wrap(product.reshape(shape))  # NumPy returns an array even when 0-d


def kron(a, b, /):
    """Kronecker product: blocks ``a[i, j] * b`` laid out like ``a``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.kron(arrpy.array([1, 10]), arrpy.array([1, 2, 3]))
    ArrPy([ 1,  2,  3, 10, 20, 30])
    """
    x, y = _data(a, "kron"), _data(b, "kron")
    if x.ndim == 0 or y.ndim == 0:
        return binary("multiply", _core.wrap(x), _core.wrap(y))
    ndim = max(x.ndim, y.ndim)
    x = x.reshape((1,) * (ndim - x.ndim) + x.shape)
    y = y.reshape((1,) * (ndim - y.ndim) + y.shape)
    # Interleave the axes: x[i0, 1, i1, 1, ...] * y[1, j0, 1, j1, ...], then merge each pair.
    spread_x = x.reshape(tuple(d for n in x.shape for d in (n, 1)))
    spread_y = y.reshape(tuple(d for n in y.shape for d in (1, n)))
    product = binary("multiply", _core.wrap(spread_x), _core.wrap(spread_y))._data
    return _core.wrap(product.reshape(tuple(m * n for m, n in zip(x.shape, y.shape, strict=True))))


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """Sum along a diagonal of the array (``axis1``, ``axis2``), with sum's dtype rules.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.trace(arrpy.array([[1, 2], [3, 4]]))
    np.int64(5)
    """
    from arrpy.reductions import sum as sum_

    data = _data(a, "trace")
    if data.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    diagonal = np.diagonal(data, offset, axis1, axis2)
    return sum_(_core.wrap(diagonal), axis=-1, dtype=dtype, out=out)


_CROSS_DEPRECATION = (
    "Arrays of 2-dimensional vectors are deprecated. Use arrays of 3-dimensional vectors instead."
)


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of (arrays of) 3-vectors; 2-vectors as NumPy (deprecated there too).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.cross(arrpy.array([1.0, 0.0, 0.0]), arrpy.array([0.0, 1.0, 0.0]))
    ArrPy([0., 0., 1.])
    """
    if axis is not None:
        axisa, axisb, axisc = (axis,) * 3
    x = _vector_axis(_data(a, "cross"), axisa, "cross", 0)
    y = _vector_axis(_data(b, "cross"), axisb, "cross", 1)
    if x.shape[-1] not in (2, 3) or y.shape[-1] not in (2, 3):
        raise ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)")
    if x.shape[-1] == 2 or y.shape[-1] == 2:
        warnings.warn(_CROSS_DEPRECATION, DeprecationWarning, stacklevel=2)

    def product(i, j):
        return binary("multiply", _core.wrap(x[..., i]), _core.wrap(y[..., j]))

    def minus(p, q):
        return binary("subtract", p, q)

    z = minus(product(0, 1), product(1, 0))
    if x.shape[-1] == 2 and y.shape[-1] == 2:
        return z
    if x.shape[-1] == 3 and y.shape[-1] == 3:
        parts = (minus(product(1, 2), product(2, 1)), minus(product(2, 0), product(0, 2)), z)
    elif x.shape[-1] == 2:  # x[2] == 0
        parts = (product(1, 2), unary("negative", product(0, 2)), z)
    else:  # y[2] == 0
        parts = (unary("negative", product(2, 1)), product(2, 0), z)
    stacked = np.stack(np.broadcast_arrays(*(p._data for p in parts)), axis=-1)
    try:
        return _core.wrap(np.moveaxis(stacked, -1, axisc))
    except AxisError:
        raise AxisError(axisc, stacked.ndim) from None
