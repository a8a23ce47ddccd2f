"""Every elementwise kernel of every backend against NumPy, at the kernel level.

The contract is ``docs/elementwise-semantics.md``. Each (op, dtype) pair of ``_registry.OPS``
added for issue 3 is run through ``_registry.lookup(op, dtype, backend)`` on inputs made of
special values (signed zeros, infinities, nan, subnormals, the integer extremes, zero divisors)
and random values over a wide range, and compared with the NumPy ufunc on the same dtype:

* exact ops bit for bit (nan payloads aside; the sign of a zero from maximum/minimum/fmax/fmin
  of equal-comparing zeros is NumPy-layout-dependent and not compared);
* real transcendental functions within 2 ulp for float64 (4 for float32, where NumPy itself is
  up to 3 ulp off), with the same special values;
* complex transcendental functions within 4 ulp per component (or 4 eps of the modulus for a
  component lost to cancellation), with the same nan/inf pattern per component.

Layouts (strided, negative strides, broadcast, 0-d, empty, large threaded) and the status flags
(integer division by zero, MIN // -1, negative integer powers) have their own tests.
"""

import math
import warnings

import numpy as np
import pytest
from conftest import BACKENDS

from arrpy import _registry
from arrpy.backends.python.floating_status import UNARY_STATUS_OPS

BINARY = (
    "floor_divide remainder power maximum minimum fmax fmin copysign hypot arctan2 logaddexp "
    "left_shift right_shift"
).split()
UNARY = (
    "negative positive absolute reciprocal square sqrt cbrt exp exp2 expm1 log log2 log10 log1p "
    "sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh deg2rad rad2deg "
    "floor ceil trunc rint sign conjugate invert isnan isinf isfinite signbit logical_not"
).split()
TRANSCENDENTAL = set(
    "cbrt exp exp2 expm1 log log2 log10 log1p sin cos tan arcsin arccos arctan sinh cosh tanh "
    "arcsinh arccosh arctanh power hypot arctan2 logaddexp".split()
)
# Exact ops whose +0/-0 choice between equal-comparing zeros is not part of the contract.
ZERO_SIGN_FREE = {"maximum", "minimum", "fmax", "fmin"}

STATUS_DIVIDE_BY_ZERO = 1
STATUS_OVERFLOW = 2
STATUS_INVALID = 4
STATUS_NEGATIVE_INTEGER_POWER = 8


# --- inputs ----------------------------------------------------------------------------------


def _float_specials(dtype):
    info = np.finfo(dtype)
    values = [
        0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 2.0, 3.0, -3.0, 10.0, 0.1,
        np.inf, -np.inf, np.nan,
        info.smallest_subnormal, -info.smallest_subnormal, info.tiny, -info.tiny,
        info.max, -info.max, info.eps, 1 - info.epsneg, 1 + info.eps,
        np.pi, -np.pi, np.pi / 2, np.pi / 4, 1e-8, -1e-8, 1e5, -1e5, 1e10, 1e20, -1e20,
        88.0, 89.0, -103.0, -104.0, 700.0, 709.7, 710.0, -745.0, -746.0, 1e300, -1e300, 1e-300,
    ]  # fmt: skip
    with np.errstate(over="ignore"):  # 1e300 and friends become inf in float32: wanted
        return np.array(values, dtype=np.float64).astype(dtype)


def _random_floats(dtype, count, seed):
    rng = np.random.default_rng(seed)
    info = np.finfo(dtype)
    exponent_limit = int(math.log10(float(info.max))) - 1
    wide = rng.choice([-1.0, 1.0], count) * 10.0 ** rng.uniform(
        -exponent_limit, exponent_limit, count
    )
    ordinary = rng.uniform(-10, 10, count)
    unit = rng.uniform(-1.2, 1.2, count)
    return np.concatenate([wide, ordinary, unit]).astype(dtype)


def _int_specials(dtype):
    info = np.iinfo(dtype)
    values = {0, 1, 2, 3, 5, 7, 8, 100, info.max, info.max - 1, info.min, info.min + 1}
    if info.min < 0:
        values |= {-1, -2, -3, -7, -8, -100}
    return np.array(sorted(values), dtype=dtype)


def _random_ints(dtype, count, seed):
    rng = np.random.default_rng(seed)
    info = np.iinfo(dtype)
    full = rng.integers(info.min, info.max, count, dtype=dtype, endpoint=True)
    small = rng.integers(max(info.min, -40), 40, count).astype(dtype)
    return np.concatenate([full, small])


def _complex_values(dtype, seed):
    real_dtype = np.float32 if dtype == "complex64" else np.float64
    parts = np.array(
        [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.0, np.inf, -np.inf, np.nan, 1e30, 1e-30, 80.0, 700.0],
        dtype=real_dtype,
    )
    grid_re, grid_im = np.meshgrid(parts, parts)
    # Parts are set directly: grid_re + 1j * grid_im would turn (0, inf) into (nan, inf).
    special = np.empty(grid_re.size, dtype=dtype)
    special.real = grid_re.ravel()
    special.imag = grid_im.ravel()
    rng = np.random.default_rng(seed)
    values = np.empty(600, dtype=dtype)
    values.real = np.concatenate([rng.uniform(-10, 10, 300), rng.uniform(-1.5, 1.5, 300)])
    values.imag = np.concatenate([rng.uniform(-10, 10, 300), rng.uniform(-1.5, 1.5, 300)])
    return np.concatenate([special, values])


def unary_input(op, dtype):
    if dtype == "bool":
        return np.array([False, True, True, False])
    if dtype.startswith("float"):
        return np.concatenate([_float_specials(dtype), _random_floats(dtype, 300, 1)])
    if dtype.startswith("complex"):
        return _complex_values(dtype, 2)
    return np.concatenate([_int_specials(dtype), _random_ints(dtype, 300, 3)])


def binary_inputs(op, dtype):
    """Two equally long arrays: every pair of special values, then random pairs."""
    if dtype == "bool":
        a, b = np.meshgrid([False, True], [False, True])
        return a.ravel(), b.ravel()
    if dtype.startswith("float"):
        special = _float_specials(dtype)
        a, b = np.meshgrid(special, special)
        r1, r2 = _random_floats(dtype, 300, 4), _random_floats(dtype, 300, 5)
        if op == "power":
            # Exponents that keep most results finite, as well as the wide ones above.
            r2 = np.random.default_rng(6).uniform(-30, 30, r1.size).astype(dtype)
        return np.concatenate([a.ravel(), r1]), np.concatenate([b.ravel(), r2])
    if dtype.startswith("complex"):
        values = _complex_values(dtype, 7)
        rng = np.random.default_rng(8)
        idx1 = rng.integers(0, values.size, 3000)
        idx2 = rng.integers(0, values.size, 3000)
        a, b = values[idx1], values[idx2]
        if op == "power":
            # npy_cpow's special path: integral real exponents, negative ones included.
            ints = np.arange(-12, 13).astype(dtype)
            base = values[rng.integers(0, values.size, ints.size * 8)]
            a = np.concatenate([a, base])
            b = np.concatenate([b, np.tile(ints, 8)])
        return a, b
    special = _int_specials(dtype)
    a, b = np.meshgrid(special, special)
    r1, r2 = _random_ints(dtype, 300, 9), _random_ints(dtype, 300, 10)
    a, b = np.concatenate([a.ravel(), r1]), np.concatenate([b.ravel(), r2])
    if op == "power":
        # Negative exponents are a status (ValueError in the front end), tested separately.
        b = np.where(b < 0, 0, b) if np.issubdtype(b.dtype, np.signedinteger) else b
        b = (b % 70).astype(dtype)
    if op in ("left_shift", "right_shift"):
        bits = np.iinfo(dtype).bits
        counts = np.concatenate([np.arange(bits + 3), np.full(3, bits * 4)]).astype(dtype)
        a = np.concatenate([a, np.resize(special, counts.size)])
        b = np.concatenate([b % (bits + 2), counts]).astype(dtype)
    return a, b


# --- comparison ----------------------------------------------------------------------------


def _ulp_distance(x, y):
    """|x - y| in units of the last place, elementwise, for finite floats of one dtype."""
    itype = np.int32 if x.dtype == np.float32 else np.int64
    xi = x.view(itype).astype(np.int64)
    yi = y.view(itype).astype(np.int64)
    # Map the sign-magnitude bit patterns onto a monotonic integer line (-0.0 -> 0 like +0.0).
    sign = np.int64(np.iinfo(itype).min)
    xi = np.where(xi < 0, sign - xi, xi)
    yi = np.where(yi < 0, sign - yi, yi)
    return np.abs(xi.astype(object) - yi.astype(object)).astype(np.float64)


def _describe(where, *arrays):
    index = np.flatnonzero(where)[:5]
    return (
        "; ".join("[" + ", ".join(repr(a.ravel()[i]) for a in arrays) + "]" for i in index)
        + f" ({int(np.count_nonzero(where))} of {where.size})"
    )


def _compare_real(op, got, expected, inputs, tolerance_ulp):
    both_nan = np.isnan(got) & np.isnan(expected)
    equal = (got == expected) | both_nan
    if op not in ZERO_SIGN_FREE:
        zero = (got == 0) & (expected == 0)
        equal &= ~zero | (np.signbit(got) == np.signbit(expected))
    bad = ~equal
    if tolerance_ulp:
        finite = np.isfinite(got) & np.isfinite(expected)
        close = np.zeros_like(bad)
        close[finite] = _ulp_distance(got[finite], expected[finite]) <= tolerance_ulp
        # A zero result must keep its sign (sin(-0.0) is -0.0).
        zero_sign_differs = (expected == 0) & (got == 0) & (np.signbit(got) != np.signbit(expected))
        bad &= ~(close & ~zero_sign_differs)
    assert not bad.any(), f"{op} on {expected.dtype}: (inputs..., got, numpy) " + _describe(
        bad, *inputs, got, expected
    )


def _compare_complex(op, got, expected, inputs, transcendental):
    if not transcendental:
        _compare_real(op, got.real.copy(), expected.real.copy(), inputs, 0)
        _compare_real(op, got.imag.copy(), expected.imag.copy(), inputs, 0)
        return
    eps = np.finfo(expected.real.dtype).eps
    modulus = np.abs(expected.astype(np.complex128))
    bad = np.zeros(got.shape, dtype=bool)
    for g, e in ((got.real, expected.real), (got.imag, expected.imag)):
        g, e = g.copy(), e.copy()
        same_class = (np.isnan(g) == np.isnan(e)) & (np.isinf(g) == np.isinf(e))
        same_class &= ~np.isinf(e) | (g == e)
        finite = np.isfinite(g) & np.isfinite(e)
        close = np.ones_like(bad)
        ulps = np.zeros(g.shape)
        ulps[finite] = _ulp_distance(g[finite], e[finite])
        with np.errstate(invalid="ignore"):  # inf - inf where both are inf: judged above
            absolute = np.abs(g.astype(np.float64) - e.astype(np.float64)) <= 4 * eps * modulus
        close[finite] = (ulps[finite] <= 4) | absolute[finite]
        bad |= ~same_class | ~close
    assert not bad.any(), f"{op} on {expected.dtype}: (inputs..., got, numpy) " + _describe(
        bad, *inputs, got, expected
    )


def _is_transcendental(op, inputs):
    name = op.split(" ")[0]
    if name in TRANSCENDENTAL:
        return True
    # hypot (complex absolute) and the division by it (complex sign) are within 1 ulp in C and
    # in Python's math.hypot, but not bit-identical between them.
    return name in ("absolute", "sign") and inputs[0].dtype.kind == "c"


def _real_ulps(dtype):
    # float64: 2 ulp, the bound. float32: NumPy's own single-precision log, tan,
    # arcsin and arctan2 are up to 3 ulp from the correctly rounded value, where arrpy's
    # backends are within 1 ulp, so the distance between the two may reach 4.
    return 2 if dtype == np.float64 else 4


def compare(op, got, expected, inputs):
    assert got.shape == expected.shape, (op, got.shape, expected.shape)
    assert got.dtype == expected.dtype, (op, got.dtype, expected.dtype)
    transcendental = _is_transcendental(op, inputs)
    if expected.dtype.kind == "c":
        _compare_complex(op, got, expected, inputs, transcendental)
    elif expected.dtype.kind == "f":
        _compare_real(
            op, got, expected, inputs, _real_ulps(expected.dtype) if transcendental else 0
        )
    else:
        mismatch = got != expected
        assert not mismatch.any(), (
            f"{op} on {expected.dtype}: (inputs..., got, numpy) "
            + _describe(mismatch, *inputs, got, expected)
        )


def numpy_result(op, *inputs):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(np, op)(*inputs)


def run_kernel(op, dtype, backend, *inputs):
    kernel = _registry.lookup(op, dtype, backend)
    # NumPy's own answer may depend on the layout (its contiguous loops are SIMD code, its
    # strided ones libm, e.g. cbrt): the oracle is always NumPy on contiguous copies.
    expected = numpy_result(op, *(np.copy(x, order="C") for x in inputs))
    out = np.empty(np.broadcast_shapes(*(x.shape for x in inputs)), dtype=expected.dtype)
    status = kernel(*inputs, out)
    return out, expected, status


def rule_status(op, x, result):
    """The floating-point flags abi.h defines for ``result = op(x)`` (0 for other dtypes)."""
    if result.dtype.kind != "f" or op not in UNARY_STATUS_OPS:
        return 0
    poles = {"log": [0], "log2": [0], "log10": [0], "log1p": [-1], "arctanh": [1, -1],
             "reciprocal": [0]}.get(op, [])
    infinite, pole = np.isinf(result), np.isin(x, poles)
    flags = (
        (STATUS_INVALID, np.isnan(result) & ~np.isnan(x)),
        (STATUS_DIVIDE_BY_ZERO, infinite & pole),
        (STATUS_OVERFLOW, infinite & ~pole & np.isfinite(x)),
    )
    return sum(flag for flag, where in flags if where.any())


# --- tests -------------------------------------------------------------------------------------

_UNARY_CASES = [(op, d) for op in UNARY for d in _registry.OPS[op]]
_BINARY_CASES = [(op, d) for op in BINARY for d in _registry.OPS[op]]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("op", "dtype"), _UNARY_CASES, ids=[f"{o}-{d}" for o, d in _UNARY_CASES])
def test_unary_kernel_matches_numpy(backend, op, dtype):
    x = unary_input(op, dtype)
    got, expected, status = run_kernel(op, dtype, backend, x)
    compare(op, got, expected, (x,))
    assert status == rule_status(op, x, got)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("op", "dtype"), _BINARY_CASES, ids=[f"{o}-{d}" for o, d in _BINARY_CASES])
def test_binary_kernel_matches_numpy(backend, op, dtype):
    a, b = binary_inputs(op, dtype)
    got, expected, _ = run_kernel(op, dtype, backend, a, b)
    compare(op, got, expected, (a, b))


# Layouts: one representative dtype per op, the same values through strided, reversed,
# broadcast, 0-d and empty operands; the result must equal NumPy's on the same layout.
_LAYOUT_OPS = [(op, _registry.OPS[op][-1]) for op in UNARY + BINARY]


def _layouts(x):
    matrix = np.resize(x, (6, 10))
    yield "strided", x[::3]
    yield "reversed", x[::-1]
    yield "transposed", matrix.T
    yield "0-d", x[5:6].reshape(())
    yield "empty", x[:0]
    yield "column", matrix[:, 2:3]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("op", "dtype"), _LAYOUT_OPS, ids=[f"{o}-{d}" for o, d in _LAYOUT_OPS])
def test_kernel_layouts(backend, op, dtype):
    if op in UNARY:
        x = unary_input(op, dtype)
        for name, view in _layouts(x):
            got, expected, _ = run_kernel(op, dtype, backend, view)
            compare(f"{op} ({name})", got, expected, (view,))
        return
    a, b = binary_inputs(op, dtype)
    a, b = a[: 60 * 3], b[: 60 * 3]
    for name, view in _layouts(a):
        other = b[: view.size].reshape(view.shape)
        got, expected, _ = run_kernel(op, dtype, backend, view, other)
        compare(f"{op} ({name})", got, expected, (view, other))
    # Broadcasting: a row against a column, and a 0-d operand against a matrix.
    row, column = a[:7], b[:5].reshape(5, 1)
    got, expected, _ = run_kernel(op, dtype, backend, row, column)
    compare(f"{op} (row x column)", got, expected, (np.broadcast_to(row, got.shape),))
    scalar = b[3:4].reshape(())
    matrix = np.resize(a, (4, 9))
    got, expected, _ = run_kernel(op, dtype, backend, scalar, matrix)
    compare(f"{op} (scalar x matrix)", got, expected, (matrix,))


_LARGE_OPS = [
    ("exp", "float64"), ("log", "float64"), ("sin", "float64"), ("cos", "float32"),
    ("sqrt", "float64"), ("absolute", "complex128"), ("isnan", "float32"), ("negative", "int16"),
    ("maximum", "float64"), ("floor_divide", "int32"), ("power", "float32"), ("fmin", "float32"),
]  # fmt: skip


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
@pytest.mark.parametrize(("op", "dtype"), _LARGE_OPS, ids=[f"{o}-{d}" for o, d in _LARGE_OPS])
def test_large_inputs_use_threads_correctly(backend, op, dtype):
    # Big enough for the thread pool / prange in every compiled backend (5 MiB per operand).
    size = (1 << 20) + 3
    if op in UNARY:
        x = np.resize(unary_input(op, dtype), size)
        got, expected, _ = run_kernel(op, dtype, backend, x)
        compare(op, got, expected, (x,))
    else:
        a, b = binary_inputs(op, dtype)
        a, b = np.resize(a, size), np.resize(b, size)
        got, expected, _ = run_kernel(op, dtype, backend, a, b)
        compare(op, got, expected, (a, b))


_STREAMED = [("add", "float64"), ("maximum", "float32"), ("multiply", "int32"),
             ("subtract", "int8")]  # fmt: skip


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
@pytest.mark.parametrize(("op", "dtype"), _STREAMED, ids=[f"{o}-{d}" for o, d in _STREAMED])
@pytest.mark.parametrize("offset", [0, 1])
def test_large_outputs_written_before(backend, op, dtype, offset):
    # More than 64 MiB of operands (the most stream_min_bytes() can be) into an output whose
    # pages are in memory already: the C++ backend's non-temporal-store path (a new output
    # array takes plain stores), at an aligned and an unaligned start.
    size = (6 << 20) // np.dtype(dtype).itemsize * 4 + 5
    a, b = binary_inputs(op, dtype)
    a, b = np.resize(a, size), np.resize(b, size)
    expected = numpy_result(op, a, b)
    out = np.full(size + offset, 7, dtype=expected.dtype)[offset:]
    _registry.lookup(op, dtype, backend)(a, b, out)
    compare(op, out, expected, (a, b))


# --- status flags ----------------------------------------------------------------------------

_INTS = [d for d in _registry.OPS["floor_divide"] if not d.startswith("float")]
_SIGNED = [d for d in _INTS if d.startswith("int")]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", _INTS)
@pytest.mark.parametrize("op", ["floor_divide", "remainder"])
def test_integer_division_by_zero_reports_and_gives_zero(backend, op, dtype):
    a = np.array([7, 0, 3, 1], dtype=dtype)
    b = np.array([2, 0, 0, 1], dtype=dtype)
    out, expected, status = run_kernel(op, dtype, backend, a, b)
    np.testing.assert_array_equal(out, expected)
    assert status & STATUS_DIVIDE_BY_ZERO
    _, _, status = run_kernel(op, dtype, backend, a[:1], b[:1])
    assert status == 0


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", _SIGNED)
def test_integer_min_floor_divide_minus_one_overflows(backend, dtype):
    info = np.iinfo(dtype)
    a = np.array([info.min, info.min], dtype=dtype)
    b = np.array([-1, 1], dtype=dtype)
    out, expected, status = run_kernel("floor_divide", dtype, backend, a, b)
    np.testing.assert_array_equal(out, [info.min, info.min])
    assert status & STATUS_OVERFLOW
    out, expected, status = run_kernel("remainder", dtype, backend, a, b)
    np.testing.assert_array_equal(out, [0, 0])
    assert status == 0


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", _SIGNED)
def test_integer_power_with_negative_exponent_reports(backend, dtype):
    kernel = _registry.lookup("power", dtype, backend)
    a = np.array([2, 3, 1], dtype=dtype)
    out = np.empty(3, dtype=dtype)
    assert kernel(a, np.array([1, -1, 2], dtype=dtype), out) & STATUS_NEGATIVE_INTEGER_POWER
    assert kernel(a, np.array([1, 0, 2], dtype=dtype), out) == 0
    np.testing.assert_array_equal(out, [2, 1, 1])


@pytest.mark.parametrize("backend", BACKENDS)
def test_status_is_reported_from_every_thread_chunk(backend):
    # The division by zero sits at the very end of a large input, in the last thread's chunk.
    size = (1 << 21) + 5
    a = np.ones(size, dtype=np.int32)
    b = np.ones(size, dtype=np.int32)
    b[-1] = 0
    if backend == "python":
        a, b = a[-1000:], b[-1000:]
    out, expected, status = run_kernel("floor_divide", "int32", backend, a, b)
    assert status & STATUS_DIVIDE_BY_ZERO
    assert out[-1] == 0 and out[0] == 1
