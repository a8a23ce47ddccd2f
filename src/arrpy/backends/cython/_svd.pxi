# Singular value decomposition (abi.h ARRPY_SVD), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# Algorithm: one-sided Jacobi (Hestenes 1958, de Rijk 1989's pivoting; Golub & Van Loan,
# Matrix Computations, 4th ed., 8.6.4; LAPACK dgesvj), the python backend's (backends/python/
# svd.py documents every step): for m >= n the columns of B = A, for m < n those of B = A^H,
# are orthogonalised by plane rotations from the right (B V = U S). B's columns are kept as the
# rows of W = B^T and V as V^T, so dot products and rotations run along contiguous rows. A is
# scaled by a power of two; nan / inf input gives info = 1 at once. de Rijk pivoting, relative
# test |g_i^H g_j| > k eps |g_i| |g_j|, at most 60 sweeps (info = 1 if not converged); squared
# norms below 1e-300 (scaled) are zero columns. U completed (rank deficiency, full_matrices)
# by Householder QR of the computed columns; values sorted descending.

from libc.math cimport sqrt as svd_sqrt, hypot as svd_hypot, copysign as svd_copysign
from libc.math cimport frexp as svd_frexp, ldexp as svd_ldexp, NAN as SVD_NAN

cdef int SVD_MAX_SWEEPS = 60
cdef double SVD_TINY = 1e-300
cdef double SVD_EPS = 2.220446049250313e-16


cdef inline double svd_norm2(const fac_t *x, Py_ssize_t n) noexcept nogil:
    """sum |x|^2"""
    cdef Py_ssize_t i
    cdef double r = 0
    for i in range(n):
        if fac_t is double:
            r += x[i] * x[i]
        else:
            r += x[i].re * x[i].re + x[i].im * x[i].im
    return r


cdef inline fac_t svd_dot(const fac_t *x, const fac_t *y, Py_ssize_t n) noexcept nogil:
    """x^H y"""
    cdef Py_ssize_t i
    cdef fac_t r
    if fac_t is double:
        r = 0
        for i in range(n):
            r += x[i] * y[i]
    else:
        r.re = 0
        r.im = 0
        for i in range(n):
            r.re += x[i].re * y[i].re + x[i].im * y[i].im
            r.im += x[i].re * y[i].im - x[i].im * y[i].re
    return r


cdef inline void svd_rotate(fac_t *x, fac_t *y, double c, fac_t s,
                            Py_ssize_t n) noexcept nogil:
    """x <- c x - conj(s) y, y <- s x + c y"""
    cdef Py_ssize_t i
    cdef double xr, xi, yr, yi
    if fac_t is double:
        for i in range(n):
            xr = x[i]
            yr = y[i]
            x[i] = c * xr - s * yr
            y[i] = s * xr + c * yr
    else:
        for i in range(n):
            xr = x[i].re
            xi = x[i].im
            yr = y[i].re
            yi = y[i].im
            x[i].re = c * xr - (s.re * yr + s.im * yi)
            x[i].im = c * xi - (s.re * yi - s.im * yr)
            y[i].re = (s.re * xr - s.im * xi) + c * yr
            y[i].im = (s.re * xi + s.im * xr) + c * yi


cdef inline double svd_abs(fac_t x) noexcept nogil:
    if fac_t is double:
        return fabs(x)
    else:
        return svd_hypot(x.re, x.im)


cdef inline fac_t svd_phase(fac_t gamma, double size, double s) noexcept nogil:
    """s e^(i phi) for gamma = size e^(i phi)"""
    cdef fac_t r
    if fac_t is double:
        return s if gamma >= 0 else -s
    else:
        r.re = s * (gamma.re / size)
        r.im = s * (gamma.im / size)
        return r


cdef inline fac_t svd_times(fac_t x, double f) noexcept nogil:
    if fac_t is double:
        return x * f
    else:
        x.re = x.re * f
        x.im = x.im * f
        return x


cdef inline fac_t svd_scaled(fac_t x, int e) noexcept nogil:
    """x * 2^e, exactly"""
    if fac_t is double:
        return svd_ldexp(x, e)
    else:
        x.re = svd_ldexp(x.re, e)
        x.im = svd_ldexp(x.im, e)
        return x


cdef inline fac_t svd_conj(fac_t x) noexcept nogil:
    if fac_t is double:
        return x
    else:
        x.im = -x.im
        return x


cdef inline void svd_set(fac_t *p, double value) noexcept nogil:
    if fac_t is double:
        p[0] = value
    else:
        p[0].re = value
        p[0].im = 0


cdef int64_t svd_jacobi(fac_t *w, fac_t *v, Py_ssize_t k, Py_ssize_t big,
                        double *norms) noexcept nogil:
    """One-sided Jacobi on the k rows of w (length big), the same rotations on v's rows (length
    k) unless v is NULL; norms: the squared row norms out. Returns info."""
    cdef double tol = SVD_EPS * (k if k > 1 else 1)
    cdef int sweep
    cdef bint rotated
    cdef Py_ssize_t i, j, l, p, c
    cdef double alpha, beta, size, zeta, t, cs, tmp, new_i, new_j
    cdef fac_t gamma, sp, swap
    cdef fac_t *wi
    cdef fac_t *wj
    for sweep in range(SVD_MAX_SWEEPS):
        rotated = False
        for i in range(k):
            norms[i] = svd_norm2(w + i * big, big)
        for i in range(k - 1):
            p = i  # de Rijk: the largest remaining column first
            for l in range(i + 1, k):
                if norms[l] > norms[p]:
                    p = l
            if p != i:
                fac_swap_rows(w + i * big, w + p * big, big)
                if v != NULL:
                    fac_swap_rows(v + i * k, v + p * k, k)
                tmp = norms[i]
                norms[i] = norms[p]
                norms[p] = tmp
            wi = w + i * big
            for j in range(i + 1, k):
                alpha = norms[i]
                beta = norms[j]
                if alpha < SVD_TINY or beta < SVD_TINY:
                    continue
                wj = w + j * big
                gamma = svd_dot(wi, wj, big)
                size = svd_abs(gamma)
                if not (size > tol * svd_sqrt(alpha) * svd_sqrt(beta)):
                    continue
                rotated = True
                zeta = (beta - alpha) / (2.0 * size)
                t = svd_copysign(1.0 / (fabs(zeta) + svd_hypot(1.0, zeta)), zeta)
                cs = 1.0 / svd_sqrt(1.0 + t * t)
                sp = svd_phase(gamma, size, cs * t)
                svd_rotate(wi, wj, cs, sp, big)
                if v != NULL:
                    svd_rotate(v + i * k, v + j * k, cs, sp, k)
                new_i = alpha - t * size
                new_j = beta + t * size
                norms[i] = new_i if new_i > 0.25 * alpha else svd_norm2(wi, big)
                norms[j] = new_j if new_j > 0.25 * beta else svd_norm2(wj, big)
        if not rotated:
            return 0
    return 1


cdef void svd_complete(fac_t *rows, Py_ssize_t r, Py_ssize_t total, Py_ssize_t big, fac_t *x,
                       double *factors) noexcept nogil:
    """Fill rows r .. total-1 (length big) after the r orthonormal rows with Q's columns
    r .. total-1 of the Householder QR of rows^T (svd.py _complete); x: r x big workspace for
    the reflectors v_j, factors: their 2 / v^H v."""
    cdef Py_ssize_t j, l, p, c, length
    cdef double norm, size, scale
    cdef fac_t phase, f
    cdef fac_t *vj
    cdef fac_t *e
    if total <= r:
        return
    if r > 0:
        memcpy(x, rows, sizeof(fac_t) * r * big)
    for j in range(r):
        vj = x + j * big + j
        length = big - j
        norm = svd_sqrt(svd_norm2(vj, length))
        size = svd_abs(vj[0])
        svd_set(&phase, 1.0)
        if size > 0:
            phase = svd_phase(vj[0], size, 1.0)
        # v = x - beta e_j with beta = -phase * norm
        if fac_t is double:
            vj[0] = vj[0] + phase * norm
        else:
            vj[0].re = vj[0].re + phase.re * norm
            vj[0].im = vj[0].im + phase.im * norm
        scale = svd_norm2(vj, length)
        factors[j] = 2.0 / scale if scale > 0 else 0.0
        if factors[j] == 0:
            continue
        for l in range(j + 1, r):
            f = svd_times(svd_dot(vj, x + l * big + j, length), factors[j])
            fac_axpy(x + l * big + j, vj, f, length)
    for p in range(r, total):
        e = rows + p * big
        for c in range(big):
            svd_set(e + c, 0.0)
        svd_set(e + p, 1.0)
        for j in range(r - 1, -1, -1):
            if factors[j] == 0:
                continue
            vj = x + j * big + j
            length = big - j
            f = svd_times(svd_dot(vj, e + j, length), factors[j])
            fac_axpy(e + j, vj, f, length)


cdef int64_t svd_matrix(fac_t *a, Py_ssize_t m, Py_ssize_t n, double *s, fac_t *u,
                        Py_ssize_t ucols, fac_t *vt, Py_ssize_t vtrows,
                        int nthreads) noexcept nogil:
    """s: the min(m, n) descending singular values; u (m x ucols) and vt (vtrows x n), or both
    NULL. Returns info."""
    cdef Py_ssize_t k = min(m, n)
    cdef Py_ssize_t big = max(m, n)
    cdef bint swap = m < n
    cdef bint vectors = u != NULL
    cdef Py_ssize_t per = 1 if fac_t is double else 2
    cdef Py_ssize_t i, j, r, c, row, prows, welems
    cdef double largest = 0, x, inverse
    cdef bint finite = True
    cdef int exponent = 0
    cdef int64_t info
    cdef double *ad = <double *>a
    cdef double *ud
    cdef double *vd
    cdef fac_t *w
    cdef fac_t *v = NULL
    cdef fac_t *p = NULL
    cdef fac_t *xw = NULL
    cdef double *norms
    cdef double *factors
    cdef int64_t *order
    cdef fac_t *src
    for i in range(m * n * per):
        x = fabs(ad[i])
        if not (x <= 1.7976931348623157e308):
            finite = False
        if x > largest:
            largest = x
    if not finite:  # nan or inf: no iteration at all
        for i in range(k):
            s[i] = SVD_NAN
        if vectors:
            ud = <double *>u
            vd = <double *>vt
            for i in range(m * ucols * per):
                ud[i] = SVD_NAN
            for i in range(vtrows * n * per):
                vd[i] = SVD_NAN
        return 1
    if largest > 0:
        svd_frexp(largest, &exponent)
    prows = 0
    if vectors:
        prows = vtrows if swap else ucols
    welems = k * big
    if vectors:
        welems += k * k + prows * big + k * big
    w = <fac_t *>malloc(sizeof(fac_t) * welems + sizeof(double) * 2 * k + sizeof(int64_t) * k)
    if w == NULL:
        return 1
    if vectors:
        v = w + k * big
        p = v + k * k
        xw = p + prows * big
    norms = <double *>(w + welems)
    factors = norms + k
    order = <int64_t *>(factors + k)
    # W = B^T: rows = columns of A (m >= n) or conjugated rows of A (B = A^H)
    # (by ldexp: 2^-exponent itself may overflow for subnormal input)
    if swap:
        for i in range(m * n):
            w[i] = svd_scaled(svd_conj(a[i]), -exponent)
    else:
        for r in range(m):
            for c in range(n):
                w[c * m + r] = svd_scaled(a[r * n + c], -exponent)
    if vectors:
        for r in range(k):
            for c in range(k):
                svd_set(v + r * k + c, 1.0 if r == c else 0.0)
    info = svd_jacobi(w, v, k, big, norms)
    for i in range(k):  # stable descending order (insertion sort)
        j = i
        while j > 0 and norms[order[j - 1]] < norms[i]:
            order[j] = order[j - 1]
            j -= 1
        order[j] = i
    for i in range(k):
        s[i] = svd_ldexp(svd_sqrt(norms[order[i]]), exponent)
    if vectors:
        r = 0
        while r < k and norms[order[r]] >= SVD_TINY:
            inverse = 1.0 / svd_sqrt(norms[order[r]])
            src = w + order[r] * big
            for c in range(big):
                p[r * big + c] = svd_times(src[c], inverse)
            r += 1
        svd_complete(p, r, prows, big, xw, factors)
        if swap:  # u = V_B (m x m), vt = U_B^H (vtrows x n)
            for c in range(ucols):
                src = v + order[c] * k
                for row in range(m):
                    u[row * ucols + c] = src[row]
            for i in range(vtrows * n):
                vt[i] = svd_conj(p[i])
        else:  # u = U_B (m x ucols), vt = V_B^H (n x n)
            for c in range(ucols):
                src = p + c * big
                for row in range(m):
                    u[row * ucols + c] = src[row]
            for i in range(vtrows):
                src = v + order[i] * k
                for c in range(n):
                    vt[i * n + c] = svd_conj(src[c])
    free(w)
    return info
