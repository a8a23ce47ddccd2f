"""Eigenvalues and eigenvectors of general matrices in the python backend (abi.h ARRPY_EIG).

The algorithm of LAPACK's geev (and EISPACK's hqr2 / comqr2):

0. Scaling of a matrix whose largest entry is outside [sqrt(tiny) / eps, its reciprocal] by a
   power of 2 (geev's dlascl), then balancing (LAPACK gebal, job 'B' as NumPy's geev uses):
   permutations isolating eigenvalues (triangular parts), then diagonal scaling by powers of 2;
   undone on the eigenvectors.
1. Householder reduction to upper Hessenberg form, A = Q H Q^H (LAPACK gehrd, with Q
   accumulated as orghr does). Each reflector P = I - 2 v v^H / (v^H v) is Hermitian and
   unitary, so the similarity is H <- P H P.
2. The QR iteration to (quasi-)triangular Schur form T = Z^H A Z, Z accumulated from Q:

   * float64 input: the Francis double-shift implicit QR iteration in real arithmetic, as
     EISPACK's hqr2 (in the transcription of JAMA's EigenvalueDecomposition, Golub & Van Loan,
     *Matrix Computations*, 7.5). Complex-conjugate eigenvalues stay in 2 x 2 diagonal blocks,
     so a real eigenvalue is real (imaginary part exactly 0) with a real eigenvector.
   * complex128 input: the single-shift QR iteration in complex arithmetic (EISPACK comqr2,
     LAPACK zlahqr) with the Wilkinson shift (the eigenvalue of the trailing 2 x 2 block nearer
     its last diagonal entry) and exceptional shifts after 10 and 20 iterations without a
     deflation. Each step is an implicit bulge chase with complex Givens rotations.

   Deflation: a subdiagonal entry counts as zero when it is at most eps times the two diagonal
   entries beside it (or the norm of H when those are zero). The iteration is bounded by 30 n
   QR steps per matrix (as LAPACK); beyond that info = the number of eigenvalues not found.
   nan or inf input is not iterated on at all: info = n, values and vectors nan. Values only:
   the steps update just the active block (hqr), with vectors the whole Schur form (hqr2).
3. Eigenvectors (only when asked for): back substitution on the Schur form (hqr2's for the
   quasi-triangular real T, LAPACK ztrevc's for the triangular complex T: x[k] = 1 and
   x[i] = -sum_j T[i][j] x[j] / (T[i][i] - T[k][k]), a denominator below
   max(eps |T[k][k]|, n tiny / eps) replaced by that bound), multiplied by Z. Each vector is
   normalised to unit 2-norm; a complex one is then multiplied by the phase that makes its
   largest-magnitude component real and positive (LAPACK geev makes it real). A real vector
   (real input, real eigenvalue) stays real, with the sign the back substitution gave it.

Order of the eigenvalues: the order of the Schur form's diagonal; for real input a
complex-conjugate pair is adjacent, positive imaginary part first, the second vector the
conjugate of the first (LAPACK's layout).
"""

import math

__all__ = ["eig_matrix"]

_EPS = 2.0**-52
# The smallest positive normal double: the size below which a denominator counts as zero.
_TINY = 2.2250738585072014e-308
# geev's range for the largest entry, sqrt(safe minimum) / eps and its reciprocal
_SMLNUM = math.sqrt(_TINY) / _EPS
_BIGNUM = 1 / _SMLNUM


def eig_matrix(a, n, vectors, is_complex):
    """Eigenvalues and right eigenvectors of the n x n matrix ``a`` (a list of rows of floats,
    or of complex numbers when ``is_complex``; may be overwritten): ``(w, u, info)`` with w the
    eigenvalues (complex numbers), u the eigenvectors as the columns of a list of n rows of
    complex numbers (None unless ``vectors``) and info 0, or > 0 if the iteration did not
    converge (abi.h ARRPY_EIG has the conventions)."""
    if not all(math.isfinite(abs(x)) for row in a for x in row):
        # nan or inf (the front end rejects them): nothing converges; Python's float
        # arithmetic would raise on the divisions by zero that nan comparisons let through
        nan = complex(math.nan, math.nan)
        return [nan] * n, [[nan] * n for _ in range(n)] if vectors else None, n
    # LAPACK geev: a matrix whose largest entry is outside [smlnum, bignum] is scaled (here by
    # a power of 2, exactly) to a largest entry near 1; the eigenvalues are scaled back
    largest = max(abs(x) for row in a for x in row)
    shift = 0
    if 0 < largest < _SMLNUM or largest > _BIGNUM:
        shift = -math.frexp(largest)[1]
        for row in a:
            row[:] = [_ldexp(x, shift) for x in row]
    try:
        swaps, scale = balance(a, n)
        q = hessenberg(a, n, vectors)
        if is_complex:
            w, u, info = _complex_schur_eig(a, n, q, vectors)
        else:
            w, u, info = _real_schur_eig(a, n, q, vectors)
    except ZeroDivisionError:  # where C arithmetic gives inf or nan, Python raises
        nan = complex(math.nan, math.nan)
        return [nan] * n, [[nan] * n for _ in range(n)] if vectors else None, n
    if shift:
        w = [_ldexp(x, -shift) for x in w]
    if info or not vectors:
        return w, u, info
    # the balancing undone on the vectors: v = P D v'
    for i in range(n):
        if scale[i] != 1:
            u[i] = [x * scale[i] for x in u[i]]
    for i, j in reversed(swaps):
        u[i], u[j] = u[j], u[i]
    _normalise_columns(u, n, w, is_complex)
    return w, u, info


def _ldexp(x, e):
    """x 2^e, componentwise for complex x (exact unless it under- or overflows)."""
    if isinstance(x, complex):
        return complex(math.ldexp(x.real, e), math.ldexp(x.imag, e))
    return math.ldexp(x, e)


# ---------------------------------------------------------------------------------------------
# 0. Balancing
# ---------------------------------------------------------------------------------------------

# LAPACK gebal's bounds on the scale factors: dlamch('S') / dlamch('P') and twice that.
_SFMIN1 = _TINY / _EPS
_SFMAX1 = 1 / _SFMIN1
_SFMIN2 = _SFMIN1 * 2
_SFMAX2 = 1 / _SFMIN2


def balance(a, n):
    """Balance ``a`` in place by an exact similarity (LAPACK gebal, job 'B', as NumPy's geev):
    return ``(swaps, scale)`` with A_balanced = D^-1 P^T A P D.

    Permutation: a row whose entries off the diagonal are zero in the columns still active
    isolates an eigenvalue (its diagonal entry): it is swapped (row and column) to the bottom of
    the active range, which shrinks; then a column zero off the diagonal in the active rows is
    swapped to the top. The isolated parts stay triangular through the reduction and deflate
    at once (so triangular input gives its diagonal exactly). ``swaps`` lists the (i, j)
    exchanges in order.
    Scaling: row i and column i of the active block are multiplied by 1/f and f, f a power of 2
    (exact), until no 2-norm sum ||row|| + ||column|| shrinks by 5 % any more; scale[i] = the
    product of the f's (1 outside the active block).
    """
    swaps = []

    def exchange(i, j):
        a[i], a[j] = a[j], a[i]
        for row in a:
            row[i], row[j] = row[j], row[i]
        swaps.append((i, j))

    low, high = 0, n - 1
    found = True
    while found and high > 0:  # rows isolating an eigenvalue -> the bottom
        found = False
        for i in reversed(range(high + 1)):
            if all(a[i][j] == 0 for j in range(high + 1) if j != i):
                if i != high:
                    exchange(i, high)
                high -= 1
                found = True
                break
    found = True
    while found:  # columns isolating an eigenvalue -> the top
        found = False
        for j in range(low, high + 1):
            if all(a[i][j] == 0 for i in range(low, high + 1) if i != j):
                if j != low:
                    exchange(j, low)
                low += 1
                found = True
                break
    scale = [1.0] * n
    for _ in range(100):  # (gebal has no bound; each pass shrinks a norm sum by 5 %)
        converged = True
        for i in range(low, high + 1):
            c = math.sqrt(sum(abs(a[r][i]) ** 2 for r in range(low, high + 1)))
            r = math.sqrt(sum(abs(a[i][k]) ** 2 for k in range(low, high + 1)))
            if c == 0 or r == 0:
                continue
            ca = max(abs(a[k][i]) for k in range(high + 1))
            ra = max(abs(a[i][k]) for k in range(low, n))
            g = r / 2
            f = 1.0
            s = c + r
            while c < g and max(f, c, ca) < _SFMAX2 and min(r, g, ra) > _SFMIN2:
                f *= 2
                c *= 2
                ca *= 2
                r /= 2
                g /= 2
                ra /= 2
            g = c / 2
            while g >= r and max(r, ra) < _SFMAX2 and min(f, c, g, ca) > _SFMIN2:
                f /= 2
                c /= 2
                g /= 2
                ca /= 2
                r *= 2
                ra *= 2
            if c + r >= 0.95 * s:
                continue
            if f < 1 and scale[i] < 1 and f * scale[i] <= _SFMIN1:
                continue
            if f > 1 and scale[i] > 1 and scale[i] >= _SFMAX1 / f:
                continue
            scale[i] *= f
            converged = False
            row = a[i]
            for k in range(n):
                row[k] /= f
            for k in range(n):
                a[k][i] *= f
        if converged:
            break
    return swaps, scale


# ---------------------------------------------------------------------------------------------
# 1. Hessenberg reduction
# ---------------------------------------------------------------------------------------------


def _conj(x):
    return x.conjugate()


def hessenberg(a, n, accumulate):
    """Overwrite ``a`` by the Hessenberg H = Q^H A Q (zeros below the subdiagonal); return Q
    (a list of rows) if ``accumulate``, else None.

    Step j (0 <= j < n - 2) takes x = a[j+1:, j], builds v = x + phase(x[0]) ||x|| e_1 with
    phase(z) = z / |z| (1 for z = 0), so that P x = -phase(x[0]) ||x|| e_1 for
    P = I - 2 v v^H / (v^H v), and applies P from the left (rows j+1..) and from the right
    (columns j+1..). Q = P_0 P_1 ... P_{n-3} is accumulated backwards (orghr), by row updates.
    """
    zero = type(a[0][0])(0)
    reflectors = []
    for j in range(n - 2):
        x = [a[i][j] for i in range(j + 1, n)]
        if all(t == 0 for t in x[1:]):
            reflectors.append(None)  # already in Hessenberg form here: P = I
            continue
        # P depends on v's direction only: x scaled by its largest entry, so that the sums of
        # squares neither underflow nor overflow
        size = max(abs(t) for t in x)
        v = [t / size for t in x]
        norm = math.sqrt(sum(abs(t) ** 2 for t in v))
        alpha = v[0]
        phase = alpha / abs(alpha) if alpha != 0 else 1.0
        v[0] = alpha + phase * norm
        vnorm2 = sum(abs(t) ** 2 for t in v)
        beta = 2.0 / vnorm2
        # left: rows j+1.., columns j..n-1: A <- A - beta v (v^H A)
        for c in range(j, n):
            s = sum(_conj(v[i]) * a[j + 1 + i][c] for i in range(len(v)))
            if s != 0:
                f = beta * s
                for i in range(len(v)):
                    a[j + 1 + i][c] -= f * v[i]
        # right: every row, columns j+1..: A <- A - beta (A v) v^H
        for r in range(n):
            row = a[r]
            s = sum(row[j + 1 + i] * v[i] for i in range(len(v)))
            if s != 0:
                f = beta * s
                for i in range(len(v)):
                    row[j + 1 + i] -= f * _conj(v[i])
        for i in range(j + 2, n):
            a[i][j] = zero
        reflectors.append((v, beta))
    if not accumulate:
        return None
    q = [[type(a[0][0])(r == c) for c in range(n)] for r in range(n)]
    for j in reversed(range(n - 2)):
        if reflectors[j] is None:
            continue
        v, beta = reflectors[j]
        # Q[j+1:, j+1:] <- P Q[j+1:, j+1:] (rows of the trailing block)
        for c in range(j + 1, n):
            s = sum(_conj(v[i]) * q[j + 1 + i][c] for i in range(len(v)))
            if s != zero:
                f = beta * s
                for i in range(len(v)):
                    q[j + 1 + i][c] -= f * v[i]
    return q


# ---------------------------------------------------------------------------------------------
# 2a./3a. float64: Francis double-shift QR (hqr2) and its back substitution
# ---------------------------------------------------------------------------------------------


def _cdiv(xr, xi, yr, yi):
    """(xr + i xi) / (yr + i yi) by Smith's algorithm, as a pair of floats."""
    if abs(yr) > abs(yi):
        r = yi / yr
        d = yr + r * yi
        return (xr + r * xi) / d, (xi - r * xr) / d
    r = yr / yi
    d = yi + r * yr
    return (r * xr + xi) / d, (r * xi - xr) / d


def _real_schur_eig(h, nn, v, vectors):
    """hqr2: the real Schur form of the Hessenberg ``h`` by double-shift QR steps, V (= Q on
    entry) accumulated, then the eigenvectors by back substitution, in V's columns as
    real / imaginary parts. Returns (w, u, info)."""
    d = [0.0] * nn
    e = [0.0] * nn
    norm = 0.0
    for i in range(nn):
        for j in range(max(i - 1, 0), nn):
            norm += abs(h[i][j])
    n = nn - 1
    exshift = 0.0
    iteration = 0
    total = 0
    limit = 30 * nn
    p = q = r = s = z = 0.0
    while n >= 0:
        # look for a single small subdiagonal element
        low = n
        while low > 0:
            s = abs(h[low - 1][low - 1]) + abs(h[low][low])
            if s == 0:
                s = norm
            if abs(h[low][low - 1]) <= _EPS * s:
                break
            low -= 1
        if low == n:  # one root found
            h[n][n] += exshift
            d[n] = h[n][n]
            e[n] = 0.0
            n -= 1
            iteration = 0
        elif low == n - 1:  # two roots found
            w = h[n][n - 1] * h[n - 1][n]
            p = (h[n - 1][n - 1] - h[n][n]) / 2.0
            q = p * p + w
            z = math.sqrt(abs(q))
            h[n][n] += exshift
            h[n - 1][n - 1] += exshift
            x = h[n][n]
            if q >= 0:  # a real pair: rotate the block to triangular form
                z = p + z if p >= 0 else p - z
                d[n - 1] = x + z
                d[n] = d[n - 1]
                if z != 0:
                    d[n] = x - w / z
                e[n - 1] = 0.0
                e[n] = 0.0
                if vectors:  # (values only: nothing else reads the rotated block)
                    x = h[n][n - 1]
                    s = abs(x) + abs(z)
                    p = x / s
                    q = z / s
                    r = math.sqrt(p * p + q * q)
                    p /= r
                    q /= r
                    for j in range(n - 1, nn):  # row modification
                        z = h[n - 1][j]
                        h[n - 1][j] = q * z + p * h[n][j]
                        h[n][j] = q * h[n][j] - p * z
                    for i in range(n + 1):  # column modification
                        z = h[i][n - 1]
                        h[i][n - 1] = q * z + p * h[i][n]
                        h[i][n] = q * h[i][n] - p * z
                    for i in range(nn):  # accumulate
                        z = v[i][n - 1]
                        v[i][n - 1] = q * z + p * v[i][n]
                        v[i][n] = q * v[i][n] - p * z
            else:  # a complex pair, positive imaginary part first
                d[n - 1] = x + p
                d[n] = x + p
                e[n - 1] = z
                e[n] = -z
            n -= 2
            iteration = 0
        else:  # no convergence yet: a double-shift QR step on rows and columns low..n
            if total >= limit:
                return _values(d, e), None, n + 1
            x = h[n][n]
            y = 0.0
            w = 0.0
            if low < n:
                y = h[n - 1][n - 1]
                w = h[n][n - 1] * h[n - 1][n]
            if iteration == 10:  # Wilkinson's original ad hoc shift
                exshift += x
                for i in range(n + 1):
                    h[i][i] -= x
                s = abs(h[n][n - 1]) + abs(h[n - 1][n - 2])
                x = y = 0.75 * s
                w = -0.4375 * s * s
            if iteration == 30:  # MATLAB's ad hoc shift
                s = (y - x) / 2.0
                s = s * s + w
                if s > 0:
                    s = math.sqrt(s)
                    if y < x:
                        s = -s
                    s = x - w / ((y - x) / 2.0 + s)
                    for i in range(n + 1):
                        h[i][i] -= s
                    exshift += s
                    x = y = w = 0.964
            iteration += 1
            total += 1
            # look for two consecutive small subdiagonal elements
            m = n - 2
            while m >= low:
                z = h[m][m]
                r = x - z
                s = y - z
                p = (r * s - w) / h[m + 1][m] + h[m][m + 1]
                q = h[m + 1][m + 1] - z - r - s
                r = h[m + 2][m + 1]
                s = abs(p) + abs(q) + abs(r)
                p /= s
                q /= s
                r /= s
                if m == low:
                    break
                if abs(h[m][m - 1]) * (abs(q) + abs(r)) < _EPS * (
                    abs(p) * (abs(h[m - 1][m - 1]) + abs(z) + abs(h[m + 1][m + 1]))
                ):
                    break
                m -= 1
            for i in range(m + 2, n + 1):
                h[i][i - 2] = 0.0
                if i > m + 2:
                    h[i][i - 3] = 0.0
            # double QR step involving rows low..n and columns m..n
            for k in range(m, n):
                notlast = k != n - 1
                if k != m:
                    p = h[k][k - 1]
                    q = h[k + 1][k - 1]
                    r = h[k + 2][k - 1] if notlast else 0.0
                    x = abs(p) + abs(q) + abs(r)
                    if x == 0:
                        continue
                    p /= x
                    q /= x
                    r /= x
                s = math.sqrt(p * p + q * q + r * r)
                if p < 0:
                    s = -s
                if s != 0:
                    if k != m:
                        h[k][k - 1] = -s * x
                    elif low != m:
                        h[k][k - 1] = -h[k][k - 1]
                    p += s
                    x = p / s
                    y = q / s
                    z = r / s
                    q /= p
                    r /= p
                    # row and column modification (values only: the active block's)
                    for j in range(k, nn if vectors else n + 1):
                        p = h[k][j] + q * h[k + 1][j]
                        if notlast:
                            p += r * h[k + 2][j]
                            h[k + 2][j] -= p * z
                        h[k][j] -= p * x
                        h[k + 1][j] -= p * y
                    for i in range(0 if vectors else low, min(n, k + 3) + 1):
                        p = x * h[i][k] + y * h[i][k + 1]
                        if notlast:
                            p += z * h[i][k + 2]
                            h[i][k + 2] -= p * r
                        h[i][k] -= p
                        h[i][k + 1] -= p * q
                    if vectors:
                        for i in range(nn):  # accumulate
                            row = v[i]
                            p = x * row[k] + y * row[k + 1]
                            if notlast:
                                p += z * row[k + 2]
                                row[k + 2] -= p * r
                            row[k] -= p
                            row[k + 1] -= p * q
    w_values = _values(d, e)
    if not vectors:
        return w_values, None, 0
    if norm != 0:
        _real_back_substitute(h, nn, d, e, norm)
        # back transformation: V <- V T's eigenvectors (column j uses rows 0..j of h)
        for i in range(nn):
            row = v[i]
            new = [sum(row[k] * h[k][j] for k in range(j + 1)) for j in range(nn)]
            v[i] = new
    # the columns as complex vectors: a pair (j, j + 1) is v[:, j] +- i v[:, j + 1]
    u = [[complex(x) for x in row] for row in v]
    j = 0
    while j < nn:
        if e[j] > 0:
            for i in range(nn):
                re, im = v[i][j], v[i][j + 1]
                u[i][j] = complex(re, im)
                u[i][j + 1] = complex(re, -im)
            j += 2
        else:
            j += 1
    return w_values, u, 0


def _values(d, e):
    return [complex(re, im) for re, im in zip(d, e, strict=True)]


def _real_back_substitute(h, nn, d, e, norm):
    """hqr2's back substitution: overwrite the upper triangle of the quasi-triangular ``h``
    by the eigenvectors of T (column n for a real eigenvalue; columns n - 1, n as real and
    imaginary parts for the pair's eigenvalue d[n-1] + i e[n-1], e[n-1] > 0)."""
    for n in reversed(range(nn)):
        p = d[n]
        q = e[n]
        if q == 0:  # real vector
            low = n
            h[n][n] = 1.0
            z = s = 0.0
            for i in reversed(range(n)):
                w = h[i][i] - p
                r = 0.0
                for j in range(low, n + 1):
                    r += h[i][j] * h[j][n]
                if e[i] < 0:
                    z = w
                    s = r
                else:
                    low = i
                    if e[i] == 0:
                        h[i][n] = -r / w if w != 0 else -r / (_EPS * norm)
                    else:  # solve the real 2 x 2 system of a pair's block
                        x = h[i][i + 1]
                        y = h[i + 1][i]
                        q = (d[i] - p) * (d[i] - p) + e[i] * e[i]
                        t = (x * s - z * r) / q
                        h[i][n] = t
                        if abs(x) > abs(z):
                            h[i + 1][n] = (-r - w * t) / x
                        else:
                            h[i + 1][n] = (-s - y * t) / z
                    t = abs(h[i][n])  # overflow control
                    if (_EPS * t) * t > 1:
                        for j in range(i, n + 1):
                            h[j][n] /= t
        elif q < 0:  # complex vector (columns n - 1 and n)
            low = n - 1
            # the last vector component imaginary, so that the matrix is triangular
            if abs(h[n][n - 1]) > abs(h[n - 1][n]):
                h[n - 1][n - 1] = q / h[n][n - 1]
                h[n - 1][n] = -(h[n][n] - p) / h[n][n - 1]
            else:
                h[n - 1][n - 1], h[n - 1][n] = _cdiv(0.0, -h[n - 1][n], h[n - 1][n - 1] - p, q)
            h[n][n - 1] = 0.0
            h[n][n] = 1.0
            z = r = s = 0.0
            for i in reversed(range(n - 1)):
                ra = sa = 0.0
                for j in range(low, n + 1):
                    ra += h[i][j] * h[j][n - 1]
                    sa += h[i][j] * h[j][n]
                w = h[i][i] - p
                if e[i] < 0:
                    z = w
                    r = ra
                    s = sa
                else:
                    low = i
                    if e[i] == 0:
                        h[i][n - 1], h[i][n] = _cdiv(-ra, -sa, w, q)
                    else:  # solve the complex 2 x 2 system of a pair's block
                        x = h[i][i + 1]
                        y = h[i + 1][i]
                        vr = (d[i] - p) * (d[i] - p) + e[i] * e[i] - q * q
                        vi = (d[i] - p) * 2.0 * q
                        if vr == 0 and vi == 0:
                            vr = _EPS * norm * (abs(w) + abs(q) + abs(x) + abs(y) + abs(z))
                        h[i][n - 1], h[i][n] = _cdiv(
                            x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi
                        )
                        if abs(x) > abs(z) + abs(q):
                            h[i + 1][n - 1] = (-ra - w * h[i][n - 1] + q * h[i][n]) / x
                            h[i + 1][n] = (-sa - w * h[i][n] - q * h[i][n - 1]) / x
                        else:
                            h[i + 1][n - 1], h[i + 1][n] = _cdiv(
                                -r - y * h[i][n - 1], -s - y * h[i][n], z, q
                            )
                    t = max(abs(h[i][n - 1]), abs(h[i][n]))  # overflow control
                    if (_EPS * t) * t > 1:
                        for j in range(i, n + 1):
                            h[j][n - 1] /= t
                            h[j][n] /= t


# ---------------------------------------------------------------------------------------------
# 2b./3b. complex128: single-shift complex QR (comqr2 / zlahqr) and triangular back substitution
# ---------------------------------------------------------------------------------------------


def _mag(z):
    """LAPACK's cheap modulus |re| + |im|."""
    return abs(z.real) + abs(z.imag)


def _givens(f, g):
    """(c, s, r) with c real, |c|^2 + |s|^2 = 1 and [c s; -conj(s) c] [f; g] = [r; 0]."""
    if g == 0:
        return 1.0, 0j, f
    if f == 0:
        ag = abs(g)
        return 0.0, g.conjugate() / ag, complex(ag)
    af = abs(f)
    norm = math.hypot(af, abs(g))
    phase = f / af
    return af / norm, phase * g.conjugate() / norm, phase * norm


def _wilkinson_shift(a, b, c, d):
    """The eigenvalue of [[a, b], [c, d]] nearer d."""
    half = (a - d) / 2
    disc = (half * half + b * c) ** 0.5
    # d + half -+ disc: the one nearer d has the smaller |half -+ disc|
    if _mag(half - disc) > _mag(half + disc):
        disc = -disc
    return d + half - disc


def _complex_schur_eig(h, n, z, vectors):
    """The complex Schur form T = Z^H A Z of the Hessenberg ``h`` by single-shift QR steps
    (Z = Q on entry, accumulated), then T's eigenvectors by back substitution, times Z."""
    norm = sum(_mag(h[i][j]) for i in range(n) for j in range(max(i - 1, 0), n))
    hi = n - 1
    iteration = 0
    total = 0
    limit = 30 * n
    while hi >= 0:
        low = hi
        while low > 0:  # look for a single small subdiagonal element
            s = _mag(h[low - 1][low - 1]) + _mag(h[low][low])
            if s == 0:
                s = norm
            if _mag(h[low][low - 1]) <= _EPS * s:
                h[low][low - 1] = 0j
                break
            low -= 1
        if low == hi:  # h[hi][hi] is an eigenvalue
            hi -= 1
            iteration = 0
            continue
        if total >= limit:
            return [h[i][i] for i in range(n)], None, hi + 1
        iteration += 1
        total += 1
        if iteration == 10:  # exceptional shifts (zlahqr)
            shift = h[low][low] + 0.75 * abs(h[low + 1][low].real)
        elif iteration == 20:
            shift = h[hi][hi] + 0.75 * abs(h[hi][hi - 1].real)
        else:
            shift = _wilkinson_shift(h[hi - 1][hi - 1], h[hi - 1][hi], h[hi][hi - 1], h[hi][hi])
        # the implicit single-shift step: a rotation from the shifted first column, then the
        # bulge chased down the subdiagonal. With vectors the whole Schur form is updated
        # (columns to n, rows from 0), else only the active block low..hi.
        first = 0 if vectors else low
        last = n if vectors else hi + 1
        f = h[low][low] - shift
        g = h[low + 1][low]
        for k in range(low, hi):
            if k > low:
                f = h[k][k - 1]
                g = h[k + 1][k - 1]
            c, s, r = _givens(f, g)
            if k > low:
                h[k][k - 1] = r
                h[k + 1][k - 1] = 0j
            sc = s.conjugate()
            row_k, row_k1 = h[k], h[k + 1]
            for j in range(k, last):  # rows k, k + 1 <- G rows
                x, y = row_k[j], row_k1[j]
                row_k[j] = c * x + s * y
                row_k1[j] = c * y - sc * x
            for i in range(first, min(k + 2, hi) + 1):  # columns k, k + 1 <- columns G^H
                x, y = h[i][k], h[i][k + 1]
                h[i][k] = c * x + sc * y
                h[i][k + 1] = c * y - s * x
            if vectors:
                for i in range(n):
                    row = z[i]
                    x, y = row[k], row[k + 1]
                    row[k] = c * x + sc * y
                    row[k + 1] = c * y - s * x
    w = [h[i][i] for i in range(n)]
    if not vectors:
        return w, None, 0
    # eigenvectors of the triangular T, column k in x[k], then u = Z X
    xs = [[0j] * n for _ in range(n)]  # xs[k] is T's k-th eigenvector (entries 0..k)
    for k in range(n):
        lam = h[k][k]
        smin = max(_EPS * _mag(lam), _TINY * n / _EPS)
        x = xs[k]
        x[k] = 1 + 0j
        for i in reversed(range(k)):
            total_i = sum(h[i][j] * x[j] for j in range(i + 1, k + 1))
            denominator = h[i][i] - lam
            if _mag(denominator) < smin:
                denominator = complex(smin)
            x[i] = -total_i / denominator
            size = _mag(x[i])
            if size > 1e100:  # rescale against overflow
                for j in range(i, k + 1):
                    x[j] /= size
    u = [[sum(z[i][j] * xs[k][j] for j in range(k + 1)) for k in range(n)] for i in range(n)]
    return w, u, 0


# ---------------------------------------------------------------------------------------------
# Normalisation of the eigenvectors
# ---------------------------------------------------------------------------------------------


def _normalise_columns(u, n, w, is_complex):
    """Unit 2-norm columns; a complex column is turned so that its largest-magnitude entry is
    real and positive (a real column, real input with a real eigenvalue, is left real)."""
    for k in range(n):
        norm = math.sqrt(sum(abs(u[i][k]) ** 2 for i in range(n)))
        if norm == 0 or norm != norm:
            continue
        real = not is_complex and w[k].imag == 0
        if real:
            for i in range(n):
                u[i][k] = complex(u[i][k].real / norm, 0.0)
            continue
        big = max(range(n), key=lambda i: abs(u[i][k]) ** 2)
        phase = u[big][k].conjugate() / abs(u[big][k])
        for i in range(n):
            u[i][k] = u[i][k] * phase / norm
        u[big][k] = complex(u[big][k].real, 0.0)
