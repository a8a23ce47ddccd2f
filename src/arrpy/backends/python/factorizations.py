"""Factorizations and solves of the python backend: LU with partial pivoting, its solve, and
Cholesky, as the textbooks write them (Golub & Van Loan, *Matrix Computations*, 3.2, 3.4, 4.2).

A kernel is ``kernel(a, b, pivots, info)``: ``a`` is a C-contiguous batch of square matrices
(count, n, n) that the kernel overwrites; ``b`` (count, n, nrhs), ``pivots`` (count, n) int64
and ``info`` (count,) int64 are ndarrays or None, as the op needs them (abi.h,
``arrpy_linalg_op``). The dtypes are float64 and complex128, Python's float and complex.
"""

import math

from arrpy.backends.python._buffers import read_values, write_values

__all__ = ["linalg_kernel", "supported_linalg"]

_DTYPES = ("float64", "complex128")


def _magnitude(value):
    """The pivot size LAPACK uses: |x| for reals, |re| + |im| for complex numbers."""
    if isinstance(value, complex):
        return abs(value.real) + abs(value.imag)
    return abs(value)


def lu_factor_matrix(a, n):
    """Overwrite the n x n matrix ``a`` (a list of rows) by its LU factors; return the pivots
    and the info code.

    Gaussian elimination, column by column: bring the row with the largest entry of the column
    (at or below the diagonal) to the diagonal, divide the entries below the pivot by it (the
    multipliers, L's column), and subtract multiplier times the pivot row from each row below.
    The result is P A = L U with U on and above the diagonal and L's multipliers below it.
    """
    pivots = []
    info = 0
    for j in range(n):
        best = max(range(j, n), key=lambda i: _magnitude(a[i][j]))  # first of the largest
        pivots.append(best)
        a[j], a[best] = a[best], a[j]
        pivot = a[j][j]
        if pivot == 0:
            if info == 0:
                info = j + 1  # singular: this column has nothing to eliminate with
            continue
        pivot_row = a[j]
        for i in range(j + 1, n):
            row = a[i]
            multiplier = row[j] / pivot
            row[j] = multiplier
            for k in range(j + 1, n):
                row[k] -= multiplier * pivot_row[k]
    return pivots, info


def lu_solve_matrix(lu, pivots, b, n, nrhs):
    """Overwrite ``b`` (n rows of nrhs values) by the solution of A X = B, given A's LU factors.

    Apply the row swaps to B, then solve L Y = B by forward substitution (L has a unit
    diagonal) and U X = Y by back substitution.
    """
    for j, p in enumerate(pivots):
        b[j], b[p] = b[p], b[j]
    for i in range(n):
        row = b[i]
        for k in range(i):
            factor = lu[i][k]
            if factor != 0:
                source = b[k]
                for c in range(nrhs):
                    row[c] -= factor * source[c]
    for i in reversed(range(n)):
        row = b[i]
        for k in range(i + 1, n):
            factor = lu[i][k]
            if factor != 0:
                source = b[k]
                for c in range(nrhs):
                    row[c] -= factor * source[c]
        diagonal = lu[i][i]
        for c in range(nrhs):
            row[c] /= diagonal


def cholesky_matrix(a, n):
    """Overwrite ``a`` (lower triangle read) by L with A = L L^H; return the info code.

    Column by column (the Cholesky-Crout order): the diagonal entry is the square root of what
    is left of a[j][j] after the columns already computed, the entries below it are what is left
    of a[i][j], divided by that root. A pivot that is not positive means A is not positive
    definite.
    """
    for j in range(n):
        row_j = a[j]
        pivot = row_j[j].real - sum(abs(row_j[k]) ** 2 for k in range(j))
        if not pivot > 0:  # also catches nan
            return j + 1
        root = math.sqrt(pivot)
        row_j[j] = root
        for i in range(j + 1, n):
            row_i = a[i]
            total = row_i[j] - sum(row_i[k] * row_j[k].conjugate() for k in range(j))
            row_i[j] = total / root
        for k in range(j + 1, n):
            row_j[k] = 0
    return 0


def _matrices(values, count, rows, columns):
    """Split C-ordered values into ``count`` matrices, each a list of rows (lists)."""
    size = rows * columns
    return [
        [list(values[m * size + r * columns : m * size + (r + 1) * columns]) for r in range(rows)]
        for m in range(count)
    ]


def _flatten(matrices):
    return [value for matrix in matrices for row in matrix for value in row]


def _as_number(dtype):
    return complex if dtype.startswith("complex") else float


def linalg_kernel(op, dtype):
    """The kernel ``kernel(a, b, pivots, info)`` for factorization ``op`` on ``dtype``."""
    number = _as_number(dtype)

    def kernel(a, b, pivots, info):
        count, n = a.shape[0], a.shape[1]
        if count == 0 or n == 0 or (op == "lu_solve" and b.shape[2] == 0):
            if info is not None and count:
                write_values(info, "int64", [0] * count)  # an empty matrix factors fine
            return 0
        matrices = _matrices([number(v) for v in read_values(a, dtype)], count, n, n)
        if op == "lu_factor":
            results = [lu_factor_matrix(matrix, n) for matrix in matrices]
            write_values(a, dtype, _flatten(matrices))
            write_values(pivots, "int64", [p for pivots_, _ in results for p in pivots_])
            write_values(info, "int64", [code for _, code in results])
        elif op == "lu_solve":
            nrhs = b.shape[2]
            rights = _matrices([number(v) for v in read_values(b, dtype)], count, n, nrhs)
            steps = list(read_values(pivots, "int64"))
            for m in range(count):
                lu_solve_matrix(matrices[m], steps[m * n : (m + 1) * n], rights[m], n, nrhs)
            write_values(b, dtype, _flatten(rights))
        else:  # cholesky
            codes = [cholesky_matrix(matrix, n) for matrix in matrices]
            write_values(a, dtype, _flatten(matrices))
            write_values(info, "int64", codes)
        return 0

    kernel.__name__ = f"{op}_{dtype}"
    kernel.__qualname__ = kernel.__name__
    return kernel


def supported_linalg():
    """Every (op, dtype) this backend has a factorization kernel for."""
    return [(op, dtype) for op in ("lu_factor", "lu_solve", "cholesky") for dtype in _DTYPES]
