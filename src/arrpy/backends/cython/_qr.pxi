# Householder QR (abi.h ARRPY_QR, ARRPY_QR_Q), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# The algorithm of the python backend (backends/python/qr.py, the specification): LAPACK's
# unblocked geqr2 / xlarfg / org2r (Golub & Van Loan, *Matrix Computations*, 5.1-5.2), column by
# column. Each reflector H_j = I - tau v v^H follows xlarfg (norm of the column without overflow:
# a plain sum of squares when safely in range, else a scaled one; |beta| < safmin rescaled). It is
# applied to the columns on the right in row-contiguous form: w = v^H A[j:, c0:c1] accumulated as
# a sum of rows scaled by conj(v_i) (fac_axpy over contiguous rows), then A[i, c0:c1] -= t v_i w
# (t = conj(tau) for the factorization, which applies H^H; tau for Q). v is copied to a
# contiguous buffer first. Q (org2r) starts from the identity's first ucols columns and applies
# H_{k-1}, ..., H_0 in turn, each on rows and columns >= j only. Without workspace (malloc
# failed) the reflectors are applied column by column (strided, the same result).

# LAPACK's dlamch('S') / dlamch('E')
cdef double QR_SAFE_MIN = 2.2250738585072014e-308 / 1.1102230246251565e-16


cdef inline fac_t qr_conj(fac_t x) noexcept nogil:
    if fac_t is double:
        return x
    else:
        x.im = -x.im
        return x


cdef inline fac_t qr_neg(fac_t x) noexcept nogil:
    if fac_t is double:
        return -x
    else:
        x.re = -x.re
        x.im = -x.im
        return x


cdef inline fac_t qr_mul(fac_t x, fac_t y) noexcept nogil:
    cdef fac_t r
    if fac_t is double:
        return x * y
    else:
        r.re = x.re * y.re - x.im * y.im
        r.im = x.re * y.im + x.im * y.re
        return r


cdef inline fac_t qr_sub(fac_t x, fac_t y) noexcept nogil:
    if fac_t is double:
        return x - y
    else:
        x.re = x.re - y.re
        x.im = x.im - y.im
        return x


cdef inline fac_t qr_scale(fac_t x, double s) noexcept nogil:
    if fac_t is double:
        return x * s
    else:
        x.re = x.re * s
        x.im = x.im * s
        return x


cdef double qr_norm(const fac_t *x, Py_ssize_t length, Py_ssize_t ld) noexcept nogil:
    """||x||_2 of length elements at stride ld, without overflow or underflow (dznrm2)."""
    cdef Py_ssize_t i
    cdef double ss = 0, scale = 0, v
    for i in range(length):
        if fac_t is double:
            ss += x[i * ld] * x[i * ld]
        else:
            ss += x[i * ld].re * x[i * ld].re + x[i * ld].im * x[i * ld].im
    if ss > 1e-280 and ss < 1e280:
        return c_sqrt(ss)
    for i in range(length):
        if fac_t is double:
            v = fabs(x[i * ld])
        else:
            v = fabs(x[i * ld].re)
            if fabs(x[i * ld].im) > v:
                v = fabs(x[i * ld].im)
        if not v <= scale:  # nan sticks
            scale = v
    if scale == 0 or not (scale - scale == 0):  # zero, nan or inf
        return scale
    ss = 0
    for i in range(length):
        if fac_t is double:
            ss += (x[i * ld] / scale) * (x[i * ld] / scale)
        else:
            ss += ((x[i * ld].re / scale) * (x[i * ld].re / scale)
                   + (x[i * ld].im / scale) * (x[i * ld].im / scale))
    return scale * c_sqrt(ss)


cdef fac_t qr_reflector(fac_t *alpha, fac_t *x, Py_ssize_t length, Py_ssize_t ld) noexcept nogil:
    """LAPACK xlarfg on (alpha, x) (x: length elements at stride ld, overwritten by v); returns
    tau and sets alpha to beta (real)."""
    cdef double xnorm = qr_norm(x, length, ld)
    cdef fac_t a = alpha[0]
    cdef fac_t tau, s, d
    cdef double are, aim, beta, rsafmn
    cdef int knt = 0
    cdef Py_ssize_t i
    if fac_t is double:
        are = a
        aim = 0
    else:
        are = a.re
        aim = a.im
    if xnorm == 0 and aim == 0:  # H = I
        if fac_t is double:
            return 0.0
        else:
            tau.re = 0
            tau.im = 0
            return tau
    beta = -c_copysign(c_hypot(c_hypot(are, aim), xnorm), are)
    if fabs(beta) < QR_SAFE_MIN:
        rsafmn = 1 / QR_SAFE_MIN
        while fabs(beta) < QR_SAFE_MIN and knt < 20:
            knt += 1
            for i in range(length):
                x[i * ld] = qr_scale(x[i * ld], rsafmn)
            beta *= rsafmn
            a = qr_scale(a, rsafmn)
        xnorm = qr_norm(x, length, ld)
        if fac_t is double:
            are = a
        else:
            are = a.re
            aim = a.im
        beta = -c_copysign(c_hypot(c_hypot(are, aim), xnorm), are)
    if fac_t is double:
        tau = (beta - are) / beta
        s = 1 / (a - beta)
    else:
        tau.re = (beta - are) / beta
        tau.im = -aim / beta
        d.re = a.re - beta
        d.im = a.im
        complex_divide(1.0, 0.0, d.re, d.im, &s.re, &s.im)
    for i in range(length):
        x[i * ld] = qr_mul(x[i * ld], s)
    for i in range(knt):
        beta *= QR_SAFE_MIN
    if fac_t is double:
        alpha[0] = beta
    else:
        alpha[0].re = beta
        alpha[0].im = 0
    return tau


cdef void qr_apply(fac_t *a, Py_ssize_t ld, Py_ssize_t r0, Py_ssize_t m, Py_ssize_t c0,
                   Py_ssize_t c1, const fac_t *v, Py_ssize_t vstride, fac_t t,
                   fac_t *w) noexcept nogil:
    """Rows r0 .. m-1, columns c0 .. c1-1 of a (row stride ld) <- (I - t u u^H) times themselves,
    u = (1, v[0], v[vstride], ...); w: c1 - c0 elements of workspace, or NULL (then column by
    column)."""
    cdef Py_ssize_t width = c1 - c0
    cdef Py_ssize_t i, c
    cdef fac_t f, s
    if width <= 0 or fac_is_zero(t):
        return
    if w == NULL:
        for c in range(c0, c1):
            s = a[r0 * ld + c]
            for i in range(r0 + 1, m):
                s = qr_sub(s, qr_mul(qr_neg(qr_conj(v[(i - r0 - 1) * vstride])), a[i * ld + c]))
            s = qr_mul(t, s)
            a[r0 * ld + c] = qr_sub(a[r0 * ld + c], s)
            for i in range(r0 + 1, m):
                a[i * ld + c] = qr_sub(a[i * ld + c], qr_mul(v[(i - r0 - 1) * vstride], s))
        return
    for c in range(width):
        w[c] = a[r0 * ld + c0 + c]
    for i in range(r0 + 1, m):  # w += conj(v_i) A[i, c0:c1]
        f = v[(i - r0 - 1) * vstride]
        if not fac_is_zero(f):
            fac_axpy(w, a + i * ld + c0, qr_neg(qr_conj(f)), width)
    fac_axpy(a + r0 * ld + c0, w, t, width)
    for i in range(r0 + 1, m):  # A[i, c0:c1] -= t v_i w
        f = qr_mul(t, v[(i - r0 - 1) * vstride])
        if not fac_is_zero(f):
            fac_axpy(a + i * ld + c0, w, f, width)


cdef void qr_matrix(fac_t *a, Py_ssize_t m, Py_ssize_t n, fac_t *tau,
                    int nthreads) noexcept nogil:
    """LAPACK geqr2 of the m x n matrix a in place; tau: min(m, n) reflector scalars."""
    cdef Py_ssize_t j, i, length
    cdef fac_t *vbuf = <fac_t *>malloc((m + n) * sizeof(fac_t))
    cdef fac_t *w = vbuf + m if vbuf != NULL else NULL
    for j in range(min(m, n)):
        length = m - j - 1
        tau[j] = qr_reflector(a + j * n + j, a + (j + 1) * n + j, length, n)
        if vbuf != NULL:
            for i in range(length):
                vbuf[i] = a[(j + 1 + i) * n + j]
            qr_apply(a, n, j, m, j + 1, n, vbuf, 1, qr_conj(tau[j]), w)
        else:
            qr_apply(a, n, j, m, j + 1, n, a + (j + 1) * n + j, n, qr_conj(tau[j]), NULL)
    free(vbuf)


cdef void qr_q_matrix(const fac_t *a, Py_ssize_t m, Py_ssize_t n, const fac_t *tau, fac_t *q,
                      Py_ssize_t ucols, int nthreads) noexcept nogil:
    """LAPACK org2r: q (m x ucols) <- the first ucols columns of H_0 H_1 ... H_{k-1}."""
    cdef Py_ssize_t j, i, length
    cdef fac_t *vbuf = <fac_t *>malloc((m + ucols) * sizeof(fac_t))
    cdef fac_t *w = vbuf + m if vbuf != NULL else NULL
    write_identity(q, m, ucols)
    for j in range(min(m, n) - 1, -1, -1):
        length = m - j - 1
        if vbuf != NULL:
            for i in range(length):
                vbuf[i] = a[(j + 1 + i) * n + j]
            qr_apply(q, ucols, j, m, j, ucols, vbuf, 1, tau[j], w)
        else:
            qr_apply(q, ucols, j, m, j, ucols, a + (j + 1) * n + j, n, tau[j], NULL)
    free(vbuf)
