# Householder QR (abi.h ARRPY_QR, ARRPY_QR_Q), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# The algorithm of the python backend (backends/python/qr.py, the specification): LAPACK's
# unblocked geqr2 / xlarfg / org2r (Golub & Van Loan, *Matrix Computations*, 5.1-5.2), column by
# column. complex128 does the two products on real views (re / im interleaved rows of C read
# as doubles, qr_block_apply_complex), so that its inner loops are plain double axpys. Each reflector H_j = I - tau v v^H follows xlarfg (norm of the column without overflow:
# a plain sum of squares when safely in range, else a scaled one; |beta| < safmin rescaled). It is
# applied to the columns on the right in row-contiguous form: w = v^H A[j:, c0:c1] accumulated as
# a sum of rows scaled by conj(v_i) (fac_axpy over contiguous rows), then A[i, c0:c1] -= t v_i w
# (t = conj(tau) for the factorization, which applies H^H; tau for Q). v is copied to a
# contiguous buffer first. Q (org2r) starts from the identity's first ucols columns and applies
# H_{k-1}, ..., H_0 in turn, each on rows and columns >= j only. Without workspace (malloc
# failed) the reflectors are applied column by column (strided, the same result).
# From min(m, n) >= QR_CY_BLOCKED_MIN: LAPACK's blocked geqrf / orgqr (larft, larfb) in panels
# of QR_CY_NB columns, the products written as row axpys (no GEMM here): W = V^H C takes each
# row of C once into the nb rows of W, and each row of C then takes its nb updates (float64:
# four per pass, axpy4), so the trailing matrix is read twice per panel instead of twice per
# column.

# LAPACK's dlamch('S') / dlamch('E')
cdef double QR_SAFE_MIN = 2.2250738585072014e-308 / 1.1102230246251565e-16
# Blocked from this min(m, n) on, in panels of QR_CY_NB columns
cdef Py_ssize_t QR_CY_BLOCKED_MIN = 48
cdef Py_ssize_t QR_CY_NB = 16
# Columns of the trailing matrix per pass of the block update (16 x 128 doubles: 16 KiB)
cdef Py_ssize_t QR_CY_CHUNK = 128


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


cdef inline fac_t qr_from_real(double x, fac_t like) noexcept nogil:
    if fac_t is double:
        return x
    else:
        like.re = x
        like.im = 0
        return like


cdef void qr_panel(fac_t *a, Py_ssize_t m, Py_ssize_t n, Py_ssize_t j0, Py_ssize_t j1,
                   Py_ssize_t c1, fac_t *tau, fac_t *vbuf, fac_t *w) noexcept nogil:
    """geqr2 on columns j0 .. j1-1 of the m x n matrix a, the updates reaching columns < c1;
    vbuf: m elements and w: n elements of workspace (or both NULL)."""
    cdef Py_ssize_t j, i, length
    for j in range(j0, j1):
        length = m - j - 1
        tau[j] = qr_reflector(a + j * n + j, a + (j + 1) * n + j, length, n)
        if vbuf != NULL:
            for i in range(length):
                vbuf[i] = a[(j + 1 + i) * n + j]
            qr_apply(a, n, j, m, j + 1, c1, vbuf, 1, qr_conj(tau[j]), w)
        else:
            qr_apply(a, n, j, m, j + 1, c1, a + (j + 1) * n + j, n, qr_conj(tau[j]), NULL)


cdef void qr_block_reflector(const fac_t *a, Py_ssize_t ld, Py_ssize_t j0, Py_ssize_t rows,
                             Py_ssize_t nb, const fac_t *tau, fac_t *v, fac_t *t) noexcept nogil:
    """V (rows x nb, unit lower trapezoidal) from the reflector columns j0 .. j0+nb-1 of a, and
    LAPACK larft's T (nb x nb upper triangular): H_j0 ... H_j0+nb-1 = I - V T V^H, with
    T[i][i] = tau_i and T[:i, i] = -tau_i T[:i, :i] (V[:, :i]^H v_i)."""
    cdef Py_ssize_t r, c, p, i, q, top
    cdef fac_t f, s, ti
    cdef fac_t zero = qr_from_real(0.0, tau[0])
    cdef fac_t one = qr_from_real(1.0, tau[0])
    for r in range(rows):
        for c in range(nb):
            if c < r:
                v[r * nb + c] = a[(j0 + r) * ld + j0 + c]
            elif c == r:
                v[r * nb + c] = one
            else:
                v[r * nb + c] = zero
    for i in range(nb * nb):
        t[i] = zero
    for r in range(rows):  # G = V^H V (strict upper part), one row of V at a time
        top = min(r + 1, nb)
        for p in range(top):
            f = v[r * nb + p]
            if not fac_is_zero(f):
                fac_axpy(t + p * nb + p + 1, v + r * nb + p + 1, qr_neg(qr_conj(f)), top - p - 1)
    for i in range(nb):
        ti = tau[j0 + i]
        for p in range(i):  # top-down: row p reads G[q][i] for q >= p only (not yet replaced)
            s = zero
            for q in range(p, i):
                s = qr_sub(s, qr_neg(qr_mul(t[p * nb + q], t[q * nb + i])))
            t[p * nb + i] = qr_neg(qr_mul(ti, s))
        t[i * nb + i] = ti


cdef void qr_block_apply_complex(const cdouble_t *v, const cdouble_t *t, Py_ssize_t rows,
                                 Py_ssize_t nb, cdouble_t *c, Py_ssize_t ldc, Py_ssize_t nc,
                                 bint conj_transpose, cdouble_t *w) noexcept nogil:
    """qr_block_apply for complex128 on real views: C (rows x nc) read as the real rows x 2nc
    matrix Cx (re / im columns interleaved), V = Vr + i Vi. P = Vr^T Cx and Q = Vi^T Cx are
    real row axpys (four rows of C per pass, axpy4), V^H C = (P_re + Q_im) + i (P_im - Q_re);
    X = op(T) V^H C; then Cx -= Vr Xx + Vi (i X)x, again real axpys (four per pass over a row
    of C). w: 3 nb x nc complex elements."""
    cdef Py_ssize_t wx = 2 * nc, ldx = 2 * ldc
    cdef double *cx = <double *>c
    cdef double *pq = <double *>w  # P: rows 0 .. nb-1, Q: rows nb .. 2nb-1 (2nc doubles each)
    cdef cdouble_t *wc = w + 2 * nb * nc  # V^H C, then X: nb x nc
    cdef const double *vd = <const double *>v
    cdef const double *vr
    cdef double *crow
    cdef double *xr
    cdef double *xi
    cdef Py_ssize_t r, p, i, x, x0, width, top, step
    cdef cdouble_t f, d
    if nc <= 0:
        return
    for i in range(2 * nb * wx):
        pq[i] = 0
    x0 = 0
    while x0 < wx:  # P, Q over a chunk of real columns
        width = min(QR_CY_CHUNK, wx - x0)
        r = 0
        while r < rows and r < nb:  # V's triangle
            crow = cx + r * ldx + x0
            for p in range(r + 1):
                if vd[2 * (r * nb + p)] != 0:
                    fac_axpy(pq + p * wx + x0, crow, -vd[2 * (r * nb + p)], width)
                if vd[2 * (r * nb + p) + 1] != 0:
                    fac_axpy(pq + (nb + p) * wx + x0, crow, -vd[2 * (r * nb + p) + 1], width)
            r += 1
        while r + 4 <= rows:
            vr = vd + 2 * r * nb
            crow = cx + r * ldx + x0
            for p in range(nb):
                axpy4(pq + p * wx + x0, crow, crow + ldx, crow + 2 * ldx, crow + 3 * ldx,
                      -vr[2 * p], -vr[2 * (nb + p)], -vr[2 * (2 * nb + p)], -vr[2 * (3 * nb + p)],
                      width)
                axpy4(pq + (nb + p) * wx + x0, crow, crow + ldx, crow + 2 * ldx, crow + 3 * ldx,
                      -vr[2 * p + 1], -vr[2 * (nb + p) + 1], -vr[2 * (2 * nb + p) + 1],
                      -vr[2 * (3 * nb + p) + 1], width)
            r += 4
        while r < rows:
            crow = cx + r * ldx + x0
            for p in range(nb):
                fac_axpy(pq + p * wx + x0, crow, -vd[2 * (r * nb + p)], width)
                fac_axpy(pq + (nb + p) * wx + x0, crow, -vd[2 * (r * nb + p) + 1], width)
            r += 1
        x0 += width
    for i in range(nb):  # W = V^H C
        xr = pq + i * wx
        xi = pq + (nb + i) * wx
        for x in range(nc):
            wc[i * nc + x].re = xr[2 * x] + xi[2 * x + 1]
            wc[i * nc + x].im = xr[2 * x + 1] - xi[2 * x]
    for step in range(nb):  # X = op(T) W in place
        i = nb - 1 - step if conj_transpose else step
        d = qr_conj(t[i * nb + i]) if conj_transpose else t[i * nb + i]
        for x in range(nc):
            wc[i * nc + x] = qr_mul(d, wc[i * nc + x])
        if conj_transpose:
            for p in range(i):
                f = t[p * nb + i]
                if not fac_is_zero(f):
                    fac_axpy(wc + i * nc, wc + p * nc, qr_neg(qr_conj(f)), nc)
        else:
            for p in range(i + 1, nb):
                f = t[i * nb + p]
                if not fac_is_zero(f):
                    fac_axpy(wc + i * nc, wc + p * nc, qr_neg(f), nc)
    for i in range(nb):  # the real views of X (rows 0 .. nb-1) and i X (rows nb .. 2nb-1)
        xr = pq + i * wx
        xi = pq + (nb + i) * wx
        for x in range(nc):
            xr[2 * x] = wc[i * nc + x].re
            xr[2 * x + 1] = wc[i * nc + x].im
            xi[2 * x] = -wc[i * nc + x].im
            xi[2 * x + 1] = wc[i * nc + x].re
    x0 = 0
    while x0 < wx:  # Cx[r] -= sum_p Vr[r][p] Xx[p] + Vi[r][p] (i X)x[p]
        width = min(QR_CY_CHUNK, wx - x0)
        for r in range(rows):
            top = min(r + 1, nb)
            crow = cx + r * ldx + x0
            vr = vd + 2 * r * nb
            for p in range(top):
                axpy2(crow, pq + p * wx + x0, pq + (nb + p) * wx + x0, vr[2 * p], vr[2 * p + 1],
                      width)
        x0 += width


cdef inline void axpy2(double *y, const double *x0, const double *x1, double f0, double f1,
                       Py_ssize_t w) noexcept nogil:
    """y[c] -= f0 x0[c] + f1 x1[c]."""
    cdef Py_ssize_t c
    for c in range(w):
        y[c] = y[c] - (f0 * x0[c] + f1 * x1[c])


cdef void qr_block_apply(const fac_t *v, const fac_t *t, Py_ssize_t rows, Py_ssize_t nb,
                         fac_t *c, Py_ssize_t ldc, Py_ssize_t nc, bint conj_transpose,
                         fac_t *w) noexcept nogil:
    """C (rows x nc, row stride ldc) <- (I - V op(T) V^H) C with op(T) = T^H (conj_transpose) or
    T, by row axpys over chunks of QR_CY_CHUNK columns (a chunk of W or X stays in L1):
    W = V^H C accumulates the rows of C into the nb rows of W (w: nb x nc; float64: four rows
    of C per pass over W, axpy4), W <- op(T) W in place, then each row of C takes its nb
    updates (float64: four per pass over the row)."""
    cdef Py_ssize_t r, p, i, x, x0, width, top, step
    cdef fac_t f, d
    cdef fac_t *crow
    cdef const double *vr
    if fac_t is cdouble_t:
        qr_block_apply_complex(v, t, rows, nb, c, ldc, nc, conj_transpose, w)
        return
    if nc <= 0:
        return
    for i in range(nb * nc):
        w[i] = qr_from_real(0.0, v[0])
    x0 = 0
    while x0 < nc:  # W[:, chunk] = V^H C[:, chunk]
        width = min(QR_CY_CHUNK, nc - x0)
        r = 0
        if fac_t is double:
            while r < rows and r < nb:  # V's triangle: row r has r + 1 entries
                for p in range(r + 1):
                    if v[r * nb + p] != 0:
                        fac_axpy(w + p * nc + x0, c + r * ldc + x0, -v[r * nb + p], width)
                r += 1
            while r + 4 <= rows:  # full rows of V, four rows of C per pass over W
                vr = v + r * nb
                crow = c + r * ldc + x0
                for p in range(nb):
                    axpy4(w + p * nc + x0, crow, crow + ldc, crow + 2 * ldc, crow + 3 * ldc,
                          -vr[p], -vr[nb + p], -vr[2 * nb + p], -vr[3 * nb + p], width)
                r += 4
        while r < rows:
            top = min(r + 1, nb)
            crow = c + r * ldc + x0
            for p in range(top):
                f = v[r * nb + p]
                if not fac_is_zero(f):
                    fac_axpy(w + p * nc + x0, crow, qr_neg(qr_conj(f)), width)
            r += 1
        x0 += width
    for step in range(nb):
        i = nb - 1 - step if conj_transpose else step
        d = qr_conj(t[i * nb + i]) if conj_transpose else t[i * nb + i]
        for x in range(nc):
            w[i * nc + x] = qr_mul(d, w[i * nc + x])
        if conj_transpose:  # rows p < i, not yet replaced (bottom-up)
            for p in range(i):
                f = t[p * nb + i]
                if not fac_is_zero(f):
                    fac_axpy(w + i * nc, w + p * nc, qr_neg(qr_conj(f)), nc)
        else:  # rows p > i, not yet replaced (top-down)
            for p in range(i + 1, nb):
                f = t[i * nb + p]
                if not fac_is_zero(f):
                    fac_axpy(w + i * nc, w + p * nc, qr_neg(f), nc)
    x0 = 0
    while x0 < nc:  # C[r, chunk] -= sum_p V[r][p] X[p, chunk]
        width = min(QR_CY_CHUNK, nc - x0)
        for r in range(rows):
            top = min(r + 1, nb)
            crow = c + r * ldc + x0
            p = 0
            if fac_t is double:
                while p + 4 <= top:
                    axpy4(crow, w + p * nc + x0, w + (p + 1) * nc + x0, w + (p + 2) * nc + x0,
                          w + (p + 3) * nc + x0, v[r * nb + p], v[r * nb + p + 1],
                          v[r * nb + p + 2], v[r * nb + p + 3], width)
                    p += 4
            while p < top:
                f = v[r * nb + p]
                if not fac_is_zero(f):
                    fac_axpy(crow, w + p * nc + x0, f, width)
                p += 1
        x0 += width


cdef bint qr_blocked(fac_t *a, Py_ssize_t m, Py_ssize_t n, fac_t *tau, fac_t *vbuf,
                     fac_t *wrow) noexcept nogil:
    """geqrf: panels of QR_CY_NB columns by qr_panel, the trailing columns updated once per
    panel by the block reflector's H^H = I - V T^H V^H. False if out of memory."""
    cdef Py_ssize_t k = min(m, n), nb = QR_CY_NB, j0 = 0, jb
    cdef fac_t *v = <fac_t *>malloc(m * nb * sizeof(fac_t))
    cdef fac_t *t = <fac_t *>malloc(nb * nb * sizeof(fac_t))
    cdef fac_t *w = <fac_t *>malloc(3 * nb * n * sizeof(fac_t))  # complex: 3 nb x n
    if v == NULL or t == NULL or w == NULL:
        free(v)
        free(t)
        free(w)
        return False
    while j0 < k:
        jb = min(nb, k - j0)
        qr_panel(a, m, n, j0, j0 + jb, j0 + jb, tau, vbuf, wrow)
        if j0 + jb < n:
            qr_block_reflector(a, n, j0, m - j0, jb, tau, v, t)
            qr_block_apply(v, t, m - j0, jb, a + j0 * n + j0 + jb, n, n - j0 - jb, True, w)
        j0 += nb
    free(v)
    free(t)
    free(w)
    return True


cdef bint orgqr_blocked(const fac_t *a, Py_ssize_t m, Py_ssize_t n, const fac_t *tau, fac_t *q,
                        Py_ssize_t ucols) noexcept nogil:
    """orgqr: the panels' block reflectors I - V T V^H applied to q from the last panel back,
    each on rows and columns >= its first column. False if out of memory."""
    cdef Py_ssize_t k = min(m, n), nb = QR_CY_NB, j0, jb
    cdef fac_t *v = <fac_t *>malloc(m * nb * sizeof(fac_t))
    cdef fac_t *t = <fac_t *>malloc(nb * nb * sizeof(fac_t))
    cdef fac_t *w = <fac_t *>malloc(3 * nb * ucols * sizeof(fac_t))
    if v == NULL or t == NULL or w == NULL:
        free(v)
        free(t)
        free(w)
        return False
    j0 = (k - 1) // nb * nb
    while j0 >= 0:
        jb = min(nb, k - j0)
        qr_block_reflector(a, n, j0, m - j0, jb, tau, v, t)
        qr_block_apply(v, t, m - j0, jb, q + j0 * ucols + j0, ucols, ucols - j0, False, w)
        j0 -= nb
    free(v)
    free(t)
    free(w)
    return True


cdef void qr_matrix(fac_t *a, Py_ssize_t m, Py_ssize_t n, fac_t *tau,
                    int nthreads) noexcept nogil:
    """LAPACK geqrf of the m x n matrix a in place; tau: min(m, n) reflector scalars."""
    cdef fac_t *vbuf = <fac_t *>malloc((m + n) * sizeof(fac_t))
    cdef fac_t *w = vbuf + m if vbuf != NULL else NULL
    if not (min(m, n) >= QR_CY_BLOCKED_MIN and vbuf != NULL
            and qr_blocked(a, m, n, tau, vbuf, w)):
        qr_panel(a, m, n, 0, min(m, n), n, tau, vbuf, w)
    free(vbuf)


cdef void qr_q_matrix(const fac_t *a, Py_ssize_t m, Py_ssize_t n, const fac_t *tau, fac_t *q,
                      Py_ssize_t ucols, int nthreads) noexcept nogil:
    """LAPACK orgqr: q (m x ucols) <- the first ucols columns of H_0 H_1 ... H_{k-1}."""
    cdef Py_ssize_t j, i, length
    cdef fac_t *vbuf
    cdef fac_t *w
    write_identity(q, m, ucols)
    if min(m, n) >= QR_CY_BLOCKED_MIN and orgqr_blocked(a, m, n, tau, q, ucols):
        return
    vbuf = <fac_t *>malloc((m + ucols) * sizeof(fac_t))
    w = vbuf + m if vbuf != NULL else NULL
    for j in range(min(m, n) - 1, -1, -1):
        length = m - j - 1
        if vbuf != NULL:
            for i in range(length):
                vbuf[i] = a[(j + 1 + i) * n + j]
            qr_apply(q, ucols, j, m, j, ucols, vbuf, 1, tau[j], w)
        else:
            qr_apply(q, ucols, j, m, j, ucols, a + (j + 1) * n + j, n, tau[j], NULL)
    free(vbuf)
