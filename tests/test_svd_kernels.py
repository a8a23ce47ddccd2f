"""The SVD kernel (abi.h ARRPY_SVD) of every backend, at the kernel level, with NumPy as oracle.

The contract leaves the singular vectors free up to signs / phases (and, for repeated or zero
singular values, up to a unitary mix), so the tests check what the decomposition means: the
values against np.linalg.svd to 1e-12 * s_max, descending and >= 0; U diag(s) Vt reconstructs
A to 1e-10 relative; U^H U = I and Vt Vt^H = I, reduced (k columns / rows) and full (m / n);
the values-only call (u = vt = NULL) gives the same values; nan / inf input terminates with
info > 0.
"""

import numpy as np
import pytest
from conftest import BACKENDS
from hypothesis import given, settings
from hypothesis import strategies as st

from arrpy import _registry

DTYPES = ("float64", "complex128")


def _shapes(backend):
    small = [(1, 1), (1, 5), (5, 1), (2, 2), (7, 3), (3, 7), (6, 6), (12, 9), (9, 12)]
    if backend == "python":
        return small
    return small + [(33, 17), (17, 33), (64, 64), (150, 101), (101, 150)]


def random_matrix(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    if dtype == "complex128":
        a = a + 1j * rng.standard_normal(shape)
    return np.ascontiguousarray(a.astype(dtype))


def run_svd(backend, a, vectors=True, full=True):
    """The kernel on the batch a (count, m, n): (s, u, vt, info); u, vt None unless vectors."""
    count, m, n = a.shape
    k = min(m, n)
    work = a.copy()
    info = np.full(count, -7, dtype=np.int64)
    w = np.full((count, k), -7.0)
    kernel = _registry.lookup("svd", a.dtype.name, backend)
    if not vectors:
        assert kernel(work, info=info, w=w) == 0
        return w, None, None, info
    u = np.full((count, m, m if full else k), -7, dtype=a.dtype)
    vt = np.full((count, n if full else k, n), -7, dtype=a.dtype)
    assert kernel(work, info=info, w=w, u=u, vt=vt) == 0
    return w, u, vt, info


def check_svd(a, s, u, vt, info):
    count, m, n = a.shape
    k = min(m, n)
    assert np.all(info == 0), info
    expected = np.linalg.svd(a, compute_uv=False)
    for i in range(count):
        scale = max(expected[i].max(initial=0.0), np.finfo(float).tiny)
        assert np.all(s[i] >= 0)
        assert np.all(np.diff(s[i]) <= 0), s[i]
        np.testing.assert_allclose(s[i], expected[i], rtol=0, atol=1e-12 * scale)
        if u is None:
            continue
        ui, vti = u[i], vt[i]
        rebuilt = (ui[:, :k] * s[i]) @ vti[:k]
        assert np.abs(rebuilt - a[i]).max() <= 1e-10 * scale
        np.testing.assert_allclose(ui.conj().T @ ui, np.eye(ui.shape[1]), rtol=0, atol=1e-12)
        np.testing.assert_allclose(vti @ vti.conj().T, np.eye(vti.shape[0]), rtol=0, atol=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("full", [True, False])
def test_random_shapes(backend, dtype, full):
    for index, shape in enumerate(_shapes(backend)):
        a = random_matrix(dtype, (1, *shape), seed=index)
        s, u, vt, info = run_svd(backend, a, full=full)
        check_svd(a, s, u, vt, info)
        s2, _, _, info2 = run_svd(backend, a, vectors=False)
        assert np.all(info2 == 0)
        np.testing.assert_allclose(s2, s, rtol=0, atol=1e-13 * max(s.max(), 1e-300))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_batch(backend, dtype):
    a = random_matrix(dtype, (3, 8, 5), seed=3)
    check_svd(a, *run_svd(backend, a))
    check_svd(a, *run_svd(backend, a, full=False))
    if backend != "python":
        a = random_matrix(dtype, (40, 10, 10), seed=4)  # one matrix per thread
        check_svd(a, *run_svd(backend, a))


def _special_matrices(dtype, big):
    rng = np.random.default_rng(7)
    n = 40 if big else 6
    x = random_matrix(dtype, (n + 3,), seed=1)
    y = random_matrix(dtype, (n,), seed=2)
    repeated = random_matrix(dtype, (n + 2, n), seed=5)
    repeated[:, 1::2] = repeated[:, 0:-1:2]
    graded = random_matrix(dtype, (n, n), seed=6) * np.logspace(0, -15, n)
    graded_rows = np.logspace(0, -12, n)[:, None] * random_matrix(dtype, (n, n), seed=8)
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    cond = (q * np.logspace(0, -14, n)) @ q.T
    tiny = random_matrix(dtype, (n, n - 1), seed=9) * 1e-200
    huge = random_matrix(dtype, (n - 1, n), seed=10) * 1e200
    subnormal = random_matrix(dtype, (n, n - 1), seed=12) * 1e-310  # scaling by 2^1030
    near_overflow = random_matrix(dtype, (n - 1, n), seed=13) * 1e306
    return {
        "rank1": np.outer(x, y),
        "zero": np.zeros((n, n - 2), dtype),
        "zero_wide": np.zeros((2, n), dtype),
        "identity": np.eye(n, dtype=dtype),
        "diag_repeats": np.diag(np.array([3, 1, 3, 2, 1, 3] * (n // 6) + [1] * (n % 6), dtype)),
        "repeated_columns": repeated,
        "repeated_rows": np.ascontiguousarray(repeated.T),
        "graded": graded,
        "graded_rows": graded_rows,
        "ill_conditioned": cond.astype(dtype),
        "tiny": tiny,
        "huge": huge,
        "subnormal": subnormal,
        "near_overflow": near_overflow,
    }


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("full", [True, False])
def test_special_matrices(backend, dtype, full):
    for name, matrix in _special_matrices(dtype, backend != "python").items():
        a = np.ascontiguousarray(matrix[None].astype(dtype))
        s, u, vt, info = run_svd(backend, a, full=full)
        try:
            check_svd(a, s, u, vt, info)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nonfinite_input_terminates(backend, dtype, bad):
    a = random_matrix(dtype, (2, 5, 4), seed=11)
    a[0, 2, 1] = bad
    s, u, vt, info = run_svd(backend, a)
    assert info[0] > 0
    check_svd(a[1:], s[1:], u[1:], vt[1:], info[1:])  # the other matrix is unaffected
    s, _, _, info = run_svd(backend, a, vectors=False)
    assert info[0] > 0 and info[1] == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_empty(backend):
    for shape in [(0, 3), (3, 0), (0, 0)]:
        a = np.zeros((2, *shape))
        s, u, vt, info = run_svd(backend, a)
        assert s.shape == (2, 0) and np.all(info == 0)
        assert np.array_equal(u, np.broadcast_to(np.eye(shape[0]), u.shape))
        assert np.array_equal(vt, np.broadcast_to(np.eye(shape[1]), vt.shape))


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=15, deadline=None)
@given(
    m=st.integers(1, 9),
    n=st.integers(1, 9),
    complex_=st.booleans(),
    full=st.booleans(),
    rank=st.integers(0, 9),
    seed=st.integers(0, 2**16),
)
def test_property_random_rank(backend, m, n, complex_, full, rank, seed):
    dtype = "complex128" if complex_ else "float64"
    rank = min(rank, m, n)
    a = random_matrix(dtype, (m, rank), seed) @ random_matrix(dtype, (rank, n), seed + 1)
    a = np.ascontiguousarray(a[None])
    check_svd(a, *run_svd(backend, a, full=full))
