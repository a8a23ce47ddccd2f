"""The Hermitian eigen-decomposition kernel (abi.h ARRPY_EIGH) of every backend (kernel level).

The contract leaves the eigenvectors free up to a unit factor per column (and to any orthonormal
basis of an eigenspace), so the tests check what the decomposition means, with NumPy as the
oracle for the values: w ascending and equal to np.linalg.eigvalsh up to 1e-12 ||A|| (a few n
eps ||A|| for large n), A U = U diag(w) and U^H U = I up to 1e-10, values-only equal to the
values of the full decomposition, info 0 -- and for nan input that the kernel returns at all
(nan values or info > 0).
"""

import numpy as np
import pytest
from conftest import BACKENDS
from hypothesis import given, settings
from hypothesis import strategies as st

from arrpy import _registry

DTYPES = ("float64", "complex128")
EPS = np.finfo(np.float64).eps


def _sizes(backend):
    # The python backend is the slow specification: it gets small matrices.
    return (1, 2, 3, 5, 8, 12) if backend == "python" else (1, 2, 3, 5, 8, 12, 33, 64, 150)


def eigh(backend, a, vectors=True):
    """The kernel on a copy of the batch a (count, n, n): (w, u or None, info)."""
    work = np.ascontiguousarray(a.copy())
    count, n, _ = a.shape
    info = np.full(count, -7, dtype=np.int64)
    w = np.full((count, n), -7.0)
    u = np.full_like(work, -7) if vectors else None
    status = _registry.lookup("eigh", a.dtype.name, backend)(work, info=info, w=w, u=u)
    assert status == 0
    return w, u, info


def hermitian(dtype, count, n, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((count, n, n))
    if dtype == "complex128":
        a = a + 1j * rng.standard_normal((count, n, n))
    a = a + np.conj(np.swapaxes(a, 1, 2))
    return np.ascontiguousarray(a.astype(dtype))


def check(backend, a, value_tol=None):
    """Run the kernel with and without vectors on a and check everything the contract says."""
    count, n, _ = a.shape
    w, u, info = eigh(backend, a)
    w_only, none, info_only = eigh(backend, a, vectors=False)
    assert none is None
    np.testing.assert_array_equal(info, 0)
    np.testing.assert_array_equal(info_only, 0)
    expected = np.linalg.eigvalsh(a)
    norm = np.maximum(np.abs(expected).max(axis=1, keepdims=True), np.finfo(float).tiny)
    tol = value_tol if value_tol is not None else max(1e-12, 4 * n * EPS)
    assert np.all(np.diff(w, axis=1) >= 0), "eigenvalues not ascending"
    assert np.all(np.abs(w - expected) <= tol * norm), np.abs(w - expected).max()
    assert np.all(np.abs(w_only - w) <= tol * norm), np.abs(w_only - w).max()
    residual = np.abs(a @ u - u * w[:, None, :]).max(axis=(1, 2))
    assert np.all(residual <= 1e-10 * norm[:, 0]), residual / norm[:, 0]
    gram = np.conj(np.swapaxes(u, 1, 2)) @ u
    assert np.abs(gram - np.eye(n)).max() <= 1e-10
    return w, u


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_matrices(backend, dtype):
    for n in _sizes(backend):
        check(backend, hermitian(dtype, 3, n, seed=n))


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_order_200(backend, dtype):
    check(backend, hermitian(dtype, 1, 200, seed=200))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_empty(backend, dtype):
    for count, n in ((2, 0), (0, 3)):
        w, u, info = eigh(backend, np.zeros((count, n, n), dtype=dtype))
        assert w.shape == (count, n) and u.shape == (count, n, n)
        np.testing.assert_array_equal(info, 0)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_one_and_two(backend, dtype):
    a = np.array([[[-2.5]]], dtype=dtype)
    w, u = check(backend, a)
    assert w[0, 0] == -2.5 and abs(u[0, 0, 0]) == 1
    two = np.array(
        [[[2.0, 1.0], [1.0, 2.0]], [[1.0, 0.0], [0.0, -1.0]], [[0, 0], [0, 0]]], dtype=dtype
    )
    if dtype == "complex128":
        two[0] = [[2.0, 1 - 1j], [1 + 1j, 2.0]]
    w, _ = check(backend, two)
    np.testing.assert_allclose(w[1], [-1.0, 1.0])
    np.testing.assert_array_equal(w[2], [0.0, 0.0])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_degenerate_spectra(backend, dtype):
    n = 7 if backend == "python" else 40
    rng = np.random.default_rng(3)
    identity = np.eye(n)
    repeated = np.diag(np.repeat([1.0, -2.0, 3.0], [3, 2, n - 5]))
    q, _ = np.linalg.qr(
        rng.standard_normal((n, n))
        + (1j if dtype == "complex128" else 0) * rng.standard_normal((n, n))
    )
    rotated = q @ repeated @ q.conj().T  # repeated eigenvalues, not diagonal
    x = rng.standard_normal(n)
    rank1 = np.outer(x, x)
    zero = np.zeros((n, n))
    for a in (identity, repeated, rotated, rank1, zero):
        a = (a + a.conj().T) / 2
        w, u = check(backend, np.ascontiguousarray(a[None].astype(dtype)))
        if a is zero:
            np.testing.assert_array_equal(w, 0.0)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_diagonal_and_tridiagonal_input(backend, dtype):
    n = 9 if backend == "python" else 60
    rng = np.random.default_rng(4)
    diagonal = np.diag(rng.standard_normal(n))
    w, u = check(backend, diagonal[None].astype(dtype))
    np.testing.assert_array_equal(w[0], np.sort(np.diag(diagonal)))
    off = rng.standard_normal(n - 1)
    if dtype == "complex128":
        off = off + 1j * rng.standard_normal(n - 1)
    tri = np.diag(rng.standard_normal(n)) + np.diag(off, -1) + np.diag(off.conj(), 1)
    check(backend, tri[None].astype(dtype))
    # the Wilkinson matrix W21+: pairs of eigenvalues closer than 1e-13
    wilkinson = (
        np.diag(np.abs(np.arange(-10.0, 11.0))) + np.diag(np.ones(20), 1) + np.diag(np.ones(20), -1)
    )
    check(backend, wilkinson[None].astype(dtype))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_graded_and_ill_conditioned(backend, dtype):
    n = 10 if backend == "python" else 50
    a = hermitian(dtype, 2, n, seed=5)
    grade = 10.0 ** -np.linspace(0, 12, n)
    graded = a * grade[None, :, None] * grade[None, None, :]
    check(backend, graded[:1])
    check(backend, np.ascontiguousarray(graded[1:, ::-1, ::-1]))  # graded the other way
    # huge and tiny entries (the power-of-two scaling) and an indefinite ill-conditioned mix
    check(backend, a * 1e300)
    check(backend, a * 1e-300)
    rng = np.random.default_rng(6)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    spread = q @ np.diag(np.geomspace(1e-14, 1, n) * np.where(np.arange(n) % 2, 1, -1)) @ q.T
    check(backend, ((spread + spread.T) / 2)[None].astype(dtype))
    # off-diagonal entries far below eps ||A|| (deflated at once) and subnormal ones
    tiny = np.diag(rng.standard_normal(n)) + np.tril(rng.standard_normal((n, n)) * 1e-200, -1)
    check(backend, (tiny + np.tril(tiny, -1).T)[None].astype(dtype))
    sub = np.diag(np.r_[1.0, np.full(n - 1, 1e-300)])
    sub[2, 1] = sub[1, 2] = 1e-310
    check(backend, sub[None].astype(dtype))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_batches_are_independent(backend, dtype):
    n = 6 if backend == "python" else 30
    a = hermitian(dtype, 3, n, seed=7)
    a[1] = 0
    w, u = check(backend, a)
    for i in range(3):
        w1, u1, _ = eigh(backend, a[i : i + 1])
        np.testing.assert_array_equal(w1[0], w[i])
        np.testing.assert_array_equal(u1[0], u[i])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_nan_and_inf_terminate(backend, dtype):
    n = 5 if backend == "python" else 20
    a = hermitian(dtype, 4, n, seed=8)
    a[0, 2, 3] = a[0, 3, 2] = np.nan
    a[1, 1, 1] = np.nan
    a[2, 0, 4] = a[2, 4, 0] = np.inf
    a[3] = np.nan
    for vectors in (True, False):
        w, _, info = eigh(backend, a, vectors)
        for i in range(4):
            assert info[i] > 0 or np.isnan(w[i]).any(), (i, info[i], w[i])
            assert 0 <= info[i] <= n


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_reads_the_lower_triangle(backend, dtype):
    # not in the contract (the front end passes both triangles) but what all backends do, as
    # NumPy's default UPLO='L': the upper triangle and the diagonal's imaginary part are ignored
    n = 6 if backend == "python" else 40
    a = hermitian(dtype, 2, n, seed=9)
    garbage = a.copy()
    upper = np.triu_indices(n, 1)
    garbage[:, upper[0], upper[1]] = 1e3
    if dtype == "complex128":
        garbage[:, np.arange(n), np.arange(n)] += 5j
    w, u, info = eigh(backend, garbage)
    w0, u0, _ = eigh(backend, a)
    np.testing.assert_array_equal(info, 0)
    np.testing.assert_allclose(w, w0, rtol=0, atol=1e-12 * np.abs(w0).max())
    np.testing.assert_allclose(np.abs(u), np.abs(u0), rtol=0, atol=1e-8)


@settings(max_examples=15, deadline=None)
@given(
    backend=st.sampled_from(BACKENDS),
    dtype=st.sampled_from(DTYPES),
    n=st.integers(1, 12),
    count=st.integers(1, 3),
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([1.0, 1e-8, 1e8]),
)
def test_random_shapes(backend, dtype, n, count, seed, scale):
    check(backend, hermitian(dtype, count, n, seed) * scale)
