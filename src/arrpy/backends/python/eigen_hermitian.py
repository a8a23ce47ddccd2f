"""Eigenvalues and eigenvectors of Hermitian matrices in the python backend (abi.h ARRPY_EIGH).

The LAPACK way (syev / heev: sytrd, steqr), in three steps (Golub & Van Loan, *Matrix
Computations*, 4th ed., 8.3):

1. Householder tridiagonalisation (LAPACK sytrd / hetrd, G&VL algorithm 8.3.1). For column
   k = 0 .. n-3, the reflector P_k = I - tau v v^H (Hermitian and unitary: tau is real, v[0] = 1)
   maps x = A[k+1:, k] to beta e_1 with |beta| = ||x||; A[k+1:, k+1:] becomes P_k A P_k by the
   symmetric rank-2 update A -= v w^H + w v^H with p = tau A v, w = p - (tau / 2) (v^H p) v. The
   result is T = Q^H A Q, Q = P_0 P_1 ... P_{n-3}, Hermitian tridiagonal: diagonal d (real),
   subdiagonal e (complex for complex input).
2. A diagonal unitary D (|D_k| = 1) makes the subdiagonal real and >= 0: D^H T D = T' with
   T'[k+1][k] = |e_k| when D_{k+1} = D_k e_k / |e_k| (real input: D_k = +-1).
3. The implicit symmetric QL iteration with Wilkinson shifts on T' (EISPACK tql2, LAPACK steqr;
   G&VL 8.3.3; Numerical Recipes' tqli): for the leading unreduced block l .. m, one sweep of
   plane rotations from the bottom up chases the bulge of the shifted QL step. An off-diagonal
   entry is negligible when |e_m| <= eps (|d_m| + |d_{m+1}|) (relative to its neighbours, as
   LAPACK) or |e_m| <= eps ||T|| with ||T|| = max_i |d_i| + |e_i| (tql2's test: where the
   neighbours are themselves at the roundoff level of ||T||, e.g. a graded matrix with tiny
   entries at the top, the relative test alone never holds). At most 30 sweeps per eigenvalue;
   info = l + 1 for the first eigenvalue l that did not converge (nan input ends there).

The eigenvectors are U = Q D Z, Z the product of the rotations. They are built as the rows of
U^T ("zt": a rotation of columns of U is a rotation of two contiguous rows of zt): zt starts as
Q^T (backward accumulation of the reflectors, LAPACK orgtr), its rows are scaled by D, every
rotation mixes two of its rows, and at the end the eigenvalues are sorted ascending (selection
sort, moving the rows of zt with them) and u = zt^T. Without vectors only d and e are iterated
(the rotations are not applied anywhere).

Only the lower triangle and the real part of the diagonal are read (as LAPACK's uplo = 'L').
Matrices whose largest entry is outside [2^-450, 2^450] are scaled by a power of two first (an
exact scaling, undone on the eigenvalues), so that the squares and sums of squares stay finite.
"""

import math

__all__ = ["eigh_matrix"]

_EPS = 2.0**-53  # the unit roundoff (LAPACK dlamch('E'))
_MAX_SWEEPS = 30  # QL sweeps per eigenvalue
_SCALE_EXPONENT = 450  # scale when max |a_ij| is outside [2^-450, 2^450]
_TINY_SQUARE = 2.0**-960  # below this f^2 + g^2 may have lost bits to underflow


def _conj(z):
    return z.conjugate()


def _scaled(value, exponent):
    """value * 2**exponent, exactly (componentwise for complex values)."""
    if isinstance(value, complex):
        return complex(math.ldexp(value.real, exponent), math.ldexp(value.imag, exponent))
    return math.ldexp(value, exponent)


def _tridiagonalize(a, n):
    """Householder reduction of the Hermitian a (list of rows, full matrix, overwritten).

    Returns (d, e, reflectors): d the n real diagonal entries of T, e the n-1 subdiagonal entries
    T[k+1][k] (complex for complex input), reflectors[k] = (tau, v) for P_k (v over rows k+1..n-1,
    v[0] = 1), None where no reflector was needed (x already a multiple of e_1).
    """
    d = [0.0] * n
    e = [0.0] * max(n - 1, 0)
    reflectors = [None] * max(n - 2, 0)
    for k in range(n - 1):
        d[k] = a[k][k].real
        x = [a[i][k] for i in range(k + 1, n)]
        alpha = x[0]
        if k == n - 2 or all(value == 0 for value in x[1:]):
            e[k] = alpha  # nothing below the subdiagonal: P_k = I
            continue
        # ||x||, scaled against overflow (math.hypot of the real and imaginary parts)
        norm = math.hypot(*(part for value in x for part in (value.real, value.imag)))
        size = abs(alpha)
        phase = alpha / size if size != 0 else 1.0
        beta = -phase * norm  # P x = beta e_1: the sign opposite to alpha's (no cancellation)
        v0 = phase * (size + norm)  # alpha - beta
        v = [1.0] + [value / v0 for value in x[1:]]
        tau = (size + norm) / norm  # 2 / (v^H v), between 1 and 2
        e[k] = beta
        reflectors[k] = (tau, v)
        # A22 <- P A22 P: p = tau A22 v, w = p - (tau/2)(v^H p) v, A22 -= v w^H + w v^H
        m = n - k - 1
        rows = [a[k + 1 + i] for i in range(m)]
        p = [tau * sum(row[k + 1 + j] * v[j] for j in range(m)) for row in rows]
        half = 0.5 * tau * sum(_conj(v[j]) * p[j] for j in range(m)).real
        w = [p[j] - half * v[j] for j in range(m)]
        for i, row in enumerate(rows):
            vi, wi = v[i], w[i]
            for j in range(m):
                row[k + 1 + j] -= vi * _conj(w[j]) + wi * _conj(v[j])
    d[n - 1] = a[n - 1][n - 1].real
    return d, e, reflectors


def _real_subdiagonal(e):
    """D with D^H T D real (subdiagonal |e_k|): returns (the phases D_k, the real |e_k|)."""
    phases = [1.0]
    off = []
    for value in e:
        size = abs(value)
        phases.append(phases[-1] * (value / size) if size != 0 else phases[-1])
        off.append(size)
    return phases, off


def _q_transposed(reflectors, n, number):
    """Q^T = (P_0 P_1 ... P_{n-3})^T by backward accumulation (LAPACK orgtr): X = I, then
    X <- P_k X for k = n-3 .. 0, written on the transpose: row j of X^T takes
    row_j -= tau (row_j . conj(v)) v^T over the columns k+1 .. n-1."""
    zt = [[number(r == c) for c in range(n)] for r in range(n)]
    for k in reversed(range(len(reflectors))):
        if reflectors[k] is None:
            continue
        tau, v = reflectors[k]
        m = n - k - 1
        for j in range(k + 1, n):
            row = zt[j]
            s = tau * sum(row[k + 1 + i] * _conj(v[i]) for i in range(m))
            for i in range(m):
                row[k + 1 + i] -= s * v[i]
    return zt


def _radius(f, g):
    """sqrt(f^2 + g^2): the plain formula (it cannot overflow after the scaling of the matrix),
    math.hypot where the squares would lose precision to underflow (and for nan)."""
    r2 = f * f + g * g
    return math.sqrt(r2) if r2 >= _TINY_SQUARE else math.hypot(f, g)


def _rotate(zt, i, c, s):
    """Columns i, i+1 of U (rows i, i+1 of zt) <- the plane rotation of the QL step."""
    lower, upper = zt[i], zt[i + 1]
    for col in range(len(lower)):
        f = upper[col]
        upper[col] = s * lower[col] + c * f
        lower[col] = c * lower[col] - s * f


def _tridiagonal_ql(d, e, zt):
    """Implicit QL with Wilkinson shifts on the real symmetric tridiagonal (d, e), e[k] =
    T[k+1][k] (e gets a trailing 0); d ends as the eigenvalues (unsorted). The rotations are
    applied to the rows of zt unless it is None. Returns info (0, or top + 1 for the first
    eigenvalue top that needed more than 30 sweeps)."""
    n = len(d)
    e = list(e) + [0.0]
    floor = _EPS * max(abs(d[i]) + abs(e[i]) for i in range(n))  # eps ||T||
    for top in range(n):
        sweeps = 0
        while True:
            # the first negligible off-diagonal entry at or after top splits the matrix
            m = top
            while m < n - 1:
                size = abs(e[m])
                if size <= _EPS * (abs(d[m]) + abs(d[m + 1])) or size <= floor:
                    break
                m += 1
            if m == top:
                break  # d[top] is an eigenvalue
            if sweeps == _MAX_SWEEPS:
                return top + 1
            sweeps += 1
            # Wilkinson shift: the eigenvalue of the leading 2 x 2 block closer to d[top]
            g = (d[top + 1] - d[top]) / (2.0 * e[top])
            r = math.hypot(g, 1.0)
            g = d[m] - d[top] + e[top] / (g + math.copysign(r, g))
            s = c = 1.0
            p = 0.0
            i = m - 1
            underflow = False
            while i >= top:  # one QL sweep: chase the bulge from row m up to row top
                f = s * e[i]
                b = c * e[i]
                r = _radius(f, g)
                e[i + 1] = r
                if r == 0.0:  # underflow: deflate here and start again
                    d[i + 1] -= p
                    e[m] = 0.0
                    underflow = True
                    break
                s = f / r
                c = g / r
                g = d[i + 1] - p
                r = (d[i] - g) * s + 2.0 * c * b
                p = s * r
                d[i + 1] = g + p
                g = c * r - b
                if zt is not None:
                    _rotate(zt, i, c, s)
                i -= 1
            if underflow:
                continue
            d[top] -= p
            e[top] = g
            e[m] = 0.0
    return 0


def eigh_matrix(a, n, vectors):
    """Eigen-decomposition of the n x n Hermitian matrix ``a`` (a list of rows, may be
    overwritten): ``(w, u, info)`` with w the ascending eigenvalues (floats), u the eigenvectors
    as the columns of a list of n rows (None unless ``vectors``) and info 0, or > 0 if the
    iteration did not converge."""
    number = complex if any(isinstance(value, complex) for row in a for value in row) else float
    # exact power-of-two scaling when the entries are huge or tiny
    # only the lower triangle and the real part of the diagonal are read (NumPy's UPLO='L', as
    # the compiled backends): the upper triangle is made its mirror image
    for i in range(n):
        a[i][i] = number(a[i][i].real)
        for j in range(i):
            a[j][i] = _conj(a[i][j])
    largest = max(abs(value) for row in a for value in row)
    exponent = 0
    if math.isfinite(largest) and largest != 0:
        exponent = math.frexp(largest)[1]
        if -_SCALE_EXPONENT <= exponent <= _SCALE_EXPONENT:
            exponent = 0
        else:
            for row in a:
                for j in range(n):
                    row[j] = _scaled(row[j], -exponent)
    d, e, reflectors = _tridiagonalize(a, n)
    phases, off = _real_subdiagonal(e)
    zt = None
    if vectors:
        zt = _q_transposed(reflectors, n, number)
        for j in range(n):  # U = Q D: column j of Q times D_j
            zt[j] = [value * phases[j] for value in zt[j]]
    info = _tridiagonal_ql(d, off, zt)
    # ascending order (selection sort; the vectors move with their values)
    for i in range(n - 1):
        k = min(range(i, n), key=lambda j: d[j])
        if k != i:
            d[i], d[k] = d[k], d[i]
            if zt is not None:
                zt[i], zt[k] = zt[k], zt[i]
    w = [math.ldexp(value, exponent) for value in d]
    u = None
    if vectors:
        u = [[number(zt[c][r]) for c in range(n)] for r in range(n)]
    return w, u, info
