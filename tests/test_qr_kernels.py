"""The Householder QR kernels (linalg_nd ARRPY_QR and ARRPY_QR_Q) of every backend.

The contract (backends/abi.h) is LAPACK's geqrf / xlarfg / orgqr exactly, so NumPy (which calls
them) is the oracle without any sign freedom: for a well-conditioned matrix the kernel's R and
Householder vectors equal ``np.linalg.qr(A, mode='raw')`` (its h.T has our layout) and so does
tau; Q from QR_Q equals NumPy's reduced and complete Q. Rank-deficient and graded matrices,
where roundings decide the vectors, are checked by what QR means: A == Q R, Q^H Q == I, R upper
triangular with a real diagonal. A zero column gives tau == 0 (H = I); nan must terminate.
"""

import numpy as np
import pytest
from conftest import BACKENDS
from hypothesis import given, settings
from hypothesis import strategies as st

from arrpy import _registry

DTYPES = ("float64", "complex128")
EPS = np.finfo(np.float64).eps


def _shapes(backend):
    # The python backend is the slow specification: it gets small matrices.
    small = [(1, 1), (2, 2), (3, 3), (5, 3), (3, 5), (1, 4), (4, 1), (7, 7), (12, 9), (9, 12)]
    if backend == "python":
        return small
    return small + [
        (33, 33),
        (64, 64),
        (65, 65),
        (100, 70),
        (70, 100),
        (150, 150),
        (200, 130),
        (300, 4),
        (4, 300),
        (257, 97),
    ]


def random_batch(dtype, count, m, n, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((count, m, n))
    if dtype == "complex128":
        a = a + 1j * rng.standard_normal((count, m, n))
    return np.ascontiguousarray(a.astype(dtype))


def qr(backend, a):
    """The QR kernel on a copy of the batch a: (a's factored copy, tau)."""
    count, m, n = a.shape
    work = a.copy()
    tau = np.full((count, min(m, n)), -7, dtype=a.dtype)
    status = _registry.lookup("qr", a.dtype.name, backend)(work, tau=tau)
    assert status == 0
    return work, tau


def qr_q(backend, work, tau, ucols):
    """The QR_Q kernel: the first ucols columns of Q, for every matrix of the batch."""
    count, m, n = work.shape
    u = np.full((count, m, ucols), -7, dtype=work.dtype)
    factored = work.copy()
    status = _registry.lookup("qr_q", work.dtype.name, backend)(factored, tau=tau, u=u)
    assert status == 0
    np.testing.assert_array_equal(factored, work)  # a is only read
    return u


def check_meaning(a, work, q, tol=None):
    """A == Q[:, :k] R[:k], Q^H Q == I and R's diagonal real, for every matrix of the batch."""
    count, m, n = a.shape
    k = min(m, n)
    tol = tol if tol is not None else 30 * (m + n) * EPS
    r = np.triu(work)[:, :k, :]
    scale = np.linalg.norm(a, axis=(1, 2))
    error = np.linalg.norm(q[:, :, :k] @ r - a, axis=(1, 2))
    assert np.all(error <= tol * np.maximum(scale, 1e-300)), (error / scale).max()
    ucols = q.shape[2]
    gram = np.conj(np.swapaxes(q, 1, 2)) @ q
    assert np.abs(gram - np.eye(ucols)).max() <= tol
    diag = np.diagonal(work, axis1=1, axis2=2)
    assert np.all(diag.imag == 0) if np.iscomplexobj(diag) else True


def check_against_numpy(a, work, tau, backend):
    """R, the vectors and tau equal LAPACK's (numpy raw mode); Q equals NumPy's Q."""
    count, m, n = a.shape
    k = min(m, n)
    for i in range(count):
        h, tau_np = np.linalg.qr(a[i], mode="raw")
        scale = np.linalg.norm(a[i])
        np.testing.assert_allclose(np.triu(work[i]), np.triu(h.T), rtol=0, atol=1e-10 * scale)
        np.testing.assert_allclose(np.tril(work[i], -1), np.tril(h.T, -1), rtol=0, atol=1e-10)
        np.testing.assert_allclose(tau[i], tau_np, rtol=0, atol=1e-10)
        np.testing.assert_allclose(
            np.triu(work[i])[:k], np.linalg.qr(a[i], mode="r"), rtol=0, atol=1e-10 * scale
        )
    for ucols, mode in ((k, "reduced"), (m, "complete")):
        q = qr_q(backend, work, tau, ucols)
        for i in range(count):
            np.testing.assert_allclose(q[i], np.linalg.qr(a[i], mode=mode)[0], rtol=0, atol=1e-10)
        check_meaning(a, work, q)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_qr_equals_lapack(backend, dtype):
    for m, n in _shapes(backend):
        a = random_batch(dtype, 1, m, n, seed=m * 1000 + n)
        work, tau = qr(backend, a)
        check_against_numpy(a, work, tau, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_qr_batch(backend, dtype):
    cases = [(3, 4, 3), (3, 3, 4), (3, 6, 6)]
    if backend != "python":
        # (12, 64, 64): enough work for the backends to run the batch one matrix per thread
        cases += [(3, 40, 40), (3, 70, 66), (12, 64, 64)]
    for count, m, n in cases:
        a = random_batch(dtype, count, m, n, seed=m + n)
        work, tau = qr(backend, a)
        check_against_numpy(a, work, tau, backend)
        # every matrix of the batch factored on its own
        for i in range(count):
            single, single_tau = qr(backend, a[i : i + 1])
            np.testing.assert_allclose(single[0], work[i], rtol=0, atol=1e-12 * np.abs(a).max())
            np.testing.assert_allclose(single_tau[0], tau[i], rtol=0, atol=1e-12)


def graded(dtype, m, n, seed):
    """Columns scaled from 1 down to 1e-12: ill-conditioned (condition ~1e12)."""
    a = random_batch(dtype, 1, m, n, seed)
    return np.ascontiguousarray(a * np.logspace(0, -12, n))


def rank_deficient(dtype, m, n, rank, seed):
    left = random_batch(dtype, 1, m, rank, seed)
    right = random_batch(dtype, 1, rank, n, seed + 1)
    return np.ascontiguousarray(left @ right)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_qr_ill_conditioned_and_rank_deficient(backend, dtype):
    sizes = ((8, 8), (10, 6), (6, 10)) if backend == "python" else ((8, 8), (90, 70), (70, 90))
    for m, n in sizes:
        for a in (
            graded(dtype, m, n, seed=m),
            rank_deficient(dtype, m, n, 2, seed=n),
            rank_deficient(dtype, m, n, 1, seed=m + n),
        ):
            work, tau = qr(backend, a)
            k = min(m, n)
            for ucols in (k, m):
                check_meaning(a, work, qr_q(backend, work, tau, ucols))
        # graded columns: LAPACK's R too (the reflectors are well determined)
        a = graded(dtype, m, n, seed=m)
        work, tau = qr(backend, a)
        h, tau_np = np.linalg.qr(a[0], mode="raw")
        np.testing.assert_allclose(
            np.triu(work[0]), np.triu(h.T), rtol=0, atol=1e-10 * np.linalg.norm(a)
        )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_qr_zero_and_identity(backend, dtype):
    for m, n in ((1, 1), (4, 3), (3, 4), (5, 5)):
        zero = np.zeros((2, m, n), dtype=dtype)
        work, tau = qr(backend, zero)
        np.testing.assert_array_equal(tau, 0)  # xlarfg: nothing to reflect, H = I
        np.testing.assert_array_equal(work, 0)
        q = qr_q(backend, work, tau, m)
        np.testing.assert_array_equal(q, np.broadcast_to(np.eye(m), q.shape))
        ident = np.ascontiguousarray(np.broadcast_to(np.eye(m, n, dtype=dtype), (2, m, n)))
        work, tau = qr(backend, ident)
        np.testing.assert_array_equal(tau, 0)
        np.testing.assert_array_equal(work, ident)
        q = qr_q(backend, work, tau, min(m, n))
        np.testing.assert_array_equal(q, np.broadcast_to(np.eye(m, min(m, n)), q.shape))
        # a diagonal with negative entries: R keeps them (alpha real, x == 0: tau == 0)
        diag = np.ascontiguousarray(np.eye(m, n, dtype=dtype) * -np.arange(1, n + 1))[None]
        work, tau = qr(backend, diag)
        np.testing.assert_array_equal(tau, 0)
        np.testing.assert_array_equal(work, diag)


@pytest.mark.parametrize("backend", BACKENDS)
def test_qr_complex_diagonal_is_made_real(backend):
    # x == 0 but Im(alpha) != 0: a reflector is still needed, so that R's diagonal is real
    a = np.diag([1 + 1j, -2j, 3]).astype(np.complex128)[None].copy()
    work, tau = qr(backend, a)
    check_against_numpy(a, work, tau, backend)
    assert np.all(np.diagonal(work[0]).imag == 0)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("scale", [1e-300, 1e-160, 1e160, 1e300])
def test_qr_extreme_scales(backend, dtype, scale):
    # the column norms must neither overflow nor underflow (scaled norm, xlarfg's rescaling)
    a = random_batch(dtype, 1, 6, 4, seed=3) * scale
    a[0, 1:, 0] *= 1e-3  # a small column below a large diagonal entry
    work, tau = qr(backend, a)
    assert np.all(np.isfinite(work)) and np.all(np.isfinite(tau))
    h, tau_np = np.linalg.qr(a[0], mode="raw")
    np.testing.assert_allclose(np.triu(work[0]), np.triu(h.T), rtol=0, atol=1e-10 * np.abs(a).max())
    np.testing.assert_allclose(tau[0], tau_np, rtol=0, atol=1e-10)
    np.testing.assert_allclose(np.tril(work[0], -1), np.tril(h.T, -1), rtol=0, atol=1e-10)
    q = qr_q(backend, work, tau, 6)
    np.testing.assert_allclose(q[0], np.linalg.qr(a[0], mode="complete")[0], rtol=0, atol=1e-10)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_qr_nan_terminates(backend, dtype):
    sizes = ((4, 3), (3, 4)) + (((80, 70),) if backend != "python" else ())
    for m, n in sizes:
        a = random_batch(dtype, 2, m, n, seed=1)
        a[0, 1, 0] = np.nan
        a[1, :, :] = np.nan
        work, tau = qr(backend, a)
        assert np.isnan(work[0, 0, 0]) and np.isnan(work[1, 0, 0])  # nan propagates
        q = qr_q(backend, work, tau, m)
        assert np.isnan(q).any()


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_qr_empty(backend, dtype):
    for m, n in ((0, 3), (3, 0), (0, 0)):
        a = np.zeros((2, m, n), dtype=dtype)
        work, tau = qr(backend, a)
        assert tau.shape == (2, 0)
        q = qr_q(backend, work, tau, m)
        np.testing.assert_array_equal(q, np.broadcast_to(np.eye(m), (2, m, m)))
    assert qr(backend, np.zeros((0, 3, 3), dtype=dtype))[1].shape == (0, 3)


@settings(max_examples=15, deadline=None)
@given(
    m=st.integers(1, 9),
    n=st.integers(1, 9),
    count=st.integers(1, 3),
    complex_=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_qr_property(backend_name, m, n, count, complex_, seed):
    dtype = "complex128" if complex_ else "float64"
    a = random_batch(dtype, count, m, n, seed=seed)
    work, tau = qr(backend_name, a)
    for ucols in sorted({min(m, n), m}):
        check_meaning(a, work, qr_q(backend_name, work, tau, ucols))
    # against the other backends: the same algorithm, equal up to rounding
    for other in BACKENDS:
        other_work, other_tau = qr(other, a)
        np.testing.assert_allclose(other_work, work, rtol=0, atol=1e-10 * np.abs(a).max())
        np.testing.assert_allclose(other_tau, tau, rtol=0, atol=1e-10)
