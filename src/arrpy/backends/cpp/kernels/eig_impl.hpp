// General eigen-decomposition (abi.h ARRPY_EIG). Included by factor_impl.hpp inside its
// namespace, after the element helpers (cplx, mul, conj_mul, ...): the same rules apply (no
// library templates, no inline functions of shared headers). Every name here starts with eig_
// (the other decompositions share the namespace).
//
// The algorithm of LAPACK's geev / EISPACK's hqr2 and comqr2, the same as the python backend's
// eigen_general.py (the specification, which has the details):
//   0. A matrix with its largest entry outside [sqrt(tiny) / eps, its reciprocal] scaled by a
//      power of 2 (geev's dlascl). Balancing (gebal, job 'B' as NumPy's geev): permutations
//      isolating eigenvalues, then power-of-2 scaling; undone on the eigenvectors before their
//      normalisation.
//   1. Householder reduction to upper Hessenberg form H = Q^H A Q (gehrd; reflectors
//      P = I - 2 v v^H / (v^H v) applied from the left by row updates and from the right by
//      row dot products / axpys), Q accumulated backwards (orghr).
//   2. float64: Francis double-shift implicit QR in real arithmetic (hqr2, Golub & Van Loan 7.5)
//      to the quasi-triangular real Schur form, 2 x 2 blocks for complex pairs (real eigenvalues
//      stay exactly real); complex128: single-shift complex QR (comqr2 / zlahqr) with the
//      Wilkinson shift and exceptional shifts at 10 and 20 iterations, bulge chased by complex
//      Givens rotations. At most 30 n QR steps per matrix, then info > 0 (nan / inf terminate).
//   3. Eigenvectors: back substitution on the Schur form (hqr2's; ztrevc's for the triangular
//      complex T), multiplied by Z; unit 2-norm; a complex vector is turned so that its
//      largest-magnitude component is real and positive, a real one stays real.
// Row-major layout: the accumulated Z (and Q) is kept TRANSPOSED in workspace (zt row k =
// column k of Z), so that the rotations and reflections acting on Z's columns, and the back
// transformation, are contiguous row operations the compiler vectorises. The column
// modifications of H itself touch at most a few rows per step (strided, O(n) each).

inline double eig_conj(double x) { return x; }
inline cplx eig_conj(cplx x) { return cplx{x.re, -x.im}; }
inline double eig_modulus(double x) { return fabs(x); }
inline double eig_modulus(cplx x) { return hypot(x.re, x.im); }
inline double eig_times(double x, double f) { return x * f; }
inline cplx eig_times(cplx x, double f) { return cplx{x.re * f, x.im * f}; }
inline double eig_plus(double x, double y) { return x + y; }
inline cplx eig_plus(cplx x, cplx y) { return cplx{x.re + y.re, x.im + y.im}; }
inline double eig_one(double) { return 1.0; }
inline cplx eig_one(cplx) { return cplx{1.0, 0.0}; }
inline bool eig_finite(double x) { return x - x == 0; }
inline double eig_ldexp(double x, int e) { return ldexp(x, e); }
inline cplx eig_ldexp(cplx x, int e) { return cplx{ldexp(x.re, e), ldexp(x.im, e)}; }
inline bool eig_finite(cplx x) { return x.re - x.re == 0 && x.im - x.im == 0; }

const double EIG_EPS = 2.220446049250313e-16;  // 2^-52
const double EIG_TINY = 2.2250738585072014e-308;

// 0. Balancing (LAPACK gebal, job 'B' as NumPy's geev): the python backend's balance() has the
// details. Permutations isolating eigenvalues (recorded in swaps, pairs (i, j) in order), then
// scaling of rows / columns by powers of 2 (exact); A <- D^-1 P^T A P D. Returns the number of
// swaps.
template <class T>
void eig_exchange(T *a, int64_t n, int64_t i, int64_t j) {
    for (int64_t k = 0; k < n; ++k) {
        const T t = a[i * n + k];
        a[i * n + k] = a[j * n + k];
        a[j * n + k] = t;
    }
    for (int64_t k = 0; k < n; ++k) {
        const T t = a[k * n + i];
        a[k * n + i] = a[k * n + j];
        a[k * n + j] = t;
    }
}

template <class T>
int64_t eig_balance(T *a, int64_t n, int64_t *swaps, double *scale) {
    int64_t count = 0, low = 0, high = n - 1;
    bool found = true;
    while (found && high > 0) {  // rows isolating an eigenvalue -> the bottom
        found = false;
        for (int64_t i = high; i >= 0 && !found; --i) {
            bool isolated = true;
            for (int64_t j = 0; j <= high && isolated; ++j)
                if (j != i && !is_zero(a[i * n + j])) isolated = false;
            if (!isolated) continue;
            if (i != high) {
                eig_exchange(a, n, i, high);
                swaps[2 * count] = i, swaps[2 * count + 1] = high, ++count;
            }
            --high;
            found = true;
        }
    }
    found = true;
    while (found) {  // columns isolating an eigenvalue -> the top
        found = false;
        for (int64_t j = low; j <= high && !found; ++j) {
            bool isolated = true;
            for (int64_t i = low; i <= high && isolated; ++i)
                if (i != j && !is_zero(a[i * n + j])) isolated = false;
            if (!isolated) continue;
            if (j != low) {
                eig_exchange(a, n, j, low);
                swaps[2 * count] = j, swaps[2 * count + 1] = low, ++count;
            }
            ++low;
            found = true;
        }
    }
    const double sfmin1 = EIG_TINY / EIG_EPS, sfmax1 = 1 / sfmin1, sfmin2 = sfmin1 * 2,
                 sfmax2 = 1 / sfmin2;
    for (int64_t i = 0; i < n; ++i) scale[i] = 1.0;
    for (int sweep = 0; sweep < 100; ++sweep) {
        bool converged = true;
        for (int64_t i = low; i <= high; ++i) {
            double c = 0, r = 0, ca = 0, ra = 0;
            for (int64_t k = low; k <= high; ++k) c += abs2(a[k * n + i]), r += abs2(a[i * n + k]);
            c = sqrt(c);
            r = sqrt(r);
            if (c == 0 || r == 0) continue;
            for (int64_t k = 0; k <= high; ++k) ca = fmax(ca, eig_modulus(a[k * n + i]));
            for (int64_t k = low; k < n; ++k) ra = fmax(ra, eig_modulus(a[i * n + k]));
            double g = r / 2, f = 1.0;
            const double s = c + r;
            while (c < g && fmax(f, fmax(c, ca)) < sfmax2 && fmin(r, fmin(g, ra)) > sfmin2) {
                f *= 2, c *= 2, ca *= 2, r /= 2, g /= 2, ra /= 2;
            }
            g = c / 2;
            while (g >= r && fmax(r, ra) < sfmax2 && fmin(fmin(f, c), fmin(g, ca)) > sfmin2) {
                f /= 2, c /= 2, g /= 2, ca /= 2, r *= 2, ra *= 2;
            }
            if (c + r >= 0.95 * s) continue;
            if (f < 1 && scale[i] < 1 && f * scale[i] <= sfmin1) continue;
            if (f > 1 && scale[i] > 1 && scale[i] >= sfmax1 / f) continue;
            scale[i] *= f;
            converged = false;
            const double inv = 1.0 / f;  // powers of 2: exact
            for (int64_t k = 0; k < n; ++k) a[i * n + k] = eig_times(a[i * n + k], inv);
            for (int64_t k = 0; k < n; ++k) a[k * n + i] = eig_times(a[k * n + i], f);
        }
        if (converged) break;
    }
    return count;
}

// The balancing undone on an eigenvector of the balanced matrix: v = P D v'.
struct EigBalance {
    const int64_t *swaps;
    int64_t count;
    const double *scale;
};

inline void eig_unbalance(cplx *col, int64_t n, const EigBalance &b) {
    for (int64_t i = 0; i < n; ++i) col[i] = eig_times(col[i], b.scale[i]);
    for (int64_t k = b.count - 1; k >= 0; --k) {
        const int64_t i = b.swaps[2 * k], j = b.swaps[2 * k + 1];
        const cplx t = col[i];
        col[i] = col[j];
        col[j] = t;
    }
}

// 1. Hessenberg reduction of a (n x n), in place, zeros below the subdiagonal. vs (n x n) and
// beta (n) keep the reflectors, tmp (n) is scratch. If qt != nullptr it receives Q^T.
template <class T>
void eig_hessenberg(T *a, int64_t n, T *qt, T *vs, double *beta, T *tmp) {
    for (int64_t j = 0; j + 2 < n; ++j) {
        const int64_t len = n - j - 1;
        T *v = vs + j * n;
        double size = 0;
        bool rest_zero = true;
        for (int64_t i = 0; i < len; ++i) {
            v[i] = a[(j + 1 + i) * n + j];
            size = fmax(size, eig_modulus(v[i]));
            if (i > 0 && !is_zero(v[i])) rest_zero = false;
        }
        if (rest_zero) {  // already Hessenberg in this column: P = I
            beta[j] = 0;
            continue;
        }
        // P depends on v's direction only: x scaled by its largest entry, so that the sums of
        // squares neither underflow nor overflow
        double norm2 = 0;
        for (int64_t i = 0; i < len; ++i) {
            v[i] = eig_times(v[i], 1.0 / size);
            norm2 += abs2(v[i]);
        }
        const double norm = sqrt(norm2);
        const T alpha = v[0];
        const double aa = eig_modulus(alpha);
        const T phase = aa != 0 ? eig_times(alpha, 1.0 / aa) : eig_one(alpha);
        v[0] = eig_plus(alpha, eig_times(phase, norm));
        double vn2 = 0;
        for (int64_t i = 0; i < len; ++i) vn2 += abs2(v[i]);
        const double b = 2.0 / vn2;
        beta[j] = b;
        // left, rows j+1.., columns j..: A <- A - b v (v^H A)
        for (int64_t c = j; c < n; ++c) set_zero(tmp + c);
        for (int64_t i = 0; i < len; ++i) {
            const T f = eig_conj(v[i]);
            const T *row = a + (j + 1 + i) * n;
            for (int64_t c = j; c < n; ++c) tmp[c] = eig_plus(tmp[c], mul(f, row[c]));
        }
        for (int64_t i = 0; i < len; ++i)
            axpy_sub(a + (j + 1 + i) * n + j, tmp + j, eig_times(v[i], b), n - j);
        // right, every row, columns j+1..: A <- A - b (A v) v^H
        for (int64_t r = 0; r < n; ++r) {
            T *row = a + r * n + j + 1;
            T s;
            set_zero(&s);
            for (int64_t i = 0; i < len; ++i) s = eig_plus(s, mul(row[i], v[i]));
            const T f = eig_times(s, b);
            for (int64_t i = 0; i < len; ++i) row[i] = sub(row[i], conj_mul(f, v[i]));
        }
        for (int64_t i = j + 2; i < n; ++i) set_zero(a + i * n + j);
    }
    if (!qt) return;
    // Q = P_0 ... P_{n-3}, backwards: Q[j+1:, j+1:] <- P_j Q[j+1:, j+1:]; then transposed
    T *q = qt;  // Q built in qt, transposed at the end
    for (int64_t r = 0; r < n; ++r)
        for (int64_t c = 0; c < n; ++c) {
            set_zero(q + r * n + c);
            if (r == c) set_real(q + r * n + c, 1.0);
        }
    for (int64_t j = n - 3; j >= 0; --j) {
        if (beta[j] == 0) continue;
        const int64_t len = n - j - 1;
        const T *v = vs + j * n;
        for (int64_t c = j + 1; c < n; ++c) set_zero(tmp + c);
        for (int64_t i = 0; i < len; ++i) {
            const T f = eig_conj(v[i]);
            const T *row = q + (j + 1 + i) * n;
            for (int64_t c = j + 1; c < n; ++c) tmp[c] = eig_plus(tmp[c], mul(f, row[c]));
        }
        for (int64_t i = 0; i < len; ++i)
            axpy_sub(q + (j + 1 + i) * n + j + 1, tmp + j + 1, eig_times(v[i], beta[j]), len);
    }
    for (int64_t r = 0; r < n; ++r)
        for (int64_t c = r + 1; c < n; ++c) {
            const T t = q[r * n + c];
            q[r * n + c] = q[c * n + r];
            q[c * n + r] = t;
        }
}

// Unit 2-norm for the vector col (n); unless keep_real, times the phase that makes its
// largest-magnitude entry real and positive (that entry's imaginary part set to exactly 0).
inline void eig_normalise(cplx *col, int64_t n, bool keep_real) {
    double norm2 = 0, big = -1;
    int64_t at = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double m2 = abs2(col[i]);
        norm2 += m2;
        if (m2 > big) big = m2, at = i;
    }
    const double norm = sqrt(norm2);
    if (!(norm > 0) || norm - norm != 0) return;  // zero, nan or inf: left as it is
    if (keep_real) {
        for (int64_t i = 0; i < n; ++i) col[i] = cplx{col[i].re / norm, 0.0};
        return;
    }
    const double mod = sqrt(big);
    const cplx phase = {col[at].re / mod / norm, -col[at].im / mod / norm};
    for (int64_t i = 0; i < n; ++i) col[i] = mul(col[i], phase);
    col[at].im = 0.0;
}

inline void eig_cdiv(double xr, double xi, double yr, double yi, double *re, double *im) {
    if (fabs(yr) > fabs(yi)) {
        const double r = yi / yr, d = yr + r * yi;
        *re = (xr + r * xi) / d;
        *im = (xi - r * xr) / d;
    } else {
        const double r = yr / yi, d = yi + r * yr;
        *re = (r * xr + xi) / d;
        *im = (r * xi - xr) / d;
    }
}

// 2a. hqr2 on the Hessenberg h (nn x nn): d + i e the eigenvalues; vt (or nullptr) = V^T on
// entry (Q^T), accumulated. Returns info (0, or the number of eigenvalues not found).
int64_t eig_hqr2(double *h, int64_t nn, double *d, double *e, double *vt, double *normp) {
#define H(i, j) h[(i) * nn + (j)]
    double norm = 0;
    for (int64_t i = 0; i < nn; ++i)
        for (int64_t j = (i > 0 ? i - 1 : 0); j < nn; ++j) norm += fabs(H(i, j));
    *normp = norm;
    int64_t n = nn - 1, iteration = 0, total = 0;
    const int64_t limit = 30 * nn;
    double exshift = 0, p = 0, q = 0, r = 0, s = 0, z = 0, w, x, y;
    while (n >= 0) {
        int64_t low = n;
        while (low > 0) {
            s = fabs(H(low - 1, low - 1)) + fabs(H(low, low));
            if (s == 0) s = norm;
            if (fabs(H(low, low - 1)) <= EIG_EPS * s) break;
            --low;
        }
        if (low == n) {  // one root
            H(n, n) += exshift;
            d[n] = H(n, n);
            e[n] = 0;
            --n;
            iteration = 0;
        } else if (low == n - 1) {  // two roots
            w = H(n, n - 1) * H(n - 1, n);
            p = (H(n - 1, n - 1) - H(n, n)) / 2.0;
            q = p * p + w;
            z = sqrt(fabs(q));
            H(n, n) += exshift;
            H(n - 1, n - 1) += exshift;
            x = H(n, n);
            if (q >= 0) {  // a real pair
                z = p >= 0 ? p + z : p - z;
                d[n - 1] = x + z;
                d[n] = d[n - 1];
                if (z != 0) d[n] = x - w / z;
                e[n - 1] = 0;
                e[n] = 0;
                if (vt) {  // (values only: nothing else reads the rotated block)
                    x = H(n, n - 1);
                    s = fabs(x) + fabs(z);
                    p = x / s;
                    q = z / s;
                    r = sqrt(p * p + q * q);
                    p /= r;
                    q /= r;
                    for (int64_t j = n - 1; j < nn; ++j) {
                        z = H(n - 1, j);
                        H(n - 1, j) = q * z + p * H(n, j);
                        H(n, j) = q * H(n, j) - p * z;
                    }
                    for (int64_t i = 0; i <= n; ++i) {
                        z = H(i, n - 1);
                        H(i, n - 1) = q * z + p * H(i, n);
                        H(i, n) = q * H(i, n) - p * z;
                    }
                    double *v0 = vt + (n - 1) * nn, *v1 = vt + n * nn;
                    for (int64_t i = 0; i < nn; ++i) {
                        const double t = v0[i];
                        v0[i] = q * t + p * v1[i];
                        v1[i] = q * v1[i] - p * t;
                    }
                }
            } else {  // a complex pair, positive imaginary part first
                d[n - 1] = x + p;
                d[n] = x + p;
                e[n - 1] = z;
                e[n] = -z;
            }
            n -= 2;
            iteration = 0;
        } else {  // a double-shift QR step
            if (total >= limit) return n + 1;
            x = H(n, n);
            y = H(n - 1, n - 1);
            w = H(n, n - 1) * H(n - 1, n);
            if (iteration == 10) {  // Wilkinson's original ad hoc shift
                exshift += x;
                for (int64_t i = 0; i <= n; ++i) H(i, i) -= x;
                s = fabs(H(n, n - 1)) + fabs(H(n - 1, n - 2));
                x = y = 0.75 * s;
                w = -0.4375 * s * s;
            }
            if (iteration == 30) {  // MATLAB's ad hoc shift
                s = (y - x) / 2.0;
                s = s * s + w;
                if (s > 0) {
                    s = sqrt(s);
                    if (y < x) s = -s;
                    s = x - w / ((y - x) / 2.0 + s);
                    for (int64_t i = 0; i <= n; ++i) H(i, i) -= s;
                    exshift += s;
                    x = y = w = 0.964;
                }
            }
            ++iteration;
            ++total;
            int64_t m = n - 2;
            while (m >= low) {
                z = H(m, m);
                r = x - z;
                s = y - z;
                p = (r * s - w) / H(m + 1, m) + H(m, m + 1);
                q = H(m + 1, m + 1) - z - r - s;
                r = H(m + 2, m + 1);
                s = fabs(p) + fabs(q) + fabs(r);
                p /= s;
                q /= s;
                r /= s;
                if (m == low) break;
                if (fabs(H(m, m - 1)) * (fabs(q) + fabs(r)) <
                    EIG_EPS * (fabs(p) * (fabs(H(m - 1, m - 1)) + fabs(z) + fabs(H(m + 1, m + 1)))))
                    break;
                --m;
            }
            for (int64_t i = m + 2; i <= n; ++i) {
                H(i, i - 2) = 0;
                if (i > m + 2) H(i, i - 3) = 0;
            }
            for (int64_t k = m; k <= n - 1; ++k) {
                const bool notlast = k != n - 1;
                if (k != m) {
                    p = H(k, k - 1);
                    q = H(k + 1, k - 1);
                    r = notlast ? H(k + 2, k - 1) : 0.0;
                    x = fabs(p) + fabs(q) + fabs(r);
                    if (x == 0) continue;
                    p /= x;
                    q /= x;
                    r /= x;
                }
                s = sqrt(p * p + q * q + r * r);
                if (p < 0) s = -s;
                if (s != 0) {
                    if (k != m)
                        H(k, k - 1) = -s * x;
                    else if (low != m)
                        H(k, k - 1) = -H(k, k - 1);
                    p += s;
                    x = p / s;
                    y = q / s;
                    z = r / s;
                    q /= p;
                    r /= p;
                    double *r0 = h + k * nn, *r1 = r0 + nn, *r2 = r1 + nn;
                    // row and column modification (values only: the active block's)
                    const int64_t right = vt ? nn : n + 1;
                    if (notlast) {
                        for (int64_t j = k; j < right; ++j) {
                            const double t = r0[j] + q * r1[j] + r * r2[j];
                            r2[j] -= t * z;
                            r0[j] -= t * x;
                            r1[j] -= t * y;
                        }
                    } else {
                        for (int64_t j = k; j < right; ++j) {
                            const double t = r0[j] + q * r1[j];
                            r0[j] -= t * x;
                            r1[j] -= t * y;
                        }
                    }
                    const int64_t top = n < k + 3 ? n : k + 3;
                    for (int64_t i = vt ? 0 : low; i <= top; ++i) {
                        double *row = h + i * nn + k;
                        double t = x * row[0] + y * row[1];
                        if (notlast) {
                            t += z * row[2];
                            row[2] -= t * r;
                        }
                        row[0] -= t;
                        row[1] -= t * q;
                    }
                    if (vt) {
                        double *v0 = vt + k * nn, *v1 = v0 + nn, *v2 = v1 + nn;
                        if (notlast) {
                            for (int64_t i = 0; i < nn; ++i) {
                                const double t = x * v0[i] + y * v1[i] + z * v2[i];
                                v2[i] -= t * r;
                                v0[i] -= t;
                                v1[i] -= t * q;
                            }
                        } else {
                            for (int64_t i = 0; i < nn; ++i) {
                                const double t = x * v0[i] + y * v1[i];
                                v0[i] -= t;
                                v1[i] -= t * q;
                            }
                        }
                    }
                }
            }
        }
    }
    return 0;
#undef H
}

// 3a. hqr2's back substitution: the upper triangle of the quasi-triangular h becomes the
// eigenvectors of T (columns n - 1, n the real and imaginary parts of a pair's vector).
void eig_real_back_substitute(double *h, int64_t nn, const double *d, const double *e,
                              double norm) {
#define H(i, j) h[(i) * nn + (j)]
    for (int64_t n = nn - 1; n >= 0; --n) {
        double p = d[n], q = e[n], r = 0, s = 0, z = 0, t, w, x, y;
        if (q == 0) {  // real vector
            int64_t low = n;
            H(n, n) = 1.0;
            for (int64_t i = n - 1; i >= 0; --i) {
                w = H(i, i) - p;
                r = 0;
                for (int64_t j = low; j <= n; ++j) r += H(i, j) * H(j, n);
                if (e[i] < 0) {
                    z = w;
                    s = r;
                } else {
                    low = i;
                    if (e[i] == 0) {
                        H(i, n) = w != 0 ? -r / w : -r / (EIG_EPS * norm);
                    } else {
                        x = H(i, i + 1);
                        y = H(i + 1, i);
                        q = (d[i] - p) * (d[i] - p) + e[i] * e[i];
                        t = (x * s - z * r) / q;
                        H(i, n) = t;
                        H(i + 1, n) = fabs(x) > fabs(z) ? (-r - w * t) / x : (-s - y * t) / z;
                    }
                    t = fabs(H(i, n));
                    if ((EIG_EPS * t) * t > 1)
                        for (int64_t j = i; j <= n; ++j) H(j, n) /= t;
                }
            }
        } else if (q < 0) {  // complex vector
            int64_t low = n - 1;
            if (fabs(H(n, n - 1)) > fabs(H(n - 1, n))) {
                H(n - 1, n - 1) = q / H(n, n - 1);
                H(n - 1, n) = -(H(n, n) - p) / H(n, n - 1);
            } else {
                eig_cdiv(0.0, -H(n - 1, n), H(n - 1, n - 1) - p, q, &H(n - 1, n - 1),
                         &H(n - 1, n));
            }
            H(n, n - 1) = 0;
            H(n, n) = 1;
            for (int64_t i = n - 2; i >= 0; --i) {
                double ra = 0, sa = 0, vr, vi;
                for (int64_t j = low; j <= n; ++j) {
                    ra += H(i, j) * H(j, n - 1);
                    sa += H(i, j) * H(j, n);
                }
                w = H(i, i) - p;
                if (e[i] < 0) {
                    z = w;
                    r = ra;
                    s = sa;
                } else {
                    low = i;
                    if (e[i] == 0) {
                        eig_cdiv(-ra, -sa, w, q, &H(i, n - 1), &H(i, n));
                    } else {
                        x = H(i, i + 1);
                        y = H(i + 1, i);
                        vr = (d[i] - p) * (d[i] - p) + e[i] * e[i] - q * q;
                        vi = (d[i] - p) * 2.0 * q;
                        if (vr == 0 && vi == 0)
                            vr = EIG_EPS * norm * (fabs(w) + fabs(q) + fabs(x) + fabs(y) + fabs(z));
                        eig_cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi,
                                 &H(i, n - 1), &H(i, n));
                        if (fabs(x) > fabs(z) + fabs(q)) {
                            H(i + 1, n - 1) = (-ra - w * H(i, n - 1) + q * H(i, n)) / x;
                            H(i + 1, n) = (-sa - w * H(i, n) - q * H(i, n - 1)) / x;
                        } else {
                            eig_cdiv(-r - y * H(i, n - 1), -s - y * H(i, n), z, q,
                                     &H(i + 1, n - 1), &H(i + 1, n));
                        }
                    }
                    t = fmax(fabs(H(i, n - 1)), fabs(H(i, n)));
                    if ((EIG_EPS * t) * t > 1)
                        for (int64_t j = i; j <= n; ++j) {
                            H(j, n - 1) /= t;
                            H(j, n) /= t;
                        }
                }
            }
        }
    }
#undef H
}

// float64 input: hqr2 and its eigenvectors.
int64_t eig_real(double *a, int64_t n, cplx *w, cplx *u, const EigBalance &bal) {
    const int64_t nn = n * n;
    double *work = static_cast<double *>(malloc(sizeof(double) * ((u ? 2 * nn : nn) + 6 * n)));
    if (!work) return n;
    double *vs = work, *d = vs + nn, *e = d + n, *beta = e + n, *tmp = beta + n,
           *col = tmp + n;  // col: 2n doubles (n complex)
    double *vt = u ? col + 2 * n : nullptr;
    eig_hessenberg(a, n, vt, vs, beta, tmp);
    double norm = 0;
    const int64_t info = eig_hqr2(a, n, d, e, vt, &norm);
    for (int64_t j = 0; j < n; ++j) w[j] = cplx{d[j], e[j]};
    if (info || !u) {
        free(work);
        return info;
    }
    if (norm != 0) {
        eig_real_back_substitute(a, n, d, e, norm);
        // V <- V X (X upper triangular, in a): in the transpose, row j of vt becomes
        // sum_{k <= j} a[k][j] vt[k], rows taken from the last down (in place)
        for (int64_t j = n - 1; j >= 0; --j) {
            double *target = vt + j * n;
            const double f = a[j * n + j];
            for (int64_t i = 0; i < n; ++i) target[i] *= f;
            for (int64_t k = 0; k < j; ++k) {
                const double g = a[k * n + j];
                if (g != 0) axpy_sub(target, vt + k * n, -g, n);
            }
        }
    }
    cplx *c = reinterpret_cast<cplx *>(col);
    for (int64_t j = 0; j < n; ++j) {
        const double *re = vt + j * n;
        if (e[j] > 0 && j + 1 < n) {
            const double *im = re + n;
            for (int64_t i = 0; i < n; ++i) c[i] = cplx{re[i], im[i]};
            eig_unbalance(c, n, bal);
            eig_normalise(c, n, false);
            for (int64_t i = 0; i < n; ++i) {
                u[i * n + j] = c[i];
                u[i * n + j + 1] = cplx{c[i].re, -c[i].im};
            }
            ++j;
        } else {
            for (int64_t i = 0; i < n; ++i) c[i] = cplx{re[i], 0.0};
            eig_unbalance(c, n, bal);
            eig_normalise(c, n, true);
            for (int64_t i = 0; i < n; ++i) u[i * n + j] = c[i];
        }
    }
    free(work);
    return 0;
}

// 2b. Complex single-shift QR helpers.
inline double eig_mag(cplx z) { return fabs(z.re) + fabs(z.im); }

inline cplx eig_csqrt(cplx z) {
    const double r = hypot(z.re, z.im);
    if (r == 0) return cplx{0.0, 0.0};
    if (z.re >= 0) {
        const double t = sqrt((r + z.re) / 2);
        return cplx{t, z.im / (2 * t)};
    }
    const double t = sqrt((r - z.re) / 2);
    return cplx{fabs(z.im) / (2 * t), copysign(t, z.im)};
}

// c real, s complex with [c s; -conj(s) c] [f; g] = [r; 0].
inline void eig_givens(cplx f, cplx g, double *c, cplx *s, cplx *r) {
    if (g.re == 0 && g.im == 0) {
        *c = 1;
        *s = cplx{0.0, 0.0};
        *r = f;
        return;
    }
    if (f.re == 0 && f.im == 0) {
        const double ag = hypot(g.re, g.im);
        *c = 0;
        *s = cplx{g.re / ag, -g.im / ag};
        *r = cplx{ag, 0.0};
        return;
    }
    const double af = hypot(f.re, f.im), norm = hypot(af, hypot(g.re, g.im));
    const cplx phase = {f.re / af, f.im / af};
    *c = af / norm;
    *s = eig_times(conj_mul(phase, g), 1.0 / norm);
    *r = eig_times(phase, norm);
}

// complex128 input: single-shift QR to the Schur form, ztrevc-like vectors.
int64_t eig_complex(cplx *h, int64_t n, cplx *w, cplx *u, const EigBalance &bal) {
    const int64_t nn = n * n;
    cplx *work = static_cast<cplx *>(malloc(sizeof(cplx) * ((u ? 2 * nn : nn) + 3 * n)));
    if (!work) return n;
    cplx *vs = work, *tmp = vs + nn, *col = tmp + n;
    double *beta = reinterpret_cast<double *>(col + n);
    cplx *zt = u ? col + 2 * n : nullptr;
    eig_hessenberg(h, n, zt, vs, beta, tmp);
#define H(i, j) h[(i) * n + (j)]
    double norm = 0;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = (i > 0 ? i - 1 : 0); j < n; ++j) norm += eig_mag(H(i, j));
    int64_t hi = n - 1, iteration = 0, total = 0;
    const int64_t limit = 30 * n;
    while (hi >= 0) {
        int64_t low = hi;
        while (low > 0) {
            double s = eig_mag(H(low - 1, low - 1)) + eig_mag(H(low, low));
            if (s == 0) s = norm;
            if (eig_mag(H(low, low - 1)) <= EIG_EPS * s) {
                set_zero(&H(low, low - 1));
                break;
            }
            --low;
        }
        if (low == hi) {
            --hi;
            iteration = 0;
            continue;
        }
        if (total >= limit) {
            for (int64_t i = 0; i < n; ++i) w[i] = H(i, i);
            free(work);
            return hi + 1;
        }
        ++iteration;
        ++total;
        cplx shift;
        if (iteration == 10) {
            shift = H(low, low);
            shift.re += 0.75 * fabs(H(low + 1, low).re);
        } else if (iteration == 20) {
            shift = H(hi, hi);
            shift.re += 0.75 * fabs(H(hi, hi - 1).re);
        } else {  // Wilkinson: the eigenvalue of the trailing 2 x 2 block nearer H(hi, hi)
            const cplx a = H(hi - 1, hi - 1), b = H(hi - 1, hi), c = H(hi, hi - 1), dd = H(hi, hi);
            const cplx half = eig_times(sub(a, dd), 0.5);
            cplx disc = eig_csqrt(eig_plus(mul(half, half), mul(b, c)));
            if (eig_mag(sub(half, disc)) > eig_mag(eig_plus(half, disc)))
                disc = cplx{-disc.re, -disc.im};
            shift = sub(eig_plus(dd, half), disc);
        }
        const int64_t first = u ? 0 : low, last = u ? n : hi + 1;
        cplx f = sub(H(low, low), shift), g = H(low + 1, low);
        for (int64_t k = low; k < hi; ++k) {
            if (k > low) {
                f = H(k, k - 1);
                g = H(k + 1, k - 1);
            }
            double c;
            cplx s, r;
            eig_givens(f, g, &c, &s, &r);
            if (k > low) {
                H(k, k - 1) = r;
                set_zero(&H(k + 1, k - 1));
            }
            const cplx sc = eig_conj(s);
            cplx *r0 = h + k * n, *r1 = r0 + n;
            for (int64_t j = k; j < last; ++j) {
                const cplx x = r0[j], y = r1[j];
                r0[j] = eig_plus(eig_times(x, c), mul(s, y));
                r1[j] = sub(eig_times(y, c), mul(sc, x));
            }
            const int64_t bottom = k + 2 < hi ? k + 2 : hi;
            for (int64_t i = first; i <= bottom; ++i) {
                const cplx x = H(i, k), y = H(i, k + 1);
                H(i, k) = eig_plus(eig_times(x, c), mul(sc, y));
                H(i, k + 1) = sub(eig_times(y, c), mul(s, x));
            }
            if (zt) {
                cplx *z0 = zt + k * n, *z1 = z0 + n;
                for (int64_t i = 0; i < n; ++i) {
                    const cplx x = z0[i], y = z1[i];
                    z0[i] = eig_plus(eig_times(x, c), mul(sc, y));
                    z1[i] = sub(eig_times(y, c), mul(s, x));
                }
            }
        }
    }
    for (int64_t i = 0; i < n; ++i) w[i] = H(i, i);
    if (!u) {
        free(work);
        return 0;
    }
    // T's eigenvector k in x (entries 0..k), then column k of u = sum_j x[j] Z[:, j]
    cplx *x = vs;  // the reflectors are no longer needed
    const double small = EIG_TINY * n / EIG_EPS;
    for (int64_t k = 0; k < n; ++k) {
        const cplx lam = H(k, k);
        const double smin = fmax(EIG_EPS * eig_mag(lam), small);
        x[k] = cplx{1.0, 0.0};
        for (int64_t i = k - 1; i >= 0; --i) {
            cplx t = {0.0, 0.0};
            const cplx *row = h + i * n;
            for (int64_t j = i + 1; j <= k; ++j) t = eig_plus(t, mul(row[j], x[j]));
            cplx den = sub(row[i], lam);
            if (eig_mag(den) < smin) den = cplx{smin, 0.0};
            const cplx v = divide(t, den);
            x[i] = cplx{-v.re, -v.im};
            const double size = eig_mag(x[i]);
            if (size > 1e100)
                for (int64_t j = i; j <= k; ++j) x[j] = eig_times(x[j], 1.0 / size);
        }
        for (int64_t i = 0; i < n; ++i) set_zero(col + i);
        for (int64_t j = 0; j <= k; ++j) {
            const cplx xj = x[j];
            const cplx *zj = zt + j * n;
            for (int64_t i = 0; i < n; ++i) col[i] = eig_plus(col[i], mul(xj, zj[i]));
        }
        eig_unbalance(col, n, bal);
        eig_normalise(col, n, false);
        for (int64_t i = 0; i < n; ++i) u[i * n + k] = col[i];
    }
#undef H
    free(work);
    return 0;
}

inline int64_t eig_run(double *a, int64_t n, cplx *w, cplx *u, const EigBalance &b) {
    return eig_real(a, n, w, u, b);
}
inline int64_t eig_run(cplx *a, int64_t n, cplx *w, cplx *u, const EigBalance &b) {
    return eig_complex(a, n, w, u, b);
}

// w: n complex eigenvalues; u: n x n complex eigenvectors as columns, or nullptr. Returns info.
template <class T>
int64_t eig_matrix(T *a, int64_t n, cplx *w, cplx *u, int nthreads) {
    (void)nthreads;  // one matrix runs on one thread (batches are split over threads)
    for (int64_t i = 0; i < n * n; ++i)
        if (!eig_finite(a[i])) {  // nan or inf: nothing converges (the front end rejects it)
            const cplx nan = {NAN, NAN};
            for (int64_t j = 0; j < n; ++j) w[j] = nan;
            if (u)
                for (int64_t j = 0; j < n * n; ++j) u[j] = nan;
            return n;
        }
    // geev: a largest entry outside [sqrt(tiny) / eps, its reciprocal] is scaled (by a power
    // of 2, exactly) to near 1; the eigenvalues are scaled back
    const double smlnum = sqrt(EIG_TINY) / EIG_EPS, bignum = 1 / smlnum;
    double largest = 0;
    for (int64_t i = 0; i < n * n; ++i) largest = fmax(largest, eig_modulus(a[i]));
    int shift = 0;
    if ((largest > 0 && largest < smlnum) || largest > bignum) {
        frexp(largest, &shift);
        shift = -shift;
        for (int64_t i = 0; i < n * n; ++i) a[i] = eig_ldexp(a[i], shift);
    }
    double *scale = static_cast<double *>(malloc(sizeof(double) * 3 * n));
    if (!scale) return n;
    int64_t *swaps = reinterpret_cast<int64_t *>(scale + n);
    const EigBalance bal = {swaps, eig_balance(a, n, swaps, scale), scale};
    const int64_t info = eig_run(a, n, w, u, bal);
    free(scale);
    if (shift)
        for (int64_t j = 0; j < n; ++j) w[j] = eig_ldexp(w[j], -shift);
    return info;
}
