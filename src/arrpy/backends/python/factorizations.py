"""Factorizations and solves of the python backend: LU with partial pivoting, its solve, and
Cholesky, as the textbooks write them (Golub & Van Loan, *Matrix Computations*, 3.2, 3.4, 4.2);
the decompositions (QR, eigh, eig, SVD) live in modules of their own and are dispatched here.

A kernel is ``kernel(a, b=None, pivots=None, info=None, tau=None, w=None, u=None, vt=None)``:
``a`` is a C-contiguous batch of matrices (count, m, n) that the kernel overwrites; the other
arrays are ndarrays or None, as the op needs them (abi.h, ``arrpy_linalg_args``). The dtypes are
float64 and complex128, Python's float and complex.
"""

import math

from arrpy.backends.python._buffers import read_values, write_values
from arrpy.backends.python.eigen_general import eig_matrix
from arrpy.backends.python.eigen_hermitian import eigh_matrix
from arrpy.backends.python.qr import qr_matrix, qr_q_matrix
from arrpy.backends.python.svd import svd_matrix

__all__ = ["linalg_kernel", "supported_linalg"]

_DTYPES = ("float64", "complex128")
# The decompositions, each in its own module (one matrix, a list of rows, at a time).
_DECOMPOSITIONS = ("qr", "qr_q", "eigh", "eig", "svd")
# What this backend implements (the registry walk shows any op missing here).
_SUPPORTED_OPS = ("lu_factor", "lu_solve", "cholesky") + _DECOMPOSITIONS


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


def _read_matrices(array, dtype, number):
    """The C-ordered batch ``array`` (count, rows, columns) as lists of rows of ``number``s."""
    count, rows, columns = array.shape
    return _matrices([number(v) for v in read_values(array, dtype)], count, rows, columns)


def _write_identities(array, dtype, number):
    """Set each (rows, columns) matrix of the batch ``array`` (or None) to the first columns of
    the identity. An empty array is left alone: it cannot be written through a memoryview."""
    if array is None or not array.size:
        return
    count, rows, columns = array.shape
    write_values(array, dtype, [number(r == c) for _ in range(count)
                                for r in range(rows) for c in range(columns)])


def _decompose(op, dtype, number, a, info, tau, w, u, vt):
    """QR, QR_Q, EIGH, EIG and SVD: one matrix at a time by the modules that define them."""
    count, m, n = a.shape
    matrices = _read_matrices(a, dtype, number)
    if op == "qr":
        taus = [qr_matrix(matrix, m, n) for matrix in matrices]
        write_values(a, dtype, _flatten(matrices))
        write_values(tau, dtype, [t for row in taus for t in row])
        return
    if op == "qr_q":
        steps = [number(t) for t in read_values(tau, dtype)]
        k = min(m, n)
        ucols = u.shape[2]
        qs = [qr_q_matrix(matrices[i], steps[i * k : (i + 1) * k], m, n, ucols)
              for i in range(count)]
        write_values(u, dtype, _flatten(qs))
        return
    vectors = u is not None
    if op == "eigh":
        results = [eigh_matrix(matrix, n, vectors) for matrix in matrices]
        value_dtype = "float64"
    elif op == "eig":
        results = [eig_matrix(matrix, n, vectors, number is complex) for matrix in matrices]
        value_dtype = "complex128"
    else:  # svd
        results = [svd_matrix(matrix, m, n, vectors, u.shape[2] if vectors else 0,
                              vt.shape[1] if vectors else 0) for matrix in matrices]
        value_dtype = "float64"
    write_values(w, value_dtype, [x for result in results for x in result[0]])
    write_values(info, "int64", [result[-1] for result in results])
    if vectors:
        write_values(u, "complex128" if op == "eig" else dtype,
                     _flatten([result[1] for result in results]))
    if vectors and op == "svd":
        write_values(vt, dtype, _flatten([result[2] for result in results]))


def linalg_kernel(op, dtype):
    """The kernel ``kernel(a, b=None, pivots=None, info=None, tau=None, w=None, u=None,
    vt=None)`` for factorization or decomposition ``op`` on ``dtype`` (abi.h
    ``arrpy_linalg_args`` has what each op reads and writes)."""
    number = _as_number(dtype)

    def kernel(a, b=None, pivots=None, info=None, tau=None, w=None, u=None, vt=None):
        count, m, n = a.shape
        if op in _DECOMPOSITIONS:
            if count and (m == 0 or n == 0):
                if info is not None:
                    write_values(info, "int64", [0] * count)
                if op in ("qr_q", "svd"):  # no reflectors, no rotations: identities
                    _write_identities(u, dtype, number)
                    _write_identities(vt, dtype, number)
                return 0
            if count:
                _decompose(op, dtype, number, a, info, tau, w, u, vt)
            return 0
        if count == 0 or n == 0 or (op == "lu_solve" and b.shape[2] == 0):
            if info is not None and count:
                write_values(info, "int64", [0] * count)  # an empty matrix factors fine
            return 0
        matrices = _read_matrices(a, dtype, number)
        if op == "lu_factor":
            results = [lu_factor_matrix(matrix, n) for matrix in matrices]
            write_values(a, dtype, _flatten(matrices))
            write_values(pivots, "int64", [p for pivots_, _ in results for p in pivots_])
            write_values(info, "int64", [code for _, code in results])
        elif op == "lu_solve":
            rights = _read_matrices(b, dtype, number)
            steps = list(read_values(pivots, "int64"))
            for i in range(count):
                lu_solve_matrix(matrices[i], steps[i * n : (i + 1) * n], rights[i], n, b.shape[2])
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
    return [(op, dtype) for op in _SUPPORTED_OPS for dtype in _DTYPES]
