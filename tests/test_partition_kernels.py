"""The partition kernel (``partition_nd`` in ``backends/abi.h``) of every backend, every dtype.

A kernel reorders every row (the last axis of ``x``) in place so that for each ``k`` of ``kth``
the element at ``k`` is the one ``np.sort`` puts there, nothing before it is greater and nothing
after it is smaller, in NumPy's sort order (nan last; complex lexicographic with NumPy's nan
rules). The check compares against ``np.sort`` of the row through ``np.searchsorted`` ranks, which
use that same order, so -0.0 / 0.0 and the nan classes of complex numbers are compared the way
the contract says. The row's multiset of values must be unchanged.
"""

import numpy as np
import pytest
from conftest import BACKENDS
from hypothesis import given, settings
from hypothesis import strategies as st

from arrpy import _registry
from arrpy._dtypes import SUPPORTED_DTYPE_NAMES

DTYPES = SUPPORTED_DTYPE_NAMES


def sample(dtype, shape, seed=0, nans=True, duplicates=False):
    """Values of ``dtype``: full-range integers, floats with signed zeros, infinities and nans,
    complex numbers with nans in either part; ``duplicates`` draws from a handful of values."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    size = int(np.prod(shape))
    if dtype.kind == "b":
        return (rng.random(size) < 0.5).reshape(shape)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        if duplicates:
            return rng.integers(max(info.min, -2), 3, size).astype(dtype).reshape(shape)
        return rng.integers(info.min, info.max, size, dtype=dtype, endpoint=True).reshape(shape)
    real = np.float32 if dtype in (np.float32, np.complex64) else np.float64

    def part():
        if duplicates:
            x = rng.choice(np.array([-1.0, 0.0, -0.0, 2.0], dtype=real), size)
        else:
            x = rng.standard_normal(size).astype(real)
        if nans:
            specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan], dtype=real)
            where = rng.random(size) < 0.1
            x[where] = rng.choice(specials, int(where.sum()))
        return x

    if dtype.kind == "f":
        return part().reshape(shape)
    z = np.empty(size, dtype=dtype)
    z.real, z.imag = part(), part()
    return z.reshape(shape)


def check_partitioned(before, after, kth):
    """The partition contract, row by row (``before``, ``after``: same shape, rows last)."""
    n = before.shape[-1]
    rows_before = before.reshape(-1, n)
    rows_after = after.reshape(-1, n)
    for r, (row, got) in enumerate(zip(rows_before, rows_after, strict=True)):
        expected = np.sort(row)
        np.testing.assert_array_equal(np.sort(got), expected, err_msg=f"row {r}: values changed")
        ranks = np.searchsorted(expected, got, side="left")
        for k in kth:
            rank = np.searchsorted(expected, expected[k], side="left")
            assert ranks[k] == rank, f"row {r}: {got[k]!r} at {k}, sorted has {expected[k]!r}"
            assert (ranks[:k] <= rank).all(), f"row {r}: a greater element before position {k}"
            assert (ranks[k + 1 :] >= rank).all(), f"row {r}: a smaller element after {k}"


def run(backend, x, kth):
    """Partition ``x`` in place with ``backend``'s kernel; checks it against a copy."""
    before = np.array(x, copy=True)
    kernel = _registry.lookup("partition", np.dtype(x.dtype).name, backend)
    status = kernel(x, np.asarray(kth, dtype=np.int64))
    assert status == 0
    check_partitioned(before, x, kth)


def kth_cases(n):
    cases = [[0], [n - 1], [n // 2], sorted({max(n // 2 - 1, 0), n // 2})]
    cases.append(sorted({0, n // 3, n // 2, n - 1}))
    cases.append(list(range(n)))
    return cases


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_contiguous_rows_every_kth(backend, dtype):
    for seed, n in enumerate((1, 2, 3, 17, 40)):
        for kth in kth_cases(n):
            run(backend, sample(dtype, (3, n), seed=seed), kth)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_strided_negative_and_transposed_layouts(backend, dtype):
    base = sample(dtype, (4, 60), seed=5)
    run(backend, base[:, ::2], [3, 10, 29])  # strided rows
    base = sample(dtype, (4, 60), seed=6)
    run(backend, base[:, ::-1], [30])  # negative stride
    base = sample(dtype, (41, 5), seed=7)
    run(backend, base.T, [0, 20, 40])  # rows along axis 0 of a C matrix
    base = sample(dtype, (2, 3, 4, 25), seed=8)
    run(backend, base.transpose(2, 0, 1, 3)[::-1], [12])  # 3-d outer space, reversed


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_duplicate_heavy_rows(backend, dtype):
    run(backend, sample(dtype, (3, 200), seed=9, duplicates=True), [0, 99, 100, 199])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
def test_nan_rows(backend, dtype):
    x = sample(dtype, (4, 30), seed=10, nans=False)
    x[0, ::3] = np.nan  # a third nans
    x[1, :] = np.nan  # all nans
    x[2, -1] = np.nan  # the last one only
    run(backend, x, [0, 14, 15, 29])
    if dtype.startswith("complex"):
        y = sample(dtype, (2, 40), seed=11, nans=False)
        y.real[0, ::4] = np.nan  # nan + Rj
        y.imag[0, 1::4] = np.nan  # R + nanj
        y[0, 2::8] = complex(np.nan, np.nan)
        y.imag[1, ::2] = np.nan
        run(backend, y, [5, 20, 39])


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
@pytest.mark.parametrize("dtype", ["int32", "float64", "complex128"])
def test_many_rows_and_long_rows_use_threads_correctly(backend, dtype):
    # Above the kernels' threading thresholds: many rows split across threads, one long row.
    run(backend, sample(dtype, (700, 120), seed=12), [59, 60, 119])
    run(backend, sample(dtype, (3, 120), seed=12).T.copy().T, [1, 2])
    run(backend, sample(dtype, (1, 200_000), seed=13), [99_999, 100_000, 199_999])
    strided = sample(dtype, (400, 301), seed=14)[:, ::3]
    run(backend, strided, [50])


@pytest.mark.parametrize("backend", BACKENDS)
def test_adversarial_rows_sorted_reversed_and_organ_pipe(backend):
    # Sorted, reversed and organ-pipe inputs defeat naive pivots; introselect must still work.
    n = 301
    for row in (np.arange(n), np.arange(n)[::-1], np.r_[np.arange(150), np.arange(151)[::-1]]):
        run(backend, row.astype(np.float64).reshape(1, n).copy(), [0, 150, 300])
        run(backend, row.astype(np.int64).reshape(1, n).copy(), [75, 225])


@pytest.mark.parametrize("backend", BACKENDS)
def test_empty_rows_and_no_kth_do_nothing(backend):
    kernel = _registry.lookup("partition", "float64", backend)
    x = np.empty((0, 5))
    assert kernel(x, np.array([2], dtype=np.int64)) == 0
    y = np.array([[3.0, 1.0, 2.0]])
    assert kernel(y, np.array([], dtype=np.int64)) == 0
    np.testing.assert_array_equal(y, [[3.0, 1.0, 2.0]])


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b != "python"])
def test_compiled_table_rejects_bad_kth(backend):
    kernel = _registry.lookup("partition", "float64", backend)
    x = np.arange(5.0).reshape(1, 5)
    for bad in ([5], [-1], [2, 1], [2, 2]):
        with pytest.raises(ValueError, match="kth must be increasing"):
            kernel(x, np.array(bad, dtype=np.int64))
    with pytest.raises(TypeError):
        kernel(x, np.array([1], dtype=np.int32))
    with pytest.raises(ValueError, match="read-only"):
        readonly = np.arange(5.0).reshape(1, 5)
        readonly.flags.writeable = False
        kernel(readonly, np.array([1], dtype=np.int64))


@st.composite
def partition_problems(draw):
    dtype = draw(st.sampled_from(DTYPES))
    outer = draw(st.lists(st.integers(0, 3), min_size=0, max_size=2))
    n = draw(st.integers(1, 24))
    seed = draw(st.integers(0, 2**16))
    duplicates = draw(st.booleans())
    x = sample(dtype, (*outer, n * 2), seed=seed, duplicates=duplicates)
    layout = draw(st.sampled_from(["contiguous", "strided", "reversed"]))
    if layout == "strided":
        x = x[..., ::2]
    elif layout == "reversed":
        x = x[..., ::-1][..., :n]
    else:
        x = np.ascontiguousarray(x[..., :n])
    kth = sorted(draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=4)))
    return x, kth


@pytest.mark.parametrize("backend", BACKENDS)
def test_partition_property(backend):
    @settings(max_examples=25, deadline=None)
    @given(partition_problems())
    def check(problem):
        x, kth = problem
        run(backend, x, kth)

    check()
