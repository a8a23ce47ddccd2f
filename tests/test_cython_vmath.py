"""The Cython backend's vectorised exp / log / sin / cos (backends/cython/_vmath.pxi) against NumPy.

Every build this CPU runs (``set_vmath_target``: "baseline", "avx2", and "libm", the per-element
libm loop they replace) x float32 / float64 x the four functions: random inputs over the whole
range and the ordinary ranges, the special values (+-0, +-inf, nan, subnormals, the overflow and
underflow thresholds of exp, huge arguments of sin / cos), contiguous, strided, reversed,
transposed and in-place operands, lengths 0..40 (the vector tails) and long rows (blocks, the
edge-case loops, threads). Results: shape, dtype, then values within 2 ulp of NumPy's, with
the same nan / inf positions and signed zeros (float32: of NumPy's float64 function rounded to
float32, see ``reference``). The floating-point warnings must be NumPy's.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import arrpy
from arrpy.backends.cython import _kernels

FUNCTIONS = ["exp", "log", "sin", "cos", "tanh"]
DTYPES = ["float64", "float32"]
MAX_ULP = 2


def max_ulp(target, name):
    """2 ulp from NumPy, except glibc's own tanh (the "libm" target, the loop the builds
    replace): it is up to 2.2 ulp from the exact result in (0, 1), so 3 from NumPy's."""
    return 3 if target == "libm" and name == "tanh" else MAX_ULP


@pytest.fixture(params=_kernels.vmath_targets() + ("libm",))
def target(request):
    previous = _kernels.set_vmath_target(request.param)
    threads = arrpy.get_num_threads()
    try:
        with arrpy.backend("cython"):
            yield request.param
    finally:
        arrpy.set_num_threads(threads)
        _kernels.set_vmath_target(previous)


def ulp_error(got, expected):
    """Max |got - expected| in units of expected's ulp (inf where nan / inf / zero-sign differ)."""
    got = np.asarray(got)
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype
    if got.size == 0:
        return 0.0
    with np.errstate(all="ignore"):  # (signalling nans of random bits)
        g = got.astype(np.float64).ravel()
        e = expected.astype(np.float64).ravel()
    nan_g, nan_e = np.isnan(g), np.isnan(e)
    if np.any(nan_g != nan_e):
        return np.inf
    finite = ~nan_e & np.isfinite(e)
    inf = ~nan_e & ~finite
    if np.any(g[inf] != e[inf]):
        return np.inf
    zero = finite & (e == 0) & (g == 0)
    if np.any(np.signbit(g[zero]) != np.signbit(e[zero])):
        return np.inf
    if not np.all(np.isfinite(g[finite])):
        return np.inf
    spacing = np.spacing(np.abs(expected.ravel()[finite])).astype(np.float64)
    if spacing.size == 0:
        return 0.0
    return float(np.max(np.abs(g[finite] - e[finite]) / spacing))


def reference(name, x):
    """NumPy's result; for float32 NumPy's float64 function rounded to float32: NumPy's own
    float32 log is up to 4 ulp from the correctly rounded result (its SIMD loops trade accuracy
    for speed), while ours are computed in double and rounded once."""
    with np.errstate(all="ignore"):
        if x.dtype == np.float32:
            return np.asarray(getattr(np, name)(x.astype(np.float64))).astype(np.float32)
        return getattr(np, name)(x)


def compute(name, x):
    expected = reference(name, x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        got = getattr(arrpy, name)(arrpy.asarray(x))
    return np.asarray(got), expected


def special_values(dtype):
    info = np.finfo(dtype)
    sub = info.smallest_subnormal
    values = [
        0.0,
        -0.0,
        np.inf,
        -np.inf,
        np.nan,
        -np.nan,
        1.0,
        -1.0,
        0.5,
        2.0,
        sub,
        -sub,
        sub * 3,
        info.tiny,
        -info.tiny,
        info.tiny * (1 - info.eps),
        info.max,
        -info.max,
        info.eps,
        np.pi,
        -np.pi,
        np.pi / 2,
        np.pi / 4,
        3 * np.pi / 4,
        1e3,
        -1e3,
    ]
    if dtype == "float64":
        edges = [
            709.782712893384,
            709.7827128933841,
            709.79,
            710.0,
            707.0,
            -707.0,
            -708.39641853226408,
            -708.4,
            -744.44007192138,
            -745.1332191019411,
            -745.1332191019412,
            -745.2,
            -746.0,
            1e7,
            2.0**20,
            2.0**20 + 1,
            2.0**27,
            2.0**27 + 2,
            1e9,
            1e22,
            1e300,
        ]
    else:
        edges = [
            88.72283,
            88.72284,
            89.0,
            -87.33654,
            -87.34,
            -103.27893,
            -103.97208,
            -103.97209,
            -104.0,
            1e5,
            2.0**20,
            2.0**20 + 128,
            1e7,
            3e38,
        ]
    values += edges + [-v for v in edges]
    return np.array(values, dtype=dtype)


def random_values(name, dtype, n, rng):
    info = np.finfo(dtype)
    bits = np.dtype(dtype).itemsize * 8
    # random bit patterns: every binade, subnormals, inf / nan
    raw = rng.integers(0, 2**bits, size=n // 4, dtype=np.uint64).astype(f"uint{bits}")
    parts = [raw.view(dtype)]
    if name == "exp":
        lim = 750.0 if dtype == "float64" else 110.0
        parts += [rng.uniform(-lim, lim, n // 4), rng.uniform(-1, 1, n // 4)]
    elif name == "log":
        top = np.log(info.max) * 0.99
        parts += [np.exp(rng.uniform(-top, top, n // 4)), rng.uniform(0.5, 2.0, n // 4)]
    else:
        parts += [
            rng.uniform(-10, 10, n // 4),
            rng.uniform(-1e6, 1e6, n // 8),
            rng.uniform(-1e9, 1e9, n // 8),
        ]
    return np.concatenate([np.asarray(p).astype(dtype) for p in parts])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_values_within_2_ulp(target, name, dtype):
    rng = np.random.default_rng(sum(map(ord, name + dtype)))
    x = np.concatenate([special_values(dtype), random_values(name, dtype, 20000, rng)])
    rng.shuffle(x)
    got, expected = compute(name, x)
    assert ulp_error(got, expected) <= max_ulp(target, name), (target, name, dtype)
    # every special value alone and in a row of ordinary ones (the edge-case loops per block)
    for v in special_values(dtype):
        row = np.full(37, 0.75, dtype=dtype)
        row[17] = v
        got, expected = compute(name, row)
        assert ulp_error(got, expected) <= max_ulp(target, name), (target, name, dtype, v)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_lengths_views_and_in_place(target, name, dtype):
    rng = np.random.default_rng(7)
    big = random_values(name, dtype, 4000, rng)
    for n in list(range(41)) + [511, 512, 513, 1023, 1025, 3001]:
        x = big[:n]
        got, expected = compute(name, x)
        assert ulp_error(got, expected) <= max_ulp(target, name), (target, name, dtype, n)
    views = [
        big[::3],
        big[::-1],
        big[::-7],
        big[:3000].reshape(60, 50).T,
        big[:3000].reshape(30, 100)[:, 1:99:2],
    ]
    for x in views:
        got, expected = compute(name, x)
        limit = max_ulp(target, name)
        assert ulp_error(got, expected) <= limit, (target, name, dtype, x.shape, x.strides)
    # in place, contiguous and strided
    for x in (big.copy(), big.copy()[::2]):
        expected = reference(name, x)
        a = arrpy.asarray(x)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            result = getattr(arrpy, name)(a, out=a)
        assert ulp_error(np.asarray(result), expected) <= max_ulp(target, name)
        assert ulp_error(np.asarray(a), expected) <= max_ulp(target, name)


@pytest.mark.parametrize("dtype", DTYPES)
def test_long_rows_on_two_threads(target, dtype):
    # past the thread threshold: chunks of both threads, with special values in the last one
    rng = np.random.default_rng(3)
    arrpy.set_num_threads(2)
    for name in FUNCTIONS:
        x = random_values(name, dtype, 400_000, rng)
        x[-5:] = [np.nan, np.inf, -np.inf, 0.0, -0.0]
        got, expected = compute(name, x)
        assert ulp_error(got, expected) <= max_ulp(target, name), (target, name, dtype)


@pytest.mark.skipif(
    "avx2" not in _kernels.vmath_targets(), reason="the AVX2 vmath build needs AVX2 and FMA"
)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_avx2_float32_gives_the_cpp_backends_bits(name):
    # The AVX2 build computes float32 with the C++ backend's float kernels, operation for
    # operation (checked over all 2^32 inputs when written). sin / cos: the C++ AVX2 loop sends a
    # whole vector to libm when one lane is beyond 2^16 (or inf / nan), so such inputs are
    # compared in rows of their own, where both backends call libm.
    rng = np.random.default_rng(sum(map(ord, name)))
    x = np.concatenate([special_values("float32"), random_values(name, "float32", 200_000, rng)])
    rows = [x]
    if name in ("sin", "cos"):
        small = np.abs(x) <= 2.0**16
        rows = [x[small], x[~small]]
    previous = _kernels.set_vmath_target("avx2")
    try:
        for row in rows:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                with arrpy.backend("cython"):
                    got = np.asarray(getattr(arrpy, name)(arrpy.asarray(row)))
                with arrpy.backend("c"):
                    expected = np.asarray(getattr(arrpy, name)(arrpy.asarray(row)))
            assert got.dtype == expected.dtype == np.float32
            same = (got.view(np.uint32) == expected.view(np.uint32)) | (
                np.isnan(got) & np.isnan(expected)
            )
            assert same.all(), (name, row[~same][:5], got[~same][:5], expected[~same][:5])
    finally:
        _kernels.set_vmath_target(previous)


def warning_categories(function, x):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        function(x)
    return sorted(
        str(w.message).split(" encountered")[0]
        for w in caught
        if issubclass(w.category, RuntimeWarning)
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FUNCTIONS)
def test_warnings_are_numpys(target, name, dtype):
    # the floating-point rule on inputs and results is unchanged by the vectorised loops
    for v in list(special_values(dtype)) + [None]:
        x = np.full(1500, 0.25, dtype=dtype)
        if v is not None:
            x[1200] = v
        expected = warning_categories(getattr(np, name), x)
        found = warning_categories(getattr(arrpy, name), arrpy.asarray(x))
        assert found == expected, (target, name, dtype, v)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", FUNCTIONS)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_property_any_shape_and_values(name, dtype, data):
    arr = data.draw(
        hnp.arrays(
            dtype,
            hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=9),
            elements=st.floats(
                width=np.dtype(dtype).itemsize * 8, allow_nan=True, allow_infinity=True
            ),
        )
    )
    view = data.draw(st.sampled_from(["plain", "transposed", "reversed"]))
    if view == "transposed":
        arr = arr.T
    elif view == "reversed" and arr.ndim:
        arr = arr[::-1]
    with arrpy.backend("cython"):
        for tgt in _kernels.vmath_targets():
            previous = _kernels.set_vmath_target(tgt)
            try:
                got, expected = compute(name, arr)
            finally:
                _kernels.set_vmath_target(previous)
            assert isinstance(got, np.ndarray) or np.isscalar(got)
            assert ulp_error(got, expected) <= MAX_ULP, (tgt, arr)


def test_set_vmath_target_rejects_unknown_builds():
    with pytest.raises(ValueError, match="set_vmath_target: 'avx512' is not a vmath build"):
        _kernels.set_vmath_target("avx512")
    assert _kernels.get_vmath_target() == _kernels.vmath_targets()[-1]
