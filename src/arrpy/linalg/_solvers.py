"""Linear systems and determinants: ``solve``, ``inv``, ``det``, ``slogdet``, ``cholesky``, and
the LU factorization itself (``lu``, ``lu_factor``, ``lu_solve``).

The kernels (``linalg_nd`` in ``backends/abi.h``) factor and solve batches of contiguous
working copies; this module does NumPy's semantics once: the stacked-matrix checks and their
``LinAlgError`` messages, batch broadcasting, and NumPy's dtype rule — every computation runs in
double precision (float64 or complex128) and the result is cast back to single precision when
all inputs were single (integers count as double), exactly as ``numpy.linalg`` does.

Determinants come from the LU factors: ``det(A) = (-1)^swaps * prod(diag(U))``, with the
product and the sign computed by the reduction and elementwise kernels.
"""

import math
from typing import NamedTuple

import numpy as np

from arrpy import _core, reductions
from arrpy._convert import operand_data as _data
from arrpy._dtypes import from_numpy_dtype
from arrpy._errstate import errstate
from arrpy._registry import lookup
from arrpy._ufunc import binary, unary

__all__ = [
    "LUResult",
    "SlogdetResult",
    "cholesky",
    "det",
    "inv",
    "lu",
    "lu_factor",
    "lu_solve",
    "slogdet",
    "solve",
]

_FLOAT64 = np.dtype(np.float64)
_COMPLEX128 = np.dtype(np.complex128)
_SINGLE = {np.dtype(np.float32), np.dtype(np.complex64)}


class SlogdetResult(NamedTuple):
    """Sign (a unit complex number for complex input) and natural log of ``|det|``."""

    sign: object
    logabsdet: object


class LUResult(NamedTuple):
    """``A = P @ L @ U``: a permutation matrix, unit lower and upper triangular factors."""

    P: object
    L: object
    U: object


def _stacked_square(data):
    """NumPy's checks for a (stack of) square matrices."""
    if data.ndim < 2:
        raise np.linalg.LinAlgError(
            f"{data.ndim}-dimensional array given. Array must be at least two-dimensional"
        )
    if data.shape[-1] != data.shape[-2]:
        raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")


def _types(*arrays):
    """(computation dtype, result dtype): double precision, cast back to single if every
    input is single precision; complex if any input is."""
    complex_ = any(a.dtype.kind == "c" for a in arrays)
    single = all(a.dtype in _SINGLE for a in arrays)
    compute = _COMPLEX128 if complex_ else _FLOAT64
    result = np.dtype(np.complex64 if complex_ else np.float32) if single else compute
    return compute, result


def _working_copy(data, shape, dtype):
    """A C-contiguous (count, rows, columns) copy of ``data`` broadcast to ``shape``."""
    if data.shape != shape:
        data = np.broadcast_to(data, shape)  # (2 us even when the shape is the same)
    copy = np.array(data, dtype=dtype, order="C", copy=True)
    return copy.reshape((math.prod(shape[:-2]),) + shape[-2:])


def _kernel(op, dtype):
    return lookup(op, from_numpy_dtype(dtype).name, _core.current_backend_name())


def _factor(work):
    """LU-factor the batch ``work`` in place: (pivots, info)."""
    pivots = np.empty(work.shape[:2], dtype=np.int64)
    info = np.zeros(work.shape[0], dtype=np.int64)
    _kernel("lu_factor", work.dtype)(work, pivots=pivots, info=info)
    return pivots, info


def _solve_factored(work, pivots, rights):
    _kernel("lu_solve", work.dtype)(work, b=rights, pivots=pivots)


def _result(values, result_dtype):
    """An ArrPy of the result dtype, or a NumPy scalar for a 0-d result."""
    values = values.astype(result_dtype, copy=False)
    return values[()] if values.ndim == 0 else _core.wrap(values)


def solve(a, b):
    """Solve the linear system ``a @ x = b`` for ``x`` (LU with partial pivoting).

    Parameters
    ----------
    a : (..., M, M) array_like
        Coefficient matrices.
    b : (M,) or (..., M, K) array_like
        Right-hand sides: a 1-d ``b`` is one column vector; otherwise the batch axes broadcast
        with ``a``'s.

    Returns
    -------
    ArrPy
        ``x``, of ``b``'s shape broadcast with ``a``'s batch.

    Raises
    ------
    LinAlgError
        If ``a`` is singular (an exactly zero pivot) or not a stack of square matrices.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.solve(arrpy.array([[3.0, 1.0], [1.0, 2.0]]), arrpy.array([9.0, 8.0]))
    ArrPy([2., 3.])
    """
    matrix, rights = _data(a, "solve"), _data(b, "solve")
    _stacked_square(matrix)
    compute, result = _types(matrix, rights)
    vector = rights.ndim == 1
    if vector:
        rights = rights[:, np.newaxis]
    m = matrix.shape[-1]
    if rights.shape[-2] != m:
        raise ValueError(
            "solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            f"signature (m,m),(m,n)->(m,n) (size {rights.shape[-2]} is different from {m})"
        )
    try:
        batch = np.broadcast_shapes(matrix.shape[:-2], rights.shape[:-2])
    except ValueError:
        raise ValueError(
            f"solve: the batch dimensions of {matrix.shape} and {rights.shape} do not broadcast"
        ) from None
    work = _working_copy(matrix, batch + (m, m), compute)
    solution = _working_copy(rights, batch + rights.shape[-2:], compute)
    pivots, info = _factor(work)
    if info.any():
        raise np.linalg.LinAlgError("Singular matrix")
    _solve_factored(work, pivots, solution)
    solution = solution.reshape(batch + rights.shape[-2:])
    return _result(solution[..., 0] if vector else solution, result)


def inv(a):
    """The inverse of a square matrix (or of each in a stack): solves ``a @ x = I``.

    Raises
    ------
    LinAlgError
        If ``a`` is singular or not a stack of square matrices.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.inv(arrpy.array([[2.0, 0.0], [0.0, 4.0]]))
    ArrPy([[0.5 , 0.  ],
           [0.  , 0.25]])
    """
    matrix = _data(a, "inv")
    _stacked_square(matrix)
    compute, result = _types(matrix)
    inverse, singular = _inverses(matrix, compute)
    if singular.any():
        raise np.linalg.LinAlgError("Singular matrix")
    return _result(inverse, result)


def _inverses(matrix, compute):
    """The inverses of a stack of square matrices (LU, then solves with the identity) in dtype
    ``compute``, and which matrices were singular (an exactly zero pivot): their inverses are
    nan, as NumPy's inv gives under errstate(all='ignore')."""
    n = matrix.shape[-1]
    work = _working_copy(matrix, matrix.shape, compute)
    inverse = _working_copy(np.eye(n, dtype=compute), matrix.shape, compute)
    pivots, info = _factor(work)
    singular = info != 0
    work[singular] = np.eye(n, dtype=compute)  # solve something harmless, then mark nan
    pivots[singular] = np.arange(n)
    _solve_factored(work, pivots, inverse)
    inverse[singular] = np.nan
    return inverse.reshape(matrix.shape), singular


def _permutation_sign(pivots):
    """(-1) ** (number of row swaps), per matrix, by the elementwise and reduction kernels."""
    steps = np.arange(pivots.shape[-1], dtype=np.int64)
    swapped = binary("not_equal", _core.wrap(pivots), _core.wrap(steps))
    odd = binary("bitwise_and", reductions.sum(swapped, axis=-1), 1)
    return binary("subtract", 1, binary("multiply", odd, 2))


def _factored_diagonal(matrix):
    """LU-factor a (stack of) square matrices: (diagonal of U (count, n), the permutations'
    signs, info, result dtype)."""
    _stacked_square(matrix)
    compute, result = _types(matrix)
    work = _working_copy(matrix, matrix.shape, compute)
    pivots, info = _factor(work)
    diagonal = np.diagonal(work, axis1=-2, axis2=-1)
    return diagonal, _permutation_sign(pivots), info, result


def det(a):
    """Determinant of a square matrix (or of each in a stack), from its LU factorization.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.det(arrpy.array([[2.0, 1.0], [1.0, 3.0]]))
    np.float64(5.0)
    """
    matrix = _data(a, "det")
    diagonal, sign, _, result = _factored_diagonal(matrix)
    product = reductions.prod(_core.wrap(diagonal), axis=-1)
    determinant = binary("multiply", sign, product)._data
    return _result(determinant.reshape(matrix.shape[:-2]), result)


def slogdet(a):
    """Sign and natural logarithm of the absolute determinant (no overflow for large ones).

    Returns
    -------
    SlogdetResult
        ``(sign, logabsdet)``: ``sign`` is -1, 0 or 1 (a complex number of modulus 1 or 0 for
        complex input), ``logabsdet`` the real log of ``|det|`` (``-inf`` if singular).

    Examples
    --------
    >>> import arrpy
    >>> sign, logabsdet = arrpy.linalg.slogdet(arrpy.array([[0.0, 2.0], [3.0, 4.0]]))
    >>> float(sign), round(float(logabsdet), 12)
    (-1.0, 1.791759469228)
    """
    matrix = _data(a, "slogdet")
    diagonal, sign, info, result = _factored_diagonal(matrix)
    magnitude = unary("absolute", _core.wrap(diagonal))
    with errstate(divide="ignore"):  # a zero pivot: log(0) = -inf is the answer, not a warning
        logabsdet = reductions.sum(unary("log", magnitude), axis=-1)._data
    if diagonal.dtype.kind == "c":
        units = binary("divide", _core.wrap(diagonal), magnitude)
    else:
        units = unary("sign", _core.wrap(diagonal))
    signs = binary("multiply", sign, reductions.prod(units, axis=-1))._data
    singular = info != 0
    signs[singular] = 0  # a zero pivot: det is 0 (complex: 0 / 0 would have given nan)
    logabsdet[singular] = -np.inf
    shape = matrix.shape[:-2]
    real = np.dtype(result.char.lower()) if result.kind == "c" else result
    return SlogdetResult(
        _result(signs.reshape(shape), result), _result(logabsdet.reshape(shape), real)
    )


def cholesky(a, /, *, upper=False):
    """Cholesky factor of a Hermitian positive definite matrix: ``a = L @ L.conj().T``.

    Parameters
    ----------
    a : (..., M, M) array_like
        Hermitian positive definite matrices; only the lower triangle is read (the upper one
        with ``upper=True``).
    upper : bool, optional
        Return the upper factor ``U = L.conj().T`` (``a = U.conj().T @ U``) instead.

    Raises
    ------
    LinAlgError
        "Matrix is not positive definite" if a pivot is not positive.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.cholesky(arrpy.array([[4.0, 2.0], [2.0, 5.0]]))
    ArrPy([[2., 0.],
           [1., 2.]])
    """
    matrix = _data(a, "cholesky")
    _stacked_square(matrix)
    compute, result = _types(matrix)
    if upper:
        # The upper triangle of a is the conjugate of the lower triangle of a^H.
        matrix = np.swapaxes(matrix, -1, -2)
        if matrix.dtype.kind == "c":
            matrix = matrix.conj()
    work = _working_copy(matrix, matrix.shape, compute)
    info = np.zeros(work.shape[0], dtype=np.int64)
    _kernel("cholesky", compute)(work, info=info)
    if info.any():
        raise np.linalg.LinAlgError("Matrix is not positive definite")
    factor = work.reshape(matrix.shape)
    if upper:
        factor = np.swapaxes(factor, -1, -2)
        factor = factor.conj() if factor.dtype.kind == "c" else factor
    return _result(np.ascontiguousarray(factor), result)


def lu_factor(a):
    """LU factorization with partial pivoting, compactly (SciPy's ``lu_factor``).

    Returns
    -------
    lu : ArrPy
        U on and above the diagonal, L's multipliers below it (L has a unit diagonal).
    piv : ArrPy of int64
        Row ``i`` was swapped with row ``piv[i]``, for i in order (0-based, LAPACK's getrf).

    Examples
    --------
    >>> import arrpy
    >>> lu, piv = arrpy.linalg.lu_factor(arrpy.array([[1.0, 2.0], [3.0, 4.0]]))
    >>> piv
    ArrPy([1, 1])
    """
    matrix = _data(a, "lu_factor")
    _stacked_square(matrix)
    compute, result = _types(matrix)
    work = _working_copy(matrix, matrix.shape, compute)
    pivots, _ = _factor(work)
    return (
        _result(work.reshape(matrix.shape), result),
        _core.wrap(pivots.reshape(matrix.shape[:-1])),
    )


def lu_solve(lu_and_piv, b):
    """Solve ``a @ x = b`` given ``lu_factor(a)`` (one factorization, many right-hand sides).

    Examples
    --------
    >>> import arrpy
    >>> factors = arrpy.linalg.lu_factor(arrpy.array([[3.0, 1.0], [1.0, 2.0]]))
    >>> arrpy.linalg.lu_solve(factors, arrpy.array([9.0, 8.0]))
    ArrPy([2., 3.])
    """
    lu_, piv = lu_and_piv
    factors, pivots, rights = _data(lu_, "lu_solve"), _data(piv, "lu_solve"), _data(b, "lu_solve")
    _stacked_square(factors)
    if factors.ndim != 2:
        raise ValueError("lu_solve: the factors must be one 2-d matrix")
    n = factors.shape[0]
    if pivots.shape != (n,) or not 0 <= pivots.min(initial=0) <= pivots.max(initial=0) < n:
        raise ValueError(f"lu_solve: piv must hold {n} row indices in [0, {n})")
    compute, result = _types(factors, rights)
    vector = rights.ndim == 1
    columns = rights[:, np.newaxis] if vector else rights
    if columns.ndim != 2 or columns.shape[0] != n:
        raise ValueError(f"lu_solve: b must have {n} rows, got shape {rights.shape}")
    work = _working_copy(factors, (n, n), compute)
    solution = _working_copy(columns, columns.shape, compute)
    _solve_factored(work, np.ascontiguousarray(pivots, dtype=np.int64).reshape(1, n), solution)
    solution = solution.reshape(columns.shape)
    return _result(solution[:, 0] if vector else solution, result)


def lu(a):
    """LU factorization with partial pivoting: ``a = P @ L @ U`` (SciPy's ``lu``).

    Parameters
    ----------
    a : (..., M, M) array_like
        Square matrices.

    Returns
    -------
    LUResult
        ``(P, L, U)``: a permutation matrix, a unit lower triangular and an upper triangular
        matrix, in the result dtype.

    Examples
    --------
    >>> import arrpy
    >>> P, L, U = arrpy.linalg.lu(arrpy.array([[1.0, 2.0], [3.0, 4.0]]))
    >>> U
    ArrPy([[3.        , 4.        ],
           [0.        , 0.66666667]])
    """
    matrix = _data(a, "lu")
    _stacked_square(matrix)
    compute, result = _types(matrix)
    n = matrix.shape[-1]
    work = _working_copy(matrix, matrix.shape, compute)
    pivots, _ = _factor(work)
    # The row order that the swaps produce: (P^T A)[i] = A[order[i]] (index bookkeeping).
    order = np.tile(np.arange(n), (work.shape[0], 1))
    for step in range(n):
        target = pivots[:, step]
        rows = np.arange(work.shape[0])
        order[rows, step], order[rows, target] = order[rows, target], order[rows, step].copy()
    permutation = np.zeros(work.shape, dtype=result)
    batch_index = np.arange(work.shape[0])[:, np.newaxis]
    permutation[batch_index, order, np.arange(n)] = 1
    lower = np.tril(work, -1)
    lower[..., np.arange(n), np.arange(n)] = 1
    upper = np.triu(work)
    return LUResult(
        *(_result(m.reshape(matrix.shape), result) for m in (permutation, lower, upper))
    )
