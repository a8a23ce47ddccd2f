"""solve, inv, det, slogdet, cholesky and the LU functions of ``arrpy.linalg`` against NumPy.

The kernels are tested in ``test_factorization_kernels.py``; this file tests the front end on
every backend: NumPy's dtype rule (double precision inside, single precision results for single
inputs, integers as float64), stacked and broadcast batches, 1-d right-hand sides, empty
matrices, the LinAlgError cases and messages, and accuracy (relative residuals <= 1e-12).
"""

import numpy as np
import pytest

import arrpy


def matrix(shape, dtype="float64", seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.standard_normal(shape)
    if np.dtype(dtype).kind in "iu":
        a = rng.integers(-5, 6, shape)
    return a.astype(dtype)


def close(got, expected, rtol=1e-10):
    """Shape, dtype, kind of result (scalar or array), then values."""
    if isinstance(expected, np.generic):
        assert isinstance(got, np.generic), type(got)
    else:
        assert isinstance(got, arrpy.ArrPy), type(got)
        got = got.data
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    if expected.dtype in (np.float32, np.complex64):
        rtol = max(rtol, 1e-4)
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128", "complex64", "int64"])
def test_solve_inv_det_like_numpy(backend, dtype):
    n = 5 if backend == "python" else 40
    a = matrix((n, n), dtype, 1) + (4 * np.eye(n)).astype(dtype)
    b = matrix((n,), dtype, 2)
    close(arrpy.linalg.solve(arrpy.asarray(a), arrpy.asarray(b)), np.linalg.solve(a, b))
    close(arrpy.linalg.inv(arrpy.asarray(a)), np.linalg.inv(a))
    close(arrpy.linalg.det(arrpy.asarray(a)), np.linalg.det(a))
    sign, logdet = arrpy.linalg.slogdet(arrpy.asarray(a))
    expected = np.linalg.slogdet(a)
    close(sign, expected.sign)
    close(logdet, expected.logabsdet)


def test_solve_residual_is_tiny(backend):
    n = 12 if backend == "python" else 200
    a, b = matrix((n, n), seed=3), matrix((n, 3), seed=4)
    x = arrpy.linalg.solve(a, b).data
    assert np.linalg.norm(a @ x - b) <= 1e-12 * np.linalg.norm(a) * np.linalg.norm(x)


@pytest.mark.parametrize(
    ("shape_a", "shape_b"),
    [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 3, 3), (3,)), ((2, 3, 3), (2, 3, 4)),
     ((2, 1, 3, 3), (4, 3, 1)), ((0, 3, 3), (0, 3, 2)), ((0, 0), (0,)), ((3, 3), (3, 0))],
)  # fmt: skip
def test_solve_shapes_like_numpy(backend, shape_a, shape_b):
    a = matrix(shape_a, seed=5) + 3 * np.eye(shape_a[-1])
    b = matrix(shape_b, seed=6)
    close(arrpy.linalg.solve(arrpy.asarray(a), arrpy.asarray(b)), np.linalg.solve(a, b))


def test_stacks_like_numpy(backend):
    a = matrix((2, 3, 4, 4), seed=7)
    close(arrpy.linalg.inv(arrpy.asarray(a)), np.linalg.inv(a))
    close(arrpy.linalg.det(arrpy.asarray(a)), np.linalg.det(a))
    close(arrpy.linalg.slogdet(arrpy.asarray(a)).logabsdet, np.linalg.slogdet(a).logabsdet)
    close(arrpy.linalg.det(arrpy.zeros((0, 0))), np.linalg.det(np.zeros((0, 0))))
    close(arrpy.linalg.inv(arrpy.zeros((2, 0, 0))), np.linalg.inv(np.zeros((2, 0, 0))))


def test_singular_matrices(backend):
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    zero = np.zeros((3, 3))
    for call in (arrpy.linalg.inv, lambda a: arrpy.linalg.solve(a, arrpy.ones(a.shape[-1]))):
        with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
            call(arrpy.asarray(zero))
    close(arrpy.linalg.det(arrpy.asarray(zero)), np.linalg.det(zero))
    sign, logdet = arrpy.linalg.slogdet(arrpy.asarray(zero))
    assert sign == 0 and logdet == -np.inf
    sign, logdet = arrpy.linalg.slogdet(arrpy.asarray(zero.astype(complex)))
    assert sign == 0 and logdet == -np.inf and isinstance(sign, np.complex128)
    assert abs(arrpy.linalg.det(arrpy.asarray(singular))) <= 1e-15


def test_slogdet_of_huge_determinants(backend):
    n = 10 if backend == "python" else 120
    a = 1e3 * np.eye(n)
    a[0, 0] = -1e3
    result = arrpy.linalg.slogdet(arrpy.asarray(a))
    assert isinstance(result, arrpy.linalg.SlogdetResult)
    close(result.sign, np.float64(-1.0))
    close(result.logabsdet, np.float64(n * np.log(1e3)))


@pytest.mark.parametrize("dtype", ["float64", "complex128", "float32"])
def test_cholesky_like_numpy(backend, dtype):
    n = 6 if backend == "python" else 50
    a = matrix((2, n, n), dtype, 8)
    spd = (a @ np.conj(np.swapaxes(a, -1, -2)) + n * np.eye(n)).astype(dtype)
    close(arrpy.linalg.cholesky(arrpy.asarray(spd)), np.linalg.cholesky(spd))
    close(
        arrpy.linalg.cholesky(arrpy.asarray(spd), upper=True), np.linalg.cholesky(spd, upper=True)
    )
    with pytest.raises(np.linalg.LinAlgError, match="not positive definite"):
        arrpy.linalg.cholesky(arrpy.asarray(-spd))


def test_lu_functions(backend):
    n = 6 if backend == "python" else 60
    a = matrix((n, n), seed=9)
    P, L, U = arrpy.linalg.lu(arrpy.asarray(a))
    for factor in (P, L, U):
        assert isinstance(factor, arrpy.ArrPy) and factor.dtype == np.float64
    np.testing.assert_allclose(P.data @ L.data @ U.data, a, atol=1e-12)
    assert np.all(np.triu(L.data, 1) == 0) and np.all(np.diagonal(L.data) == 1)
    assert np.all(np.tril(U.data, -1) == 0)
    assert np.all(np.sort(np.argmax(P.data, axis=0)) == np.arange(n))
    stack = matrix((3, 4, 4), "complex128", 10)
    P, L, U = arrpy.linalg.lu(arrpy.asarray(stack))
    np.testing.assert_allclose(P.data @ L.data @ U.data, stack, atol=1e-12)
    factors = arrpy.linalg.lu_factor(arrpy.asarray(a))
    assert factors[1].dtype == np.int64
    b = matrix((n,), seed=11)
    close(arrpy.linalg.lu_solve(factors, arrpy.asarray(b)), np.linalg.solve(a, b))


def test_matrix_power_negative(backend):
    a = matrix((4, 4), seed=12) + 3 * np.eye(4)
    close(arrpy.linalg.matrix_power(arrpy.asarray(a), -3), np.linalg.matrix_power(a, -3))


def test_errors_like_numpy(backend):
    for function in (arrpy.linalg.inv, arrpy.linalg.det, arrpy.linalg.slogdet,
                     arrpy.linalg.cholesky, arrpy.linalg.lu):  # fmt: skip
        with pytest.raises(np.linalg.LinAlgError, match="must be square"):
            function(arrpy.ones((2, 3)))
        with pytest.raises(np.linalg.LinAlgError, match="at least two-dimensional"):
            function(arrpy.ones(3))
    with pytest.raises(ValueError, match="core dimension 0"):
        arrpy.linalg.solve(arrpy.eye(3), arrpy.ones(4))


def test_nan_input_does_not_hang(backend):
    a = np.full((4, 4), np.nan)
    result = arrpy.linalg.det(arrpy.asarray(a))
    assert np.isnan(result)
    assert np.all(np.isnan(arrpy.linalg.solve(arrpy.asarray(a + np.eye(4)), arrpy.ones(4)).data))
