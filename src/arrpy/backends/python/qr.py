"""Householder QR of the python backend (abi.h ARRPY_QR and ARRPY_QR_Q): the specification.

The algorithm is LAPACK's unblocked one (Golub & Van Loan, *Matrix Computations*, 5.1-5.2;
LAPACK geqr2 / xlarfg / xlarf for the factorization and org2r for Q), column by column:

* QR (geqr2). For column j < k = min(m, n), a Householder reflector H_j = I - tau_j v_j v_j^H
  (xlarfg, see ``_reflector``) maps the column's part on and below the diagonal to
  (beta, 0, ..., 0) with beta real: H_j^H (alpha, x) = (beta, 0). beta goes on the diagonal,
  v_j (whose first entry is 1 and is not stored) below it, and H_j^H is applied to the columns
  on the right (rows j .. m-1): with w = v_j^H A[j:, j+1:] (a row: the sum of the rows of A
  scaled by conj(v_i)), A[i, j+1:] -= conj(tau_j) v_i w. Then A = H_0 H_1 ... H_{k-1} R.
* Q (org2r). Q = H_0 H_1 ... H_{k-1} applied to the first ucols columns of the identity,
  from the last reflector back to the first: H_j only touches rows and columns >= j of what has
  been accumulated so far (H_{j+1} ... H_{k-1} is the identity on the first j + 1 coordinates),
  and is applied the same way as above, with tau_j instead of conj(tau_j).

The rows are lists of Python floats (float64) or complex numbers (complex128).
"""

import math
import sys

__all__ = ["qr_matrix", "qr_q_matrix"]

# LAPACK's dlamch('S') / dlamch('E'): below this |beta| the reflector is computed on a rescaled
# column, so that v = x / (alpha - beta) keeps its precision (xlarfg).
_SAFE_MIN = sys.float_info.min / (sys.float_info.epsilon / 2)


def _conj(value):
    return value.conjugate() if isinstance(value, complex) else value


def _norm(values):
    """The 2-norm of a list of floats or complex numbers, without overflow or underflow
    (math.hypot scales; LAPACK's dznrm2 does the same with a scaled sum of squares)."""
    parts = []
    for value in values:
        if isinstance(value, complex):
            parts.append(value.real)
            parts.append(value.imag)
        else:
            parts.append(value)
    return math.hypot(*parts)


def _reflector(alpha, x):
    """LAPACK's xlarfg: (beta, tau, v) with H = I - tau (1, v) (1, v)^H such that
    H^H (alpha, x) = (beta, 0, ..., 0), beta real.

    If x is zero and alpha real, H = I (tau = 0, beta = alpha). Otherwise
    beta = -copysign(||(alpha, x)||, Re(alpha)), tau = (beta - alpha) / beta and
    v = x / (alpha - beta) (LAPACK multiplies by the reciprocal). A tiny |beta| is handled on a
    column scaled up by 1 / safmin (up to 20 times), then scaled back.
    """
    is_complex = isinstance(alpha, complex)
    x_norm = _norm(x)
    alpha_re, alpha_im = (alpha.real, alpha.imag) if is_complex else (alpha, 0.0)
    if x_norm == 0 and alpha_im == 0:
        return alpha, (0j if is_complex else 0.0), list(x)
    beta = -math.copysign(math.hypot(math.hypot(alpha_re, alpha_im), x_norm), alpha_re)
    rescales = 0
    if abs(beta) < _SAFE_MIN:
        # beta may be inaccurate: scale the column up and recompute (xlarfg's loop)
        inverse = 1 / _SAFE_MIN
        while abs(beta) < _SAFE_MIN and rescales < 20:
            rescales += 1
            x = [value * inverse for value in x]
            beta *= inverse
            alpha_re *= inverse
            alpha_im *= inverse
        x_norm = _norm(x)
        alpha = complex(alpha_re, alpha_im) if is_complex else alpha_re
        beta = -math.copysign(math.hypot(math.hypot(alpha_re, alpha_im), x_norm), alpha_re)
    if is_complex:
        tau = complex((beta - alpha_re) / beta, -alpha_im / beta)
    else:
        tau = (beta - alpha_re) / beta
    scale = 1 / (alpha - beta)
    v = [value * scale for value in x]
    for _ in range(rescales):
        beta *= _SAFE_MIN
    return beta, tau, v


def _apply_reflector(rows, first, v, tau, start, stop):
    """rows[first:] (columns start .. stop-1) <- (I - tau u u^H) rows[first:], u = (1, v).

    w = u^H A (a row: the rows of A scaled by conj(u_i) and added up), then
    A[i, :] -= tau u_i w: both loops run along rows.
    """
    if tau == 0 or start >= stop:
        return
    w = rows[first][start:stop]
    for i in range(first + 1, len(rows)):
        factor = _conj(v[i - first - 1])
        if factor != 0:
            row = rows[i]
            for c in range(start, stop):
                w[c - start] += factor * row[c]
    for i in range(first, len(rows)):
        factor = tau if i == first else tau * v[i - first - 1]
        if factor != 0:
            row = rows[i]
            for c in range(start, stop):
                row[c] -= factor * w[c - start]


def qr_matrix(a, m, n):
    """Overwrite the m x n matrix ``a`` (a list of m rows) by its Householder QR factors (LAPACK
    geqrf, abi.h ARRPY_QR) and return the list of the min(m, n) reflector scalars tau."""
    taus = []
    for j in range(min(m, n)):
        beta, tau, v = _reflector(a[j][j], [a[i][j] for i in range(j + 1, m)])
        a[j][j] = beta
        for i in range(j + 1, m):
            a[i][j] = v[i - j - 1]
        # H_j^H = I - conj(tau) v v^H on the columns to the right
        _apply_reflector(a, j, v, _conj(tau), j + 1, n)
        taus.append(tau)
    return taus


def qr_q_matrix(a, tau, m, n, ucols):
    """The first ``ucols`` columns of Q = H_0 ... H_{k-1} from QR's ``a`` and ``tau``, as a list
    of m rows (abi.h ARRPY_QR_Q, LAPACK orgqr)."""
    number = complex if isinstance(a[0][0], complex) else float
    q = [[number(r == c) for c in range(ucols)] for r in range(m)]
    for j in reversed(range(min(m, n))):
        v = [a[i][j] for i in range(j + 1, m)]
        _apply_reflector(q, j, v, tau[j], j, ucols)
    return q
