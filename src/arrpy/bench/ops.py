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

__all__ = ["BenchOp", "OPS", "OPS_BY_NAME", "random_operand"]


@dataclass(frozen=True)
class BenchOp:
    name: str
    expr: str  # the statement timed, e.g. "a + b"
    setup: Callable[[int, np.dtype, np.random.Generator], dict]
    numpy_expr: str | None = None  # when NumPy must be called differently
    dtypes: tuple | None = None  # dtype names it applies to (None: all)

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


OPS = (
    BenchOp("add", "a + b", _two_arrays),
    BenchOp("subtract", "a - b", _two_arrays, dtypes=KERNEL_DTYPES["subtract"]),
    BenchOp("multiply", "a * b", _two_arrays),
    BenchOp("divide", "a / b", _two_arrays),
    BenchOp("add_scalar", "a + 3.0", _array_and_float),
    BenchOp("less", "a < b", _two_arrays),
)

OPS_BY_NAME = {op.name: op for op in OPS}
