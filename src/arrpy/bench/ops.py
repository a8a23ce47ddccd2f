"""The table of benchmarked operations.

Each entry says how to build the operands for a size and a dtype (as NumPy arrays or Python
scalars) and which Python expression to time. The expression is evaluated with the operands as
names and ``xp`` bound to the library under test (``arrpy`` or ``numpy``), so one string serves
both: ``"a + b"``, ``"a + 3.0"``, later ``"xp.sum(a)"`` or ``"a @ b"``. Operand arrays are copied
into ArrPy arrays for the arrpy side, so the two sides never share memory.

To add an op, append a ``BenchOp`` to ``OPS``. ``setup(n, dtype, rng)`` receives the size asked
for on the command line (an op may interpret it, e.g. a matmul could use an ``n``-element square
matrix) and returns a dict of operands.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from arrpy._registry import OPS as KERNEL_DTYPES
from arrpy._registry import PRODUCTS

__all__ = ["BenchOp", "DEFAULT_OPS", "OPS", "OPS_BY_NAME", "random_operand"]


@dataclass(frozen=True)
class BenchOp:
    name: str
    expr: str  # the statement timed, e.g. "a + b"
    setup: Callable[[int, np.dtype, np.random.Generator], dict]
    numpy_expr: str | None = None  # when NumPy must be called differently
    dtypes: tuple | None = None  # dtype names it applies to (None: all)
    python_max_size: int | None = None  # the python backend is skipped above this size

    @property
    def expr_for_numpy(self):
        return self.numpy_expr or self.expr


def random_operand(n, dtype, rng, low=0.5, high=1.5):
    """``n`` random values of ``dtype`` away from zero (so any of them is a safe divisor)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.random(n) < 0.5
    if dtype.kind in "iu":
        return rng.integers(1, 100, size=n).astype(dtype)
    if dtype.kind == "c":
        return (rng.uniform(low, high, n) + 1j * rng.uniform(low, high, n)).astype(dtype)
    return rng.uniform(low, high, n).astype(dtype)


def _two_arrays(n, dtype, rng):
    return {"a": random_operand(n, dtype, rng), "b": random_operand(n, dtype, rng)}


def _array_and_float(n, dtype, rng):
    return {"a": random_operand(n, dtype, rng)}


def _wide_array(n, dtype, rng):
    # Arguments for the trigonometric functions: a few periods, both signs.
    values = rng.uniform(-10.0, 10.0, n)
    return {
        "a": values.astype(dtype) if np.dtype(dtype).kind == "f" else random_operand(n, dtype, rng)
    }


def _square_matrix(n, dtype, rng):
    # n elements as a square matrix (sum(axis=0) / sum(axis=1) benchmarks).
    side = max(1, int(round(n**0.5)))
    return {"a": random_operand(side * side, dtype, rng).reshape(side, side)}


def _with_nans(n, dtype, rng):
    # stats (issue 4): one value in ten is nan.
    a = random_operand(n, dtype, rng)
    a[rng.random(n) < 0.1] = np.nan
    return {"a": a}


def _array_and_edges(n, dtype, rng):
    # stats (issue 4): 101 unequal bin edges over the values' range [0.5, 1.5).
    edges = np.sort(rng.uniform(0.5, 1.5, 101))
    return {"a": random_operand(n, dtype, rng), "e": edges}


def _small_ints(n, dtype, rng):
    # stats (issue 4): bincount input, 1000 distinct values.
    return {"a": rng.integers(0, 1000, n).astype(dtype)}


def _two_square_matrices(n, dtype, rng):
    # n elements per operand: two side x side matrices (1e6 -> 1000 x 1000, 2e9 flops).
    side = max(1, int(round(n**0.5)))
    return {
        "a": random_operand(side * side, dtype, rng).reshape(side, side),
        "b": random_operand(side * side, dtype, rng).reshape(side, side),
    }


def _unary(name, setup=_array_and_float):
    """A unary function ``xp.<name>(a)`` over the dtypes the registry has it for."""
    return BenchOp(name, f"xp.{name}(a)", setup, dtypes=KERNEL_DTYPES[name])


def _binary(name):
    return BenchOp(name, f"xp.{name}(a, b)", _two_arrays, dtypes=KERNEL_DTYPES[name])


# Real dtypes without bool (percentile interpolates with subtract, which bool lacks).
_REAL_NUMBERS = tuple(d for d in KERNEL_DTYPES["subtract"] if not d.startswith("complex"))


# factorizations (linalg_nd)
def _linear_system(n, dtype, rng):
    # n elements as a square matrix (250000 -> 500 x 500) of random entries (nonsingular with
    # probability 1, and partial pivoting does swap rows), and one right-hand side. Entries of
    # variance 1 / side keep det's magnitude near 1 (unscaled, a 500 x 500 det overflows).
    side = max(1, int(round(n**0.5)))
    scale = (3.0 / side) ** 0.5
    return {
        "a": rng.uniform(-scale, scale, (side, side)).astype(dtype),
        "b": rng.uniform(-1.0, 1.0, side).astype(dtype),
    }


def _symmetric_matrix(n, dtype, rng):
    # n elements as a symmetric matrix (40000 -> 200 x 200): eigh's input.
    a = _linear_system(n, dtype, rng)["a"]
    return {"a": (a + a.T) / 2}


OPS = (
    BenchOp("add", "a + b", _two_arrays),
    BenchOp("subtract", "a - b", _two_arrays, dtypes=KERNEL_DTYPES["subtract"]),
    BenchOp("multiply", "a * b", _two_arrays),
    BenchOp("divide", "a / b", _two_arrays),
    BenchOp("add_scalar", "a + 3.0", _array_and_float),
    BenchOp("less", "a < b", _two_arrays),
    BenchOp("floor_divide", "a // b", _two_arrays, dtypes=KERNEL_DTYPES["floor_divide"]),
    BenchOp("power", "a ** b", _two_arrays, dtypes=KERNEL_DTYPES["power"]),
    _binary("maximum"),
    _binary("fmin"),
    _binary("arctan2"),
    BenchOp("negative", "-a", _array_and_float, dtypes=KERNEL_DTYPES["negative"]),
    _unary("absolute"),
    _unary("sqrt"),
    _unary("exp"),
    _unary("log"),
    _unary("sin", _wide_array),
    _unary("cos", _wide_array),
    _unary("tanh", _wide_array),
    _unary("floor", _wide_array),
    _unary("isnan"),
    BenchOp("sum", "xp.sum(a)", _array_and_float),
    BenchOp("sum_axis0", "xp.sum(a, axis=0)", _square_matrix),
    BenchOp("sum_axis1", "xp.sum(a, axis=1)", _square_matrix),
    BenchOp("max", "xp.max(a)", _array_and_float),
    BenchOp("argmax", "xp.argmax(a)", _array_and_float),
    BenchOp("mean", "xp.mean(a)", _array_and_float),
    BenchOp("std", "xp.std(a)", _array_and_float),
    # scans
    BenchOp("cumsum", "xp.cumsum(a)", _array_and_float),
    BenchOp("cumsum_axis0", "xp.cumsum(a, axis=0)", _square_matrix),
    # selection (partition_nd): order statistics of real data
    BenchOp("median", "xp.median(a)", _array_and_float, dtypes=_REAL_NUMBERS),
    BenchOp("percentile", "xp.percentile(a, 90)", _array_and_float, dtypes=_REAL_NUMBERS),
    # stats (issue 4): NaN-aware reductions and histograms
    BenchOp("nansum", "xp.nansum(a)", _with_nans, dtypes=("float32", "float64")),
    BenchOp(
        "histogram", "xp.histogram(a, bins=100)[0]", _array_and_float, dtypes=("float32", "float64")
    ),
    BenchOp(
        "histogram_edges",
        "xp.histogram(a, bins=e)[0]",
        _array_and_edges,
        dtypes=("float32", "float64"),
    ),
    BenchOp("bincount", "xp.bincount(a)", _small_ints, dtypes=("int64",)),
    # factorizations (linalg_nd): the size is the number of matrix elements
    BenchOp("solve", "xp.linalg.solve(a, b)", _linear_system, dtypes=("float64",)),
    BenchOp("inv", "xp.linalg.inv(a)", _linear_system, dtypes=("float64",)),
    BenchOp("det", "xp.linalg.det(a)", _linear_system, dtypes=("float64",)),
    # decompositions (linalg_nd): 40000 elements -> 200 x 200 (issue 5's svd / eigh targets);
    # the python backend only up to 30 x 30. Every factor is computed; the part checked against
    # NumPy is the one without a sign or order freedom (R, the values, the eigenvalues' sum).
    BenchOp("qr", "xp.linalg.qr(a).R", _linear_system, dtypes=("float64",), python_max_size=900),
    BenchOp("eigh", "xp.linalg.eigh(a).eigenvalues", _symmetric_matrix, dtypes=("float64",),
            python_max_size=900),
    BenchOp("eig", "xp.linalg.eig(a).eigenvalues.sum()", _linear_system, dtypes=("float64",),
            python_max_size=900),
    BenchOp("svd", "xp.linalg.svd(a).S", _linear_system, dtypes=("float64",),
            python_max_size=900),
    # matrix products (gemm): square matrices of n elements each; the python backend only up to
    # 100 x 100 (a million multiply-adds in Python per call). GFLOP/s = 2 side^3 / time.
    BenchOp(
        "matmul", "a @ b", _two_square_matrices, dtypes=PRODUCTS["matmul"], python_max_size=10_000
    ),
)

OPS_BY_NAME = {op.name: op for op in OPS}

# What ``python -m arrpy bench`` runs without --ops: one op per kind of kernel.
DEFAULT_OPS = ("add", "divide", "add_scalar", "less", "maximum", "sqrt", "exp", "log", "sin")
