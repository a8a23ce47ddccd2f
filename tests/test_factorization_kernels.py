"""Every factorization kernel (LU factor, LU solve, Cholesky) of every backend, at the kernel level.

The contract is ``linalg_nd`` in ``backends/abi.h``. A kernel may block or reorder its updates,
so the tests check what the factorization means rather than bits: the pivots are valid row
indices at or below the diagonal, applying them to A gives L U up to rounding (relative to
||A||), partial pivoting keeps |L| <= 1, the solve's relative residual is at the level of the
machine epsilon, L L^H reconstructs A, and singular or indefinite matrices are reported in info.
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
    return (0, 1, 2, 3, 7, 16) if backend == "python" else (0, 1, 2, 3, 7, 16, 33, 64, 150)


def random_matrices(dtype, count, n, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((count, n, n))
    if dtype == "complex128":
        a = a + 1j * rng.standard_normal((count, n, n))
    return np.ascontiguousarray(a.astype(dtype))


def factor(backend, a):
    work = a.copy()
    pivots = np.full(a.shape[:2], -7, dtype=np.int64)
    info = np.full(a.shape[0], -7, dtype=np.int64)
    status = _registry.lookup("lu_factor", a.dtype.name, backend)(work, pivots=pivots, info=info)
    assert status == 0
    return work, pivots, info


def permuted(a, pivots):
    """A with the row swaps applied in order (what L U must equal)."""
    result = a.copy()
    for m in range(a.shape[0]):
        for j, p in enumerate(pivots[m]):
            result[m, [j, p]] = result[m, [p, j]]
    return result


def check_factors(a, work, pivots):
    n = a.shape[-1]
    assert np.all((pivots >= np.arange(n)) & (pivots < n)), pivots
    lower = np.tril(work, -1) + np.eye(n)
    upper = np.triu(work)
    # Partial pivoting keeps the multipliers <= 1 (complex: LAPACK's pivot measure |re| + |im|
    # bounds their modulus by sqrt(2)).
    bound = np.sqrt(2) if a.dtype.kind == "c" else 1.0
    assert np.all(np.abs(lower) <= bound * (1 + 1e-12)), "a multiplier above the bound"
    scale = np.abs(a).max(axis=(1, 2), keepdims=True) if n else 1
    error = np.abs(lower @ upper - permuted(a, pivots)) / np.maximum(scale, 1e-300)
    assert np.all(error <= 8 * n * EPS), error.max()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_lu_factor_reconstructs_the_matrix(backend, dtype):
    for n in _sizes(backend):
        a = random_matrices(dtype, 3, n, seed=n)
        work, pivots, info = factor(backend, a)
        np.testing.assert_array_equal(info, 0)
        check_factors(a, work, pivots)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_lu_factor_reports_exact_singularity(backend, dtype):
    a = random_matrices(dtype, 3, 6, seed=1)
    a[0, :, 2] = 0  # column 2 is zero: the pivot of step 2 or earlier vanishes
    a[2] = 0
    work, pivots, info = factor(backend, a)
    assert 1 <= info[0] <= 3, info
    assert info[1] == 0
    assert info[2] == 1
    assert np.all((pivots >= np.arange(6)) & (pivots < 6))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_lu_factor_pivots_like_lapack_on_clear_maxima(backend, dtype):
    """Without near ties the pivot order is determined: it must be LAPACK's (NumPy's det sign
    and SciPy's lu_factor depend on it)."""
    a = np.array([[[1.0, 2.0, 0.0], [8.0, 1.0, 1.0], [3.0, 9.0, 2.0]]], dtype=dtype)
    work, pivots, info = factor(backend, a)
    np.testing.assert_array_equal(pivots, [[1, 2, 2]])
    np.testing.assert_array_equal(info, [0])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_lu_solve_has_a_small_residual(backend, dtype):
    rng = np.random.default_rng(2)
    for n in _sizes(backend):
        for nrhs in (0, 1, 3, n + 5):
            a = random_matrices(dtype, 2, n, seed=n + 10) + 4 * np.eye(n, dtype=dtype)
            b = rng.standard_normal((2, n, nrhs)).astype(dtype)
            work, pivots, info = factor(backend, a)
            x = b.copy()
            status = _registry.lookup("lu_solve", dtype, backend)(work, b=x, pivots=pivots)
            assert status == 0
            if n == 0 or nrhs == 0:
                continue
            residual = np.linalg.norm(a @ x - b, axis=(1, 2))
            scale = np.linalg.norm(a, axis=(1, 2)) * np.linalg.norm(x, axis=(1, 2))
            assert np.all(residual <= 1e-12 * scale), residual / scale


def hermitian_positive_definite(dtype, count, n, seed=0):
    a = random_matrices(dtype, count, n, seed)
    return np.ascontiguousarray(a @ np.conj(np.swapaxes(a, 1, 2)) + n * np.eye(n))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_cholesky_reconstructs_the_matrix(backend, dtype):
    for n in _sizes(backend):
        a = hermitian_positive_definite(dtype, 2, n, seed=n)
        work = a.copy()
        work[:, np.triu_indices(n, 1)[0], np.triu_indices(n, 1)[1]] = 99  # upper part: ignored
        info = np.full(2, -7, dtype=np.int64)
        assert _registry.lookup("cholesky", dtype, backend)(work, info=info) == 0
        np.testing.assert_array_equal(info, 0)
        assert np.all(np.triu(work, 1) == 0), "the strictly upper part is zeroed"
        diagonal = np.diagonal(work, axis1=1, axis2=2)
        assert np.all(diagonal.real > 0) and np.all(diagonal.imag == 0)
        rebuilt = work @ np.conj(np.swapaxes(work, 1, 2))
        scale = np.abs(a).max() if n else 1
        assert np.all(np.abs(rebuilt - a) <= 8 * max(n, 1) * EPS * scale)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_cholesky_reports_the_failing_pivot(backend, dtype):
    a = hermitian_positive_definite(dtype, 3, 5, seed=3)
    a[0, 2, 2] = -1e3  # pivot 2 fails
    a[1, 0, 0] = 0  # the first pivot is zero
    a[2, 4, 4] = np.nan
    info = np.zeros(3, dtype=np.int64)
    _registry.lookup("cholesky", dtype, backend)(a, info=info)
    np.testing.assert_array_equal(info, [3, 1, 5])


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
def test_large_batches_and_blocked_sizes(backend):
    """Sizes past any panel width and many small matrices (the batch-parallel path)."""
    for count, n in ((1, 300), (400, 4)):
        a = random_matrices("float64", count, n, seed=count)
        work, pivots, info = factor(backend, a)
        np.testing.assert_array_equal(info, 0)
        check_factors(a, work, pivots)
        b = np.ones((count, n, n + 1))
        x = b.copy()
        _registry.lookup("lu_solve", "float64", backend)(work, b=x, pivots=pivots)
        residual = np.linalg.norm(a @ x - b, axis=(1, 2))
        assert np.all(
            residual <= 1e-12 * np.linalg.norm(a, axis=(1, 2)) * np.linalg.norm(x, axis=(1, 2))
        )
        s = hermitian_positive_definite("float64", count, n, seed=1)
        work = s.copy()
        info = np.zeros(count, dtype=np.int64)
        _registry.lookup("cholesky", "float64", backend)(work, info=info)
        np.testing.assert_array_equal(info, 0)
        assert np.abs(work @ np.swapaxes(work, 1, 2) - s).max() <= 1e-12 * np.abs(s).max() * n


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 9), count=st.integers(0, 3), seed=st.integers(0, 2**32 - 1),
       dtype=st.sampled_from(DTYPES), special=st.booleans())  # fmt: skip
def test_lu_property(backend, n, count, seed, dtype, special):
    a = random_matrices(dtype, count, n, seed)
    if special and n:
        a[..., 0, 0] = np.nan  # nan input: no hang, no crash; the factors are just nan
        factor(backend, a)
        return
    work, pivots, info = factor(backend, a)
    np.testing.assert_array_equal(info, 0)
    check_factors(a, work, pivots)
