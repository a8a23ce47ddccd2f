# General eigen-decomposition (abi.h ARRPY_EIG), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...). Every name here starts with
# eig_ (the other decompositions share the module).
#
# The algorithm of LAPACK's geev / EISPACK's hqr2 and comqr2, as the python backend's
# eigen_general.py (the specification, with the details) and the C++ eig_impl.hpp:
#   0. A matrix with its largest entry outside [sqrt(tiny) / eps, its reciprocal] scaled by a
#      power of 2 (geev's dlascl). Balancing (gebal, job 'B' as NumPy's geev): permutations
#      isolating eigenvalues, then power-of-2 scaling; undone on the eigenvectors before their
#      normalisation.
#   1. Householder reduction to upper Hessenberg form H = Q^H A Q (gehrd), Q accumulated
#      backwards (orghr); reflectors P = I - 2 v v^H / (v^H v) applied by row updates.
#   2. float64: Francis double-shift implicit QR in real arithmetic (hqr2, Golub & Van Loan 7.5),
#      2 x 2 blocks for complex pairs, so real eigenvalues stay exactly real; complex128:
#      single-shift complex QR (comqr2 / zlahqr), Wilkinson shift, exceptional shifts at 10 and
#      20 iterations, bulge chased by complex Givens rotations. At most 30 n QR steps per matrix,
#      then info > 0; nan / inf input returns info = n at once.
#   3. Eigenvectors: back substitution on the Schur form (hqr2's; ztrevc's for the complex
#      triangular T), times Z; unit 2-norm; a complex vector turned so that its largest-magnitude
#      component is real and positive, a real one (real input, real eigenvalue) stays real.
# Z (Q) is kept transposed in workspace (row k = column k of Z): the rotations acting on its
# columns and the back transformation are contiguous row loops.

cdef extern from "math.h" nogil:
    double eig_ldexp "ldexp"(double x, int e)
    double eig_frexp "frexp"(double x, int *e)

cdef double EIG_EPS = 2.220446049250313e-16
cdef double EIG_TINY = 2.2250738585072014e-308


cdef inline cdouble_t eig_c(double re, double im) noexcept nogil:
    cdef cdouble_t r
    r.re = re
    r.im = im
    return r


cdef inline cdouble_t eig_cmul(cdouble_t x, cdouble_t y) noexcept nogil:
    return eig_c(x.re * y.re - x.im * y.im, x.re * y.im + x.im * y.re)


cdef inline cdouble_t eig_cmul_conj(cdouble_t x, cdouble_t y) noexcept nogil:
    """x * conj(y)"""
    return eig_c(x.re * y.re + x.im * y.im, x.im * y.re - x.re * y.im)


cdef inline double eig_cmag(cdouble_t z) noexcept nogil:
    """LAPACK's cheap modulus |re| + |im|."""
    return fabs(z.re) + fabs(z.im)


cdef inline cdouble_t eig_csqrt(cdouble_t z) noexcept nogil:
    """The principal square root."""
    cdef double r = c_hypot(z.re, z.im)
    cdef double t
    if r == 0:
        return eig_c(0.0, 0.0)
    if z.re >= 0:
        t = c_sqrt((r + z.re) / 2)
        return eig_c(t, z.im / (2 * t))
    t = c_sqrt((r - z.re) / 2)
    return eig_c(fabs(z.im) / (2 * t), c_copysign(t, z.im))


# ---- 0. Balancing (LAPACK gebal, job 'B' as NumPy's geev; eigen_general.balance) -------------

cdef inline double eig_abs(fac_t x) noexcept nogil:
    if fac_t is double:
        return fabs(x)
    else:
        return c_hypot(x.re, x.im)


cdef inline double eig_abs2(fac_t x) noexcept nogil:
    if fac_t is double:
        return x * x
    else:
        return x.re * x.re + x.im * x.im


cdef inline fac_t eig_scaled(fac_t x, double f) noexcept nogil:
    if fac_t is double:
        return x * f
    else:
        x.re = x.re * f
        x.im = x.im * f
        return x


cdef void eig_exchange(fac_t *a, Py_ssize_t n, Py_ssize_t i, Py_ssize_t j) noexcept nogil:
    """Rows i, j and columns i, j swapped (a permutation similarity)."""
    cdef Py_ssize_t k
    cdef fac_t t
    for k in range(n):
        t = a[i * n + k]
        a[i * n + k] = a[j * n + k]
        a[j * n + k] = t
    for k in range(n):
        t = a[k * n + i]
        a[k * n + i] = a[k * n + j]
        a[k * n + j] = t


cdef Py_ssize_t eig_balance(fac_t *a, Py_ssize_t n, int64_t *swaps,
                            double *scale) noexcept nogil:
    """A <- D^-1 P^T A P D: permutations isolating eigenvalues (the swaps, pairs (i, j) in
    order; returns their number), then power-of-2 scaling (scale[i])."""
    cdef Py_ssize_t count = 0, low = 0, high = n - 1, i, j, k
    cdef bint found = True, isolated, converged
    cdef int sweep
    cdef double sfmin1 = EIG_TINY / EIG_EPS
    cdef double sfmax1 = 1 / sfmin1
    cdef double sfmin2 = sfmin1 * 2
    cdef double sfmax2 = 1 / sfmin2
    cdef double c, r, ca, ra, g, f, s_, t
    while found and high > 0:  # rows isolating an eigenvalue -> the bottom
        found = False
        i = high
        while i >= 0 and not found:
            isolated = True
            for j in range(high + 1):
                if j != i and eig_abs2(a[i * n + j]) != 0:
                    isolated = False
                    break
            if isolated:
                if i != high:
                    eig_exchange(a, n, i, high)
                    swaps[2 * count] = i
                    swaps[2 * count + 1] = high
                    count += 1
                high -= 1
                found = True
            i -= 1
    found = True
    while found:  # columns isolating an eigenvalue -> the top
        found = False
        j = low
        while j <= high and not found:
            isolated = True
            for i in range(low, high + 1):
                if i != j and eig_abs2(a[i * n + j]) != 0:
                    isolated = False
                    break
            if isolated:
                if j != low:
                    eig_exchange(a, n, j, low)
                    swaps[2 * count] = j
                    swaps[2 * count + 1] = low
                    count += 1
                low += 1
                found = True
            j += 1
    for i in range(n):
        scale[i] = 1.0
    for sweep in range(100):
        converged = True
        for i in range(low, high + 1):
            c = 0
            r = 0
            for k in range(low, high + 1):
                c = c + eig_abs2(a[k * n + i])
                r = r + eig_abs2(a[i * n + k])
            c = c_sqrt(c)
            r = c_sqrt(r)
            if c == 0 or r == 0:
                continue
            ca = 0
            ra = 0
            for k in range(high + 1):
                t = eig_abs(a[k * n + i])
                if t > ca:
                    ca = t
            for k in range(low, n):
                t = eig_abs(a[i * n + k])
                if t > ra:
                    ra = t
            g = r / 2
            f = 1.0
            s_ = c + r
            while (c < g and f < sfmax2 and c < sfmax2 and ca < sfmax2 and r > sfmin2
                   and g > sfmin2 and ra > sfmin2):
                f = f * 2
                c = c * 2
                ca = ca * 2
                r = r / 2
                g = g / 2
                ra = ra / 2
            g = c / 2
            while (g >= r and r < sfmax2 and ra < sfmax2 and f > sfmin2 and c > sfmin2
                   and g > sfmin2 and ca > sfmin2):
                f = f / 2
                c = c / 2
                g = g / 2
                ca = ca / 2
                r = r * 2
                ra = ra * 2
            if c + r >= 0.95 * s_:
                continue
            if f < 1 and scale[i] < 1 and f * scale[i] <= sfmin1:
                continue
            if f > 1 and scale[i] > 1 and scale[i] >= sfmax1 / f:
                continue
            scale[i] = scale[i] * f
            converged = False
            t = 1.0 / f  # powers of 2: exact
            for k in range(n):
                a[i * n + k] = eig_scaled(a[i * n + k], t)
            for k in range(n):
                a[k * n + i] = eig_scaled(a[k * n + i], f)
        if converged:
            break
    return count


cdef void eig_unbalance(cdouble_t *col, Py_ssize_t n, const int64_t *swaps, Py_ssize_t count,
                        const double *scale) noexcept nogil:
    """The balancing undone on an eigenvector of the balanced matrix: v = P D v'."""
    cdef Py_ssize_t i, j, k
    cdef cdouble_t t
    for i in range(n):
        col[i].re = col[i].re * scale[i]
        col[i].im = col[i].im * scale[i]
    for k in range(count - 1, -1, -1):
        i = swaps[2 * k]
        j = swaps[2 * k + 1]
        t = col[i]
        col[i] = col[j]
        col[j] = t


# ---- 1. Hessenberg reduction ----------------------------------------------------------------

cdef void eig_hessenberg_real(double *a, Py_ssize_t n, double *qt, double *vs, double *beta,
                              double *tmp) noexcept nogil:
    """a <- Q^T a Q upper Hessenberg (zeros below the subdiagonal); qt <- Q^T if not NULL."""
    cdef Py_ssize_t j, i, c, r, length
    cdef double *v
    cdef double *row
    cdef double norm2, norm, alpha, b, s, f, t, size
    cdef bint rest_zero
    for j in range(n - 2):
        length = n - j - 1
        v = vs + j * n
        size = 0
        rest_zero = True
        for i in range(length):
            v[i] = a[(j + 1 + i) * n + j]
            if fabs(v[i]) > size:
                size = fabs(v[i])
            if i > 0 and v[i] != 0:
                rest_zero = False
        if rest_zero:
            beta[j] = 0
            continue
        norm2 = 0  # x scaled by its largest entry: no under- or overflow in the squares
        for i in range(length):
            v[i] = v[i] / size
            norm2 = norm2 + v[i] * v[i]
        norm = c_sqrt(norm2)
        alpha = v[0]
        v[0] = alpha - norm if alpha < 0 else alpha + norm
        s = 0
        for i in range(length):
            s = s + v[i] * v[i]
        b = 2.0 / s
        beta[j] = b
        for c in range(j, n):  # left: rows j+1.., A <- A - b v (v^T A)
            tmp[c] = 0
        for i in range(length):
            f = v[i]
            row = a + (j + 1 + i) * n
            for c in range(j, n):
                tmp[c] = tmp[c] + f * row[c]
        for i in range(length):
            f = b * v[i]
            row = a + (j + 1 + i) * n
            for c in range(j, n):
                row[c] = row[c] - f * tmp[c]
        for r in range(n):  # right: columns j+1.., A <- A - b (A v) v^T
            row = a + r * n + j + 1
            s = 0
            for i in range(length):
                s = s + row[i] * v[i]
            f = b * s
            for i in range(length):
                row[i] = row[i] - f * v[i]
        for i in range(j + 2, n):
            a[i * n + j] = 0
    if qt == NULL:
        return
    for r in range(n):
        for c in range(n):
            qt[r * n + c] = 1.0 if r == c else 0.0
    for j in range(n - 3, -1, -1):  # Q[j+1:, j+1:] <- P_j Q[j+1:, j+1:]
        if beta[j] == 0:
            continue
        length = n - j - 1
        v = vs + j * n
        for c in range(j + 1, n):
            tmp[c] = 0
        for i in range(length):
            f = v[i]
            row = qt + (j + 1 + i) * n
            for c in range(j + 1, n):
                tmp[c] = tmp[c] + f * row[c]
        for i in range(length):
            f = beta[j] * v[i]
            row = qt + (j + 1 + i) * n
            for c in range(j + 1, n):
                row[c] = row[c] - f * tmp[c]
    for r in range(n):  # transpose in place
        for c in range(r + 1, n):
            t = qt[r * n + c]
            qt[r * n + c] = qt[c * n + r]
            qt[c * n + r] = t


cdef void eig_hessenberg_complex(cdouble_t *a, Py_ssize_t n, cdouble_t *qt, cdouble_t *vs,
                                 double *beta, cdouble_t *tmp) noexcept nogil:
    """a <- Q^H a Q upper Hessenberg (zeros below the subdiagonal); qt <- Q^T if not NULL."""
    cdef Py_ssize_t j, i, c, r, length
    cdef cdouble_t *v
    cdef cdouble_t *row
    cdef cdouble_t alpha, s, f, t, x
    cdef double norm2, norm, aa, b, vn2, size
    cdef bint rest_zero
    for j in range(n - 2):
        length = n - j - 1
        v = vs + j * n
        size = 0
        rest_zero = True
        for i in range(length):
            v[i] = a[(j + 1 + i) * n + j]
            aa = c_hypot(v[i].re, v[i].im)
            if aa > size:
                size = aa
            if i > 0 and (v[i].re != 0 or v[i].im != 0):
                rest_zero = False
        if rest_zero:
            beta[j] = 0
            continue
        norm2 = 0  # x scaled by its largest entry: no under- or overflow in the squares
        for i in range(length):
            v[i] = eig_c(v[i].re / size, v[i].im / size)
            norm2 = norm2 + v[i].re * v[i].re + v[i].im * v[i].im
        norm = c_sqrt(norm2)
        alpha = v[0]
        aa = c_hypot(alpha.re, alpha.im)
        if aa != 0:  # v[0] = alpha + phase(alpha) ||x||
            v[0] = eig_c(alpha.re + alpha.re / aa * norm, alpha.im + alpha.im / aa * norm)
        else:
            v[0] = eig_c(norm, 0.0)
        vn2 = 0
        for i in range(length):
            vn2 = vn2 + v[i].re * v[i].re + v[i].im * v[i].im
        b = 2.0 / vn2
        beta[j] = b
        for c in range(j, n):  # left: rows j+1.., A <- A - b v (v^H A)
            tmp[c] = eig_c(0.0, 0.0)
        for i in range(length):
            f = eig_c(v[i].re, -v[i].im)
            row = a + (j + 1 + i) * n
            for c in range(j, n):
                x = row[c]
                tmp[c].re = tmp[c].re + f.re * x.re - f.im * x.im
                tmp[c].im = tmp[c].im + f.re * x.im + f.im * x.re
        for i in range(length):
            fac_axpy(a + (j + 1 + i) * n + j, tmp + j, eig_c(b * v[i].re, b * v[i].im), n - j)
        for r in range(n):  # right: columns j+1.., A <- A - b (A v) v^H
            row = a + r * n + j + 1
            s = eig_c(0.0, 0.0)
            for i in range(length):
                s.re = s.re + row[i].re * v[i].re - row[i].im * v[i].im
                s.im = s.im + row[i].re * v[i].im + row[i].im * v[i].re
            f = eig_c(b * s.re, b * s.im)
            for i in range(length):  # row[i] -= f conj(v[i])
                row[i].re = row[i].re - (f.re * v[i].re + f.im * v[i].im)
                row[i].im = row[i].im - (f.im * v[i].re - f.re * v[i].im)
        for i in range(j + 2, n):
            a[i * n + j] = eig_c(0.0, 0.0)
    if qt == NULL:
        return
    for r in range(n):
        for c in range(n):
            qt[r * n + c] = eig_c(1.0 if r == c else 0.0, 0.0)
    for j in range(n - 3, -1, -1):  # Q[j+1:, j+1:] <- P_j Q[j+1:, j+1:]
        if beta[j] == 0:
            continue
        length = n - j - 1
        v = vs + j * n
        for c in range(j + 1, n):
            tmp[c] = eig_c(0.0, 0.0)
        for i in range(length):
            f = eig_c(v[i].re, -v[i].im)
            row = qt + (j + 1 + i) * n
            for c in range(j + 1, n):
                x = row[c]
                tmp[c].re = tmp[c].re + f.re * x.re - f.im * x.im
                tmp[c].im = tmp[c].im + f.re * x.im + f.im * x.re
        for i in range(length):
            fac_axpy(qt + (j + 1 + i) * n + j + 1, tmp + j + 1,
                     eig_c(beta[j] * v[i].re, beta[j] * v[i].im), length)
    for r in range(n):  # transpose in place
        for c in range(r + 1, n):
            t = qt[r * n + c]
            qt[r * n + c] = qt[c * n + r]
            qt[c * n + r] = t


cdef void eig_normalise(cdouble_t *col, Py_ssize_t n, bint keep_real) noexcept nogil:
    """Unit 2-norm; unless keep_real, times the phase that makes the largest-magnitude entry
    real and positive (its imaginary part set to exactly 0)."""
    cdef Py_ssize_t i, at = 0
    cdef double norm2 = 0, big = -1, m2, norm, mod
    cdef cdouble_t phase
    for i in range(n):
        m2 = col[i].re * col[i].re + col[i].im * col[i].im
        norm2 = norm2 + m2
        if m2 > big:
            big = m2
            at = i
    norm = c_sqrt(norm2)
    if not (norm > 0) or norm - norm != 0:
        return
    if keep_real:
        for i in range(n):
            col[i] = eig_c(col[i].re / norm, 0.0)
        return
    mod = c_sqrt(big)
    phase = eig_c(col[at].re / mod / norm, -col[at].im / mod / norm)
    for i in range(n):
        col[i] = eig_cmul(col[i], phase)
    col[at].im = 0.0


cdef inline void eig_cdiv(double xr, double xi, double yr, double yi, double *re,
                          double *im) noexcept nogil:
    """(xr + i xi) / (yr + i yi), Smith's algorithm."""
    cdef double r, d
    if fabs(yr) > fabs(yi):
        r = yi / yr
        d = yr + r * yi
        re[0] = (xr + r * xi) / d
        im[0] = (xi - r * xr) / d
    else:
        r = yr / yi
        d = yi + r * yr
        re[0] = (r * xr + xi) / d
        im[0] = (r * xi - xr) / d


# ---- 2a. float64: hqr2 -----------------------------------------------------------------------

cdef int64_t eig_hqr2(double *h, Py_ssize_t nn, double *d, double *e, double *vt,
                      double *normp) noexcept nogil:
    """The real Schur form of the Hessenberg h by Francis double-shift steps, eigenvalues
    d + i e; vt = V^T (Q^T on entry) accumulated if not NULL. Returns info."""
    cdef double norm = 0, exshift = 0, p = 0, q = 0, r = 0, s = 0, z = 0, w, x, y, t
    cdef Py_ssize_t i, j, k, m, low, top, right
    cdef Py_ssize_t n = nn - 1
    cdef int64_t iteration = 0, total = 0, limit = 30 * nn
    cdef bint notlast
    cdef double *r0
    cdef double *r1
    cdef double *r2
    cdef double *row
    for i in range(nn):
        for j in range(i - 1 if i > 0 else 0, nn):
            norm = norm + fabs(h[i * nn + j])
    normp[0] = norm
    while n >= 0:
        low = n
        while low > 0:
            s = fabs(h[(low - 1) * nn + low - 1]) + fabs(h[low * nn + low])
            if s == 0:
                s = norm
            if fabs(h[low * nn + low - 1]) <= EIG_EPS * s:
                break
            low -= 1
        if low == n:  # one root
            h[n * nn + n] = h[n * nn + n] + exshift
            d[n] = h[n * nn + n]
            e[n] = 0
            n -= 1
            iteration = 0
        elif low == n - 1:  # two roots
            w = h[n * nn + n - 1] * h[(n - 1) * nn + n]
            p = (h[(n - 1) * nn + n - 1] - h[n * nn + n]) / 2.0
            q = p * p + w
            z = c_sqrt(fabs(q))
            h[n * nn + n] = h[n * nn + n] + exshift
            h[(n - 1) * nn + n - 1] = h[(n - 1) * nn + n - 1] + exshift
            x = h[n * nn + n]
            if q >= 0:  # a real pair
                z = p + z if p >= 0 else p - z
                d[n - 1] = x + z
                d[n] = d[n - 1]
                if z != 0:
                    d[n] = x - w / z
                e[n - 1] = 0
                e[n] = 0
                if vt != NULL:  # (values only: nothing else reads the rotated block)
                    x = h[n * nn + n - 1]
                    s = fabs(x) + fabs(z)
                    p = x / s
                    q = z / s
                    r = c_sqrt(p * p + q * q)
                    p = p / r
                    q = q / r
                    r0 = h + (n - 1) * nn
                    r1 = h + n * nn
                    for j in range(n - 1, nn):
                        t = r0[j]
                        r0[j] = q * t + p * r1[j]
                        r1[j] = q * r1[j] - p * t
                    for i in range(n + 1):
                        t = h[i * nn + n - 1]
                        h[i * nn + n - 1] = q * t + p * h[i * nn + n]
                        h[i * nn + n] = q * h[i * nn + n] - p * t
                    r0 = vt + (n - 1) * nn
                    r1 = vt + n * nn
                    for i in range(nn):
                        t = r0[i]
                        r0[i] = q * t + p * r1[i]
                        r1[i] = q * r1[i] - p * t
            else:  # a complex pair, positive imaginary part first
                d[n - 1] = x + p
                d[n] = x + p
                e[n - 1] = z
                e[n] = -z
            n -= 2
            iteration = 0
        else:  # a double-shift QR step
            if total >= limit:
                return n + 1
            x = h[n * nn + n]
            y = h[(n - 1) * nn + n - 1]
            w = h[n * nn + n - 1] * h[(n - 1) * nn + n]
            if iteration == 10:  # Wilkinson's original ad hoc shift
                exshift = exshift + x
                for i in range(n + 1):
                    h[i * nn + i] = h[i * nn + i] - x
                s = fabs(h[n * nn + n - 1]) + fabs(h[(n - 1) * nn + n - 2])
                x = 0.75 * s
                y = x
                w = -0.4375 * s * s
            if iteration == 30:  # MATLAB's ad hoc shift
                s = (y - x) / 2.0
                s = s * s + w
                if s > 0:
                    s = c_sqrt(s)
                    if y < x:
                        s = -s
                    s = x - w / ((y - x) / 2.0 + s)
                    for i in range(n + 1):
                        h[i * nn + i] = h[i * nn + i] - s
                    exshift = exshift + s
                    x = 0.964
                    y = x
                    w = x
            iteration += 1
            total += 1
            m = n - 2
            while m >= low:
                z = h[m * nn + m]
                r = x - z
                s = y - z
                p = (r * s - w) / h[(m + 1) * nn + m] + h[m * nn + m + 1]
                q = h[(m + 1) * nn + m + 1] - z - r - s
                r = h[(m + 2) * nn + m + 1]
                s = fabs(p) + fabs(q) + fabs(r)
                p = p / s
                q = q / s
                r = r / s
                if m == low:
                    break
                if fabs(h[m * nn + m - 1]) * (fabs(q) + fabs(r)) < EIG_EPS * (
                        fabs(p) * (fabs(h[(m - 1) * nn + m - 1]) + fabs(z)
                                   + fabs(h[(m + 1) * nn + m + 1]))):
                    break
                m -= 1
            for i in range(m + 2, n + 1):
                h[i * nn + i - 2] = 0
                if i > m + 2:
                    h[i * nn + i - 3] = 0
            for k in range(m, n):
                notlast = k != n - 1
                if k != m:
                    p = h[k * nn + k - 1]
                    q = h[(k + 1) * nn + k - 1]
                    r = h[(k + 2) * nn + k - 1] if notlast else 0.0
                    x = fabs(p) + fabs(q) + fabs(r)
                    if x == 0:
                        continue
                    p = p / x
                    q = q / x
                    r = r / x
                s = c_sqrt(p * p + q * q + r * r)
                if p < 0:
                    s = -s
                if s != 0:
                    if k != m:
                        h[k * nn + k - 1] = -s * x
                    elif low != m:
                        h[k * nn + k - 1] = -h[k * nn + k - 1]
                    p = p + s
                    x = p / s
                    y = q / s
                    z = r / s
                    q = q / p
                    r = r / p
                    r0 = h + k * nn
                    r1 = r0 + nn
                    r2 = r1 + nn
                    right = nn if vt != NULL else n + 1  # values only: the active block
                    if notlast:  # row modification
                        for j in range(k, right):
                            t = r0[j] + q * r1[j] + r * r2[j]
                            r2[j] = r2[j] - t * z
                            r0[j] = r0[j] - t * x
                            r1[j] = r1[j] - t * y
                    else:
                        for j in range(k, right):
                            t = r0[j] + q * r1[j]
                            r0[j] = r0[j] - t * x
                            r1[j] = r1[j] - t * y
                    top = n if n < k + 3 else k + 3
                    for i in range(0 if vt != NULL else low, top + 1):  # column modification
                        row = h + i * nn + k
                        t = x * row[0] + y * row[1]
                        if notlast:
                            t = t + z * row[2]
                            row[2] = row[2] - t * r
                        row[0] = row[0] - t
                        row[1] = row[1] - t * q
                    if vt != NULL:  # accumulate (rows of V^T)
                        r0 = vt + k * nn
                        r1 = r0 + nn
                        r2 = r1 + nn
                        if notlast:
                            for i in range(nn):
                                t = x * r0[i] + y * r1[i] + z * r2[i]
                                r2[i] = r2[i] - t * r
                                r0[i] = r0[i] - t
                                r1[i] = r1[i] - t * q
                        else:
                            for i in range(nn):
                                t = x * r0[i] + y * r1[i]
                                r0[i] = r0[i] - t
                                r1[i] = r1[i] - t * q
    return 0


cdef void eig_real_back_substitute(double *h, Py_ssize_t nn, const double *d, const double *e,
                                   double norm) noexcept nogil:
    """hqr2's back substitution: h's upper triangle <- the eigenvectors of T (columns n - 1,
    n the real and imaginary parts of a pair's vector)."""
    cdef Py_ssize_t n, i, j, low
    cdef double p, q, r, s, z, t, w, x, y, ra, sa, vr, vi
    for n in range(nn - 1, -1, -1):
        p = d[n]
        q = e[n]
        r = 0
        s = 0
        z = 0
        if q == 0:  # real vector
            low = n
            h[n * nn + n] = 1.0
            for i in range(n - 1, -1, -1):
                w = h[i * nn + i] - p
                r = 0
                for j in range(low, n + 1):
                    r = r + h[i * nn + j] * h[j * nn + n]
                if e[i] < 0:
                    z = w
                    s = r
                else:
                    low = i
                    if e[i] == 0:
                        if w != 0:
                            h[i * nn + n] = -r / w
                        else:
                            h[i * nn + n] = -r / (EIG_EPS * norm)
                    else:
                        x = h[i * nn + i + 1]
                        y = h[(i + 1) * nn + i]
                        q = (d[i] - p) * (d[i] - p) + e[i] * e[i]
                        t = (x * s - z * r) / q
                        h[i * nn + n] = t
                        if fabs(x) > fabs(z):
                            h[(i + 1) * nn + n] = (-r - w * t) / x
                        else:
                            h[(i + 1) * nn + n] = (-s - y * t) / z
                    t = fabs(h[i * nn + n])
                    if (EIG_EPS * t) * t > 1:
                        for j in range(i, n + 1):
                            h[j * nn + n] = h[j * nn + n] / t
        elif q < 0:  # complex vector
            low = n - 1
            if fabs(h[n * nn + n - 1]) > fabs(h[(n - 1) * nn + n]):
                h[(n - 1) * nn + n - 1] = q / h[n * nn + n - 1]
                h[(n - 1) * nn + n] = -(h[n * nn + n] - p) / h[n * nn + n - 1]
            else:
                eig_cdiv(0.0, -h[(n - 1) * nn + n], h[(n - 1) * nn + n - 1] - p, q,
                         &h[(n - 1) * nn + n - 1], &h[(n - 1) * nn + n])
            h[n * nn + n - 1] = 0
            h[n * nn + n] = 1
            for i in range(n - 2, -1, -1):
                ra = 0
                sa = 0
                for j in range(low, n + 1):
                    ra = ra + h[i * nn + j] * h[j * nn + n - 1]
                    sa = sa + h[i * nn + j] * h[j * nn + n]
                w = h[i * nn + i] - p
                if e[i] < 0:
                    z = w
                    r = ra
                    s = sa
                else:
                    low = i
                    if e[i] == 0:
                        eig_cdiv(-ra, -sa, w, q, &h[i * nn + n - 1], &h[i * nn + n])
                    else:
                        x = h[i * nn + i + 1]
                        y = h[(i + 1) * nn + i]
                        vr = (d[i] - p) * (d[i] - p) + e[i] * e[i] - q * q
                        vi = (d[i] - p) * 2.0 * q
                        if vr == 0 and vi == 0:
                            vr = EIG_EPS * norm * (fabs(w) + fabs(q) + fabs(x) + fabs(y)
                                                   + fabs(z))
                        eig_cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi,
                                 &h[i * nn + n - 1], &h[i * nn + n])
                        if fabs(x) > fabs(z) + fabs(q):
                            h[(i + 1) * nn + n - 1] = (-ra - w * h[i * nn + n - 1]
                                                       + q * h[i * nn + n]) / x
                            h[(i + 1) * nn + n] = (-sa - w * h[i * nn + n]
                                                   - q * h[i * nn + n - 1]) / x
                        else:
                            eig_cdiv(-r - y * h[i * nn + n - 1], -s - y * h[i * nn + n], z, q,
                                     &h[(i + 1) * nn + n - 1], &h[(i + 1) * nn + n])
                    t = fabs(h[i * nn + n - 1])
                    if fabs(h[i * nn + n]) > t:
                        t = fabs(h[i * nn + n])
                    if (EIG_EPS * t) * t > 1:
                        for j in range(i, n + 1):
                            h[j * nn + n - 1] = h[j * nn + n - 1] / t
                            h[j * nn + n] = h[j * nn + n] / t


cdef int64_t eig_real(double *a, Py_ssize_t n, cdouble_t *w, cdouble_t *u, const int64_t *swaps,
                      Py_ssize_t count, const double *scale) noexcept nogil:
    """float64 input: Hessenberg, hqr2, eigenvectors."""
    cdef Py_ssize_t nn = n * n, i, j, k
    cdef double *work = <double *>malloc(sizeof(double) * ((2 * nn if u != NULL else nn) + 6 * n))
    cdef double *vs
    cdef double *d
    cdef double *e
    cdef double *beta
    cdef double *tmp
    cdef double *vt = NULL
    cdef double *target
    cdef double *re
    cdef double *im
    cdef cdouble_t *col
    cdef double f, g, norm = 0
    cdef int64_t info
    if work == NULL:
        return n
    vs = work
    d = vs + nn
    e = d + n
    beta = e + n
    tmp = beta + n
    col = <cdouble_t *>(tmp + n)
    if u != NULL:
        vt = tmp + 3 * n
    eig_hessenberg_real(a, n, vt, vs, beta, tmp)
    info = eig_hqr2(a, n, d, e, vt, &norm)
    for j in range(n):
        w[j] = eig_c(d[j], e[j])
    if info != 0 or u == NULL:
        free(work)
        return info
    if norm != 0:
        eig_real_back_substitute(a, n, d, e, norm)
        # V <- V X (X upper triangular, in a): row j of V^T <- sum_{k <= j} a[k][j] vt[k]
        for j in range(n - 1, -1, -1):
            target = vt + j * n
            f = a[j * n + j]
            for i in range(n):
                target[i] = target[i] * f
            for k in range(j):
                g = a[k * n + j]
                if g != 0:
                    re = vt + k * n
                    for i in range(n):
                        target[i] = target[i] + g * re[i]
    j = 0
    while j < n:
        re = vt + j * n
        if e[j] > 0 and j + 1 < n:  # a pair: re +- i im
            im = re + n
            for i in range(n):
                col[i] = eig_c(re[i], im[i])
            eig_unbalance(col, n, swaps, count, scale)
            eig_normalise(col, n, False)
            for i in range(n):
                u[i * n + j] = col[i]
                u[i * n + j + 1] = eig_c(col[i].re, -col[i].im)
            j += 2
        else:
            for i in range(n):
                col[i] = eig_c(re[i], 0.0)
            eig_unbalance(col, n, swaps, count, scale)
            eig_normalise(col, n, True)
            for i in range(n):
                u[i * n + j] = col[i]
            j += 1
    free(work)
    return 0


# ---- 2b. complex128: single-shift complex QR ------------------------------------------------

cdef inline void eig_givens(cdouble_t f, cdouble_t g, double *c, cdouble_t *s,
                            cdouble_t *r) noexcept nogil:
    """c real, s complex with [c s; -conj(s) c] [f; g] = [r; 0]."""
    cdef double ag, af, norm
    if g.re == 0 and g.im == 0:
        c[0] = 1
        s[0] = eig_c(0.0, 0.0)
        r[0] = f
        return
    if f.re == 0 and f.im == 0:
        ag = c_hypot(g.re, g.im)
        c[0] = 0
        s[0] = eig_c(g.re / ag, -g.im / ag)
        r[0] = eig_c(ag, 0.0)
        return
    af = c_hypot(f.re, f.im)
    norm = c_hypot(af, c_hypot(g.re, g.im))
    c[0] = af / norm
    s[0] = eig_cmul_conj(eig_c(f.re / af / norm, f.im / af / norm), g)
    r[0] = eig_c(f.re / af * norm, f.im / af * norm)


cdef int64_t eig_complex(cdouble_t *h, Py_ssize_t n, cdouble_t *w, cdouble_t *u,
                         const int64_t *swaps, Py_ssize_t count,
                         const double *scale) noexcept nogil:
    """complex128 input: Hessenberg, single-shift QR to the Schur form, ztrevc-like vectors."""
    cdef Py_ssize_t nn = n * n, i, j, k, low, hi, first, last, bottom
    cdef cdouble_t *work = <cdouble_t *>malloc(
        sizeof(cdouble_t) * ((2 * nn if u != NULL else nn) + 3 * n))
    cdef cdouble_t *vs
    cdef cdouble_t *tmp
    cdef cdouble_t *col
    cdef cdouble_t *zt = NULL
    cdef cdouble_t *r0
    cdef cdouble_t *r1
    cdef cdouble_t *row
    cdef double *beta
    cdef double norm = 0, s_, c, smin, small, size
    cdef int64_t iteration = 0, total = 0, limit = 30 * n
    cdef cdouble_t shift, a_, b_, cc, dd, half, disc, f, g, s, sc, r, x, y, lam, t, den
    if work == NULL:
        return n
    vs = work
    tmp = vs + nn
    col = tmp + n
    beta = <double *>(col + n)
    if u != NULL:
        zt = col + 2 * n
    eig_hessenberg_complex(h, n, zt, vs, beta, tmp)
    for i in range(n):
        for j in range(i - 1 if i > 0 else 0, n):
            norm = norm + eig_cmag(h[i * n + j])
    hi = n - 1
    while hi >= 0:
        low = hi
        while low > 0:
            s_ = eig_cmag(h[(low - 1) * n + low - 1]) + eig_cmag(h[low * n + low])
            if s_ == 0:
                s_ = norm
            if eig_cmag(h[low * n + low - 1]) <= EIG_EPS * s_:
                h[low * n + low - 1] = eig_c(0.0, 0.0)
                break
            low -= 1
        if low == hi:
            hi -= 1
            iteration = 0
            continue
        if total >= limit:
            for i in range(n):
                w[i] = h[i * n + i]
            free(work)
            return hi + 1
        iteration += 1
        total += 1
        if iteration == 10:  # exceptional shifts (zlahqr)
            shift = h[low * n + low]
            shift.re = shift.re + 0.75 * fabs(h[(low + 1) * n + low].re)
        elif iteration == 20:
            shift = h[hi * n + hi]
            shift.re = shift.re + 0.75 * fabs(h[hi * n + hi - 1].re)
        else:  # Wilkinson: the eigenvalue of the trailing 2 x 2 block nearer h[hi][hi]
            a_ = h[(hi - 1) * n + hi - 1]
            b_ = h[(hi - 1) * n + hi]
            cc = h[hi * n + hi - 1]
            dd = h[hi * n + hi]
            half = eig_c((a_.re - dd.re) / 2, (a_.im - dd.im) / 2)
            t = eig_cmul(half, half)
            x = eig_cmul(b_, cc)
            disc = eig_csqrt(eig_c(t.re + x.re, t.im + x.im))
            if (eig_cmag(eig_c(half.re - disc.re, half.im - disc.im))
                    > eig_cmag(eig_c(half.re + disc.re, half.im + disc.im))):
                disc = eig_c(-disc.re, -disc.im)
            shift = eig_c(dd.re + half.re - disc.re, dd.im + half.im - disc.im)
        first = 0 if u != NULL else low
        last = n if u != NULL else hi + 1
        f = eig_c(h[low * n + low].re - shift.re, h[low * n + low].im - shift.im)
        g = h[(low + 1) * n + low]
        for k in range(low, hi):
            if k > low:
                f = h[k * n + k - 1]
                g = h[(k + 1) * n + k - 1]
            eig_givens(f, g, &c, &s, &r)
            if k > low:
                h[k * n + k - 1] = r
                h[(k + 1) * n + k - 1] = eig_c(0.0, 0.0)
            sc = eig_c(s.re, -s.im)
            r0 = h + k * n
            r1 = r0 + n
            for j in range(k, last):  # rows k, k + 1 <- G rows
                x = r0[j]
                y = r1[j]
                r0[j].re = c * x.re + (s.re * y.re - s.im * y.im)
                r0[j].im = c * x.im + (s.re * y.im + s.im * y.re)
                r1[j].re = c * y.re - (sc.re * x.re - sc.im * x.im)
                r1[j].im = c * y.im - (sc.re * x.im + sc.im * x.re)
            bottom = k + 2 if k + 2 < hi else hi
            for i in range(first, bottom + 1):  # columns k, k + 1 <- columns G^H
                row = h + i * n + k
                x = row[0]
                y = row[1]
                row[0].re = c * x.re + (sc.re * y.re - sc.im * y.im)
                row[0].im = c * x.im + (sc.re * y.im + sc.im * y.re)
                row[1].re = c * y.re - (s.re * x.re - s.im * x.im)
                row[1].im = c * y.im - (s.re * x.im + s.im * x.re)
            if zt != NULL:  # Z's columns: rows of Z^T
                r0 = zt + k * n
                r1 = r0 + n
                for i in range(n):
                    x = r0[i]
                    y = r1[i]
                    r0[i].re = c * x.re + (sc.re * y.re - sc.im * y.im)
                    r0[i].im = c * x.im + (sc.re * y.im + sc.im * y.re)
                    r1[i].re = c * y.re - (s.re * x.re - s.im * x.im)
                    r1[i].im = c * y.im - (s.re * x.im + s.im * x.re)
    for i in range(n):
        w[i] = h[i * n + i]
    if u == NULL:
        free(work)
        return 0
    # T's eigenvector k in x = vs (entries 0..k), then column k of u = sum_j x[j] Z[:, j]
    small = EIG_TINY * n / EIG_EPS
    for k in range(n):
        lam = h[k * n + k]
        smin = EIG_EPS * eig_cmag(lam)
        if smin < small:
            smin = small
        vs[k] = eig_c(1.0, 0.0)
        for i in range(k - 1, -1, -1):
            t = eig_c(0.0, 0.0)
            row = h + i * n
            for j in range(i + 1, k + 1):
                t.re = t.re + row[j].re * vs[j].re - row[j].im * vs[j].im
                t.im = t.im + row[j].re * vs[j].im + row[j].im * vs[j].re
            den = eig_c(row[i].re - lam.re, row[i].im - lam.im)
            if eig_cmag(den) < smin:
                den = eig_c(smin, 0.0)
            complex_divide(-t.re, -t.im, den.re, den.im, &vs[i].re, &vs[i].im)
            size = eig_cmag(vs[i])
            if size > 1e100:
                for j in range(i, k + 1):
                    vs[j] = eig_c(vs[j].re / size, vs[j].im / size)
        for i in range(n):
            col[i] = eig_c(0.0, 0.0)
        for j in range(k + 1):
            x = vs[j]
            row = zt + j * n
            for i in range(n):
                col[i].re = col[i].re + x.re * row[i].re - x.im * row[i].im
                col[i].im = col[i].im + x.re * row[i].im + x.im * row[i].re
        eig_unbalance(col, n, swaps, count, scale)
        eig_normalise(col, n, False)
        for i in range(n):
            u[i * n + k] = col[i]
    free(work)
    return 0


cdef int64_t eig_matrix(fac_t *a, Py_ssize_t n, cdouble_t *w, cdouble_t *u,
                        int nthreads) noexcept nogil:
    """w: the n complex eigenvalues; u: complex eigenvectors as columns, or NULL. Returns
    info. One matrix runs on one thread (batches are split over threads)."""
    cdef Py_ssize_t i, count
    cdef bint finite = True
    cdef double smlnum = c_sqrt(EIG_TINY) / EIG_EPS
    cdef double largest = 0, t
    cdef int shift = 0
    cdef double *scale
    cdef int64_t *swaps
    cdef int64_t info
    for i in range(n * n):
        if fac_t is double:
            if a[i] - a[i] != 0:
                finite = False
        else:
            if a[i].re - a[i].re != 0 or a[i].im - a[i].im != 0:
                finite = False
    if not finite:  # nan or inf (the front end rejects them): nothing converges
        for i in range(n):
            w[i] = eig_c(C_NAN, C_NAN)
        if u != NULL:
            for i in range(n * n):
                u[i] = eig_c(C_NAN, C_NAN)
        return n
    # geev: a largest entry outside [sqrt(tiny) / eps, its reciprocal] is scaled (by a power
    # of 2, exactly) to near 1; the eigenvalues are scaled back
    for i in range(n * n):
        t = eig_abs(a[i])
        if t > largest:
            largest = t
    if (largest > 0 and largest < smlnum) or largest > 1 / smlnum:
        eig_frexp(largest, &shift)
        shift = -shift
        for i in range(n * n):
            if fac_t is double:
                a[i] = eig_ldexp(a[i], shift)
            else:
                a[i].re = eig_ldexp(a[i].re, shift)
                a[i].im = eig_ldexp(a[i].im, shift)
    scale = <double *>malloc(sizeof(double) * 3 * n)
    if scale == NULL:
        return n
    swaps = <int64_t *>(scale + n)
    count = eig_balance(a, n, swaps, scale)
    if fac_t is double:
        info = eig_real(a, n, w, u, swaps, count, scale)
    else:
        info = eig_complex(a, n, w, u, swaps, count, scale)
    free(scale)
    if shift != 0:
        for i in range(n):
            w[i].re = eig_ldexp(w[i].re, -shift)
            w[i].im = eig_ldexp(w[i].im, -shift)
    return info
