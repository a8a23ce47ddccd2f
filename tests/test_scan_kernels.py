"""Every scan kernel of every backend against NumPy, at the kernel level.

The contract is ``scan_nd`` in ``backends/abi.h``: a kernel scans the last axis of ``x`` into
``out`` (the same shape): ``out[..., k] = x[..., 0] OP ... OP x[..., k]``, each element converted
to out's dtype first. Each (op, "in->out") pair of ``_registry.SCANS`` runs on special values
(signed zeros, inf, nan, integer extremes: sums and products wrap) through contiguous,
transposed (axis 0 of a C matrix, the row kernels), strided, reversed, broadcast and empty
layouts, and must give NumPy's ``add.accumulate`` / ``multiply.accumulate`` exactly: floating
scans are sequential in every backend, so the results are the same bits (nan positions equal,
every other value bit for bit, signed zeros included).
"""

import warnings

import numpy as np
import pytest
from conftest import BACKENDS, sample_values

from arrpy import _registry
from arrpy._config import get_num_threads, set_num_threads

_UFUNC = {"cumsum": np.add, "cumprod": np.multiply}
_CASES = [(op, pair) for op, pairs in _registry.SCANS.items() for pair in pairs]


def expected_scan(op, x, out_dtype):
    """NumPy's inclusive scan of the last axis in ``out_dtype`` (an empty axis: empty)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if x.shape[-1] == 0 or x.size == 0:
            return np.empty(x.shape, dtype=out_dtype)
        return _UFUNC[op].accumulate(x, axis=-1, dtype=out_dtype)


def assert_same_bits(got, expected, what):
    """Shape, dtype, then every value: exact, floats bit for bit (any nan matches any nan)."""
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    assert got.dtype == expected.dtype, f"{what}: dtype {got.dtype} != {expected.dtype}"
    if expected.dtype.kind not in "fc":
        np.testing.assert_array_equal(got, expected, strict=True, err_msg=what)
        return
    real = np.float32 if expected.dtype in (np.float32, np.complex64) else np.float64
    bits = np.uint32 if real == np.float32 else np.uint64
    g = np.ascontiguousarray(got).view(real)
    e = np.ascontiguousarray(expected).view(real)
    np.testing.assert_array_equal(np.isnan(g), np.isnan(e), err_msg=f"{what}: nan positions")
    keep = ~np.isnan(e)
    mismatch = g.view(bits)[keep] != e.view(bits)[keep]
    if mismatch.any():
        index = np.flatnonzero(keep)[np.flatnonzero(mismatch)[:5]]
        raise AssertionError(
            f"{what}: values differ in their bits at {index.tolist()}: got "
            f"{g.reshape(-1)[index]!r}, expected {e.reshape(-1)[index]!r}"
        )


def layouts(dtype):
    """(name, x, out factory) triples: every layout a kernel must handle. ``out(shape, dt)``
    makes the output array; for the transposed cases it is the same transposed layout of a C
    array, as the front end passes it (the row kernels need it)."""

    def c_out(shape, dt):
        return np.empty(shape, dtype=dt)

    def t_out(shape, dt):
        return np.empty(shape[::-1], dtype=dt).T

    def t3_out(shape, dt):
        return np.moveaxis(np.empty((shape[2], shape[0], shape[1]), dtype=dt), 0, -1)

    # Special values (inf, nan, extremes) make most later floating results nan: they get their
    # own cases, the layouts use ordinary values.
    base = sample_values(dtype, (6, 11), seed=1, special=False)
    cube = sample_values(dtype, (5, 2, 3), seed=2, special=False)
    wide = sample_values(dtype, (9, 40), seed=3, special=False)
    specials = sample_values(dtype, (8, 9), seed=9)
    return [
        ("specials", specials, c_out),
        ("specials down the rows", specials.T, t_out),
        ("1-d", sample_values(dtype, (23,), seed=4), c_out),
        ("contiguous", base, c_out),
        ("axis0 of C matrix", base.T, t_out),
        ("axis0 of wide C matrix", wide.T, t_out),
        ("axis0 of 3-d", np.moveaxis(cube, 0, -1), t3_out),
        ("axis0 with C-ordered out", wide.T, c_out),
        ("strided", sample_values(dtype, (4, 25), seed=5, special=False)[:, ::3], c_out),
        ("reversed axis", base[:, ::-1], c_out),
        ("reversed rows", base.T[::-1, ::-1], t_out),
        ("broadcast outer", np.broadcast_to(base[0], (3, 11)), c_out),
        ("broadcast axis", np.broadcast_to(base[:, :1], (6, 5)), c_out),
        ("single element", base[:1, :1], c_out),
        ("empty axis", base[:, :0], c_out),
        ("empty outer", base[:0, :], c_out),
        ("empty axis of transposed", base.T[:, :0], t_out),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("op", "pair"), _CASES, ids=[f"{o}-{p}" for o, p in _CASES])
def test_scan_kernel_matches_numpy(backend, op, pair):
    source, target = pair.split("->")
    kernel = _registry.lookup(op, pair, backend)
    for name, x, make_out in layouts(source):
        out = make_out(x.shape, target)
        status = kernel(x, out)
        assert status == 0, f"{name}: status {status}"
        assert_same_bits(out, expected_scan(op, x, np.dtype(target)), f"{op} {pair} {name}")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
def test_long_floating_scan_is_sequential(backend, op, dtype):
    # Long enough that any reassociation (pairwise, blocked, vectorised) would change bits;
    # values near 1 so the products neither overflow nor underflow.
    rng = np.random.default_rng(7)
    n = 300 if backend == "python" else 5000
    x = (1.0 + 0.01 * rng.standard_normal(n)).astype(np.float64)
    if dtype.startswith("complex"):
        x = x * np.exp(1j * rng.uniform(0, 0.1, n))
    x = x.astype(dtype)
    kernel = _registry.lookup(op, f"{dtype}->{dtype}", backend)
    out = np.empty_like(x)
    kernel(x, out)
    assert_same_bits(out, expected_scan(op, x, x.dtype), f"{op} {dtype} n={n}")


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
@pytest.mark.parametrize(
    ("op", "pair", "layout"),
    [
        ("cumsum", "float64->float64", "rows"),
        ("cumsum", "float64->float64", "lines"),
        ("cumsum", "int32->int64", "rows"),
        ("cumprod", "float32->float32", "lines"),
    ],
)
def test_large_threaded(backend, op, pair, layout):
    # Beyond both compiled backends' thresholds (C++: 1 MiB; Cython lowered to 64 KiB here),
    # with two threads: the outer space is split, each line still scanned in order.
    source, target = pair.split("->")
    matrix = sample_values(source, (400, 700), seed=11, special=False)
    x = matrix.T if layout == "rows" else matrix
    out = np.empty(x.shape[::-1], dtype=target).T if layout == "rows" else np.empty(x.shape, target)
    before = get_num_threads()
    old = None
    if backend == "cython":
        from arrpy.backends.cython import _kernels

        old = _kernels._set_scan_parallel_min_bytes(1 << 16)
    try:
        set_num_threads(2)
        _registry.lookup(op, pair, backend)(x, out)
    finally:
        set_num_threads(before)
        if old is not None:
            _kernels._set_scan_parallel_min_bytes(old)
    assert_same_bits(out, expected_scan(op, x, np.dtype(target)), f"{op} {pair} {layout}")


def test_every_scan_is_registered_for_every_backend():
    # The registry walk covers KERNELS; scans are part of it.
    for op in ("cumsum", "cumprod"):
        assert _registry.KERNELS[op] == _registry.SCANS[op]
        for pair in _registry.SCANS[op]:
            for backend in BACKENDS:
                assert callable(_registry.lookup(op, pair, backend))
