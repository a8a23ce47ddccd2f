// Householder QR (abi.h ARRPY_QR, ARRPY_QR_Q). Included by factor_impl.hpp inside its namespace,
// after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no library
// templates, no inline functions of shared headers).
//
// The algorithm of the python backend (backends/python/qr.py, the specification): LAPACK's
// geqrf / xlarfg / orgqr (Golub & Van Loan, *Matrix Computations*, 5.1-5.2).
//   * Reflectors (qr_reflector): xlarfg exactly, the norm of the column computed without
//     overflow or underflow (a plain sum of squares when it is safely in range, else a scaled
//     one), |beta| < safmin rescaled as LAPACK does.
//   * Unblocked (qr_unblocked, orgqr_unblocked; min(m, n) < QR_BLOCKED_MIN, and the panels): one
//     column at a time, the reflector applied to the columns on the right in row-contiguous
//     form: w = v^H A[j:, c0:c1] as a sum of rows scaled by conj(v_i), then
//     A[i, c0:c1] -= tau v_i w (both loops vectorise; v is first copied to a contiguous buffer).
//   * Blocked (min(m, n) >= QR_BLOCKED_MIN; LAPACK geqrf / orgqr with larft / larfb):
//     panels of QR_NB columns are factored unblocked (the updates reach only the panel's
//     columns), then the panel's block reflector H_j0 ... H_j0+nb-1 = I - V T V^T (T upper
//     triangular, larft: forward, columnwise) updates the trailing columns at once:
//     C -= V (T^T (V^T C)) for geqrf (H^T = I - V T^T V^T), C -= V (T (V^T C)) for orgqr, the
//     two large products by gemm_sub (packed, AVX2 micro-kernel, threaded). orgqr goes over the
//     panels backwards, each block touching only rows and columns >= its first column.
//     complex128: H^H = I - V T^H V^H; the complex products are real gemm_sub calls on the
//     trailing block read in place as a real matrix (re / im columns interleaved) and on
//     U = [Re V | Im V] (see the complex128 section).
// Without workspace (malloc failed) the reflectors are applied column by column (strided, slow,
// the same result).

constexpr int64_t QR_NB = 24;           // panel width of the blocked QR (measured best of 16-48)
constexpr int64_t QR_BLOCKED_MIN = 64;    // min(m, n) from which the blocked algorithm is used

inline double imag_part(double) { return 0; }
inline double imag_part(cplx x) { return x.im; }
inline double neg(double x) { return -x; }
inline cplx neg(cplx x) { return cplx{-x.re, -x.im}; }
inline double scale_by(double x, double s) { return x * s; }
inline cplx scale_by(cplx x, double s) { return cplx{x.re * s, x.im * s}; }
inline double max_part(double x) { return fabs(x); }
inline double max_part(cplx x) { return fabs(x.re) > fabs(x.im) ? fabs(x.re) : fabs(x.im); }
inline double square_parts(double x, double s) { return (x / s) * (x / s); }
inline double square_parts(cplx x, double s) {
    return (x.re / s) * (x.re / s) + (x.im / s) * (x.im / s);
}

// ||x||_2 of len elements at stride ld: the plain sum of squares when it is safely in range
// (no square underflowed enough to matter, none overflowed), else the scaled sum (dznrm2).
template <class T>
double qr_norm(const T *x, int64_t len, int64_t ld) {
    double ss = 0;
    for (int64_t i = 0; i < len; ++i) ss += abs2(x[i * ld]);
    if (ss > 1e-280 && ss < 1e280) return sqrt(ss);
    double scale = 0;
    for (int64_t i = 0; i < len; ++i) {
        const double v = max_part(x[i * ld]);
        if (!(v <= scale)) scale = v;  // nan sticks
    }
    if (scale == 0 || isnan(scale) || isinf(scale)) return scale;
    ss = 0;
    for (int64_t i = 0; i < len; ++i) ss += square_parts(x[i * ld], scale);
    return scale * sqrt(ss);
}

inline double make_tau(double alpha, double beta, double) { return (beta - alpha) / beta; }
inline cplx make_tau(cplx alpha, double beta, cplx) {
    return cplx{(beta - alpha.re) / beta, -alpha.im / beta};
}
inline double from_real(double v, double) { return v; }
inline cplx from_real(double v, cplx) { return cplx{v, 0}; }

// LAPACK xlarfg on (alpha, x), x: len elements at stride ld, overwritten by v; returns tau and
// sets *alpha = beta (real).
template <class T>
T qr_reflector(T *alpha, T *x, int64_t len, int64_t ld) {
    const double safmin = 2.2250738585072014e-308 / 1.1102230246251565e-16;
    double xnorm = qr_norm(x, len, ld);
    T a = *alpha;
    double are = real_part(a), aim = imag_part(a);
    if (xnorm == 0 && aim == 0) return from_real(0.0, a);
    double beta = -copysign(hypot(hypot(are, aim), xnorm), are);
    int knt = 0;
    if (fabs(beta) < safmin) {
        const double rsafmn = 1 / safmin;
        while (fabs(beta) < safmin && knt < 20) {
            ++knt;
            for (int64_t i = 0; i < len; ++i) x[i * ld] = scale_by(x[i * ld], rsafmn);
            beta *= rsafmn;
            a = scale_by(a, rsafmn);
        }
        xnorm = qr_norm(x, len, ld);
        are = real_part(a);
        aim = imag_part(a);
        beta = -copysign(hypot(hypot(are, aim), xnorm), are);
    }
    const T tau = make_tau(a, beta, a);
    const T s = divide(from_real(1.0, a), sub(a, from_real(beta, a)));
    for (int64_t i = 0; i < len; ++i) x[i * ld] = mul(x[i * ld], s);
    for (int k = 0; k < knt; ++k) beta *= safmin;
    *alpha = from_real(beta, a);
    return tau;
}

// Rows r0 .. m-1, columns c0 .. c1-1 of the matrix at a (row stride ld) <- (I - t u u^H) times
// themselves, u = (1, v[0], ..., v[m-r0-2]) contiguous; w: c1 - c0 elements of workspace (NULL:
// column by column, no workspace).
template <class T>
void qr_apply(T *a, int64_t ld, int64_t r0, int64_t m, int64_t c0, int64_t c1, const T *v, T t,
              T *w) {
    const int64_t width = c1 - c0;
    if (width <= 0 || is_zero(t)) return;
    if (w == nullptr) {
        for (int64_t c = c0; c < c1; ++c) {
            T s = a[r0 * ld + c];
            for (int64_t i = r0 + 1; i < m; ++i)
                s = sub(s, mul(neg(conj_of(v[i - r0 - 1])), a[i * ld + c]));
            const T ts = mul(t, s);
            a[r0 * ld + c] = sub(a[r0 * ld + c], ts);
            for (int64_t i = r0 + 1; i < m; ++i)
                a[i * ld + c] = sub(a[i * ld + c], mul(v[i - r0 - 1], ts));
        }
        return;
    }
    const T *first = a + r0 * ld + c0;
    for (int64_t c = 0; c < width; ++c) w[c] = first[c];
    for (int64_t i = r0 + 1; i < m; ++i) {
        const T f = v[i - r0 - 1];
        if (!is_zero(f)) axpy_sub(w, a + i * ld + c0, neg(conj_of(f)), width);
    }
    axpy_sub(a + r0 * ld + c0, w, t, width);
    for (int64_t i = r0 + 1; i < m; ++i) {
        const T f = mul(t, v[i - r0 - 1]);
        if (!is_zero(f)) axpy_sub(a + i * ld + c0, w, f, width);
    }
}

// geqr2 on columns j0 .. j1-1 (rows j0 .. m-1) of the m x ld matrix a, the updates reaching
// columns up to c1 (>= j1); vbuf: m elements, w: c1 elements (either may be NULL).
template <class T>
void qr_unblocked(T *a, int64_t m, int64_t ld, int64_t j0, int64_t j1, int64_t c1, T *tau,
                  T *vbuf, T *w) {
    for (int64_t j = j0; j < j1; ++j) {
        T *col = a + (j + 1) * ld + j;
        const int64_t len = m - j - 1;
        tau[j] = qr_reflector(a + j * ld + j, col, len, ld);
        const T *v = col;
        if (vbuf != nullptr) {
            for (int64_t i = 0; i < len; ++i) vbuf[i] = col[i * ld];
            v = vbuf;
            qr_apply(a, ld, j, m, j + 1, c1, v, conj_of(tau[j]), w);
        } else {  // v read from its column: the slow column-by-column form
            for (int64_t c = j + 1; c < c1; ++c) {
                const T t = conj_of(tau[j]);
                if (is_zero(t)) break;
                T s = a[j * ld + c];
                for (int64_t i = 1; i <= len; ++i)
                    s = sub(s, mul(neg(conj_of(v[(i - 1) * ld])), a[(j + i) * ld + c]));
                const T ts = mul(t, s);
                a[j * ld + c] = sub(a[j * ld + c], ts);
                for (int64_t i = 1; i <= len; ++i)
                    a[(j + i) * ld + c] = sub(a[(j + i) * ld + c], mul(v[(i - 1) * ld], ts));
            }
        }
    }
}

// Q <- H_j Q for j = j1-1 down to j0 on rows j .. m-1, columns j .. ucols-1 of q (m x ucols),
// the reflectors read from a (row stride n).
template <class T>
void orgqr_unblocked(const T *a, int64_t m, int64_t n, const T *tau, T *q, int64_t ucols,
                     int64_t j0, int64_t j1, T *vbuf, T *w) {
    for (int64_t j = j1 - 1; j >= j0; --j) {
        const int64_t len = m - j - 1;
        if (vbuf != nullptr) {
            for (int64_t i = 0; i < len; ++i) vbuf[i] = a[(j + 1 + i) * n + j];
            qr_apply(q, ucols, j, m, j, ucols, vbuf, tau[j], w);
        } else {
            const T t = tau[j];
            if (is_zero(t)) continue;
            for (int64_t c = j; c < ucols; ++c) {
                T s = q[j * ucols + c];
                for (int64_t i = 1; i <= len; ++i)
                    s = sub(s, mul(neg(conj_of(a[(j + i) * n + j])), q[(j + i) * ucols + c]));
                const T ts = mul(t, s);
                q[j * ucols + c] = sub(q[j * ucols + c], ts);
                for (int64_t i = 1; i <= len; ++i)
                    q[(j + i) * ucols + c] = sub(q[(j + i) * ucols + c], mul(a[(j + i) * n + j], ts));
            }
        }
    }
}

// ---- float64 blocked (geqrf / orgqr with larft and larfb) ----------------------------------

// V (rows x nb, row-major, unit lower trapezoidal: 1 on the diagonal, 0 above) from the
// reflector columns j0 .. j0+nb-1 of a (row stride ld), rows j0 .. j0+rows-1; and T (nb x nb,
// upper triangular) of larft: T[i][i] = tau_i, T[:i, i] = -tau_i T[:i, :i] (V[:, :i]^T v_i).
void qr_block_reflector(const double *a, int64_t ld, int64_t j0, int64_t rows, int64_t nb,
                        const double *tau, double *v, double *t, double *g) {
    for (int64_t r = 0; r < rows; ++r) {
        const double *src = a + (j0 + r) * ld + j0;
        double *dst = v + r * nb;
        for (int64_t c = 0; c < nb; ++c) dst[c] = c < r ? src[c] : (c == r ? 1.0 : 0.0);
    }
    // G = V^T V (its strict upper part is what larft needs): -G by gemm_sub into g, negated
    // into T's strict upper triangle
    for (int64_t i = 0; i < nb * nb; ++i) g[i] = 0;
    gemm_sub(nb, nb, rows, v, 1, nb, v, nb, 1, g, nb, 1);
    for (int64_t p = 0; p < nb; ++p)
        for (int64_t i = 0; i < nb; ++i) t[p * nb + i] = i > p ? -g[p * nb + i] : 0.0;
    // column i of T: -tau_i T[:i, :i] G[:i, i], in place top-down (row p uses rows >= p)
    for (int64_t i = 0; i < nb; ++i) {
        const double ti = tau[j0 + i];
        // T[:i, :i] is final for rows < i; compute x = T[:i,:i] g with g = G[:i, i] in place,
        // top-down: x[p] = sum_{q >= p} T[p][q] g[q] uses only g[q] for q >= p, unchanged yet.
        for (int64_t p = 0; p < i; ++p) {
            double s = 0;
            for (int64_t q = p; q < i; ++q) s += t[p * nb + q] * t[q * nb + i];
            t[p * nb + i] = -ti * s;
        }
        t[i * nb + i] = ti;
    }
}

// C (rows x nc, row stride ldc) <- (I - V op(T) V^T) C with op(T) = T^T (transpose) or T;
// w: nb x nc workspace.
void qr_block_apply(const double *v, const double *t, int64_t rows, int64_t nb, double *c,
                    int64_t ldc, int64_t nc, bool transpose, double *w, int nthreads) {
    if (nc <= 0) return;
    for (int64_t i = 0; i < nb * nc; ++i) w[i] = 0;
    gemm_sub(nb, nc, rows, v, 1, nb, c, ldc, 1, w, nc, nthreads);  // W = -V^T C
    // W <- -op(T) W, in place
    if (transpose) {  // (T^T)[i][p] = T[p][i], p <= i: bottom-up
        for (int64_t i = nb - 1; i >= 0; --i) {
            double *wi = w + i * nc;
            const double d = t[i * nb + i];
            for (int64_t x = 0; x < nc; ++x) wi[x] = -d * wi[x];
            for (int64_t p = 0; p < i; ++p) {
                const double f = t[p * nb + i];
                if (f != 0) axpy_sub(wi, w + p * nc, f, nc);
            }
        }
    } else {  // T[i][p], p >= i: top-down
        for (int64_t i = 0; i < nb; ++i) {
            double *wi = w + i * nc;
            const double d = t[i * nb + i];
            for (int64_t x = 0; x < nc; ++x) wi[x] = -d * wi[x];
            for (int64_t p = i + 1; p < nb; ++p) {
                const double f = t[i * nb + p];
                if (f != 0) axpy_sub(wi, w + p * nc, f, nc);
            }
        }
    }
    gemm_sub(rows, nc, nb, v, nb, 1, w, nc, 1, c, ldc, nthreads);  // C -= V W
}

// Workspace of the blocked algorithms: V (m x QR_NB), T and G (QR_NB^2 each), W (QR_NB x cols).
struct QrWork {
    double *v, *t, *w;
};

bool qr_work_alloc(QrWork *ws, int64_t m, int64_t cols) {
    ws->v = static_cast<double *>(malloc(size_t(m * QR_NB) * sizeof(double)));
    ws->t = static_cast<double *>(malloc(size_t(2 * QR_NB * QR_NB) * sizeof(double)));
    ws->w = static_cast<double *>(malloc(size_t(QR_NB * cols) * sizeof(double)));
    if (ws->v && ws->t && ws->w) return true;
    free(ws->v), free(ws->t), free(ws->w);
    return false;
}

void qr_work_free(QrWork *ws) { free(ws->v), free(ws->t), free(ws->w); }

bool qr_blocked(double *a, int64_t m, int64_t n, double *tau, double *vbuf, double *wrow,
                int nthreads) {
    QrWork ws;
    if (!qr_work_alloc(&ws, m, n)) return false;
    const int64_t k = min64(m, n);
    for (int64_t j0 = 0; j0 < k; j0 += QR_NB) {
        const int64_t nb = min64(QR_NB, k - j0);
        qr_unblocked(a, m, n, j0, j0 + nb, j0 + nb, tau, vbuf, wrow);
        if (j0 + nb >= n) break;
        qr_block_reflector(a, n, j0, m - j0, nb, tau, ws.v, ws.t, ws.t + QR_NB * QR_NB);
        qr_block_apply(ws.v, ws.t, m - j0, nb, a + j0 * n + j0 + nb, n, n - j0 - nb, true, ws.w,
                       nthreads);
    }
    qr_work_free(&ws);
    return true;
}

bool orgqr_blocked(const double *a, int64_t m, int64_t n, const double *tau, double *q,
                   int64_t ucols, int nthreads) {
    QrWork ws;
    if (!qr_work_alloc(&ws, m, ucols)) return false;
    const int64_t k = min64(m, n);
    for (int64_t j0 = (k - 1) / QR_NB * QR_NB; j0 >= 0; j0 -= QR_NB) {
        const int64_t nb = min64(QR_NB, k - j0);
        qr_block_reflector(a, n, j0, m - j0, nb, tau, ws.v, ws.t, ws.t + QR_NB * QR_NB);
        qr_block_apply(ws.v, ws.t, m - j0, nb, q + j0 * ucols + j0, ucols, ucols - j0, false,
                       ws.w, nthreads);
    }
    qr_work_free(&ws);
    return true;
}

// ---- complex128 blocked: the same, the products on the real view of the matrices --------
// A complex rows x nc block C, read as doubles, is the real rows x 2nc matrix Cx whose columns
// alternate re / im. With V = Vr + i Vi and the real rows x 2nb matrix U = [Vr | Vi]:
//   U^T Cx = [Vr^T Cx; Vi^T Cx] = [P; Q]  (one gemm_sub, C read in place), then
//     V^H C = (P_re + Q_im) + i (P_im - Q_re)     (column by column of P, Q)
//   C - V X:  Cx -= U [X; i X]  (one gemm_sub, depth 2nb, C written in place), X and i X
//     stored as real nb x 2nc matrices (interleaved re / im)
//   V^H V from U^T U (larft's Gram matrix).
// X = op(T) (V^H C) by small triangular loops on complex rows.

struct QrWorkC {
    double *u;  // U: m x 2 QR_NB
    cplx *t;    // QR_NB x QR_NB
    double *g;  // U^T U: 2 QR_NB x 2 QR_NB
    double *pq; // [P; Q], then [X; i X]: 2 QR_NB x 2 cols
    cplx *w;    // V^H C, then X: QR_NB x cols
};

bool qr_work_alloc_c(QrWorkC *ws, int64_t m, int64_t cols) {
    const size_t usize = size_t(2 * m * QR_NB), gsize = size_t(4 * QR_NB * QR_NB),
                 pqsize = size_t(4 * QR_NB * cols), wsize = size_t(2 * QR_NB * cols);
    double *block = static_cast<double *>(malloc((usize + gsize + pqsize + wsize) * sizeof(double)));
    ws->t = static_cast<cplx *>(malloc(size_t(QR_NB * QR_NB) * sizeof(cplx)));
    if (block == nullptr || ws->t == nullptr) {
        free(block), free(ws->t);
        return false;
    }
    ws->u = block;
    ws->g = ws->u + usize;
    ws->pq = ws->g + gsize;
    ws->w = reinterpret_cast<cplx *>(ws->pq + pqsize);
    return true;
}

void qr_work_free_c(QrWorkC *ws) { free(ws->u), free(ws->t); }

// U from the reflector columns j0 .. j0+nb-1 of a (unit lower trapezoidal V), and larft's T:
// T[i][i] = tau_i, T[:i, i] = -tau_i T[:i, :i] (V[:, :i]^H v_i).
void qr_block_reflector_c(const cplx *a, int64_t ld, int64_t j0, int64_t rows, int64_t nb,
                          const cplx *tau, QrWorkC *ws) {
    cplx *t = ws->t;
    double *u = ws->u;
    const int64_t lu = 2 * nb;
    for (int64_t r = 0; r < rows; ++r) {
        const cplx *src = a + (j0 + r) * ld + j0;
        double *row = u + r * lu;
        for (int64_t c = 0; c < nb; ++c) {
            const cplx x = c < r ? src[c] : cplx{c == r ? 1.0 : 0.0, 0.0};
            row[c] = x.re;
            row[nb + c] = x.im;
        }
    }
    double *g = ws->g;  // -U^T U = -[[Vr^T Vr, Vr^T Vi], [Vi^T Vr, Vi^T Vi]]
    for (int64_t i = 0; i < lu * lu; ++i) g[i] = 0;
    gemm_sub(lu, lu, rows, u, 1, lu, u, lu, 1, g, lu, 1);
    for (int64_t p = 0; p < nb; ++p)
        for (int64_t i = 0; i < nb; ++i) {
            // V^H V = (Vr^T Vr + Vi^T Vi) + i (Vr^T Vi - Vi^T Vr)
            const double re = -(g[p * lu + i] + g[(nb + p) * lu + nb + i]);
            const double im = -(g[p * lu + nb + i] - g[(nb + p) * lu + i]);
            t[p * nb + i] = i > p ? cplx{re, im} : cplx{0, 0};
        }
    for (int64_t i = 0; i < nb; ++i) {
        const cplx ti = tau[j0 + i];
        for (int64_t p = 0; p < i; ++p) {
            cplx s{0, 0};
            for (int64_t q = p; q < i; ++q) {
                const cplx x = mul(t[p * nb + q], t[q * nb + i]);
                s.re += x.re;
                s.im += x.im;
            }
            t[p * nb + i] = neg(mul(ti, s));
        }
        t[i * nb + i] = ti;
    }
}

// C (rows x nc complex, row stride ldc) <- (I - V op(T) V^H) C, op(T) = T^H (conj_transpose) or T.
void qr_block_apply_c(QrWorkC *ws, int64_t rows, int64_t nb, cplx *c, int64_t ldc, int64_t nc,
                      bool conj_transpose, int nthreads) {
    if (nc <= 0) return;
    const int64_t wx = 2 * nc;  // doubles per row of the real views
    double *pq = ws->pq, *cx = reinterpret_cast<double *>(c);
    cplx *w = ws->w;
    const cplx *t = ws->t;
    for (int64_t i = 0; i < 2 * nb * wx; ++i) pq[i] = 0;
    gemm_sub(2 * nb, wx, rows, ws->u, 1, 2 * nb, cx, 2 * ldc, 1, pq, wx, nthreads);  // -[P; Q]
    for (int64_t i = 0; i < nb; ++i) {  // W = V^H C
        const double *p = pq + i * wx, *q = pq + (nb + i) * wx;
        cplx *wi = w + i * nc;
        for (int64_t x = 0; x < nc; ++x)
            wi[x] = cplx{-(p[2 * x] + q[2 * x + 1]), -(p[2 * x + 1] - q[2 * x])};
    }
    // X = op(T) W in place: row i of X from rows p <= i (T^H, bottom-up) or p >= i (T,
    // top-down), not yet replaced
    for (int64_t step = 0; step < nb; ++step) {
        const int64_t i = conj_transpose ? nb - 1 - step : step;
        cplx *xi = w + i * nc;
        cplx d = t[i * nb + i];
        if (conj_transpose) d = conj_of(d);
        for (int64_t x = 0; x < nc; ++x) xi[x] = mul(d, xi[x]);
        const int64_t p0 = conj_transpose ? 0 : i + 1, p1 = conj_transpose ? i : nb;
        for (int64_t p = p0; p < p1; ++p) {
            const cplx f = conj_transpose ? conj_of(t[p * nb + i]) : t[i * nb + p];
            if (f.re == 0 && f.im == 0) continue;
            axpy_sub(xi, w + p * nc, neg(f), nc);
        }
    }
    for (int64_t i = 0; i < nb; ++i) {  // [X; i X] as real nb x 2nc matrices
        const cplx *xi = w + i * nc;
        double *top = pq + i * wx, *bottom = pq + (nb + i) * wx;
        for (int64_t x = 0; x < nc; ++x) {
            top[2 * x] = xi[x].re;
            top[2 * x + 1] = xi[x].im;
            bottom[2 * x] = -xi[x].im;
            bottom[2 * x + 1] = xi[x].re;
        }
    }
    gemm_sub(rows, wx, 2 * nb, ws->u, 2 * nb, 1, pq, wx, 1, cx, 2 * ldc, nthreads);  // C -= V X
}

bool qr_blocked(cplx *a, int64_t m, int64_t n, cplx *tau, cplx *vbuf, cplx *wrow,
                int nthreads) {
    QrWorkC ws;
    if (!qr_work_alloc_c(&ws, m, n)) return false;
    const int64_t k = min64(m, n);
    for (int64_t j0 = 0; j0 < k; j0 += QR_NB) {
        const int64_t nb = min64(QR_NB, k - j0);
        qr_unblocked(a, m, n, j0, j0 + nb, j0 + nb, tau, vbuf, wrow);
        if (j0 + nb >= n) break;
        qr_block_reflector_c(a, n, j0, m - j0, nb, tau, &ws);
        qr_block_apply_c(&ws, m - j0, nb, a + j0 * n + j0 + nb, n, n - j0 - nb, true, nthreads);
    }
    qr_work_free_c(&ws);
    return true;
}

bool orgqr_blocked(const cplx *a, int64_t m, int64_t n, const cplx *tau, cplx *q,
                   int64_t ucols, int nthreads) {
    QrWorkC ws;
    if (!qr_work_alloc_c(&ws, m, ucols)) return false;
    const int64_t k = min64(m, n);
    for (int64_t j0 = (k - 1) / QR_NB * QR_NB; j0 >= 0; j0 -= QR_NB) {
        const int64_t nb = min64(QR_NB, k - j0);
        qr_block_reflector_c(a, n, j0, m - j0, nb, tau, &ws);
        qr_block_apply_c(&ws, m - j0, nb, q + j0 * ucols + j0, ucols, ucols - j0, false, nthreads);
    }
    qr_work_free_c(&ws);
    return true;
}

// ---- entry points ---------------------------------------------------------------------------

template <class T>
void qr_matrix(T *a, int64_t m, int64_t n, T *tau, int nthreads) {
    T *vbuf = static_cast<T *>(malloc(size_t(m + n) * sizeof(T)));
    T *w = vbuf != nullptr ? vbuf + m : nullptr;
    if (!(min64(m, n) >= QR_BLOCKED_MIN && vbuf != nullptr &&
          qr_blocked(a, m, n, tau, vbuf, w, nthreads)))
        qr_unblocked(a, m, n, 0, min64(m, n), n, tau, vbuf, w);
    free(vbuf);
}

template <class T>
void qr_q_matrix(const T *a, int64_t m, int64_t n, const T *tau, T *q, int64_t ucols,
                 int nthreads) {
    for (int64_t r = 0; r < m; ++r)
        for (int64_t c = 0; c < ucols; ++c) {
            set_zero(q + r * ucols + c);
            if (r == c) set_real(q + r * ucols + c, 1.0);
        }
    if (min64(m, n) >= QR_BLOCKED_MIN && orgqr_blocked(a, m, n, tau, q, ucols, nthreads)) return;
    T *vbuf = static_cast<T *>(malloc(size_t(m + ucols) * sizeof(T)));
    orgqr_unblocked(a, m, n, tau, q, ucols, 0, min64(m, n), vbuf,
                    vbuf != nullptr ? vbuf + m : nullptr);
    free(vbuf);
}
