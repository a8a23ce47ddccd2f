"""The general eigen-decomposition kernel (abi.h ARRPY_EIG) of every backend, at the kernel level.

NumPy's ``np.linalg.eig`` is the oracle up to the freedom the contract leaves: the order of the
eigenvalues (each NumPy eigenvalue is matched to the nearest of ours) and the phase of each
eigenvector (checked through A v = w v and the unit norm instead). What the contract fixes is
checked exactly: real input with a real eigenvalue gives imaginary parts exactly 0 (value and
vector), a complex pair of real input is adjacent with the positive imaginary part first and
conjugate vectors, the largest-magnitude component of every vector is real, info is 0 (and > 0
for nan / inf input, which must terminate).
"""

import numpy as np
import pytest
from conftest import BACKENDS
from hypothesis import given, settings
from hypothesis import strategies as st
from test_factorization_kernels import random_matrices  # (count, n, n) float64 / complex128

from arrpy import _registry

DTYPES = ("float64", "complex128")
EPS = np.finfo(np.float64).eps


def _sizes(backend):
    # The python backend is the slow specification: small matrices only.
    return (1, 2, 3, 5, 8, 12) if backend == "python" else (1, 2, 3, 5, 8, 12, 31, 64, 150)


def eig(backend, a, vectors=True):
    """(w, u or None, info) of the batch a (count, n, n) by the backend's kernel."""
    a = np.ascontiguousarray(a)
    count, n, _ = a.shape
    work = a.copy()
    w = np.full((count, n), np.nan + 1j, dtype=np.complex128)
    u = np.full((count, n, n), np.nan + 1j, dtype=np.complex128) if vectors else None
    info = np.full(count, -7, dtype=np.int64)
    kernel = _registry.lookup("eig", a.dtype.name, backend)
    assert kernel(work, info=info, w=w, u=u) == 0
    return w, u, info


def match_values(mine, reference, tol):
    """Each reference eigenvalue matched to a distinct nearest one of ours, within tol."""
    left = list(mine)
    for value in sorted(reference, key=lambda z: (z.real, z.imag)):
        distances = np.abs(np.array(left) - value)
        best = int(np.argmin(distances))
        assert distances[best] <= tol, (value, mine, reference)
        left.pop(best)


def check(a, w, u, info, value_tol=1e-10):
    """The contract for one batch against NumPy (u may be None)."""
    np.testing.assert_array_equal(info, 0)
    real_input = a.dtype.kind == "f"
    for m in range(a.shape[0]):
        am, wm = a[m], w[m]
        scale = max(np.linalg.norm(am, 2) if am.size else 0.0, 1e-300)
        match_values(wm, np.linalg.eigvals(am), value_tol * max(scale, 1.0))
        if real_input:
            for j, value in enumerate(wm):  # pairs: adjacent, positive imaginary part first
                if value.imag > 0:
                    assert j + 1 < len(wm) and wm[j + 1] == np.conj(value), wm
                elif value.imag < 0:
                    assert j > 0 and wm[j - 1] == np.conj(value), wm
        if u is None:
            continue
        um = u[m]
        n = am.shape[0]
        residual = np.abs(am @ um - um * wm).max(axis=0)
        assert np.all(residual <= 1e-10 * scale), residual
        np.testing.assert_allclose(np.linalg.norm(um, axis=0), 1.0, atol=1e-12)
        for j in range(n):
            # the largest-magnitude component is real (in a near tie: one of the largest)
            sizes = np.abs(um[:, j])
            largest = sizes >= sizes.max() * (1 - 1e-12)
            assert np.any(um[largest, j].imag == 0), um[:, j]
            if real_input and wm[j].imag == 0:
                assert np.all(um[:, j].imag == 0), um[:, j]
            if real_input and wm[j].imag > 0:
                np.testing.assert_array_equal(um[:, j + 1], np.conj(um[:, j]))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_matrices(backend, dtype):
    for n in _sizes(backend):
        a = random_matrices(dtype, 3 if n <= 64 else 1, n, seed=n)
        w, u, info = eig(backend, a)
        check(a, w, u, info)
        w2, _, info2 = eig(backend, a, vectors=False)
        check(a, w2, None, info2)
        # the same algorithm with and without vectors: the same values up to rounding
        np.testing.assert_allclose(w2, w, atol=1e-10 * max(1.0, np.abs(a).max()) * n)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_one_by_one(backend, dtype):
    a = np.array([[[2.5]], [[-1.0]], [[0.0]]], dtype=dtype)
    if dtype == "complex128":
        a[1, 0, 0] = 3 - 4j
    w, u, info = eig(backend, a)
    np.testing.assert_array_equal(info, 0)
    np.testing.assert_array_equal(w[:, 0], a[:, 0, 0])
    np.testing.assert_array_equal(u, np.ones((3, 1, 1)))


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_by_two_real_and_complex_pairs(backend):
    a = np.array(
        [
            [[2.0, 1.0], [1.0, 3.0]],  # symmetric: real pair
            [[0.0, -1.0], [1.0, 0.0]],  # rotation by 90 degrees: +-i
            [[1.0, -2.0], [3.0, 1.0]],  # complex pair 1 +- i sqrt(6)
            [[4.0, 2.0], [0.0, 4.0]],
        ]
    )  # defective (Jordan block)
    w, u, info = eig(backend, a[:3])
    check(a[:3], w, u, info)
    np.testing.assert_array_equal(w[0].imag, 0)
    np.testing.assert_allclose(w[1], [1j, -1j], atol=1e-15)
    np.testing.assert_allclose(w[2], [1 + 1j * np.sqrt(6), 1 - 1j * np.sqrt(6)], rtol=1e-14)
    w, _, info = eig(backend, a[3:], vectors=False)
    np.testing.assert_array_equal(info, 0)
    np.testing.assert_allclose(w[0], [4, 4], atol=1e-7)


@pytest.mark.parametrize("backend", BACKENDS)
def test_rotation_blocks(backend):
    n = 9 if backend == "python" else 41
    angles = np.linspace(0.2, 3.0, n // 2)
    a = np.zeros((n, n))
    for k, t in enumerate(angles):
        a[2 * k : 2 * k + 2, 2 * k : 2 * k + 2] = [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]
    a[-1, -1] = 0.5
    q, _ = np.linalg.qr(np.random.default_rng(3).standard_normal((n, n)))
    batch = np.stack([a, q @ a @ q.T])  # block diagonal, and an orthogonal similarity of it
    w, u, info = eig(backend, batch)
    check(batch, w, u, info)
    for m in range(2):
        assert np.sum(w[m].imag > 0) == n // 2
        np.testing.assert_allclose(np.sort(np.abs(w[m])), [0.5] + [1] * (n - 1), rtol=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_real_spectra_are_exactly_real(backend, dtype):
    n = 10 if backend == "python" else 60
    b = random_matrices(dtype, 1, n, seed=5)[0]
    symmetric = (b + b.conj().T) / 2
    upper = np.triu(b)
    # a random lower-triangular matrix's eigenvalues are exponentially ill-conditioned in n:
    # the balancing's permutations isolate them (exact, as LAPACK's geev)
    lower = np.tril(b)
    batch = np.stack([symmetric, upper, lower])
    w, u, info = eig(backend, batch)
    check(batch, w, u, info)
    if dtype == "float64":
        assert np.all(w.imag == 0) and np.all(u.imag == 0)
    for m in (1, 2):  # triangular: the diagonal, exactly
        np.testing.assert_array_equal(np.sort_complex(w[m]), np.sort_complex(np.diag(batch[m])))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_repeated_eigenvalues_and_zero(backend, dtype):
    n = 7
    batch = np.stack([np.eye(n), np.diag([1.0, 2, 2, 3, 3, 3, 0]), np.zeros((n, n))]).astype(dtype)
    w, u, info = eig(backend, batch)
    check(batch, w, u, info)
    for m in range(3):
        np.testing.assert_array_equal(np.sort(w[m].real), np.sort(np.diag(batch[m]).real))
        np.testing.assert_array_equal(w[m].imag, 0)
    # a diagonal matrix's eigenvectors: the unit vectors
    np.testing.assert_array_equal(np.abs(u[2]), np.eye(n))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_defective_jordan_block(backend, dtype):
    n = 6
    a = (2 * np.eye(n) + np.eye(n, k=1)).astype(dtype)
    rng = np.random.default_rng(2)
    s = rng.standard_normal((n, n))
    batch = np.stack([a, s @ a @ np.linalg.inv(s)]).astype(dtype)
    w, u, info = eig(backend, batch, vectors=False)
    np.testing.assert_array_equal(info, 0)
    # a Jordan block's eigenvalues are perturbed by ~eps^(1/n): values to ~1e-2 relative for
    # the similarity, and the exact block stays exact-ish
    np.testing.assert_allclose(w[0], 2, atol=1e-7)
    np.testing.assert_allclose(w[1], 2, atol=0.05)
    w, u, info = eig(backend, batch[:1])  # vectors of the exact block: all along e_1
    np.testing.assert_array_equal(info, 0)
    assert np.all(np.abs(np.abs(u[0, 0, :]) - 1) < 1e-7)
    small = np.array([[[1.0, 1.0], [0.0, 1.0]]], dtype=dtype)
    w, u, info = eig(backend, small, vectors=False)
    np.testing.assert_allclose(w[0], [1, 1], atol=1e-7)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_companion_matrices(backend, dtype):
    roots = np.array([1.0, -2.0, 3.0, 0.5, -0.25])
    coefficients = np.poly(roots)  # monic, the roots known
    n = len(roots)
    c = np.zeros((n, n))
    c[0, :] = -coefficients[1:]
    c[1:, :-1] = np.eye(n - 1)
    w, u, info = eig(backend, c[None].astype(dtype))
    check(c[None].astype(dtype), w, u, info)
    np.testing.assert_allclose(np.sort(w[0].real), np.sort(roots), rtol=1e-9)
    # x^4 + 1: roots on the unit circle, two conjugate pairs
    c4 = np.zeros((4, 4))
    c4[0, 3] = -1
    c4[1:, :-1] = np.eye(3)
    w, u, info = eig(backend, c4[None].astype(dtype))
    check(c4[None].astype(dtype), w, u, info)
    np.testing.assert_allclose(np.abs(w[0]), 1, rtol=1e-13)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_graded_and_ill_conditioned(backend, dtype):
    n = 8
    d = 10.0 ** -np.arange(n)
    b = random_matrices(dtype, 1, n, seed=11)[0]
    graded = d[:, None] * b * d[None, :]
    hilbert = 1 / (np.arange(n)[:, None] + np.arange(n)[None, :] + 1)
    rank_deficient = b[:, :3] @ random_matrices(dtype, 1, n, seed=12)[0][:3, :]
    batch = np.stack([graded, hilbert.astype(dtype), rank_deficient]).astype(dtype)
    w, u, info = eig(backend, batch)
    check(batch, w, u, info)
    assert np.sum(np.abs(w[2]) < 1e-10 * np.abs(batch[2]).max()) == n - 3


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_nan_and_inf_terminate(backend, dtype):
    a = random_matrices(dtype, 3, 5, seed=4)
    a[0, 2, 3] = np.nan
    a[2, 0, 0] = np.inf
    for vectors in (True, False):
        w, u, info = eig(backend, a, vectors=vectors)
        assert info[0] > 0 and info[2] > 0
        assert info[1] == 0
        check(a[1:2], w[1:2], None if u is None else u[1:2], info[1:2])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_hard_cases(backend, dtype):
    """Cyclic permutations (the plain shifted QR iteration stalls on them: the exceptional
    shifts), tiny and huge entries (geev's scaling, norms without under/overflow), entries of
    very different sizes, a nilpotent shift, 0/1 matrices."""
    rng = np.random.default_rng(17)
    cases = [np.roll(np.eye(n), 1, axis=0) for n in (2, 3, 4, 7, 10)]
    cases += [np.roll(np.eye(6), 1, axis=0).T, np.fliplr(np.eye(7)), np.eye(8, k=1)]
    cases += [rng.standard_normal((6, 6)) * 1e-300, rng.standard_normal((6, 6)) * 1e300]
    cases += [np.diag([1e-200, 1.0, 1e200]) + np.eye(3, k=1)]
    cases += [rng.integers(0, 2, (n, n)).astype(float) for n in (5, 9, 12)]
    for a in cases:
        a = a[None].astype(dtype)
        w, u, info = eig(backend, a)
        assert np.all(np.isfinite(w)) and np.all(np.isfinite(u))
        check(a, w, u, info, value_tol=1e-6)
    for n in (3, 4, 7, 10):  # the n-th roots of unity
        w, _, _ = eig(backend, np.roll(np.eye(n), 1, axis=0)[None].astype(dtype), vectors=False)
        np.testing.assert_allclose(np.abs(w[0]), 1, rtol=1e-13)
        np.testing.assert_allclose(np.sort(np.angle(w[0] ** n)), 0, atol=1e-12)


@pytest.mark.parametrize("backend", BACKENDS)
def test_batches_match_single_matrices(backend):
    a = random_matrices("complex128", 3, 6, seed=8)
    w, u, info = eig(backend, a)
    for m in range(3):
        w1, u1, _ = eig(backend, a[m : m + 1])
        np.testing.assert_array_equal(w1[0], w[m])
        np.testing.assert_array_equal(u1[0], u[m])


@pytest.mark.parametrize("dtype", DTYPES)
def test_backends_agree(dtype):
    """Same algorithm everywhere: the eigenvalues agree to rounding, in the same order."""
    a = random_matrices(dtype, 2, 9, seed=21)
    results = [eig(backend, a)[0] for backend in BACKENDS]
    for other in results[1:]:
        np.testing.assert_allclose(other, results[0], atol=1e-10)


@settings(max_examples=15, deadline=None)
@given(
    n=st.integers(1, 9),
    seed=st.integers(0, 2**32 - 1),
    complex_=st.booleans(),
    integers=st.booleans(),
)
def test_property_random_shapes(n, seed, complex_, integers):
    dtype = "complex128" if complex_ else "float64"
    rng = np.random.default_rng(seed)
    a = random_matrices(dtype, 1, n, seed=seed)
    if integers:  # small integer entries: repeated and exactly real eigenvalues are common
        a = rng.integers(-2, 3, (1, n, n)).astype(dtype)
    for backend in BACKENDS:
        w, u, info = eig(backend, a)
        # (integer matrices are often defective: eigenvalues to ~eps^(1/k) for a k-block)
        check(a, w, u, info, value_tol=0.05 if integers else 1e-10)
