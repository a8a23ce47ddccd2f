// Hermitian eigen-decomposition (abi.h ARRPY_EIGH). Included by factor_impl.hpp inside its
// namespace, after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no
// library templates, no inline functions of shared headers).
//
// The algorithm of the python backend (backends/python/eigen_hermitian.py, the specification),
// the LAPACK way (syev / heev = sytrd + orgtr + steqr; Golub & Van Loan, *Matrix Computations*,
// 4th ed., 8.3):
//   1. Householder tridiagonalisation T = Q^H A Q (sytd2 / hetd2, lower triangle): reflector
//      P_k = I - tau v v^H (tau real, v[0] = 1) maps the column below the diagonal to beta e_1;
//      the trailing block takes the symmetric rank-2 update A -= v w^H + w v^H with p = tau A v,
//      w = p - (tau/2)(v^H p) v. Only the lower triangle is read and written (row-major: the
//      product p = A v is, per row i, a dot product over the row prefix plus an axpy of the
//      same prefix into p -- one contiguous pass; the update is contiguous per row too). The
//      vectors v are kept in the (unused) upper triangle, row k. float64 fuses the rank-2
//      update of step k with the product of step k+1 (one pass over the trailing matrix per
//      step; see eigh_fused_pass).
//   2. D = diag(phases) makes the subdiagonal real and >= 0 (complex input).
//   3. Implicit QL with Wilkinson shifts (tql2 / steqr) on the real tridiagonal, at most 30
//      sweeps per eigenvalue (info = l + 1 otherwise; nan input ends there). e_m is negligible
//      when |e_m| <= eps (|d_m| + |d_m+1|) or |e_m| <= eps max_i(|d_i| + |e_i|).
// Eigenvectors U = Q D Z live transposed, in u itself used as workspace ("zt", rows = the
// eigenvectors): zt = Q^T by backward accumulation of the reflectors (orgtr; per row of zt a dot
// product and an axpy over contiguous memory), rows scaled by D, and the QL rotations (they
// depend on d and e only) recorded and applied in batches of up to 32768, one column block of zt
// (all rows, 64 doubles wide: in L2) at a time, so zt streams through the cache once per batch
// and not once per sweep; the blocks are split over threads for large matrices. The rotations are
// real, so a complex row is rotated as 2n doubles. Then the selection sort moves rows of zt and
// u = zt^T (an in-place transpose). Without vectors only d and e are iterated.
// Entries outside [2^-450, 2^450] in magnitude: the matrix is scaled by an exact power of two.
// Normalisations divide (x / |x|, never x * (1 / |x|): the reciprocal of a subnormal overflows).

constexpr int EIGH_MAX_SWEEPS = 30;
constexpr int EIGH_SCALE_EXPONENT = 450;
constexpr int64_t EIGH_ROT_BLOCK = 64;  // doubles per row in a column block of zt
constexpr int64_t EIGH_PARALLEL_MIN_WORK = int64_t(1) << 17;

inline double eigh_abs(double x) { return fabs(x); }
inline double eigh_abs(cplx x) { return hypot(x.re, x.im); }
inline double eigh_maxpart(double x) { return fabs(x); }
inline double eigh_maxpart(cplx x) { return fabs(x.re) > fabs(x.im) ? fabs(x.re) : fabs(x.im); }
inline double eigh_scale(double x, double f) { return x * f; }
inline cplx eigh_scale(cplx x, double f) { return cplx{x.re * f, x.im * f}; }
inline double eigh_ldexp(double x, int e) { return ldexp(x, e); }
inline cplx eigh_ldexp(cplx x, int e) { return cplx{ldexp(x.re, e), ldexp(x.im, e)}; }

// p[k1..n-1] = tau * A22 v for the Hermitian trailing block (lower triangle, rows k1..n-1).
inline void eigh_symv(const double *a, int64_t n, int64_t k1, const double *v, double tau,
                      double *p) {
    for (int64_t i = k1; i < n; ++i) p[i] = 0;
    for (int64_t i = k1; i < n; ++i) {
        const double *__restrict row = a + i * n;
        const double vi = v[i];
        double *__restrict pp = p;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int64_t j = k1;
        for (; j + 4 <= i; j += 4) {
            s0 += row[j] * v[j];
            s1 += row[j + 1] * v[j + 1];
            s2 += row[j + 2] * v[j + 2];
            s3 += row[j + 3] * v[j + 3];
            pp[j] += row[j] * vi;
            pp[j + 1] += row[j + 1] * vi;
            pp[j + 2] += row[j + 2] * vi;
            pp[j + 3] += row[j + 3] * vi;
        }
        for (; j < i; ++j) {
            s0 += row[j] * v[j];
            pp[j] += row[j] * vi;
        }
        p[i] += (s0 + s1) + (s2 + s3) + row[i] * vi;
    }
    for (int64_t i = k1; i < n; ++i) p[i] *= tau;
}

inline void eigh_symv(const cplx *a, int64_t n, int64_t k1, const cplx *v, double tau, cplx *p) {
    for (int64_t i = k1; i < n; ++i) set_zero(p + i);
    for (int64_t i = k1; i < n; ++i) {
        const cplx *__restrict row = a + i * n;
        const cplx vi = v[i];
        cplx *__restrict pp = p;
        double sr = 0, si = 0;
        for (int64_t j = k1; j < i; ++j) {
            const double ar = row[j].re, ai = row[j].im;
            sr += ar * v[j].re - ai * v[j].im;  // row[j] * v[j]
            si += ar * v[j].im + ai * v[j].re;
            pp[j].re += ar * vi.re + ai * vi.im;  // conj(row[j]) * v[i]
            pp[j].im += ar * vi.im - ai * vi.re;
        }
        p[i].re += sr + row[i].re * vi.re;
        p[i].im += si + row[i].re * vi.im;
    }
    for (int64_t i = k1; i < n; ++i) p[i] = eigh_scale(p[i], tau);
}

// Lower triangle of rows k1..n-1: A -= v w^H + w v^H.
inline void eigh_syr2(double *a, int64_t n, int64_t k1, const double *v, const double *w) {
    for (int64_t i = k1; i < n; ++i) {
        double *__restrict row = a + i * n;
        const double vi = v[i], wi = w[i];
        for (int64_t j = k1; j <= i; ++j) row[j] -= vi * w[j] + wi * v[j];
    }
}

inline void eigh_syr2(cplx *a, int64_t n, int64_t k1, const cplx *v, const cplx *w) {
    for (int64_t i = k1; i < n; ++i) {
        cplx *__restrict row = a + i * n;
        const cplx vi = v[i], wi = w[i];
        for (int64_t j = k1; j <= i; ++j) {
            // v_i conj(w_j) + w_i conj(v_j)
            row[j].re -= (vi.re * w[j].re + vi.im * w[j].im) + (wi.re * v[j].re + wi.im * v[j].im);
            row[j].im -= (vi.im * w[j].re - vi.re * w[j].im) + (wi.im * v[j].re - wi.re * v[j].im);
        }
        row[i].im = 0;
    }
}

// Householder tridiagonalisation of a (lower triangle). d: n diagonal entries; e: n-1 complex
// (T) subdiagonal entries; tau: n-2 reflector scalars (0: no reflector), the vectors v_k in
// a[k][k+1 .. n-1]. work: 2n elements of T. (complex128; float64 has the fused overload below)
template <class T>
void eigh_tridiagonalize(T *a, int64_t n, double *d, T *e, double *tau, T *work) {
    T *p = work, *w = work + n;
    for (int64_t k = 0; k + 1 < n; ++k) {
        d[k] = real_part(a[k * n + k]);
        const int64_t k1 = k + 1;
        const T alpha = a[k1 * n + k];
        if (k + 2 < n) tau[k] = 0;
        bool zero_tail = true;
        double big = eigh_maxpart(alpha);
        for (int64_t i = k + 2; i < n; ++i) {
            const T x = a[i * n + k];
            if (!is_zero(x)) zero_tail = false;
            const double mx = eigh_maxpart(x);
            if (!(mx <= big)) big = mx;  // nan wins (it must not be skipped)
        }
        if (k + 2 >= n || zero_tail) {
            e[k] = alpha;
            continue;
        }
        // ||x||, scaled by the largest component against overflow and underflow
        double ss = 0;
        for (int64_t i = k1; i < n; ++i) ss += abs2(scale_down(a[i * n + k], big));
        const double norm = big * sqrt(ss);
        const double size = eigh_abs(alpha);
        T phase;
        set_real(&phase, 1.0);
        if (size != 0) phase = scale_down(alpha, size);
        e[k] = eigh_scale(phase, -norm);                         // beta
        const T v0 = eigh_scale(phase, size + norm);             // alpha - beta
        T *v = a + k * n;                                        // row k, columns k1 .. n-1
        set_real(v + k1, 1.0);
        for (int64_t i = k + 2; i < n; ++i) v[i] = divide(a[i * n + k], v0);
        const double t = (size + norm) / norm;
        tau[k] = t;
        eigh_symv(a, n, k1, v, t, p);
        double vp = 0;  // Re(v^H p)
        for (int64_t i = k1; i < n; ++i) vp += real_part(conj_mul(p[i], v[i]));
        const double half = 0.5 * t * vp;
        for (int64_t i = k1; i < n; ++i) w[i] = sub(p[i], eigh_scale(v[i], half));
        eigh_syr2(a, n, k1, v, w);
    }
    d[n - 1] = real_part(a[(n - 1) * n + n - 1]);
}

// float64: the same reduction with one pass over the trailing matrix per step instead of two.
// The column k+1 after the rank-2 update of step k (x_i = a[i][k+1] - (v_i w_{k+1} + w_i v_{k+1}),
// the update's own arithmetic) is computed first, which gives the reflector of step k+1; then
// every row i is updated and immediately multiplied by v_{k+1} (symv of step k+1: dot product
// over the row prefix, axpy of it into p). Same values as eigh_tridiagonalize up to the order of
// the sums in p.

// The reflector of x (m values, x[0] = alpha) into v[0 .. m-1] (v[0] = 1); returns tau (0: none,
// *beta = alpha) and sets *beta (the generic code's arithmetic for float64).
inline double eigh_reflector(const double *x, int64_t m, double *v, double *beta) {
    const double alpha = x[0];
    bool zero_tail = true;
    double big = fabs(alpha);
    for (int64_t i = 1; i < m; ++i) {
        if (x[i] != 0) zero_tail = false;
        const double mx = fabs(x[i]);
        if (!(mx <= big)) big = mx;
    }
    if (m < 2 || zero_tail) {
        *beta = alpha;
        return 0;
    }
    double ss = 0;
    for (int64_t i = 0; i < m; ++i) ss += (x[i] / big) * (x[i] / big);
    const double norm = big * sqrt(ss);
    const double size = fabs(alpha);
    const double phase = size != 0 ? alpha / size : 1.0;
    *beta = phase * -norm;
    const double v0 = phase * (size + norm);
    v[0] = 1.0;
    for (int64_t i = 1; i < m; ++i) v[i] = x[i] / v0;
    return (size + norm) / norm;
}

// Rows k1 .. n-1: row[j] -= v_i w_j + w_i v_j for j in k1 .. i (if upd), and, if t2 != 0,
// p2 = t2 * A22' v2 over rows and columns k2 = k1 + 1 .. n-1 of the updated matrix.
inline void eigh_fused_pass(double *a, int64_t n, int64_t k1, bool upd, const double *v,
                            const double *w, double t2, const double *v2, double *p2) {
    const int64_t k2 = k1 + 1;
    if (t2 != 0)
        for (int64_t i = k2; i < n; ++i) p2[i] = 0;
    for (int64_t i = k1; i < n; ++i) {
        double *__restrict row = a + i * n;
        if (upd) {
            const double vi = v[i], wi = w[i];
            row[k1] -= vi * w[k1] + wi * v[k1];
            if (t2 == 0 || i < k2) {
                for (int64_t j = k2; j <= i; ++j) row[j] -= vi * w[j] + wi * v[j];
                continue;
            }
            const double ui = v2[i];
            double *__restrict pp = p2;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int64_t j = k2;
            for (; j + 4 <= i; j += 4) {
                const double r0 = row[j] - (vi * w[j] + wi * v[j]);
                const double r1 = row[j + 1] - (vi * w[j + 1] + wi * v[j + 1]);
                const double r2 = row[j + 2] - (vi * w[j + 2] + wi * v[j + 2]);
                const double r3 = row[j + 3] - (vi * w[j + 3] + wi * v[j + 3]);
                row[j] = r0;
                row[j + 1] = r1;
                row[j + 2] = r2;
                row[j + 3] = r3;
                s0 += r0 * v2[j];
                s1 += r1 * v2[j + 1];
                s2 += r2 * v2[j + 2];
                s3 += r3 * v2[j + 3];
                pp[j] += r0 * ui;
                pp[j + 1] += r1 * ui;
                pp[j + 2] += r2 * ui;
                pp[j + 3] += r3 * ui;
            }
            for (; j < i; ++j) {
                const double r = row[j] - (vi * w[j] + wi * v[j]);
                row[j] = r;
                s0 += r * v2[j];
                pp[j] += r * ui;
            }
            const double rd = row[i] - (vi * w[i] + wi * v[i]);
            row[i] = rd;
            p2[i] += (s0 + s1) + (s2 + s3) + rd * ui;
        } else if (t2 != 0 && i >= k2) {
            const double ui = v2[i];
            double *__restrict pp = p2;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int64_t j = k2;
            for (; j + 4 <= i; j += 4) {
                s0 += row[j] * v2[j];
                s1 += row[j + 1] * v2[j + 1];
                s2 += row[j + 2] * v2[j + 2];
                s3 += row[j + 3] * v2[j + 3];
                pp[j] += row[j] * ui;
                pp[j + 1] += row[j + 1] * ui;
                pp[j + 2] += row[j + 2] * ui;
                pp[j + 3] += row[j + 3] * ui;
            }
            for (; j < i; ++j) {
                s0 += row[j] * v2[j];
                pp[j] += row[j] * ui;
            }
            p2[i] += (s0 + s1) + (s2 + s3) + row[i] * ui;
        }
    }
    if (t2 != 0)
        for (int64_t i = k2; i < n; ++i) p2[i] *= t2;
}

inline void eigh_tridiagonalize(double *a, int64_t n, double *d, double *e, double *tau,
                                double *work) {
    // work: 4n doubles (p, p2, w, x)
    double *p = work, *p2 = work + n, *w = work + 2 * n, *x = work + 3 * n;
    // step 0: reflector of column 0, then p = tau A22 v by itself
    d[0] = a[0];
    if (n <= 1) return;
    for (int64_t i = 1; i < n; ++i) x[i] = a[i * n];
    double t = eigh_reflector(x + 1, n - 1, a + 1, &e[0]);
    if (n > 2) tau[0] = t;
    if (t != 0) eigh_fused_pass(a, n, 0, false, nullptr, nullptr, t, a, p);
    for (int64_t k = 0; k + 1 < n; ++k) {
        const int64_t k1 = k + 1;
        const double *v = a + k * n;  // v_k over columns k1 .. n-1
        const bool upd = t != 0;
        if (upd) {  // w = p - (tau/2)(v^T p) v
            double vp = 0;
            for (int64_t i = k1; i < n; ++i) vp += p[i] * v[i];
            const double half = 0.5 * t * vp;
            for (int64_t i = k1; i < n; ++i) w[i] = p[i] - v[i] * half;
            for (int64_t i = k1; i < n; ++i) x[i] = a[i * n + k1] - (v[i] * w[k1] + w[i] * v[k1]);
        } else {
            for (int64_t i = k1; i < n; ++i) x[i] = a[i * n + k1];
        }
        d[k1] = x[k1];
        double t2 = 0;
        if (k1 + 1 < n) {
            t2 = eigh_reflector(x + k1 + 1, n - k1 - 1, a + k1 * n + k1 + 1, &e[k1]);
            if (k1 + 2 < n) tau[k1] = t2;
        }
        eigh_fused_pass(a, n, k1, upd, v, w, t2, a + k1 * n, p2);
        double *swap = p;
        p = p2;
        p2 = swap;
        t = t2;
    }
}

// zt = Q^T, Q = P_0 ... P_{n-3} (backward accumulation): rows j > k take
// row -= tau (row . conj(v)) v over columns k+1 .. n-1.
inline double eigh_dot_conj(const double *x, const double *v, int64_t m) { return dot(x, v, m); }
inline cplx eigh_dot_conj(const cplx *x, const cplx *v, int64_t m) {
    double sr = 0, si = 0;
    for (int64_t i = 0; i < m; ++i) {
        sr += x[i].re * v[i].re + x[i].im * v[i].im;
        si += x[i].im * v[i].re - x[i].re * v[i].im;
    }
    return cplx{sr, si};
}

template <class T>
void eigh_form_qt(const T *a, int64_t n, const double *tau, T *zt) {
    for (int64_t r = 0; r < n; ++r)
        for (int64_t c = 0; c < n; ++c) {
            set_zero(zt + r * n + c);
            if (r == c) set_real(zt + r * n + c, 1.0);
        }
    for (int64_t k = n - 3; k >= 0; --k) {
        if (tau[k] == 0) continue;
        const int64_t k1 = k + 1, m = n - k1;
        const T *v = a + k * n + k1;
        for (int64_t j = k1; j < n; ++j) {
            T *row = zt + j * n + k1;
            const T s = eigh_scale(eigh_dot_conj(row, v, m), tau[k]);
            axpy_sub(row, v, s, m);
        }
    }
}

// The plane rotations of the QL iteration depend on d and e only, not on the vectors: they are
// recorded (EighRot, in the order they are made) and applied in batches of up to
// EIGH_ROT_BATCH rotations, one column block of zt (EIGH_ROT_BLOCK doubles wide, all rows: it
// stays in L2) at a time. zt is then read and written once per batch instead of once per QL
// sweep; the column blocks are independent (split over threads for large matrices). Every
// element sees the same operations in the same order as with the rotations applied one by one.
struct EighRot {
    double c, s;
    int64_t i;  // rows i and i+1 of zt (columns i, i+1 of U)
};

constexpr int64_t EIGH_ROT_BATCH = int64_t(1) << 15;

inline void eigh_rotate_block(double *zt, int64_t len, const EighRot *rot, int64_t count,
                              int64_t c0, int64_t c1) {
    for (int64_t r = 0; r < count; ++r) {
        const double c = rot[r].c, s = rot[r].s;
        double *__restrict x = zt + rot[r].i * len;
        double *__restrict y = x + len;
        for (int64_t col = c0; col < c1; ++col) {
            const double f = y[col], g = x[col];
            y[col] = s * g + c * f;
            x[col] = c * g - s * f;
        }
    }
}

struct EighRotJob {
    double *zt;
    int64_t len;
    const EighRot *rot;
    int64_t count;
};

void eigh_rotate_range(void *ctx, int64_t begin, int64_t end) {  // units of EIGH_ROT_BLOCK
    const EighRotJob &j = *static_cast<const EighRotJob *>(ctx);
    for (int64_t b = begin; b < end; ++b)
        eigh_rotate_block(j.zt, j.len, j.rot, j.count, b * EIGH_ROT_BLOCK,
                          min64(j.len, (b + 1) * EIGH_ROT_BLOCK));
}

// Applies the count recorded rotations to zt (rows of len doubles).
inline void eigh_rotate(double *zt, int64_t len, const EighRot *rot, int64_t count,
                        int nthreads) {
    if (count == 0) return;
    EighRotJob job = {zt, len, rot, count};
    const int64_t units = (len + EIGH_ROT_BLOCK - 1) / EIGH_ROT_BLOCK;
    const int64_t chunks =
        nthreads > 1 && count * len >= EIGH_PARALLEL_MIN_WORK ? min64(nthreads, units) : 1;
    run_split(units, chunks, eigh_rotate_range, &job);
}

// sqrt(f^2 + g^2): the plain formula (no overflow after the scaling of the matrix), hypot where
// the squares would lose precision to underflow (and for nan).
inline double eigh_radius(double f, double g) {
    const double r2 = f * f + g * g;
    return r2 >= 0x1p-960 ? sqrt(r2) : hypot(f, g);
}

// Implicit QL with Wilkinson shifts on (d, e) (e[k] = T[k+1][k], e[n-1] = 0 on entry); zt rows
// (len doubles each) rotated if zt != nullptr, through the batch buffer rot (EIGH_ROT_BATCH
// entries). Returns info.
int64_t eigh_tridiagonal_ql(double *d, double *e, int64_t n, double *zt, int64_t len, EighRot *rot,
                            int nthreads) {
    int64_t nrot = 0;
    const double eps = ldexp(1.0, -53);
    double tnorm = 0;  // max |d_i| + |e_i|: the absolute test eps ||T|| (tql2's)
    for (int64_t i = 0; i < n; ++i) {
        const double x = fabs(d[i]) + fabs(e[i]);
        if (!(x <= tnorm)) tnorm = x;
    }
    const double floor_ = eps * tnorm;
    for (int64_t l = 0; l < n; ++l) {
        int sweeps = 0;
        for (;;) {
            int64_t m = l;
            for (; m < n - 1; ++m)
                if (fabs(e[m]) <= eps * (fabs(d[m]) + fabs(d[m + 1])) || fabs(e[m]) <= floor_)
                    break;
            if (m == l) break;
            if (sweeps == EIGH_MAX_SWEEPS) {
                if (zt != nullptr) eigh_rotate(zt, len, rot, nrot, nthreads);
                return l + 1;
            }
            ++sweeps;
            double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
            double r = hypot(g, 1.0);
            g = d[m] - d[l] + e[l] / (g + copysign(r, g));
            double s = 1.0, c = 1.0, p = 0.0;
            int64_t i = m - 1;
            bool underflow = false;
            for (; i >= l; --i) {
                const double f = s * e[i], b = c * e[i];
                r = eigh_radius(f, g);
                e[i + 1] = r;
                if (r == 0.0) {
                    d[i + 1] -= p;
                    e[m] = 0.0;
                    underflow = true;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2.0 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
                if (zt != nullptr) {
                    if (nrot == EIGH_ROT_BATCH) {
                        eigh_rotate(zt, len, rot, nrot, nthreads);
                        nrot = 0;
                    }
                    rot[nrot++] = EighRot{c, s, i};
                }
            }
            if (underflow) continue;
            d[l] -= p;
            e[l] = g;
            e[m] = 0.0;
        }
    }
    if (zt != nullptr) eigh_rotate(zt, len, rot, nrot, nthreads);
    return 0;
}

// w: n ascending eigenvalues; u: n x n eigenvectors as columns, or nullptr. Returns info.
template <class T>
int64_t eigh_matrix(T *a, int64_t n, double *w, T *u, int nthreads) {
    // exact power-of-two scaling when the entries are huge or tiny (lower triangle)
    double largest = 0;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j <= i; ++j) {
            const double x = eigh_abs(a[i * n + j]);
            if (!(x <= largest)) largest = x;
        }
    int exponent = 0;
    if (isfinite(largest) && largest != 0) {
        frexp(largest, &exponent);
        if (exponent >= -EIGH_SCALE_EXPONENT && exponent <= EIGH_SCALE_EXPONENT)
            exponent = 0;
        else
            for (int64_t i = 0; i < n; ++i)
                for (int64_t j = 0; j <= i; ++j) a[i * n + j] = eigh_ldexp(a[i * n + j], -exponent);
    }
    // workspace: d, e (real), tau: 3n doubles; e (T), work (4n), phases: 6n T; the rotation batch
    double *dw = static_cast<double *>(malloc(size_t(3 * n) * sizeof(double)));
    T *tw = static_cast<T *>(malloc(size_t(6 * n) * sizeof(T)));
    EighRot *rot = u != nullptr ? static_cast<EighRot *>(malloc(
                                      size_t(EIGH_ROT_BATCH) * sizeof(EighRot)))
                                : nullptr;
    if (dw == nullptr || tw == nullptr || (u != nullptr && rot == nullptr)) {
        free(dw);
        free(tw);
        free(rot);
        return n + 1;  // out of memory: reported as not converged
    }
    double *d = dw, *e = dw + n, *tau = dw + 2 * n;
    T *ec = tw, *work = tw + n, *phase = tw + 5 * n;  // work: 4n
    eigh_tridiagonalize(a, n, d, ec, tau, work);
    // D: phases making the subdiagonal real and >= 0
    set_real(phase, 1.0);
    for (int64_t k = 0; k + 1 < n; ++k) {
        const double size = eigh_abs(ec[k]);
        e[k] = size;
        phase[k + 1] = size != 0 ? mul(phase[k], scale_down(ec[k], size)) : phase[k];
    }
    e[n - 1] = 0;
    const int64_t len = n * int64_t(sizeof(T) / sizeof(double));
    if (u != nullptr) {
        eigh_form_qt(a, n, tau, u);
        for (int64_t j = 1; j < n; ++j) {
            T *row = u + j * n;
            const T f = phase[j];
            for (int64_t c = 0; c < n; ++c) row[c] = mul(row[c], f);
        }
    }
    const int64_t info =
        eigh_tridiagonal_ql(d, e, n, reinterpret_cast<double *>(u), len, rot, nthreads);
    for (int64_t i = 0; i + 1 < n; ++i) {  // selection sort, ascending
        int64_t k = i;
        for (int64_t j = i + 1; j < n; ++j)
            if (d[j] < d[k]) k = j;
        if (k != i) {
            const double t = d[i];
            d[i] = d[k];
            d[k] = t;
            if (u != nullptr) swap_rows(u + i * n, u + k * n, n);
        }
    }
    for (int64_t i = 0; i < n; ++i) w[i] = ldexp(d[i], exponent);
    if (u != nullptr)  // u = zt^T
        for (int64_t r = 0; r < n; ++r)
            for (int64_t c = r + 1; c < n; ++c) {
                const T t = u[r * n + c];
                u[r * n + c] = u[c * n + r];
                u[c * n + r] = t;
            }
    free(dw);
    free(tw);
    free(rot);
    return info;
}
