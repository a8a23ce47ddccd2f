"""Singular value decomposition in the python backend (abi.h ARRPY_SVD): the specification.

Algorithm: one-sided Jacobi (Hestenes 1958; de Rijk 1989's pivoting; Golub & Van Loan,
*Matrix Computations*, 4th ed., 8.6.4; LAPACK dgesvj is the production version). For an m x n
matrix with m >= n the columns of B = A are orthogonalised in place by plane rotations
applied from the right, B V = U S: once every pair of columns is orthogonal, the column
norms are the singular values and the normalised columns are U's. For m < n the same is done
on B = A^H (A = V S U^H: the roles of U and V swap). Row-major storage: the columns of B are
kept as the rows of a working copy W = B^T (contiguous), and V likewise as rows (V^T).

* Scaling: A is multiplied by a power of two so that its largest entry has magnitude in
  [0.5, 1) (exact; keeps squared norms far from overflow and underflow). nan or inf input
  returns info = 1 at once (NumPy: "SVD did not converge").
* A sweep visits every pair (i, j), i < j, row by row; before row i the column of largest
  norm among i .. k-1 is swapped into place i (de Rijk), so the values come out nearly sorted
  and convergence is faster. The pair is rotated when |g_i^H g_j| > tol |g_i| |g_j|
  (tol = k * eps, a relative test: small columns are orthogonalised as accurately as big ones).
  The rotation zeroes g_i^H g_j: with gamma = |gamma| e^(i phi), zeta = (beta - alpha) /
  (2 |gamma|), t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2)), c = 1 / sqrt(1 + t^2), s = c t,
  s' = s e^(i phi): g_i <- c g_i - conj(s') g_j, g_j <- s' g_i + c g_j, and the squared norms
  become alpha - t |gamma| and beta + t |gamma| (recomputed when they shrank a lot, and at the
  start of every sweep). At most 60 sweeps (info = 1 if a sweep still rotated).
* Columns whose squared norm is below 1e-300 (relative to the scaled matrix, whose largest
  singular value is >= 0.5) are treated as zero: never rotated, singular value reported as
  their norm, and their U columns replaced as in the next point.
* U is completed (rank-deficient input, and full_matrices: ucols = m > n) to an orthonormal
  basis: Householder QR of the r computed columns, Q = H_0 ... H_{r-1}, whose columns r, r+1,
  ... are orthonormal and orthogonal to them (as LAPACK's orgqr would give).
* Finally the values are sorted descending (stable) and the vectors in the same order.
"""

import math

__all__ = ["svd_matrix"]

MAX_SWEEPS = 60
TINY = 1e-300  # squared norms below this (in the scaled matrix) count as zero columns
EPS = 2.0**-52


def _norm2(row):
    """Squared 2-norm of a list of numbers."""
    return sum(x.real * x.real + x.imag * x.imag for x in row)


def _dot(x, y):
    """x^H y."""
    return sum(p.conjugate() * q for p, q in zip(x, y, strict=True))


def _jacobi(w, v, k, big):
    """Orthogonalise the k rows of ``w`` (each of length ``big``) by one-sided Jacobi, applying
    the same rotations to the rows of ``v`` (or nothing if v is None). Returns (the squared
    row norms, info)."""
    tol = EPS * max(k, 1)
    norms = [_norm2(row) for row in w]
    for _sweep in range(MAX_SWEEPS):
        rotated = False
        norms = [_norm2(row) for row in w]  # fresh every sweep: no drift of the updates
        for i in range(k - 1):
            # de Rijk: the largest remaining column goes first
            p = max(range(i, k), key=norms.__getitem__)
            if p != i:
                w[i], w[p] = w[p], w[i]
                norms[i], norms[p] = norms[p], norms[i]
                if v is not None:
                    v[i], v[p] = v[p], v[i]
            for j in range(i + 1, k):
                alpha, beta = norms[i], norms[j]
                if alpha < TINY or beta < TINY:
                    continue  # a zero column: nothing to orthogonalise
                gamma = _dot(w[i], w[j])
                size = abs(gamma)
                if not size > tol * math.sqrt(alpha) * math.sqrt(beta):
                    continue  # already orthogonal to working precision
                rotated = True
                zeta = (beta - alpha) / (2.0 * size)
                t = math.copysign(1.0 / (abs(zeta) + math.hypot(1.0, zeta)), zeta)
                c = 1.0 / math.sqrt(1.0 + t * t)
                s = c * t
                sp = s * (gamma / size)  # s' = s e^(i phi) (real case: s * sign(gamma))
                spc = sp.conjugate()
                wi, wj = w[i], w[j]
                w[i] = [c * x - spc * y for x, y in zip(wi, wj, strict=True)]
                w[j] = [sp * x + c * y for x, y in zip(wi, wj, strict=True)]
                if v is not None:
                    vi, vj = v[i], v[j]
                    v[i] = [c * x - spc * y for x, y in zip(vi, vj, strict=True)]
                    v[j] = [sp * x + c * y for x, y in zip(vi, vj, strict=True)]
                new_i = alpha - t * size
                new_j = beta + t * size
                # the updates cancel when a norm shrinks a lot: recompute it then
                norms[i] = new_i if new_i > 0.25 * alpha else _norm2(w[i])
                norms[j] = new_j if new_j > 0.25 * beta else _norm2(w[j])
        if not rotated:
            return norms, 0
    return norms, 1


def _complete(rows, total, big, number):
    """Extend the orthonormal ``rows`` (vectors of length big) to ``total`` orthonormal rows.

    Householder QR of X = rows^T (G&VL 5.2.1, with H = I - 2 v v^H / v^H v, beta real times
    alpha's phase): Q = H_0 ... H_{r-1} has X's span as its first r columns, so Q e_p for
    p >= r are the missing vectors; each is built as H_0 (H_1 (... H_{r-1} e_p)).
    """
    r = len(rows)
    x = [list(row) for row in rows]
    reflectors = []
    for j in range(r):
        xj = x[j]
        alpha = xj[j]
        norm = math.sqrt(_norm2(xj[j:]))
        size = abs(alpha)
        phase = alpha / size if size else number(1)
        vec = [number(0)] * j + [alpha + phase * norm] + xj[j + 1 :]  # beta = -phase * norm
        scale = _norm2(vec)
        if scale == 0:
            reflectors.append(None)
            continue
        factor = 2.0 / scale
        reflectors.append((vec, factor))
        for row in range(j + 1, r):
            xl = x[row]
            f = factor * _dot(vec, xl)
            x[row] = [p - f * q for p, q in zip(xl, vec, strict=True)]
    for p in range(r, total):
        e = [number(0)] * big
        e[p] = number(1)
        for reflector in reversed(reflectors):
            if reflector is None:
                continue
            vec, factor = reflector
            f = factor * _dot(vec, e)
            e = [a - f * b for a, b in zip(e, vec, strict=True)]
        rows.append(e)
    return rows


def svd_matrix(a, m, n, vectors, ucols, vtrows):
    """SVD of the m x n matrix ``a`` (a list of m rows, may be overwritten): ``(s, u, vt, info)``
    with s the min(m, n) singular values, descending; u (m rows of ucols) and vt (vtrows rows of
    n) as lists of rows, or None unless ``vectors``; info 0, or > 0 if the iteration did not
    converge (abi.h ARRPY_SVD)."""
    number = complex if any(isinstance(x, complex) for row in a for x in row) else float
    k, big = min(m, n), max(m, n)
    swap = m < n  # work on A^H
    if not all(math.isfinite(x.real) and math.isfinite(x.imag) for row in a for x in row):
        nan = number(math.nan)
        u = [[nan] * ucols for _ in range(m)] if vectors else None
        vt = [[nan] * n for _ in range(vtrows)] if vectors else None
        return [math.nan] * k, u, vt, 1
    largest = max(max(abs(x.real), abs(x.imag)) for row in a for x in row)
    exponent = math.frexp(largest)[1] if largest else 0

    def scaled(x):
        if number is float:
            return math.ldexp(x, -exponent)
        return complex(math.ldexp(x.real, -exponent), math.ldexp(x.imag, -exponent))

    # W = B^T: the columns of B = A (m >= n) or B = A^H (m < n) as rows
    if swap:
        w = [[scaled(x).conjugate() for x in row] for row in a]
    else:
        w = [[scaled(a[r][c]) for r in range(m)] for c in range(n)]
    v = [[number(r == c) for c in range(k)] for r in range(k)] if vectors else None
    norms, info = _jacobi(w, v, k, big)

    order = sorted(range(k), key=lambda i: -norms[i])  # descending, stable
    s = [math.ldexp(math.sqrt(norms[i]), exponent) for i in order]
    if not vectors:
        return s, None, None, info
    # P: the normalised columns of B (U_B^T), zero columns dropped, then completed
    p_rows = []
    for i in order:
        if norms[i] < TINY:
            break
        inverse = 1.0 / math.sqrt(norms[i])
        p_rows.append([x * inverse for x in w[i]])
    q_rows = [v[i] for i in order]  # V_B^T
    if swap:  # A = V_B S U_B^H: u = V_B, vt = U_B^H
        p_rows = _complete(p_rows, vtrows, big, number)
        u = [[q_rows[c][r] for c in range(ucols)] for r in range(m)]
        vt = [[x.conjugate() for x in row] for row in p_rows[:vtrows]]
    else:  # A = U_B S V_B^H
        p_rows = _complete(p_rows, ucols, big, number)
        u = [[p_rows[c][r] for c in range(ucols)] for r in range(m)]
        vt = [[x.conjugate() for x in row] for row in q_rows]
    return s, u, vt, info
