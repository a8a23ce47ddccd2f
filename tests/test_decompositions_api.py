"""qr, eigh, eigvalsh, eig, eigvals, svd, svdvals, lstsq, pinv, matrix_rank, cond and the
spectral norms of ``arrpy.linalg`` against NumPy, on every backend.

The kernels are tested in ``test_{qr,eigh,eig,svd}_kernels.py``; this file tests the front end:
result types (named tuples, arrays, NumPy scalars), shapes and dtypes (double precision inside,
single precision results for single inputs, integers as float64, eig's real-or-complex rule),
the modes (qr's four, svd's full_matrices / compute_uv / hermitian), stacks, empty matrices,
NumPy's LinAlgError / ValueError cases, and the values: those with a unique answer compared with
NumPy's directly (R, singular values, eigenvalues, lstsq, pinv), vectors through what defines
them (reconstruction, orthonormality), as the sign or phase of a vector is free.
"""

import numpy as np
import pytest
from test_solvers_api import matrix  # random matrices of any dtype (integers: small values)

import arrpy

REAL_AND_COMPLEX = ["float64", "float32", "complex128", "complex64", "int64"]


def hermitian(n, dtype="float64", seed=0, batch=()):
    a = matrix(batch + (n, n), dtype, seed)
    return (a + np.swapaxes(a, -1, -2).conj()) / (1 if np.dtype(dtype).kind in "iu" else 2)


def size(backend, large=24):
    # The python backend is the slow specification: small matrices.
    return 5 if backend == "python" else large


def tolerance(dtype):
    return 1e-4 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-10


def data(x):
    """The ndarray of an ArrPy result (shape and dtype checks apply to it)."""
    assert isinstance(x, arrpy.ArrPy), type(x)
    return x.data


def same(got, expected, rtol=1e-10):
    """Shape, then dtype, then values of an ArrPy result against NumPy's."""
    got = data(got)
    expected = np.asarray(expected)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    scale = max(1.0, float(np.max(np.abs(expected), initial=0)))
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol * scale)


def orthonormal_columns(q, rtol):
    q = q.astype(np.complex128)
    gram = q.conj().swapaxes(-1, -2) @ q
    np.testing.assert_allclose(gram, np.broadcast_to(np.eye(q.shape[-1]), gram.shape), atol=rtol)


# ---------------------------------------------------------------------------------------------
# qr
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", REAL_AND_COMPLEX)
@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5), (2, 3, 4)])
def test_qr_modes_like_numpy(backend, dtype, shape):
    a = matrix(shape, dtype, 1)
    rtol = tolerance(np.linalg.qr(a).R.dtype)
    for mode in ("reduced", "complete"):
        got, expected = arrpy.linalg.qr(arrpy.asarray(a), mode=mode), np.linalg.qr(a, mode=mode)
        assert isinstance(got, arrpy.linalg.QRResult)
        same(got.Q, expected.Q, rtol)  # LAPACK's reflector convention: the same signs
        same(got.R, expected.R, rtol)
    same(arrpy.linalg.qr(arrpy.asarray(a), mode="r"), np.linalg.qr(a, mode="r"), rtol)
    h, tau = arrpy.linalg.qr(arrpy.asarray(a), mode="raw")
    expected_h, expected_tau = np.linalg.qr(a, mode="raw")
    same(h, expected_h, rtol)
    same(tau, expected_tau, rtol)


def test_qr_reconstructs_a_larger_matrix(backend):
    n = size(backend, 120)
    a = matrix((n + 7, n), seed=2)
    q, r = (data(x) for x in arrpy.linalg.qr(a))
    np.testing.assert_allclose(q @ r, a, atol=1e-12 * np.linalg.norm(a))
    orthonormal_columns(q, 1e-12)
    assert np.all(np.tril(r, -1) == 0)


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0), (2, 0, 4)])
def test_qr_of_empty_matrices(backend, shape):
    a = np.zeros(shape)
    for mode in ("reduced", "complete"):
        got, expected = arrpy.linalg.qr(a, mode=mode), np.linalg.qr(a, mode=mode)
        same(got.Q, expected.Q)
        same(got.R, expected.R)


def test_qr_bad_input(backend):
    with pytest.raises(ValueError, match="Unrecognized mode 'bogus'"):
        arrpy.linalg.qr(np.eye(2), mode="bogus")
    with pytest.raises(np.linalg.LinAlgError, match="1-dimensional array given"):
        arrpy.linalg.qr(np.ones(3))
    with pytest.warns(DeprecationWarning):
        same(arrpy.linalg.qr(np.eye(2), mode="economic"), np.eye(2))


# ---------------------------------------------------------------------------------------------
# eigh, eigvalsh
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", REAL_AND_COMPLEX)
@pytest.mark.parametrize("uplo", ["L", "U", "l"])
def test_eigh_like_numpy(backend, dtype, uplo):
    n = size(backend)
    a = hermitian(n, dtype, 3)
    # garbage in the triangle that is not read
    junk = (
        np.triu(np.full((n, n), 7), 1) if uplo.upper() == "L" else np.tril(np.full((n, n), 7), -1)
    )
    a = (a + junk.astype(a.dtype)) if n > 1 else a
    got, expected = arrpy.linalg.eigh(arrpy.asarray(a), UPLO=uplo), np.linalg.eigh(a, UPLO=uplo)
    assert isinstance(got, arrpy.linalg.EighResult)
    rtol = tolerance(expected.eigenvectors.dtype)
    same(got.eigenvalues, expected.eigenvalues, rtol)
    vectors = data(got.eigenvectors)
    assert vectors.shape == expected.eigenvectors.shape
    assert vectors.dtype == expected.eigenvectors.dtype
    full = (
        np.tril(a) + np.tril(a, -1).conj().T
        if uplo.upper() == "L"
        else np.triu(a) + np.triu(a, 1).conj().T
    )
    w = expected.eigenvalues
    np.testing.assert_allclose(full @ vectors, vectors * w, atol=rtol * max(1, np.abs(w).max()))
    orthonormal_columns(vectors, rtol)
    same(arrpy.linalg.eigvalsh(arrpy.asarray(a), UPLO=uplo), np.linalg.eigvalsh(a, UPLO=uplo), rtol)


def test_eigh_stacks_and_empty(backend):
    a = hermitian(4, "float64", 4, batch=(2, 3))
    same(arrpy.linalg.eigvalsh(a), np.linalg.eigvalsh(a))
    w, v = arrpy.linalg.eigh(a)
    np.testing.assert_allclose(a @ data(v), data(v) * data(w)[..., np.newaxis, :], atol=1e-10)
    same(arrpy.linalg.eigvalsh(np.zeros((0, 0))), np.zeros(0))
    same(arrpy.linalg.eigh(np.zeros((3, 0, 0))).eigenvectors, np.zeros((3, 0, 0)))


def test_eigh_nan_gives_nan_and_bad_input(backend):
    a = np.eye(3)
    a[2, 0] = np.nan
    assert np.isnan(data(arrpy.linalg.eigvalsh(a))).all()
    a[2, 0] = 0
    a[0, 2] = np.nan  # in the triangle that is not read
    same(arrpy.linalg.eigvalsh(a), np.ones(3))
    with pytest.raises(ValueError, match="UPLO argument must be 'L' or 'U'"):
        arrpy.linalg.eigh(np.eye(2), UPLO="X")
    with pytest.raises(
        np.linalg.LinAlgError, match="Last 2 dimensions of the array must be square"
    ):
        arrpy.linalg.eigvalsh(np.ones((2, 3)))


# ---------------------------------------------------------------------------------------------
# eig, eigvals
# ---------------------------------------------------------------------------------------------


def sorted_values(w):
    w = np.asarray(w)
    return w[np.lexsort((np.round(w.imag, 8), np.round(w.real, 8)))]


@pytest.mark.parametrize("dtype", REAL_AND_COMPLEX)
def test_eig_like_numpy(backend, dtype):
    n = size(backend, 20)
    a = matrix((n, n), dtype, 5)
    got, expected = arrpy.linalg.eig(arrpy.asarray(a)), np.linalg.eig(a)
    assert isinstance(got, arrpy.linalg.EigResult)
    w, v = data(got.eigenvalues), data(got.eigenvectors)
    assert w.dtype == expected.eigenvalues.dtype and v.dtype == expected.eigenvectors.dtype
    assert w.shape == (n,) and v.shape == (n, n)
    rtol = tolerance(w.dtype)
    np.testing.assert_allclose(
        sorted_values(w), sorted_values(expected.eigenvalues), atol=rtol * np.abs(a).max() * n
    )
    np.testing.assert_allclose(a @ v, v * w, atol=rtol * np.abs(a).max() * n)
    np.testing.assert_allclose(np.linalg.norm(v, axis=0), 1, rtol=rtol)
    np.testing.assert_allclose(
        sorted_values(data(arrpy.linalg.eigvals(arrpy.asarray(a)))),
        sorted_values(np.linalg.eigvals(a)),
        atol=rtol * np.abs(a).max() * n,
    )


def test_eig_real_or_complex_results(backend):
    # a real spectrum: real results, as NumPy
    a = np.array([[2.0, 1.0], [0.0, 3.0]])
    w, v = arrpy.linalg.eig(a)
    assert data(w).dtype == np.float64 and data(v).dtype == np.float64
    same(arrpy.linalg.eigvals(np.float32(a)), np.linalg.eigvals(np.float32(a)), 1e-6)
    # a rotation: a complex-conjugate pair
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])
    got = data(arrpy.linalg.eigvals(rotation))
    assert got.dtype == np.complex128
    np.testing.assert_allclose(sorted_values(got), [-1j, 1j], atol=1e-14)
    assert data(arrpy.linalg.eigvals(np.float32(rotation))).dtype == np.complex64


def test_eig_stacks_empty_and_bad_input(backend):
    a = matrix((2, 3, 3), seed=6)
    w = data(arrpy.linalg.eigvals(a))
    for i in range(2):
        np.testing.assert_allclose(
            sorted_values(w[i]), sorted_values(np.linalg.eigvals(a[i])), atol=1e-10
        )
    same(arrpy.linalg.eigvals(np.zeros((0, 0))), np.linalg.eigvals(np.zeros((0, 0))))
    with pytest.raises(np.linalg.LinAlgError, match="Array must not contain infs or NaNs"):
        arrpy.linalg.eig(np.array([[1.0, np.nan], [0.0, 1.0]]))
    with pytest.raises(np.linalg.LinAlgError, match="Last 2 dimensions"):
        arrpy.linalg.eigvals(np.ones((3, 2)))


# ---------------------------------------------------------------------------------------------
# svd, svdvals
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", REAL_AND_COMPLEX)
@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5), (2, 3, 4)])
def test_svd_like_numpy(backend, dtype, shape):
    a = matrix(shape, dtype, 7)
    expected = np.linalg.svd(a)
    rtol = tolerance(expected.U.dtype)
    for full in (True, False):
        got = arrpy.linalg.svd(arrpy.asarray(a), full_matrices=full)
        assert isinstance(got, arrpy.linalg.SVDResult)
        reference = np.linalg.svd(a, full_matrices=full)
        u, s, vh = data(got.U), data(got.S), data(got.Vh)
        for mine, theirs in ((u, reference.U), (s, reference.S), (vh, reference.Vh)):
            assert mine.shape == theirs.shape and mine.dtype == theirs.dtype
        same(got.S, reference.S, rtol)
        k = min(shape[-2:])
        np.testing.assert_allclose(
            (u[..., :k] * s[..., np.newaxis, :]) @ vh[..., :k, :], a, atol=rtol * 10
        )
        orthonormal_columns(u, rtol)
        orthonormal_columns(np.swapaxes(vh, -1, -2).conj(), rtol)
    same(arrpy.linalg.svd(arrpy.asarray(a), compute_uv=False), expected.S, rtol)
    same(arrpy.linalg.svdvals(arrpy.asarray(a)), expected.S, rtol)


def test_svd_hermitian(backend):
    a = hermitian(5, "float64", 8)
    got, expected = arrpy.linalg.svd(a, hermitian=True), np.linalg.svd(a, hermitian=True)
    same(got.S, expected.S)
    np.testing.assert_allclose((data(got.U) * data(got.S)) @ data(got.Vh), a, atol=1e-12)
    same(arrpy.linalg.svd(a, compute_uv=False, hermitian=True), expected.S)


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0), (2, 0, 4)])
def test_svd_of_empty_matrices(backend, shape):
    a = np.zeros(shape)
    for full in (True, False):
        got, expected = arrpy.linalg.svd(a, full_matrices=full), np.linalg.svd(a, full)
        same(got.U, expected.U)
        same(got.S, expected.S)
        same(got.Vh, expected.Vh)


def test_svd_bad_input(backend):
    with pytest.raises(np.linalg.LinAlgError, match="SVD did not converge"):
        arrpy.linalg.svd(np.array([[1.0, np.nan], [0.0, 1.0]]))
    with pytest.raises(np.linalg.LinAlgError, match="1-dimensional array given"):
        arrpy.linalg.svdvals(np.ones(3))


# ---------------------------------------------------------------------------------------------
# lstsq, pinv, matrix_rank, cond, norms
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", REAL_AND_COMPLEX)
@pytest.mark.parametrize("shape", [(7, 3), (3, 7), (4, 4)])
def test_lstsq_like_numpy(backend, dtype, shape):
    a = matrix(shape, dtype, 9)
    rtol = tolerance(dtype) * 10
    for b in (matrix(shape[:1], dtype, 10), matrix(shape[:1] + (2,), dtype, 11)):
        x, residuals, rank, s = arrpy.linalg.lstsq(arrpy.asarray(a), arrpy.asarray(b))
        ex, eresiduals, erank, es = np.linalg.lstsq(a, b)
        same(x, ex, rtol)
        same(residuals, eresiduals, rtol)
        assert type(rank) is type(erank) and rank == erank
        same(s, es, rtol)


def test_lstsq_rank_deficient_and_rcond(backend):
    a = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])  # rank 1
    b = np.array([1.0, 2.0, 2.0])
    for rcond in (None, -1, 0.5):
        got, expected = arrpy.linalg.lstsq(a, b, rcond=rcond), np.linalg.lstsq(a, b, rcond=rcond)
        same(got[0], expected[0])
        same(got[1], expected[1])  # empty: not of full rank
        assert got[2] == expected[2]
    for shape in ((0, 3), (3, 0)):
        got, expected = (
            arrpy.linalg.lstsq(np.zeros(shape), np.ones(shape[0])),
            np.linalg.lstsq(np.zeros(shape), np.ones(shape[0])),
        )
        same(got[0], expected[0])
        same(got[1], expected[1])
    with pytest.raises(np.linalg.LinAlgError, match="Incompatible dimensions"):
        arrpy.linalg.lstsq(np.ones((3, 2)), np.ones(4))
    with pytest.raises(np.linalg.LinAlgError, match="3-dimensional array given"):
        arrpy.linalg.lstsq(np.ones((2, 3, 2)), np.ones(3))


@pytest.mark.parametrize("dtype", REAL_AND_COMPLEX)
def test_pinv_like_numpy(backend, dtype):
    for shape in ((6, 4), (4, 6), (2, 3, 3)):
        a = matrix(shape, dtype, 12)
        same(arrpy.linalg.pinv(arrpy.asarray(a)), np.linalg.pinv(a), tolerance(dtype) * 10)
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    same(arrpy.linalg.pinv(singular), np.linalg.pinv(singular))
    same(arrpy.linalg.pinv(singular, rtol=None), np.linalg.pinv(singular, rtol=None))
    same(arrpy.linalg.pinv(singular, hermitian=True), np.linalg.pinv(singular, hermitian=True))
    same(arrpy.linalg.pinv(np.zeros((0, 3))), np.linalg.pinv(np.zeros((0, 3))))
    with pytest.raises(ValueError, match="can't be both set"):
        arrpy.linalg.pinv(singular, rcond=0.1, rtol=0.1)


def test_matrix_rank_like_numpy(backend):
    cases = [
        np.eye(4),
        np.zeros((3, 3)),
        np.ones((3, 5)),
        np.array([1.0, 0.0]),
        np.zeros(3),
        matrix((2, 4, 4), seed=13),
        np.array([[1.0, 2.0], [2.0, 4.0 + 1e-12]]),
    ]
    for a in cases:
        got, expected = arrpy.linalg.matrix_rank(a), np.linalg.matrix_rank(a)
        if isinstance(expected, np.ndarray):
            same(got, expected)
        else:
            assert got == expected and type(got) is type(expected), (got, expected)
    a = np.diag([1.0, 1e-3, 1e-9])
    for kwargs in ({"tol": 1e-4}, {"rtol": 1e-2}, {"hermitian": True}):
        assert arrpy.linalg.matrix_rank(a, **kwargs) == np.linalg.matrix_rank(a, **kwargs)


@pytest.mark.parametrize("p", [None, 2, -2, 1, -1, np.inf, -np.inf, "fro", "nuc"])
def test_cond_like_numpy(backend, p):
    a = matrix((3, 4, 4), seed=14)
    same(arrpy.linalg.cond(a, p), np.linalg.cond(a, p), 1e-9)
    got = arrpy.linalg.cond(a[0], p)
    assert isinstance(got, np.float64)
    np.testing.assert_allclose(got, np.linalg.cond(a[0], p), rtol=1e-9)
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    if p == "nuc":  # the nuclear norm of the (nan) inverse: NumPy's SVD raises
        for cond in (arrpy.linalg.cond, np.linalg.cond):
            with pytest.raises(np.linalg.LinAlgError, match="SVD did not converge"):
                cond(singular, p)
    elif p not in (None, 2, -2):
        assert arrpy.linalg.cond(singular, p) == np.linalg.cond(singular, p) == np.inf


@pytest.mark.parametrize("ord", [2, -2, "nuc"])
def test_spectral_norms_like_numpy(backend, ord):
    a = matrix((3, 4, 5), "complex128", 15)
    same(arrpy.linalg.norm(a, ord=ord, axis=(1, 2)), np.linalg.norm(a, ord=ord, axis=(1, 2)))
    same(
        arrpy.linalg.norm(a, ord=ord, axis=(2, 0), keepdims=True),
        np.linalg.norm(a, ord=ord, axis=(2, 0), keepdims=True),
    )
    got = arrpy.linalg.norm(a[0], ord=ord)
    assert isinstance(got, np.float64)
    np.testing.assert_allclose(got, np.linalg.norm(a[0], ord=ord), rtol=1e-12)
    same(arrpy.linalg.matrix_norm(a, ord=ord), np.linalg.matrix_norm(a, ord=ord))
