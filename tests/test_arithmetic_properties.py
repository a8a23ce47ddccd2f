"""Property tests (hypothesis) of add, subtract, multiply and divide against NumPy: every shape
pair ``mutually_broadcastable_shapes`` produces (including 0-d and empty), non-contiguous operands
(steps, negative steps, transposes), mixed dtypes, NaN/inf, integer wrap-around, weak Python
scalars, in-place ops and ``out=`` views, on every backend under test."""

# The lambdas below are called at once, inside the loop iteration that defines them.
# ruff: noqa: B023

import numpy as np
import pytest
from conftest import DTYPES, assert_same, check_like_numpy, numpy_outcome
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from test_arithmetic import FUNCTIONS, INPLACE, NUMPY, OP_NAMES, OPERATORS

import arrpy

PROPERTY = settings(
    max_examples=75,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

dtypes = st.sampled_from(DTYPES)
shape_pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0,
                                                max_side=4)


@st.composite
def layouts(draw, shape):
    """A way to place an array of ``shape`` as a view inside a larger buffer: per-axis steps
    (possibly negative) and offsets, and an axis permutation. Returns ``(base_shape, key, perm)``
    such that ``base[key].transpose(perm)`` has ``shape``; or None for a C-contiguous array."""
    if not draw(st.booleans()):
        return None
    ndim = len(shape)
    perm = draw(st.permutations(range(ndim))) if ndim else []
    inner = [0] * ndim
    for axis, source in enumerate(perm):
        inner[source] = shape[axis]
    key, base_shape = [], []
    for n in inner:
        step = draw(st.sampled_from([1, 2, 3, -1, -2]))
        offset = draw(st.integers(0, 2))
        size = abs(step)
        base_shape.append(offset + max(n, 1) * size + draw(st.integers(0, 1)))
        if n == 0:
            key.append(slice(offset, offset))
        elif step > 0:
            key.append(slice(offset, offset + n * size, step))
        else:
            key.append(slice(offset + (n - 1) * size, offset - 1 if offset else None, step))
    return tuple(base_shape), tuple(key), tuple(perm)


def view_of(base, layout):
    _, key, perm = layout
    return base[key + (Ellipsis,)].transpose(perm)  # with `...`, a 0-d base gives a 0-d view


@st.composite
def operands(draw, dtype, shape):
    """An ndarray of ``dtype`` and ``shape`` with any values NumPy can hold (NaN, inf, extreme
    integers), laid out contiguously or as a strided / reversed / transposed view."""
    values = np.asarray(draw(hnp.arrays(dtype, shape)))  # hnp.arrays gives a scalar for ()
    layout = draw(layouts(shape))
    if layout is None:
        return values
    base = np.zeros(layout[0], dtype=dtype)
    view = view_of(base, layout)
    assert view.shape == tuple(shape)
    view[...] = values
    return view


python_scalars = st.one_of(
    st.booleans(), st.integers(-(2**70), 2**70), st.integers(-300, 300), st.floats(),
    st.complex_numbers(),
)


@PROPERTY
@given(data=st.data())
def test_broadcasting_strides_and_dtypes(backend_name, data):
    first = data.draw(dtypes, label="dtype x")
    second = data.draw(st.one_of(st.just(first), dtypes), label="dtype y")
    shapes = data.draw(shape_pairs, label="shapes")
    x = data.draw(operands(first, shapes.input_shapes[0]), label="x")
    y = data.draw(operands(second, shapes.input_shapes[1]), label="y")
    with arrpy.backend(backend_name):
        for op in OP_NAMES:
            for ours in (FUNCTIONS[op], OPERATORS[op]):
                check_like_numpy(lambda: NUMPY[op](x, y),
                                 lambda: ours(arrpy.asarray(x), arrpy.asarray(y)),
                                 err_msg=f"{backend_name} {op} {first} {second}")
            check_like_numpy(lambda: NUMPY[op](x, y), lambda: OPERATORS[op](x, arrpy.asarray(y)),
                             err_msg=f"{backend_name} ndarray {op} ArrPy")


@PROPERTY
@given(data=st.data())
def test_python_scalars(backend_name, data):
    dtype = data.draw(dtypes, label="dtype")
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    x = data.draw(operands(dtype, shape), label="x")
    scalar = data.draw(python_scalars, label="scalar")
    with arrpy.backend(backend_name):
        for op in OP_NAMES:
            check_like_numpy(lambda: NUMPY[op](x, scalar),
                             lambda: OPERATORS[op](arrpy.asarray(x), scalar),
                             err_msg=f"{backend_name} {dtype} {op} {scalar!r}")
            check_like_numpy(lambda: NUMPY[op](scalar, x),
                             lambda: FUNCTIONS[op](scalar, arrpy.asarray(x)),
                             err_msg=f"{backend_name} {scalar!r} {op} {dtype}")


@st.composite
def shapes_broadcasting_to(draw, shape):
    """A shape that broadcasts to exactly ``shape`` (a suffix of it, some sides set to 1)."""
    keep = draw(st.integers(0, len(shape)))
    suffix = shape[len(shape) - keep:]
    return tuple(1 if draw(st.booleans()) else side for side in suffix)


def _inplace_on_views(backend_name, data, valid_shapes):
    first = data.draw(dtypes, label="dtype target")
    second = data.draw(st.one_of(st.just(first), dtypes), label="dtype y")
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    if valid_shapes:
        other_shape = data.draw(shapes_broadcasting_to(shape))
    else:
        other_shape = data.draw(hnp.mutually_broadcastable_shapes(
            num_shapes=1, base_shape=shape, max_side=4)).input_shapes[0]
    values = np.asarray(data.draw(hnp.arrays(first, shape), label="target values"))
    layout = data.draw(layouts(shape)) or (shape, (), tuple(range(len(shape))))
    y = data.draw(operands(second, other_shape), label="y")
    base = np.zeros(layout[0], dtype=first)
    view_of(base, layout)[...] = values
    op = data.draw(st.sampled_from(OP_NAMES), label="op")

    expected = base.copy()
    _, error = numpy_outcome(lambda: INPLACE[op](view_of(expected, layout), y))
    with arrpy.backend(backend_name):
        whole = arrpy.asarray(base.copy())
        target = arrpy.asarray(view_of(whole.data, layout))
        if error is not None:
            with pytest.raises(error):
                INPLACE[op](target, y)
            assert_same(whole, base, err_msg="changed by a failed in-place op")
            return
        result = INPLACE[op](target, arrpy.asarray(y))
        assert result is target
        assert_same(whole, expected, err_msg=f"{backend_name} {first} {op}= {second}")


@PROPERTY
@given(data=st.data())
def test_inplace_on_views(backend_name, data):
    """``view op= y`` where the view is strided, reversed or transposed and ``y`` broadcasts to
    it: NumPy's result in the whole buffer (nothing outside the view is touched), or NumPy's
    exception (a cast the in-place op cannot do)."""
    _inplace_on_views(backend_name, data, valid_shapes=True)


@PROPERTY
@given(data=st.data())
def test_inplace_any_shapes(backend_name, data):
    """As above with any ``y`` shape that broadcasts with the target, including ones whose result
    does not fit the target (an error; with a bad cast too, NumPy reports the cast first)."""
    _inplace_on_views(backend_name, data, valid_shapes=False)


@PROPERTY
@given(data=st.data())
def test_out_views(backend_name, data):
    """``out=`` a strided view, of the loop dtype or another one it casts to (same_kind)."""
    first = data.draw(dtypes, label="dtype x")
    second = data.draw(st.one_of(st.just(first), dtypes), label="dtype y")
    shapes = data.draw(shape_pairs, label="shapes")
    x = data.draw(operands(first, shapes.input_shapes[0]), label="x")
    y = data.draw(operands(second, shapes.input_shapes[1]), label="y")
    op = data.draw(st.sampled_from(OP_NAMES), label="op")
    out_dtype = data.draw(dtypes, label="out dtype")
    layout = data.draw(layouts(shapes.result_shape)) or (
        shapes.result_shape, (), tuple(range(len(shapes.result_shape))))

    base = np.ones(layout[0], dtype=out_dtype)
    expected = base.copy()
    _, error = numpy_outcome(lambda: NUMPY[op](x, y, out=view_of(expected, layout)))
    with arrpy.backend(backend_name):
        whole = arrpy.asarray(base.copy())
        out = arrpy.asarray(view_of(whole.data, layout))
        if error is not None:
            with pytest.raises(error):
                FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y), out=out)
            return
        assert FUNCTIONS[op](arrpy.asarray(x), arrpy.asarray(y), out=out) is out
        assert_same(whole, expected, err_msg=f"{backend_name} {op} out={out_dtype}")


@PROPERTY
@given(data=st.data())
def test_incompatible_shapes(backend_name, data):
    shape1 = data.draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
    shape2 = data.draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
    try:
        np.broadcast_shapes(shape1, shape2)
    except ValueError:
        pass
    else:
        assume(False)
    op = data.draw(st.sampled_from(OP_NAMES))
    x, y = np.ones(shape1), np.ones(shape2)
    with pytest.raises(ValueError):
        NUMPY[op](x, y)
    with arrpy.backend(backend_name):
        with pytest.raises(ValueError) as info:
            OPERATORS[op](arrpy.asarray(x), arrpy.asarray(y))
    message = str(info.value)
    assert op in message and str(shape1) in message and str(shape2) in message, message


@PROPERTY
@given(data=st.data())
def test_backends_agree(data):
    """All backends under test give NumPy's result on the same operands (one draw, all three)."""
    from conftest import BACKENDS

    dtype = data.draw(dtypes, label="dtype")
    shapes = data.draw(shape_pairs, label="shapes")
    x = data.draw(operands(dtype, shapes.input_shapes[0]), label="x")
    y = data.draw(operands(dtype, shapes.input_shapes[1]), label="y")
    op = data.draw(st.sampled_from(OP_NAMES), label="op")
    for name in BACKENDS:
        with arrpy.backend(name):
            check_like_numpy(lambda: NUMPY[op](x, y), lambda: FUNCTIONS[op](x, y),
                             err_msg=f"{name} {op} {dtype}")
