"""Matrix decompositions: ``qr``, ``eigh`` / ``eigvalsh``, ``eig`` / ``eigvals``, ``svd`` /
``svdvals``.

Each backend implements the algorithms itself (``linalg_nd`` in ``backends/abi.h``: Householder
QR, Hermitian tridiagonal QR, Hessenberg + shifted QR, and the SVD); this module does NumPy's
semantics once, as ``_solvers`` does for LU: the stacked-matrix checks and ``LinAlgError``
messages, the double-precision working copies (single-precision results are cast back), the
named-tuple results, NumPy's choice of real or complex results for ``eig``, and the modes of
``qr`` and ``svd``.
"""

import warnings
from typing import NamedTuple

import numpy as np

from arrpy._convert import operand_data as _data
from arrpy.linalg._solvers import _kernel, _result, _stacked_square, _types, _working_copy

__all__ = [
    "EigResult",
    "EighResult",
    "QRResult",
    "SVDResult",
    "eig",
    "eigh",
    "eigvals",
    "eigvalsh",
    "qr",
    "svd",
    "svdvals",
]


class QRResult(NamedTuple):
    """``A = Q @ R``: Q with orthonormal columns, R upper triangular."""

    Q: object
    R: object


class EighResult(NamedTuple):
    """Eigenvalues (ascending, real) and orthonormal eigenvectors (columns) of a Hermitian
    matrix."""

    eigenvalues: object
    eigenvectors: object


class EigResult(NamedTuple):
    """Eigenvalues and unit-norm right eigenvectors (columns) of a general matrix."""

    eigenvalues: object
    eigenvectors: object


class SVDResult(NamedTuple):
    """``A = U @ diag(S) @ Vh``: singular values ``S`` descending."""

    U: object
    S: object
    Vh: object


def _stacked_2d(data):
    if data.ndim < 2:
        raise np.linalg.LinAlgError(
            f"{data.ndim}-dimensional array given. Array must be at least two-dimensional"
        )


def _real(dtype):
    """The real dtype of the same precision (float32 for complex64, ...)."""
    return np.dtype(dtype.char.lower()) if dtype.kind == "c" else dtype


def _swap(x):
    return np.swapaxes(x, -1, -2)


def _conj_swap(x):
    """The conjugate transpose of the last two axes (the transpose for real dtypes)."""
    x = _swap(x)
    return x.conj() if x.dtype.kind == "c" else x


def _all_finite(work):
    """Per matrix of the batch: True if every entry is finite."""
    return np.isfinite(work).reshape(work.shape[0], -1).all(axis=1)


# ---------------------------------------------------------------------------------------------
# QR
# ---------------------------------------------------------------------------------------------

_QR_DEPRECATED = {"f": "reduced", "full": "reduced", "e": "economic", "economic": "economic"}


def qr(a, mode="reduced"):
    """QR decomposition by Householder reflections: ``a = Q @ R``.

    Parameters
    ----------
    a : (..., M, N) array_like
        Matrices to factor (integers are converted to float64).
    mode : {'reduced', 'complete', 'r', 'raw'}, optional
        'reduced': Q (..., M, K), R (..., K, N) with K = min(M, N); 'complete': Q (..., M, M),
        R (..., M, N); 'r': only R (..., K, N); 'raw': ``(h, tau)``, LAPACK's compact form
        (h (..., N, M) is the transposed factored matrix: R and the Householder vectors).

    Returns
    -------
    QRResult or ArrPy or tuple
        ``QRResult(Q, R)`` for 'reduced' and 'complete', R for 'r', ``(h, tau)`` for 'raw'.

    Notes
    -----
    The reflectors follow LAPACK's conventions (geqrf), so the signs of R's diagonal are
    NumPy's.

    Examples
    --------
    >>> import arrpy
    >>> Q, R = arrpy.linalg.qr(arrpy.array([[3.0, 1.0], [4.0, 2.0]]))
    >>> R
    ArrPy([[-5. , -2.2],
           [ 0. ,  0.4]])
    """
    if mode not in ("reduced", "complete", "r", "raw"):
        if mode not in _QR_DEPRECATED:
            raise ValueError(f"Unrecognized mode '{mode}'")
        message = (
            "The 'full' option is deprecated in favor of 'reduced'.\n"
            "For backward compatibility let mode default."
            if _QR_DEPRECATED[mode] == "reduced"
            else "The 'economic' option is deprecated."
        )
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        mode = _QR_DEPRECATED[mode]
    matrix = _data(a, "qr")
    _stacked_2d(matrix)
    compute, result = _types(matrix)
    batch, (m, n) = matrix.shape[:-2], matrix.shape[-2:]
    k = min(m, n)
    work = _working_copy(matrix, matrix.shape, compute)
    tau = np.zeros((work.shape[0], k), dtype=compute)
    _kernel("qr", compute)(work, tau=tau)
    factored = work.reshape(matrix.shape)
    if mode == "r":
        return _result(np.triu(factored[..., :k, :]), result)
    if mode == "raw":
        return _result(_swap(factored), result), _result(tau.reshape(batch + (k,)), result)
    if mode == "economic":
        return _result(factored, result)
    columns = m if mode == "complete" and m > n else k
    q = np.empty((work.shape[0], m, columns), dtype=compute)
    _kernel("qr_q", compute)(work, tau=tau, u=q)
    return QRResult(
        _result(q.reshape(batch + (m, columns)), result),
        _result(np.triu(factored[..., :columns, :]), result),
    )


# ---------------------------------------------------------------------------------------------
# Hermitian eigenproblems
# ---------------------------------------------------------------------------------------------


def _hermitian_eigen(a, UPLO, vectors, op):
    """(eigenvalues, eigenvectors or None, result dtype) of the Hermitian matrices ``a`` whose
    ``UPLO`` triangle is given."""
    uplo = UPLO.upper() if isinstance(UPLO, str) else UPLO
    if uplo not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    matrix = _data(a, op)
    _stacked_square(matrix)
    compute, result = _types(matrix)
    n = matrix.shape[-1]
    work = _working_copy(matrix, matrix.shape, compute)
    # The full Hermitian matrix from the triangle LAPACK would read (its diagonal's imaginary
    # part is ignored): the kernel's contract is the whole matrix.
    triangle = np.tril(work) if uplo == "L" else np.triu(work)
    strict = np.tril(work, -1) if uplo == "L" else np.triu(work, 1)
    work = np.ascontiguousarray(triangle + _conj_swap(strict))
    if compute.kind == "c":
        steps = np.arange(n)
        work[..., steps, steps] = work[..., steps, steps].real
    # A nan or inf in the triangle gives nan results (LAPACK's, without iterating on them).
    finite = _all_finite(work)
    work[~finite] = 0
    values = np.empty((work.shape[0], n), dtype=np.float64)
    info = np.zeros(work.shape[0], dtype=np.int64)
    eigenvectors = np.empty_like(work) if vectors else None
    _kernel("eigh", compute)(work, info=info, w=values, u=eigenvectors)
    if info.any():
        raise np.linalg.LinAlgError("Eigenvalues did not converge")
    values[~finite] = np.nan
    if vectors:
        eigenvectors[~finite] = np.nan
        eigenvectors = eigenvectors.reshape(matrix.shape)
    return values.reshape(matrix.shape[:-1]), eigenvectors, result


def eigh(a, UPLO="L"):
    """Eigenvalues and eigenvectors of a Hermitian (real symmetric) matrix.

    Parameters
    ----------
    a : (..., M, M) array_like
        Hermitian matrices; only the triangle named by ``UPLO`` is read.
    UPLO : {'L', 'U'}, optional
        Read the lower (default) or the upper triangle.

    Returns
    -------
    EighResult
        ``(eigenvalues, eigenvectors)``: real eigenvalues in ascending order, and orthonormal
        eigenvectors as the columns of ``eigenvectors`` (``a @ v[:, i] = w[i] * v[:, i]``).

    Notes
    -----
    Householder reduction to a real tridiagonal matrix, then the implicit-shift QR iteration
    (LAPACK's approach); a matrix with nan or inf in the triangle read gives nan results.

    Examples
    --------
    >>> import arrpy
    >>> w, v = arrpy.linalg.eigh(arrpy.array([[2.0, 1.0], [1.0, 2.0]]))
    >>> w
    ArrPy([1., 3.])
    """
    values, vectors, result = _hermitian_eigen(a, UPLO, True, "eigh")
    return EighResult(_result(values, _real(result)), _result(vectors, result))


def eigvalsh(a, UPLO="L"):
    """Eigenvalues of a Hermitian (real symmetric) matrix, ascending (no eigenvectors: cheaper).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.eigvalsh(arrpy.array([[2.0, 1.0], [1.0, 2.0]]))
    ArrPy([1., 3.])
    """
    values, _, result = _hermitian_eigen(a, UPLO, False, "eigvalsh")
    return _result(values, _real(result))


# ---------------------------------------------------------------------------------------------
# General eigenproblems
# ---------------------------------------------------------------------------------------------


def _general_eigen(a, vectors, op):
    matrix = _data(a, op)
    _stacked_square(matrix)
    compute, result = _types(matrix)
    work = _working_copy(matrix, matrix.shape, compute)
    if not _all_finite(work).all():
        raise np.linalg.LinAlgError("Array must not contain infs or NaNs")
    n = matrix.shape[-1]
    values = np.empty((work.shape[0], n), dtype=np.complex128)
    info = np.zeros(work.shape[0], dtype=np.int64)
    eigenvectors = np.empty((work.shape[0], n, n), dtype=np.complex128) if vectors else None
    _kernel("eig", compute)(work, info=info, w=values, u=eigenvectors)
    if info.any():
        raise np.linalg.LinAlgError("Eigenvalues did not converge")
    values = values.reshape(matrix.shape[:-1])
    if vectors:
        eigenvectors = eigenvectors.reshape(matrix.shape)
    if compute.kind != "c" and not values.imag.any():
        # NumPy's rule: real input whose eigenvalues are all real gives real results.
        values = values.real
        eigenvectors = eigenvectors.real if vectors else None
    elif result.kind != "c":
        result = np.dtype(np.complex64 if result == np.float32 else np.complex128)
    return values, eigenvectors, result


def eig(a):
    """Eigenvalues and right eigenvectors of a general square matrix.

    Returns
    -------
    EigResult
        ``(eigenvalues, eigenvectors)``: ``a @ v[:, i] = w[i] * v[:, i]`` with unit-norm
        columns. Real input gives real results when every eigenvalue is real, complex ones
        otherwise (NumPy's rule); eigenvalues are in no particular order.

    Raises
    ------
    LinAlgError
        If ``a`` holds nan or inf, or the iteration does not converge.

    Notes
    -----
    Householder reduction to Hessenberg form, then the shifted QR iteration to Schur form (the
    real double-shift form for real input) and back substitution for the eigenvectors.

    Examples
    --------
    >>> import arrpy
    >>> w, v = arrpy.linalg.eig(arrpy.array([[2.0, 0.0], [0.0, 3.0]]))
    >>> w
    ArrPy([2., 3.])
    """
    values, vectors, result = _general_eigen(a, True, "eig")
    real = values.dtype.kind != "c"
    values_dtype = _real(result) if real else result
    return EigResult(_result(values, values_dtype), _result(vectors, values_dtype))


def eigvals(a):
    """Eigenvalues of a general square matrix (no eigenvectors: cheaper).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.eigvals(arrpy.array([[0.0, -1.0], [1.0, 0.0]]))
    ArrPy([0.+1.j, 0.-1.j])
    """
    values, _, result = _general_eigen(a, False, "eigvals")
    return _result(values, _real(result) if values.dtype.kind != "c" else result)


# ---------------------------------------------------------------------------------------------
# Singular value decomposition
# ---------------------------------------------------------------------------------------------


def _svd_arrays(matrix, full_matrices, compute_uv):
    """(s, u, vt) of the stack ``matrix`` by the svd kernel, in the computation dtype."""
    compute, _ = _types(matrix)
    batch, (m, n) = matrix.shape[:-2], matrix.shape[-2:]
    k = min(m, n)
    work = _working_copy(matrix, matrix.shape, compute)
    if not _all_finite(work).all():
        raise np.linalg.LinAlgError("SVD did not converge")
    count = work.shape[0]
    values = np.empty((count, k), dtype=np.float64)
    info = np.zeros(count, dtype=np.int64)
    u = vt = None
    if compute_uv:
        u = np.empty((count, m, m if full_matrices else k), dtype=compute)
        vt = np.empty((count, n if full_matrices else k, n), dtype=compute)
    _kernel("svd", compute)(work, info=info, w=values, u=u, vt=vt)
    if info.any():
        raise np.linalg.LinAlgError("SVD did not converge")
    values = values.reshape(batch + (k,))
    if compute_uv:
        u = u.reshape(batch + u.shape[1:])
        vt = vt.reshape(batch + vt.shape[1:])
    return values, u, vt


def _hermitian_svd(matrix, compute_uv):
    """The SVD of Hermitian matrices from their eigen-decomposition (NumPy's hermitian=True):
    singular values |w| in descending order, U the eigenvectors, Vh their conjugate transpose
    with the signs of w."""
    values, vectors, _ = _hermitian_eigen(matrix, "L", compute_uv, "svd")
    magnitudes = np.abs(values)
    order = np.argsort(magnitudes, axis=-1)[..., ::-1]
    s = np.take_along_axis(magnitudes, order, axis=-1)
    if not compute_uv:
        return s, None, None
    signs = np.take_along_axis(np.sign(values), order, axis=-1)
    u = np.take_along_axis(vectors, order[..., np.newaxis, :], axis=-1)
    vt = _conj_swap(u * signs[..., np.newaxis, :])
    return s, u, vt


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """Singular value decomposition: ``a = U @ diag(S) @ Vh``.

    Parameters
    ----------
    a : (..., M, N) array_like
        Matrices to decompose (integers are converted to float64).
    full_matrices : bool, optional
        True (default): U is (..., M, M) and Vh (..., N, N); False: (..., M, K) and (..., K, N)
        with K = min(M, N).
    compute_uv : bool, optional
        False: return only the singular values (much cheaper).
    hermitian : bool, optional
        ``a`` is Hermitian: use the eigen-decomposition (NumPy's shortcut).

    Returns
    -------
    SVDResult or ArrPy
        ``(U, S, Vh)`` with S descending and real, or S alone when ``compute_uv`` is False.

    Raises
    ------
    LinAlgError
        "SVD did not converge" (also for nan or inf input, as NumPy).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.svd(arrpy.array([[3.0, 0.0], [0.0, -4.0]]), compute_uv=False)
    ArrPy([4., 3.])
    """
    matrix = _data(a, "svd")
    _stacked_2d(matrix)
    _, result = _types(matrix)
    if hermitian:
        _stacked_square(matrix)
        s, u, vt = _hermitian_svd(matrix, compute_uv)
    else:
        s, u, vt = _svd_arrays(matrix, full_matrices, compute_uv)
    s = _result(s, _real(result))
    if not compute_uv:
        return s
    return SVDResult(_result(u, result), s, _result(np.ascontiguousarray(vt), result))


def svdvals(x, /):
    """The singular values of a (stack of) matrices, descending (the Array API's spelling of
    ``svd(x, compute_uv=False)``).

    Examples
    --------
    >>> import arrpy
    >>> arrpy.linalg.svdvals(arrpy.array([[0.0, 2.0], [1.0, 0.0]]))
    ArrPy([2., 1.])
    """
    return svd(x, compute_uv=False)
