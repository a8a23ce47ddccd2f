"""The counting kernels (abi.h: bincount, searchsorted, histogram) of every backend against NumPy.

Each kernel is called through the registry (``_registry.lookup``) for every dtype it is listed
for, on contiguous, strided and reversed inputs, with nan and infinities, and compared with
``np.bincount`` / ``np.searchsorted`` / ``np.histogram``: shape, then dtype, then values. The
front-end functions (arrpy.bincount, arrpy.histogram, ...) are tested in test_statistics_api.py.
"""

import numpy as np
import pytest
from conftest import BACKENDS
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from arrpy import _registry


def kernel(op, dtype, backend):
    return _registry.lookup(op, dtype, backend)


def exact(got, expected):
    assert got.shape == expected.shape, (got.shape, expected.shape)
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    np.testing.assert_array_equal(got, expected)


def test_registry_lists_the_counting_kernels():
    assert _registry.COUNTING["bincount"] == ("int64",)
    assert set(_registry.COUNTING["histogram"]) == {"float32", "float64"}
    for op, dtypes in _registry.COUNTING.items():
        assert _registry.KERNELS[op] == dtypes


# --- bincount -----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("n", [0, 1, 7, 1000, 300_000])
def test_bincount_counts(backend, n):
    rng = np.random.default_rng(n)
    idx = rng.integers(0, 50, n).astype(np.int64)
    for view in (idx, idx[::2], idx[::-3]):
        nbins = int(view.max()) + 3 if view.size else 2
        out = np.full(nbins, -7, dtype=np.int64)  # the kernel zeroes it first
        assert kernel("bincount", "int64", backend)(view, None, out) == 0
        exact(out, np.bincount(view, minlength=nbins))


@pytest.mark.parametrize("backend", BACKENDS)
def test_bincount_sparse_and_huge_bins(backend):
    idx = np.array([5, 100_000, 5], dtype=np.int64)
    out = np.empty(100_001, dtype=np.int64)
    kernel("bincount", "int64", backend)(idx, None, out)
    exact(out, np.bincount(idx))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("n", [0, 5, 1000, 200_000])
def test_bincount_weights_in_input_order(backend, n):
    rng = np.random.default_rng(1)
    idx = rng.integers(0, 20, n).astype(np.int64)
    # Weights of very different magnitudes: a different order of additions would round
    # differently, so the comparison is exact.
    weights = rng.standard_normal(n) * 10.0 ** rng.integers(-8, 9, n)
    weights[: min(n, 3)] = [np.inf, -np.inf, np.nan][: min(n, 3)]
    for iv, wv in ((idx, weights), (idx[::-2], weights[::2])):
        out = np.empty(25, dtype=np.float64)
        kernel("bincount", "int64", backend)(iv, wv, out)
        expected = np.bincount(iv, weights=wv, minlength=25).astype(np.float64)  # n == 0: int
        assert out.shape == expected.shape and out.dtype == expected.dtype
        np.testing.assert_array_equal(out, expected)  # nan positions equal, values bitwise


# --- searchsorted -------------------------------------------------------------------------------


def _sorted_edges(dtype, rng, m):
    if dtype == "bool":
        return np.sort(rng.integers(0, 2, m).astype(bool))
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        return np.sort(rng.integers(max(info.min, -1000), min(info.max, 1000), m).astype(dtype))
    edges = np.sort(rng.integers(-20, 20, m).astype(dtype))  # ties
    if m > 3:
        edges[-1] = np.nan  # NumPy's sort puts nan last
        edges[0] = -np.inf
    return edges


def _values(dtype, rng, n):
    if dtype == "bool":
        return rng.integers(0, 2, n).astype(bool)
    if np.dtype(dtype).kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(max(info.min, -1100), min(info.max, 1100), n).astype(dtype)
    values = rng.integers(-22, 22, n).astype(dtype)
    values[: min(n, 4)] = [np.nan, np.inf, -np.inf, -0.0][: min(n, 4)]
    return values


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", _registry.COUNTING["searchsorted"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted(backend, dtype, side):
    rng = np.random.default_rng(3)
    run = kernel("searchsorted", dtype, backend)
    for m, n in ((0, 5), (1, 5), (17, 100), (200, 20_000)):
        edges = _sorted_edges(dtype, rng, m)
        values = _values(dtype, rng, n)
        for ev, vv in ((edges, values), (edges, values[::-3])):
            out = np.empty(vv.shape[0], dtype=np.int64)
            assert run(ev, vv, out, side) == 0
            exact(out, np.searchsorted(ev, vv, side=side))
        # a strided (every other) view of the edges is still sorted; a strided output
        out = np.empty((values.shape[0], 2), dtype=np.int64)[:, 1]
        run(edges[::2], values, out, side)
        exact(out, np.searchsorted(edges[::2], values, side=side))


@pytest.mark.parametrize("backend", BACKENDS)
def test_searchsorted_bool_bytes(backend):
    # any nonzero byte of a bool buffer is true
    edges = np.array([0, 0, 1, 1], dtype=np.uint8).view(bool)
    values = np.array([0, 2, 1], dtype=np.uint8).view(bool)
    out = np.empty(3, dtype=np.int64)
    kernel("searchsorted", "bool", backend)(edges, values, out, "left")
    exact(out, np.array([0, 2, 2]))


# --- histogram with equal bins ------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("nbins", [1, 3, 10, 100])
def test_histogram_uniform(backend, dtype, nbins):
    rng = np.random.default_rng(nbins)
    run = kernel("histogram", dtype, backend)
    for n in (0, 9, 1000, 300_000):
        a = rng.uniform(-1.0, 2.0, n).astype(dtype)
        if n > 10:
            a[:6] = [np.nan, np.inf, -np.inf, 0.0, 1.0, -1.0]
        lo, hi = -0.5, 1.0
        expected, edges = np.histogram(a, bins=nbins, range=(lo, hi))
        for view in (a, a[::-2]):
            expected = np.histogram(view, bins=nbins, range=(lo, hi))[0]
            out = np.full(nbins, 99, dtype=np.int64)
            assert run(view, None, lo, hi, edges, out) == 0
            exact(out, expected)


@pytest.mark.parametrize("backend", BACKENDS)
def test_histogram_values_on_the_edges(backend):
    # Every edge itself, and the float just below and above it: the correction step must put
    # each in the bin the edges say (NumPy's result), whatever the first guess rounded to.
    lo, hi, nbins = 0.1, 0.7, 6
    edges = np.linspace(lo, hi, nbins + 1)
    a = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf)])
    out = np.empty(nbins, dtype=np.int64)
    kernel("histogram", "float64", backend)(a, None, lo, hi, edges, out)
    exact(out, np.histogram(a, bins=nbins, range=(lo, hi))[0])


@pytest.mark.parametrize("backend", BACKENDS)
def test_histogram_weighted(backend):
    rng = np.random.default_rng(5)
    a = rng.uniform(0, 1, 200_000)
    w = rng.uniform(-1, 2, a.size)
    expected, edges = np.histogram(a, bins=7, range=(0.0, 1.0), weights=w)
    out = np.empty(7, dtype=np.float64)
    kernel("histogram", "float64", backend)(a, w, 0.0, 1.0, edges, out)
    assert out.dtype == expected.dtype
    np.testing.assert_allclose(out, expected, rtol=1e-10)  # NumPy adds in blocks


@pytest.mark.parametrize("backend", ["cython", "c"])
def test_compiled_kernels_check_their_arguments(backend):
    table = _registry.load_backend(backend).kernel_table()
    with pytest.raises(TypeError, match="bincount"):
        table.bincount(np.zeros(3), None, np.zeros(3, dtype=np.int64))
    with pytest.raises(TypeError, match="bincount"):
        table.bincount(np.zeros(3, dtype=np.int64), None, np.zeros(3))  # counts are int64
    with pytest.raises(TypeError, match="searchsorted"):
        table.searchsorted(
            np.zeros(3), np.zeros(3, dtype=np.float32), np.zeros(3, np.int64), "left"
        )
    with pytest.raises(ValueError, match="side"):
        table.searchsorted(np.zeros(3), np.zeros(3), np.zeros(3, np.int64), "middle")
    with pytest.raises(TypeError, match="histogram"):
        table.histogram(np.zeros(3), None, 0.0, 1.0, np.zeros(3), np.zeros(3, np.int64))
    with pytest.raises(NotImplementedError):
        table.histogram(
            np.zeros(3, np.int32), None, 0.0, 1.0, np.zeros(4, np.int32), np.zeros(3, np.int64)
        )


@settings(max_examples=20, deadline=None)
@given(
    a=hnp.arrays(
        np.float64,
        st.integers(0, 60),
        elements=st.one_of(st.floats(-5, 5), st.just(np.nan), st.just(np.inf)),
    ),
    nbins=st.integers(1, 12),
    lo=st.floats(-4, 0),
    width=st.floats(0.5, 6),
)
def test_property_histogram_and_search_agree_with_numpy(backend_name, a, nbins, lo, width):
    hi = lo + width
    expected, edges = np.histogram(a, bins=nbins, range=(lo, hi))
    out = np.empty(nbins, dtype=np.int64)
    kernel("histogram", "float64", backend_name)(a[::-1], None, lo, hi, edges, out)
    exact(out, np.histogram(a[::-1], bins=nbins, range=(lo, hi))[0])
    found = np.empty(a.size, dtype=np.int64)
    kernel("searchsorted", "float64", backend_name)(edges, a, found, "right")
    exact(found, np.searchsorted(edges, a, side="right"))
