"""Functions of the singular values: ``lstsq``, ``pinv``, ``matrix_rank``, ``cond``.

All of them are the SVD kernel followed by products and elementwise work of the current
backend, with NumPy's cutoffs for "zero" singular values: ``lstsq`` drops those below
``rcond * s_max`` (LAPACK gelsd's rule), ``pinv`` those at or below ``rcond * s_max``,
``matrix_rank`` counts those above ``max(M, N) * eps * s_max``.
"""

import numpy as np

from arrpy import _core, reductions
from arrpy._convert import operand_data as _data
from arrpy._errstate import errstate
from arrpy._ufunc import binary, unary
from arrpy.linalg._decompositions import _conj_swap, _real, _svd_arrays, svd
from arrpy.linalg._solvers import _inverses, _result, _stacked_square, _types
from arrpy.products import _matmul_arrays

__all__ = ["cond", "lstsq", "matrix_rank", "pinv"]

_NO_VALUE = object()  # "not given", where None is a meaningful value (pinv's rtol)


def _two_dimensional(data):
    if data.ndim != 2:
        raise np.linalg.LinAlgError(
            f"{data.ndim}-dimensional array given. Array must be two-dimensional"
        )


def _reciprocals_above(s, cutoff):
    """1 / s where s > cutoff, else 0: the pseudo-inverse of diag(s)."""
    large = binary("greater", _core.wrap(s), _core.wrap(cutoff))._data
    safe = np.where(large, s, 1)  # no division by the dropped (maybe zero) values
    return np.where(large, binary("divide", 1.0, _core.wrap(safe))._data, 0), large


def lstsq(a, b, rcond=None):
    """Least-squares solution of ``a @ x = b``: the ``x`` of minimal norm among those that
    minimise ``||b - a @ x||``, from the SVD of ``a``.

    Parameters
    ----------
    a : (M, N) array_like
        Coefficient matrix.
    b : (M,) or (M, K) array_like
        Right-hand side(s).
    rcond : float, optional
        Singular values below ``rcond * s_max`` count as zero; default ``eps * max(M, N)``
        (a negative value means machine precision).

    Returns
    -------
    x : ArrPy
        (N,) or (N, K) solution.
    residuals : ArrPy
        Sums of squared residuals per column, (1,) or (K,), when ``a`` has full column rank
        and M > N; otherwise empty.
    rank : numpy.int32
        The effective rank of ``a``.
    s : ArrPy
        Singular values of ``a``, descending.

    Examples
    --------
    >>> import arrpy
    >>> a = arrpy.array([[0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [3.0, 1.0]])
    >>> x, residuals, rank, s = arrpy.linalg.lstsq(a, arrpy.array([-1.0, 0.2, 0.9, 2.1]))
    >>> [round(float(v), 6) for v in x], int(rank)
    ([1.0, -0.95], 2)
    """
    matrix, rights = _data(a, "lstsq"), _data(b, "lstsq")
    vector = rights.ndim == 1
    if vector:
        rights = rights[:, np.newaxis]
    _two_dimensional(matrix)
    _two_dimensional(rights)
    m, n = matrix.shape
    if rights.shape[0] != m:
        raise np.linalg.LinAlgError("Incompatible dimensions")
    compute, result = _types(matrix, rights)
    eps = np.finfo(compute).eps
    if rcond is None:
        rcond = eps * max(n, m)
    elif rcond < 0:
        rcond = eps  # LAPACK gelsd: a negative rcond means machine precision
    try:
        s, u, vt = _svd_arrays(matrix, False, True)
    except np.linalg.LinAlgError:
        raise np.linalg.LinAlgError("SVD did not converge in Linear Least Squares") from None
    cutoff = np.asarray(rcond * (s[0] if s.size else 0.0))
    inverse, large = _reciprocals_above(s, cutoff)
    rank = int(np.count_nonzero(large))
    rhs = rights.astype(compute)
    # x = V diag(1/s) U^H b, dropping the singular values counted as zero
    projected = _matmul_arrays(_conj_swap(u), rhs, compute)
    scaled = binary("multiply", _core.wrap(projected), _core.wrap(inverse[:, np.newaxis]))
    x = _matmul_arrays(_conj_swap(vt), scaled._data.astype(compute), compute)
    if rank == n and m > n:
        misfit = binary(
            "subtract",
            _core.wrap(rhs),
            _core.wrap(_matmul_arrays(matrix.astype(compute), x, compute)),
        )
        squares = unary("absolute", misfit) if compute.kind == "c" else misfit
        residuals = reductions.sum(unary("square", squares), axis=0)._data
    else:
        residuals = np.empty(0, dtype=np.float64)
    real = _real(result)
    return (
        _core.wrap(np.ascontiguousarray((x[:, 0] if vector else x).astype(result))),
        _core.wrap(residuals.astype(real)),
        np.int32(rank),
        _core.wrap(s.astype(real)),
    )


def pinv(a, rcond=None, hermitian=False, *, rtol=_NO_VALUE):
    """Moore-Penrose pseudo-inverse of a (stack of) matrices, from the SVD.

    Parameters
    ----------
    a : (..., M, N) array_like
        Matrices to pseudo-invert.
    rcond : float or array_like, optional
        Singular values at or below ``rcond * s_max`` count as zero (default 1e-15).
    hermitian : bool, optional
        ``a`` is Hermitian: the SVD comes from the eigen-decomposition.
    rtol : float or array_like, optional
        The Array API's name for ``rcond``; ``rtol=None`` means ``max(M, N) * eps``. Only one
        of the two may be given.

    Returns
    -------
    ArrPy
        (..., N, M) pseudo-inverses.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.pinv(arrpy.array([[2.0, 0.0], [0.0, 0.0]]))
    ArrPy([[0.5, 0. ],
           [0. , 0. ]])
    """
    matrix = _data(a, "pinv")
    if matrix.ndim < 2:
        raise np.linalg.LinAlgError(
            f"{matrix.ndim}-dimensional array given. Array must be at least two-dimensional"
        )
    m, n = matrix.shape[-2:]
    compute, result = _types(matrix)
    if rcond is None:
        if rtol is _NO_VALUE:
            rcond = 1e-15
        elif rtol is None:
            rcond = max(m, n) * np.finfo(result).eps
        else:
            rcond = rtol
    elif rtol is not _NO_VALUE:
        raise ValueError("`rtol` and `rcond` can't be both set.")
    if m == 0 or n == 0:
        return _core.wrap(np.empty(matrix.shape[:-2] + (n, m), dtype=result))
    u, s, vt = (x._data for x in svd(matrix.astype(compute), False, True, hermitian))
    s_max = reductions.max(_core.wrap(s), axis=-1, keepdims=True)._data
    cutoff = binary(
        "multiply", _core.wrap(np.asarray(rcond)[..., np.newaxis]), _core.wrap(s_max)
    )._data
    inverse, _ = _reciprocals_above(s, cutoff)
    # pinv = V diag(1/s) U^H
    scaled = binary("multiply", _core.wrap(inverse[..., np.newaxis]), _core.wrap(_conj_swap(u)))
    product = _matmul_arrays(_conj_swap(vt), scaled._data.astype(compute), compute)
    return _result(product, result)


def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):
    """Rank of a (stack of) matrices: the number of singular values above a tolerance.

    Parameters
    ----------
    A : {(M,), (..., M, N)} array_like
        A vector (rank 1 unless all zero) or matrices.
    tol : float or array_like, optional
        Absolute threshold; default ``rtol * s_max``.
    hermitian : bool, optional
        ``A`` is Hermitian: its singular values are the absolute eigenvalues.
    rtol : float or array_like, optional
        Relative threshold (default ``max(M, N) * eps``); only without ``tol``.

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.matrix_rank(arrpy.array([[1.0, 2.0], [2.0, 4.0]]))
    np.int64(1)
    """
    matrix = _data(A, "matrix_rank")
    if matrix.ndim < 2:
        return int(bool(binary("not_equal", _core.wrap(matrix), 0)._data.any()))
    s = svd(matrix, compute_uv=False, hermitian=hermitian)._data
    if tol is None:
        if rtol is None:
            rtol = max(matrix.shape[-2:]) * np.finfo(s.dtype).eps
        else:
            rtol = np.asarray(rtol)[..., np.newaxis]
        s_max = reductions.max(_core.wrap(s), axis=-1, keepdims=True, initial=0)._data
        tol = binary("multiply", _core.wrap(s_max), _core.wrap(np.asarray(rtol)))._data
    else:
        tol = np.asarray(tol)[..., np.newaxis]
    above = binary("greater", _core.wrap(s), _core.wrap(tol))
    return reductions.count_nonzero(above, axis=-1)  # a NumPy int for one matrix


def cond(x, p=None):
    """Condition number of a (stack of) matrices in the norm ``p``.

    Parameters
    ----------
    x : (..., M, N) array_like
        Matrices (square unless ``p`` is None, 2 or -2).
    p : {None, 1, -1, 2, -2, inf, -inf, 'fro', 'nuc'}, optional
        None or 2: ``s_max / s_min`` from the singular values; -2: ``s_min / s_max``; otherwise
        ``norm(x, p) * norm(inv(x), p)`` (inf for singular matrices).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.cond(arrpy.array([[1.0, 0.0], [0.0, 4.0]]))
    np.float64(4.0)
    """
    from arrpy.linalg._norms import norm  # _norms uses svd from this package too

    data = _data(x, "cond")
    if data.ndim < 2:
        raise np.linalg.LinAlgError(
            f"{data.ndim}-dimensional array given. Array must be at least two-dimensional"
        )
    if data.size == 0:
        raise np.linalg.LinAlgError("cond is not defined on empty arrays")
    _, result = _types(data)
    real = _real(result)
    if p is None or p == 2 or p == -2:
        s = svd(data, compute_uv=False)._data
        with errstate(all="ignore"):
            first, last = _core.wrap(s[..., 0]), _core.wrap(s[..., -1])
            ratio = binary("divide", last, first) if p == -2 else binary("divide", first, last)
        values = np.asarray(ratio._data if hasattr(ratio, "_data") else ratio)
    else:
        _stacked_square(data)
        compute, _ = _types(data)
        inverse, _ = _inverses(data, compute)
        with errstate(all="ignore"):
            product = binary(
                "multiply",
                norm(data, p, axis=(-2, -1)),
                norm(_core.wrap(inverse), p, axis=(-2, -1)),
            )
        values = np.array(product._data if hasattr(product, "_data") else product)
        # A nan from a singular matrix (not from nan input) is an infinite condition number.
        nan = np.isnan(values)
        if nan.any():
            nan &= ~np.isnan(data).any(axis=(-2, -1))
            values[nan] = np.inf
    return _result(np.asarray(values), real)
