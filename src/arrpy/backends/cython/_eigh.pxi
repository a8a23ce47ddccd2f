# Hermitian eigen-decomposition (abi.h ARRPY_EIGH), included by _kernels.pyx after the
# factorization helpers (fac_t, fac_mag, fac_div, fac_axpy, ...).
#
# The algorithm of the python backend (backends/python/eigen_hermitian.py, the specification),
# the LAPACK way (syev / heev = sytrd + orgtr + steqr; Golub & Van Loan, *Matrix Computations*,
# 4th ed., 8.3), with the loop order of the c backend (cpp/kernels/eigh_impl.hpp; the c backend
# also batches the rotations):
#   1. Householder tridiagonalisation T = Q^H A Q on the lower triangle: P_k = I - tau v v^H
#      (tau real, v[0] = 1), p = tau A v (per row: dot product over the row prefix and axpy of
#      it into p, contiguous), w = p - (tau/2)(v^H p) v, A -= v w^H + w v^H (contiguous rows).
#      v_k is kept in row k above the diagonal. float64 fuses the rank-2 update of step k with
#      the product of step k+1 (one pass over the trailing matrix per step).
#   2. Phases D making the subdiagonal real and >= 0.
#   3. Implicit QL with Wilkinson shifts (tql2 / steqr), at most 30 sweeps per eigenvalue
#      (info = l + 1 otherwise). e_m is negligible when |e_m| <= eps (|d_m| + |d_m+1|) or
#      |e_m| <= eps max_i(|d_i| + |e_i|).
# Eigenvectors U = Q D Z, kept transposed in u ("zt", one eigenvector per contiguous row): zt =
# Q^T by backward accumulation (per row a dot product and an axpy), rows times D, each sweep's
# rotations (real: a complex row is 2n doubles) applied to row pairs in column blocks (split over
# threads for large matrices), the selection sort moves rows, and u = zt^T in place.
# Entries outside [2^-450, 2^450] in magnitude: the matrix is scaled by an exact power of two.

cdef extern from "math.h" nogil:
    double eigh_c_ldexp "ldexp"(double x, int e)
    double eigh_c_frexp "frexp"(double x, int *e)
    bint eigh_c_isfinite "isfinite"(double x)

cdef int EIGH_MAX_SWEEPS = 30
cdef int EIGH_SCALE_EXPONENT = 450
cdef Py_ssize_t EIGH_ROT_BLOCK = 128       # doubles per row in a column block of a sweep
cdef Py_ssize_t EIGH_PARALLEL_MIN_WORK = 1 << 21  # one sweep: an OpenMP fork per sweep
cdef double EIGH_TINY_SQUARE = 2.0 ** -960  # below this f^2 + g^2 may have lost bits


cdef inline double eigh_abs(fac_t x) noexcept nogil:
    if fac_t is double:
        return fabs(x)
    else:
        return c_hypot(x.re, x.im)


cdef inline double eigh_maxpart(fac_t x) noexcept nogil:
    if fac_t is double:
        return fabs(x)
    else:
        return max(fabs(x.re), fabs(x.im))


cdef inline double eigh_real(fac_t x) noexcept nogil:
    if fac_t is double:
        return x
    else:
        return x.re


cdef inline fac_t eigh_scale(fac_t x, double f) noexcept nogil:
    if fac_t is double:
        return x * f
    else:
        x.re = x.re * f
        x.im = x.im * f
        return x


cdef inline fac_t eigh_scale_down(fac_t x, double r) noexcept nogil:
    """x / r (not x * (1 / r): the reciprocal of a subnormal overflows)."""
    if fac_t is double:
        return x / r
    else:
        x.re = x.re / r
        x.im = x.im / r
        return x


cdef inline fac_t eigh_mul(fac_t x, fac_t y) noexcept nogil:
    cdef fac_t r
    if fac_t is double:
        return x * y
    else:
        r.re = x.re * y.re - x.im * y.im
        r.im = x.re * y.im + x.im * y.re
        return r


cdef inline void eigh_set_real(fac_t *p, double v) noexcept nogil:
    if fac_t is double:
        p[0] = v
    else:
        p[0].re = v
        p[0].im = 0


cdef void eigh_symv(const fac_t *a, Py_ssize_t n, Py_ssize_t k1, const fac_t *v, double tau,
                    fac_t *p) noexcept nogil:
    """p[k1:] = tau * A22 v, A22 Hermitian with its lower triangle stored (rows k1 .. n-1)."""
    cdef Py_ssize_t i, j
    cdef const fac_t *row
    cdef double s, sr, si, ar, ai, vr, vim
    cdef fac_t vi
    for i in range(k1, n):
        eigh_set_real(p + i, 0.0)
    for i in range(k1, n):
        row = a + i * n
        vi = v[i]
        if fac_t is double:
            s = 0
            for j in range(k1, i):
                s = s + row[j] * v[j]
                p[j] = p[j] + row[j] * vi
            p[i] = p[i] + s + row[i] * vi
        else:
            sr = 0
            si = 0
            vr = vi.re
            vim = vi.im
            for j in range(k1, i):
                ar = row[j].re
                ai = row[j].im
                sr = sr + (ar * v[j].re - ai * v[j].im)   # row[j] * v[j]
                si = si + (ar * v[j].im + ai * v[j].re)
                p[j].re = p[j].re + (ar * vr + ai * vim)  # conj(row[j]) * v[i]
                p[j].im = p[j].im + (ar * vim - ai * vr)
            p[i].re = p[i].re + sr + row[i].re * vr
            p[i].im = p[i].im + si + row[i].re * vim
    for i in range(k1, n):
        p[i] = eigh_scale(p[i], tau)


cdef void eigh_syr2(fac_t *a, Py_ssize_t n, Py_ssize_t k1, const fac_t *v,
                    const fac_t *w) noexcept nogil:
    """Lower triangle of rows k1 .. n-1: A -= v w^H + w v^H."""
    cdef Py_ssize_t i, j
    cdef fac_t *row
    cdef fac_t vi, wi
    for i in range(k1, n):
        row = a + i * n
        vi = v[i]
        wi = w[i]
        if fac_t is double:
            for j in range(k1, i + 1):
                row[j] = row[j] - (vi * w[j] + wi * v[j])
        else:
            for j in range(k1, i + 1):
                row[j].re = row[j].re - ((vi.re * w[j].re + vi.im * w[j].im)
                                         + (wi.re * v[j].re + wi.im * v[j].im))
                row[j].im = row[j].im - ((vi.im * w[j].re - vi.re * w[j].im)
                                         + (wi.im * v[j].re - wi.re * v[j].im))
            row[i].im = 0


cdef void eigh_tridiagonalize(fac_t *a, Py_ssize_t n, double *d, fac_t *e, double *tau,
                              fac_t *work) noexcept nogil:
    """Householder reduction of a's lower triangle: d the diagonal, e[k] = T[k+1][k] (n-1),
    tau[k] the reflector scalars (0: none), v_k in a[k][k+1:]. work: 2n elements."""
    cdef fac_t *p = work
    cdef fac_t *w = work + n
    cdef fac_t *v
    cdef fac_t alpha, x, phase, v0
    cdef Py_ssize_t k, k1, i
    cdef bint zero_tail
    cdef double big, mx, ss, norm, size, t, vp, half
    for k in range(n - 1):
        d[k] = eigh_real(a[k * n + k])
        k1 = k + 1
        alpha = a[k1 * n + k]
        if k + 2 < n:
            tau[k] = 0
        zero_tail = True
        big = eigh_maxpart(alpha)
        for i in range(k + 2, n):
            x = a[i * n + k]
            if not fac_is_zero(x):
                zero_tail = False
            mx = eigh_maxpart(x)
            if not (mx <= big):
                big = mx
        if k + 2 >= n or zero_tail:
            e[k] = alpha
            continue
        ss = 0  # ||x||, scaled by the largest component
        for i in range(k1, n):
            x = eigh_scale_down(a[i * n + k], big)
            if fac_t is double:
                ss = ss + x * x
            else:
                ss = ss + (x.re * x.re + x.im * x.im)
        norm = big * c_sqrt(ss)
        size = eigh_abs(alpha)
        eigh_set_real(&phase, 1.0)
        if size != 0:
            phase = eigh_scale_down(alpha, size)
        e[k] = eigh_scale(phase, -norm)            # beta
        v0 = eigh_scale(phase, size + norm)        # alpha - beta
        v = a + k * n                              # row k, columns k1 .. n-1
        eigh_set_real(v + k1, 1.0)
        for i in range(k + 2, n):
            v[i] = fac_div(a[i * n + k], v0)
        t = (size + norm) / norm
        tau[k] = t
        eigh_symv(a, n, k1, v, t, p)
        vp = 0  # Re(v^H p)
        for i in range(k1, n):
            if fac_t is double:
                vp = vp + p[i] * v[i]
            else:
                vp = vp + (p[i].re * v[i].re + p[i].im * v[i].im)
        half = 0.5 * t * vp
        for i in range(k1, n):
            if fac_t is double:
                w[i] = p[i] - half * v[i]
            else:
                w[i].re = p[i].re - half * v[i].re
                w[i].im = p[i].im - half * v[i].im
        eigh_syr2(a, n, k1, v, w)
    d[n - 1] = eigh_real(a[(n - 1) * n + n - 1])


# float64: the reduction with one pass over the trailing matrix per step (as the c backend): the
# column k+1 after step k's rank-2 update is computed first (the update's own arithmetic), which
# gives the reflector of step k+1; then each row is updated and at once multiplied by v_{k+1}.

cdef double eigh_reflector_d(const double *x, Py_ssize_t m, double *v,
                             double *beta) noexcept nogil:
    """The reflector of x (m values, x[0] = alpha) into v[0 .. m-1] (v[0] = 1); returns tau
    (0: none, beta = alpha)."""
    cdef double alpha = x[0], big = fabs(alpha), mx, ss = 0, norm, size, phase, v0
    cdef bint zero_tail = True
    cdef Py_ssize_t i
    for i in range(1, m):
        if x[i] != 0:
            zero_tail = False
        mx = fabs(x[i])
        if not (mx <= big):
            big = mx
    if m < 2 or zero_tail:
        beta[0] = alpha
        return 0
    for i in range(m):
        ss = ss + (x[i] / big) * (x[i] / big)
    norm = big * c_sqrt(ss)
    size = fabs(alpha)
    phase = alpha / size if size != 0 else 1.0
    beta[0] = phase * -norm
    v0 = phase * (size + norm)
    v[0] = 1.0
    for i in range(1, m):
        v[i] = x[i] / v0
    return (size + norm) / norm


cdef void eigh_fused_pass_d(double *a, Py_ssize_t n, Py_ssize_t k1, bint upd, const double *v,
                            const double *w, double t2, const double *v2,
                            double *p2) noexcept nogil:
    """Rows k1 .. n-1: row[j] -= v_i w_j + w_i v_j for j in k1 .. i (if upd); if t2 != 0, p2 =
    t2 * A22' v2 over rows and columns k1+1 .. n-1 of the updated matrix."""
    cdef Py_ssize_t i, j, k2 = k1 + 1
    cdef double vi = 0, wi = 0, ui, s, r
    cdef double *row
    if t2 != 0:
        for i in range(k2, n):
            p2[i] = 0
    for i in range(k1, n):
        row = a + i * n
        if upd:
            vi = v[i]
            wi = w[i]
        if t2 == 0 or i < k2:
            if upd:
                for j in range(k1, i + 1):
                    row[j] = row[j] - (vi * w[j] + wi * v[j])
            continue
        if upd:
            row[k1] = row[k1] - (vi * w[k1] + wi * v[k1])
        ui = v2[i]
        s = 0
        if upd:
            for j in range(k2, i):
                r = row[j] - (vi * w[j] + wi * v[j])
                row[j] = r
                s = s + r * v2[j]
                p2[j] = p2[j] + r * ui
            row[i] = row[i] - (vi * w[i] + wi * v[i])
        else:
            for j in range(k2, i):
                s = s + row[j] * v2[j]
                p2[j] = p2[j] + row[j] * ui
        p2[i] = p2[i] + s + row[i] * ui
    if t2 != 0:
        for i in range(k2, n):
            p2[i] = p2[i] * t2


cdef void eigh_tridiagonalize_d(double *a, Py_ssize_t n, double *d, double *e, double *tau,
                                double *work) noexcept nogil:
    """eigh_tridiagonalize for float64, one pass per step. work: 4n doubles."""
    cdef double *p = work
    cdef double *p2 = work + n
    cdef double *w = work + 2 * n
    cdef double *x = work + 3 * n
    cdef double *swap
    cdef const double *v
    cdef double t, t2, vp, half
    cdef Py_ssize_t i, k, k1
    cdef bint upd
    d[0] = a[0]
    if n <= 1:
        return
    for i in range(1, n):
        x[i] = a[i * n]
    t = eigh_reflector_d(x + 1, n - 1, a + 1, &e[0])
    if n > 2:
        tau[0] = t
    if t != 0:
        eigh_fused_pass_d(a, n, 0, False, NULL, NULL, t, a, p)
    for k in range(n - 1):
        k1 = k + 1
        v = a + k * n
        upd = t != 0
        if upd:
            vp = 0
            for i in range(k1, n):
                vp = vp + p[i] * v[i]
            half = 0.5 * t * vp
            for i in range(k1, n):
                w[i] = p[i] - v[i] * half
            for i in range(k1, n):
                x[i] = a[i * n + k1] - (v[i] * w[k1] + w[i] * v[k1])
        else:
            for i in range(k1, n):
                x[i] = a[i * n + k1]
        d[k1] = x[k1]
        t2 = 0
        if k1 + 1 < n:
            t2 = eigh_reflector_d(x + k1 + 1, n - k1 - 1, a + k1 * n + k1 + 1, &e[k1])
            if k1 + 2 < n:
                tau[k1] = t2
        eigh_fused_pass_d(a, n, k1, upd, v, w, t2, a + k1 * n, p2)
        swap = p
        p = p2
        p2 = swap
        t = t2


cdef void eigh_form_qt(const fac_t *a, Py_ssize_t n, const double *tau,
                       fac_t *zt) noexcept nogil:
    """zt = Q^T (backward accumulation): rows j > k take row -= tau (row . conj(v)) v."""
    cdef Py_ssize_t r, c, k, k1, m, j, i
    cdef const fac_t *v
    cdef fac_t *row
    cdef fac_t s
    cdef double sr, si
    for r in range(n):
        for c in range(n):
            eigh_set_real(zt + r * n + c, 1.0 if r == c else 0.0)
    for k in range(n - 3, -1, -1):
        if tau[k] == 0:
            continue
        k1 = k + 1
        m = n - k1
        v = a + k * n + k1
        for j in range(k1, n):
            row = zt + j * n + k1
            if fac_t is double:
                sr = 0
                for i in range(m):
                    sr = sr + row[i] * v[i]
                s = sr * tau[k]
            else:
                sr = 0
                si = 0
                for i in range(m):
                    sr = sr + (row[i].re * v[i].re + row[i].im * v[i].im)
                    si = si + (row[i].im * v[i].re - row[i].re * v[i].im)
                s.re = sr * tau[k]
                s.im = si * tau[k]
            fac_axpy(row, v, s, m)


cdef void eigh_rotate_block(double *zt, Py_ssize_t length, Py_ssize_t lo, Py_ssize_t hi,
                            const double *cs, const double *sn, Py_ssize_t c0,
                            Py_ssize_t c1) noexcept nogil:
    """One sweep's rotations i = hi-1 .. lo on rows of zt (length doubles), columns c0 .. c1-1."""
    cdef Py_ssize_t i, col
    cdef double c, s, f, g
    cdef double *x
    cdef double *y
    for i in range(hi - 1, lo - 1, -1):
        c = cs[i]
        s = sn[i]
        x = zt + i * length
        y = zt + (i + 1) * length
        for col in range(c0, c1):
            f = y[col]
            g = x[col]
            y[col] = s * g + c * f
            x[col] = c * g - s * f


cdef void eigh_rotate(double *zt, Py_ssize_t length, Py_ssize_t lo, Py_ssize_t hi,
                      const double *cs, const double *sn, int nthreads) noexcept nogil:
    cdef Py_ssize_t b, units = (length + EIGH_ROT_BLOCK - 1) // EIGH_ROT_BLOCK
    if lo >= hi:
        return
    if nthreads > 1 and units > 1 and (hi - lo) * length >= EIGH_PARALLEL_MIN_WORK:
        for b in prange(units, schedule='static', num_threads=nthreads):
            eigh_rotate_block(zt, length, lo, hi, cs, sn, b * EIGH_ROT_BLOCK,
                              min(length, (b + 1) * EIGH_ROT_BLOCK))
    else:
        for b in range(units):
            eigh_rotate_block(zt, length, lo, hi, cs, sn, b * EIGH_ROT_BLOCK,
                              min(length, (b + 1) * EIGH_ROT_BLOCK))


cdef inline double eigh_radius(double f, double g) noexcept nogil:
    """sqrt(f^2 + g^2): the plain formula (no overflow after the scaling of the matrix), hypot
    where the squares would lose precision to underflow (and for nan)."""
    cdef double r2 = f * f + g * g
    if r2 >= EIGH_TINY_SQUARE:
        return c_sqrt(r2)
    return c_hypot(f, g)


cdef int64_t eigh_tridiagonal_ql(double *d, double *e, Py_ssize_t n, double *zt,
                                 Py_ssize_t length, double *cs, double *sn,
                                 int nthreads) noexcept nogil:
    """Implicit QL with Wilkinson shifts on (d, e), e[n-1] = 0; rows of zt rotated unless NULL.
    Returns info (0, or l + 1 for the first eigenvalue l that needed more than 30 sweeps)."""
    cdef double eps = eigh_c_ldexp(1.0, -53)
    cdef double tnorm = 0, floor_, size
    cdef Py_ssize_t l, m, i
    for i in range(n):  # max |d_i| + |e_i|: the absolute test eps ||T|| (tql2's)
        size = fabs(d[i]) + fabs(e[i])
        if not (size <= tnorm):
            tnorm = size
    floor_ = eps * tnorm
    cdef int sweeps
    cdef double g, r, s, c, p, f, b
    cdef bint underflow
    for l in range(n):
        sweeps = 0
        while True:
            m = l
            while m < n - 1:
                size = fabs(e[m])
                if size <= eps * (fabs(d[m]) + fabs(d[m + 1])) or size <= floor_:
                    break
                m += 1
            if m == l:
                break
            if sweeps == EIGH_MAX_SWEEPS:
                return l + 1
            sweeps += 1
            g = (d[l + 1] - d[l]) / (2.0 * e[l])
            r = c_hypot(g, 1.0)
            g = d[m] - d[l] + e[l] / (g + c_copysign(r, g))
            s = 1.0
            c = 1.0
            p = 0.0
            i = m - 1
            underflow = False
            while i >= l:
                f = s * e[i]
                b = c * e[i]
                r = eigh_radius(f, g)
                e[i + 1] = r
                if r == 0.0:
                    d[i + 1] = d[i + 1] - p
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
                cs[i] = c
                sn[i] = s
                i -= 1
            if zt != NULL:  # rotations m-1 .. i+1 were made
                eigh_rotate(zt, length, i + 1, m, cs, sn, nthreads)
            if underflow:
                continue
            d[l] = d[l] - p
            e[l] = g
            e[m] = 0.0
    return 0


cdef int64_t eigh_matrix(fac_t *a, Py_ssize_t n, double *w, fac_t *u,
                         int nthreads) noexcept nogil:
    """w: the n ascending eigenvalues; u: eigenvectors as columns, or NULL. Returns info."""
    cdef Py_ssize_t i, j, k, r, c, length
    cdef double largest = 0, x, size, tmp
    cdef int exponent = 0
    cdef int64_t info
    cdef fac_t f, t
    cdef fac_t *row
    for i in range(n):  # exact power-of-two scaling when the entries are huge or tiny
        for j in range(i + 1):
            x = eigh_abs(a[i * n + j])
            if not (x <= largest):
                largest = x
    if eigh_c_isfinite(largest) and largest != 0:
        eigh_c_frexp(largest, &exponent)
        if -EIGH_SCALE_EXPONENT <= exponent <= EIGH_SCALE_EXPONENT:
            exponent = 0
        else:
            for i in range(n):
                for j in range(i + 1):
                    if fac_t is double:
                        a[i * n + j] = eigh_c_ldexp(a[i * n + j], -exponent)
                    else:
                        a[i * n + j].re = eigh_c_ldexp(a[i * n + j].re, -exponent)
                        a[i * n + j].im = eigh_c_ldexp(a[i * n + j].im, -exponent)
    # workspace: d, e (real), tau, cs, sn: 5n doubles; e (complex), work (4n), phases: 6n elements
    cdef double *dw = <double *>malloc(5 * n * sizeof(double))
    cdef fac_t *tw = <fac_t *>malloc(6 * n * sizeof(fac_t))
    if dw == NULL or tw == NULL:
        free(dw)
        free(tw)
        return n + 1  # out of memory: reported as not converged
    cdef double *d = dw
    cdef double *e = dw + n
    cdef double *tau = dw + 2 * n
    cdef double *cs = dw + 3 * n
    cdef double *sn = dw + 4 * n
    cdef fac_t *ec = tw
    cdef fac_t *work = tw + n
    cdef fac_t *phase = tw + 5 * n
    if fac_t is double:
        eigh_tridiagonalize_d(a, n, d, ec, tau, work)
    else:
        eigh_tridiagonalize(a, n, d, ec, tau, work)
    eigh_set_real(phase, 1.0)  # D: the subdiagonal real and >= 0
    for k in range(n - 1):
        size = eigh_abs(ec[k])
        e[k] = size
        if size != 0:
            phase[k + 1] = eigh_mul(phase[k], eigh_scale_down(ec[k], size))
        else:
            phase[k + 1] = phase[k]
    e[n - 1] = 0
    length = n if fac_t is double else 2 * n
    if u != NULL:
        eigh_form_qt(a, n, tau, u)
        for j in range(1, n):
            row = u + j * n
            f = phase[j]
            for c in range(n):
                row[c] = eigh_mul(row[c], f)
    info = eigh_tridiagonal_ql(d, e, n, <double *>u, length, cs, sn, nthreads)
    for i in range(n - 1):  # selection sort, ascending
        k = i
        for j in range(i + 1, n):
            if d[j] < d[k]:
                k = j
        if k != i:
            tmp = d[i]
            d[i] = d[k]
            d[k] = tmp
            if u != NULL:
                fac_swap_rows(u + i * n, u + k * n, n)
    for i in range(n):
        w[i] = eigh_c_ldexp(d[i], exponent)
    if u != NULL:  # u = zt^T
        for r in range(n):
            for c in range(r + 1, n):
                t = u[r * n + c]
                u[r * n + c] = u[c * n + r]
                u[c * n + r] = t
    free(dw)
    free(tw)
    return info
