"""The product functions (``arrpy.products``, ``arrpy.linalg`` products and norms) against NumPy.

The matmul kernels' numerics are tested in ``test_matmul_kernels.py``; this file tests the front
end on every backend: NumPy's 1-d rules of matmul, batch broadcasting, dtype promotion, ``out=``,
the reshapes behind dot/inner/tensordot, the elementwise products (outer, kron, cross), trace,
matrix_power, multi_dot, norms, the ``@`` operator, NumPy's gufuncs on ArrPy operands, and the
errors NumPy raises.
"""

import warnings

import numpy as np
import pytest
from conftest import DTYPES
from hypothesis import given, settings
from hypothesis import strategies as st

import arrpy


def values(dtype, shape, seed=0):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        return rng.integers(0 if dtype.kind == "u" else -4, 5, shape).astype(dtype)
    data = rng.standard_normal(shape)
    if dtype.kind == "c":
        data = data + 1j * rng.standard_normal(shape)
    return data.astype(dtype)


def same(got, expected):
    """Shape, then dtype, then values (exact for exact dtypes; floats as a product allows)."""
    if isinstance(expected, np.generic):
        assert isinstance(got, np.generic), f"NumPy gives a scalar, arrpy {type(got)}"
    else:
        assert isinstance(got, arrpy.ArrPy), f"NumPy gives an array, arrpy {type(got)}"
        got = got.data
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    if got.dtype.kind in "fc":
        rtol = 1e-5 if got.dtype.itemsize <= 8 and got.dtype != np.complex128 else 1e-12
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol, equal_nan=True)
    else:
        np.testing.assert_array_equal(got, expected)


MATMUL_SHAPES = [
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3, 4)),
    ((5, 2, 3), (3, 4)),
    ((3,), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 1)),
    ((2, 1, 2, 3), (4, 3, 2)),
    ((0, 3), (3, 2)),
    ((2, 0), (0, 2)),
]


@pytest.mark.parametrize(("shape1", "shape2"), MATMUL_SHAPES)
def test_matmul_shapes_like_numpy(backend, shape1, shape2):
    a, b = values("float64", shape1, 1), values("float64", shape2, 2)
    same(arrpy.matmul(arrpy.asarray(a), arrpy.asarray(b)), np.matmul(a, b))
    same(arrpy.asarray(a) @ arrpy.asarray(b), a @ b)


@pytest.mark.parametrize("dtype", DTYPES)
def test_matmul_every_dtype(backend, dtype):
    a, b = values(dtype, (3, 4), 1), values(dtype, (4, 2), 2)
    same(arrpy.matmul(arrpy.asarray(a), arrpy.asarray(b)), np.matmul(a, b))


@pytest.mark.parametrize(
    ("type1", "type2"),
    [("int8", "float32"), ("bool", "int16"), ("uint8", "int8"), ("float32", "complex64"),
     ("int64", "float64"), ("uint64", "int64")],
)  # fmt: skip
def test_matmul_promotes_like_numpy(backend, type1, type2):
    a, b = values(type1, (2, 3), 1), values(type2, (3, 2), 2)
    same(arrpy.matmul(arrpy.asarray(a), arrpy.asarray(b)), np.matmul(a, b))


def test_matmul_int8_and_float16_rule(backend):
    """NumPy's float16 loop becomes float32 (arrpy has no float16), as for every op."""
    a = values("int8", (2, 2), 1)
    got = arrpy.matmul(arrpy.asarray(a), arrpy.asarray(a), dtype="float32")
    same(got, np.matmul(a, a, dtype=np.float32))


def test_matmul_operands_and_out(backend):
    a, b = values("float64", (3, 4), 1), values("float64", (4, 5), 2)
    out = arrpy.zeros((3, 5))
    assert arrpy.matmul(a.tolist(), arrpy.asarray(b), out=out) is out
    same(out, a @ b)
    same(arrpy.asarray(a) @ b, a @ b)  # ndarray on the right
    same(a @ arrpy.asarray(b), a @ b)  # ndarray on the left: __array_ufunc__
    same(np.matmul(a, arrpy.asarray(b)), a @ b)
    square = arrpy.asarray(values("float64", (4, 4), 3))
    expected = square.data @ square.data
    square @= square
    same(square, expected)
    with pytest.raises(ValueError, match="shape"):
        arrpy.matmul(arrpy.asarray(a), arrpy.asarray(b), out=arrpy.zeros((3, 4)))
    with pytest.raises(TypeError, match="same_kind"):
        arrpy.matmul(arrpy.asarray(a), arrpy.asarray(b), out=arrpy.zeros((3, 5), dtype="int64"))


def test_matmul_errors_like_numpy(backend):
    with pytest.raises(ValueError, match="core dimension 0"):
        arrpy.matmul(arrpy.ones((2, 3)), arrpy.ones((4, 2)))
    with pytest.raises(ValueError, match="does not have enough dimensions"):
        arrpy.matmul(arrpy.asarray(1.0), arrpy.ones(3))
    with pytest.raises(ValueError, match="broadcast"):
        arrpy.matmul(arrpy.ones((2, 2, 3)), arrpy.ones((3, 3, 2)))
    with pytest.raises(TypeError):
        arrpy.ones((2, 2)) @ "text"


@st.composite
def _broadcast_products(draw):
    batch = draw(st.lists(st.integers(0, 3), max_size=3))
    batch1 = [draw(st.sampled_from([n, 1])) for n in batch]
    batch2 = [draw(st.sampled_from([n, 1])) for n in batch][draw(st.integers(0, len(batch))) :]
    m, k, n = (draw(st.integers(1, 4)) for _ in range(3))
    shape1 = (*batch1, m, k) if draw(st.booleans()) else (k,)
    shape2 = (*batch2, k, n) if draw(st.booleans()) else (k,)
    return shape1, shape2, draw(st.sampled_from(["int32", "float64", "complex64"]))


@settings(max_examples=40, deadline=None)
@given(case=_broadcast_products())
def test_matmul_broadcasting_property(backend_name, case):
    shape1, shape2, dtype = case
    a, b = values(dtype, shape1, 1), values(dtype, shape2, 2)
    with arrpy.backend(backend_name):
        got = arrpy.matmul(arrpy.asarray(a), arrpy.asarray(b))
    same(got, np.matmul(a, b))


DOT_SHAPES = [
    ((), (3,)),
    ((3,), ()),
    ((3,), (3,)),
    ((2, 3), (3,)),
    ((3,), (3, 4)),
    ((2, 3), (3, 4)),
    ((2, 2, 3), (3, 4)),
    ((2, 3), (5, 3, 4)),
    ((2, 2, 3), (5, 3, 4)),
    ((3,), (5, 3, 4)),
]


@pytest.mark.parametrize(("shape1", "shape2"), DOT_SHAPES)
def test_dot_like_numpy(backend, shape1, shape2):
    a, b = values("int64", shape1, 1), values("int64", shape2, 2)
    same(arrpy.dot(arrpy.asarray(a), arrpy.asarray(b)), np.dot(a, b))
    x, y = values("complex128", shape1, 3), values("complex128", shape2, 4)
    same(arrpy.dot(arrpy.asarray(x), arrpy.asarray(y)), np.dot(x, y))


def test_dot_method_out_and_errors(backend):
    a, b = values("float64", (2, 3), 1), values("float64", (3, 4), 2)
    same(arrpy.asarray(a).dot(arrpy.asarray(b)), a.dot(b))
    out = arrpy.zeros((2, 4))
    assert arrpy.dot(arrpy.asarray(a), arrpy.asarray(b), out=out) is out
    same(out, a @ b)
    with pytest.raises(ValueError, match="not acceptable"):
        arrpy.dot(arrpy.asarray(a), arrpy.asarray(b), out=arrpy.zeros((2, 4), dtype="float32"))
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(4, 5\) not aligned"):
        arrpy.dot(arrpy.ones((2, 3)), arrpy.ones((4, 5)))


def test_vdot_inner_outer(backend):
    x, y = values("complex128", (2, 3), 1), values("complex128", (3, 2), 2)
    same(arrpy.vdot(arrpy.asarray(x), arrpy.asarray(y)), np.vdot(x, y))
    i, j = values("int16", (2, 3), 1), values("int16", (4, 3), 2)
    same(arrpy.inner(arrpy.asarray(i), arrpy.asarray(j)), np.inner(i, j))
    same(arrpy.inner(arrpy.asarray(i[0]), arrpy.asarray(j[0])), np.inner(i[0], j[0]))
    same(arrpy.inner(arrpy.asarray(i), 3), np.inner(i, 3))
    same(arrpy.outer(arrpy.asarray(i), arrpy.asarray(j)), np.outer(i, j))
    same(arrpy.linalg.outer(arrpy.asarray(i[0]), arrpy.asarray(j[1])), np.linalg.outer(i[0], j[1]))
    with pytest.raises(ValueError, match="same number of elements"):
        arrpy.vdot(arrpy.ones(3), arrpy.ones(4))
    with pytest.raises(ValueError, match="not aligned"):
        arrpy.inner(arrpy.ones((2, 3)), arrpy.ones(4))
    with pytest.raises(ValueError, match="one-dimensional"):
        arrpy.linalg.outer(arrpy.ones((2, 2)), arrpy.ones(2))


@pytest.mark.parametrize(
    ("shape1", "shape2", "axes"),
    [((2, 3, 4), (3, 4, 5), 2), ((2, 3), (3, 2), 1), ((2, 3), (4, 5), 0),
     ((3, 4, 5), (4, 3, 2), ([1, 0], [0, 1])), ((2, 3), (2, 3), ([0, 1], [0, 1])),
     ((3, 4), (4,), (-1, 0))],
)  # fmt: skip
def test_tensordot_like_numpy(backend, shape1, shape2, axes):
    a, b = values("float64", shape1, 1), values("float64", shape2, 2)
    same(arrpy.tensordot(arrpy.asarray(a), arrpy.asarray(b), axes), np.tensordot(a, b, axes))


def test_tensordot_errors(backend):
    with pytest.raises(ValueError, match="shape-mismatch for sum"):
        arrpy.tensordot(arrpy.ones((2, 3)), arrpy.ones((4, 5)))


@pytest.mark.parametrize(("shape1", "shape2"), [((2,), (3,)), ((2, 2), (2, 3)), ((2,), (2, 2)),
                                                ((1, 2, 2), (2, 1)), ((), (2,))])  # fmt: skip
def test_kron_like_numpy(backend, shape1, shape2):
    a, b = values("int32", shape1, 1), values("int32", shape2, 2)
    same(arrpy.asarray(arrpy.kron(arrpy.asarray(a), arrpy.asarray(b))), np.kron(a, b))


def test_trace_like_numpy(backend):
    a = values("int8", (3, 4, 2), 1)
    same(arrpy.trace(arrpy.asarray(a)), np.trace(a))
    same(arrpy.trace(arrpy.asarray(a), offset=1, axis1=1, axis2=2), np.trace(a, 1, 1, 2))
    same(arrpy.asarray(a[:, :, 0]).trace(), a[:, :, 0].trace())
    same(arrpy.linalg.trace(arrpy.asarray(a)), np.linalg.trace(a))
    same(arrpy.linalg.trace(arrpy.asarray(a), dtype="float32"), np.linalg.trace(a, dtype="float32"))
    same(arrpy.linalg.diagonal(arrpy.asarray(a)), np.linalg.diagonal(a))


@pytest.mark.parametrize(("shape1", "shape2"), [((3,), (3,)), ((4, 3), (3,)), ((2, 1, 3), (5, 3)),
                                                ((3,), (2,)), ((2,), (3,))])  # fmt: skip
def test_cross_like_numpy(backend, shape1, shape2):
    a, b = values("float64", shape1, 1), values("float64", shape2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        expected = np.cross(a, b)
        got = arrpy.cross(arrpy.asarray(a), arrpy.asarray(b))
    same(got, expected)


def test_cross_axes_and_errors(backend):
    a, b = values("int64", (3, 4), 1), values("int64", (4, 3), 2)
    same(arrpy.cross(arrpy.asarray(a), arrpy.asarray(b), axisa=0), np.cross(a, b, axisa=0))
    same(
        arrpy.cross(arrpy.asarray(a), arrpy.asarray(b), axisa=0, axisc=0),
        np.cross(a, b, axisa=0, axisc=0),
    )
    same(arrpy.linalg.cross(arrpy.asarray(b), arrpy.asarray(b)), np.linalg.cross(b, b))
    with pytest.warns(DeprecationWarning, match="2-dimensional vectors"):
        arrpy.cross(arrpy.ones(2), arrpy.ones(2))
    with pytest.raises(ValueError, match="incompatible dimensions"):
        arrpy.cross(arrpy.ones(4), arrpy.ones(3))
    with pytest.raises(ValueError, match="3-dimensional vectors"):
        arrpy.linalg.cross(arrpy.ones(2), arrpy.ones(2))


def test_vecdot_matvec_vecmat(backend):
    x, y = values("complex128", (4, 3), 1), values("complex128", (3,), 2)
    same(arrpy.vecdot(arrpy.asarray(x), arrpy.asarray(y)), np.vecdot(x, y))
    same(arrpy.linalg.vecdot(arrpy.asarray(x), arrpy.asarray(x)), np.linalg.vecdot(x, x))
    same(arrpy.vecdot(arrpy.asarray(x.T), arrpy.asarray(y), axis=0), np.vecdot(x.T, y, axis=0))
    same(np.vecdot(x, arrpy.asarray(y)), np.vecdot(x, y))
    m = values("float64", (2, 4, 3), 3)
    v = values("float64", (3,), 4)
    if hasattr(np, "matvec"):
        same(arrpy.matvec(arrpy.asarray(m), arrpy.asarray(v)), np.matvec(m, v))
        same(arrpy.vecmat(arrpy.asarray(v), arrpy.asarray(m.swapaxes(-1, -2))),
             np.vecmat(v, m.swapaxes(-1, -2)))  # fmt: skip
    with pytest.raises(ValueError, match="core dimension"):
        arrpy.vecdot(arrpy.ones(3), arrpy.ones(4))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 10])
def test_matrix_power_like_numpy(backend, n):
    a = values("int64", (3, 3), 1)
    same(arrpy.linalg.matrix_power(arrpy.asarray(a), n), np.linalg.matrix_power(a, n))
    stack = values("float64", (2, 3, 3), 2)
    same(arrpy.linalg.matrix_power(arrpy.asarray(stack), n), np.linalg.matrix_power(stack, n))


def test_matrix_power_errors(backend):
    with pytest.raises(np.linalg.LinAlgError, match="square"):
        arrpy.linalg.matrix_power(arrpy.ones((2, 3)), 2)
    with pytest.raises(arrpy.linalg.LinAlgError, match="two-dimensional"):
        arrpy.linalg.matrix_power(arrpy.ones(3), 2)
    with pytest.raises(TypeError, match="exponent must be an integer"):
        arrpy.linalg.matrix_power(arrpy.ones((2, 2)), 1.5)


@pytest.mark.parametrize(
    "shapes",
    [[(10, 30), (30, 5), (5, 60)], [(3,), (3, 4), (4, 2)], [(2, 3), (3, 4), (4,)],
     [(3,), (3, 3), (3,)], [(5, 4), (4, 6), (6, 2), (2, 7), (7, 3)]],
)  # fmt: skip
def test_multi_dot_like_numpy(backend, shapes):
    arrays = [values("float64", s, i) for i, s in enumerate(shapes)]
    same(arrpy.linalg.multi_dot([arrpy.asarray(x) for x in arrays]), np.linalg.multi_dot(arrays))


def test_multi_dot_errors(backend):
    with pytest.raises(ValueError, match="at least two"):
        arrpy.linalg.multi_dot([arrpy.ones((2, 2))])
    with pytest.raises(arrpy.linalg.LinAlgError, match="two-dimensional"):
        arrpy.linalg.multi_dot([arrpy.ones((2, 2)), arrpy.ones((2, 2, 2)), arrpy.ones((2, 2))])


VECTOR_ORDS = [None, 2, 1, 0, np.inf, -np.inf, 3, 0.5, -1]
MATRIX_ORDS = [None, "fro", 1, -1, np.inf, -np.inf]


@pytest.mark.parametrize("dtype", ["float64", "float32", "complex128", "int32"])
def test_norms_like_numpy(backend, dtype):
    x = values(dtype, (3, 4), 1)
    with np.errstate(divide="ignore"):
        for order in VECTOR_ORDS:
            same(arrpy.linalg.norm(arrpy.asarray(x[0]), order), np.linalg.norm(x[0], order))
            same(arrpy.linalg.norm(arrpy.asarray(x), order, axis=1), np.linalg.norm(x, order, 1))
            same(
                arrpy.linalg.vector_norm(arrpy.asarray(x), ord=order or 2, axis=(0, 1)),
                np.linalg.vector_norm(x, ord=order or 2, axis=(0, 1)),
            )
        for order in MATRIX_ORDS:
            same(arrpy.linalg.norm(arrpy.asarray(x), order), np.linalg.norm(x, order))
            same(
                arrpy.linalg.norm(arrpy.asarray(x), order, axis=(1, 0), keepdims=True),
                np.linalg.norm(x, order, axis=(1, 0), keepdims=True),
            )
    stack = values(dtype, (2, 3, 3), 2)
    same(arrpy.linalg.matrix_norm(arrpy.asarray(stack)), np.linalg.matrix_norm(stack))
    same(
        arrpy.linalg.vector_norm(arrpy.asarray(stack), keepdims=True),
        np.linalg.vector_norm(stack, keepdims=True),
    )


def test_norm_errors(backend):
    with pytest.raises(ValueError, match="Invalid norm order 'fro' for vectors"):
        arrpy.linalg.norm(arrpy.ones(3), "fro")
    with pytest.raises(ValueError, match="Invalid norm order for matrices"):
        arrpy.linalg.norm(arrpy.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="Improper number of dimensions"):
        arrpy.linalg.norm(arrpy.ones((2, 2, 2)), axis=(0, 1, 2))
    with pytest.raises(ValueError, match="Duplicate axes"):
        arrpy.linalg.norm(arrpy.ones((2, 2)), axis=(1, 1))
