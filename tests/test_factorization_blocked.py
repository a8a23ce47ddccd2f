"""The compiled factorization kernels on the paths their blocking and threading choose.

test_factorization_kernels.py checks the linalg_nd contract on every backend; this file aims at
the code paths of the compiled backends: the c backend's blocked LU (panels of 64 columns,
recursive below), its recursive triangular solves and the dot-product solve for few right-hand
sides, its blocked Cholesky, the cython backend's steps of 4 columns, each with one and two
threads, and the exact info codes (first zero pivot, first failing Cholesky pivot) deep inside
the blocked paths. Factors are checked by what they mean (P A = L U, residuals, L L^H = A),
not bit for bit.
"""

import numpy as np
import pytest
from conftest import BACKENDS
from hypothesis import given, settings
from hypothesis import strategies as st

import arrpy
from arrpy import _registry

COMPILED = [b for b in BACKENDS if b != "python"]
EPS = np.finfo(np.float64).eps
# Around the c backend's thresholds: unblocked below 48, panels of 64, 8-column micro-tiles.
SIZES = (47, 48, 49, 65, 131, 260)


@pytest.fixture(params=[1, 2], ids=["1thread", "2threads"])
def threads(request):
    before = arrpy.get_num_threads()
    arrpy.set_num_threads(request.param)
    yield request.param
    arrpy.set_num_threads(before)


def random_matrices(dtype, count, n, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((count, n, n))
    if dtype == "complex128":
        a = a + 1j * rng.standard_normal((count, n, n))
    return np.ascontiguousarray(a.astype(dtype))


def lu_factor(backend, a):
    work = a.copy()
    pivots = np.full(a.shape[:2], -7, dtype=np.int64)
    info = np.full(a.shape[0], -7, dtype=np.int64)
    assert _registry.lookup("lu_factor", a.dtype.name, backend)(work, pivots=pivots, info=info) == 0
    return work, pivots, info


def lu_solve(backend, work, pivots, b):
    x = b.copy()
    assert _registry.lookup("lu_solve", b.dtype.name, backend)(work, b=x, pivots=pivots) == 0
    return x


def cholesky(backend, a):
    work = a.copy()
    info = np.full(a.shape[0], -7, dtype=np.int64)
    assert _registry.lookup("cholesky", a.dtype.name, backend)(work, info=info) == 0
    return work, info


def assert_factors(a, work, pivots):
    n = a.shape[-1]
    assert np.all((pivots >= np.arange(n)) & (pivots < n))
    permuted = a.copy()
    for m in range(a.shape[0]):
        for j, p in enumerate(pivots[m]):
            permuted[m, [j, p]] = permuted[m, [p, j]]
    lower = np.tril(work, -1) + np.eye(n)
    bound = np.sqrt(2) if a.dtype.kind == "c" else 1.0
    assert np.abs(np.tril(work, -1)).max(initial=0) <= bound * (1 + 1e-12)
    error = np.abs(lower @ np.triu(work) - permuted).max() / np.abs(a).max()
    assert error <= 8 * n * EPS, error


def assert_small_residual(a, x, b):
    residual = np.linalg.norm(a @ x - b, axis=(1, 2))
    scale = np.linalg.norm(a, axis=(1, 2)) * np.linalg.norm(x, axis=(1, 2))
    assert np.all(residual <= 1e-12 * scale), residual / scale


def spd(dtype, count, n, seed):
    a = random_matrices(dtype, count, n, seed)
    return np.ascontiguousarray(a @ np.conj(np.swapaxes(a, 1, 2)) + n * np.eye(n))


@pytest.mark.parametrize("backend", COMPILED)
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_lu_and_solve_across_the_block_sizes(backend, dtype, threads):
    rng = np.random.default_rng(5)
    for n in SIZES:
        a = random_matrices(dtype, 1, n, seed=n)
        work, pivots, info = lu_factor(backend, a)
        assert info[0] == 0
        assert_factors(a, work, pivots)
        # few right-hand sides (dot-product form), a partial 8-column tile, and nrhs = n (inv)
        for nrhs in (1, 2, 3, 5, 9, n):
            b = rng.standard_normal((1, n, nrhs)).astype(dtype)
            assert_small_residual(a, lu_solve(backend, work, pivots, b), b)


@pytest.mark.parametrize("backend", COMPILED)
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_first_zero_pivot_inside_the_blocked_path(backend, dtype, threads):
    """A zero column k (rows below and on the diagonal stay zero) makes step k's pivot exactly
    zero: info is k + 1 however the columns are grouped, and the factorization goes on."""
    for n, k in ((131, 70), (131, 130), (260, 64), (260, 3)):
        a = random_matrices(dtype, 1, n, seed=k)
        a[0, :, k] = 0
        work, pivots, info = lu_factor(backend, a)
        assert info[0] == k + 1, (n, k, info)
        assert np.all((pivots >= np.arange(n)) & (pivots < n))


@pytest.mark.parametrize("backend", COMPILED)
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_cholesky_across_the_block_sizes(backend, dtype, threads):
    for n in SIZES:
        a = spd(dtype, 1, n, seed=n)
        work, info = cholesky(backend, np.where(np.triu(np.ones((n, n)), 1) > 0, 1e300, a))
        assert info[0] == 0
        assert np.all(np.triu(work[0], 1) == 0)
        rebuilt = work @ np.conj(np.swapaxes(work, 1, 2))
        assert np.abs(rebuilt - a).max() <= 8 * n * EPS * np.abs(a).max()


@pytest.mark.parametrize("backend", COMPILED)
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_cholesky_failing_pivot_inside_the_blocked_path(backend, dtype, threads):
    n = 200
    a = spd(dtype, 3, n, seed=9)
    a[0, 150, 150] = -1e6  # pivot 150 fails, after two full panels
    a[1, 64, 64] = np.nan  # the first pivot of the second panel
    a[2, n - 1, n - 1] = 0.0  # not positive: the last pivot is <= 0 for this scale
    a[2, n - 1, : n - 1] *= 10
    a[2, : n - 1, n - 1] *= 10
    _, info = cholesky(backend, a)
    assert info[0] == 151 and info[1] == 65 and info[2] == n, info


@pytest.mark.parametrize("backend", COMPILED)
def test_batches_give_the_same_as_one_by_one(backend, threads):
    """The batch-parallel path (many small matrices, one per thread) against single calls."""
    a = random_matrices("float64", 60, 20, seed=3)
    work, pivots, info = lu_factor(backend, a)
    np.testing.assert_array_equal(info, 0)
    b = np.random.default_rng(4).standard_normal((60, 20, 7))
    x = lu_solve(backend, work, pivots, b)
    for m in (0, 31, 59):
        w1, p1, _ = lu_factor(backend, a[m : m + 1])
        np.testing.assert_array_equal(p1[0], pivots[m])
        np.testing.assert_array_equal(w1[0], work[m])
        np.testing.assert_array_equal(lu_solve(backend, w1, p1, b[m : m + 1])[0], x[m])
    s = spd("complex128", 60, 12, seed=6)
    factors, info = cholesky(backend, s)
    np.testing.assert_array_equal(info, 0)
    np.testing.assert_array_equal(cholesky(backend, s[17:18])[0][0], factors[17])


@pytest.mark.parametrize("backend", COMPILED)
def test_public_functions_on_a_large_system(backend, threads):
    """solve, inv and det of a 300 x 300 system (the blocked and threaded sizes) like NumPy."""
    rng = np.random.default_rng(8)
    a = rng.standard_normal((300, 300)) / np.sqrt(300)
    b = rng.standard_normal(300)
    with arrpy.backend(backend):
        x = arrpy.linalg.solve(a, b).data
        inverse = arrpy.linalg.inv(a).data
        determinant = arrpy.linalg.det(a)
    assert np.linalg.norm(a @ x - b) <= 1e-12 * np.linalg.norm(a) * np.linalg.norm(x)
    assert np.abs(a @ inverse - np.eye(300)).max() <= 1e-9
    assert abs(determinant - np.linalg.det(a)) <= 1e-9 * abs(np.linalg.det(a))


@pytest.mark.parametrize("backend", COMPILED)
@settings(max_examples=20, deadline=None)
@given(
    n=st.sampled_from([1, 5, 47, 48, 70]),
    nrhs=st.integers(1, 20),
    seed=st.integers(0, 2**32 - 1),
    special=st.sampled_from(["none", "nan", "inf"]),
)
def test_solve_property(backend, n, nrhs, seed, special):
    """Random systems around the thresholds; nan or inf input must not hang or crash."""
    a = random_matrices("float64", 1, n, seed) + 3 * np.eye(n)
    b = np.random.default_rng(seed).standard_normal((1, n, nrhs))
    if special != "none":
        a[0, n // 2, n // 3] = np.nan if special == "nan" else np.inf
        work, pivots, _ = lu_factor(backend, a)
        lu_solve(backend, work, pivots, b)
        cholesky(backend, a)
        return
    work, pivots, info = lu_factor(backend, a)
    assert info[0] == 0
    assert_factors(a, work, pivots)
    assert_small_residual(a, lu_solve(backend, work, pivots, b), b)
